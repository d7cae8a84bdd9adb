package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// DeptLists stores the department lists (部门数据比对): each import, the rows matched to
// households with the persons a roster does not list, the registry fields the lists filled and
// where they came from, and the cadres' decisions on what the departments say.
type DeptLists struct{ db *DB }

// NewDeptLists returns the department list store of db.
func NewDeptLists(db *DB) *DeptLists { return &DeptLists{db: db} }

// DeptList is an imported list in one county.
type DeptList struct {
	County   region.Code
	ID       string
	Batch    string
	Kind     deptlists.Kind
	Scope    region.Code
	File     string
	Sheet    string
	Year     int
	Types    []string
	By       string
	At       time.Time
	FileRows int
	Matched  int
	Missing  int
	// Unmatched are the rows of the file matched to nobody in the import's area.
	Unmatched int
	Filled    int
}

// Ref returns the list as its rows refer to it.
func (l *DeptList) Ref() *deptlists.ListRef {
	return &deptlists.ListRef{ID: l.ID, Kind: l.Kind, File: l.File, Scope: l.Scope, Year: l.Year, At: l.At, Types: l.Types}
}

// DeptRow is what a list says about one household: its rows about the household and its
// people, and the people (or the household) a complete list should hold and does not.
type DeptRow struct {
	HouseholdNo string
	Village     region.Code
	Entries     []deptlists.Entry
}

// DeptEntry is a stored entry with its household, its list and the decision taken on the
// person's (household's) data of the kind.
type DeptEntry struct {
	deptlists.Entry
	County      region.Code
	HouseholdNo string
	Village     region.Code
	ListID      string
	Kind        deptlists.Kind
	Decision    string // "", accepted or declined
	DecidedBy   string
	DecidedAt   time.Time
	Reason      string
}

// The decisions on a department's data.
const (
	DeptAccepted = "accepted"
	DeptDeclined = "declined"
)

// DeptFill is a registry record a list fills: the values of the fields given, which no source
// had provided, written with the provenance of the list.
type DeptFill struct {
	County      region.Code
	HouseholdNo string
	PersonNo    string // "" for household fields
	Person      registry.Person
	PFields     registry.FieldSet
	Household   registry.Household
	HFields     registry.FieldSet
	Year        int // an income's year: MedicalOOP is the value of IMedicalOOP
	MedicalOOP  registry.Money
	ListID      string
}

// VillageCount is, for a village and a list, the target persons the registry holds and how
// many of them the list covers (医保: shows insured).
type VillageCount struct {
	Village  region.Code
	Expected int
	Covered  int
}

// DeptImport is what one import writes in a county.
type DeptImport struct {
	List DeptList
	// Rows calls fn with each row to store, in any order.
	Rows func(fn func(r *DeptRow) error) error
	// Replace removes the rows of the kind's earlier lists in the list's area first: a roster
	// replaces its predecessors.
	Replace bool
	Fills   []DeptFill
	Counts  []VillageCount
	Source  string // the list as the provenance names it: 医保部门名单（参保名单.xlsx）
}

// Save writes the imports of one file (one per county) in one transaction with the audit entry:
// all of them or none.
func (s *DeptLists) Save(ctx context.Context, imps []*DeptImport, e audit.Entry) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		ins := newInserter(s.db, tx)
		defer ins.close()
		for _, imp := range imps {
			if err := s.save(ctx, tx, ins, imp); err != nil {
				return err
			}
		}
		if err := NewAuditLog(s.db).AppendTx(ctx, tx, e); err != nil {
			return err
		}
		return s.db.BumpDataVersion(ctx, tx, "registry")
	})
}

var deptRowCols = []string{"county_code", "household_no", "list_id", "village_code", "kind", "listed", "missing", "data"}

// deptRowBatch is how many rows go to the inserter at once.
const deptRowBatch = 2000

func (s *DeptLists) save(ctx context.Context, tx *sql.Tx, ins *inserter, imp *DeptImport) error {
	l := &imp.List
	county := string(l.County)
	if imp.Replace {
		q, args := `DELETE FROM dept_rows WHERE county_code = ? AND kind = ?`, []any{county, string(l.Kind)}
		if p := l.Scope.Prefix(); len(p) > 6 {
			q, args = q+` AND village_code >= ? AND village_code < ?`, append(args, p, prefixEnd(p))
		}
		if _, err := s.db.Exec(ctx, tx, q, args...); err != nil {
			return internal(err, "deptlists.replace")
		}
	}
	if _, err := s.db.Exec(ctx, tx, `INSERT INTO dept_lists (county_code, id, batch_id, kind, scope_code, file_name, sheet,
		year, types, imported_by, imported_at, file_rows, matched, missing, unmatched, filled)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		county, l.ID, l.Batch, string(l.Kind), string(l.Scope), l.File, l.Sheet, l.Year, strings.Join(l.Types, "、"),
		l.By, tsArg(l.At), l.FileRows, l.Matched, l.Missing, l.Unmatched, l.Filled); err != nil {
		return internal(err, "deptlists.save list")
	}
	b := bulkRows{table: "dept_rows", cols: deptRowCols}
	flush := func() error {
		if err := ins.insert(ctx, b); err != nil {
			return internal(err, "deptlists.save rows")
		}
		b.rows = b.rows[:0]
		return nil
	}
	if imp.Rows != nil {
		err := imp.Rows(func(r *DeptRow) error {
			listed, missing := 0, 0
			for i := range r.Entries {
				if r.Entries[i].Missing {
					missing++
				} else {
					listed++
				}
			}
			b.rows = append(b.rows, []any{county, r.HouseholdNo, l.ID, string(r.Village), string(l.Kind), int64(listed),
				int64(missing), deptlists.PackEntries(r.Entries)})
			if len(b.rows) >= deptRowBatch {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
	}
	for _, c := range imp.Counts {
		if _, err := s.db.Exec(ctx, tx, `INSERT INTO dept_village_counts (county_code, list_id, village_code, kind, year,
			expected, covered) VALUES (?, ?, ?, ?, ?, ?, ?)`, county, l.ID, string(c.Village), string(l.Kind), l.Year,
			c.Expected, c.Covered); err != nil {
			return internal(err, "deptlists.save counts")
		}
	}
	return s.fill(ctx, tx, imp.Fills, "fill", imp.Source, l.By, l.At)
}

// personFillCols and householdFillCols name the columns of the fields lists fill.
var (
	personFillCols = map[registry.Field]string{
		registry.PResidentMedical: "resident_medical", registry.PEmployeeMedical: "employee_medical",
		registry.PCriticalIllness: "critical_illness", registry.PSchoolStatus: "school_status",
		registry.PDibao: "dibao", registry.PTekun: "tekun", registry.PDeceasedOn: "deceased_on",
		registry.PDisabilityCategory: "disability_category", registry.PDisabilityGrade: "disability_grade",
		registry.PEmployeePension: "employee_pension", registry.PResidentPension: "resident_pension",
	}
	householdFillCols = map[registry.Field]string{
		registry.HHousingGrade: "housing_grade", registry.HHousingAppraised: "housing_appraised",
		registry.HUnsafeHouse: "unsafe_house", registry.HWaterSafe: "water_safe", registry.HWaterIssue: "water_issue",
		registry.HDibao: "dibao", registry.HTekun: "tekun",
	}
)

func personFillArg(p *registry.Person, f registry.Field) any {
	switch f {
	case registry.PResidentMedical:
		return flagArg(p.ResidentMedical)
	case registry.PEmployeeMedical:
		return flagArg(p.EmployeeMedical)
	case registry.PCriticalIllness:
		return flagArg(p.CriticalIllness)
	case registry.PSchoolStatus:
		return p.SchoolStatus
	case registry.PDibao:
		return flagArg(p.Dibao)
	case registry.PTekun:
		return flagArg(p.Tekun)
	case registry.PDeceasedOn:
		return dateArg(p.DeceasedOn)
	case registry.PDisabilityCategory:
		return p.DisabilityCategory
	case registry.PDisabilityGrade:
		return p.DisabilityGrade
	case registry.PEmployeePension:
		return flagArg(p.EmployeePension)
	case registry.PResidentPension:
		return flagArg(p.ResidentPension)
	}
	panic("store: person field " + f.Label() + " is not fillable")
}

func householdFillArg(h *registry.Household, f registry.Field) any {
	switch f {
	case registry.HHousingGrade:
		return h.HousingGrade
	case registry.HHousingAppraised:
		return dateArg(h.HousingAppraised)
	case registry.HUnsafeHouse:
		return flagArg(h.UnsafeHouse)
	case registry.HWaterSafe:
		return flagArg(h.WaterSafe)
	case registry.HWaterIssue:
		return h.WaterIssue
	case registry.HDibao:
		return flagArg(h.Dibao)
	case registry.HTekun:
		return flagArg(h.Tekun)
	}
	panic("store: household field " + f.Label() + " is not fillable")
}

// fill writes the fills: each record's fields with their values, the fields taken out of its
// uncollected set, the household's version raised once, and a provenance row per record.
func (s *DeptLists) fill(ctx context.Context, tx *sql.Tx, fills []DeptFill, how, source, by string, at time.Time) error {
	bumped := map[string]bool{}
	prov := bulkRows{table: "field_sources", cols: []string{"county_code", "household_no", "person_no", "year", "tbl",
		"list_id", "how", "fields", "source", "at", "username"}}
	for i := range fills {
		f := &fills[i]
		county := string(f.County)
		type part struct {
			table  string
			cols   map[registry.Field]string
			fields []registry.Field
			arg    func(registry.Field) any
			where  string
			key    []any
			tbl    registry.Table
			set    registry.FieldSet
		}
		parts := []part{
			{"persons", personFillCols, f.PFields.List(registry.PersonTable), func(x registry.Field) any { return personFillArg(&f.Person, x) },
				"county_code = ? AND household_no = ? AND person_no = ?", []any{county, f.HouseholdNo, f.PersonNo}, registry.PersonTable, f.PFields},
			{"households", householdFillCols, f.HFields.List(registry.HouseholdTable), func(x registry.Field) any { return householdFillArg(&f.Household, x) },
				"county_code = ? AND household_no = ?", []any{county, f.HouseholdNo}, registry.HouseholdTable, f.HFields},
		}
		if f.Year != 0 {
			parts = append(parts, part{"incomes", map[registry.Field]string{registry.IMedicalOOP: "medical_oop"},
				[]registry.Field{registry.IMedicalOOP}, func(registry.Field) any { return int64(f.MedicalOOP) },
				"county_code = ? AND household_no = ? AND year = ?", []any{county, f.HouseholdNo, f.Year}, registry.IncomeTable,
				registry.FieldSet(0).With(registry.IMedicalOOP)})
		}
		for _, p := range parts {
			if len(p.fields) == 0 {
				continue
			}
			var sets []string
			var args []any
			for _, x := range p.fields {
				sets = append(sets, p.cols[x]+" = ?")
				args = append(args, p.arg(x))
			}
			// The fields' bits leave the uncollected set: uncollected & ^set, written with a
			// bound mask since the engines spell bitwise negation differently.
			sets = append(sets, "uncollected = uncollected & ?")
			args = append(args, int64(^p.set))
			if _, err := s.db.Exec(ctx, tx, "UPDATE "+p.table+" SET "+strings.Join(sets, ", ")+" WHERE "+p.where,
				append(args, p.key...)...); err != nil {
				return internal(err, "deptlists.fill "+p.table)
			}
			person := ""
			if p.tbl == registry.PersonTable {
				person = f.PersonNo
			}
			year := 0
			if p.tbl == registry.IncomeTable {
				year = f.Year
			}
			prov.rows = append(prov.rows, []any{county, f.HouseholdNo, person, int64(year), int64(p.tbl), f.ListID, how,
				int64(p.set), source, tsArg(at), by})
		}
		if k := county + "/" + f.HouseholdNo; !bumped[k] {
			bumped[k] = true
			if _, err := s.db.Exec(ctx, tx, `UPDATE households SET version = version + 1 WHERE county_code = ? AND household_no = ?`,
				county, f.HouseholdNo); err != nil {
				return internal(err, "deptlists.fill version")
			}
		}
	}
	if len(prov.rows) == 0 {
		return nil
	}
	// A record a list filled before keeps one row per list and way: the latest.
	for _, r := range prov.rows {
		if _, err := s.db.Exec(ctx, tx, `INSERT INTO field_sources (county_code, household_no, person_no, year, tbl, list_id,
			how, fields, source, at, username) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (county_code, household_no, person_no, year, tbl, list_id, how)
			DO UPDATE SET fields = excluded.fields, source = excluded.source, at = excluded.at, username = excluded.username`, r...); err != nil {
			return internal(err, "deptlists.provenance")
		}
	}
	return nil
}

// AcceptTx records, in the caller's transaction, that a cadre accepted what a department's
// row says: the fields the accept set on the records (their provenance) and the decision on the
// rows of the kind about the person (household).
func (s *DeptLists) AcceptTx(ctx context.Context, tx *sql.Tx, county region.Code, householdNo, personNo string,
	kind deptlists.Kind, fills []DeptFill, source string) error {
	a := audit.ActorFrom(ctx)
	now := s.db.Now()
	prov := func(person string, year int, tbl registry.Table, set registry.FieldSet, list string) error {
		if set == 0 {
			return nil
		}
		_, err := s.db.Exec(ctx, tx, `INSERT INTO field_sources (county_code, household_no, person_no, year, tbl, list_id,
			how, fields, source, at, username) VALUES (?, ?, ?, ?, ?, ?, 'accept', ?, ?, ?, ?)
			ON CONFLICT (county_code, household_no, person_no, year, tbl, list_id, how)
			DO UPDATE SET fields = excluded.fields, source = excluded.source, at = excluded.at, username = excluded.username`,
			string(county), householdNo, person, int64(year), int64(tbl), list, int64(set), source, tsArg(now), a.Username)
		return internal(err, "deptlists.accept provenance")
	}
	for i := range fills {
		f := &fills[i]
		if err := prov(f.PersonNo, 0, registry.PersonTable, f.PFields, f.ListID); err != nil {
			return err
		}
		if err := prov("", 0, registry.HouseholdTable, f.HFields, f.ListID); err != nil {
			return err
		}
		if f.Year != 0 {
			if err := prov("", f.Year, registry.IncomeTable, registry.FieldSet(0).With(registry.IMedicalOOP), f.ListID); err != nil {
				return err
			}
		}
	}
	return s.decide(ctx, tx, county, householdNo, personNo, kind, DeptAccepted, "", a.Username, now)
}

// Decline records, with the reason, that a cadre does not take what a department's rows of a
// kind say about a person (household).
func (s *DeptLists) Decline(ctx context.Context, county region.Code, householdNo, personNo string, kind deptlists.Kind, reason string, e audit.Entry) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.decide(ctx, tx, county, householdNo, personNo, kind, DeptDeclined, reason, audit.ActorFrom(ctx).Username, s.db.Now()); err != nil {
			return err
		}
		return NewAuditLog(s.db).AppendTx(ctx, tx, e)
	})
}

func (s *DeptLists) decide(ctx context.Context, tx *sql.Tx, county region.Code, householdNo, personNo string,
	kind deptlists.Kind, decision, reason, by string, at time.Time) error {
	var list string
	err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT list_id FROM dept_rows WHERE county_code = ? AND household_no = ? AND kind = ?
		ORDER BY list_id DESC LIMIT 1`), string(county), householdNo, string(kind)).Scan(&list)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.NotFound, "这一户没有%s部门数据", kind)
	}
	if err != nil {
		return internal(err, "deptlists.decide")
	}
	_, err = s.db.Exec(ctx, tx, `INSERT INTO dept_decisions (county_code, household_no, person_no, kind, list_id, decision, reason,
		decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (county_code, household_no, person_no, kind) DO UPDATE SET list_id = excluded.list_id,
		decision = excluded.decision, reason = excluded.reason, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
		string(county), householdNo, personNo, string(kind), list, decision, reason, by, tsArg(at))
	return internal(err, "deptlists.decide")
}

// Facts returns what the stored lists say about the households of county in scope, or about
// the households nos only when nos is not nil, by 户编号.
func (s *DeptLists) Facts(ctx context.Context, county, scope region.Code, nos []string) (map[string]any, error) {
	lists, err := s.refs(ctx, county)
	if err != nil || len(lists) == 0 {
		return nil, err
	}
	out := map[string]any{}
	add := func(rows *sql.Rows) error {
		defer rows.Close()
		var no, list, data string
		for rows.Next() {
			if err := rows.Scan(&no, &list, &data); err != nil {
				return internal(err, "deptlists.facts")
			}
			ref := lists[list]
			if ref == nil {
				continue
			}
			es, err := deptlists.UnpackEntries(data)
			if err != nil {
				return err
			}
			f, _ := out[no].(*deptlists.Facts)
			if f == nil {
				f = &deptlists.Facts{Rows: make([]deptlists.Fact, 0, len(es))}
				out[no] = f
			}
			for _, e := range es {
				f.Rows = append(f.Rows, deptlists.Fact{List: ref, Seq: e.Seq, PersonNo: e.PersonNo, Missing: e.Missing, Row: e.Row})
			}
		}
		return internal(rows.Err(), "deptlists.facts")
	}
	const q = `SELECT household_no, list_id, data FROM dept_rows WHERE county_code = ?`
	if nos != nil {
		for start := 0; start < len(nos); start += 500 {
			batch := nos[start:min(start+500, len(nos))]
			args := append([]any{string(county)}, deptArgs(batch)...)
			rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q+` AND household_no IN (`+placeholders(len(batch))+`)`), args...)
			if err != nil {
				return nil, internal(err, "deptlists.facts")
			}
			if err := add(rows); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	where, args := q, []any{string(county)}
	if p := scope.Prefix(); len(p) > 6 {
		where, args = where+` AND village_code >= ? AND village_code < ?`, append(args, p, prefixEnd(p))
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(where), args...)
	if err != nil {
		return nil, internal(err, "deptlists.facts")
	}
	if err := add(rows); err != nil {
		return nil, err
	}
	return out, nil
}

func deptArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// refs returns the county's lists by id.
func (s *DeptLists) refs(ctx context.Context, county region.Code) (map[string]*deptlists.ListRef, error) {
	ls, err := s.query(ctx, `county_code = ?`, []any{string(county)}, 0)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*deptlists.ListRef, len(ls))
	for i := range ls {
		out[ls[i].ID] = ls[i].Ref()
	}
	return out, nil
}

var deptListCols = `county_code, id, batch_id, kind, scope_code, file_name, sheet, year, types, imported_by, imported_at,
	file_rows, matched, missing, unmatched, filled`

func (s *DeptLists) query(ctx context.Context, where string, args []any, limit int) ([]DeptList, error) {
	q := `SELECT ` + deptListCols + ` FROM dept_lists WHERE ` + where + ` ORDER BY imported_at DESC, county_code, id`
	if limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(limit)
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q), args...)
	if err != nil {
		return nil, internal(err, "deptlists.lists")
	}
	defer rows.Close()
	var out []DeptList
	for rows.Next() {
		var l DeptList
		var county, kind, scope, types string
		var at sql.NullString
		if err := rows.Scan(&county, &l.ID, &l.Batch, &kind, &scope, &l.File, &l.Sheet, &l.Year, &types, &l.By, &at,
			&l.FileRows, &l.Matched, &l.Missing, &l.Unmatched, &l.Filled); err != nil {
			return nil, internal(err, "deptlists.lists")
		}
		l.County, l.Kind, l.Scope, l.At = region.Code(county), deptlists.Kind(kind), region.Code(scope), parseTS(at)
		if types != "" {
			l.Types = strings.Split(types, "、")
		}
		out = append(out, l)
	}
	return out, internal(rows.Err(), "deptlists.lists")
}

// Lists returns the latest lists of the region's counties (of one kind when kind is not ""),
// newest first, at most limit. A list imported for an area that contains scope, or that scope
// contains, belongs to it.
func (s *DeptLists) Lists(ctx context.Context, scope region.Code, kind deptlists.Kind, limit int) ([]DeptList, error) {
	var conds []string
	var args []any
	if p := scope.Prefix(); p != "" {
		if len(p) >= 6 {
			conds, args = append(conds, "county_code = ?"), append(args, string(scope.County()))
		} else {
			conds, args = append(conds, "county_code >= ? AND county_code < ?"), append(args, p, prefixEnd(p))
		}
	}
	if kind != "" {
		conds, args = append(conds, "kind = ?"), append(args, string(kind))
	}
	if len(conds) == 0 {
		conds = []string{"1=1"}
	}
	ls, err := s.query(ctx, strings.Join(conds, " AND "), args, 0)
	if err != nil {
		return nil, err
	}
	var out []DeptList
	p := scope.Prefix()
	for _, l := range ls {
		lp := l.Scope.Prefix()
		if strings.HasPrefix(lp, p) || strings.HasPrefix(p, lp) {
			out = append(out, l)
		}
		if limit > 0 && len(out) == limit {
			break
		}
	}
	return out, nil
}

// NewDeptListID returns a new list id, which starts with the county's 6 digits.
func NewDeptListID(county region.Code) string { return NewFindingID(county) }

// Get returns a list by its id (which starts with its county's 6 digits).
func (s *DeptLists) Get(ctx context.Context, id string) (*DeptList, error) {
	county, ok := countyOfID(id)
	if !ok {
		return nil, errs.E(errs.NotFound, "没有编号为 %s 的部门名单", id)
	}
	ls, err := s.query(ctx, `county_code = ? AND id = ?`, []any{string(county), id}, 1)
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, errs.E(errs.NotFound, "没有编号为 %s 的部门名单", id)
	}
	return &ls[0], nil
}

// Batch returns the lists of one import, by county.
func (s *DeptLists) Batch(ctx context.Context, batch string) ([]DeptList, error) {
	return s.query(ctx, `batch_id = ?`, []any{batch}, 0)
}

// DeptRowFilter selects the entries of a list.
type DeptRowFilter struct {
	Missing bool        // the people missing from the list, instead of its rows
	Village region.Code // only households of this region (a township or village), "" for all
	Offset  int         // households to skip
	Limit   int         // households to return (0: all)
}

// Rows returns the entries of a list's households the filter selects, a page of households at
// a time, and how many entries the filter selects in all.
func (s *DeptLists) Rows(ctx context.Context, l *DeptList, f DeptRowFilter) ([]DeptEntry, int, error) {
	where, args := `county_code = ? AND list_id = ?`, []any{string(l.County), l.ID}
	count := "listed"
	if f.Missing {
		count = "missing"
	}
	where += ` AND ` + count + ` > 0`
	if p := f.Village.Prefix(); len(p) > 6 {
		where, args = where+` AND village_code >= ? AND village_code < ?`, append(args, p, prefixEnd(p))
	}
	var n sql.NullInt64
	if err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT SUM(`+count+`) FROM dept_rows WHERE `+where), args...).Scan(&n); err != nil {
		return nil, 0, internal(err, "deptlists.rows")
	}
	q := `SELECT household_no, village_code, data FROM dept_rows WHERE ` + where + ` ORDER BY village_code, household_no`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q), args...)
	if err != nil {
		return nil, 0, internal(err, "deptlists.rows")
	}
	var out []DeptEntry
	var nos []string
	for rows.Next() {
		var no, village, data string
		if err := rows.Scan(&no, &village, &data); err != nil {
			rows.Close()
			return nil, 0, internal(err, "deptlists.rows")
		}
		es, err := deptlists.UnpackEntries(data)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		nos = append(nos, no)
		for _, e := range es {
			if e.Missing == f.Missing {
				out = append(out, DeptEntry{Entry: e, County: l.County, HouseholdNo: no, Village: region.Code(village), ListID: l.ID, Kind: l.Kind})
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, internal(err, "deptlists.rows")
	}
	if err := s.withDecisions(ctx, l.County, nos, out); err != nil {
		return nil, 0, err
	}
	return out, int(n.Int64), nil
}

// withDecisions fills the decisions taken on the entries' people (households).
func (s *DeptLists) withDecisions(ctx context.Context, county region.Code, nos []string, es []DeptEntry) error {
	if len(es) == 0 {
		return nil
	}
	type key struct{ no, person, kind string }
	got := map[key]*DeptEntry{}
	for start := 0; start < len(nos); start += 500 {
		batch := nos[start:min(start+500, len(nos))]
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT household_no, person_no, kind, decision, reason, decided_by, decided_at
			FROM dept_decisions WHERE county_code = ? AND household_no IN (`+placeholders(len(batch))+`)`),
			append([]any{string(county)}, deptArgs(batch)...)...)
		if err != nil {
			return internal(err, "deptlists.decisions")
		}
		for rows.Next() {
			var k key
			var d DeptEntry
			var at sql.NullString
			if err := rows.Scan(&k.no, &k.person, &k.kind, &d.Decision, &d.Reason, &d.DecidedBy, &at); err != nil {
				rows.Close()
				return internal(err, "deptlists.decisions")
			}
			d.DecidedAt = parseTS(at)
			got[k] = &d
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal(err, "deptlists.decisions")
		}
	}
	for i := range es {
		e := &es[i]
		if d := got[key{e.HouseholdNo, e.PersonNo, string(e.Kind)}]; d != nil {
			e.Decision, e.Reason, e.DecidedBy, e.DecidedAt = d.Decision, d.Reason, d.DecidedBy, d.DecidedAt
		}
	}
	return nil
}

// Household returns every stored entry about a household, of every list, oldest list first.
func (s *DeptLists) Household(ctx context.Context, county region.Code, householdNo string) ([]DeptEntry, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT r.village_code, r.list_id, r.kind, r.data
		FROM dept_rows r JOIN dept_lists l ON l.county_code = r.county_code AND l.id = r.list_id
		WHERE r.county_code = ? AND r.household_no = ? ORDER BY l.imported_at`), string(county), householdNo)
	if err != nil {
		return nil, internal(err, "deptlists.household")
	}
	var out []DeptEntry
	for rows.Next() {
		var village, list, kind, data string
		if err := rows.Scan(&village, &list, &kind, &data); err != nil {
			rows.Close()
			return nil, internal(err, "deptlists.household")
		}
		es, err := deptlists.UnpackEntries(data)
		if err != nil {
			rows.Close()
			return nil, err
		}
		for _, e := range es {
			out = append(out, DeptEntry{Entry: e, County: county, HouseholdNo: householdNo, Village: region.Code(village),
				ListID: list, Kind: deptlists.Kind(kind)})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err, "deptlists.household")
	}
	return out, s.withDecisions(ctx, county, []string{householdNo}, out)
}

// FieldSource is where a record's fields came from.
type FieldSource struct {
	PersonNo string // "" for the household's (or an income's) fields
	Year     int    // the income's year, 0 otherwise
	Table    registry.Table
	Fields   registry.FieldSet
	ListID   string
	How      string // fill or accept
	Source   string
	At       time.Time
	By       string
}

// Sources returns where the household's department-provided fields came from, latest first.
func (s *DeptLists) Sources(ctx context.Context, county region.Code, householdNo string) ([]FieldSource, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT person_no, year, tbl, fields, list_id, how, source, at, username
		FROM field_sources WHERE county_code = ? AND household_no = ? ORDER BY at DESC, person_no`), string(county), householdNo)
	if err != nil {
		return nil, internal(err, "deptlists.sources")
	}
	defer rows.Close()
	var out []FieldSource
	for rows.Next() {
		var f FieldSource
		var tbl int
		var at sql.NullString
		if err := rows.Scan(&f.PersonNo, &f.Year, &tbl, &f.Fields, &f.ListID, &f.How, &f.Source, &at, &f.By); err != nil {
			return nil, internal(err, "deptlists.sources")
		}
		f.Table, f.At = registry.Table(tbl), parseTS(at)
		out = append(out, f)
	}
	return out, internal(rows.Err(), "deptlists.sources")
}

// VillageRate is a village's participation in one year: the target persons the registry held
// when the year's latest list was compared, and how many of them the list covered.
type VillageRate struct {
	Village  region.Code
	Year     int
	Expected int
	Covered  int
	ListID   string
}

// VillageRates returns, per village of the county, the counts of the latest list of the kind
// of each year, villages in code order and years ascending.
func (s *DeptLists) VillageRates(ctx context.Context, county region.Code, kind deptlists.Kind) (map[region.Code][]VillageRate, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT c.village_code, c.year, c.expected, c.covered, c.list_id, l.imported_at
		FROM dept_village_counts c JOIN dept_lists l ON l.county_code = c.county_code AND l.id = c.list_id
		WHERE c.county_code = ? AND c.kind = ? ORDER BY c.village_code, c.year, l.imported_at`), string(county), string(kind))
	if err != nil {
		return nil, internal(err, "deptlists.rates")
	}
	defer rows.Close()
	out := map[region.Code][]VillageRate{}
	for rows.Next() {
		var v VillageRate
		var village string
		var at sql.NullString
		if err := rows.Scan(&village, &v.Year, &v.Expected, &v.Covered, &v.ListID, &at); err != nil {
			return nil, internal(err, "deptlists.rates")
		}
		v.Village = region.Code(village)
		rs := out[v.Village]
		if n := len(rs); n > 0 && rs[n-1].Year == v.Year {
			rs[n-1] = v // a later list of the same year replaces it
		} else {
			rs = append(rs, v)
		}
		out[v.Village] = rs
	}
	return out, internal(rows.Err(), "deptlists.rates")
}

// DeptCounties returns the counties of the region that have department lists.
func (s *DeptLists) DeptCounties(ctx context.Context, scope region.Code) ([]region.Code, error) {
	ls, err := s.Lists(ctx, scope, "", 0)
	if err != nil {
		return nil, err
	}
	seen := map[region.Code]bool{}
	var out []region.Code
	for _, l := range ls {
		if !seen[l.County] {
			seen[l.County] = true
			out = append(out, l.County)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// MatchHousehold is what the comparison reads of a registry household: the household's fields
// lists compare or fill, and its people's.
type MatchHousehold struct {
	Household registry.Household
	Persons   []registry.Person
}

// MatchColumns narrows what Match reads: the household and person columns besides the keys
// (household_no, village_code, kind, category, uncollected; person_no, id_number,
// deceased_on, left_on, uncollected), by their column names. The fields of the others come
// back blank. Persons nil reads no people at all.
type MatchColumns struct {
	Households []string
	Persons    []string
}

// AllMatchColumns reads every column Match knows.
var AllMatchColumns = MatchColumns{
	Households: []string{"risk_eliminated", "dibao", "tekun", "unsafe_house", "housing_grade", "housing_appraised", "water_safe", "water_issue"},
	Persons: []string{"name", "birth", "relation", "health", "disability_category", "disability_grade", "school_status",
		"labour_skill", "work_location", "work_months", "employer", "post_type", "resident_medical", "employee_medical",
		"critical_illness", "resident_pension", "employee_pension", "dibao", "tekun"},
}

var (
	matchHouseholdCols = []string{"household_no", "village_code", "kind", "category", "uncollected", "risk_eliminated", "dibao",
		"tekun", "unsafe_house", "housing_grade", "housing_appraised", "water_safe", "water_issue"}
	matchPersonCols = []string{"household_no", "person_no", "id_number", "deceased_on", "left_on", "uncollected", "name", "birth",
		"relation", "health", "disability_category", "disability_grade", "school_status", "labour_skill", "work_location",
		"work_months", "employer", "post_type", "resident_medical", "employee_medical", "critical_illness", "resident_pension",
		"employee_pension", "dibao", "tekun"}
)

// selected returns the columns of all to read: the first keys of them, and the ones named in
// want; the others are read as blanks.
func selected(all []string, keys int, want []string) []string {
	out := make([]string, len(all))
	for i, c := range all {
		if i < keys || containsString(want, c) {
			out[i] = c
		}
	}
	return out
}

// Match streams the households of county in scope (every household, with its people, left and
// deceased included) to fn, with the columns cols names (see MatchColumns): those with people
// in 户编号 order as their people are read, then those without. Each row comes packed into one
// text, as the screening scan reads it. The household is fn's to keep; its Persons slice is
// reused after fn returns (the people's strings are fn's to keep).
func (s *DeptLists) Match(ctx context.Context, county, scope region.Code, cols MatchColumns, fn func(h *MatchHousehold) error) error {
	hwhere, hargs := `county_code = ?`, []any{string(county)}
	if p := scope.Prefix(); len(p) > 6 {
		hwhere, hargs = hwhere+` AND village_code >= ? AND village_code < ?`, append(hargs, p, prefixEnd(p))
	}
	var households []*MatchHousehold
	index := map[string]int{} // 户编号 → position in households, until fn has it
	err := s.packed(ctx, "households", selected(matchHouseholdCols, 5, cols.Households), hwhere, hargs, "household_no", func(f []string) error {
		h := &registry.Household{No: strings.Clone(f[0]), Village: region.Code(strings.Clone(f[1])), Kind: strings.Clone(f[2]),
			Category: strings.Clone(f[3]), HousingGrade: strings.Clone(f[9]), WaterIssue: strings.Clone(f[12])}
		u, err := strconv.ParseInt(f[4], 10, 64)
		if err != nil {
			return internal(err, "deptlists.match uncollected")
		}
		h.Uncollected = registry.FieldSet(u)
		for i, p := range []*registry.Flag{&h.RiskEliminated, &h.Dibao, &h.Tekun, &h.UnsafeHouse} {
			*p = packedFlag(f[5+i])
		}
		h.WaterSafe = packedFlag(f[11])
		if h.HousingAppraised, err = packedDate(f[10]); err != nil {
			return err
		}
		index[h.No] = len(households)
		households = append(households, &MatchHousehold{Household: *h})
		return nil
	})
	if err != nil {
		return err
	}
	if cols.Persons != nil {
		pcols := selected(matchPersonCols, 6, cols.Persons)
		var cur *MatchHousehold
		var buf []registry.Person // the people of the household being read, reused
		done := func() error {
			if cur == nil {
				return nil
			}
			// fn has the household now: the scan keeps nothing of it but the people's slice.
			households[index[cur.Household.No]] = nil
			delete(index, cur.Household.No)
			h := cur
			cur = nil
			err := fn(h)
			buf, h.Persons = h.Persons[:0], nil
			return err
		}
		err = s.packed(ctx, "persons", pcols, `county_code = ?`, []any{string(county)}, "household_no, person_no", func(f []string) error {
			if cur == nil || cur.Household.No != f[0] {
				if err := done(); err != nil {
					return err
				}
				i, ok := index[f[0]]
				if !ok {
					return nil // a household outside the scope
				}
				cur = households[i]
				cur.Persons = buf
			}
			p := registry.Person{HouseholdNo: cur.Household.No, No: strings.Clone(f[1]), IDNumber: strings.Clone(f[2]),
				Name: strings.Clone(f[6]), Relation: f[8], Health: strings.Clone(f[9]), DisabilityCategory: f[10], DisabilityGrade: f[11],
				SchoolStatus: f[12], LabourSkill: f[13], WorkLocation: strings.Clone(f[14]), Employer: strings.Clone(f[16]), PostType: f[17]}
			var err error
			if p.DeceasedOn, err = packedDate(f[3]); err != nil {
				return err
			}
			if p.LeftOn, err = packedDate(f[4]); err != nil {
				return err
			}
			u, err := strconv.ParseInt(f[5], 10, 64)
			if err != nil {
				return internal(err, "deptlists.match uncollected")
			}
			p.Uncollected = registry.FieldSet(u)
			if p.Birth, err = packedDate(f[7]); err != nil {
				return err
			}
			if f[15] != "" {
				n, err := strconv.Atoi(f[15])
				if err != nil {
					return internal(err, "deptlists.match work months")
				}
				p.WorkMonths = registry.CountOf(n)
			}
			for i, x := range []*registry.Flag{&p.ResidentMedical, &p.EmployeeMedical, &p.CriticalIllness, &p.ResidentPension,
				&p.EmployeePension, &p.Dibao, &p.Tekun} {
				*x = packedFlag(f[18+i])
			}
			cur.Persons = append(cur.Persons, p)
			return nil
		})
		if err != nil {
			return err
		}
		if err := done(); err != nil {
			return err
		}
	}
	// The households without people (all of them when no people were read), in 户编号 order.
	for _, h := range households {
		if h != nil {
			if err := fn(h); err != nil {
				return err
			}
		}
	}
	return nil
}

func packedFlag(s string) registry.Flag {
	switch s {
	case "1", "true", "t":
		return registry.Yes
	case "0", "false", "f":
		return registry.No
	}
	return registry.Unknown
}

func packedDate(s string) (registry.Date, error) {
	if s == "" {
		return registry.Date{}, nil
	}
	d, err := registry.ParseDate(s)
	if err != nil {
		return d, internal(err, "deptlists.match date")
	}
	return d, nil
}

// packed streams the rows of a table, each read as one text of its columns joined by the unit
// separator, to fn, in order. A row whose values hold the separator is read again column by
// column.
func (s *DeptLists) packed(ctx context.Context, table string, cols []string, where string, args []any, order string,
	fn func(fields []string) error) error {
	exprs := make([]string, len(cols))
	for i, c := range cols {
		switch {
		case c == "":
			exprs[i] = "''"
		case !nullableCols[c]:
			exprs[i] = c
		case s.db.Dialect == Postgres:
			exprs[i] = "coalesce(" + c + "::text, '')"
		default:
			exprs[i] = "ifnull(" + c + ", '')"
		}
	}
	joiner := "char(31)"
	if s.db.Dialect == Postgres {
		joiner = "chr(31)"
	}
	q := "SELECT concat_ws(" + joiner + ", " + strings.Join(exprs, ", ") + ") FROM " + table + " WHERE " + where + " ORDER BY " + order
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q), args...)
	if err != nil {
		return internal(err, "deptlists.match "+table)
	}
	defer rows.Close()
	fields := make([]string, len(cols))
	var packed string
	for rows.Next() {
		if err := rows.Scan(&packed); err != nil {
			return internal(err, "deptlists.match "+table)
		}
		if !splitPacked(packed, fields) {
			// A value holds the separator: read the row's columns one by one, by its key.
			if err := s.unpacked(ctx, table, cols, where, args, packed, fields); err != nil {
				return err
			}
		}
		if err := fn(fields); err != nil {
			return err
		}
	}
	return internal(rows.Err(), "deptlists.match "+table)
}

// unpacked reads the columns of the row whose packed form is packed (its first fields are the
// table's key) column by column into fields.
func (s *DeptLists) unpacked(ctx context.Context, table string, cols []string, where string, args []any, packed string, fields []string) error {
	parts := strings.SplitN(packed, sep, 3)
	keyWhere, keyArgs := where+" AND household_no = ?", append(append([]any{}, args...), parts[0])
	if table == "persons" && len(parts) > 1 {
		keyWhere, keyArgs = keyWhere+" AND person_no = ?", append(keyArgs, parts[1])
	}
	exprs := make([]string, len(cols))
	for i, c := range cols {
		switch {
		case c == "":
			exprs[i] = "''"
		case s.db.Dialect == Postgres:
			exprs[i] = "coalesce(" + c + "::text, '')"
		default:
			exprs[i] = "CAST(ifnull(" + c + ", '') AS TEXT)"
		}
	}
	dest := make([]any, len(cols))
	for i := range fields {
		dest[i] = &fields[i]
	}
	err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind("SELECT "+strings.Join(exprs, ", ")+" FROM "+table+" WHERE "+keyWhere), keyArgs...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.Conflict, "登记库在比对时发生了变化，请重新比对")
	}
	return internal(err, "deptlists.match "+table)
}

// IncomeOOP is a household's income record of a year as the 卫健 comparison reads it.
type IncomeOOP struct {
	HouseholdNo string
	Year        int
	MedicalOOP  registry.Money
	Uncollected registry.FieldSet
}

// Incomes returns the income records of the households and year.
func (s *DeptLists) Incomes(ctx context.Context, county region.Code, nos []string, year int) (map[string]IncomeOOP, error) {
	out := map[string]IncomeOOP{}
	for start := 0; start < len(nos); start += 500 {
		batch := nos[start:min(start+500, len(nos))]
		args := append([]any{string(county), year}, deptArgs(batch)...)
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT household_no, medical_oop, uncollected FROM incomes
			WHERE county_code = ? AND year = ? AND household_no IN (`+placeholders(len(batch))+`)`), args...)
		if err != nil {
			return nil, internal(err, "deptlists.incomes")
		}
		for rows.Next() {
			in := IncomeOOP{Year: year}
			var oop int64
			if err := rows.Scan(&in.HouseholdNo, &oop, &in.Uncollected); err != nil {
				rows.Close()
				return nil, internal(err, "deptlists.incomes")
			}
			in.MedicalOOP = registry.Money(oop)
			out[in.HouseholdNo] = in
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal(err, "deptlists.incomes")
		}
	}
	return out, nil
}
