package store_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// The shard test checks that gonggu's schema and SQL stay fit for a cluster distributed by
// county code (Citus, docs/scale.md): every table that belongs to a place is keyed by
// county_code, and every statement gonggu runs on such a table names its county, so that it
// runs on the one shard holding that county; the rest read reference tables, or are in the
// allow-list below with the reason they may reach every shard.

// referenceTables are the tables without county_code, each with where it lives on Citus and
// why. "reference" tables are copied to every worker, so that a county's statement may join
// them on its own shard; "coordinator" tables stay on the coordinator as plain PostgreSQL
// tables, since nothing county-keyed joins them and they are written once per run or request.
var referenceTables = map[string]string{
	"schema_migrations":      "coordinator: the migrations' bookkeeping; DDL is propagated by Citus",
	"params":                 "reference: policy parameters per region prefix and year, read by every county's screening",
	"users":                  "reference: accounts with their region scope; small, read on every request",
	"sessions":               "reference: login sessions, looked up by token hash on every request",
	"login_throttle":         "coordinator: failed-login counters by account and address, never joined",
	"audit_log":              "coordinator: append-only; written in the transaction of the change it records (see docs/scale.md for the cost)",
	"data_versions":          "reference: a version per cached data set, read on every request",
	"province_averages":      "reference: a province's indicator averages entered by hand, read by the scorecard",
	"fund_province_averages": "reference: the province's PV income averages by month, read by the funds rules of every county",
	"screen_runs":            "coordinator: one row per screening run of any scope",
	"imports":                "coordinator: one row per import of the national export, which may hold several counties",
	"pending_screens":        "coordinator: the households an import has still to re-screen, by import",
	"score_counts":           "coordinator: counts per region (village … province) and period, rolled up the tree; written after screening, small",
}

// keyedWithoutCountyKey are county-keyed tables whose primary key does not start with
// county_code. Citus requires the distribution column in every primary key and unique index,
// so each needs the migration docs/scale.md describes before it can be distributed.
var keyedWithoutCountyKey = map[string]string{
	"ledger_history": "primary key id alone; (county_code, item_id, seq) is unique already and becomes the key",
	"ledger_files":   "primary key id alone; becomes (county_code, id)",
}

// tableInfo is a table of the migrated schema.
type tableInfo struct {
	cols    []string // in order
	pk      []string // in key order
	uniques [][]string
}

// schemaTables reads the tables of a migrated SQLite database.
func schemaTables(t *testing.T, db *store.DB) map[string]*tableInfo {
	t.Helper()
	ctx := context.Background()
	names := storetest.Strings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	out := map[string]*tableInfo{}
	for _, n := range names {
		ti := &tableInfo{}
		type pkcol struct {
			name string
			pos  int
		}
		var pks []pkcol
		rows, err := db.SQL.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, n)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var c string
			var pk int
			if err := rows.Scan(&c, &pk); err != nil {
				t.Fatal(err)
			}
			ti.cols = append(ti.cols, c)
			if pk > 0 {
				pks = append(pks, pkcol{c, pk})
			}
		}
		rows.Close()
		sort.Slice(pks, func(i, j int) bool { return pks[i].pos < pks[j].pos })
		for _, p := range pks {
			ti.pk = append(ti.pk, p.name)
		}
		idx := storetest.Strings(t, db, `SELECT name FROM pragma_index_list(?) WHERE "unique" = 1 AND origin <> 'pk'`, n)
		for _, i := range idx {
			ti.uniques = append(ti.uniques, storetest.Strings(t, db, `SELECT coalesce(name, '') FROM pragma_index_info(?) ORDER BY seqno`, i))
		}
		out[n] = ti
	}
	return out
}

// countyKeyed returns the tables with a county_code column.
func countyKeyed(tables map[string]*tableInfo) map[string]bool {
	keyed := map[string]bool{}
	for n, ti := range tables {
		for _, c := range ti.cols {
			if c == "county_code" {
				keyed[n] = true
			}
		}
	}
	return keyed
}

// TestShardTables checks the schema's side: every table is county-keyed, with county_code
// first in its primary key and in every unique index, or is a reference or coordinator
// table listed above with its reason.
func TestShardTables(t *testing.T) {
	e := storetest.SQLite(t)
	tables := schemaTables(t, e.DB)
	keyed := countyKeyed(tables)
	var names []string
	for n := range tables {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ti := tables[n]
		if !keyed[n] {
			if _, ok := referenceTables[n]; !ok {
				t.Errorf("table %s has no county_code and is not listed as a reference or coordinator table: "+
					"key it by county_code first (docs/architecture.md) or list it in referenceTables with why", n)
			}
			continue
		}
		if _, ok := referenceTables[n]; ok {
			t.Errorf("table %s has county_code but is listed as a reference table", n)
		}
		if _, ok := keyedWithoutCountyKey[n]; ok {
			if len(ti.pk) > 0 && ti.pk[0] == "county_code" {
				t.Errorf("table %s is keyed by county_code now: take it off keyedWithoutCountyKey", n)
			}
			continue
		}
		if ti.cols[0] != "county_code" {
			t.Errorf("table %s: county_code is column %d, not the first", n, indexOf(ti.cols, "county_code")+1)
		}
		if len(ti.pk) == 0 || ti.pk[0] != "county_code" {
			t.Errorf("table %s: primary key %v does not start with county_code, the distribution column", n, ti.pk)
		}
		for _, u := range ti.uniques {
			if indexOf(u, "county_code") < 0 {
				t.Errorf("table %s: unique index on %v lacks county_code; Citus cannot enforce it across shards", n, u)
			}
		}
	}
	for n := range referenceTables {
		if tables[n] == nil {
			t.Errorf("referenceTables lists %s, which the schema no longer has", n)
		}
	}
	for n := range keyedWithoutCountyKey {
		if tables[n] == nil {
			t.Errorf("keyedWithoutCountyKey lists %s, which the schema no longer has", n)
		}
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// crossCounty is a statement allowed to reach every shard: the function that runs it, a
// piece of its SQL (compared with spaces collapsed and case ignored) and why that is right.
type crossCounty struct {
	Func string
	SQL  string
	Why  string
}

// Reasons shared by several entries below.
const (
	whyRegistryIndex = "a registry-wide index of the screening engine (ARCHITECTURE.md: registry-wide checks such as " +
		"duplicate ID numbers and shared phones are findings the engine computes, not constraints): the same person or " +
		"phone may be registered in two counties, and finding that is the point. On Citus it is one multi-shard query " +
		"per batch of keys, each shard probing its own persons_id18 / persons_phone index"
	whyByNumber = "finds a household by its 户编号 alone, which is unique across the registry (kept by the store, not " +
		"by a constraint across counties) and is all the caller has (a link, a form, a file row). On Citus it asks every " +
		"shard, one probe of the households_no index each; docs/scale.md plans a reference table 户编号 → county for it"
	whyRegionScope = "a scope written on village_code or region_code alone. At county level and below the range lies " +
		"inside one county, and the village index serves it on SQLite (a county_code condition would make SQLite walk the " +
		"county by its primary key); Citus cannot see that and asks every shard, each answering from its index with nothing " +
		"outside the county. Above county level it is the city's or province's roll-up, cross-county by what it asks. " +
		"docs/scale.md: the Citus migration adds county_code = ? (or the county range) beside the region range"
	whyOtherCounty = "looks for the same person in another county on purpose (one person, one post or workshop job " +
		"across the province); on Citus the inner lookup by ID key is a multi-shard query whose result is pushed down " +
		"to the county's shard (recursive planning), or a repartition join where it is a join"
)

// allowedCrossCounty are the statements that name no county on purpose, with why each is right.
var allowedCrossCounty = []crossCounty{
	// The screening engine's registry-wide indexes, and the open findings of the households they find.
	{"screen.(*Engine).related", "FROM persons WHERE phone IN (", whyRegistryIndex},
	{"screen.(*Engine).related", "FROM persons WHERE upper(substr(id_number, 1, 18)) IN (", whyRegistryIndex},
	{"screen.phoneHolders", "SELECT phone, household_no FROM persons WHERE phone IN (", whyRegistryIndex},
	{"screen.deceasedKeys", "FROM persons WHERE deceased_on IS NOT NULL AND left_on IS NULL", whyRegistryIndex},
	{"screen.loadLocalWorld", "FROM persons WHERE upper(substr(id_number, 1, 18)) IN (", whyRegistryIndex},
	{"store.(*Findings).activeBy", "FROM findings WHERE subject_kind = 'person' AND subject_id IN (",
		"the open findings on the people the registry-wide index found, whichever county holds them, so that a " +
			"re-screen closes a duplicate-ID finding on both households; " + whyRegistryIndex},
	{"store.(*Findings).activeBy", "FROM findings WHERE household_no IN (",
		"the open findings of the households the registry-wide index found, in any county; " + whyRegistryIndex},
	{"store.(*Registry).Counties", "WITH RECURSIVE c(code) AS (SELECT (SELECT MIN(county_code) FROM households WHERE 1=1)",
		"lists the registry's counties by seeking from one to the next on the primary key (a DISTINCT walks every " +
			"household); on Citus each step's MIN is a multi-shard aggregate of one index probe per shard"},

	// A household found by its 户编号.
	{"store.(*Registry).countyOf", "SELECT county_code FROM households WHERE household_no = ?", whyByNumber},
	{"store.(*Registry).conflict", "SELECT version FROM households WHERE household_no = ?", whyByNumber},
	{"store.(*Registry).PutTx", "UPDATE households SET version = version + 1 WHERE household_no = ?",
		"the version check and raise of a save, by 户编号, since a household's county changes with its village; " + whyByNumber},
	{"store.(*Procedures).household", "FROM households WHERE household_no = ?", whyByNumber},
	{"store.(*Recognition).householdPlace", "SELECT village_code FROM households WHERE household_no = ?", whyByNumber},
	{"store.(*Support).householdVillage", "SELECT village_code FROM households WHERE household_no = ?", whyByNumber},
	{"store.(*Support).pairingRows", "WHERE p.household_no = ?", whyByNumber},
	{"store.(*Archives).Household", "FROM households WHERE household_no = ?", whyByNumber},
	{"store.(*Imports).Counties", "SELECT county_code, household_no FROM households WHERE household_no IN (",
		"an import finds where each household of the file is already stored, to merge the file with it; " + whyByNumber},

	// Scopes on village or region codes.
	{"store.(*Registry).CountByChild", "FROM households h WHERE h.village_code >= ? AND h.village_code < ?", whyRegionScope},
	{"store.(*Registry).VillageHouseholds", "WHERE h.village_code = ?", whyRegionScope},
	{"store.(*Registry).Search", ") m JOIN households h ON h.county_code = m.county_code AND h.household_no = m.household_no",
		"a search looks the name, number or phone up in the indexes of every county (on Citus each shard answers from its " +
			"own), then keeps what lies in the reader's scope; " + whyRegionScope},
	{"store.(*Keycard).Labour", "WHERE h.village_code >= ? AND h.village_code < ?", whyRegionScope},
	{"store.(*Keycard).Monitoring", "FROM households h WHERE h.village_code >= ? AND h.village_code < ?", whyRegionScope},
	{"store.(*Keycard).People", "FROM households h WHERE h.village_code >= ? AND h.village_code < ?", whyRegionScope},
	{"store.(*Scores).villagePopulations", "FROM households h WHERE h.village_code >= ? AND h.village_code < ?", whyRegionScope},
	{"store.(*Scores).Briefs", "AND h.village_code >= ? AND h.village_code < ?", whyRegionScope},
	{"store.(*Scores).readFindings", "FROM findings WHERE status = 'open' AND region_code >= ? AND region_code < ?",
		"the scorecard's roll-up of open findings per household and village; " + whyRegionScope},
	{"store.(*Support).EachHousehold", "FROM households h WHERE h.village_code >= ? AND h.village_code < ?", whyRegionScope},
	{"store.(*Assistance).EachExport", "WHERE h.village_code >= ? AND h.village_code < ? ORDER BY w.county_code", whyRegionScope},
	{"store.(*Relocation).EachExport", "WHERE h.village_code >= ? AND h.village_code < ? ORDER BY", whyRegionScope},
	{"store.(*Employment).registryFigures", "WHERE h.village_code >= ? AND h.village_code < ?", whyRegionScope},
	{"store.(*Findings).OpenPerHousehold", "FROM findings WHERE region_code = ? AND status = 'open'", whyRegionScope},
	{"store.(*Findings).Count", "SELECT COUNT(*) FROM findings WHERE region_code >= ? AND region_code < ?",
		"a city's count of open findings by rule after a department's list is compared (FindingFilter's scope " +
			"above county level); " + whyRegionScope},
	{"store.(*Findings).ActiveCounties", "FROM findings WHERE region_code >= ? AND region_code < ?",
		"the counties with open findings in a region, asked before per-county work; " + whyRegionScope},

	// Cross-county by what they ask.
	{"store.(*Employment).EachPost", "WHERE x.id_key IN (SELECT id_key FROM posts WHERE county_code = ?)", whyOtherCounty},
	{"store.(*Employment).Facts", "JOIN posts x ON x.id_key = upper(substr(p.id_number, 1, 18))", whyOtherCounty},
	{"store.(*Employment).EachWorkshop", "EXISTS (SELECT 1 FROM persons p JOIN households h", whyOtherCounty},
	{"store.(*Employment).Workshops", "EXISTS (SELECT 1 FROM persons p JOIN households h", whyOtherCounty},
	{"store.(*Ledger).Tracked", "WHERE i.status <> 'closed' AND lf.finding_id IN (",
		"the ledger items tracking a page's findings, which at city level come from several counties; finding IDs " +
			"begin with their county's code (NewFindingID), so the Citus version adds lf.county_code IN (…) taken from them"},
	{"store.(*Ledger).Tracking", "WHERE lf.finding_id IN (",
		"as Tracked: finding IDs carry their county, from which the Citus version adds lf.county_code IN (…)"},
	{"store.(*DeptLists).query", "FROM dept_lists WHERE batch_id = ?",
		"a department's list is imported once for a city and stored per county; its batch is read back whole, " +
			"a multi-shard query over a few rows per county"},
	{"store.(*Support).CadreOfUser", "FROM cadres WHERE username = ?",
		"the cadre record of the logged-in helper, found by login name: accounts are reference data, not county-keyed; " +
			"the Citus version adds the county of the user's region"},
	{"store.(*Registry).CountHouseholds", "SELECT COUNT(*) FROM households WHERE 1=1",
		"Registry.Bulk asks whether the registry is empty before it drops indexes for a load; the generator's path, " +
			"run by an administrator, never by a county's request; a parallel count on every shard"},
	{"store.(*ImportTx).CountPersons", "SELECT COUNT(*) FROM persons",
		"the size of the registry an import compares with the file's, once per import; a parallel count on every shard"},
	{"importer.(*Importer).begin", "SELECT COUNT(*) FROM persons",
		"as ImportTx.CountPersons: once per import, before its transaction"},
}

// assignsCounty are the UPDATEs allowed to assign county_code, with why and what Citus needs.
var assignsCounty = []crossCounty{
	{"store.(*Registry).PutTx", "UPDATE households SET county_code = ?",
		"a save rewrites the household's row in place, so that a save waiting on its lock sees the new version; its " +
			"county changes with its village. Citus refuses a changed distribution column: docs/scale.md plans the " +
			"move between counties as delete and insert in one distributed transaction"},
}

func normSQL(q string) string { return strings.ToLower(strings.Join(strings.Fields(q), " ")) }

func (a crossCounty) matches(fn, q string) bool {
	return a.Func == fn && strings.Contains(normSQL(q), normSQL(a.SQL))
}

// sqlLiteral is a SQL statement written in the Go source: complete when every part of it is a
// literal, partial when it is completed at run time (a scope condition, an IN list, a column
// list), which only the recording sees whole.
type sqlLiteral struct {
	Func     string // the function it is in, or the package-level variable it initialises
	Pos      string
	SQL      string
	Complete bool
	InVar    bool // a package-level variable's value, used by functions the recording names
}

// sourceSQL collects the SQL statements in gonggu's Go source outside tests: every string
// literal, or sum of literals, that starts as a DML statement does, with the function it is in.
func sourceSQL(t *testing.T) []sqlLiteral {
	t.Helper()
	root := filepath.Join("..")
	var out []sqlLiteral
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil // a file another change is halfway through; the build reports it
		}
		pkg := f.Name.Name
		for _, decl := range f.Decls {
			fn, inVar := pkg, false
			switch d := decl.(type) {
			case *ast.FuncDecl:
				fn = pkg + "." + funcDeclName(d)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if vs, ok := s.(*ast.ValueSpec); ok && len(vs.Names) > 0 {
						fn, inVar = pkg+"."+vs.Names[0].Name, true
					}
				}
			}
			// A statement handed straight to a call (QueryContext, Exec, Rebind, a query helper) is
			// what runs; one kept in a variable may still be added to (q += " WHERE …").
			direct := map[ast.Expr]bool{}
			ast.Inspect(decl, func(n ast.Node) bool {
				var e ast.Expr
				switch x := n.(type) {
				case *ast.CallExpr:
					for _, a := range x.Args {
						direct[a] = true
					}
					return true
				case *ast.BinaryExpr:
					if x.Op != token.ADD {
						return true
					}
					e = x
				case *ast.BasicLit:
					e = x
				default:
					return true
				}
				text, complete, ok := foldString(e)
				if !ok || !looksLikeDML(text) {
					return true
				}
				if strings.Contains(text, "%") || !direct[e] {
					complete = false
				}
				out = append(out, sqlLiteral{Func: fn, Pos: fset.Position(e.Pos()).String(), SQL: text, Complete: complete, InVar: inVar})
				return false
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// funcDeclName is a function's name as the runtime spells it: F, (*T).M or T.M.
func funcDeclName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	rt := d.Recv.List[0].Type
	if ix, ok := rt.(*ast.IndexExpr); ok { // generic receiver
		rt = ix.X
	}
	switch r := rt.(type) {
	case *ast.StarExpr:
		x := r.X
		if ix, ok := x.(*ast.IndexExpr); ok {
			x = ix.X
		}
		if id, ok := x.(*ast.Ident); ok {
			return "(*" + id.Name + ")." + d.Name.Name
		}
	case *ast.Ident:
		return r.Name + "." + d.Name.Name
	}
	return d.Name.Name
}

// foldString reads a string literal or a sum of them. A sum with parts that are not literals
// still gives its literal parts, joined by a space, as an incomplete statement.
func foldString(e ast.Expr) (text string, complete, ok bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false, false
		}
		s, err := strconv.Unquote(x.Value)
		if err != nil {
			return "", false, false
		}
		return s, true, true
	case *ast.ParenExpr:
		return foldString(x.X)
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", false, false
		}
		l, lc, lok := foldString(x.X)
		r, rc, rok := foldString(x.Y)
		switch {
		case lok && rok:
			return l + r, lc && rc, true
		case lok:
			return l + " ", false, true
		case rok:
			return " " + r, false, true
		}
	}
	return "", false, false
}

// looksLikeDML reports whether s starts as a SELECT, INSERT, UPDATE or DELETE does.
func looksLikeDML(s string) bool {
	f := strings.Fields(s)
	if len(f) < 2 {
		return false
	}
	switch strings.ToUpper(f[0]) {
	case "SELECT":
		return strings.Contains(strings.ToUpper(s), " FROM ")
	case "INSERT":
		return strings.ToUpper(f[1]) == "INTO"
	case "UPDATE":
		return len(f) > 2 && strings.ToUpper(f[2]) == "SET"
	case "DELETE":
		return strings.ToUpper(f[1]) == "FROM"
	}
	return false
}

// TestShardStatements runs gonggu's flows on a recorded database, reads gonggu's source for
// the SQL it holds, and checks every statement that touches a county-keyed table: it must pin
// the county (county_code = ?, IN, or a join on county_code to a pinned table), or limit it to
// a range of counties (the scope of a city or province, which is cross-county by what it asks
// and runs on Citus as one distributed query), or be in allowedCrossCounty. No statement may
// assign county_code in an UPDATE: Citus cannot change a row's distribution column.
func TestShardStatements(t *testing.T) {
	rec := &recorder{}
	db := openRecorded(t, rec)
	keyed := countyKeyed(schemaTables(t, db))
	runShardFlows(t, db, rec)

	used := make([]bool, len(allowedCrossCounty))
	allowed := func(fn, q string) bool {
		for i, a := range allowedCrossCounty {
			if a.matches(fn, q) {
				used[i] = true
				return true
			}
		}
		return false
	}
	usedMove := make([]bool, len(assignsCounty))
	moves := func(fn, q string) bool {
		for i, a := range assignsCounty {
			if a.matches(fn, q) {
				usedMove[i] = true
				return true
			}
		}
		return false
	}
	reach := map[shardReach]int{}
	var ranged []string
	recorded := rec.list()
	for _, r := range recorded {
		v := classifyStatement(r.SQL, keyed)
		if v.Kind == "" {
			continue
		}
		reach[v.Reach]++
		if v.SetsCounty && !moves(r.Caller, r.SQL) {
			t.Errorf("%s: UPDATE assigns county_code, which Citus refuses on a distributed table:\n\t%s", r.Caller, oneLine(r.SQL))
		}
		switch v.Reach {
		case reachRange:
			ranged = append(ranged, r.Caller)
		case reachAll:
			if !allowed(r.Caller, r.SQL) {
				t.Errorf("%s runs a statement that names no county on %v (it would run on every shard); "+
					"add its county condition, or list it in allowedCrossCounty with why:\n\t%s",
					r.Caller, v.Unpinned, oneLine(r.SQL))
			}
		}
	}

	// The source: complete statements are judged as written; partial ones were judged above
	// when a flow ran them.
	lits := sourceSQL(t)
	var complete, partial int
	unseen := map[string]bool{} // functions holding SQL completed at run time that never ran
	for _, l := range lits {
		if !l.Complete {
			partial++
			if !l.InVar && !rec.ran(l.Func) && touchesKeyed(l.SQL, keyed) {
				unseen[l.Func] = true
			}
			continue
		}
		complete++
		v := classifyStatement(l.SQL, keyed)
		if v.SetsCounty && !moves(l.Func, l.SQL) {
			t.Errorf("%s (%s): UPDATE assigns county_code, which Citus refuses on a distributed table:\n\t%s", l.Func, l.Pos, oneLine(l.SQL))
		}
		if v.Reach == reachAll && !allowed(l.Func, l.SQL) {
			t.Errorf("%s (%s) holds a statement that names no county on %v (it would run on every shard); "+
				"add its county condition, or list it in allowedCrossCounty with why:\n\t%s",
				l.Func, l.Pos, v.Unpinned, oneLine(l.SQL))
		}
	}
	for i, a := range allowedCrossCounty {
		if !used[i] {
			t.Errorf("allowedCrossCounty: %s %q matched no statement; remove it", a.Func, a.SQL)
		}
	}
	for i, a := range assignsCounty {
		if !usedMove[i] {
			t.Errorf("assignsCounty: %s %q matched no statement; remove it", a.Func, a.SQL)
		}
	}
	var blind []string
	for f := range unseen {
		blind = append(blind, f)
	}
	sort.Strings(blind)
	t.Logf("%d functions hold SQL on county-keyed tables completed at run time that no flow ran, judged by neither reading: %s",
		len(blind), strings.Join(blind, ", "))
	sort.Strings(ranged)
	t.Logf("%d statements recorded (the migrations' included), %d of them DML: %d on one county, %d on a range of counties (%s), "+
		"%d on every county (allowed); %d complete statements in the source judged as written, %d completed at run time",
		len(recorded), reach[reachOne]+reach[reachRange]+reach[reachAll], reach[reachOne], reach[reachRange], strings.Join(uniq(ranged), ", "), reach[reachAll], complete, partial)
}

// touchesKeyed reports whether the SQL, or the part of it written in the source, names a
// county-keyed table.
func touchesKeyed(q string, keyed map[string]bool) bool {
	for _, tb := range classifyStatement(q, keyed).Tables {
		if keyed[tb] {
			return true
		}
	}
	return false
}

func oneLine(q string) string {
	s := strings.Join(strings.Fields(q), " ")
	if len(s) > 4000 {
		s = s[:400] + " …"
	}
	return s
}

func uniq(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}
