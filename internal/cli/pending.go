package cli

import (
	"context"
	"fmt"
	"sync"

	"github.com/gonggu/gonggu/internal/importer"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// finishOwed re-screens the households whose re-screen an import committed but did not finish
// (its process killed during the re-screen, or gonggu import --no-screen), and clears the
// debt; see importer.FinishPending. gonggu serve runs it in the background when it starts.
func (m *Main) finishOwed(ctx context.Context, db *store.DB, en *screen.Engine) {
	n, err := importer.FinishPending(ctx, db, func(ctx context.Context, nos []string) error {
		_, err := en.Households(ctx, nos)
		return err
	})
	switch {
	case err != nil && ctx.Err() == nil:
		m.Log.Error("finishing the re-screen imports owe", "err", err)
	case n > 0:
		m.Log.Info("finished the re-screen imports owed", "households", n)
	}
}

// finishOwedInBackground starts finishOwed and returns a function that waits for it.
func (m *Main) finishOwedInBackground(ctx context.Context, db *store.DB) (wait func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m.finishOwed(ctx, db, m.newEngine(db))
	}()
	return wg.Wait
}

// owedScreens returns the screening imports owe, read before a run of gonggu screen.
func owedScreens(ctx context.Context, db *store.DB) []store.PendingScreen {
	owed, err := store.NewImports(db).Pending(ctx)
	if err != nil {
		return nil // the run goes on; the debt stays for the next one
	}
	return owed
}

// settleOwed clears, after a successful run of gonggu screen over scope, the screening the
// imports owed before it: a run over everything has re-screened their households; after a
// run over part of the area they are re-screened now.
func (m *Main) settleOwed(ctx context.Context, db *store.DB, en *screen.Engine, scope region.Code, owed []store.PendingScreen) error {
	if len(owed) == 0 {
		return nil
	}
	var ids, nos []string
	for _, p := range owed {
		ids = append(ids, p.ImportID)
		nos = append(nos, p.Households...)
	}
	if scope != "" {
		fmt.Fprintf(m.Stderr, "正在补做导入后未完成的重新筛查（%d 户）……\n", len(nos))
		if _, err := en.Households(ctx, nos); err != nil {
			return err
		}
	}
	return store.NewImports(db).DonePending(ctx, ids)
}
