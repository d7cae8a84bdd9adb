package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/support"
)

// What screening and the scorecard read of the support domain: the facts of households, the
// objects of the object rules, and the rates of indicators 4 and 10.

// Collected says which of the domain's ledgers a county keeps.
type Collected struct {
	Pairings, Visits, Grids bool
}

// Any reports whether the county keeps one of them.
func (c Collected) Any() bool { return c.Pairings || c.Visits || c.Grids }

// Collected reports which ledgers the county keeps: a county without a single pairing (visit,
// grid) has not collected them.
func (s *Support) Collected(ctx context.Context, county region.Code) (Collected, error) {
	var c Collected
	for _, q := range []struct {
		table string
		to    *bool
	}{{"pairings", &c.Pairings}, {"visits", &c.Visits}, {"grids", &c.Grids}} {
		var n int
		err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM `+q.table+` WHERE county_code = ? LIMIT 1) x`),
			string(county)).Scan(&n)
		if err != nil {
			return c, internal(err, "support.collected")
		}
		*q.to = n > 0
	}
	return c, nil
}

// householdFilter is the condition on a table of household rows (alias a, with county_code,
// household_no and a village column) for a scope in a county, or for some households.
func householdFilter(alias, villageCol string, county, scope region.Code, nos []string) (string, []any) {
	where, args := alias+".county_code = ?", []any{string(county)}
	if nos != nil {
		where += " AND " + alias + ".household_no IN (" + placeholders(len(nos)) + ")"
		for _, no := range nos {
			args = append(args, no)
		}
		return where, args
	}
	if p := scope.Prefix(); len(p) > 6 && villageCol != "" {
		where += " AND " + alias + "." + villageCol + " >= ? AND " + alias + "." + villageCol + " < ?"
		args = append(args, p, prefixEnd(p))
	}
	return where, args
}

// Facts returns what the domain knows about the households of county in scope (or the
// households nos, when not nil), by 户编号: a *support.Facts for every household of a county
// that keeps some of the ledgers, none for a county that keeps none.
func (s *Support) Facts(ctx context.Context, county, scope region.Code, nos []string) (map[string]*support.Facts, error) {
	col, err := s.Collected(ctx, county)
	if err != nil || !col.Any() {
		return nil, err
	}
	out := map[string]*support.Facts{}
	for start := 0; ; start += 500 {
		var batch []string
		if nos != nil {
			if start >= len(nos) {
				break
			}
			batch = nos[start:min(start+500, len(nos))]
		}
		if err := s.facts(ctx, county, scope, batch, col, out); err != nil {
			return nil, err
		}
		if nos == nil {
			break
		}
	}
	return out, nil
}

func (s *Support) facts(ctx context.Context, county, scope region.Code, nos []string, col Collected, out map[string]*support.Facts) error {
	where, args := householdFilter("h", "village_code", county, scope, nos)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT h.household_no FROM households h WHERE `+where), args...)
	if err != nil {
		return internal(err, "support.facts")
	}
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			rows.Close()
			return internal(err, "support.facts")
		}
		out[no] = &support.Facts{Pairings: col.Pairings, Visits: col.Visits, Grids: col.Grids}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "support.facts")
	}
	if col.Pairings {
		where, args := householdFilter("p", "village_code", county, scope, nos)
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT p.household_no, p.cadre_id, c.name, c.unit, c.status, c.status_on,
			p.start_on, p.end_on, p.end_reason FROM pairings p JOIN cadres c ON c.county_code = p.county_code AND c.cadre_id = p.cadre_id
			WHERE `+where), args...)
		if err != nil {
			return internal(err, "support.facts")
		}
		for rows.Next() {
			var no string
			var h support.Helper
			if err := rows.Scan(&no, &h.CadreID, &h.Name, &h.Unit, &h.Status, &h.StatusOn, &h.Start, &h.End, &h.EndReason); err != nil {
				rows.Close()
				return internal(err, "support.facts")
			}
			if f := out[no]; f != nil {
				f.Helpers = append(f.Helpers, h)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal(err, "support.facts")
		}
	}
	if col.Visits {
		names, err := s.cadreNames(ctx, county)
		if err != nil {
			return err
		}
		// The visits in key order, household by household: the last one of each household counts.
		where, args := householdFilter("v", "village_code", county, scope, nos)
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT v.household_no, v.visited_on, v.created_at, v.way, v.cadre_id,
			v.needs_met, v.needs_note, v.hardship, v.hardship_note, v.knows_cadre, v.knows_team FROM visits v WHERE `+where), args...)
		if err != nil {
			return internal(err, "support.facts")
		}
		type last struct {
			on      registry.Date
			created string
		}
		lasts := map[string]last{}
		var v support.Visit
		for rows.Next() {
			var no, on, created string
			if err := rows.Scan(&no, &on, &created, &v.Way, &v.CadreID, &v.NeedsMet, &v.NeedsNote, &v.Hardship, &v.HardshipNote,
				&v.KnowsCadre, &v.KnowsTeam); err != nil {
				rows.Close()
				return internal(err, "support.facts")
			}
			f := out[no]
			if f == nil {
				continue
			}
			if err := v.On.Scan(on); err != nil {
				rows.Close()
				return internal(err, "support.facts")
			}
			if l, ok := lasts[no]; ok && (v.On.Before(l.on) || (v.On == l.on && created < l.created)) {
				continue
			}
			lasts[no] = last{v.On, created}
			v.Visitor = names[v.CadreID]
			f.Last = support.FactOf(&v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal(err, "support.facts")
		}
	}
	if col.Grids {
		where, args := householdFilter("gh", "", county, scope, nos)
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT gh.household_no, g.name FROM grid_households gh
			JOIN grids g ON g.county_code = gh.county_code AND g.grid_id = gh.grid_id WHERE `+where), args...)
		if err != nil {
			return internal(err, "support.facts")
		}
		for rows.Next() {
			var no, name string
			if err := rows.Scan(&no, &name); err != nil {
				rows.Close()
				return internal(err, "support.facts")
			}
			if f := out[no]; f != nil {
				f.Grid = name
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal(err, "support.facts")
		}
	}
	return nil
}

// cadreNames returns the names of a county's cadres by id.
func (s *Support) cadreNames(ctx context.Context, county region.Code) (map[string]string, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT cadre_id, name FROM cadres WHERE county_code = ?`), string(county))
	if err != nil {
		return nil, internal(err, "support.cadreNames")
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, internal(err, "support.cadreNames")
		}
		out[id] = name
	}
	return out, internal(rows.Err(), "support.cadreNames")
}

// EachCadre calls fn with every cadre of the county who serves in scope, with the households
// paired with the cadre in force today.
func (s *Support) EachCadre(ctx context.Context, county, scope region.Code, fn func(*support.CadreObject) error) error {
	where, args := regionWhere("c", scope)
	if scope.Level() < region.County || scope == "" {
		where, args = "c.county_code = ?", []any{string(county)}
	}
	today := s.today()
	// The pairings in force counted in one pass over the county's pairings, grouped by cadre:
	// a count per cadre made SQLite walk the county's pairings once for each cadre (by the
	// primary key, not the cadre index), hours for a city of a million households.
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+prefixed("c", cadreCols)+`, COALESCE(n.households, 0)
		FROM cadres c LEFT JOIN (SELECT p.cadre_id, COUNT(*) AS households FROM pairings p
			WHERE p.county_code = ? AND (p.start_on IS NULL OR p.start_on <= ?) AND (p.end_on IS NULL OR p.end_on > ?)
			GROUP BY p.cadre_id) n ON n.cadre_id = c.cadre_id
		WHERE `+where), append([]any{string(county), today, today}, args...)...)
	if err != nil {
		return internal(err, "support.eachCadre")
	}
	var list []*support.CadreObject
	for rows.Next() {
		o := &support.CadreObject{}
		var county, reg, updated string
		c := &o.Cadre
		if err := rows.Scan(&c.ID, &county, &reg, &c.Name, &c.Unit, &c.Post, &c.Phone, &c.Level, &c.Status, &c.StatusOn,
			&c.Username, &c.Source, &updated, &o.Households); err != nil {
			rows.Close()
			return internal(err, "support.eachCadre")
		}
		c.County, c.Region, c.Updated = region.Code(county), region.Code(reg), parseStamp(updated)
		list = append(list, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "support.eachCadre")
	}
	for _, o := range list {
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// EachMember calls fn with every work-team member of the county whose team's village lies in
// scope, with the member's attendance, leave and the days spot checks found the member absent,
// from the year before the day's year on.
func (s *Support) EachMember(ctx context.Context, county, scope region.Code, fn func(*support.MemberObject) error) error {
	where, args := regionColWhere("m", "village_code", scope)
	if scope.Level() <= region.County {
		where, args = "m.county_code = ?", []any{string(county)}
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+memberCols+`, t.name FROM team_members m
		JOIN cadres c ON c.county_code = m.county_code AND c.cadre_id = m.cadre_id
		JOIN work_teams t ON t.county_code = m.county_code AND t.team_id = m.team_id WHERE `+where), args...)
	if err != nil {
		return internal(err, "support.eachMember")
	}
	by := map[string]*support.MemberObject{}
	var list []*support.MemberObject
	for rows.Next() {
		o := &support.MemberObject{}
		if err := scanMember(rows, &o.Member, &o.Team); err != nil {
			rows.Close()
			return internal(err, "support.eachMember")
		}
		by[o.Member.ID] = o
		list = append(list, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "support.eachMember")
	}
	if len(list) == 0 {
		return nil
	}
	since := s.today().Time().Year() - 1
	rows, err = s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT member_id, month, days FROM team_attendance WHERE county_code = ? AND month >= ?`),
		string(county), fmt.Sprintf("%04d-01", since))
	if err != nil {
		return internal(err, "support.eachMember")
	}
	for rows.Next() {
		a := support.Attendance{County: county}
		if err := rows.Scan(&a.MemberID, &a.Month, &a.Days); err != nil {
			rows.Close()
			return internal(err, "support.eachMember")
		}
		if o := by[a.MemberID]; o != nil {
			o.Attendance = append(o.Attendance, a)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "support.eachMember")
	}
	rows, err = s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+leaveCols+` FROM team_leaves WHERE county_code = ? AND to_on >= ?`),
		string(county), fmt.Sprintf("%04d-01-01", since))
	if err != nil {
		return internal(err, "support.eachMember")
	}
	for rows.Next() {
		var l support.Leave
		if err := scanLeave(rows, &l); err != nil {
			rows.Close()
			return internal(err, "support.eachMember")
		}
		if o := by[l.MemberID]; o != nil {
			o.Leaves = append(o.Leaves, l)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "support.eachMember")
	}
	rows, err = s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT r.member_id, c.checked_on FROM spot_check_results r
		JOIN spot_checks c ON c.county_code = r.county_code AND c.check_id = r.check_id
		WHERE r.county_code = ? AND r.present = 0 AND c.checked_on >= ?`), string(county), fmt.Sprintf("%04d-01-01", since))
	if err != nil {
		return internal(err, "support.eachMember")
	}
	for rows.Next() {
		var id string
		var on registry.Date
		if err := rows.Scan(&id, &on); err != nil {
			rows.Close()
			return internal(err, "support.eachMember")
		}
		if o := by[id]; o != nil {
			o.Absent = append(o.Absent, on)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "support.eachMember")
	}
	for _, o := range list {
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// EachGrid calls fn with every grid of the county in scope, with its counts.
func (s *Support) EachGrid(ctx context.Context, county, scope region.Code, fn func(*support.GridObject) error) error {
	sc := scope
	if scope.Level() < region.County {
		sc = county
	}
	rows, err := s.Grids(ctx, sc)
	if err != nil {
		return err
	}
	perVillage := map[region.Code]int{}
	for _, r := range rows {
		perVillage[r.Village]++
	}
	for _, r := range rows {
		if err := fn(&support.GridObject{Grid: r.Grid, Households: r.Households, Members: r.Members, VillageGrids: perVillage[r.Village]}); err != nil {
			return err
		}
	}
	return nil
}

// EachGridMember calls fn with every grid member of the county in scope.
func (s *Support) EachGridMember(ctx context.Context, county, scope region.Code, fn func(*support.GridMemberObject) error) error {
	where, args := regionColWhere("g", "village_code", scope)
	if scope.Level() <= region.County {
		where, args = "g.county_code = ?", []any{string(county)}
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT m.grid_id, m.cadre_id, c.name, m.role, m.confirmed_on, g.name, g.village_code
		FROM grid_members m JOIN grids g ON g.county_code = m.county_code AND g.grid_id = m.grid_id
		JOIN cadres c ON c.county_code = m.county_code AND c.cadre_id = m.cadre_id WHERE `+where), args...)
	if err != nil {
		return internal(err, "support.eachGridMember")
	}
	var list []*support.GridMemberObject
	for rows.Next() {
		o := &support.GridMemberObject{GridMember: support.GridMember{County: county}}
		var v string
		if err := rows.Scan(&o.GridID, &o.CadreID, &o.Name, &o.Role, &o.Confirmed, &o.GridName, &v); err != nil {
			rows.Close()
			return internal(err, "support.eachGridMember")
		}
		o.Village = region.Code(v)
		list = append(list, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "support.eachGridMember")
	}
	for _, o := range list {
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// PlanRow is a household of the visit plan.
type PlanRow struct {
	No       string
	Village  region.Code
	Head     string
	Kind     string
	Category string
	Helper   string // the helpers in force, by name
	HelperID string // the first of them
	Grid     string
	support.Plan
}

// PlanFilter selects the households of the visit plan.
type PlanFilter struct {
	Scope   region.Code
	CadreID string // only the households paired with the cadre now, or in the cadre's grids
	Targets bool   // only target households
}

// Plan computes the visit plan of the households of the filter on the store's day: when each
// must next be visited, from the parameters of its county, its class and its last visit.
// params resolves a county's parameters.
func (s *Support) Plan(ctx context.Context, f PlanFilter, params func(county region.Code) (*policy.Set, error), fn func(*PlanRow) error) error {
	today := s.today()
	counties, err := countiesOf(ctx, s.db, f.Scope)
	if err != nil {
		return err
	}
	for _, county := range counties {
		scope := f.Scope
		if scope.Level() < region.County {
			scope = county
		}
		p, err := params(county)
		if err != nil {
			return err
		}
		var nos []string
		if f.CadreID != "" {
			if nos, err = s.cadreHouseholds(ctx, county, f.CadreID, today); err != nil {
				return err
			}
			if len(nos) == 0 {
				continue
			}
		}
		facts, err := s.Facts(ctx, county, scope, nos)
		if err != nil {
			return err
		}
		where, args := householdFilter("h", "village_code", county, scope, nil)
		if nos != nil {
			where += " AND h.household_no IN (" + placeholders(len(nos)) + ")"
			for _, no := range nos {
				args = append(args, no)
			}
		}
		if f.Targets {
			where += " AND (h.category <> '' OR h.kind IN (" + placeholders(len(support.TargetKinds)) + "))"
			for _, k := range support.TargetKinds {
				args = append(args, k)
			}
		}
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT h.household_no, h.village_code, h.kind, h.category, h.risk_eliminated,
			h.identified_on, COALESCE((SELECT MIN(hp.name) FROM persons hp WHERE hp.county_code = h.county_code AND hp.household_no = h.household_no
			AND hp.relation = '户主'), '') FROM households h WHERE `+where+` ORDER BY h.village_code, h.household_no`), args...)
		if err != nil {
			return internal(err, "support.plan")
		}
		var list []*PlanRow
		for rows.Next() {
			r := &PlanRow{}
			var village string
			var elim registry.Flag
			var ident registry.Month
			if err := rows.Scan(&r.No, &village, &r.Kind, &r.Category, &elim, &ident, &r.Head); err != nil {
				rows.Close()
				return internal(err, "support.plan")
			}
			r.Village = region.Code(village)
			cl := support.ClassOf(r.Kind, r.Category, elim)
			var last, since registry.Date
			if fc := facts[r.No]; fc != nil {
				if fc.Last != nil {
					last = fc.Last.On
				}
				var names []string
				for _, h := range fc.Active(today) {
					names = append(names, h.Name)
					if r.HelperID == "" {
						r.HelperID = h.CadreID
					}
				}
				r.Helper, r.Grid = strings.Join(names, "、"), fc.Grid
			}
			if cl == support.Unresolved && !ident.IsZero() && ident.Year() == today.Time().Year() {
				since = ident.First()
			}
			r.Plan = support.PlanOf(p, cl, last, since, today)
			list = append(list, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal(err, "support.plan")
		}
		for _, r := range list {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// cadreHouseholds returns the households paired with the cadre on the day, and those of the
// grids the cadre looks after.
func (s *Support) cadreHouseholds(ctx context.Context, county region.Code, cadreID string, on registry.Date) ([]string, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT household_no FROM pairings WHERE county_code = ? AND cadre_id = ?
		AND (start_on IS NULL OR start_on <= ?) AND (end_on IS NULL OR end_on > ?)
		UNION SELECT gh.household_no FROM grid_households gh JOIN grid_members m ON m.county_code = gh.county_code AND m.grid_id = gh.grid_id
		WHERE gh.county_code = ? AND m.cadre_id = ?`), string(county), cadreID, on, on, string(county), cadreID)
	if err != nil {
		return nil, internal(err, "support.cadreHouseholds")
	}
	defer rows.Close()
	nos := []string{}
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			return nil, internal(err, "support.cadreHouseholds")
		}
		nos = append(nos, no)
	}
	return nos, internal(rows.Err(), "support.cadreHouseholds")
}

// The rates of the scorecard the domain counts (score.Part.Counter).
const (
	RateVisits     = "visits"     // target households visited within their interval
	RateHelpers    = "helpers"    // target households with a helper in force
	RateAttendance = "attendance" // work-team member-months with the days required
	RateKnowCadre  = "know_cadre" // target households that knew their cadre at the last visit (not a part of the scorecard: indicator 10 counts it with the work team, store.RecognitionCounter)
)

// SupportRate counts one of the domain's rates per village (a store.VillageCounter). It is
// declared with the scorecard's definitions before any database is open; Scores.Count binds
// it to its database (DBCounter).
type SupportRate struct {
	Rate string
	s    *Support
}

// On returns the counter bound to db.
func (r SupportRate) On(db *DB) VillageCounter { return SupportRate{Rate: r.Rate, s: NewSupport(db)} }

// CountVillages counts the rate in every village of scope, in the counties that keep the
// ledger behind it.
func (r SupportRate) CountVillages(ctx context.Context, scope region.Code) (map[region.Code][2]int, error) {
	if r.s == nil {
		return nil, errs.E(errs.Internal, "support rate %s is not bound to a database", r.Rate)
	}
	return r.s.countRate(ctx, r.Rate, scope)
}

func (s *Support) countRate(ctx context.Context, rate string, scope region.Code) (map[region.Code][2]int, error) {
	out := map[region.Code][2]int{}
	counties, err := countiesOf(ctx, s.db, scope)
	if err != nil {
		return nil, err
	}
	params := NewParams(s.db)
	today := s.today()
	for _, county := range counties {
		col, err := s.Collected(ctx, county)
		if err != nil {
			return nil, err
		}
		sc := scope
		if scope.Level() < region.County {
			sc = county
		}
		switch rate {
		case RateVisits, RateHelpers, RateKnowCadre:
			if (rate == RateHelpers && !col.Pairings) || (rate != RateHelpers && !col.Visits) {
				continue
			}
			p, err := params.Resolve(ctx, county, today.Time().Year())
			if err != nil {
				return nil, err
			}
			err = s.Plan(ctx, PlanFilter{Scope: sc, Targets: true}, func(region.Code) (*policy.Set, error) { return p, nil }, func(r *PlanRow) error {
				nd := out[r.Village]
				switch rate {
				case RateVisits:
					nd[1]++
					if !r.Overdue {
						nd[0]++
					}
				case RateHelpers:
					nd[1]++
					if r.Helper != "" {
						nd[0]++
					}
				}
				out[r.Village] = nd
				return nil
			})
			if err != nil {
				return nil, err
			}
			if rate == RateKnowCadre {
				if err := s.countKnown(ctx, county, sc, out); err != nil {
					return nil, err
				}
			}
		case RateAttendance:
			p, err := params.Resolve(ctx, county, today.Time().Year())
			if err != nil {
				return nil, err
			}
			need := p.Int(policy.TeamDaysMin)
			err = s.EachMember(ctx, county, sc, func(m *support.MemberObject) error {
				for _, mc := range m.Months(need, today.Time().Year(), registry.MonthOf(today.Time())) {
					nd := out[m.Village]
					nd[1]++
					if mc.Met {
						nd[0]++
					}
					out[m.Village] = nd
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
		default:
			return nil, errs.E(errs.Internal, "unknown support rate %s", rate)
		}
	}
	return out, nil
}

// countKnown counts, per village, the target households whose last visit recorded whether
// they know their cadre, and those that do.
func (s *Support) countKnown(ctx context.Context, county, scope region.Code, out map[region.Code][2]int) error {
	facts, err := s.Facts(ctx, county, scope, nil)
	if err != nil {
		return err
	}
	where, args := householdFilter("h", "village_code", county, scope, nil)
	where += " AND (h.category <> '' OR h.kind IN (" + placeholders(len(support.TargetKinds)) + "))"
	for _, k := range support.TargetKinds {
		args = append(args, k)
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT h.household_no, h.village_code FROM households h WHERE `+where), args...)
	if err != nil {
		return internal(err, "support.countKnown")
	}
	defer rows.Close()
	for rows.Next() {
		var no, v string
		if err := rows.Scan(&no, &v); err != nil {
			return internal(err, "support.countKnown")
		}
		f := facts[no]
		if f == nil || f.Last == nil || f.Last.KnowsCadre == registry.Unknown {
			continue
		}
		nd := out[region.Code(v)]
		nd[1]++
		if f.Last.KnowsCadre == registry.Yes {
			nd[0]++
		}
		out[region.Code(v)] = nd
	}
	return internal(rows.Err(), "support.countKnown")
}
