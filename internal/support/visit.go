package support

import (
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The ways of a visit (走访方式).
const (
	InPerson = "入户"
	ByPhone  = "电话"
	ByVideo  = "视频"
)

// Ways lists the ways of a visit.
var Ways = []string{InPerson, ByPhone, ByVideo}

// WaySpellings are other spellings of the ways.
var WaySpellings = map[string]string{
	"入户走访": InPerson, "实地走访": InPerson, "上门": InPerson, "现场": InPerson,
	"电话走访": ByPhone, "电话回访": ByPhone, "电话联系": ByPhone, "视频走访": ByVideo, "视频通话": ByVideo, "微信视频": ByVideo,
}

// Visit is a cadre's visit to a household (走访记录) with the six checks of the 大走访
// campaign: basic needs and drinking water (两不愁三保障和饮水), the measures carried out, a new
// hardship, the help given, the policy explained, and whether the family knows its cadre and
// the work team.
type Visit struct {
	ID          string
	County      region.Code
	HouseholdNo string
	Village     region.Code
	CadreID     string
	Visitor     string // the cadre's name, as shown
	On          registry.Date
	Way         string
	// The six checks.
	NeedsMet     registry.Flag // 两不愁三保障和饮水安全有保障
	NeedsNote    string        // what is not met
	MeasuresDone registry.Flag // 帮扶措施已落实
	Hardship     registry.Flag // 有新的困难
	HardshipNote string
	HelpGiven    string        // 帮助解决的问题
	PolicyTold   registry.Flag // 开展了政策宣讲
	KnowsCadre   registry.Flag // 认识帮扶干部
	KnowsTeam    registry.Flag // 知道驻村工作队
	Notes        string
	// Key is the idempotency key the recording device gave the visit: a visit sent twice (the
	// phone resending after a lost answer) is stored once.
	Key       string
	Source    string
	CreatedBy string
	Created   time.Time
	HasPhoto  bool
}

// Problem reports whether the visit found a problem that needs a follow-up: a basic need not
// met, or a new hardship.
func (v *Visit) Problem() bool { return v.NeedsMet == registry.No || v.Hardship == registry.Yes }

// ProblemText describes the problem the visit found, in Chinese.
func (v *Visit) ProblemText() string {
	var parts []string
	if v.NeedsMet == registry.No {
		s := "“两不愁三保障”或饮水安全有问题"
		if v.NeedsNote != "" {
			s += "（" + v.NeedsNote + "）"
		}
		parts = append(parts, s)
	}
	if v.Hardship == registry.Yes {
		s := "有新的困难"
		if v.HardshipNote != "" {
			s += "（" + v.HardshipNote + "）"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "，")
}

// Clean trims the texts and reads the spelling of the way.
func (v *Visit) Clean() {
	for _, p := range []*string{&v.Way, &v.NeedsNote, &v.HardshipNote, &v.HelpGiven, &v.Notes, &v.Key, &v.HouseholdNo} {
		*p = strings.TrimSpace(*p)
	}
	if s, ok := WaySpellings[v.Way]; ok {
		v.Way = s
	}
}

// Validate checks the visit against the day it is recorded on: no visit in the future, none
// before 2015 (the start of the targeted poverty alleviation records).
func (v *Visit) Validate(today registry.Date) error {
	if v.HouseholdNo == "" {
		return errs.E(errs.Invalid, "走访记录缺少户编号")
	}
	if v.CadreID == "" {
		return errs.E(errs.Invalid, "走访记录缺少走访干部")
	}
	if v.On.IsZero() {
		return errs.E(errs.Invalid, "走访日期不能为空")
	}
	if today.Before(v.On) {
		return errs.E(errs.Invalid, "走访日期 %s 晚于今天", v.On)
	}
	if v.On.Before(registry.NewDate(2015, 1, 1)) {
		return errs.E(errs.Invalid, "走访日期 %s 过早", v.On)
	}
	if !registry.In(Ways, v.Way) {
		return errs.E(errs.Invalid, "走访方式应为%s之一", strings.Join(Ways, "、"))
	}
	for _, t := range []struct {
		label, s string
		max      int
	}{{"两不愁三保障问题说明", v.NeedsNote, maxNote}, {"新的困难", v.HardshipNote, maxNote},
		{"帮助解决的问题", v.HelpGiven, maxNote}, {"备注", v.Notes, maxNote}} {
		if err := text(t.label, t.s, t.max, false); err != nil {
			return err
		}
	}
	if v.NeedsMet == registry.No && v.NeedsNote == "" {
		return errs.E(errs.Invalid, "“两不愁三保障”或饮水安全有问题时，请写明是什么问题")
	}
	if v.Hardship == registry.Yes && v.HardshipNote == "" {
		return errs.E(errs.Invalid, "有新的困难时，请写明是什么困难")
	}
	return ValidKey(v.Key)
}

// ValidKey checks an idempotency key: up to 64 letters, digits, '-' or '_'; blank for none.
func ValidKey(k string) error {
	if len(k) > maxKey {
		return errs.E(errs.Invalid, "走访记录的编号过长")
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return errs.E(errs.Invalid, "走访记录的编号含有不允许的字符")
		}
	}
	return nil
}

// Class is what a household is to the visit plan.
type Class int

// The classes of the visit plan.
const (
	// Ordinary households (一般农户, not monitored) are visited once in every 大走访 campaign.
	Ordinary Class = iota
	// Target households (脱贫户, and monitored households whose risk is eliminated) are
	// visited every visit_other_days.
	Target
	// Unresolved monitored households are visited every visit_monitored_days.
	Unresolved
)

// Label names the class in Chinese.
func (c Class) Label() string {
	switch c {
	case Unresolved:
		return "未消除风险监测户"
	case Target:
		return "脱贫户和已消除风险监测户"
	}
	return "一般农户"
}

// ClassOf returns the class of a household from its 户类型, 监测对象类别 and 风险是否已消除.
func ClassOf(kind, category string, eliminated registry.Flag) Class {
	switch {
	case category != "" && eliminated != registry.Yes:
		return Unresolved
	case category != "" || TargetKind(kind):
		return Target
	}
	return Ordinary
}

// Plan is when a household must be visited next.
type Plan struct {
	Class    Class
	Interval int           // days between visits; 0 for an ordinary household (once a campaign)
	Last     registry.Date // the last visit, or blank
	Due      registry.Date // the day by which the next visit is due
	Overdue  bool          // the due day has passed
	Done     bool          // an ordinary household visited in this year's campaign
}

// DaysOverdue returns how many days past the due day ref is (0 when not overdue).
func (p Plan) DaysOverdue(ref registry.Date) int {
	if !p.Overdue {
		return 0
	}
	return Days(p.Due, ref)
}

// Days returns the days from a to b.
func Days(a, b registry.Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}

// AddDays returns the date n days after d.
func AddDays(d registry.Date, n int) registry.Date { return registry.DateOf(d.Time().AddDate(0, 0, n)) }

// Interval returns the visit interval of a class in days (0 for ordinary households).
func Interval(p *policy.Set, c Class) int {
	switch c {
	case Unresolved:
		return p.Int(policy.VisitMonitoredDays)
	case Target:
		return p.Int(policy.VisitOtherDays)
	}
	return 0
}

// PlanParams are the parameters the plan reads.
var PlanParams = []policy.Name{policy.VisitMonitoredDays, policy.VisitOtherDays, policy.VisitCampaignStart, policy.VisitCampaignEnd}

// PlanOf computes a household's plan on the reference day ref. A target household is due an
// interval after its last visit; one never visited, an interval after since (blank: the first
// day of ref's year). An ordinary household is due by the end of the year's campaign, and done
// once visited in it.
func PlanOf(p *policy.Set, c Class, last, since, ref registry.Date) Plan {
	pl := Plan{Class: c, Last: last, Interval: Interval(p, c)}
	if c == Ordinary {
		year := CampaignYear(p, ref)
		start, end := Campaign(p, year)
		switch {
		case !last.IsZero() && !last.Before(start):
			pl.Done = true
			_, pl.Due = Campaign(p, year+1)
		default:
			pl.Due = end
			pl.Overdue = end.Before(ref)
		}
		return pl
	}
	base := last
	if base.IsZero() {
		base = since
		if base.IsZero() {
			base = registry.NewDate(ref.Time().Year(), time.January, 1)
		}
	}
	pl.Due = AddDays(base, pl.Interval)
	pl.Overdue = pl.Due.Before(ref)
	return pl
}

// Campaign returns the first and last day of the year's 大走访 campaign, from the parameters of
// its start and end months (a campaign whose end month comes before its start month ends in
// the next year).
func Campaign(p *policy.Set, year int) (start, end registry.Date) {
	sm, em := clampMonth(p.Int(policy.VisitCampaignStart)), clampMonth(p.Int(policy.VisitCampaignEnd))
	start = registry.NewDate(year, time.Month(sm), 1)
	ey := year
	if em < sm {
		ey++
	}
	end = registry.DateOf(time.Date(ey, time.Month(em)+1, 0, 0, 0, 0, 0, time.UTC))
	return start, end
}

// CampaignYear returns the year whose campaign the day falls in or comes before: its own year,
// or the year before for a day in the months a campaign that spans the new year runs on.
func CampaignYear(p *policy.Set, d registry.Date) int {
	sm, em := clampMonth(p.Int(policy.VisitCampaignStart)), clampMonth(p.Int(policy.VisitCampaignEnd))
	y := d.Time().Year()
	if em < sm && int(d.Time().Month()) <= em {
		y--
	}
	return y
}

func clampMonth(m int) int { return min(max(m, 1), 12) }
