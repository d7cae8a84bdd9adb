package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/support"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// The imports of the county ledgers (support.Pairings, support.Visits, …): the rows have been
// read and checked cell by cell by tableimport; here each row is checked against the database
// (the household exists in the region imported, the person is on the team) and then every row
// is written in one transaction, or, when some row has a problem, none.

// ImportResult is what an import wrote.
type ImportResult struct {
	Rows       int      // rows of the file
	Added      int      // records added
	Changed    int      // records updated
	Unchanged  int      // rows that were already there (a re-import)
	Households []string // households whose facts changed, to re-screen
}

// Summary says what the import did, in Chinese.
func (r *ImportResult) Summary() string {
	return fmt.Sprintf("共 %d 行：新增 %d 条，更新 %d 条，已有 %d 条", r.Rows, r.Added, r.Changed, r.Unchanged)
}

// importEnv is what the rows of one import are checked against: the county's households and
// cadres, read once in the import's transaction.
type importEnv struct {
	s        *Support
	tx       *sql.Tx
	county   region.Code
	scope    region.Code
	source   string
	villages map[string]region.Code // 户编号 → village, for the county's households
	byKey    map[string]*support.Cadre
	byName   map[string][]*support.Cadre
	problems []tableimport.Problem
	res      ImportResult
	touched  map[string]bool
}

func (s *Support) newImport(ctx context.Context, tx *sql.Tx, scope region.Code, source string) (*importEnv, error) {
	if scope.Level() < region.County {
		return nil, errs.E(errs.Invalid, "请选择要导入的县（或乡镇、村）")
	}
	env := &importEnv{s: s, tx: tx, county: scope.County(), scope: scope, source: source, villages: map[string]region.Code{},
		byKey: map[string]*support.Cadre{}, byName: map[string][]*support.Cadre{}, touched: map[string]bool{}}
	rows, err := tx.QueryContext(ctx, s.db.Rebind(`SELECT household_no, village_code FROM households WHERE county_code = ?`), string(env.county))
	if err != nil {
		return nil, internal(err, "support.import")
	}
	for rows.Next() {
		var no, v string
		if err := rows.Scan(&no, &v); err != nil {
			rows.Close()
			return nil, internal(err, "support.import")
		}
		env.villages[no] = region.Code(v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err, "support.import")
	}
	rows, err = tx.QueryContext(ctx, s.db.Rebind(`SELECT `+cadreCols+` FROM cadres WHERE county_code = ?`), string(env.county))
	if err != nil {
		return nil, internal(err, "support.import")
	}
	for rows.Next() {
		c := &support.Cadre{}
		if err := scanCadre(rows, c); err != nil {
			rows.Close()
			return nil, internal(err, "support.import")
		}
		env.index(c)
	}
	rows.Close()
	return env, internal(rows.Err(), "support.import")
}

func (env *importEnv) index(c *support.Cadre) {
	env.byKey[c.Name+"|"+c.Phone] = c
	env.byName[c.Name] = append(env.byName[c.Name], c)
}

// problem records a problem of a row.
func (env *importEnv) problem(row int, header, value, reason string) {
	env.problems = append(env.problems, tableimport.Problem{Row: row, Header: header, Value: value, Reason: reason})
}

// household returns the village of a household of the import's region, or records why not.
func (env *importEnv) household(row int, no string) (region.Code, bool) {
	v, ok := env.villages[no]
	if !ok {
		env.problem(row, "户编号", no, "户编号在"+"本县的农户台账中不存在，请先导入农户信息或核对户编号")
		return "", false
	}
	if !env.scope.Contains(v) {
		env.problem(row, "户编号", no, "该户不在导入的地区内")
		return "", false
	}
	return v, true
}

// findCadre returns the cadre with the name and phone (a blank phone matches the only cadre of
// the name), or nil; ambiguous is true when a blank phone matches several.
func (env *importEnv) findCadre(name, phone string) (c *support.Cadre, ambiguous bool) {
	if c := env.byKey[name+"|"+phone]; c != nil {
		return c, false
	}
	list := env.byName[name]
	if phone == "" {
		if len(list) == 1 {
			return list[0], false
		}
		return nil, len(list) > 1
	}
	// A cadre recorded without a phone takes the phone now given.
	for _, c := range list {
		if c.Phone == "" {
			return c, false
		}
	}
	return nil, false
}

// cadre finds or adds the cadre a row gives, updating what the row says of them.
func (env *importEnv) cadre(ctx context.Context, row int, r support.CadreRecord, where region.Code, level string) *support.Cadre {
	c, ambiguous := env.findCadre(r.Name, r.Phone)
	if ambiguous {
		env.problem(row, "", r.Name, fmt.Sprintf("本县有多名叫「%s」的干部，请填写联系电话以区分", r.Name))
		return nil
	}
	if c == nil {
		c = &support.Cadre{County: env.county, Region: where, Name: r.Name, Level: level, Status: support.InPost, Source: env.source}
	}
	next := *c
	for _, f := range []struct {
		to *string
		v  string
	}{{&next.Unit, r.Unit}, {&next.Post, r.Post}, {&next.Phone, r.Phone}, {&next.Level, r.Level}, {&next.Status, r.Status}} {
		if f.v != "" {
			*f.to = f.v
		}
	}
	if !r.StatusOn.IsZero() {
		next.StatusOn = r.StatusOn
	}
	if next.Level == "" {
		next.Level = level
	}
	next.Clean()
	if err := next.Validate(); err != nil {
		env.problem(row, "", r.Name, errs.Message(err))
		return nil
	}
	if next == *c && c.ID != "" {
		return c
	}
	if err := env.s.putCadre(ctx, env.tx, &next); err != nil {
		env.problem(row, "", r.Name, errs.Message(err))
		return nil
	}
	if c.ID == "" {
		env.index(&next)
		return env.byKey[next.Name+"|"+next.Phone]
	}
	*c = next
	return c
}

// finish writes the audit entry of the import and returns its result, or the problems.
func (env *importEnv) finish(ctx context.Context, kind string, rows int) (*ImportResult, []tableimport.Problem, error) {
	if len(env.problems) > 0 {
		return nil, env.problems, nil
	}
	env.res.Rows = rows
	for no := range env.touched {
		env.res.Households = append(env.res.Households, no)
	}
	err := env.s.auditTx(ctx, env.tx, audit.Entry{Action: audit.Import, ObjectType: "support." + kind, ObjectID: env.source, Region: env.scope,
		Detail: fmt.Sprintf("导入%s「%s」：%s", support.LedgerTitles[kind], env.source, env.res.Summary())})
	return &env.res, nil, err
}

// importTx runs an import in one transaction, which writes as it checks the rows and is
// rolled back when a row has a problem: every row or none.
func (s *Support) importTx(ctx context.Context, scope region.Code, source, kind string, rows int,
	fn func(env *importEnv) error) (*ImportResult, []tableimport.Problem, error) {
	var res *ImportResult
	var probs []tableimport.Problem
	errProblems := errs.E(errs.Invalid, "导入的文件有错误")
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		env, err := s.newImport(ctx, tx, scope, source)
		if err != nil {
			return err
		}
		if err := fn(env); err != nil {
			return err
		}
		res, probs, err = env.finish(ctx, kind, rows)
		if err == nil && len(probs) > 0 {
			return errProblems
		}
		return err
	})
	if err == errProblems {
		return nil, probs, nil
	}
	return res, probs, err
}

// ImportPairings writes the rows of a 帮扶责任人结对名单 for the region scope: the cadres (found
// by name and phone, or added), and each pairing, found by household, cadre and start (or the
// pairing in force of the two), updated or added.
func (s *Support) ImportPairings(ctx context.Context, scope region.Code, source string, rows []tableimport.Row[support.PairingRecord]) (*ImportResult, []tableimport.Problem, error) {
	return s.importTx(ctx, scope, source, support.LedgerPairings, len(rows), func(env *importEnv) error {
		existing := map[string][]support.Pairing{}
		ps, err := s.pairingsOf(ctx, env.tx, env.county, "1=1")
		if err != nil {
			return err
		}
		for _, p := range ps {
			existing[p.HouseholdNo] = append(existing[p.HouseholdNo], p)
		}
		for _, row := range rows {
			r := row.Rec
			village, ok := env.household(row.Num, r.HouseholdNo)
			if !ok {
				continue
			}
			where := village
			if r.Cadre.Level == support.LevelCounty {
				where = env.county
			}
			c := env.cadre(ctx, row.Num, r.Cadre, where, "")
			if c == nil {
				continue
			}
			p := support.Pairing{County: env.county, HouseholdNo: r.HouseholdNo, Village: village, CadreID: c.ID, Start: r.Start, End: r.End,
				EndReason: r.EndReason, Source: env.source}
			if err := p.Validate(); err != nil {
				env.problem(row.Num, "", r.HouseholdNo, errs.Message(err))
				continue
			}
			var old *support.Pairing
			for i := range existing[r.HouseholdNo] {
				e := &existing[r.HouseholdNo][i]
				if e.CadreID == c.ID && (e.Start == r.Start || (r.Start.IsZero() && e.End.IsZero()) || (e.Start.IsZero() && e.End.IsZero())) {
					old = e
				}
			}
			env.touched[r.HouseholdNo] = true
			switch {
			case old == nil:
				if err := s.insertPairing(ctx, env.tx, &p); err != nil {
					return err
				}
				existing[r.HouseholdNo] = append(existing[r.HouseholdNo], p)
				env.res.Added++
			case old.End == p.End && old.EndReason == p.EndReason && (p.Start.IsZero() || old.Start == p.Start):
				env.res.Unchanged++
			default:
				if p.Start.IsZero() {
					p.Start = old.Start
				}
				if _, err := s.db.Exec(ctx, env.tx, `UPDATE pairings SET start_on = ?, end_on = ?, end_reason = ?, source = ?, updated_at = ?
					WHERE county_code = ? AND pairing_id = ?`, p.Start, p.End, p.EndReason, env.source, stamp(s.db.Now()), string(env.county), old.ID); err != nil {
					return internal(err, "support.importPairings")
				}
				old.Start, old.End, old.EndReason = p.Start, p.End, p.EndReason
				env.res.Changed++
			}
		}
		return nil
	})
}

// importKey is the idempotency key of an imported visit: the same visit imported twice (a
// re-import of the ledger) is stored once.
func importKey(no string, on registry.Date, cadreID, way string) string {
	h := sha256.Sum256([]byte(no + "|" + on.String() + "|" + cadreID + "|" + way))
	return "i-" + hex.EncodeToString(h[:12])
}

// ImportVisits writes the rows of a 走访记录 for the region scope. The visitor is found among
// the county's cadres by name and phone; one not found is added when the row gives a phone,
// and is a problem otherwise (import the 帮扶责任人结对名单 first). A visit imported before is not
// stored again.
func (s *Support) ImportVisits(ctx context.Context, scope region.Code, source string, rows []tableimport.Row[support.VisitRecord]) (*ImportResult, []tableimport.Problem, error) {
	return s.importTx(ctx, scope, source, support.LedgerVisits, len(rows), func(env *importEnv) error {
		today := s.today()
		keys := map[string]bool{}
		krows, err := env.tx.QueryContext(ctx, s.db.Rebind(`SELECT client_key FROM visits WHERE county_code = ? AND client_key LIKE 'i-%'`), string(env.county))
		if err != nil {
			return internal(err, "support.importVisits")
		}
		for krows.Next() {
			var k string
			if err := krows.Scan(&k); err != nil {
				krows.Close()
				return internal(err, "support.importVisits")
			}
			keys[k] = true
		}
		krows.Close()
		if err := krows.Err(); err != nil {
			return internal(err, "support.importVisits")
		}
		actor := audit.ActorFrom(ctx).Username
		var batch bulkRows
		batch.table, batch.cols = "visits", strings.Split(strings.Join(strings.Fields(visitCols), ""), ",")
		for _, row := range rows {
			r := row.Rec
			village, ok := env.household(row.Num, r.HouseholdNo)
			if !ok {
				continue
			}
			c, ambiguous := env.findCadre(r.Visitor, r.VisitPhone)
			switch {
			case ambiguous:
				env.problem(row.Num, "走访人", r.Visitor, "本县有多名同名干部，请填写走访人电话以区分")
				continue
			case c == nil && r.VisitPhone == "":
				env.problem(row.Num, "走访人", r.Visitor, "走访人不在帮扶干部名单中：请先导入帮扶责任人结对名单，或填写走访人电话")
				continue
			case c == nil:
				if c = env.cadre(ctx, row.Num, support.CadreRecord{Name: r.Visitor, Phone: r.VisitPhone}, village, ""); c == nil {
					continue
				}
			}
			v := r.Visit
			v.HouseholdNo, v.CadreID, v.County, v.Village = r.HouseholdNo, c.ID, env.county, village
			v.Clean()
			if err := v.Validate(today); err != nil {
				env.problem(row.Num, "", r.HouseholdNo, errs.Message(err))
				continue
			}
			v.Key = importKey(v.HouseholdNo, v.On, c.ID, v.Way)
			if keys[v.Key] {
				env.res.Unchanged++
				continue
			}
			keys[v.Key] = true
			v.ID, v.Source, v.CreatedBy, v.Created = newSupportID(env.county), env.source, actor, s.db.Now()
			batch.rows = append(batch.rows, visitArgs(&v))
			env.touched[v.HouseholdNo] = true
			env.res.Added++
		}
		if len(batch.rows) == 0 {
			return nil
		}
		ins := newInserter(s.db, env.tx)
		defer ins.close()
		return internal(ins.insert(ctx, batch), "support.importVisits")
	})
}

// teamMember finds the member of a team of the village with the name (and phone).
func (env *importEnv) teamMember(ctx context.Context, row int, village region.Code, name, phone string) (*support.Member, bool) {
	ms, err := env.s.members(ctx, env.tx, `m.county_code = ? AND m.village_code = ? AND c.name = ?`, string(env.county), string(village), name)
	if err != nil {
		env.problem(row, "姓名", name, "读取驻村工作队员失败")
		return nil, false
	}
	var found []support.Member
	for _, m := range ms {
		if phone == "" {
			found = append(found, m)
			continue
		}
		if c, _ := env.s.cadreTx(ctx, env.tx, m.CadreID); c != nil && (c.Phone == phone || c.Phone == "") {
			found = append(found, m)
		}
	}
	switch len(found) {
	case 0:
		env.problem(row, "姓名", name, "该村的驻村工作队名册中没有此人，请先导入驻村工作队名册")
		return nil, false
	case 1:
		return &found[0], true
	}
	// Several terms of one person: the latest.
	latest := &found[0]
	for i := range found {
		if latest.Start.Before(found[i].Start) {
			latest = &found[i]
		}
	}
	return latest, true
}

// ImportTeams writes the rows of a 驻村工作队名册: each village's team (found by its name, or
// its sending unit, or added), the member as a cadre of level 驻村, and the membership.
func (s *Support) ImportTeams(ctx context.Context, scope region.Code, source string, rows []tableimport.Row[support.TeamRecord]) (*ImportResult, []tableimport.Problem, error) {
	return s.importTx(ctx, scope, source, support.LedgerTeams, len(rows), func(env *importEnv) error {
		teams := map[string]*support.Team{} // village|name
		list, err := s.Teams(ctx, env.county)
		if err != nil {
			return err
		}
		for i := range list {
			t := list[i].Team
			teams[string(t.Village)+"|"+t.Name] = &t
			teams[string(t.Village)+"|@"+t.Unit] = &t
		}
		for _, row := range rows {
			r := row.Rec
			name := r.Team
			if name == "" {
				name = r.VillageName + "驻村工作队"
			}
			t := teams[string(r.Village)+"|"+name]
			if t == nil && r.Team == "" {
				t = teams[string(r.Village)+"|@"+r.Unit]
			}
			if t == nil {
				t = &support.Team{County: env.county, Village: r.Village, Name: name, Unit: r.Unit, Start: r.Start, Source: env.source}
				if err := t.Validate(); err != nil {
					env.problem(row.Num, "工作队名称", name, errs.Message(err))
					continue
				}
				if err := s.putTeam(ctx, env.tx, t); err != nil {
					return err
				}
				teams[string(r.Village)+"|"+t.Name] = t
				teams[string(r.Village)+"|@"+t.Unit] = t
			}
			cr := r.Cadre
			cr.Unit = r.Unit
			c := env.cadre(ctx, row.Num, cr, r.Village, support.LevelResident)
			if c == nil {
				continue
			}
			m := support.Member{County: env.county, TeamID: t.ID, Village: r.Village, CadreID: c.ID, Name: c.Name, Role: r.Role, Start: r.Start, End: r.End}
			if err := m.Validate(); err != nil {
				env.problem(row.Num, "队内职务", r.Role, errs.Message(err))
				continue
			}
			ms, err := s.members(ctx, env.tx, `m.county_code = ? AND m.team_id = ? AND m.cadre_id = ?`, string(env.county), t.ID, c.ID)
			if err != nil {
				return err
			}
			switch {
			case len(ms) == 0:
				if err := s.putMember(ctx, env.tx, &m); err != nil {
					return err
				}
				env.res.Added++
			case ms[0].Role == m.Role && ms[0].Start == m.Start && ms[0].End == m.End:
				env.res.Unchanged++
			default:
				m.ID = ms[0].ID
				if err := s.putMember(ctx, env.tx, &m); err != nil {
					return err
				}
				env.res.Changed++
			}
		}
		return nil
	})
}

// ImportAttendance writes the rows of a 考勤: each member's days in the village of a month.
func (s *Support) ImportAttendance(ctx context.Context, scope region.Code, source string, rows []tableimport.Row[support.AttendanceRecord]) (*ImportResult, []tableimport.Problem, error) {
	return s.importTx(ctx, scope, source, support.LedgerAttendance, len(rows), func(env *importEnv) error {
		for _, row := range rows {
			r := row.Rec
			m, ok := env.teamMember(ctx, row.Num, r.Village, r.Name, r.Phone)
			if !ok {
				continue
			}
			var old int
			err := env.tx.QueryRowContext(ctx, s.db.Rebind(`SELECT days FROM team_attendance WHERE county_code = ? AND member_id = ? AND month = ?`),
				string(env.county), m.ID, r.Month).Scan(&old)
			switch {
			case err == sql.ErrNoRows:
				env.res.Added++
			case err != nil:
				return internal(err, "support.importAttendance")
			case old == r.Days:
				env.res.Unchanged++
				continue
			default:
				env.res.Changed++
			}
			if err := s.setAttendance(ctx, env.tx, support.Attendance{County: env.county, MemberID: m.ID, Month: r.Month, Days: r.Days}, env.source); err != nil {
				return err
			}
		}
		return nil
	})
}

// ImportLeaves writes the rows of a 请销假 ledger: each leave, found by member and first day,
// updated or added.
func (s *Support) ImportLeaves(ctx context.Context, scope region.Code, source string, rows []tableimport.Row[support.LeaveRecord]) (*ImportResult, []tableimport.Problem, error) {
	return s.importTx(ctx, scope, source, support.LedgerLeaves, len(rows), func(env *importEnv) error {
		actor := audit.ActorFrom(ctx).Username
		for _, row := range rows {
			r := row.Rec
			m, ok := env.teamMember(ctx, row.Num, r.Village, r.Name, r.Phone)
			if !ok {
				continue
			}
			l := r.Leave
			l.County, l.MemberID, l.Village, l.CreatedBy = env.county, m.ID, m.Village, actor
			var old support.Leave
			err := scanLeave(env.tx.QueryRowContext(ctx, s.db.Rebind(`SELECT `+leaveCols+` FROM team_leaves WHERE county_code = ? AND member_id = ? AND from_on = ?`),
				string(env.county), m.ID, l.From), &old)
			switch {
			case err == sql.ErrNoRows:
				if err := s.insertLeave(ctx, env.tx, &l, env.source); err != nil {
					return err
				}
				env.res.Added++
			case err != nil:
				return internal(err, "support.importLeaves")
			case old.To == l.To && old.State == l.State && old.ApproverLevel == l.ApproverLevel && old.ReturnedOn == l.ReturnedOn:
				env.res.Unchanged++
			default:
				if _, err := s.db.Exec(ctx, env.tx, `UPDATE team_leaves SET to_on = ?, reason = ?, state = ?, approver = ?, approver_level = ?,
					returned_on = ?, source = ?, updated_at = ? WHERE county_code = ? AND leave_id = ?`, l.To, l.Reason, l.State, l.Approver,
					l.ApproverLevel, l.ReturnedOn, env.source, stamp(s.db.Now()), string(env.county), old.ID); err != nil {
					return internal(err, "support.importLeaves")
				}
				env.res.Changed++
			}
		}
		return nil
	})
}

// ImportGrids writes the rows of a 网格划分: each village's grids (found by name or added), the
// households put in them, and the members (cadres found by name and phone, or added) with
// their confirmation.
func (s *Support) ImportGrids(ctx context.Context, scope region.Code, source string, rows []tableimport.Row[support.GridRecord]) (*ImportResult, []tableimport.Problem, error) {
	return s.importTx(ctx, scope, source, support.LedgerGrids, len(rows), func(env *importEnv) error {
		grids := map[string]*support.Grid{}
		list, err := s.Grids(ctx, env.county)
		if err != nil {
			return err
		}
		for i := range list {
			g := list[i].Grid
			grids[string(g.Village)+"|"+g.Name] = &g
		}
		inGrid := map[string]string{}
		grows, err := env.tx.QueryContext(ctx, s.db.Rebind(`SELECT household_no, grid_id FROM grid_households WHERE county_code = ?`), string(env.county))
		if err != nil {
			return internal(err, "support.importGrids")
		}
		for grows.Next() {
			var no, g string
			if err := grows.Scan(&no, &g); err != nil {
				grows.Close()
				return internal(err, "support.importGrids")
			}
			inGrid[no] = g
		}
		grows.Close()
		if err := grows.Err(); err != nil {
			return internal(err, "support.importGrids")
		}
		today := s.today()
		for _, row := range rows {
			r := row.Rec
			village := r.Village
			if r.HouseholdNo != "" {
				v, ok := env.household(row.Num, r.HouseholdNo)
				if !ok {
					continue
				}
				if village != "" && v != village {
					env.problem(row.Num, "户编号", r.HouseholdNo, "该户不在所填的村")
					continue
				}
				village = v
			}
			g := grids[string(village)+"|"+r.Grid]
			if g == nil {
				g = &support.Grid{County: env.county, Village: village, Name: r.Grid, Source: env.source}
				if err := g.Validate(); err != nil {
					env.problem(row.Num, "网格名称", r.Grid, errs.Message(err))
					continue
				}
				if err := s.putGrid(ctx, env.tx, g); err != nil {
					return err
				}
				grids[string(village)+"|"+r.Grid] = g
				env.res.Added++
			}
			if r.HouseholdNo != "" {
				switch inGrid[r.HouseholdNo] {
				case g.ID:
					env.res.Unchanged++
				default:
					if inGrid[r.HouseholdNo] == "" {
						env.res.Added++
					} else {
						env.res.Changed++
					}
					if err := s.assignGrid(ctx, env.tx, env.county, r.HouseholdNo, g.ID); err != nil {
						return err
					}
					inGrid[r.HouseholdNo] = g.ID
					env.touched[r.HouseholdNo] = true
				}
			}
			if r.Member == "" {
				continue
			}
			c := env.cadre(ctx, row.Num, support.CadreRecord{Name: r.Member, Phone: r.Phone}, village, support.LevelVillage)
			if c == nil {
				continue
			}
			m := support.GridMember{County: env.county, GridID: g.ID, CadreID: c.ID, Role: r.Role}
			var old support.GridMember
			err := env.tx.QueryRowContext(ctx, s.db.Rebind(`SELECT role, confirmed_on FROM grid_members WHERE county_code = ? AND grid_id = ? AND cadre_id = ?`),
				string(env.county), g.ID, c.ID).Scan(&old.Role, &old.Confirmed)
			exists := err == nil
			if err != nil && err != sql.ErrNoRows {
				return internal(err, "support.importGrids")
			}
			m.Confirmed = old.Confirmed
			if r.Confirmed == registry.Yes && m.Confirmed.IsZero() {
				m.Confirmed = today
			}
			if r.Confirmed == registry.No {
				m.Confirmed = registry.Date{}
			}
			if m.Role == "" {
				m.Role = old.Role
			}
			if err := m.Validate(); err != nil {
				env.problem(row.Num, "网格职务", r.Role, errs.Message(err))
				continue
			}
			if exists && old.Role == m.Role && old.Confirmed == m.Confirmed {
				continue
			}
			if err := s.putGridMember(ctx, env.tx, &m); err != nil {
				return err
			}
		}
		return nil
	})
}

// ImportLog is an import of a county ledger, as the import page lists it.
type ImportLog struct {
	ID       string
	County   region.Code
	Region   region.Code
	Kind     string
	File     string
	Username string
	At       time.Time
	Rows     int
	Written  int
	Problems int
	Summary  string
	Report   []byte // the error report of a refused file
}

// LogImport records an import, accepted or refused.
func (s *Support) LogImport(ctx context.Context, l *ImportLog) error {
	l.County = l.Region.County()
	l.ID, l.At = newSupportID(l.County), s.db.Now()
	var report any
	if len(l.Report) > 0 {
		report = l.Report
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := s.db.Exec(ctx, tx, `INSERT INTO support_imports (county_code, import_id, region_code, kind, file_name, username, at, rows_read,
			written, problems, summary, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(l.County), l.ID, string(l.Region), l.Kind,
			l.File, l.Username, stamp(l.At), l.Rows, l.Written, l.Problems, l.Summary, report)
		return internal(err, "support.logImport")
	})
}

// Imports lists the latest imports of the scope.
func (s *Support) Imports(ctx context.Context, scope region.Code, n int) ([]ImportLog, error) {
	where, args := regionWhere("i", scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT i.import_id, i.county_code, i.region_code, i.kind, i.file_name, i.username, i.at,
		i.rows_read, i.written, i.problems, i.summary FROM support_imports i WHERE `+where+` ORDER BY i.at DESC LIMIT ?`), append(args, n)...)
	if err != nil {
		return nil, internal(err, "support.imports")
	}
	defer rows.Close()
	var out []ImportLog
	for rows.Next() {
		var l ImportLog
		var county, reg, at string
		if err := rows.Scan(&l.ID, &county, &reg, &l.Kind, &l.File, &l.Username, &at, &l.Rows, &l.Written, &l.Problems, &l.Summary); err != nil {
			return nil, internal(err, "support.imports")
		}
		l.County, l.Region, l.At = region.Code(county), region.Code(reg), parseStamp(at)
		out = append(out, l)
	}
	return out, internal(rows.Err(), "support.imports")
}

// ImportReport returns the error report of an import and the region it was for.
func (s *Support) ImportReport(ctx context.Context, id string) (*ImportLog, error) {
	county, ok := countyOfID(id)
	if !ok {
		return nil, errs.E(errs.NotFound, "导入记录不存在")
	}
	var l ImportLog
	var reg, at string
	err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT import_id, region_code, kind, file_name, at, report FROM support_imports
		WHERE county_code = ? AND import_id = ?`), string(county), id).Scan(&l.ID, &reg, &l.Kind, &l.File, &at, &l.Report)
	if err == sql.ErrNoRows || (err == nil && len(l.Report) == 0) {
		return nil, errs.E(errs.NotFound, "没有这份错误报告")
	}
	l.County, l.Region, l.At = county, region.Code(reg), parseStamp(at)
	return &l, internal(err, "support.importReport")
}

// SupportBatch is a batch of the domain's rows for a bulk load (the generator's): written with
// COPY on PostgreSQL and multi-row inserts on SQLite, in one transaction, unchecked and
// unaudited. IDs are set by the caller.
type SupportBatch struct {
	Cadres     []support.Cadre
	Pairings   []support.Pairing
	Visits     []support.Visit
	Teams      []support.Team
	Members    []support.Member
	Attendance []support.Attendance
	Leaves     []support.Leave
	Checks     []support.SpotCheck
	Grids      []support.Grid
	GridHouses [][3]string // county, 户编号, grid id
	GridPeople []support.GridMember
}

// Load writes a batch.
func (s *Support) Load(ctx context.Context, b *SupportBatch) error {
	now := stamp(s.db.Now())
	cols := func(c string) []string { return strings.Split(strings.Join(strings.Fields(c), ""), ",") }
	var out []bulkRows
	add := func(table, c string, n int, row func(i int) []any) {
		br := bulkRows{table: table, cols: cols(c)}
		for i := 0; i < n; i++ {
			br.rows = append(br.rows, plainArgs(row(i)))
		}
		out = append(out, br)
	}
	add("cadres", cadreCols, len(b.Cadres), func(i int) []any {
		c := &b.Cadres[i]
		return []any{c.ID, string(c.County), string(c.Region), c.Name, c.Unit, c.Post, c.Phone, c.Level, c.Status, c.StatusOn, c.Username, c.Source, now}
	})
	add("pairings", pairingCols+", updated_at", len(b.Pairings), func(i int) []any {
		p := &b.Pairings[i]
		return []any{p.ID, string(p.County), p.HouseholdNo, string(p.Village), p.CadreID, p.Start, p.End, p.EndReason, p.Source, now}
	})
	add("visits", visitCols, len(b.Visits), func(i int) []any { return visitArgs(&b.Visits[i]) })
	add("work_teams", teamCols+", updated_at", len(b.Teams), func(i int) []any {
		t := &b.Teams[i]
		return []any{t.ID, string(t.County), string(t.Village), t.Name, t.Unit, t.Start, t.End, t.Source, now}
	})
	add("team_members", "member_id, county_code, team_id, village_code, cadre_id, role, start_on, end_on, updated_at", len(b.Members), func(i int) []any {
		m := &b.Members[i]
		return []any{m.ID, string(m.County), m.TeamID, string(m.Village), m.CadreID, m.Role, m.Start, m.End, now}
	})
	add("team_attendance", "county_code, member_id, month, days, source, updated_at", len(b.Attendance), func(i int) []any {
		a := &b.Attendance[i]
		return []any{string(a.County), a.MemberID, a.Month, a.Days, "演示数据", now}
	})
	add("team_leaves", leaveCols+", source, updated_at", len(b.Leaves), func(i int) []any {
		l := &b.Leaves[i]
		return []any{l.ID, string(l.County), l.MemberID, string(l.Village), l.From, l.To, l.Reason, l.State, l.Approver, l.ApproverLevel,
			l.ApprovedOn, l.ReturnedOn, l.CreatedBy, "演示数据", now}
	})
	add("spot_checks", "county_code, check_id, team_id, village_code, planned_on, checked_on, checker, note, created_by, updated_at", len(b.Checks), func(i int) []any {
		c := &b.Checks[i]
		return []any{string(c.County), c.ID, c.TeamID, string(c.Village), c.Planned, c.Checked, c.Checker, c.Note, "演示数据", now}
	})
	var results [][]any
	for i := range b.Checks {
		for _, r := range b.Checks[i].Results {
			present := 0
			if r.Present {
				present = 1
			}
			results = append(results, []any{string(b.Checks[i].County), b.Checks[i].ID, r.MemberID, present})
		}
	}
	out = append(out, bulkRows{table: "spot_check_results", cols: cols("county_code, check_id, member_id, present"), rows: results})
	add("grids", "county_code, grid_id, village_code, name, source, updated_at", len(b.Grids), func(i int) []any {
		g := &b.Grids[i]
		return []any{string(g.County), g.ID, string(g.Village), g.Name, g.Source, now}
	})
	add("grid_households", "county_code, household_no, grid_id", len(b.GridHouses), func(i int) []any {
		g := b.GridHouses[i]
		return []any{g[0], g[1], g[2]}
	})
	add("grid_members", "county_code, grid_id, cadre_id, role, confirmed_on", len(b.GridPeople), func(i int) []any {
		m := &b.GridPeople[i]
		return []any{string(m.County), m.GridID, m.CadreID, m.Role, m.Confirmed}
	})
	return s.db.writeBulk(ctx, out)
}

// plainArgs turns the domain's values into plain driver values, as the registry's rows do
// (flagArg): pgx's COPY would encode a Flag by its underlying integer.
func plainArgs(row []any) []any {
	for i, v := range row {
		switch x := v.(type) {
		case registry.Flag:
			row[i] = flagArg(x)
		case registry.Date:
			row[i] = dateArg(x)
		case registry.Month:
			row[i] = monthArg(x)
		}
	}
	return row
}

// NewID returns a new id of a row of the county, for a bulk load.
func (s *Support) NewID(county region.Code) string { return newSupportID(county) }

// GenHousehold is what the generator reads of a household to build its support data.
type GenHousehold struct {
	No, Kind, Category, Helper, HelperPhone, Grid string
	Village                                       region.Code
	Eliminated                                    registry.Flag
	Identified                                    registry.Month
}

// EachHousehold calls fn with the households of the area, by county and 户编号, as the
// generator reads them.
func (s *Support) EachHousehold(ctx context.Context, area region.Code, fn func(h *GenHousehold) error) error {
	where, args := householdScope(area)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT h.household_no, h.village_code, h.kind, h.category, h.risk_eliminated,
		h.identified_on, h.helper, h.helper_phone, h.grid FROM households h WHERE `+where+` ORDER BY h.county_code, h.household_no`), args...)
	if err != nil {
		return internal(err, "support.eachHousehold")
	}
	defer rows.Close()
	for rows.Next() {
		var h GenHousehold
		var v string
		if err := rows.Scan(&h.No, &v, &h.Kind, &h.Category, &h.Eliminated, &h.Identified, &h.Helper, &h.HelperPhone, &h.Grid); err != nil {
			return internal(err, "support.eachHousehold")
		}
		h.Village = region.Code(v)
		if err := fn(&h); err != nil {
			return err
		}
	}
	return internal(rows.Err(), "support.eachHousehold")
}

// The ledgers as records, for their export (support.Pairings.Export and the others): every
// row of the region scope, in the ledger's own layout, villages by code (the caller names
// them).

// EachPairingRecord calls fn with each pairing of the scope, current and ended.
func (s *Support) EachPairingRecord(ctx context.Context, scope region.Code, fn func(*support.PairingRecord) error) error {
	where, args := regionColWhere("p", "village_code", scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT p.household_no,
		COALESCE((SELECT MIN(hp.name) FROM persons hp WHERE hp.county_code = p.county_code AND hp.household_no = p.household_no AND hp.relation = '户主'), ''),
		c.name, c.unit, c.post, c.phone, c.level, c.status, c.status_on, p.start_on, p.end_on, p.end_reason
		FROM pairings p JOIN cadres c ON c.county_code = p.county_code AND c.cadre_id = p.cadre_id
		WHERE `+where+` ORDER BY p.county_code, p.household_no, p.start_on`), args...)
	if err != nil {
		return internal(err, "support.pairingRecords")
	}
	defer rows.Close()
	for rows.Next() {
		var r support.PairingRecord
		if err := rows.Scan(&r.HouseholdNo, &r.Head, &r.Cadre.Name, &r.Cadre.Unit, &r.Cadre.Post, &r.Cadre.Phone, &r.Cadre.Level,
			&r.Cadre.Status, &r.Cadre.StatusOn, &r.Start, &r.End, &r.EndReason); err != nil {
			return internal(err, "support.pairingRecords")
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return internal(rows.Err(), "support.pairingRecords")
}

// EachVisitRecord calls fn with each visit of the scope, oldest first.
func (s *Support) EachVisitRecord(ctx context.Context, scope region.Code, fn func(*support.VisitRecord) error) error {
	where, args := regionColWhere("v", "village_code", scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+prefixed("v", visitCols)+`, COALESCE(c.name, ''), COALESCE(c.phone, ''),
		COALESCE((SELECT MIN(hp.name) FROM persons hp WHERE hp.county_code = v.county_code AND hp.household_no = v.household_no AND hp.relation = '户主'), '')
		FROM visits v LEFT JOIN cadres c ON c.county_code = v.county_code AND c.cadre_id = v.cadre_id
		WHERE `+where+` ORDER BY v.county_code, v.visited_on, v.household_no`), args...)
	if err != nil {
		return internal(err, "support.visitRecords")
	}
	defer rows.Close()
	for rows.Next() {
		var r support.VisitRecord
		if err := scanVisit(rows, &r.Visit, &r.Visitor, &r.VisitPhone, &r.Head); err != nil {
			return internal(err, "support.visitRecords")
		}
		r.HouseholdNo = r.Visit.HouseholdNo
		if err := fn(&r); err != nil {
			return err
		}
	}
	return internal(rows.Err(), "support.visitRecords")
}

// EachTeamRecord calls fn with each member of the teams of the scope.
func (s *Support) EachTeamRecord(ctx context.Context, scope region.Code, fn func(*support.TeamRecord) error) error {
	where, args := regionColWhere("t", "village_code", scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT t.village_code, t.name, t.unit, c.name, m.role, c.post, c.phone, m.start_on, m.end_on
		FROM team_members m JOIN work_teams t ON t.county_code = m.county_code AND t.team_id = m.team_id
		JOIN cadres c ON c.county_code = m.county_code AND c.cadre_id = m.cadre_id
		WHERE `+where+` ORDER BY t.village_code, t.name, m.start_on, c.name`), args...)
	if err != nil {
		return internal(err, "support.teamRecords")
	}
	defer rows.Close()
	for rows.Next() {
		var r support.TeamRecord
		var v string
		if err := rows.Scan(&v, &r.Team, &r.Unit, &r.Cadre.Name, &r.Role, &r.Cadre.Post, &r.Cadre.Phone, &r.Start, &r.End); err != nil {
			return internal(err, "support.teamRecords")
		}
		r.Village = region.Code(v)
		if err := fn(&r); err != nil {
			return err
		}
	}
	return internal(rows.Err(), "support.teamRecords")
}

// EachAttendanceRecord calls fn with each month of attendance of the scope's members.
func (s *Support) EachAttendanceRecord(ctx context.Context, scope region.Code, fn func(*support.AttendanceRecord) error) error {
	where, args := regionColWhere("m", "village_code", scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT m.village_code, c.name, c.phone, a.month, a.days FROM team_attendance a
		JOIN team_members m ON m.county_code = a.county_code AND m.member_id = a.member_id
		JOIN cadres c ON c.county_code = m.county_code AND c.cadre_id = m.cadre_id
		WHERE `+where+` ORDER BY m.village_code, c.name, a.month`), args...)
	if err != nil {
		return internal(err, "support.attendanceRecords")
	}
	defer rows.Close()
	for rows.Next() {
		var r support.AttendanceRecord
		var v string
		if err := rows.Scan(&v, &r.Name, &r.Phone, &r.Month, &r.Days); err != nil {
			return internal(err, "support.attendanceRecords")
		}
		r.Village = region.Code(v)
		if err := fn(&r); err != nil {
			return err
		}
	}
	return internal(rows.Err(), "support.attendanceRecords")
}

// EachLeaveRecord calls fn with each leave of the scope's members.
func (s *Support) EachLeaveRecord(ctx context.Context, scope region.Code, fn func(*support.LeaveRecord) error) error {
	where, args := regionColWhere("l", "village_code", scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+prefixed("l", leaveCols)+`, c.name, c.phone FROM team_leaves l
		JOIN team_members m ON m.county_code = l.county_code AND m.member_id = l.member_id
		JOIN cadres c ON c.county_code = m.county_code AND c.cadre_id = m.cadre_id
		WHERE `+where+` ORDER BY l.village_code, c.name, l.from_on`), args...)
	if err != nil {
		return internal(err, "support.leaveRecords")
	}
	defer rows.Close()
	for rows.Next() {
		var r support.LeaveRecord
		if err := scanLeave(rows, &r.Leave, &r.Name, &r.Phone); err != nil {
			return internal(err, "support.leaveRecords")
		}
		r.Village, r.Days = r.Leave.Village, r.Leave.Days()
		if err := fn(&r); err != nil {
			return err
		}
	}
	return internal(rows.Err(), "support.leaveRecords")
}

// EachGridRecord calls fn with each household of the scope's grids (its grid's members on the
// first household's row), and each member of a grid without households.
func (s *Support) EachGridRecord(ctx context.Context, scope region.Code, fn func(*support.GridRecord) error) error {
	grids, err := s.Grids(ctx, scope)
	if err != nil {
		return err
	}
	for _, g := range grids {
		members, err := s.GridMembers(ctx, g.ID)
		if err != nil {
			return err
		}
		homes, err := s.GridHouseholds(ctx, g.ID)
		if err != nil {
			return err
		}
		phones := map[string]string{}
		for _, m := range members {
			if c, err := s.Cadre(ctx, m.CadreID); err == nil {
				phones[m.CadreID] = c.Phone
			}
		}
		n := max(len(homes), len(members))
		for i := 0; i < n; i++ {
			r := support.GridRecord{Place: support.Place{Village: g.Village}, Grid: g.Name}
			if i < len(homes) {
				r.HouseholdNo, r.Head = homes[i].No, homes[i].Head
			}
			if i < len(members) {
				m := members[i]
				r.Member, r.Phone, r.Role = m.Name, phones[m.CadreID], m.Role
				r.Confirmed = registry.No
				if !m.Confirmed.IsZero() {
					r.Confirmed = registry.Yes
				}
			}
			if err := fn(&r); err != nil {
				return err
			}
		}
	}
	return nil
}
