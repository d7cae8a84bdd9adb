package cli

import (
	"context"
	"fmt"

	"github.com/gonggu/gonggu/internal/archive"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// wireArchives wires the archive checklists (internal/archive) into the screening engine: the
// archive of every household that owes one, and every village's own, are objects the archive
// rules judge against the county's lists, once the county has begun recording its archives.
func wireArchives(db *store.DB, e *screen.Engine) {
	e.Sources = append(e.Sources, ArchiveSources(store.NewArchives(db))...)
}

// ArchiveSources are the object sources of the archives over their store.
func ArchiveSources(st *store.Archives) []screen.ObjectSource {
	var out []screen.ObjectSource
	for _, kind := range []archive.Kind{archive.KindHousehold, archive.KindVillage} {
		out = append(out, objectsOf(string(kind), func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			// A county that has not begun recording its archives in gonggu keeps them elsewhere:
			// not collected is unknown, and judging it would flag every household.
			if started, err := st.Started(ctx, county); err != nil || !started {
				return err
			}
			return st.Each(ctx, county, scope, kind, func(cl *archive.Checklist) error { return fn(&archive.Object{Checklist: *cl}) })
		}))
	}
	return out
}

// fillArchives fills the demo area's archives: some villages complete, some with items
// missing.
func fillArchives(ctx context.Context, m *Main, db *store.DB, tree *region.Tree, area region.Code) error {
	st, err := gen.FillArchives(ctx, db, tree, gen.ArchiveConfig{Area: area, Seed: 1})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已生成档案资料：%d 个村（%d 个村已整理齐全），登记资料 %d 项，上传电子件 %d 份。\n", st.Villages, st.Complete, st.Items, st.Files)
	return nil
}
