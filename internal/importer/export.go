package importer

import (
	"context"
	"os"
	"path/filepath"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// Export writes the households of a region in the national format to an xlsx file at path:
// the member table and the income table, which Stage reads back into the same registry. The
// file is written to a temporary name beside path and renamed when complete, so that a failed
// export leaves no half-written file. ID numbers and phones are written unmasked: the caller
// checks that the user may see them, and audits the export.
func Export(ctx context.Context, db *store.DB, tree *region.Tree, scope region.Code, path string, progress func(done int)) (nationalfmt.WriteStats, error) {
	w, err := nationalfmt.NewWriter(nationalfmt.NamesFrom(tree))
	if err != nil {
		return nationalfmt.WriteStats{}, err
	}
	defer w.Close()
	n := 0
	err = store.NewRegistry(db).Scan(ctx, scope, func(a *registry.Aggregate) error {
		if err := w.Write(a); err != nil {
			return err
		}
		if n++; n%2000 == 0 && progress != nil {
			progress(n)
		}
		return ctx.Err()
	})
	if err != nil {
		return w.Stats(), err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gonggu-export-*.xlsx")
	if err != nil {
		return w.Stats(), errs.Wrap(err, errs.Invalid, "无法在「%s」写入文件", filepath.Dir(path))
	}
	defer os.Remove(tmp.Name())
	if _, err := w.WriteTo(tmp); err != nil {
		tmp.Close()
		return w.Stats(), err
	}
	if err := tmp.Close(); err != nil {
		return w.Stats(), errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return w.Stats(), errs.Wrap(err, errs.Invalid, "无法保存「%s」", path)
	}
	if progress != nil {
		progress(n)
	}
	return w.Stats(), nil
}
