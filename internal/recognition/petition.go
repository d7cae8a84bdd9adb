package recognition

import (
	"slices"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The kinds of petition: the four ways of a 信访 (letters and visits), which the statutory
// deadlines govern, and the reports from outside that gonggu handles the same way (a media
// report, an inspection's feedback), concluded within their own deadline.
const (
	ByLetter     = "来信"
	ByVisit      = "来访"
	Online       = "网上信访"
	Hotline      = "12345热线"
	Media        = "媒体报道"
	Inspection   = "督查反馈"
	maxExtension = 365
)

// Kinds lists the kinds in the order forms show them.
var Kinds = []string{ByLetter, ByVisit, Online, Hotline, Media, Inspection}

// KindSpellings are other spellings of the kinds.
var KindSpellings = map[string]string{
	"信": ByLetter, "群众来信": ByLetter, "访": ByVisit, "群众来访": ByVisit, "走访": ByVisit, "网信": Online,
	"网上投诉": Online, "网上信访件": Online, "12345": Hotline, "热线": Hotline, "市长热线": Hotline, "12345政务服务热线": Hotline,
	"媒体": Media, "新闻媒体": Media, "舆情": Media, "督查": Inspection, "督查检查": Inspection, "巡视巡察": Inspection,
	"审计": Inspection, "审计反馈": Inspection, "暗访": Inspection, "明察暗访": Inspection,
}

// IsReport reports whether a kind is a media or inspection report rather than a 信访.
func IsReport(kind string) bool { return kind == Media || kind == Inspection }

// Topics are what petitions are about: the complaint categories and the policy matters.
var Topics = []string{"道路", "水利", "饮水", "医疗", "养老", "垃圾", "污水", "住房",
	"监测识别", "帮扶措施", "低保救助", "产业项目", "就业务工", "资金使用", "干部作风", "其他"}

// Petition is a 信访 or a media or inspection report about the work.
type Petition struct {
	ID      string
	County  region.Code
	Region  region.Code // where the matter lies: a village, or a township or the county
	Kind    string      // one of Kinds
	Ref     string      // 信访件编号 or the report's number, as the source gives it
	Title   string      // 事项摘要
	Content string      // 诉求内容
	Topic   string      // one of Topics
	// The petitioner, personal data shown masked.
	Petitioner  string
	Phone       string
	HouseholdNo string // the household it concerns, "" when none
	Unit        string // 承办单位
	// The steps, with the deadlines of policy.go and recognition.go.
	ReceivedOn  registry.Date
	AcceptedOn  registry.Date // 受理 (for a report, the day it was received)
	VerifiedOn  registry.Date // 实地核实
	VerifiedBy  string
	VerifyNote  string
	ExtendDays  int // the extension of the conclusion deadline granted, 0 for none
	ConcludedOn registry.Date
	Conclusion  string // 办结意见
	LedgerItem  string // the ledger item that tracks it, "" when none
	Source      string
	CreatedBy   string
	Created     time.Time
	Updated     time.Time
}

// Clean trims the texts and reads the spellings of the kind.
func (p *Petition) Clean() {
	for _, s := range []*string{&p.Kind, &p.Ref, &p.Title, &p.Content, &p.Topic, &p.Petitioner, &p.Phone, &p.HouseholdNo,
		&p.Unit, &p.VerifiedBy, &p.VerifyNote, &p.Conclusion, &p.LedgerItem} {
		*s = strings.TrimSpace(*s)
	}
	if k, ok := KindSpellings[p.Kind]; ok {
		p.Kind = k
	}
	if c, ok := CategorySpellings[p.Topic]; ok {
		p.Topic = c
	}
	if p.Topic == "" {
		p.Topic = "其他"
	}
}

// Validate checks the petition against the day it is recorded on.
func (p *Petition) Validate(today registry.Date) error {
	if p.Region.Level() < region.County || p.County != p.Region.County() {
		return errs.E(errs.Invalid, "信访事项的所涉地区「%s」无效", p.Region)
	}
	if !slices.Contains(Kinds, p.Kind) {
		return errs.E(errs.Invalid, "来源应为%s之一，不是「%s」", strings.Join(Kinds, "、"), p.Kind)
	}
	if !slices.Contains(Topics, p.Topic) {
		return errs.E(errs.Invalid, "诉求类别应为%s之一，不是「%s」", strings.Join(Topics, "、"), p.Topic)
	}
	if err := text("事项摘要", p.Title, 200, true); err != nil {
		return err
	}
	for _, t := range []struct {
		label, s string
		max      int
	}{{"编号", p.Ref, maxName}, {"诉求内容", p.Content, 4000}, {"信访人", p.Petitioner, maxName}, {"联系电话", p.Phone, 20},
		{"户编号", p.HouseholdNo, maxName}, {"承办单位", p.Unit, 100}, {"核实人", p.VerifiedBy, maxName},
		{"核实情况", p.VerifyNote, maxNote}, {"办结意见", p.Conclusion, maxNote}, {"整改事项编号", p.LedgerItem, maxName}} {
		if err := text(t.label, t.s, t.max, false); err != nil {
			return err
		}
	}
	if err := checkDay("收到日期", p.ReceivedOn, today, true); err != nil {
		return err
	}
	steps := []struct {
		label string
		d     registry.Date
	}{{"受理日期", p.AcceptedOn}, {"实地核实日期", p.VerifiedOn}, {"办结日期", p.ConcludedOn}}
	for _, s := range steps {
		if err := checkDay(s.label, s.d, today, false); err != nil {
			return err
		}
		if !s.d.IsZero() && s.d.Before(p.ReceivedOn) {
			return errs.E(errs.Invalid, "%s %s 早于收到日期 %s", s.label, s.d, p.ReceivedOn)
		}
	}
	if !p.AcceptedOn.IsZero() && !p.ConcludedOn.IsZero() && p.ConcludedOn.Before(p.AcceptedOn) {
		return errs.E(errs.Invalid, "办结日期 %s 早于受理日期 %s", p.ConcludedOn, p.AcceptedOn)
	}
	if (!p.VerifiedOn.IsZero() || !p.ConcludedOn.IsZero()) && p.AcceptedOn.IsZero() && !IsReport(p.Kind) {
		return errs.E(errs.Invalid, "信访事项尚未受理，不能登记核实或办结")
	}
	if !p.VerifiedOn.IsZero() && p.VerifiedBy == "" {
		return errs.E(errs.Invalid, "登记实地核实时请填写核实人")
	}
	if !p.ConcludedOn.IsZero() && p.Conclusion == "" {
		return errs.E(errs.Invalid, "登记办结时请填写办结意见")
	}
	if p.ExtendDays < 0 || p.ExtendDays > maxExtension {
		return errs.E(errs.Invalid, "延期天数应在 0–%d 之间", maxExtension)
	}
	return nil
}

// Accepted returns the day the petition was accepted: for a report, the day it was received.
func (p *Petition) Accepted() registry.Date {
	if IsReport(p.Kind) && p.AcceptedOn.IsZero() {
		return p.ReceivedOn
	}
	return p.AcceptedOn
}

// Deadlines are the days by which a petition must be accepted, verified on site and
// concluded.
type Deadlines struct {
	Accept, Verify, Conclude registry.Date
}

// DeadlinesOf computes the petition's deadlines under the parameters: a 信访 is accepted
// within petition_accept_days of its receipt and concluded within petition_conclude_days of
// its acceptance, plus the extension granted (at most petition_extend_max_days); a report is
// concluded within report_conclude_days of its receipt. Either is verified on site within
// petition_verify_days of its acceptance. Until a 信访 is accepted, its other deadlines run
// from the last day it should have been.
func (p *Petition) DeadlinesOf(ps *policy.Set) Deadlines {
	var d Deadlines
	if IsReport(p.Kind) {
		d.Accept = p.ReceivedOn
		d.Conclude = AddDays(p.ReceivedOn, ps.Int(policy.ReportCloseDays))
	} else {
		d.Accept = AddDays(p.ReceivedOn, ps.Int(policy.PetitionAcceptDays))
		from := p.AcceptedOn
		if from.IsZero() {
			from = d.Accept
		}
		d.Conclude = AddDays(from, ps.Int(policy.PetitionCloseDays)+min(p.ExtendDays, ps.Int(policy.PetitionExtendMax)))
	}
	from := p.Accepted()
	if from.IsZero() {
		from = d.Accept
	}
	d.Verify = AddDays(from, ps.Int(policy.PetitionVerifyDays))
	if d.Conclude.Before(d.Verify) {
		d.Verify = d.Conclude
	}
	return d
}

// The states of a petition.
const (
	StateReceived  = "待受理"
	StateAccepted  = "办理中"
	StateConcluded = "已办结"
)

// State returns where the petition stands.
func (p *Petition) State() string {
	switch {
	case !p.ConcludedOn.IsZero():
		return StateConcluded
	case !p.Accepted().IsZero():
		return StateAccepted
	}
	return StateReceived
}

// Overdue returns what is overdue on the day, in Chinese ("" when nothing): acceptance,
// verification on site or conclusion.
func (p *Petition) Overdue(ps *policy.Set, on registry.Date) string {
	d := p.DeadlinesOf(ps)
	var late []string
	if p.Accepted().IsZero() && d.Accept.Before(on) {
		late = append(late, "受理")
	}
	if p.ConcludedOn.IsZero() && p.VerifiedOn.IsZero() && d.Verify.Before(on) {
		late = append(late, "实地核实")
	}
	if p.ConcludedOn.IsZero() && d.Conclude.Before(on) {
		late = append(late, "办结")
	}
	return strings.Join(late, "、")
}

// Due reports whether the petition counts in the rate of petitions handled in time on the day:
// concluded, or past its conclusion deadline.
func (p *Petition) Due(ps *policy.Set, on registry.Date) bool {
	return !p.ConcludedOn.IsZero() || p.DeadlinesOf(ps).Conclude.Before(on)
}

// InTime reports whether the petition was handled in time: accepted, verified on site and
// concluded, each by its deadline, and verified before it was concluded.
func (p *Petition) InTime(ps *policy.Set) bool {
	d := p.DeadlinesOf(ps)
	a := p.Accepted()
	return !a.IsZero() && !d.Accept.Before(a) &&
		!p.VerifiedOn.IsZero() && !d.Verify.Before(p.VerifiedOn) &&
		!p.ConcludedOn.IsZero() && !p.ConcludedOn.Before(p.VerifiedOn) && !d.Conclude.Before(p.ConcludedOn)
}
