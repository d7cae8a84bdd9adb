package support

import (
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The roles in a resident work team (驻村工作队).
const (
	FirstSecretary = "第一书记"
	TeamLeader     = "队长"
	TeamMember     = "队员"
	SecretaryLead  = "第一书记兼队长"
)

// Roles lists the roles of a work-team member.
var Roles = []string{SecretaryLead, FirstSecretary, TeamLeader, TeamMember}

// RoleSpellings are other spellings of the roles.
var RoleSpellings = map[string]string{
	"第一书记（队长）": SecretaryLead, "第一书记(队长)": SecretaryLead, "第一书记、队长": SecretaryLead,
	"第一书记兼工作队长": SecretaryLead, "工作队长": TeamLeader, "驻村工作队长": TeamLeader, "成员": TeamMember, "工作队员": TeamMember,
	"驻村队员": TeamMember,
}

// Team is a resident work team (驻村工作队) of a village, sent by a unit.
type Team struct {
	ID         string
	County     region.Code
	Village    region.Code
	Name       string
	Unit       string // 派出单位
	Start, End registry.Date
	Source     string
}

// ActiveOn reports whether the team is in the village on the day.
func (t *Team) ActiveOn(d registry.Date) bool {
	return (t.Start.IsZero() || !d.Before(t.Start)) && (t.End.IsZero() || !t.End.Before(d))
}

// Validate checks the team.
func (t *Team) Validate() error {
	if t.Village.Level() != region.Village || t.County != t.Village.County() {
		return errs.E(errs.Invalid, "驻村工作队的所在村「%s」无效", t.Village)
	}
	if err := text("工作队名称", t.Name, maxUnit, true); err != nil {
		return err
	}
	if err := text("派出单位", t.Unit, maxUnit, false); err != nil {
		return err
	}
	if !t.End.IsZero() && !t.Start.IsZero() && t.End.Before(t.Start) {
		return errs.E(errs.Invalid, "驻村工作队的结束日期早于开始日期")
	}
	return nil
}

// Member is a cadre's membership of a work team, with the role and the days of it.
type Member struct {
	ID         string
	County     region.Code
	TeamID     string
	Village    region.Code
	CadreID    string
	Name       string // the cadre's name, as shown
	Role       string
	Start, End registry.Date
}

// ActiveOn reports whether the member serves in the team on the day.
func (m *Member) ActiveOn(d registry.Date) bool {
	return (m.Start.IsZero() || !d.Before(m.Start)) && (m.End.IsZero() || !m.End.Before(d))
}

// ServesIn reports whether the member serves on some day of the month.
func (m *Member) ServesIn(mo registry.Month) bool {
	first := mo.First()
	last := AddDays(registry.DateOf(first.Time().AddDate(0, 1, 0)), -1)
	return (m.Start.IsZero() || !last.Before(m.Start)) && (m.End.IsZero() || !m.End.Before(first))
}

// FullMonth reports whether the member served the whole month, so that its days count against
// the monthly requirement.
func (m *Member) FullMonth(mo registry.Month) bool {
	first := mo.First()
	last := AddDays(registry.DateOf(first.Time().AddDate(0, 1, 0)), -1)
	return (m.Start.IsZero() || !first.Before(m.Start)) && (m.End.IsZero() || !m.End.Before(last))
}

// Validate checks the membership.
func (m *Member) Validate() error {
	if m.TeamID == "" || m.CadreID == "" {
		return errs.E(errs.Invalid, "驻村工作队员缺少工作队或人员")
	}
	if s, ok := RoleSpellings[m.Role]; ok {
		m.Role = s
	}
	if !registry.In(Roles, m.Role) {
		return errs.E(errs.Invalid, "队内职务应为%s之一，不是「%s」", strings.Join(Roles, "、"), m.Role)
	}
	if !m.End.IsZero() && !m.Start.IsZero() && m.End.Before(m.Start) {
		return errs.E(errs.Invalid, "驻村结束日期早于开始日期")
	}
	return nil
}

// Attendance is the days a work-team member spent in the village in a month (考勤).
type Attendance struct {
	County   region.Code
	MemberID string
	Month    registry.Month
	Days     int
}

// Validate checks the record: 0 to the days of the month.
func (a *Attendance) Validate() error {
	if a.Month.IsZero() {
		return errs.E(errs.Invalid, "考勤月份不能为空")
	}
	if n := DaysIn(a.Month); a.Days < 0 || a.Days > n {
		return errs.E(errs.Invalid, "%s 的在村天数应在 0 到 %d 之间，不是 %d", a.Month, n, a.Days)
	}
	return nil
}

// DaysIn returns the days of the month.
func DaysIn(m registry.Month) int {
	return time.Date(m.Year(), time.Month(m.Index()%12+1)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// The states of a leave request (请假).
const (
	LeavePending  = "待审批"
	LeaveApproved = "已批准"
	LeaveRefused  = "未批准"
	LeaveReturned = "已销假"
)

// LeaveStates lists the states of a leave request.
var LeaveStates = []string{LeavePending, LeaveApproved, LeaveRefused, LeaveReturned}

// The levels that approve leave: the township up to team_leave_township_days, the county
// beyond.
const (
	ApproveTownship = "乡镇"
	ApproveCounty   = "县级"
)

// ApproverLevels lists who approves leave.
var ApproverLevels = []string{ApproveTownship, ApproveCounty}

// ApproverSpellings are other spellings of the approving levels.
var ApproverSpellings = map[string]string{"乡镇党委": ApproveTownship, "乡": ApproveTownship, "镇": ApproveTownship,
	"乡级": ApproveTownship, "县": ApproveCounty, "县委组织部": ApproveCounty, "县乡村振兴局": ApproveCounty, "派出单位": ApproveCounty}

// Leave is a work-team member's leave from the village: requested, approved (by the township
// or the county), and closed when the member returns (销假).
type Leave struct {
	ID            string
	County        region.Code
	MemberID      string
	Village       region.Code
	From, To      registry.Date
	Reason        string
	State         string
	Approver      string // who approved or refused
	ApproverLevel string // 乡镇 or 县级
	ApprovedOn    registry.Date
	ReturnedOn    registry.Date
	CreatedBy     string
}

// Days returns the days of the leave, both ends counted.
func (l *Leave) Days() int { return Days(l.From, l.To) + 1 }

// Approved reports whether the leave was approved (and perhaps closed since).
func (l *Leave) Approved() bool { return l.State == LeaveApproved || l.State == LeaveReturned }

// Covers reports whether the leave was approved and covers the day.
func (l *Leave) Covers(d registry.Date) bool {
	return l.Approved() && !d.Before(l.From) && !l.To.Before(d)
}

// DaysIn returns how many days of the month the leave covers.
func (l *Leave) DaysIn(m registry.Month) int {
	first := m.First()
	last := AddDays(registry.DateOf(first.Time().AddDate(0, 1, 0)), -1)
	from, to := l.From, l.To
	if from.Before(first) {
		from = first
	}
	if last.Before(to) {
		to = last
	}
	if to.Before(from) {
		return 0
	}
	return Days(from, to) + 1
}

// OverLevel reports whether an approved leave is longer than the township may approve and
// was approved by the township (DOMAIN.md: leave ≤ 3 days approved by the township, longer by
// the county).
func (l *Leave) OverLevel(p *policy.Set) bool {
	return l.Approved() && l.ApproverLevel == ApproveTownship && l.Days() > p.Int(policy.TeamLeaveDays)
}

// Validate checks the leave.
func (l *Leave) Validate() error {
	if l.MemberID == "" {
		return errs.E(errs.Invalid, "请假记录缺少驻村工作队员")
	}
	if l.From.IsZero() || l.To.IsZero() {
		return errs.E(errs.Invalid, "请假的开始和结束日期不能为空")
	}
	if l.To.Before(l.From) {
		return errs.E(errs.Invalid, "请假结束日期 %s 早于开始日期 %s", l.To, l.From)
	}
	if l.Days() > 366 {
		return errs.E(errs.Invalid, "请假超过一年，请核对日期")
	}
	if l.State == "" {
		l.State = LeavePending
	}
	if !registry.In(LeaveStates, l.State) {
		return errs.E(errs.Invalid, "审批状态应为%s之一，不是「%s」", strings.Join(LeaveStates, "、"), l.State)
	}
	if s, ok := ApproverSpellings[l.ApproverLevel]; ok {
		l.ApproverLevel = s
	}
	if l.ApproverLevel != "" && !registry.In(ApproverLevels, l.ApproverLevel) {
		return errs.E(errs.Invalid, "审批层级应为乡镇或县级，不是「%s」", l.ApproverLevel)
	}
	if l.State != LeavePending && l.ApproverLevel == "" {
		return errs.E(errs.Invalid, "已审批的请假应填写审批层级（乡镇或县级）")
	}
	if l.State == LeaveReturned && l.ReturnedOn.IsZero() {
		return errs.E(errs.Invalid, "已销假的请假应填写销假日期")
	}
	if err := text("请假事由", l.Reason, maxNote, false); err != nil {
		return err
	}
	return text("审批人", l.Approver, maxName, false)
}

// SpotCheck is a random unannounced check (随机暗访) of a work team: planned for a day, then
// recorded with who was found in the village.
type SpotCheck struct {
	ID      string
	County  region.Code
	TeamID  string
	Village region.Code
	Planned registry.Date
	Checked registry.Date // blank while only planned
	Checker string
	Note    string
	Results []SpotResult // one per member checked
}

// SpotResult is whether a member was found in the village at a spot check.
type SpotResult struct {
	MemberID string
	Present  bool
}

// Done reports whether the check has been carried out.
func (s *SpotCheck) Done() bool { return !s.Checked.IsZero() }

// Validate checks the spot check.
func (s *SpotCheck) Validate(today registry.Date) error {
	if s.TeamID == "" {
		return errs.E(errs.Invalid, "暗访记录缺少驻村工作队")
	}
	if s.Planned.IsZero() && s.Checked.IsZero() {
		return errs.E(errs.Invalid, "暗访日期不能为空")
	}
	if !s.Checked.IsZero() && today.Before(s.Checked) {
		return errs.E(errs.Invalid, "暗访日期 %s 晚于今天", s.Checked)
	}
	if err := text("暗访人", s.Checker, maxName, false); err != nil {
		return err
	}
	return text("暗访情况", s.Note, maxNote, false)
}
