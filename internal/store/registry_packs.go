package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/golang/snappy"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Screening packs (SQLite only).
//
// A full screening reads every row of the four registry tables. Through the SQLite engine
// that walk is most of a screening's work: for a million households some 7.5 million rows, a
// microsecond or more each inside SQLite's virtual machine before a rule has looked at them.
// A pack holds the packed rows (the form the scan reads, see registry_scan.go) of up to
// packHouseholds consecutive households of a county in one blob, so that a screening reads a
// county as a few hundred blobs and cuts them apart in Go.
//
// The packs of a county cover its 户编号 range without gaps or overlap: each covers
// [lo, hi), the first from "" and the last to packEnd. The database keeps them true: every
// write to a registry table deletes the pack holding the household and raises the county's
// generation, in the writing transaction (triggers, migration 0070). A screening plans the
// county as its stored packs plus ranges without one; it builds a pack for each such range
// from the tables and stores it only if the county's generation has not moved since before
// it read the tables, so that a write that raced the build leaves no pack behind.
//
// PostgreSQL does the row walk in its own processes, beside the screening, and keeps no packs.

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

// usePacks reports whether a scan may read packs: a screening scan of a whole county on SQLite.
func (r *Registry) usePacks(opt ScanOptions, scope region.Code) bool {
	return opt.Screening && r.db.Dialect == SQLite && len(scope.Prefix()) <= 6
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
	gen, err := r.packGen(ctx, c)
	if err != nil {
		return err
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
// tables are read, so that a write from then on raises it.
func (r *Registry) packGen(ctx context.Context, county string) (int64, error) {
	var gen int64
	err := r.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := r.db.Exec(ctx, tx, `INSERT INTO registry_pack_counties (county_code, gen) VALUES (?, 0)
			ON CONFLICT (county_code) DO NOTHING`, county); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, r.db.Rebind(`SELECT gen FROM registry_pack_counties WHERE county_code = ?`), county).Scan(&gen)
	})
	return gen, internal(err, "registry.packs gen")
}

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
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT household_no FROM households
		WHERE county_code = ? AND household_no >= ? AND household_no < ? ORDER BY county_code, household_no`), county, lo, hi)
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
	for t, tb := range packTables {
		rows, err := conn.QueryContext(ctx, r.db.Rebind("SELECT "+r.db.packedExpr(tb.cols, tb.omit)+" FROM "+tb.name+
			" WHERE county_code = ? AND household_no >= ? AND household_no < ? ORDER BY county_code, "+strings.Join(tb.keys, ", ")), county, lo, hi)
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
	where, args := "county_code = ? AND household_no >= ? AND household_no < ?", []any{county, lo, hi}
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
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var gen int64
		if err := tx.QueryRowContext(ctx, db.Rebind(`SELECT gen FROM registry_pack_counties WHERE county_code = ?`), s.county).Scan(&gen); err != nil {
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
// more than its own write. Inside the import's transaction (on SQLite, the only writer until
// it commits) ImportTx takes the triggers off, drops the packs of the households it writes
// itself and puts the triggers back before it commits; readers keep the schema of their
// snapshot, and a rollback restores both. Being the only writer, it reads a county's packs
// once and deletes each pack holding a written household once, where the triggers ran a
// statement a row; a county never screened has no packs and no generation to raise, as the
// triggers' condition says.

// packSuspension is the pack triggers an import took off, with what it knows of each
// county's packs.
type packSuspension struct {
	db       *DB
	triggers []string // CREATE TRIGGER statements
	counties map[region.Code]*suspendedCounty
}

// suspendedCounty is a county's packs during an import: tracked when the county has a pack
// generation, raised once the import has raised it, and its packs by lo, those the import
// deleted marked so.
type suspendedCounty struct {
	tracked, raised bool
	packs           []packSeg
	deleted         []bool
}

// dropPacks drops the packs of the households an import's Replace writes, old (their stored
// keys) and aggs, taking the triggers off first.
func (w *ImportTx) dropPacks(ctx context.Context, old []ImportKey, aggs []*registry.Aggregate) error {
	db := w.s.db
	if db.Dialect != SQLite {
		return nil
	}
	if w.packs == nil {
		p, err := suspendPacks(ctx, db, w.tx)
		if err != nil {
			return err
		}
		w.packs = p
	}
	for _, k := range old {
		if err := w.packs.drop(ctx, w.tx, k.County, k.No); err != nil {
			return err
		}
	}
	for _, a := range aggs {
		if err := w.packs.drop(ctx, w.tx, a.Household.County(), a.Household.No); err != nil {
			return err
		}
	}
	return nil
}

func suspendPacks(ctx context.Context, db *DB, tx *sql.Tx) (*packSuspension, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger'
		AND name LIKE '%\_pack\_%' ESCAPE '\'`)
	if err != nil {
		return nil, internal(err, "registry.packs suspend")
	}
	p := &packSuspension{db: db, counties: map[region.Code]*suspendedCounty{}}
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

// drop does for one household what the triggers do for each of its rows.
func (p *packSuspension) drop(ctx context.Context, tx *sql.Tx, county region.Code, no string) error {
	c, err := p.county(ctx, tx, county)
	if err != nil || !c.tracked {
		return err
	}
	if !c.raised {
		if _, err := p.db.Exec(ctx, tx, `UPDATE registry_pack_counties SET gen = gen + 1 WHERE county_code = ?`, string(county)); err != nil {
			return internal(err, "registry.packs drop")
		}
		c.raised = true
	}
	// The pack with the greatest lo at or below no among those left, if it reaches past no:
	// as the triggers' statement chooses it.
	i := sort.Search(len(c.packs), func(i int) bool { return c.packs[i].lo > no }) - 1
	for i >= 0 && c.deleted[i] {
		i--
	}
	if i < 0 || c.packs[i].hi <= no {
		return nil
	}
	if _, err := p.db.Exec(ctx, tx, `DELETE FROM registry_packs WHERE county_code = ? AND lo = ?`, string(county), c.packs[i].lo); err != nil {
		return internal(err, "registry.packs drop")
	}
	c.deleted[i] = true
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
		rows, err := tx.QueryContext(ctx, p.db.Rebind(`SELECT lo, hi FROM registry_packs WHERE county_code = ? ORDER BY lo`), string(county))
		if err != nil {
			return nil, internal(err, "registry.packs drop")
		}
		for rows.Next() {
			var s packSeg
			if err := rows.Scan(&s.lo, &s.hi); err != nil {
				rows.Close()
				return nil, internal(err, "registry.packs drop")
			}
			c.packs = append(c.packs, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal(err, "registry.packs drop")
		}
		c.deleted = make([]bool, len(c.packs))
	}
	p.counties[county] = c
	return c, nil
}

func (p *packSuspension) resume(ctx context.Context, tx *sql.Tx) error {
	for _, def := range p.triggers {
		if _, err := tx.ExecContext(ctx, def); err != nil {
			return internal(err, "registry.packs resume")
		}
	}
	return nil
}
