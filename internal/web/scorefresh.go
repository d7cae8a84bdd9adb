package web

import (
	"context"
	"log/slog"
	"sync"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/score"
)

// scoreRefresher brings the scorecard up to date after edits and waivers, in the background.
// A refresh counts a whole province (0.6–0.7 s for a 300,000-household city, docs/scorecard.md),
// too slow to add to an edit that must answer in milliseconds, so an edit only marks its
// province stale: one goroutine per province refreshes it, and the edits made meanwhile are
// taken in by one more refresh after it.
type scoreRefresher struct {
	svc *score.Service
	log *slog.Logger
	mu  sync.Mutex
	// state per province: 1 while a refresh runs, 2 when edits came in during it.
	state map[region.Code]int
	wg    sync.WaitGroup
}

func newScoreRefresher(svc *score.Service, log *slog.Logger) *scoreRefresher {
	if svc == nil {
		return nil
	}
	return &scoreRefresher{svc: svc, log: log, state: map[region.Code]int{}}
}

// stale marks the province of code stale and starts its refresh unless one is running.
func (r *scoreRefresher) stale(code region.Code) {
	if r == nil || code == "" {
		return
	}
	p := code.Up(region.Province)
	r.mu.Lock()
	st := r.state[p]
	r.state[p] = min(st+1, 2)
	if st == 0 {
		r.wg.Add(1)
	}
	r.mu.Unlock()
	if st == 0 {
		go r.run(p)
	}
}

func (r *scoreRefresher) run(p region.Code) {
	defer r.wg.Done()
	for {
		if _, err := r.svc.Refresh(context.Background(), p); err != nil {
			r.log.Error("scorecard refresh", "province", string(p), "err", err)
		}
		r.mu.Lock()
		if r.state[p] == 2 {
			r.state[p] = 1
			r.mu.Unlock()
			continue
		}
		delete(r.state, p)
		r.mu.Unlock()
		return
	}
}

// Wait waits for the background work under way (scorecard refreshes) to finish: call it before
// closing the database.
func (s *Server) Wait() {
	if s.scores != nil {
		s.scores.wg.Wait()
	}
}
