package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/golang/snappy"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Screening packs.
//
// A full screening reads every row of the four registry tables. Through the SQLite engine
// that walk is most of a screening's work: for a million households some 7.5 million rows, a
// microsecond or more each inside SQLite's virtual machine before a rule has looked at them;
// PostgreSQL spends as much formatting them as text in its own processes, on the same cores.
// A pack holds the packed rows (the form the scan reads, see registry_scan.go) of up to
// packHouseholds consecutive households of a county in one blob, so that a screening reads a
// county as a few hundred blobs and cuts them apart in Go.
//
// The packs of a county cover its 户编号 range without gaps or overlap: each covers
// [lo, hi), the first from "" and the last to packEnd. The database keeps them true: every
// write to a registry table deletes the pack holding the household and raises the county's
// generation, in the writing transaction (triggers, migrations sqlite/0070 and postgres/0076).
// A screening plans the county as its stored packs plus ranges without one; it builds a pack
// for each such range from the tables and stores it only if the county's generation has not
// moved since before it read the tables, so that a write that raced the build leaves no pack
// behind.
//
// PostgreSQL has writers at once. There the trigger raises the generation before it deletes
// packs, and a screening reads the generation FOR UPDATE before it stores packs: a writer
// that raised it first makes the screening wait for its commit and see the new generation;
// one that comes second waits for the screening's commit and then deletes, in a statement of
// its own, the pack it stored. A writer raises only a generation that exists, so a county's
// first screening creates it only while no writer is in flight (packGen); otherwise it reads
// the county from the tables that time.

// packHouseholds is how many households a pack holds: a pack is then about a megabyte. Tests
// make it small.
var packHouseholds = 1024

// packEnd is the end of the last pack's range, above every 户编号 (which are digits).
const packEnd = "\U0010FFFF"

// packRowSep separates the packed rows of a table inside a pack; a row that holds it (or a
// value that holds the field separator) makes its range unpackable.
const packRowSep = '\x1e'

// packFormat names what a pack holds: the columns of each table and those screening leaves
// out, and how it is stored (3: snappy-compressed). A pack of another format (written before a column was added, say) is not read, and is
// replaced.
var packFormat = func() string {
	h := fnv.New64a()
	for _, t := range [][]string{householdCols, personCols, incomeCols, measureCols,
		ScreeningOmits["households"], ScreeningOmits["persons"]} {
		fmt.Fprintf(h, "%q;", t)
	}
	return fmt.Sprintf("3-%016x", h.Sum64())
}()

// usePacks reports whether a scan may read packs: a screening scan of a whole county.
func (r *Registry) usePacks(opt ScanOptions, scope region.Code) bool {
	return opt.Screening && len(scope.Prefix()) <= 6
}

// packRange is the condition and arguments selecting a county's rows of households in
// [lo, hi). The last pack's end is no 户编号 and is left out, since a database collation
// other than byte order need not sort U+10FFFF last.
func packRange(county, lo, hi string) (string, []any) {
	if hi == packEnd {
		return "county_code = ? AND household_no >= ?", []any{county, lo}
	}
	return "county_code = ? AND household_no >= ? AND household_no < ?", []any{county, lo, hi}
}

// packSeg is a range of a county's 户编号 in a scan's plan: a stored pack, or a range to build.
type packSeg struct {
	lo, hi     string
	stored     bool
	households int // of a stored pack
}

// packPiece is what a scan worker made of a segment.
type packPiece struct {
	aggs  []registry.Aggregate
	built *builtPack // a pack built from the tables, to store; nil when read or unpackable
	seg   packSeg
	err   error
}

// packWorkers is how many segments are read and decoded at once.
const packWorkers = 2

// scanPacked is ScanCounty over the county's packs, building those missing.
func (r *Registry) scanPacked(ctx context.Context, county region.Code, fn func(*registry.Aggregate) error) error {
	c := string(county)
	gen, ok, err := r.packGen(ctx, c)
	if err != nil {
		return err
	}
	if !ok {
		return r.scanTables(ctx, county, county, ScanOptions{Screening: true}, fn)
	}
	plan, err := r.packPlan(ctx, c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	// The workers hold connections: they are done before the scan returns.
	defer wg.Wait()
	defer cancel()
	// Each segment's piece arrives on its own channel; the segments are handed out in order,
	// at most packWorkers*2 ahead of the one being delivered, which bounds the memory held.
	out := make([]chan packPiece, len(plan))
	for i := range out {
		out[i] = make(chan packPiece, 1)
	}
	next := make(chan int)
	ahead := make(chan struct{}, packWorkers*2)
	go func() {
		defer close(next)
		for i := range plan {
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range packWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := r.db.scanConn(ctx)
			if err != nil {
				for i := range next {
					out[i] <- packPiece{err: err}
				}
				return
			}
			defer conn.release()
			for i := range next {
				out[i] <- r.packPiece(ctx, conn.c, c, plan[i])
			}
		}()
	}
	// The packs built are stored by a goroutine of their own, so that the screening does not
	// wait for the writes.
	saver := &packSaver{r: r, county: c, gen: gen}
	toSave := make(chan savedPack, packWorkers*2)
	saved := make(chan error, 1)
	go func() {
		var err error
		for p := range toSave {
			if err == nil {
				err = saver.add(ctx, p.seg, p.n, p.pack)
			}
		}
		if err == nil {
			err = saver.flush(ctx)
		}
		saved <- err
	}()
	err = func() error {
		defer close(toSave)
		for i := range plan {
			var p packPiece
			select {
			case p = <-out[i]:
			case <-ctx.Done():
				return ctx.Err()
			}
			<-ahead
			if p.err != nil {
				return p.err
			}
			if p.built != nil {
				toSave <- savedPack{p.seg, len(p.aggs), p.built}
			}
			for j := range p.aggs {
				if err := fn(&p.aggs[j]); err != nil {
					return err
				}
			}
		}
		return nil
	}()
	if err != nil {
		cancel()
		<-saved
		return err
	}
	return <-saved
}

// packGen returns the county's pack generation, creating it at 0: it must exist before the
// tables are read, so that a write from then on raises it. It reports false when it could not
// create it now (PostgreSQL, a writer in flight): the scan then reads the tables.
func (r *Registry) packGen(ctx context.Context, county string) (int64, bool, error) {
	var gen int64
	err := r.db.Tx(ctx, func(tx *sql.Tx) error {
		if r.db.Dialect == Postgres {
			err := tx.QueryRowContext(ctx, `SELECT gen FROM registry_pack_counties WHERE county_code = $1`, county).Scan(&gen)
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			// A writer in flight raised no generation, there being none: the generation is
			// created only while no writer is in flight (SHARE conflicts with writes), so that
			// the tables read next hold their rows and the writers that follow find it. NOWAIT:
			// waiting would queue every writer of every county behind this lock until an
			// import in flight commits; the county is read from the tables this time instead.
			if _, err := tx.ExecContext(ctx, `LOCK TABLE households, persons, incomes, measures IN SHARE MODE NOWAIT`); err != nil {
				if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "55P03" {
					return errPacksBusy
				}
				return err
			}
		}
		// On SQLite the insert itself waits for the one writer.
		if _, err := r.db.Exec(ctx, tx, `INSERT INTO registry_pack_counties (county_code, gen) VALUES (?, 0)
			ON CONFLICT (county_code) DO NOTHING`, county); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, r.db.Rebind(`SELECT gen FROM registry_pack_counties WHERE county_code = ?`), county).Scan(&gen)
	})
	if errors.Is(err, errPacksBusy) {
		return 0, false, nil
	}
	return gen, err == nil, internal(err, "registry.packs gen")
}

// errPacksBusy is a county's first screening that found a writer in flight.
var errPacksBusy = errors.New("registry packs: a writer in flight")

// packPlan lists the county's key range as stored packs of the current format and ranges
// between them, each range cut into ranges of packHouseholds households.
func (r *Registry) packPlan(ctx context.Context, county string) ([]packSeg, error) {
	stored, err := r.storedPacks(ctx, county)
	if err != nil {
		return nil, err
	}
	var plan []packSeg
	next := ""
	for _, s := range stored {
		if s.lo < next || s.hi <= s.lo {
			continue // never stored so (packSaver keeps them apart); read around it
		}
		if s.lo > next {
			gap, err := r.packCut(ctx, county, next, s.lo)
			if err != nil {
				return nil, err
			}
			plan = append(plan, gap...)
		}
		plan = append(plan, s)
		next = s.hi
	}
	if next != packEnd {
		gap, err := r.packCut(ctx, county, next, packEnd)
		if err != nil {
			return nil, err
		}
		plan = append(plan, gap...)
	}
	return plan, nil
}

// packCut cuts [lo, hi) into ranges of packHouseholds households; a range without households
// is one empty range, so that the packs cover the county's whole key range.
func (r *Registry) packCut(ctx context.Context, county, lo, hi string) ([]packSeg, error) {
	where, args := packRange(county, lo, hi)
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT household_no FROM households
		WHERE `+where+` ORDER BY county_code, household_no`), args...)
	if err != nil {
		return nil, internal(err, "registry.packs cut")
	}
	defer rows.Close()
	var cuts []string
	n := 0
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			return nil, internal(err, "registry.packs cut")
		}
		if n > 0 && n%packHouseholds == 0 {
			cuts = append(cuts, no)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, internal(err, "registry.packs cut")
	}
	out := make([]packSeg, 0, len(cuts)+1)
	from := lo
	for _, c := range cuts {
		out = append(out, packSeg{lo: from, hi: c})
		from = c
	}
	return append(out, packSeg{lo: from, hi: hi}), nil
}

// packPiece reads or builds one segment and decodes it.
func (r *Registry) packPiece(ctx context.Context, conn *sql.Conn, county string, s packSeg) packPiece {
	p := packPiece{seg: s}
	var data string
	if s.stored {
		found, err := readPack(ctx, conn, r.db.Rebind(`SELECT data FROM registry_packs
			WHERE county_code = ? AND lo = ? AND hi = ? AND format = ?`), &data, county, s.lo, s.hi, packFormat)
		if err == nil && found {
			if p.aggs, err = decodePack(data); err == nil {
				return p
			}
			err = errDamagedPack
		}
		if err != nil && !errors.Is(err, errDamagedPack) {
			p.err = internal(err, "registry.packs read")
			return p
		}
		// Deleted by a write since the plan, or damaged: the tables are the registry and a
		// pack only a copy of them, so build it again (the new one replaces it).
		s.stored, p.seg.stored = false, false
		p.aggs = nil
	}
	if !s.stored {
		built, ok, err := r.buildPack(ctx, conn, county, s.lo, s.hi)
		if err != nil {
			p.err = err
			return p
		}
		if !ok {
			// A value holds a separator: read the range column by column, and keep no pack.
			p.aggs, p.err = r.scanRange(ctx, county, s.lo, s.hi)
			return p
		}
		p.built = &built
		data = string(built.data)
	}
	p.aggs, p.err = decodePack(data)
	return p
}

// errDamagedPack is a stored pack that does not decompress or decode.
var errDamagedPack = errors.New("damaged pack")

// readPack reads and decompresses the one column of the row q selects into dst; found is
// false without a row. The packs are stored snappy-compressed: a third of the size, so that
// SQLite reads, caches and copies a third of the pages, and decompressing costs less than that
// saves. The decompressed bytes are the string's own memory (they are never written again),
// so the pack is copied once from SQLite and written once by the decoder.
func readPack(ctx context.Context, conn *sql.Conn, q string, dst *string, args ...any) (found bool, err error) {
	rows, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	var raw sql.RawBytes
	if err := rows.Scan(&raw); err != nil {
		return false, err
	}
	n, err := snappy.DecodedLen(raw)
	if err != nil {
		return false, fmt.Errorf("%w: %w", errDamagedPack, err)
	}
	if n == 0 {
		*dst = ""
		return true, rows.Close()
	}
	b := make([]byte, n)
	if _, err := snappy.Decode(b, raw); err != nil {
		return false, fmt.Errorf("%w: %w", errDamagedPack, err)
	}
	*dst = unsafe.String(unsafe.SliceData(b), len(b))
	return true, rows.Close()
}

// packTables are the scan tables in the order of a pack's sections.
var packTables = [4]struct {
	name       string
	cols, keys []string
	omit       []string
}{
	{householdTable.name, householdTable.cols, householdTable.keys, ScreeningOmits["households"]},
	{personTable.name, personTable.cols, personTable.keys, ScreeningOmits["persons"]},
	{incomeTable.name, incomeTable.cols, incomeTable.keys, nil},
	{measureTable.name, measureTable.cols, measureTable.keys, nil},
}

// builtPack is a pack built from the tables: data holds the four tables' sections, keys the
// PersonKeys of the persons who have not left (household, person, ID number, phone, post,
// deceased key), which PersonKeys reads without reading the rest. A section is the number of
// rows and the length of its text (uvarints), then the rows joined by packRowSep.
type builtPack struct{ data, keys []byte }

// buildPack reads the range's packed rows of the four tables on conn and lays them out as a
// pack. It reports false when a row cannot be packed.
func (r *Registry) buildPack(ctx context.Context, conn *sql.Conn, county, lo, hi string) (builtPack, bool, error) {
	var sections [5][]byte
	var counts [5]int
	size := 0
	where, args := packRange(county, lo, hi)
	for t, tb := range packTables {
		rows, err := conn.QueryContext(ctx, r.db.Rebind("SELECT "+r.db.packedExpr(tb.cols, tb.omit)+" FROM "+tb.name+
			" WHERE "+where+" ORDER BY county_code, "+strings.Join(tb.keys, ", ")), args...)
		if err != nil {
			return builtPack{}, false, internal(err, "registry.packs build "+tb.name)
		}
		fields := make([]string, len(tb.cols))
		var b []byte
		var packed string
		ok := true
		for rows.Next() {
			if err := rows.Scan(&packed); err != nil {
				rows.Close()
				return builtPack{}, false, internal(err, "registry.packs build "+tb.name)
			}
			if !splitPacked(packed, fields) || strings.IndexByte(packed, packRowSep) >= 0 {
				ok = false
				break
			}
			if counts[t] > 0 {
				b = append(b, packRowSep)
			}
			b = append(b, packed...)
			counts[t]++
			if t == 1 && fields[personLeftOn] == "" {
				// The person's keys for the registry-wide index (PersonKeys), without the
				// person's other columns.
				if counts[4] > 0 {
					sections[4] = append(sections[4], packRowSep)
				}
				deceased := ""
				if fields[personDeceasedOn] != "" {
					deceased = deceasedKey(fields[personIDNumber])
				}
				sections[4] = append(sections[4], strings.Join([]string{fields[1], fields[2], fields[personIDNumber],
					fields[personPhone], fields[personPostType], deceased}, sep)...)
				counts[4]++
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return builtPack{}, false, internal(err, "registry.packs build "+tb.name)
		}
		if !ok {
			return builtPack{}, false, nil
		}
		sections[t] = b
	}
	for t := range 4 {
		size += len(sections[t]) + 2*binary.MaxVarintLen64
	}
	var b builtPack
	b.data = make([]byte, 0, size)
	for t := range 4 {
		b.data = appendSection(b.data, counts[t], sections[t])
	}
	b.keys = appendSection(nil, counts[4], sections[4])
	return b, true, nil
}

func appendSection(b []byte, count int, text []byte) []byte {
	b = binary.AppendUvarint(b, uint64(count))
	b = binary.AppendUvarint(b, uint64(len(text)))
	return append(b, text...)
}

// packSections cuts a pack into its sections' row counts and texts.
func packSections(data string, n int) (counts []int, texts []string, err error) {
	counts, texts = make([]int, n), make([]string, n)
	for t := range n {
		n, k := uvarint(data)
		if k <= 0 {
			return counts, texts, errors.New("damaged pack")
		}
		data = data[k:]
		l, k := uvarint(data)
		if k <= 0 || l > uint64(len(data)-k) {
			return counts, texts, errors.New("damaged pack")
		}
		data = data[k:]
		counts[t], texts[t], data = int(n), data[:l], data[l:]
	}
	return counts, texts, nil
}

// uvarint is binary.Uvarint over a string.
func uvarint(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, 0
}

// packRows calls each with every row of a section and its fields.
func packRows(text string, count, ncols int, each func(f []string) error) error {
	if count == 0 {
		if text != "" {
			return errors.New("damaged pack: rows in an empty section")
		}
		return nil
	}
	fields := make([]string, ncols)
	for i := range count {
		row := text
		if j := strings.IndexByte(text, packRowSep); j >= 0 {
			row, text = text[:j], text[j+1:]
		} else if i != count-1 {
			return errors.New("damaged pack: too few rows")
		} else {
			text = ""
		}
		if !splitPacked(row, fields) {
			return errors.New("damaged pack: a row of another width")
		}
		if err := each(fields); err != nil {
			return err
		}
	}
	if text != "" {
		return errors.New("damaged pack: too many rows")
	}
	return nil
}

// decodePack decodes a pack into aggregates in 户编号 order.
func decodePack(data string) ([]registry.Aggregate, error) {
	counts, texts, err := packSections(data, 4)
	if err != nil {
		return nil, internal(err, "registry.packs decode")
	}
	aggs := make([]registry.Aggregate, 0, counts[0])
	persons := make([]registry.Person, 0, counts[1])
	incomes := make([]registry.Income, 0, counts[2])
	measures := make([]registry.Measure, 0, counts[3])
	err = errors.Join(
		packRows(texts[0], counts[0], len(householdCols), func(f []string) error {
			aggs = append(aggs, registry.Aggregate{})
			return decodeHousehold(f, &aggs[len(aggs)-1].Household)
		}),
		packRows(texts[1], counts[1], len(personCols), func(f []string) error {
			persons = append(persons, registry.Person{})
			return decodePerson(f, &persons[len(persons)-1])
		}),
		packRows(texts[2], counts[2], len(incomeCols), func(f []string) error {
			incomes = append(incomes, registry.Income{})
			return decodeIncome(f, &incomes[len(incomes)-1])
		}),
		packRows(texts[3], counts[3], len(measureCols), func(f []string) error {
			measures = append(measures, registry.Measure{})
			return decodeMeasure(f, &measures[len(measures)-1])
		}))
	if err != nil {
		return nil, internal(err, "registry.packs decode")
	}
	// The child rows are in 户编号 order like the households: hand each household its run.
	var pi, ii, mi int
	for i := range aggs {
		a := &aggs[i]
		no := a.Household.No
		a.Persons, pi = takeRun(persons, pi, no, func(p *registry.Person) string { return p.HouseholdNo })
		a.Incomes, ii = takeRun(incomes, ii, no, func(in *registry.Income) string { return in.HouseholdNo })
		a.Measures, mi = takeRun(measures, mi, no, func(m *registry.Measure) string { return m.HouseholdNo })
	}
	return aggs, nil
}

// takeRun returns the rows of household no from pos on (skipping rows of households before
// it, which have no household row) and the position after them. The slice has no spare
// capacity, so that an append to it never writes over the next household's rows.
func takeRun[T any](rows []T, pos int, no string, key func(*T) string) ([]T, int) {
	for pos < len(rows) && key(&rows[pos]) < no {
		pos++
	}
	start := pos
	for pos < len(rows) && key(&rows[pos]) == no {
		pos++
	}
	if start == pos {
		return nil, pos
	}
	return rows[start:pos:pos], pos
}

// scanRange reads the households of [lo, hi) through the table readers, which read a row
// that holds a separator column by column.
func (r *Registry) scanRange(ctx context.Context, county, lo, hi string) ([]registry.Aggregate, error) {
	where, args := packRange(county, lo, hi)
	var out []registry.Aggregate
	err := r.readTables(ctx, where, args, where, args, func(table string) []string { return ScreeningOmits[table] },
		func(a *registry.Aggregate) error { out = append(out, *a); return nil })
	return out, err
}

// packSaver stores the packs a scan built, in transactions of about packSaveBytes, each only
// while the county's generation is the one read before the scan.
type packSaver struct {
	r       *Registry
	county  string
	gen     int64
	stale   bool
	pending []savedPack
	bytes   int
}

type savedPack struct {
	seg  packSeg
	n    int
	pack *builtPack
}

const packSaveBytes = 32 << 20

func (s *packSaver) add(ctx context.Context, seg packSeg, n int, p *builtPack) error {
	if s.stale {
		return nil
	}
	// Compressed here, outside the transaction that stores it.
	c := &builtPack{data: snappy.Encode(nil, p.data), keys: snappy.Encode(nil, p.keys)}
	s.pending = append(s.pending, savedPack{seg, n, c})
	s.bytes += len(c.data) + len(c.keys)
	if s.bytes >= packSaveBytes {
		return s.flush(ctx)
	}
	return nil
}

// flush stores the pending packs. Packs that overlap one are deleted first, so that the
// county's packs never overlap (a trigger deletes only the pack with the greatest lo at or
// below a written household).
func (s *packSaver) flush(ctx context.Context) error {
	if s.stale || len(s.pending) == 0 {
		return nil
	}
	db := s.r.db
	q := `SELECT gen FROM registry_pack_counties WHERE county_code = ?`
	if db.Dialect == Postgres {
		// Waits for a writer that raised the generation, and makes one that comes after wait
		// for this commit (see the top of this file).
		q += ` FOR UPDATE`
	}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var gen int64
		if err := tx.QueryRowContext(ctx, db.Rebind(q), s.county).Scan(&gen); err != nil {
			return err
		}
		if gen != s.gen {
			s.stale = true
			return nil
		}
		for _, p := range s.pending {
			if _, err := db.Exec(ctx, tx, `DELETE FROM registry_packs WHERE county_code = ? AND lo < ? AND hi > ?`,
				s.county, p.seg.hi, p.seg.lo); err != nil {
				return err
			}
			if _, err := db.Exec(ctx, tx, `INSERT INTO registry_packs (county_code, lo, hi, format, households, keys, data)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, s.county, p.seg.lo, p.seg.hi, packFormat, p.n, p.pack.keys, p.pack.data); err != nil {
				return err
			}
		}
		return nil
	})
	s.pending, s.bytes = nil, 0
	return internal(err, "registry.packs save")
}

// packPersonKeys streams the PersonKeys of a county from its packs, as PersonKeys does from
// the table. It reports false, having sent nothing, when the county is not wholly packed.
func (r *Registry) packPersonKeys(ctx context.Context, county string, fn func([]PersonKey) error) (bool, error) {
	plan, err := r.storedPlan(ctx, county)
	if err != nil || plan == nil {
		return false, err
	}
	conn, err := r.db.scanConn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.release()
	for _, s := range plan {
		var data string
		found, err := readPack(ctx, conn.c, r.db.Rebind(`SELECT keys FROM registry_packs
			WHERE county_code = ? AND lo = ? AND hi = ? AND format = ?`), &data, county, s.lo, s.hi, packFormat)
		var keys []PersonKey
		if err == nil && found {
			keys, err = packKeys(data)
		}
		if errors.Is(err, errDamagedPack) {
			// Deleted, so that the next screening builds it again.
			if _, err := r.db.SQL.ExecContext(ctx, r.db.Rebind(`DELETE FROM registry_packs WHERE county_code = ? AND lo = ? AND hi = ?`),
				county, s.lo, s.hi); err != nil {
				return true, internal(err, "registry.packs keys")
			}
		}
		if errors.Is(err, errDamagedPack) || (err == nil && !found) {
			// Deleted by a write since the plan, or damaged: this range from the table.
			if err := r.tableKeys(ctx, county, s.lo, s.hi, fn); err != nil {
				return true, err
			}
			continue
		}
		if err != nil {
			return true, internal(err, "registry.packs keys")
		}
		if len(keys) > 0 {
			if err := fn(keys); err != nil {
				return true, err
			}
		}
	}
	return true, nil
}

// packKeys decodes a pack's keys column.
func packKeys(data string) ([]PersonKey, error) {
	counts, texts, err := packSections(data, 1)
	if err != nil {
		return nil, errDamagedPack
	}
	keys := make([]PersonKey, 0, counts[0])
	err = packRows(texts[0], counts[0], 6, func(f []string) error {
		keys = append(keys, PersonKey{HouseholdNo: f[0], No: f[1], IDNumber: f[2], Phone: f[3], PostType: f[4], Deceased: f[5]})
		return nil
	})
	if err != nil {
		return nil, errDamagedPack
	}
	return keys, nil
}

// storedPacks returns the county's stored packs of the current format, by lo.
func (r *Registry) storedPacks(ctx context.Context, county string) ([]packSeg, error) {
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT lo, hi, households FROM registry_packs
		WHERE county_code = ? AND format = ? ORDER BY lo`), county, packFormat)
	if err != nil {
		return nil, internal(err, "registry.packs plan")
	}
	defer rows.Close()
	var stored []packSeg
	for rows.Next() {
		s := packSeg{stored: true}
		if err := rows.Scan(&s.lo, &s.hi, &s.households); err != nil {
			return nil, internal(err, "registry.packs plan")
		}
		stored = append(stored, s)
	}
	return stored, internal(rows.Err(), "registry.packs plan")
}

// storedPlan returns the county's stored packs when they cover its whole key range, nil
// otherwise.
func (r *Registry) storedPlan(ctx context.Context, county string) ([]packSeg, error) {
	stored, err := r.storedPacks(ctx, county)
	if err != nil {
		return nil, err
	}
	next := ""
	for _, s := range stored {
		if s.lo != next {
			return nil, nil
		}
		next = s.hi
	}
	if next != packEnd {
		return nil, nil
	}
	return stored, nil
}

// tableKeys streams the PersonKeys of [lo, hi) of a county from the table.
func (r *Registry) tableKeys(ctx context.Context, county, lo, hi string, fn func([]PersonKey) error) error {
	return r.streamKeys(ctx, "left_on IS NULL AND county_code = ? AND household_no >= ? AND household_no < ?",
		[]any{county, lo, hi}, fn)
}

// The positions of the person columns PersonKeys reads.
var (
	personIDNumber   = colIndex(personCols, "id_number")
	personPhone      = colIndex(personCols, "phone")
	personPostType   = colIndex(personCols, "post_type")
	personDeceasedOn = colIndex(personCols, "deceased_on")
	personLeftOn     = colIndex(personCols, "left_on")
)

func colIndex(cols []string, name string) int {
	for i, c := range cols {
		if c == name {
			return i
		}
	}
	panic("store: no column " + name)
}

// deceasedKey is deceasedKeyExpr in Go: "D" and the first 18 characters of the ID number in
// ASCII upper case (SQLite's upper), or "D" alone for a shorter number.
func deceasedKey(id string) string {
	if utf8.RuneCountInString(id) < 18 {
		return "D"
	}
	n, i := 0, 0
	for i < len(id) && n < 18 {
		_, w := utf8.DecodeRuneInString(id[i:])
		i += w
		n++
	}
	b := []byte("D" + id[:i])
	for j := range b {
		if 'a' <= b[j] && b[j] <= 'z' {
			b[j] -= 'a' - 'A'
		}
	}
	return string(b)
}

// An import writes many rows of a household at a time, and the pack triggers cost each row
// (on PostgreSQL each statement) more than its own write. Inside the import's transaction
// ImportTx holds the triggers: on SQLite (the only writer until it commits) it takes them off,
// on PostgreSQL it sets gonggu.packs_held for its transaction, which the trigger function
// reads. Meanwhile it marks the packs holding the households it writes; before it commits it
// raises each written county's generation once and deletes the marked packs, then lets the
// triggers work again. Readers keep the schema of their snapshot meanwhile, and a rollback
// restores all. A county never screened has no packs and no generation to raise, as the
// triggers' condition says. On PostgreSQL the generation is raised only at the end, so that
// the import does not hold its row (which every writer of the county updates) while it loads;
// raising it waits for a screening storing packs of the county, and the packs it stored since
// the import read the county's are deleted too, since they may have been built without the
// import's rows.

// packSuspension is the pack triggers an import holds, with what it knows of each county's
// packs.
type packSuspension struct {
	db       *DB
	triggers []string // SQLite: the CREATE TRIGGER statements taken off
	counties map[region.Code]*suspendedCounty
}

// suspendedCounty is a county's packs during an import: tracked when the county has a pack
// generation, written once the import has written a household of it, and its packs by lo
// (as the import first read them), those holding a written household marked.
type suspendedCounty struct {
	tracked, written bool
	packs            []packSeg
	marked           []bool
}

// dropPacks marks the packs of the households an import's Replace writes, old (their stored
// keys) and aggs, holding the triggers first.
func (w *ImportTx) dropPacks(ctx context.Context, old []ImportKey, aggs []*registry.Aggregate) error {
	db := w.s.db
	if w.packs == nil {
		p, err := suspendPacks(ctx, db, w.tx)
		if err != nil {
			return err
		}
		w.packs = p
	}
	for _, k := range old {
		if err := w.packs.mark(ctx, w.tx, k.County, k.No); err != nil {
			return err
		}
	}
	for _, a := range aggs {
		if err := w.packs.mark(ctx, w.tx, a.Household.County(), a.Household.No); err != nil {
			return err
		}
	}
	return nil
}

func suspendPacks(ctx context.Context, db *DB, tx *sql.Tx) (*packSuspension, error) {
	p := &packSuspension{db: db, counties: map[region.Code]*suspendedCounty{}}
	if db.Dialect == Postgres {
		_, err := tx.ExecContext(ctx, `SET LOCAL gonggu.packs_held = 'on'`)
		return p, internal(err, "registry.packs suspend")
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger'
		AND name LIKE '%\_pack\_%' ESCAPE '\'`)
	if err != nil {
		return nil, internal(err, "registry.packs suspend")
	}
	var names []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, internal(err, "registry.packs suspend")
		}
		names = append(names, name)
		p.triggers = append(p.triggers, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err, "registry.packs suspend")
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+strings.ReplaceAll(n, `"`, `""`)+`"`); err != nil {
			return nil, internal(err, "registry.packs suspend")
		}
	}
	return p, nil
}

// mark notes for one household what the triggers do for each of its rows: its county's
// generation to raise, and the pack holding it (the greatest lo at or below its 户编号, if that
// pack reaches past it) to delete.
func (p *packSuspension) mark(ctx context.Context, tx *sql.Tx, county region.Code, no string) error {
	c, err := p.county(ctx, tx, county)
	if err != nil || !c.tracked {
		return err
	}
	c.written = true
	i := sort.Search(len(c.packs), func(i int) bool { return c.packs[i].lo > no }) - 1
	if i >= 0 && c.packs[i].hi > no {
		c.marked[i] = true
	}
	return nil
}

// county reads, once, whether the county has a pack generation and its packs (of any format,
// as the triggers delete them).
func (p *packSuspension) county(ctx context.Context, tx *sql.Tx, county region.Code) (*suspendedCounty, error) {
	if c := p.counties[county]; c != nil {
		return c, nil
	}
	c := &suspendedCounty{}
	err := tx.QueryRowContext(ctx, p.db.Rebind(`SELECT EXISTS (SELECT 1 FROM registry_pack_counties WHERE county_code = ?)`),
		string(county)).Scan(&c.tracked)
	if err != nil {
		return nil, internal(err, "registry.packs drop")
	}
	if c.tracked {
		if c.packs, err = packLos(ctx, p.db, tx, county); err != nil {
			return nil, err
		}
		c.marked = make([]bool, len(c.packs))
	}
	p.counties[county] = c
	return c, nil
}

// packLos lists a county's packs (lo and hi, of any format) by lo.
func packLos(ctx context.Context, db *DB, tx *sql.Tx, county region.Code) ([]packSeg, error) {
	rows, err := tx.QueryContext(ctx, db.Rebind(`SELECT lo, hi FROM registry_packs WHERE county_code = ? ORDER BY lo`), string(county))
	if err != nil {
		return nil, internal(err, "registry.packs drop")
	}
	defer rows.Close()
	var out []packSeg
	for rows.Next() {
		var s packSeg
		if err := rows.Scan(&s.lo, &s.hi); err != nil {
			return nil, internal(err, "registry.packs drop")
		}
		out = append(out, s)
	}
	return out, internal(rows.Err(), "registry.packs drop")
}

// resume raises the generation of each county written and deletes the marked packs, and the
// packs stored since the import read them, then lets the triggers work again.
func (p *packSuspension) resume(ctx context.Context, tx *sql.Tx) error {
	counties := slices.Sorted(maps.Keys(p.counties)) // one order of row locks for every import
	for _, county := range counties {
		c := p.counties[county]
		if !c.written {
			continue
		}
		if _, err := p.db.Exec(ctx, tx, `UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = ?`, string(county)); err != nil {
			return internal(err, "registry.packs drop")
		}
		read := map[string]bool{}
		for i, s := range c.packs {
			read[s.lo+"\x00"+s.hi] = !c.marked[i]
		}
		now, err := packLos(ctx, p.db, tx, county)
		if err != nil {
			return err
		}
		for _, s := range now {
			if keep, seen := read[s.lo+"\x00"+s.hi]; seen && keep {
				continue
			}
			if _, err := p.db.Exec(ctx, tx, `DELETE FROM registry_packs WHERE county_code = ? AND lo = ?`, string(county), s.lo); err != nil {
				return internal(err, "registry.packs drop")
			}
		}
	}
	if p.db.Dialect == Postgres {
		_, err := tx.ExecContext(ctx, `SET LOCAL gonggu.packs_held = 'off'`)
		return internal(err, "registry.packs resume")
	}
	for _, def := range p.triggers {
		if _, err := tx.ExecContext(ctx, def); err != nil {
			return internal(err, "registry.packs resume")
		}
	}
	return nil
}

// dropBulkPacks does, on PostgreSQL, what the held pack triggers would have done for the rows
// of batches a bulk load wrote in tx: it raises the generation of their counties that have one
// and deletes the packs holding their households, a statement a county.
func dropBulkPacks(ctx context.Context, tx pgx.Tx, batches []bulkRows) error {
	byCounty := map[string]map[string]bool{}
	for _, b := range batches {
		ci, ni := slices.Index(b.cols, "county_code"), slices.Index(b.cols, "household_no")
		if ci < 0 || ni < 0 {
			continue
		}
		for _, row := range b.rows {
			c, _ := row[ci].(string)
			n, _ := row[ni].(string)
			if byCounty[c] == nil {
				byCounty[c] = map[string]bool{}
			}
			byCounty[c][n] = true
		}
	}
	for _, c := range slices.Sorted(maps.Keys(byCounty)) {
		tag, err := tx.Exec(ctx, `UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = $1`, c)
		if err != nil {
			return internal(err, "bulk.drop packs")
		}
		if tag.RowsAffected() == 0 {
			continue // a county never screened has no packs
		}
		_, err = tx.Exec(ctx, `DELETE FROM registry_packs p USING unnest($2::text[]) AS w(no)
			WHERE p.county_code = $1
			AND p.lo = (SELECT max(q.lo) FROM registry_packs q WHERE q.county_code = $1 AND q.lo <= w.no COLLATE "C")
			AND p.hi > w.no COLLATE "C"`, c, slices.Collect(maps.Keys(byCounty[c])))
		if err != nil {
			return internal(err, "bulk.drop packs")
		}
	}
	return nil
}
