package importer

import (
	"context"
	"sync"

	"github.com/gonggu/gonggu/internal/nationalfmt"
)

// row is a staged row decoded again for the household passes.
type row struct {
	stagedRow
	sc  *sheetCtx
	rec nationalfmt.Record
}

// group is the staged rows of one household: member rows and income rows, in file order.
type group struct {
	no      string
	members []*row
	incomes []*row
	c       *combined // the member rows combined, when the check or Apply has done so
	// short is set when the member rows list fewer current members than the 家庭人口数.
	short *householdSize
	// fresh is the household as it would be stored new, merged by the check: the import
	// of a household that is not stored yet takes it as it is.
	fresh *outcome
}

func (g *group) blocked() bool {
	for _, r := range g.members {
		if r.blocked {
			return true
		}
	}
	for _, r := range g.incomes {
		if r.blocked {
			return true
		}
	}
	return false
}

// first returns the household's first row.
func (g *group) first() *row {
	if len(g.members) > 0 {
		return g.members[0]
	}
	return g.incomes[0]
}

// rowPool recycles rows between households: a million rows are decoded twice per import. It
// is safe for concurrent use.
type rowPool struct {
	mu   sync.Mutex
	free []*row
}

func (p *rowPool) get() *row {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		r := p.free[n-1]
		p.free = p.free[:n-1]
		return r
	}
	return &row{}
}

func (p *rowPool) putRow(r *row) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, r)
}

func (p *rowPool) put(g *group) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, g.members...)
	p.free = append(p.free, g.incomes...)
	g.members, g.incomes = g.members[:0], g.incomes[:0]
	g.c, g.short, g.fresh = nil, nil, nil
}

// walk calls fn with each household's rows, in 户编号 order. fn owns the group it is given
// until it returns it with st.pool.put.
func (st *Staged) walk(ctx context.Context, fn func(g *group) error) error {
	r, err := st.spill.reader()
	if err != nil {
		return err
	}
	defer r.Close()
	g := &group{}
	n := 0
	for {
		b, err := r.next()
		if err != nil {
			return err
		}
		if b == nil {
			break
		}
		rw := st.pool.get()
		if err := rw.stagedRow.decode(b); err != nil {
			return err
		}
		if st.sheets[rw.sheet].discarded {
			st.pool.putRow(rw) // read again with the sheet's merged cells filled
			continue
		}
		if rw.householdNo != g.no && (len(g.members) > 0 || len(g.incomes) > 0) {
			if err := fn(g); err != nil {
				return err
			}
			g = &group{}
		}
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		g.no = rw.householdNo
		rw.sc = st.sheets[rw.sheet]
		rw.sc.dec.Decode(rw.fields, &rw.rec, nil)
		rw.rec.Village = rw.village
		if rw.sc.members() {
			g.members = append(g.members, rw)
		} else {
			g.incomes = append(g.incomes, rw)
		}
	}
	if len(g.members) > 0 || len(g.incomes) > 0 {
		return fn(g)
	}
	return nil
}

// walkBatches runs walk in a goroutine and sends the households in batches of size n, each
// passed through prepare there first: on two cores, reading and decoding the staged rows
// then overlaps with what the caller does with them. The caller must receive every batch
// (returning each group to st.pool when done) and then call wait for walk's error. Cancelling
// ctx stops the walk.
func (st *Staged) walkBatches(ctx context.Context, n int, prepare func(g *group)) (<-chan []*group, func() error) {
	ch := make(chan []*group, 2)
	var err error
	go func() {
		defer close(ch)
		var batch []*group
		send := func() error {
			select {
			case ch <- batch:
				batch = nil
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		err = st.walk(ctx, func(g *group) error {
			if prepare != nil {
				prepare(g)
			}
			if batch = append(batch, g); len(batch) == n {
				return send()
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			err = send()
		}
	}()
	// wait is called after ch is closed: the goroutine has set err by then.
	return ch, func() error { return err }
}
