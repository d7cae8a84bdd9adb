package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/support"
)

// Work teams (驻村工作队), their members, attendance, leave and spot checks; grids and their
// households and members.

const teamCols = `team_id, county_code, village_code, name, unit, start_on, end_on, source`

func scanTeam(sc scanner, t *support.Team, extra ...any) error {
	var county, village string
	if err := sc.Scan(append([]any{&t.ID, &county, &village, &t.Name, &t.Unit, &t.Start, &t.End, &t.Source}, extra...)...); err != nil {
		return err
	}
	t.County, t.Village = region.Code(county), region.Code(village)
	return nil
}

// PutTeam adds a work team (an empty ID) or updates one, and audits it.
func (s *Support) PutTeam(ctx context.Context, t *support.Team) error {
	t.County = t.Village.County()
	t.Name, t.Unit = strings.TrimSpace(t.Name), strings.TrimSpace(t.Unit)
	if err := t.Validate(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.putTeam(ctx, tx, t); err != nil {
			return err
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.TeamUpdate, ObjectType: "team", ObjectID: t.ID, Region: t.Village,
			Detail: fmt.Sprintf("驻村工作队「%s」（派出单位：%s）", t.Name, blankDash(t.Unit))})
	})
}

func (s *Support) putTeam(ctx context.Context, tx *sql.Tx, t *support.Team) error {
	if t.ID == "" {
		t.ID = newSupportID(t.County)
		_, err := s.db.Exec(ctx, tx, `INSERT INTO work_teams (`+teamCols+`, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, string(t.County), string(t.Village), t.Name, t.Unit, t.Start, t.End, t.Source, stamp(s.db.Now()))
		return internal(err, "support.addTeam")
	}
	res, err := s.db.Exec(ctx, tx, `UPDATE work_teams SET village_code = ?, name = ?, unit = ?, start_on = ?, end_on = ?, updated_at = ?
		WHERE county_code = ? AND team_id = ?`, string(t.Village), t.Name, t.Unit, t.Start, t.End, stamp(s.db.Now()), string(t.County), t.ID)
	if err != nil {
		return internal(err, "support.updateTeam")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "驻村工作队不存在")
	}
	return nil
}

// Team returns the work team with the id.
func (s *Support) Team(ctx context.Context, id string) (*support.Team, error) {
	county, ok := countyOfID(id)
	if !ok {
		return nil, errs.E(errs.NotFound, "驻村工作队不存在")
	}
	t := &support.Team{}
	err := scanTeam(s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT `+teamCols+` FROM work_teams WHERE county_code = ? AND team_id = ?`),
		string(county), id), t)
	if err == sql.ErrNoRows {
		return nil, errs.E(errs.NotFound, "驻村工作队不存在")
	}
	return t, internal(err, "support.team")
}

// TeamRow is a work team in a list.
type TeamRow struct {
	support.Team
	Members int // members serving now
}

// Teams lists the work teams of the scope.
func (s *Support) Teams(ctx context.Context, scope region.Code) ([]TeamRow, error) {
	where, args := regionColWhere("t", "village_code", scope)
	today := s.today()
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+prefixed("t", teamCols)+`,
		(SELECT COUNT(*) FROM team_members m WHERE m.county_code = t.county_code AND m.team_id = t.team_id
			AND (m.end_on IS NULL OR m.end_on >= ?))
		FROM work_teams t WHERE `+where+` ORDER BY t.village_code, t.name`), append([]any{today}, args...)...)
	if err != nil {
		return nil, internal(err, "support.teams")
	}
	defer rows.Close()
	var out []TeamRow
	for rows.Next() {
		var r TeamRow
		if err := scanTeam(rows, &r.Team, &r.Members); err != nil {
			return nil, internal(err, "support.teams")
		}
		out = append(out, r)
	}
	return out, internal(rows.Err(), "support.teams")
}

const memberCols = `m.member_id, m.county_code, m.team_id, m.village_code, m.cadre_id, c.name, m.role, m.start_on, m.end_on`

func scanMember(sc scanner, m *support.Member, extra ...any) error {
	var county, village string
	if err := sc.Scan(append([]any{&m.ID, &county, &m.TeamID, &village, &m.CadreID, &m.Name, &m.Role, &m.Start, &m.End}, extra...)...); err != nil {
		return err
	}
	m.County, m.Village = region.Code(county), region.Code(village)
	return nil
}

// PutMember adds a cadre to a work team (an empty ID) or updates a membership (role, dates),
// and audits it.
func (s *Support) PutMember(ctx context.Context, m *support.Member) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		t, err := s.teamTx(ctx, tx, m.TeamID)
		if err != nil {
			return err
		}
		c, err := s.cadreTx(ctx, tx, m.CadreID)
		if err != nil {
			return err
		}
		if c.County != t.County {
			return errs.E(errs.Invalid, "%s不在工作队所在的县", c.Label())
		}
		m.County, m.Village, m.Name = t.County, t.Village, c.Name
		if err := s.putMember(ctx, tx, m); err != nil {
			return err
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.TeamUpdate, ObjectType: "team", ObjectID: t.ID, Region: t.Village,
			Detail: fmt.Sprintf("驻村工作队「%s」队员%s：%s，%s 至 %s", t.Name, c.Label(), m.Role, blankDash(m.Start.String()), blankDash(m.End.String()))})
	})
}

func (s *Support) putMember(ctx context.Context, tx *sql.Tx, m *support.Member) error {
	if m.ID == "" {
		m.ID = newSupportID(m.County)
		_, err := s.db.Exec(ctx, tx, `INSERT INTO team_members (member_id, county_code, team_id, village_code, cadre_id, role, start_on, end_on, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, string(m.County), m.TeamID, string(m.Village), m.CadreID, m.Role, m.Start, m.End, stamp(s.db.Now()))
		return internal(err, "support.addMember")
	}
	res, err := s.db.Exec(ctx, tx, `UPDATE team_members SET role = ?, start_on = ?, end_on = ?, updated_at = ? WHERE county_code = ? AND member_id = ? AND team_id = ?`,
		m.Role, m.Start, m.End, stamp(s.db.Now()), string(m.County), m.ID, m.TeamID)
	if err != nil {
		return internal(err, "support.updateMember")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "驻村工作队员不存在")
	}
	return nil
}

func (s *Support) teamTx(ctx context.Context, q querier, id string) (*support.Team, error) {
	county, ok := countyOfID(id)
	if !ok {
		return nil, errs.E(errs.NotFound, "驻村工作队不存在")
	}
	t := &support.Team{}
	err := scanTeam(q.QueryRowContext(ctx, s.db.Rebind(`SELECT `+teamCols+` FROM work_teams WHERE county_code = ? AND team_id = ?`),
		string(county), id), t)
	if err == sql.ErrNoRows {
		return nil, errs.E(errs.NotFound, "驻村工作队不存在")
	}
	return t, internal(err, "support.team")
}

// Members returns a team's members, current and past, with their names.
func (s *Support) Members(ctx context.Context, teamID string) ([]support.Member, error) {
	county, _ := countyOfID(teamID)
	return s.members(ctx, s.db.SQL, `m.county_code = ? AND m.team_id = ?`, string(county), teamID)
}

// Member returns one membership.
func (s *Support) Member(ctx context.Context, id string) (*support.Member, error) {
	county, _ := countyOfID(id)
	ms, err := s.members(ctx, s.db.SQL, `m.county_code = ? AND m.member_id = ?`, string(county), id)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, errs.E(errs.NotFound, "驻村工作队员不存在")
	}
	return &ms[0], nil
}

func (s *Support) members(ctx context.Context, q querier, cond string, args ...any) ([]support.Member, error) {
	rows, err := q.QueryContext(ctx, s.db.Rebind(`SELECT `+memberCols+` FROM team_members m
		JOIN cadres c ON c.county_code = m.county_code AND c.cadre_id = m.cadre_id WHERE `+cond+`
		ORDER BY CASE m.role WHEN '第一书记兼队长' THEN 0 WHEN '第一书记' THEN 1 WHEN '队长' THEN 2 ELSE 3 END, c.name`), args...)
	if err != nil {
		return nil, internal(err, "support.members")
	}
	defer rows.Close()
	var out []support.Member
	for rows.Next() {
		var m support.Member
		if err := scanMember(rows, &m); err != nil {
			return nil, internal(err, "support.members")
		}
		out = append(out, m)
	}
	return out, internal(rows.Err(), "support.members")
}

// SetAttendance records a member's days in the village in a month, replacing what was there,
// and audits it.
func (s *Support) SetAttendance(ctx context.Context, a support.Attendance) error {
	if err := a.Validate(); err != nil {
		return err
	}
	m, err := s.Member(ctx, a.MemberID)
	if err != nil {
		return err
	}
	a.County = m.County
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.setAttendance(ctx, tx, a, "网页录入"); err != nil {
			return err
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.TeamUpdate, ObjectType: "team", ObjectID: m.TeamID, Region: m.Village,
			Detail: fmt.Sprintf("驻村工作队员「%s」%s 在村 %d 天", m.Name, a.Month, a.Days)})
	})
}

func (s *Support) setAttendance(ctx context.Context, tx *sql.Tx, a support.Attendance, source string) error {
	if _, err := s.db.Exec(ctx, tx, `DELETE FROM team_attendance WHERE county_code = ? AND member_id = ? AND month = ?`,
		string(a.County), a.MemberID, a.Month); err != nil {
		return internal(err, "support.attendance")
	}
	_, err := s.db.Exec(ctx, tx, `INSERT INTO team_attendance (county_code, member_id, month, days, source, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		string(a.County), a.MemberID, a.Month, a.Days, source, stamp(s.db.Now()))
	return internal(err, "support.attendance")
}

// Attendance returns the days in the village of a team's members in the months of a year.
func (s *Support) Attendance(ctx context.Context, teamID string, year int) ([]support.Attendance, error) {
	county, _ := countyOfID(teamID)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT a.member_id, a.month, a.days FROM team_attendance a
		JOIN team_members m ON m.county_code = a.county_code AND m.member_id = a.member_id
		WHERE a.county_code = ? AND m.team_id = ? AND a.month >= ? AND a.month < ? ORDER BY a.member_id, a.month`),
		string(county), teamID, fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-01", year+1))
	if err != nil {
		return nil, internal(err, "support.attendance")
	}
	defer rows.Close()
	var out []support.Attendance
	for rows.Next() {
		a := support.Attendance{County: county}
		if err := rows.Scan(&a.MemberID, &a.Month, &a.Days); err != nil {
			return nil, internal(err, "support.attendance")
		}
		out = append(out, a)
	}
	return out, internal(rows.Err(), "support.attendance")
}

const leaveCols = `leave_id, county_code, member_id, village_code, from_on, to_on, reason, state, approver, approver_level, approved_on, returned_on, created_by`

func scanLeave(sc scanner, l *support.Leave, extra ...any) error {
	var county, village string
	if err := sc.Scan(append([]any{&l.ID, &county, &l.MemberID, &village, &l.From, &l.To, &l.Reason, &l.State, &l.Approver, &l.ApproverLevel,
		&l.ApprovedOn, &l.ReturnedOn, &l.CreatedBy}, extra...)...); err != nil {
		return err
	}
	l.County, l.Village = region.Code(county), region.Code(village)
	return nil
}

// AddLeave records a leave request of a member (pending, or already decided when the ledger
// says so), and audits it.
func (s *Support) AddLeave(ctx context.Context, l *support.Leave) error {
	l.Reason, l.Approver = strings.TrimSpace(l.Reason), strings.TrimSpace(l.Approver)
	if err := l.Validate(); err != nil {
		return err
	}
	m, err := s.Member(ctx, l.MemberID)
	if err != nil {
		return err
	}
	l.County, l.Village = m.County, m.Village
	if l.CreatedBy == "" {
		l.CreatedBy = audit.ActorFrom(ctx).Username
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.insertLeave(ctx, tx, l, ""); err != nil {
			return err
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.TeamUpdate, ObjectType: "team", ObjectID: m.TeamID, Region: m.Village,
			Detail: fmt.Sprintf("驻村工作队员「%s」请假 %s 至 %s（%d 天）：%s", m.Name, l.From, l.To, l.Days(), l.State)})
	})
}

func (s *Support) insertLeave(ctx context.Context, tx *sql.Tx, l *support.Leave, source string) error {
	if l.ID == "" {
		l.ID = newSupportID(l.County)
	}
	_, err := s.db.Exec(ctx, tx, `INSERT INTO team_leaves (`+leaveCols+`, source, updated_at) VALUES (`+placeholders(15)+`)`,
		l.ID, string(l.County), l.MemberID, string(l.Village), l.From, l.To, l.Reason, l.State, l.Approver, l.ApproverLevel,
		l.ApprovedOn, l.ReturnedOn, l.CreatedBy, source, stamp(s.db.Now()))
	return internal(err, "support.addLeave")
}

// DecideLeave approves or refuses a pending leave request, by the approver at a level (乡镇 or
// 县级), and audits it. A leave longer than the township may approve is refused by the store
// when approved by the township: maxTownship is that limit in days.
func (s *Support) DecideLeave(ctx context.Context, id string, approve bool, approver, level string, maxTownship int) error {
	l, m, err := s.leave(ctx, id)
	if err != nil {
		return err
	}
	if l.State != support.LeavePending {
		return errs.E(errs.Conflict, "该请假已是“%s”", l.State)
	}
	if !registry.In(support.ApproverLevels, level) {
		return errs.E(errs.Invalid, "审批层级应为乡镇或县级")
	}
	if approve && level == support.ApproveTownship && l.Days() > maxTownship {
		return errs.E(errs.Invalid, "请假 %d 天，超过乡镇可批准的 %d 天，应由县级审批", l.Days(), maxTownship)
	}
	state := support.LeaveRefused
	if approve {
		state = support.LeaveApproved
	}
	today := s.today()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.db.Exec(ctx, tx, `UPDATE team_leaves SET state = ?, approver = ?, approver_level = ?, approved_on = ?, updated_at = ?
			WHERE county_code = ? AND leave_id = ? AND state = ?`, state, strings.TrimSpace(approver), level, today, stamp(s.db.Now()),
			string(l.County), id, support.LeavePending); err != nil {
			return internal(err, "support.decideLeave")
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.TeamUpdate, ObjectType: "team", ObjectID: m.TeamID, Region: l.Village,
			Detail: fmt.Sprintf("驻村工作队员「%s」%s 起的请假（%d 天）：%s（%s，%s）", m.Name, l.From, l.Days(), state, level, strings.TrimSpace(approver))})
	})
}

// ReturnLeave closes an approved leave on the day the member came back (销假), and audits it.
func (s *Support) ReturnLeave(ctx context.Context, id string, on registry.Date) error {
	l, m, err := s.leave(ctx, id)
	if err != nil {
		return err
	}
	if l.State != support.LeaveApproved {
		return errs.E(errs.Conflict, "只有已批准的请假可以销假")
	}
	if on.Before(l.From) {
		return errs.E(errs.Invalid, "销假日期早于请假开始日期 %s", l.From)
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.db.Exec(ctx, tx, `UPDATE team_leaves SET state = ?, returned_on = ?, updated_at = ? WHERE county_code = ? AND leave_id = ?`,
			support.LeaveReturned, on, stamp(s.db.Now()), string(l.County), id); err != nil {
			return internal(err, "support.returnLeave")
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.TeamUpdate, ObjectType: "team", ObjectID: m.TeamID, Region: l.Village,
			Detail: fmt.Sprintf("驻村工作队员「%s」%s 销假", m.Name, on)})
	})
}

func (s *Support) leave(ctx context.Context, id string) (*support.Leave, *support.Member, error) {
	county, ok := countyOfID(id)
	if !ok {
		return nil, nil, errs.E(errs.NotFound, "请假记录不存在")
	}
	l := &support.Leave{}
	err := scanLeave(s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT `+leaveCols+` FROM team_leaves WHERE county_code = ? AND leave_id = ?`),
		string(county), id), l)
	if err == sql.ErrNoRows {
		return nil, nil, errs.E(errs.NotFound, "请假记录不存在")
	}
	if err != nil {
		return nil, nil, internal(err, "support.leave")
	}
	m, err := s.Member(ctx, l.MemberID)
	return l, m, err
}

// LeaveRow is a leave request with the member's name.
type LeaveRow struct {
	support.Leave
	Name string
	Role string
}

// Leaves returns the leave requests of a team's members, newest first.
func (s *Support) Leaves(ctx context.Context, teamID string) ([]LeaveRow, error) {
	county, _ := countyOfID(teamID)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+prefixed("l", leaveCols)+`, c.name, m.role FROM team_leaves l
		JOIN team_members m ON m.county_code = l.county_code AND m.member_id = l.member_id
		JOIN cadres c ON c.county_code = m.county_code AND c.cadre_id = m.cadre_id
		WHERE l.county_code = ? AND m.team_id = ? ORDER BY l.from_on DESC`), string(county), teamID)
	if err != nil {
		return nil, internal(err, "support.leaves")
	}
	defer rows.Close()
	var out []LeaveRow
	for rows.Next() {
		var r LeaveRow
		if err := scanLeave(rows, &r.Leave, &r.Name, &r.Role); err != nil {
			return nil, internal(err, "support.leaves")
		}
		out = append(out, r)
	}
	return out, internal(rows.Err(), "support.leaves")
}

// PlanSpotChecks plans random spot checks (随机暗访) on the day: n work teams of the scope
// drawn at random among those in the village that day, each at most once a day. It returns the
// checks planned.
func (s *Support) PlanSpotChecks(ctx context.Context, scope region.Code, on registry.Date, n int, seed uint64) ([]support.SpotCheck, error) {
	if n < 1 || n > 100 {
		return nil, errs.E(errs.Invalid, "一次抽取的工作队数应在 1 到 100 之间")
	}
	teams, err := s.Teams(ctx, scope)
	if err != nil {
		return nil, err
	}
	var pool []support.Team
	for _, t := range teams {
		if t.ActiveOn(on) && t.Members > 0 {
			pool = append(pool, t.Team)
		}
	}
	if len(pool) == 0 {
		return nil, errs.E(errs.Invalid, "所选地区当天没有在村的驻村工作队")
	}
	r := rand.New(rand.NewPCG(seed, uint64(on.Time().Unix())))
	r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	pool = pool[:min(n, len(pool))]
	var out []support.SpotCheck
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, t := range pool {
			c := support.SpotCheck{ID: newSupportID(t.County), County: t.County, TeamID: t.ID, Village: t.Village, Planned: on}
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO spot_checks (county_code, check_id, team_id, village_code, planned_on, created_by, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, string(c.County), c.ID, c.TeamID, string(c.Village), c.Planned,
				audit.ActorFrom(ctx).Username, stamp(s.db.Now())); err != nil {
				return internal(err, "support.planSpotChecks")
			}
			out = append(out, c)
			if err := s.auditTx(ctx, tx, audit.Entry{Action: audit.TeamUpdate, ObjectType: "team", ObjectID: t.ID, Region: t.Village,
				Detail: fmt.Sprintf("计划于 %s 随机暗访驻村工作队「%s」", on, t.Name)}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// RecordSpotCheck records what a spot check found: a planned one (with its ID) or one made
// without a plan, with the result of each member. It audits it.
func (s *Support) RecordSpotCheck(ctx context.Context, c *support.SpotCheck) error {
	c.Checker, c.Note = strings.TrimSpace(c.Checker), strings.TrimSpace(c.Note)
	if c.Checked.IsZero() {
		return errs.E(errs.Invalid, "请填写暗访日期")
	}
	if err := c.Validate(s.today()); err != nil {
		return err
	}
	t, err := s.Team(ctx, c.TeamID)
	if err != nil {
		return err
	}
	members, err := s.Members(ctx, t.ID)
	if err != nil {
		return err
	}
	known := map[string]string{}
	for _, m := range members {
		known[m.ID] = m.Name
	}
	var absent []string
	for _, r := range c.Results {
		name, ok := known[r.MemberID]
		if !ok {
			return errs.E(errs.Invalid, "暗访结果中的队员不属于该工作队")
		}
		if !r.Present {
			absent = append(absent, name)
		}
	}
	c.County, c.Village = t.County, t.Village
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if c.ID == "" {
			c.ID = newSupportID(c.County)
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO spot_checks (county_code, check_id, team_id, village_code, planned_on, checked_on,
				checker, note, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(c.County), c.ID, c.TeamID, string(c.Village),
				c.Planned, c.Checked, c.Checker, c.Note, audit.ActorFrom(ctx).Username, stamp(s.db.Now())); err != nil {
				return internal(err, "support.spotCheck")
			}
		} else {
			res, err := s.db.Exec(ctx, tx, `UPDATE spot_checks SET checked_on = ?, checker = ?, note = ?, updated_at = ?
				WHERE county_code = ? AND check_id = ? AND team_id = ?`, c.Checked, c.Checker, c.Note, stamp(s.db.Now()), string(c.County), c.ID, c.TeamID)
			if err != nil {
				return internal(err, "support.spotCheck")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.E(errs.NotFound, "暗访计划不存在")
			}
			if _, err := s.db.Exec(ctx, tx, `DELETE FROM spot_check_results WHERE county_code = ? AND check_id = ?`, string(c.County), c.ID); err != nil {
				return internal(err, "support.spotCheck")
			}
		}
		for _, r := range c.Results {
			present := 0
			if r.Present {
				present = 1
			}
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO spot_check_results (county_code, check_id, member_id, present) VALUES (?, ?, ?, ?)`,
				string(c.County), c.ID, r.MemberID, present); err != nil {
				return internal(err, "support.spotCheck")
			}
		}
		what := "全部在岗"
		if len(absent) > 0 {
			what = "不在岗：" + strings.Join(absent, "、")
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.TeamUpdate, ObjectType: "team", ObjectID: t.ID, Region: t.Village,
			Detail: fmt.Sprintf("%s 随机暗访驻村工作队「%s」，%s", c.Checked, t.Name, what)})
	})
}

// SpotCheckRow is a spot check with its team and the members found absent.
type SpotCheckRow struct {
	support.SpotCheck
	Team   string
	Absent []string // names
}

// SpotChecks lists the spot checks of the scope (or of one team), planned ones first, then the
// latest.
func (s *Support) SpotChecks(ctx context.Context, scope region.Code, teamID string) ([]SpotCheckRow, error) {
	where, args := regionColWhere("s", "village_code", scope)
	if teamID != "" {
		where += " AND s.team_id = ?"
		args = append(args, teamID)
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT s.check_id, s.county_code, s.team_id, s.village_code, s.planned_on, s.checked_on,
		s.checker, s.note, t.name FROM spot_checks s JOIN work_teams t ON t.county_code = s.county_code AND t.team_id = s.team_id
		WHERE `+where+` ORDER BY CASE WHEN s.checked_on IS NULL THEN 0 ELSE 1 END, COALESCE(s.checked_on, s.planned_on) DESC LIMIT 200`), args...)
	if err != nil {
		return nil, internal(err, "support.spotChecks")
	}
	var out []SpotCheckRow
	for rows.Next() {
		var r SpotCheckRow
		var county, village string
		if err := rows.Scan(&r.ID, &county, &r.TeamID, &village, &r.Planned, &r.Checked, &r.Checker, &r.Note, &r.Team); err != nil {
			rows.Close()
			return nil, internal(err, "support.spotChecks")
		}
		r.County, r.Village = region.Code(county), region.Code(village)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err, "support.spotChecks")
	}
	for i := range out {
		r := &out[i]
		rs, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT x.member_id, x.present, c.name FROM spot_check_results x
			JOIN team_members m ON m.county_code = x.county_code AND m.member_id = x.member_id
			JOIN cadres c ON c.county_code = m.county_code AND c.cadre_id = m.cadre_id
			WHERE x.county_code = ? AND x.check_id = ? ORDER BY c.name`), string(r.County), r.ID)
		if err != nil {
			return nil, internal(err, "support.spotChecks")
		}
		for rs.Next() {
			var res support.SpotResult
			var present int
			var name string
			if err := rs.Scan(&res.MemberID, &present, &name); err != nil {
				rs.Close()
				return nil, internal(err, "support.spotChecks")
			}
			res.Present = present == 1
			r.Results = append(r.Results, res)
			if !res.Present {
				r.Absent = append(r.Absent, name)
			}
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, internal(err, "support.spotChecks")
		}
	}
	return out, nil
}

// Grids.

// PutGrid adds a grid (an empty ID) or renames one, and audits it.
func (s *Support) PutGrid(ctx context.Context, g *support.Grid) error {
	g.County, g.Name = g.Village.County(), strings.TrimSpace(g.Name)
	if err := g.Validate(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.putGrid(ctx, tx, g); err != nil {
			return err
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.GridUpdate, ObjectType: "grid", ObjectID: g.ID, Region: g.Village,
			Detail: fmt.Sprintf("网格「%s」", g.Name)})
	})
}

func (s *Support) putGrid(ctx context.Context, tx *sql.Tx, g *support.Grid) error {
	if g.ID == "" {
		g.ID = newSupportID(g.County)
		_, err := s.db.Exec(ctx, tx, `INSERT INTO grids (county_code, grid_id, village_code, name, source, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			string(g.County), g.ID, string(g.Village), g.Name, g.Source, stamp(s.db.Now()))
		return internal(err, "support.addGrid")
	}
	res, err := s.db.Exec(ctx, tx, `UPDATE grids SET name = ?, updated_at = ? WHERE county_code = ? AND grid_id = ?`,
		g.Name, stamp(s.db.Now()), string(g.County), g.ID)
	if err != nil {
		return internal(err, "support.updateGrid")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "网格不存在")
	}
	return nil
}

// Grid returns the grid with the id.
func (s *Support) Grid(ctx context.Context, id string) (*support.Grid, error) {
	county, ok := countyOfID(id)
	if !ok {
		return nil, errs.E(errs.NotFound, "网格不存在")
	}
	g := &support.Grid{}
	var c, v string
	err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT grid_id, county_code, village_code, name, source FROM grids WHERE county_code = ? AND grid_id = ?`),
		string(county), id).Scan(&g.ID, &c, &v, &g.Name, &g.Source)
	if err == sql.ErrNoRows {
		return nil, errs.E(errs.NotFound, "网格不存在")
	}
	g.County, g.Village = region.Code(c), region.Code(v)
	return g, internal(err, "support.grid")
}

// GridRow is a grid in a list.
type GridRow struct {
	support.Grid
	Households int
	Members    int
	Confirmed  int
}

// Grids lists the grids of the scope with their counts.
func (s *Support) Grids(ctx context.Context, scope region.Code) ([]GridRow, error) {
	where, args := regionColWhere("g", "village_code", scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT g.grid_id, g.county_code, g.village_code, g.name, g.source,
		(SELECT COUNT(*) FROM grid_households h WHERE h.county_code = g.county_code AND h.grid_id = g.grid_id),
		(SELECT COUNT(*) FROM grid_members m WHERE m.county_code = g.county_code AND m.grid_id = g.grid_id),
		(SELECT COUNT(*) FROM grid_members m WHERE m.county_code = g.county_code AND m.grid_id = g.grid_id AND m.confirmed_on IS NOT NULL)
		FROM grids g WHERE `+where+` ORDER BY g.village_code, g.name`), args...)
	if err != nil {
		return nil, internal(err, "support.grids")
	}
	defer rows.Close()
	var out []GridRow
	for rows.Next() {
		var r GridRow
		var c, v string
		if err := rows.Scan(&r.ID, &c, &v, &r.Name, &r.Source, &r.Households, &r.Members, &r.Confirmed); err != nil {
			return nil, internal(err, "support.grids")
		}
		r.County, r.Village = region.Code(c), region.Code(v)
		out = append(out, r)
	}
	return out, internal(rows.Err(), "support.grids")
}

// AssignGrid puts households of the grid's village in the grid (moving them from another
// grid), and audits it.
func (s *Support) AssignGrid(ctx context.Context, gridID string, nos []string) error {
	g, err := s.Grid(ctx, gridID)
	if err != nil {
		return err
	}
	if len(nos) == 0 {
		return errs.E(errs.Invalid, "请填写要划入网格的户编号")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, no := range nos {
			v, err := s.householdVillage(ctx, tx, no)
			if err != nil {
				return err
			}
			if v != g.Village {
				return errs.E(errs.Invalid, "户 %s 不在网格「%s」所在的村", no, g.Name)
			}
			if err := s.assignGrid(ctx, tx, g.County, no, g.ID); err != nil {
				return err
			}
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.GridUpdate, ObjectType: "grid", ObjectID: g.ID, Region: g.Village,
			Detail: fmt.Sprintf("网格「%s」划入 %d 户：%s", g.Name, len(nos), strings.Join(nos, "、"))})
	})
}

func (s *Support) assignGrid(ctx context.Context, tx *sql.Tx, county region.Code, no, gridID string) error {
	if _, err := s.db.Exec(ctx, tx, `DELETE FROM grid_households WHERE county_code = ? AND household_no = ?`, string(county), no); err != nil {
		return internal(err, "support.assignGrid")
	}
	_, err := s.db.Exec(ctx, tx, `INSERT INTO grid_households (county_code, household_no, grid_id) VALUES (?, ?, ?)`, string(county), no, gridID)
	return internal(err, "support.assignGrid")
}

// GridHousehold is a household of a grid.
type GridHousehold struct {
	No   string
	Head string
	Kind string
}

// GridHouseholds lists a grid's households.
func (s *Support) GridHouseholds(ctx context.Context, gridID string) ([]GridHousehold, error) {
	county, _ := countyOfID(gridID)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT gh.household_no, COALESCE(h.kind, ''),
		COALESCE((SELECT MIN(hp.name) FROM persons hp WHERE hp.county_code = gh.county_code AND hp.household_no = gh.household_no AND hp.relation = '户主'), '')
		FROM grid_households gh LEFT JOIN households h ON h.county_code = gh.county_code AND h.household_no = gh.household_no
		WHERE gh.county_code = ? AND gh.grid_id = ? ORDER BY gh.household_no`), string(county), gridID)
	if err != nil {
		return nil, internal(err, "support.gridHouseholds")
	}
	defer rows.Close()
	var out []GridHousehold
	for rows.Next() {
		var h GridHousehold
		if err := rows.Scan(&h.No, &h.Kind, &h.Head); err != nil {
			return nil, internal(err, "support.gridHouseholds")
		}
		out = append(out, h)
	}
	return out, internal(rows.Err(), "support.gridHouseholds")
}

// Ungridded lists the households of a village in no grid, up to limit.
func (s *Support) Ungridded(ctx context.Context, village region.Code, limit int) ([]GridHousehold, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT h.household_no, h.kind,
		COALESCE((SELECT MIN(hp.name) FROM persons hp WHERE hp.county_code = h.county_code AND hp.household_no = h.household_no AND hp.relation = '户主'), '')
		FROM households h WHERE h.county_code = ? AND h.village_code = ? AND NOT EXISTS (SELECT 1 FROM grid_households gh
			WHERE gh.county_code = h.county_code AND gh.household_no = h.household_no) ORDER BY h.household_no LIMIT ?`),
		string(village.County()), string(village), limit)
	if err != nil {
		return nil, internal(err, "support.ungridded")
	}
	defer rows.Close()
	var out []GridHousehold
	for rows.Next() {
		var h GridHousehold
		if err := rows.Scan(&h.No, &h.Kind, &h.Head); err != nil {
			return nil, internal(err, "support.ungridded")
		}
		out = append(out, h)
	}
	return out, internal(rows.Err(), "support.ungridded")
}

// AddGridMember makes a cadre of the grid's county a member of the grid, and audits it.
func (s *Support) AddGridMember(ctx context.Context, m *support.GridMember) error {
	if err := m.Validate(); err != nil {
		return err
	}
	g, err := s.Grid(ctx, m.GridID)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := s.cadreTx(ctx, tx, m.CadreID)
		if err != nil {
			return err
		}
		if c.County != g.County {
			return errs.E(errs.Invalid, "%s不在网格所在的县", c.Label())
		}
		m.County, m.Name = g.County, c.Name
		if err := s.putGridMember(ctx, tx, m); err != nil {
			return err
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.GridUpdate, ObjectType: "grid", ObjectID: g.ID, Region: g.Village,
			Detail: fmt.Sprintf("网格「%s」的%s：%s", g.Name, m.Role, c.Label())})
	})
}

func (s *Support) putGridMember(ctx context.Context, tx *sql.Tx, m *support.GridMember) error {
	if _, err := s.db.Exec(ctx, tx, `DELETE FROM grid_members WHERE county_code = ? AND grid_id = ? AND cadre_id = ?`,
		string(m.County), m.GridID, m.CadreID); err != nil {
		return internal(err, "support.gridMember")
	}
	_, err := s.db.Exec(ctx, tx, `INSERT INTO grid_members (county_code, grid_id, cadre_id, role, confirmed_on) VALUES (?, ?, ?, ?, ?)`,
		string(m.County), m.GridID, m.CadreID, m.Role, m.Confirmed)
	return internal(err, "support.gridMember")
}

// GridMembers lists a grid's members.
func (s *Support) GridMembers(ctx context.Context, gridID string) ([]support.GridMember, error) {
	county, _ := countyOfID(gridID)
	return s.gridMembers(ctx, `m.county_code = ? AND m.grid_id = ?`, string(county), gridID)
}

// GridMemberRow is a grid membership with its grid.
type GridMemberRow struct {
	support.GridMember
	GridName string
	Village  region.Code
}

// CadreGrids lists the grids a cadre is a member of.
func (s *Support) CadreGrids(ctx context.Context, cadreID string) ([]GridMemberRow, error) {
	county, _ := countyOfID(cadreID)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT m.grid_id, m.cadre_id, c.name, m.role, m.confirmed_on, g.name, g.village_code
		FROM grid_members m JOIN grids g ON g.county_code = m.county_code AND g.grid_id = m.grid_id
		JOIN cadres c ON c.county_code = m.county_code AND c.cadre_id = m.cadre_id
		WHERE m.county_code = ? AND m.cadre_id = ? ORDER BY g.name`), string(county), cadreID)
	if err != nil {
		return nil, internal(err, "support.cadreGrids")
	}
	defer rows.Close()
	var out []GridMemberRow
	for rows.Next() {
		r := GridMemberRow{GridMember: support.GridMember{County: county}}
		var v string
		if err := rows.Scan(&r.GridID, &r.CadreID, &r.Name, &r.Role, &r.Confirmed, &r.GridName, &v); err != nil {
			return nil, internal(err, "support.cadreGrids")
		}
		r.Village = region.Code(v)
		out = append(out, r)
	}
	return out, internal(rows.Err(), "support.cadreGrids")
}

func (s *Support) gridMembers(ctx context.Context, cond string, args ...any) ([]support.GridMember, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT m.county_code, m.grid_id, m.cadre_id, c.name, m.role, m.confirmed_on
		FROM grid_members m JOIN cadres c ON c.county_code = m.county_code AND c.cadre_id = m.cadre_id WHERE `+cond+`
		ORDER BY CASE WHEN m.role = '网格长' THEN 0 ELSE 1 END, c.name`), args...)
	if err != nil {
		return nil, internal(err, "support.gridMembers")
	}
	defer rows.Close()
	var out []support.GridMember
	for rows.Next() {
		var m support.GridMember
		var county string
		if err := rows.Scan(&county, &m.GridID, &m.CadreID, &m.Name, &m.Role, &m.Confirmed); err != nil {
			return nil, internal(err, "support.gridMembers")
		}
		m.County = region.Code(county)
		out = append(out, m)
	}
	return out, internal(rows.Err(), "support.gridMembers")
}

// ConfirmGridMember records that the cadre confirmed being a member of the grid, today, and
// audits it.
func (s *Support) ConfirmGridMember(ctx context.Context, gridID, cadreID string) error {
	g, err := s.Grid(ctx, gridID)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := s.db.Exec(ctx, tx, `UPDATE grid_members SET confirmed_on = ? WHERE county_code = ? AND grid_id = ? AND cadre_id = ?`,
			s.today(), string(g.County), gridID, cadreID)
		if err != nil {
			return internal(err, "support.confirmGridMember")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "您不是该网格的网格员")
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.GridUpdate, ObjectType: "grid", ObjectID: g.ID, Region: g.Village,
			Detail: fmt.Sprintf("网格「%s」的网格员确认了身份", g.Name)})
	})
}
