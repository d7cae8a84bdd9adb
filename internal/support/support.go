// Package support is the domain of the people who carry responsibility to every household
// (DOMAIN.md section 6, indicator 4 "四个不摘"; section 7, campaign 2 大走访): the cadres who
// help (帮扶干部) with their unit, level and status; their pairings with households (帮扶关系),
// handed over when a cadre leaves and kept as history; the visits (走访记录) with the six
// checks of the campaign; the resident work teams (驻村工作队) with their members, days in the
// village, leave and random spot checks (随机暗访); and the grids (网格) of a village with their
// households and members.
//
// The package holds the types and their validation, the visit plan computed from the policy
// frequencies, what the domain knows about a household for the screening rules (Facts), the
// objects the object rules judge (a cadre, a work-team member, a grid, a grid member), and the
// column tables of the county ledgers it imports and exports. It reads no database: the SQL is
// internal/store/support.go.
package support

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Domain names the facts of this package for the screening engine: rules read them as
// House.Fact(support.Domain).
const Domain = "support"

// The levels of a cadre (帮扶层级): where the cadre's unit sits, or 驻村 for a member of a
// resident work team.
const (
	LevelCounty   = "县级"
	LevelTownship = "乡级"
	LevelVillage  = "村级"
	LevelResident = "驻村"
)

// Levels lists the levels in the order forms show them.
var Levels = []string{LevelCounty, LevelTownship, LevelVillage, LevelResident}

// LevelSpellings are other spellings of the levels seen in county ledgers.
var LevelSpellings = map[string]string{
	"县": LevelCounty, "县直": LevelCounty, "市级": LevelCounty, "市": LevelCounty, "省级": LevelCounty,
	"乡": LevelTownship, "镇": LevelTownship, "乡镇": LevelTownship, "乡镇级": LevelTownship, "镇级": LevelTownship,
	"村": LevelVillage, "村干部": LevelVillage, "驻村干部": LevelResident, "驻村工作队": LevelResident,
}

// The statuses of a cadre. A cadre who is not 在岗 helps nobody any more: the households must
// be handed over to another cadre.
const (
	InPost      = "在岗"
	Transferred = "调离"
	Retired     = "退休"
	Deceased    = "去世"
)

// Statuses lists the statuses of a cadre.
var Statuses = []string{InPost, Transferred, Retired, Deceased}

// StatusSpellings are other spellings of the statuses.
var StatusSpellings = map[string]string{
	"正常": InPost, "在职": InPost, "调动": Transferred, "调走": Transferred, "离岗": Transferred,
	"已调离": Transferred, "已退休": Retired, "死亡": Deceased, "病故": Deceased, "已去世": Deceased,
}

// EndReasons are the reasons a pairing ends: the cadre's departure, a change of assignment, the
// household leaving the target population, or another reason.
var EndReasons = []string{Transferred, Retired, Deceased, "工作调整", "帮扶对象调整", "其他"}

// Departure reports whether an end reason is the cadre's departure.
func Departure(reason string) bool {
	return reason == Transferred || reason == Retired || reason == Deceased
}

// Limits of the texts, in characters.
const (
	maxName = 50
	maxUnit = 100
	maxNote = 1000
	maxKey  = 64
)

// Cadre is a person who helps: a 帮扶责任人, a member of a work team, a grid member. A cadre
// may also be a gonggu user (Username), who then sees the households and the grid in their
// own page.
type Cadre struct {
	ID       string
	County   region.Code
	Region   region.Code // where the cadre serves: a village, township or the county
	Name     string
	Unit     string // 工作单位
	Post     string // 职务
	Phone    string
	Level    string        // one of Levels, or ""
	Status   string        // one of Statuses
	StatusOn registry.Date // when the status began (for a departure, the day the cadre left)
	Username string        // the gonggu user this cadre is, or ""
	Source   string        // where the record came from: an import's file, a user's edit, the demo
	Updated  time.Time
}

// InPost reports whether the cadre is still in post.
func (c *Cadre) InPost() bool { return c.Status == InPost || c.Status == "" }

// Label names the cadre for a reader: 「王建国」（县农业农村局）.
func (c *Cadre) Label() string {
	if c.Unit == "" {
		return "「" + c.Name + "」"
	}
	return "「" + c.Name + "」（" + c.Unit + "）"
}

// Clean trims the cadre's texts and reads the spellings of level and status.
func (c *Cadre) Clean() {
	c.Name, c.Unit, c.Post = strings.TrimSpace(c.Name), strings.TrimSpace(c.Unit), strings.TrimSpace(c.Post)
	c.Phone, c.Username = strings.TrimSpace(c.Phone), strings.TrimSpace(c.Username)
	c.Level, c.Status = strings.TrimSpace(c.Level), strings.TrimSpace(c.Status)
	if s, ok := LevelSpellings[c.Level]; ok {
		c.Level = s
	}
	if s, ok := StatusSpellings[c.Status]; ok {
		c.Status = s
	}
	if c.Status == "" {
		c.Status = InPost
	}
}

// Validate checks the cadre.
func (c *Cadre) Validate() error {
	if c.Region.Level() == 0 || c.County != c.Region.County() {
		return errs.E(errs.Invalid, "帮扶干部的所在地区「%s」无效", c.Region)
	}
	if err := text("姓名", c.Name, maxName, true); err != nil {
		return err
	}
	if err := text("工作单位", c.Unit, maxUnit, false); err != nil {
		return err
	}
	if err := text("职务", c.Post, maxName, false); err != nil {
		return err
	}
	if err := text("联系电话", c.Phone, 20, false); err != nil {
		return err
	}
	if c.Level != "" && !registry.In(Levels, c.Level) {
		return errs.E(errs.Invalid, "帮扶层级应为%s之一，不是「%s」", strings.Join(Levels, "、"), c.Level)
	}
	if !registry.In(Statuses, c.Status) {
		return errs.E(errs.Invalid, "人员状态应为%s之一，不是「%s」", strings.Join(Statuses, "、"), c.Status)
	}
	if !c.InPost() && c.StatusOn.IsZero() {
		return errs.E(errs.Invalid, "%s的日期不能为空", c.Status)
	}
	return text("用户名", c.Username, 32, false)
}

// Pairing is a cadre's responsibility for a household (帮扶关系) from Start until End; an ended
// pairing is kept as history with the reason it ended.
type Pairing struct {
	ID          string
	County      region.Code
	HouseholdNo string
	Village     region.Code // the household's village
	CadreID     string
	Start, End  registry.Date
	EndReason   string
	Source      string
}

// ActiveOn reports whether the pairing is in force on the day: started (or without a start)
// and not ended before it.
func (p *Pairing) ActiveOn(d registry.Date) bool {
	return (p.Start.IsZero() || !d.Before(p.Start)) && (p.End.IsZero() || d.Before(p.End))
}

// Validate checks the pairing.
func (p *Pairing) Validate() error {
	if p.HouseholdNo == "" || p.CadreID == "" {
		return errs.E(errs.Invalid, "帮扶关系缺少户编号或帮扶干部")
	}
	if p.Village.Level() != region.Village || p.County != p.Village.County() {
		return errs.E(errs.Invalid, "户 %s 的所在村「%s」无效", p.HouseholdNo, p.Village)
	}
	if !p.End.IsZero() && !p.Start.IsZero() && p.End.Before(p.Start) {
		return errs.E(errs.Invalid, "户 %s 的帮扶关系解除日期 %s 早于结对日期 %s", p.HouseholdNo, p.End, p.Start)
	}
	if !p.End.IsZero() && p.EndReason == "" {
		return errs.E(errs.Invalid, "户 %s 的帮扶关系已解除，请填写解除原因", p.HouseholdNo)
	}
	return text("解除原因", p.EndReason, maxName, false)
}

// text checks a free text: its length, and that a required one is filled.
func text(label, s string, max int, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return errs.E(errs.Invalid, "%s不能为空", label)
	}
	if utf8.RuneCountInString(s) > max {
		return errs.E(errs.Invalid, "%s超过 %d 个字符", label, max)
	}
	return nil
}

// TargetKind reports whether a 户类型 is a formerly poor household (脱贫户), in the spellings
// of older exports too: with the monitored households, the target households (帮扶对象).
func TargetKind(kind string) bool {
	switch kind {
	case registry.KindAlleviated, "一般脱贫户", "低保脱贫户", "特困供养脱贫户":
		return true
	}
	return false
}

// TargetKinds are the 户类型 spellings TargetKind accepts, for SQL.
var TargetKinds = []string{registry.KindAlleviated, "一般脱贫户", "低保脱贫户", "特困供养脱贫户"}
