package importer

import (
	"context"
	"errors"
	"os"
	"sync"

	"github.com/gonggu/gonggu/internal/nationalfmt"
)

// Import reads, checks and imports files the way the command line and the import page do:
// Stage followed, when the report allows it, by Apply. It returns the Staged, for its report,
// and the Result when it wrote (or, with opts.DryRun, would have written); the Result is nil
// when the files are Fatal, or have blocking errors and opts.Partial is not set: then the
// Staged waits for the caller's decision (Apply with Partial, or Close). When the error is not
// nil, the Staged is returned if the files could be read, for its report. The caller closes
// a Staged it is given.
//
// A single file whose rows come in 户编号 order with one table, as the national system exports
// them, is imported in one pass: each household is checked as soon as its last row is read,
// and written while the rest of the file is still being read, so that reading and checking
// run beside the database's work instead of before it. Every check of Stage runs as it would;
// at the first row out of order, the first blocking error or a second table, the pass is
// rolled back and the files are staged and applied in the usual two passes. The Staged of a
// file imported in one pass holds no rows: Apply refuses it.
func (im *Importer) Import(ctx context.Context, files []File, opts Options) (*Staged, *Result, error) {
	if len(files) == 1 {
		st, res, err := im.stream(ctx, files[0], opts)
		if !errors.Is(err, errNotStreamable) {
			return st, res, err
		}
		if err := ctx.Err(); err != nil {
			return nil, nil, im.abort(ctx, err)
		}
	}
	st, err := im.Stage(ctx, files)
	if err != nil {
		return nil, nil, err
	}
	if rep := &st.Report; rep.Fatal || (rep.Blocking > 0 && !opts.Partial) {
		return st, nil, nil
	}
	res, err := im.Apply(ctx, st, opts)
	return st, res, err
}

// errNotStreamable stops the one-pass import of a file that needs the two passes.
var errNotStreamable = errors.New("importer: the file is not read in one pass")

// largeFile is the size from which a file is a large load (about 15,000 rows).
var largeFile int64 = 4 << 20

// streamBatches is how many batches of households wait between the reader and the writer.
const streamBatches = 2

// stream imports a file in one pass, or returns errNotStreamable when it cannot.
func (im *Importer) stream(ctx context.Context, f File, opts Options) (*Staged, *Result, error) {
	if im.Tree == nil || im.DB == nil {
		return nil, nil, errNotStreamable // Stage says what is missing
	}
	// A file of more than a few MB is a large load: count the people stored, for maybeDefer,
	// and give SQLite the larger cache.
	rows := 0
	if fi, err := os.Stat(f.Path); err == nil && fi.Size() >= largeFile {
		rows = max(int(fi.Size()/256), 1)
	}
	a, err := im.begin(ctx, opts, rows, 0, rows > 0)
	if err != nil {
		return nil, nil, err
	}
	defer a.close()
	st := newStaged(nil)
	ck := newChecker(im, st)
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()

	batches := make(chan []*group, streamBatches)
	var werr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		persons := 0
		for batch := range batches {
			if werr == nil {
				for _, g := range batch {
					persons += len(g.members)
				}
				if werr = a.maybeDefer(rctx, persons); werr == nil {
					werr = a.flush(rctx, batch)
				}
				if werr != nil {
					cancel()
				}
			}
			for _, g := range batch {
				st.pool.put(g)
			}
		}
	}()
	s := &streamer{st: st, ck: ck, ctx: rctx, out: batches, sheet: -1}
	r := &reader{im: im, st: st, places: &nationalfmt.Places{Tree: im.Tree}, stream: s}
	err = r.readFile(rctx, f)
	if err == nil {
		err = s.end()
	}
	close(batches)
	wg.Wait()
	switch {
	case werr != nil && ctx.Err() == nil:
		// A write that failed (a household outside the user's scope, income rows of a
		// household not stored) is reported by the two passes, with the whole report.
		return nil, nil, errNotStreamable
	case err != nil && ctx.Err() != nil:
		return nil, nil, im.abort(ctx, ctx.Err())
	case err != nil:
		return nil, nil, err
	}
	st.personHH = nil
	if err := ck.finish(ctx); err != nil {
		return nil, nil, err
	}
	if st.Report.Fatal || st.Report.Blocking > 0 || len(st.Report.Sheets) == 0 {
		return nil, nil, errNotStreamable
	}
	st.finishReport()
	res, err := a.finish(ctx, &st.Report)
	if err != nil {
		return st, nil, err
	}
	return st, res, nil
}

// streamer groups the rows of a file read in one pass into households, checks each, and
// sends them to the writer in batches.
type streamer struct {
	st    *Staged
	ck    *checker
	ctx   context.Context
	out   chan<- []*group
	sheet int    // the index of the sheet read (-1 before its first row)
	g     *group // the household whose rows are being read
	batch []*group
}

// add takes a staged row of sheet sc and its decoded record.
func (s *streamer) add(sc *sheetCtx, sr *stagedRow, rec *nationalfmt.Record) error {
	st := s.st
	if st.Report.Blocking > 0 || len(st.dupPersons) > 0 || st.Report.Fatal {
		return errNotStreamable
	}
	if s.sheet != sr.sheet {
		if s.sheet >= 0 {
			return errNotStreamable // a second table: rows of one household may be in both
		}
		s.sheet = sr.sheet
	}
	if s.g != nil && sr.householdNo != s.g.no {
		if sr.householdNo < s.g.no {
			return errNotStreamable // out of order
		}
		if err := s.household(); err != nil {
			return err
		}
	}
	if s.g == nil {
		s.g = &group{no: sr.householdNo}
	}
	rw := st.pool.get()
	buf := rw.fields // the reader reuses sr.fields
	rw.stagedRow = *sr
	rw.fields = append(buf[:0], sr.fields...)
	rw.sc, rw.rec = sc, *rec
	rw.rec.Village = sr.village
	if sc.members() {
		s.g.members = append(s.g.members, rw)
	} else {
		s.g.incomes = append(s.g.incomes, rw)
	}
	return nil
}

// household checks the household whose rows are complete and queues it for the writer.
func (s *streamer) household() error {
	g := s.g
	s.g = nil
	s.ck.household(g)
	if s.st.Report.Blocking > 0 {
		return errNotStreamable
	}
	if s.batch = append(s.batch, g); len(s.batch) == applyBatch {
		return s.send()
	}
	return nil
}

func (s *streamer) send() error {
	select {
	case s.out <- s.batch:
		s.batch = nil
		return nil
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
}

// end checks the last household and sends what is queued.
func (s *streamer) end() error {
	if s.st.Report.Blocking > 0 || len(s.st.dupPersons) > 0 {
		return errNotStreamable
	}
	if s.g != nil {
		if err := s.household(); err != nil {
			return err
		}
	}
	if len(s.batch) > 0 {
		return s.send()
	}
	return nil
}
