// Package ledger is the rectification ledger (整改台账): every problem found by screening or
// reported from outside (provincial feedback, inspections, petitions, self-checks) becomes an
// item with a responsible unit and person, a deadline and measures, and moves from 待整改
// through 整改中 and 已整改 to 已销号, each step recorded.
//
// Items made from findings are one item per finding: a finding is one household's (or
// person's) problem, the village cadre fixes it household by household, and screening closes
// it by itself; items made in one batch share a batch id so the ledger can still show them
// together. Such an item can be closed (已销号) only when its findings are closed by
// screening. Items from outside sources need a verifier who is not the user who reported them
// fixed.
package ledger

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// Status is the state of an item.
type Status string

// The states of an item, in order.
const (
	Pending Status = "pending" // 待整改
	Doing   Status = "doing"   // 整改中
	Fixed   Status = "fixed"   // 已整改
	Closed  Status = "closed"  // 已销号
)

// Statuses lists the states in order.
var Statuses = []Status{Pending, Doing, Fixed, Closed}

// Label returns the state in Chinese.
func (s Status) Label() string {
	switch s {
	case Pending:
		return "待整改"
	case Doing:
		return "整改中"
	case Fixed:
		return "已整改"
	case Closed:
		return "已销号"
	}
	return string(s)
}

// ParseStatus reads a state by its code or its Chinese name.
func ParseStatus(s string) (Status, error) {
	s = strings.TrimSpace(s)
	for _, st := range Statuses {
		if string(st) == s || st.Label() == s {
			return st, nil
		}
	}
	return "", errs.E(errs.Invalid, "未知的整改状态「%s」", s)
}

// Source is where a problem came from.
type Source string

// The sources of items.
const (
	FromFinding    Source = "finding"    // 系统筛查
	FromProvince   Source = "province"   // 省级反馈
	FromInspection Source = "inspection" // 督查检查
	FromPetition   Source = "petition"   // 信访
	FromSelfCheck  Source = "selfcheck"  // 自查
)

// Sources lists the sources; ExternalSources those a user may enter or import.
var (
	Sources         = []Source{FromFinding, FromProvince, FromInspection, FromPetition, FromSelfCheck}
	ExternalSources = []Source{FromProvince, FromInspection, FromPetition, FromSelfCheck}
)

// Label returns the source in Chinese.
func (s Source) Label() string {
	switch s {
	case FromFinding:
		return "系统筛查"
	case FromProvince:
		return "省级反馈"
	case FromInspection:
		return "督查检查"
	case FromPetition:
		return "信访"
	case FromSelfCheck:
		return "自查"
	}
	return string(s)
}

// ParseSource reads a source by its code or its Chinese name.
func ParseSource(s string) (Source, error) {
	s = strings.TrimSpace(s)
	for _, src := range Sources {
		if string(src) == s || src.Label() == s {
			return src, nil
		}
	}
	return "", errs.E(errs.Invalid, "未知的问题来源「%s」，可选：省级反馈、督查检查、信访、自查", s)
}

// DateLayout is how deadlines are written.
const DateLayout = "2006-01-02"

// China is the time zone of deadlines and of "today".
var China = time.FixedZone("CST", 8*3600)

// Item is one problem on the ledger.
type Item struct {
	ID          string
	County      region.Code
	Region      region.Code // the township or village that answers for it
	Source      Source
	Indicator   string // indicator id ("1"…"10", "dq"), optional
	RuleID      string // the rule of the findings, for items made from findings
	Description string
	Unit        string // 责任单位
	Person      string // 责任人
	Deadline    string // 整改时限, YYYY-MM-DD
	Measures    string // 整改措施
	Progress    string // 整改进展
	Status      Status
	ParentID    string // the item this one was found from (举一反三)
	BatchID     string // items created together
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	FixedBy     string // who reported it fixed
	FixedAt     time.Time
	ClosedBy    string // who closed it
	ClosedAt    time.Time

	FindingIDs   []string // the findings it was made from
	OpenFindings int      // how many of them are still open or waived (filled by the store)
}

// FromFindings reports whether the item is backed by findings.
func (it *Item) FromFindings() bool { return len(it.FindingIDs) > 0 }

// Overdue reports whether the deadline has passed (before today in China) and the item is
// not yet fixed.
func (it *Item) Overdue(now time.Time) bool {
	if it.Status != Pending && it.Status != Doing {
		return false
	}
	return it.Deadline != "" && it.Deadline < now.In(China).Format(DateLayout)
}

// Clean trims the text fields.
func (it *Item) Clean() {
	for _, p := range []*string{&it.Description, &it.Unit, &it.Person, &it.Deadline, &it.Measures, &it.Progress, &it.Indicator} {
		*p = strings.TrimSpace(*p)
	}
	if t, err := ParseDate(it.Deadline); err == nil {
		it.Deadline = t
	}
}

// ParseDate reads a deadline as 2026-12-31, 2026/12/31, 2026.12.31 or 2026年12月31日.
func ParseDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	r := strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "")
	for _, layout := range []string{"2006-1-2", DateLayout} {
		if t, err := time.Parse(layout, r.Replace(s)); err == nil {
			return t.Format(DateLayout), nil
		}
	}
	return "", errs.E(errs.Invalid, "整改时限「%s」不是有效日期（如 2026-12-31）", s)
}

// Problems checks an item and returns what is wrong, by field, in Chinese.
func (it *Item) Problems() map[string]string {
	p := map[string]string{}
	if it.Region.Level() == 0 || it.Region.Level() < region.County {
		p["region"] = "请选择县、乡镇或村"
	}
	if _, err := ParseSource(string(it.Source)); err != nil {
		p["source"] = "请选择问题来源"
	}
	if it.Description == "" {
		p["description"] = "请填写问题描述"
	} else if utf8.RuneCountInString(it.Description) > 2000 {
		p["description"] = "问题描述不能超过 2000 字"
	}
	if it.Unit == "" {
		p["unit"] = "请填写责任单位"
	}
	if it.Person == "" {
		p["person"] = "请填写责任人"
	}
	if _, err := ParseDate(it.Deadline); err != nil {
		p["deadline"] = "请填写整改时限（如 2026-12-31）"
	}
	for k, v := range map[string]string{"unit": it.Unit, "person": it.Person} {
		if utf8.RuneCountInString(v) > 100 {
			p[k] = "不能超过 100 字"
		}
	}
	for k, v := range map[string]string{"measures": it.Measures, "progress": it.Progress} {
		if utf8.RuneCountInString(v) > 4000 {
			p[k] = "不能超过 4000 字"
		}
	}
	return p
}

// Validate returns an errs.Invalid error naming the first problem of the item.
func (it *Item) Validate() error {
	p := it.Problems()
	for _, k := range []string{"region", "source", "description", "unit", "person", "deadline", "measures", "progress"} {
		if m, ok := p[k]; ok {
			return errs.E(errs.Invalid, "%s", m)
		}
	}
	return nil
}
