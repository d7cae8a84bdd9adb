package importer

import (
	"context"
	"slices"

	"github.com/gonggu/gonggu/internal/store"
)

// rescreen re-screens, through AfterWrite, the households every import committed so far has
// written and not yet seen re-screened (the one just committed and any a killed process left
// behind), and clears their pending rows once it has.
func (im *Importer) rescreen(ctx context.Context) error {
	_, err := FinishPending(ctx, im.DB, im.AfterWrite)
	return err
}

// FinishPending re-screens with rescreen the households of the imports whose re-screening is
// still owed (store.Imports.Pending), all in one call, and clears what it has finished. It
// returns the number of households re-screened. gonggu serve calls it when it starts, gonggu
// screen after a run, and every import after its commit: an import killed after its commit
// and before the end of its re-screen has left its households unscreened, and a re-import of
// the same file changes nothing and so would not re-screen them.
func FinishPending(ctx context.Context, db *store.DB, rescreen func(ctx context.Context, householdNos []string) error) (int, error) {
	imports := store.NewImports(db)
	pending, err := imports.Pending(ctx)
	if err != nil || len(pending) == 0 {
		return 0, err
	}
	var nos, ids []string
	for _, p := range pending {
		nos = append(nos, p.Households...)
		ids = append(ids, p.ImportID)
	}
	slices.Sort(nos)
	nos = slices.Compact(nos)
	if len(nos) > 0 {
		if err := rescreen(ctx, nos); err != nil {
			return 0, err
		}
	}
	return len(nos), imports.DonePending(ctx, ids)
}
