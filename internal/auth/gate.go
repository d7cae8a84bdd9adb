package auth

import (
	"context"
	"errors"
	"sync"
	"time"
)

// A password check costs what its hash's parameters say: argon2id with m=19 MiB holds 19 MiB
// for about 30 ms. The login form is open to anyone, so without a bound a burst of logins
// makes the server hold that memory once per request. The gate bounds the memory of the
// checks running at once: each check asks for its hash's memory, waits a little when the
// budget is spent, and is refused at once when too many already wait.

// ErrBusy is in the chain of a login refused because too many password checks were running;
// the client may try again shortly (RetryAfter says when).
var ErrBusy = errors.New("auth: too many logins at once")

// The defaults of the gate: 256 MiB of hashing at once (13 checks of the default hash), 64
// waiting, each at most 2 seconds.
const (
	DefaultHashBudget = 256 * 1024 // KiB
	DefaultHashQueue  = 64
	DefaultHashWait   = 2 * time.Second
)

// HashStats is what the gate has seen: the checks running now and the most that ever ran at
// once, their memory (KiB), and how many checks it refused.
type HashStats struct {
	Running, PeakRunning int
	Memory, PeakMemory   int64
	Refused              int64
}

// hashGate is a weighted semaphore over memory in KiB with a bounded, time-limited queue.
type hashGate struct {
	budget int64
	queue  int
	wait   time.Duration

	mu      sync.Mutex
	used    int64
	waiting int
	wake    chan struct{} // closed and replaced whenever memory is released
	stats   HashStats
}

func newHashGate(budget int64, queue int, wait time.Duration) *hashGate {
	if budget <= 0 {
		budget = DefaultHashBudget
	}
	if queue < 0 {
		queue = 0
	}
	return &hashGate{budget: budget, queue: queue, wait: wait, wake: make(chan struct{})}
}

// acquire takes kib of the budget (at most the whole budget), waiting at most the gate's wait
// time and only when fewer than the queue's length already wait. It returns the function that
// gives the memory back, or ErrBusy.
func (g *hashGate) acquire(ctx context.Context, kib int64) (func(), error) {
	kib = min(max(kib, 1), g.budget)
	var timer <-chan time.Time
	g.mu.Lock()
	for g.used+kib > g.budget {
		if g.waiting >= g.queue || timer == nil && g.wait <= 0 {
			g.stats.Refused++
			g.mu.Unlock()
			return nil, ErrBusy
		}
		if timer == nil {
			t := time.NewTimer(g.wait)
			defer t.Stop()
			timer = t.C
		}
		wake := g.wake
		g.waiting++
		g.mu.Unlock()
		var err error
		select {
		case <-wake:
		case <-timer:
			err = ErrBusy
		case <-ctx.Done():
			err = ctx.Err()
		}
		g.mu.Lock()
		g.waiting--
		if err != nil {
			if errors.Is(err, ErrBusy) {
				g.stats.Refused++
			}
			g.mu.Unlock()
			return nil, err
		}
	}
	g.used += kib
	g.stats.Running++
	g.stats.Memory = g.used
	g.stats.PeakRunning = max(g.stats.PeakRunning, g.stats.Running)
	g.stats.PeakMemory = max(g.stats.PeakMemory, g.used)
	g.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			g.used -= kib
			g.stats.Running--
			g.stats.Memory = g.used
			close(g.wake)
			g.wake = make(chan struct{})
			g.mu.Unlock()
		})
	}, nil
}

func (g *hashGate) snapshot() HashStats {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stats
}

// retryError carries how long a refused client should wait before trying again.
type retryError struct {
	cause error
	after time.Duration
}

func (e *retryError) Error() string { return e.cause.Error() }
func (e *retryError) Unwrap() error { return e.cause }

// RetryAfter returns how long to wait before retrying a login refused with ErrThrottled or
// ErrBusy, and whether err says so.
func RetryAfter(err error) (time.Duration, bool) {
	var r *retryError
	if errors.As(err, &r) {
		return r.after, true
	}
	return 0, false
}
