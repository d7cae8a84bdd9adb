// Package recognition is the domain of indicator 10, 群众认可度 (DOMAIN.md section 6,
// indicator 10; section 7, campaigns 3 and 6): what the families say of the work and what
// they petition about.
//
// A satisfaction survey (认可度调查) is one household's answers in one round: the overall
// satisfaction on a 5-point scale, the satisfaction with each guarantee (吃穿, 义务教育,
// 基本医疗, 住房安全, 饮水安全), whether the family knows its helper and the resident work team,
// and the infrastructure and environment complaints by category (道路, 水利, 饮水, 医疗, 养老,
// 垃圾, 污水, 住房, 其他), with the follow-up visit a dissatisfied answer calls for. Village and
// township rates carry their sample size and a 95 % confidence interval (Wilson), so that a
// village with 6 answers reads "100 %（6 户，61–100 %）", not "100 %".
//
// A petition (信访) or a media or inspection report is received, accepted, verified on site
// (by whom, when) and concluded, each within a statutory deadline that is a policy parameter;
// it may concern a household and be tracked by a ledger item.
//
// The package holds the types and their validation, the rates and deadlines, what the domain
// knows about a household for the screening rules (Facts), the objects the object rules judge
// (a village's answers, a recurring complaint, a petition), the interface through which it
// reads the visits domain (Visits), and the column tables of the lists it imports. It reads
// no database: the SQL is internal/store/recognition.go.
package recognition

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Domain names the facts of this package for the screening engine: rules read them as
// House.Fact(recognition.Domain).
const Domain = "recognition"

// The 5-point scale of the overall satisfaction.
const (
	VeryDissatisfied = 1 // 非常不满意
	Dissatisfied     = 2 // 不满意
	Basic            = 3 // 基本满意
	Satisfied        = 4 // 满意
	VerySatisfied    = 5 // 非常满意
)

// ScaleLabels names the points of the scale, by score (index 0 unused).
var ScaleLabels = [6]string{"", "非常不满意", "不满意", "基本满意", "满意", "非常满意"}

// ScaleSpellings are other spellings of the points seen in county sheets.
var ScaleSpellings = map[string]int{
	"很不满意": 1, "非常不满意": 1, "1": 1, "不满意": 2, "不太满意": 2, "较不满意": 2, "2": 2,
	"基本满意": 3, "一般": 3, "3": 3, "满意": 4, "比较满意": 4, "较满意": 4, "4": 4, "非常满意": 5, "很满意": 5, "5": 5,
}

// ParseScale reads a point of the scale from its number or its words; 0 when it is neither.
func ParseScale(s string) int {
	return ScaleSpellings[strings.TrimSpace(s)]
}

// Guarantees are the guarantees a survey asks about, in the order forms show them.
var Guarantees = []string{"吃穿", "义务教育", "基本医疗", "住房安全", "饮水安全"}

// Categories are the categories of complaints about infrastructure and the environment.
var Categories = []string{"道路", "水利", "饮水", "医疗", "养老", "垃圾", "污水", "住房", "其他"}

// CategorySpellings are other words for the categories.
var CategorySpellings = map[string]string{
	"路": "道路", "修路": "道路", "村道": "道路", "硬化路": "道路", "灌溉": "水利", "水渠": "水利",
	"吃水": "饮水", "自来水": "饮水", "饮用水": "饮水", "看病": "医疗", "卫生室": "医疗", "村卫生室": "医疗",
	"养老院": "养老", "老人": "养老", "互助老人幸福院": "养老", "垃圾处理": "垃圾", "生活垃圾": "垃圾",
	"厕所": "污水", "生活污水": "污水", "排水": "污水", "房屋": "住房", "危房": "住房",
}

// ParseCategories reads a list of complaint categories ("道路、饮水", "路,自来水"): the
// categories in catalog order, and the words it could not read.
func ParseCategories(s string) (cats []string, unknown []string) {
	for _, w := range registry.SplitMulti(strings.NewReplacer("；", ",", ";", ",", " ", ",", "/", ",").Replace(s)) {
		w = strings.TrimSpace(w)
		if w == "" || w == "无" {
			continue
		}
		if c, ok := CategorySpellings[w]; ok {
			w = c
		}
		if !slices.Contains(Categories, w) {
			unknown = append(unknown, w)
			continue
		}
		if !slices.Contains(cats, w) {
			cats = append(cats, w)
		}
	}
	slices.SortFunc(cats, func(a, b string) int { return slices.Index(Categories, a) - slices.Index(Categories, b) })
	return cats, unknown
}

// Ways are how a survey is taken.
var Ways = []string{"入户", "电话", "视频"}

// WaySpellings are other spellings of the ways.
var WaySpellings = map[string]string{"入户调查": "入户", "上门": "入户", "实地": "入户", "电话调查": "电话",
	"电话回访": "电话", "电话访问": "电话", "视频通话": "视频", "微信视频": "视频"}

// Limits of the texts, in characters.
const (
	maxName  = 50
	maxRound = 30
	maxNote  = 1000
	maxKey   = 64
)

// Survey is one household's answers in one survey round (认可度调查).
type Survey struct {
	ID          string
	County      region.Code
	HouseholdNo string
	Village     region.Code // the household's village
	On          registry.Date
	Round       string // 调查轮次: 2026年第三季度, 后评估前自查 …
	Way         string // one of Ways
	Surveyor    string // who asked
	// Overall is the overall satisfaction, 1–5.
	Overall int
	// The satisfaction with each guarantee, in the order of Guarantees: 是 satisfied, 否 not,
	// blank not asked.
	Food, Education, Medical, Housing, Water registry.Flag
	KnowsHelper                              registry.Flag // 认识帮扶责任人
	KnowsTeam                                registry.Flag // 知道驻村工作队（blank where the village has none）
	Complaints                               []string      // categories, in catalog order
	Note                                     string        // 意见建议
	// The follow-up visit of a dissatisfied household (回访).
	FollowUpOn   registry.Date
	FollowUpBy   string
	FollowUpNote string
	// Key is the idempotency key the phone gave the survey: a survey sent twice is stored once.
	Key       string
	Source    string // an import's file, a user's entry, the demo
	CreatedBy string
	Created   time.Time
}

// GuaranteeFlags returns the answers on the guarantees in the order of Guarantees.
func (s *Survey) GuaranteeFlags() []registry.Flag {
	return []registry.Flag{s.Food, s.Education, s.Medical, s.Housing, s.Water}
}

// SetGuarantee sets the answer on the guarantee i of Guarantees.
func (s *Survey) SetGuarantee(i int, f registry.Flag) {
	*[]*registry.Flag{&s.Food, &s.Education, &s.Medical, &s.Housing, &s.Water}[i] = f
}

// IsSatisfied reports whether the overall answer counts as satisfied under the parameters.
func (s *Survey) IsSatisfied(p *policy.Set) bool { return s.Overall >= p.Int(policy.SatisfiedMinScore) }

// OverallLabel names the overall answer.
func (s *Survey) OverallLabel() string {
	if s.Overall < 1 || s.Overall > 5 {
		return ""
	}
	return ScaleLabels[s.Overall]
}

// Unhappy returns the guarantees the household is not satisfied with.
func (s *Survey) Unhappy() []string {
	var out []string
	for i, f := range s.GuaranteeFlags() {
		if f == registry.No {
			out = append(out, Guarantees[i])
		}
	}
	return out
}

// Clean trims the texts and reads the spellings of the way and the categories.
func (s *Survey) Clean() {
	for _, p := range []*string{&s.HouseholdNo, &s.Round, &s.Way, &s.Surveyor, &s.Note, &s.FollowUpBy, &s.FollowUpNote, &s.Key} {
		*p = strings.TrimSpace(*p)
	}
	if w, ok := WaySpellings[s.Way]; ok {
		s.Way = w
	}
	cats, unknown := ParseCategories(strings.Join(s.Complaints, ","))
	s.Complaints = append(cats, unknown...)
}

// Validate checks the survey against the day it is recorded on.
func (s *Survey) Validate(today registry.Date) error {
	if s.Village.Level() != region.Village || s.County != s.Village.County() {
		return errs.E(errs.Invalid, "户 %s 的所在村「%s」无效", s.HouseholdNo, s.Village)
	}
	return s.validate(today)
}

// validate checks the survey but for its village, which a list row does not give.
func (s *Survey) validate(today registry.Date) error {
	if s.HouseholdNo == "" {
		return errs.E(errs.Invalid, "调查记录缺少户编号")
	}
	if err := checkDay("调查日期", s.On, today, true); err != nil {
		return err
	}
	if s.Overall < VeryDissatisfied || s.Overall > VerySatisfied {
		return errs.E(errs.Invalid, "总体满意度应为 1–5（%s）", strings.Join(ScaleLabels[1:], "、"))
	}
	if s.Way != "" && !slices.Contains(Ways, s.Way) {
		return errs.E(errs.Invalid, "调查方式应为%s之一", strings.Join(Ways, "、"))
	}
	for _, c := range s.Complaints {
		if !slices.Contains(Categories, c) {
			return errs.E(errs.Invalid, "诉求类别应为%s之一，不是「%s」", strings.Join(Categories, "、"), c)
		}
	}
	if !s.FollowUpOn.IsZero() {
		if err := checkDay("回访日期", s.FollowUpOn, today, true); err != nil {
			return err
		}
		if s.FollowUpOn.Before(s.On) {
			return errs.E(errs.Invalid, "回访日期 %s 早于调查日期 %s", s.FollowUpOn, s.On)
		}
	}
	for _, t := range []struct {
		label, s string
		max      int
	}{{"调查轮次", s.Round, maxRound}, {"调查人", s.Surveyor, maxName}, {"意见建议", s.Note, maxNote},
		{"回访人", s.FollowUpBy, maxName}, {"回访情况", s.FollowUpNote, maxNote}} {
		if err := text(t.label, t.s, t.max, false); err != nil {
			return err
		}
	}
	return ValidKey(s.Key)
}

// checkDay checks a date: not in the future, not before 2015 (the start of the targeted
// poverty alleviation records), and filled when required.
func checkDay(label string, d, today registry.Date, required bool) error {
	if d.IsZero() {
		if required {
			return errs.E(errs.Invalid, "%s不能为空", label)
		}
		return nil
	}
	if today.Before(d) {
		return errs.E(errs.Invalid, "%s %s 晚于今天", label, d)
	}
	if d.Before(registry.NewDate(2015, 1, 1)) {
		return errs.E(errs.Invalid, "%s %s 过早", label, d)
	}
	return nil
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

// ValidKey checks an idempotency key: up to 64 letters, digits, '-' or '_'; blank for none.
func ValidKey(k string) error {
	if len(k) > maxKey {
		return errs.E(errs.Invalid, "记录编号过长")
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return errs.E(errs.Invalid, "记录编号含有不允许的字符")
		}
	}
	return nil
}

// AddDays returns the day n days after d.
func AddDays(d registry.Date, n int) registry.Date { return registry.DateOf(d.Time().AddDate(0, 0, n)) }

// AddMonths returns the day n months after d (before it for negative n).
func AddMonths(d registry.Date, n int) registry.Date {
	return registry.DateOf(d.Time().AddDate(0, n, 0))
}

// Days returns the days from a to b (negative when b is before a).
func Days(a, b registry.Date) int { return int(b.Time().Sub(a.Time()).Hours()/24 + 0.5) }

// pct formats a percentage with one decimal, without a trailing .0.
func pct(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}
