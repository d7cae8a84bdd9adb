package store

import (
	"context"
	"database/sql"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
)

// What the stores of the county lists of indicators 3, 6 and 7 (relocation.go, employment.go,
// assistance.go) share: the scope of a query on a table keyed by county and region, finding a
// registry household by 户编号 or by a member's ID number, counting the objects with open
// findings village by village for the scorecard, and the log of the lists' imports.

// listScope returns the condition that limits the rows of a table (alias a, with county_code
// and col) to scope: the county key first, so that a county's rows are read by their key.
func listScope(a, col string, scope region.Code) (string, []any) {
	p := scope.Prefix()
	switch {
	case p == "":
		return "1=1", nil
	case len(p) < 6:
		return a + ".county_code >= ? AND " + a + ".county_code < ?", []any{p, prefixEnd(p)}
	case len(p) == 6:
		return a + ".county_code = ?", []any{string(scope.County())}
	default:
		return a + ".county_code = ? AND " + a + "." + col + " >= ? AND " + a + "." + col + " < ?",
			[]any{string(scope.County()), p, prefixEnd(p)}
	}
}

// householdOf finds a household of the county by its 户编号, or, when no is blank, by the ID key
// of a current member (the head first). It returns "" when there is none.
func householdOf(ctx context.Context, db *DB, tx *sql.Tx, county region.Code, no, key string) (string, error) {
	var found string
	var err error
	if no != "" {
		err = tx.QueryRowContext(ctx, db.Rebind(`SELECT household_no FROM households WHERE county_code = ? AND household_no = ?`),
			string(county), no).Scan(&found)
	} else if key != "" {
		err = tx.QueryRowContext(ctx, db.Rebind(`SELECT household_no FROM persons
			WHERE county_code = ? AND upper(substr(id_number, 1, 18)) = ? AND left_on IS NULL AND deceased_on IS NULL
			ORDER BY CASE WHEN relation = '户主' THEN 0 ELSE 1 END, household_no LIMIT 1`), string(county), key).Scan(&found)
	} else {
		return "", nil
	}
	if err == sql.ErrNoRows {
		return "", nil
	}
	return found, internal(err, "lists.household")
}

// missingHousehold is the Miss of a row whose household the county's registry lacks.
func missingHousehold(row int, no, id string) listfile.Miss {
	if no != "" {
		return listfile.Miss{Row: row, Header: "户编号", Value: no, Reason: "本县的农户中没有户编号「" + no + "」"}
	}
	return listfile.Miss{Row: row, Header: "证件号码", Reason: "本县农户的现有成员中没有这个证件号码（按前 18 位比对）"}
}

// objectsWithFindings counts, by village, the objects of table (keyed by county_code and idCol,
// placed by region_code) in scope and those of them with an open finding of one of the rules
// on the subject kind: a scorecard part's numerator and denominator. extra, with its
// arguments, limits the objects further (o is the table). Objects placed above a village are
// not counted.
func objectsWithFindings(ctx context.Context, db *DB, scope region.Code, table, idCol, kind string, ruleIDs []string, extra string, extraArgs ...any) (map[region.Code][2]int, error) {
	where, args := listScope("o", "region_code", scope)
	if extra != "" {
		where += " AND " + extra
		args = append(args, extraArgs...)
	}
	q := `SELECT o.region_code, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM findings f WHERE f.county_code = o.county_code
		AND f.subject_id = o.` + idCol + ` AND f.subject_kind = ? AND f.status = 'open' AND f.rule_id IN (` + placeholders(len(ruleIDs)) + `))
		THEN 1 ELSE 0 END)
		FROM ` + table + ` o WHERE ` + where + ` AND substr(o.region_code, 10, 3) <> '000' GROUP BY o.region_code`
	all := []any{kind}
	for _, r := range ruleIDs {
		all = append(all, r)
	}
	return countByVillage(ctx, db, q, append(all, args...))
}

// countByVillage runs a query of (village, denominator, numerator) rows into the counts a
// store.VillageCounter returns.
func countByVillage(ctx context.Context, db *DB, q string, args []any) (map[region.Code][2]int, error) {
	rows, err := db.SQL.QueryContext(ctx, db.Rebind(q), args...)
	if err != nil {
		return nil, internal(err, "lists.count")
	}
	defer rows.Close()
	out := map[region.Code][2]int{}
	for rows.Next() {
		var v string
		var den, num int
		if err := rows.Scan(&v, &den, &num); err != nil {
			return nil, internal(err, "lists.count")
		}
		if den > 0 && region.Code(v).Level() == region.Village {
			out[region.Code(v)] = [2]int{num, den}
		}
	}
	return out, internal(rows.Err(), "lists.count")
}

// counterOn is a VillageCounter of the lists' stores: declared in the scorecard's definitions
// before any database is open, bound to one by On (DBCounter).
type counterOn struct {
	db    *DB
	count func(ctx context.Context, db *DB, scope region.Code) (map[region.Code][2]int, error)
}

// On binds the counter to the database.
func (c counterOn) On(db *DB) VillageCounter { return counterOn{db: db, count: c.count} }

// CountVillages counts in the bound database.
func (c counterOn) CountVillages(ctx context.Context, scope region.Code) (map[region.Code][2]int, error) {
	if c.db == nil {
		return nil, errs.E(errs.Internal, "评分计数器未绑定数据库")
	}
	return c.count(ctx, c.db, scope)
}

// ListImport is one import of a county list of indicators 3, 6 and 7: what was read, and the
// error report of a refused file.
type ListImport struct {
	ID       string
	County   region.Code
	Domain   string // relocation, employment, assistance
	List     string // the list's key
	File     string
	Username string
	At       string
	Rows     int
	Problems int
	Summary  string
	Report   []byte // the xlsx error report; nil when the file was written
}

// ListImports keeps the log of the lists' imports.
type ListImports struct{ db *DB }

// NewListImports returns the import log of db.
func NewListImports(db *DB) *ListImports { return &ListImports{db: db} }

// Record logs an import and returns its id; a refused file's report is kept for download.
func (l *ListImports) Record(ctx context.Context, im *ListImport) (string, error) {
	now := l.db.Now()
	im.ID = string(im.County.Prefix()) + audit.NewID(now)
	im.Username = audit.ActorFrom(ctx).Username
	im.At = stamp(now)
	err := l.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := l.db.Exec(ctx, tx, `INSERT INTO list_imports (county_code, import_id, domain, list_key, file_name, username, at,
			rows_read, problems, summary, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			string(im.County), im.ID, im.Domain, im.List, clip(im.File, 200), im.Username, im.At, im.Rows, im.Problems,
			clip(im.Summary, 1000), im.Report)
		return err
	})
	return im.ID, internal(err, "lists.import")
}

// Recent returns the latest imports of a domain in scope, without their reports.
func (l *ListImports) Recent(ctx context.Context, domain string, scope region.Code, n int) ([]ListImport, error) {
	where, args := listScope("i", "county_code", scope.Up(min(scope.Level(), region.County)))
	rows, err := l.db.SQL.QueryContext(ctx, l.db.Rebind(`SELECT i.import_id, i.county_code, i.list_key, i.file_name, i.username, i.at,
		i.rows_read, i.problems, i.summary, i.report IS NOT NULL FROM list_imports i WHERE i.domain = ? AND `+where+`
		ORDER BY i.at DESC LIMIT ?`), append(append([]any{domain}, args...), n)...)
	if err != nil {
		return nil, internal(err, "lists.imports")
	}
	defer rows.Close()
	var out []ListImport
	for rows.Next() {
		im := ListImport{Domain: domain}
		var county string
		var report bool
		if err := rows.Scan(&im.ID, &county, &im.List, &im.File, &im.Username, &im.At, &im.Rows, &im.Problems, &im.Summary, &report); err != nil {
			return nil, internal(err, "lists.imports")
		}
		im.County = region.Code(county)
		if report {
			im.Report = []byte{}
		}
		out = append(out, im)
	}
	return out, internal(rows.Err(), "lists.imports")
}

// Report returns a refused import's error report, or errs.NotFound.
func (l *ListImports) Report(ctx context.Context, domain, id string) (*ListImport, error) {
	if len(id) < 6 {
		return nil, errs.E(errs.NotFound, "没有这次导入")
	}
	im := ListImport{ID: id, Domain: domain}
	var county string
	err := l.db.SQL.QueryRowContext(ctx, l.db.Rebind(`SELECT county_code, list_key, file_name, report FROM list_imports
		WHERE county_code = ? AND import_id = ? AND domain = ?`), id[:6]+"000000", id, domain).Scan(&county, &im.List, &im.File, &im.Report)
	if err == sql.ErrNoRows || (err == nil && im.Report == nil) {
		return nil, errs.E(errs.NotFound, "没有这次导入的错误报告")
	}
	im.County = region.Code(county)
	return &im, internal(err, "lists.report")
}

// keyOf returns the ID key of a number (listfile.IDKey) for the id_key columns.
func keyOf(id string) string { return listfile.IDKey(id) }

// targetCond is the SQL condition of a target household (h): a 脱贫户 (the spellings of
// score.TargetKinds) or monitored.
const targetCond = `(h.kind IN ('脱贫户', '一般脱贫户', '低保脱贫户', '特困供养脱贫户') OR h.category <> '')`

// labourCond is the SQL condition of a current person (p) with labour (普通, 技能, 弱或半), as
// the 务工监测 counts 脱贫劳动力: by the labour skill the registry records.
const labourCond = `p.left_on IS NULL AND p.deceased_on IS NULL AND p.labour_skill IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力')`

// workingCond is the SQL condition of a person (p) who works: work months, a work place or a
// public-welfare post.
const workingCond = `(COALESCE(p.work_months, 0) > 0 OR p.work_location <> '' OR p.post_type <> '')`

// HouseholdsOf returns the registry households of the county whose current members hold the
// ID keys: the households whose facts a list of people changes.
func HouseholdsOf(ctx context.Context, db *DB, county region.Code, keys []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for len(keys) > 0 {
		n := min(len(keys), 500)
		args := []any{string(county)}
		for _, k := range keys[:n] {
			args = append(args, k)
		}
		keys = keys[n:]
		rows, err := db.SQL.QueryContext(ctx, db.Rebind(`SELECT DISTINCT household_no FROM persons WHERE county_code = ?
			AND upper(substr(id_number, 1, 18)) IN (`+placeholders(n)+`) AND left_on IS NULL`), args...)
		if err != nil {
			return nil, internal(err, "lists.households")
		}
		for rows.Next() {
			var no string
			if err := rows.Scan(&no); err != nil {
				rows.Close()
				return nil, internal(err, "lists.households")
			}
			if !seen[no] {
				seen[no] = true
				out = append(out, no)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal(err, "lists.households")
		}
	}
	return out, nil
}
