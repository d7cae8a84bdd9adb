package store

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The queries the web pages browse the registry with. Each is limited to a region scope with
// ranges over code prefixes, which the (county_code, …) keys and the village index serve.

// householdScope returns a condition on the households table (alias h) that selects the
// scope's households: a county_code range above county level, and a village_code range at
// county level and below, which the village indexes serve (a county_code condition would make
// SQLite scan the whole county by its primary key for one village).
func householdScope(scope region.Code) (string, []any) {
	p := scope.Prefix()
	switch {
	case p == "":
		return "1=1", nil
	case len(p) < 6:
		return "h.county_code >= ? AND h.county_code < ?", []any{p, prefixEnd(p)}
	default:
		return "h.village_code >= ? AND h.village_code < ?", []any{p, prefixEnd(p)}
	}
}

// HouseholdCount is the number of households of one kind and monitoring category below one
// child region (the code prefix of the child).
type HouseholdCount struct {
	Prefix   string
	Kind     string
	Category string
	N        int
}

// CountByChild counts the scope's households by child region (the first childLen digits of
// the village code), 户类型 and 监测对象类别, in one GROUP BY over code prefixes. At county
// level and below the households_figures index covers it.
func (r *Registry) CountByChild(ctx context.Context, scope region.Code, childLen int) ([]HouseholdCount, error) {
	where, args := householdScope(scope)
	if childLen < 2 || childLen > 12 {
		childLen = 12
	}
	// The length is an int, written into the SQL so that PostgreSQL sees the same expression
	// in SELECT and GROUP BY.
	n := strconv.Itoa(childLen)
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT substr(h.village_code, 1, `+n+`) AS child, h.kind, h.category, COUNT(*)
		FROM households h WHERE `+where+` GROUP BY substr(h.village_code, 1, `+n+`), h.kind, h.category`), args...)
	if err != nil {
		return nil, internal(err, "registry.countByChild")
	}
	defer rows.Close()
	var out []HouseholdCount
	for rows.Next() {
		var c HouseholdCount
		if err := rows.Scan(&c.Prefix, &c.Kind, &c.Category, &c.N); err != nil {
			return nil, internal(err, "registry.countByChild")
		}
		out = append(out, c)
	}
	return out, internal(rows.Err(), "registry.countByChild")
}

// HouseholdRow is a household as lists show it.
type HouseholdRow struct {
	No         string
	Village    region.Code
	Kind       string
	Category   string
	Eliminated registry.Flag
	Head       string // 户主's name ("" when the household records none)
	Size       int    // current members
	Matched    string // for a search: the name of the person who matched
	MatchedID  string // for a search: that person's certificate number (mask before showing)
	// MatchedPhone is, for a search by phone, the phone that matched (mask before showing).
	MatchedPhone string
}

// VillageHouseholds returns the households of a village with their heads and sizes, by 户编号.
func (r *Registry) VillageHouseholds(ctx context.Context, village region.Code) ([]HouseholdRow, error) {
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT h.household_no, h.village_code, h.kind, h.category, h.risk_eliminated,
		COALESCE(MIN(CASE WHEN p.relation = '户主' THEN p.name END), ''),
		COUNT(CASE WHEN p.left_on IS NULL AND p.deceased_on IS NULL THEN 1 END)
		FROM households h LEFT JOIN persons p ON p.county_code = h.county_code AND p.household_no = h.household_no
		WHERE h.village_code = ?
		GROUP BY h.household_no, h.village_code, h.kind, h.category, h.risk_eliminated
		ORDER BY h.household_no`), string(village))
	if err != nil {
		return nil, internal(err, "registry.villageHouseholds")
	}
	defer rows.Close()
	var out []HouseholdRow
	for rows.Next() {
		var h HouseholdRow
		var v string
		if err := rows.Scan(&h.No, &v, &h.Kind, &h.Category, &h.Eliminated, &h.Head, &h.Size); err != nil {
			return nil, internal(err, "registry.villageHouseholds")
		}
		h.Village = region.Code(v)
		out = append(out, h)
	}
	return out, internal(rows.Err(), "registry.villageHouseholds")
}

// SearchBy is what a search text is taken as.
type SearchBy int

// The kinds of search text.
const (
	ByName     SearchBy = iota // a member's name (exact, or a prefix of at least two characters), or a 户编号
	ByNumber                   // a 户编号, 人口编号 or whole certificate number
	ByPhone                    // an 11-digit mobile number: a member's or the household's phone
	ByIDSuffix                 // the last 6 characters of a certificate number
	TooShort                   // one character of a name: too little to search by
)

// SearchKind returns what the search text q is taken as.
func SearchKind(q string) SearchBy {
	q = strings.TrimSpace(q)
	switch {
	case isDigitsOrX(q) && len(q) == 6 && !strings.ContainsAny(q[:5], "xX"):
		return ByIDSuffix
	case len(q) == 11 && q[0] == '1' && isDigits(q):
		return ByPhone
	case len(q) >= 4 && isDigitsOrX(q):
		return ByNumber
	case utf8.RuneCountInString(q) < 2:
		return TooShort
	}
	return ByName
}

// idKeyCond finds a person by certificate number through the persons_id18 index (the
// registry's only index of the column): the number's first 18 characters in upper case, the
// key idKeyOf gives; the caller adds the exact comparison.
const idKeyCond = "upper(substr(p.id_number, 1, 18)) = ?"

func idKeyOf(q string) string {
	if len(q) > 18 {
		q = q[:18]
	}
	return strings.ToUpper(q)
}

// Search finds the scope's households, at most limit of them, by what q is (SearchKind): a
// 户编号, a member's certificate number, a member's name (exact, or a prefix of at least two
// characters), a mobile number of a member or of the household, or the last 6 characters of a
// member's certificate number. The row's Matched names the member who matched, MatchedID and
// MatchedPhone that member's numbers (mask before showing).
func (r *Registry) Search(ctx context.Context, scope region.Code, q string, limit int) ([]HouseholdRow, error) {
	q = strings.TrimSpace(q)
	by := SearchKind(q)
	if q == "" || by == TooShort {
		return nil, nil
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	where, args := householdScope(scope)
	const cols = `SELECT h.household_no, h.village_code, h.kind, h.category, h.risk_eliminated,
		COALESCE((SELECT MIN(hp.name) FROM persons hp WHERE hp.county_code = h.county_code AND hp.household_no = h.household_no AND hp.relation = '户主'), ''),
		COALESCE(p.name, ''), COALESCE(p.id_number, ''), COALESCE(p.phone, ''), h.phone`
	var query string
	var qargs []any
	if by == ByIDSuffix {
		// The last characters of a number: no index helps, so the scope's households lead
		// and their members are compared.
		query = cols + `
		FROM households h LEFT JOIN persons p ON p.county_code = h.county_code AND p.household_no = h.household_no
		WHERE ` + where + ` AND (h.household_no = ? OR p.id_number LIKE ? OR p.id_number LIKE ?)
		ORDER BY h.village_code, h.household_no, p.person_no LIMIT ?`
		qargs = append(args, q, "%"+q, "%"+strings.ToUpper(q))
	} else {
		m, margs := r.searchMatches(by, q)
		query = cols + `
		FROM (` + m + `) m
		JOIN households h ON h.county_code = m.county_code AND h.household_no = m.household_no
		LEFT JOIN persons p ON p.county_code = m.county_code AND p.household_no = m.household_no
			AND (m.person_no IS NULL OR p.person_no = m.person_no)
		WHERE ` + where + `
		ORDER BY m.rank, h.village_code, h.household_no, p.person_no LIMIT ?`
		qargs = append(margs, args...)
	}
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(query), append(qargs, limit*4)...)
	if err != nil {
		return nil, internal(err, "registry.search")
	}
	defer rows.Close()
	var out []HouseholdRow
	seen := map[string]bool{}
	for rows.Next() {
		var h HouseholdRow
		var v, householdPhone string
		if err := rows.Scan(&h.No, &v, &h.Kind, &h.Category, &h.Eliminated, &h.Head, &h.Matched, &h.MatchedID,
			&h.MatchedPhone, &householdPhone); err != nil {
			return nil, internal(err, "registry.search")
		}
		if by == ByPhone && h.MatchedPhone != q {
			// The household's phone matched, not this member's.
			h.Matched, h.MatchedID, h.MatchedPhone = "", "", householdPhone
		}
		if seen[h.No] || len(out) >= limit {
			continue
		}
		seen[h.No] = true
		h.Village = region.Code(v)
		out = append(out, h)
	}
	return out, internal(rows.Err(), "registry.search")
}

// searchMatches returns the SQL of what a search for q (of the kind by, not ByIDSuffix)
// matches, each through an index of its own, and its arguments: households (county, 户编号,
// NULL) whose own number or phone matched, and members (county, 户编号, 人口编号) whose name,
// number or phone did. A household matched as such is listed with all its members, as before;
// Search then keeps a household's first row. Exact matches come before a name's prefixes,
// which SearchKind gives only for names of two characters or more (a one-character prefix
// would list half a village). One query with the matches ORed across the join of households
// and persons had walked every household of a city: 1.5 s by name and 3 s by phone for a
// million households, in SQLite's own shell.
func (r *Registry) searchMatches(by SearchBy, q string) (string, []any) {
	var parts []string
	var args []any
	household := func(cond string, a ...any) {
		parts = append(parts, `SELECT county_code, household_no, CAST(NULL AS TEXT) AS person_no, 0 AS rank FROM households WHERE `+cond)
		args = append(args, a...)
	}
	// rank 1 for a prefix of a name: the exact matches of the whole scope come first, so
	// that the limit cuts the prefixes rather than them.
	person := func(rank, cond string, a ...any) {
		parts = append(parts, `SELECT county_code, household_no, person_no, `+rank+` AS rank FROM persons p WHERE `+cond)
		args = append(args, a...)
	}
	household("household_no = ?", q)
	switch by {
	case ByPhone:
		household("phone = ?", q)
		person("0", "p.phone = ?", q)
		person("0", idKeyCond+" AND p.id_number = ?", idKeyOf(q), q)
		person("0", "p.person_no = ?", q)
	case ByNumber:
		person("0", idKeyCond+" AND (p.id_number = ? OR p.id_number = ?)", idKeyOf(q), q, strings.ToUpper(q))
		person("0", "p.person_no = ?", q)
	default:
		person("0", "p.name = ?", q)
		if r.db.Dialect == SQLite {
			// A range of persons_name: SQLite uses an index for LIKE only on a column that
			// compares without case. No UTF-8 text has the byte 0xFF, so every name that starts
			// with q sorts between q and q followed by it.
			person("1", "p.name > ? AND p.name < ?", q, q+"\xff")
		} else {
			// PostgreSQL reads persons_name_prefix (text_pattern_ops) for the prefix.
			person("1", `p.name LIKE ? ESCAPE '\'`, likePrefix(q))
		}
	}
	return strings.Join(parts, " UNION "), args
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isDigitsOrX(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == 'x' || c == 'X') {
			return false
		}
	}
	return len(s) >= 4
}

// likePrefix returns a LIKE pattern for names starting with s.
func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

// FindingQuery is a FindingFilter narrowed by indicator and severity, as the web's findings
// list and its export filter.
type FindingQuery struct {
	FindingFilter
	Indicator int // -1 for every indicator
	Severity  string
}

func (q FindingQuery) where() (string, []any) {
	where, args := q.FindingFilter.where()
	if q.Indicator >= 0 {
		where += " AND indicator = ?"
		args = append(args, q.Indicator)
	}
	if q.Severity != "" {
		where += " AND severity = ?"
		args = append(args, q.Severity)
	}
	return where, args
}

// Query returns a page of the findings the query selects, in the order of List, and how many
// there are in all.
func (s *Findings) Query(ctx context.Context, q FindingQuery) ([]Finding, int, error) {
	where, args := q.where()
	var total int
	if err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind("SELECT COUNT(*) FROM findings WHERE "+where), args...).Scan(&total); err != nil {
		return nil, 0, internal(err, "findings.query")
	}
	sqlq := findingSelect + " WHERE " + where + " ORDER BY region_code, rule_id, subject_id, opened_at"
	if q.Limit > 0 {
		sqlq += " LIMIT ? OFFSET ?"
		args = append(args, q.Limit, q.Offset)
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(sqlq), args...)
	if err != nil {
		return nil, 0, internal(err, "findings.query")
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		var f Finding
		if err := scanFinding(rows, &f); err != nil {
			return nil, 0, internal(err, "findings.query")
		}
		out = append(out, f)
	}
	return out, total, internal(rows.Err(), "findings.query")
}

// FindingCount is a number of open findings below a child region (the code prefix of the
// child), of one indicator and severity.
type FindingCount struct {
	Prefix    string
	Indicator int
	Severity  string
	N         int
}

// OpenCounts counts the scope's open findings by child region (the first childLen digits of
// the region code), indicator and severity, in one GROUP BY over code prefixes.
func (s *Findings) OpenCounts(ctx context.Context, scope region.Code, childLen int) ([]FindingCount, error) {
	where, args := FindingFilter{Scope: scope, Status: StatusOpen}.where()
	if childLen < 2 || childLen > 12 {
		childLen = 12
	}
	n := strconv.Itoa(childLen)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT substr(region_code, 1, `+n+`), indicator, severity, COUNT(*)
		FROM findings WHERE `+where+` GROUP BY substr(region_code, 1, `+n+`), indicator, severity`), args...)
	if err != nil {
		return nil, internal(err, "findings.openCounts")
	}
	defer rows.Close()
	var out []FindingCount
	for rows.Next() {
		var c FindingCount
		if err := rows.Scan(&c.Prefix, &c.Indicator, &c.Severity, &c.N); err != nil {
			return nil, internal(err, "findings.openCounts")
		}
		out = append(out, c)
	}
	return out, internal(rows.Err(), "findings.openCounts")
}

// OpenPerHousehold counts the open findings of each household of a village.
func (s *Findings) OpenPerHousehold(ctx context.Context, village region.Code) (map[string]int, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT household_no, COUNT(*) FROM findings
		WHERE region_code = ? AND status = 'open' GROUP BY household_no`), string(village))
	if err != nil {
		return nil, internal(err, "findings.openPerHousehold")
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var no string
		var n int
		if err := rows.Scan(&no, &n); err != nil {
			return nil, internal(err, "findings.openPerHousehold")
		}
		out[no] = n
	}
	return out, internal(rows.Err(), "findings.openPerHousehold")
}

// HouseholdKey names a household by its county and 户编号, the key its rows are stored under.
type HouseholdKey struct {
	County region.Code
	No     string
}

// Heads returns the name of the 户主 of each of the households, by 户编号, for lists that name
// households; a household that records no head is left out.
func (r *Registry) Heads(ctx context.Context, keys []HouseholdKey) (map[string]string, error) {
	byCounty := map[region.Code][]any{}
	for _, k := range keys {
		byCounty[k.County] = append(byCounty[k.County], k.No)
	}
	out := map[string]string{}
	for county, nos := range byCounty {
		for start := 0; start < len(nos); start += 500 {
			batch := nos[start:min(start+500, len(nos))]
			rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT household_no, MIN(name) FROM persons
				WHERE county_code = ? AND household_no IN (`+placeholders(len(batch))+`) AND relation = '户主' GROUP BY household_no`),
				append([]any{string(county)}, batch...)...)
			if err != nil {
				return nil, internal(err, "registry.heads")
			}
			for rows.Next() {
				var no, name string
				if err := rows.Scan(&no, &name); err != nil {
					rows.Close()
					return nil, internal(err, "registry.heads")
				}
				out[no] = name
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, internal(err, "registry.heads")
			}
		}
	}
	return out, nil
}
