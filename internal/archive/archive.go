// Package archive holds the archive checklists (档案资料大整理): for each household that the
// post-evaluation samples and for each village, the documents the evaluators ask to see —
// 申请书, 入户核查表, 公示照片, 审批表, 帮扶计划, 走访记录 … for a household, 村级台账, 会议记录,
// 项目公示 … for a village. The lists are policy parameters a province or county replaces
// (policy.ArchiveMonitored and the others); which list a household owes follows from its
// category in the registry: monitored, monitored with its risk eliminated, or alleviated and
// not monitored. An ordinary household that was never monitored owes none.
//
// Each listed item is present — attached as a file, or held on paper at a stated place — or
// missing. "No useless material": only listed items count, so an item the lists no longer name
// neither helps nor hurts the completeness, and nothing unlisted can be recorded.
package archive

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Category is which household list applies.
type Category string

// The categories of household archives.
const (
	None       Category = ""         // owes no archive: an ordinary household never monitored
	Monitored  Category = "监测户"      // monitored, risk not eliminated
	Eliminated Category = "风险消除户"    // monitored, risk eliminated
	Alleviated Category = "脱贫户（未监测）" // alleviated and not monitored
)

// Categories lists the categories that owe an archive, in the order pages show them.
var Categories = []Category{Monitored, Eliminated, Alleviated}

// CategoryOf returns the category of a household from its registry fields: 监测对象类别
// (category), 风险是否已消除 (eliminated) and 户类型 (kind). A household is monitored as soon as
// it has a category, whatever its kind: an ordinary household at the edge of poverty owes the
// monitored list like a formerly poor one.
func CategoryOf(kind, category string, eliminated registry.Flag) Category {
	switch {
	case strings.TrimSpace(category) != "" && eliminated == registry.Yes:
		return Eliminated
	case strings.TrimSpace(category) != "":
		return Monitored
	case kind == registry.KindAlleviated:
		return Alleviated
	}
	return None
}

// Lists are the item lists in force in a county.
type Lists struct {
	Monitored  []string // 监测户
	Eliminated []string // what a household whose risk is eliminated owes on top of Monitored
	Alleviated []string // 脱贫户 not monitored
	Village    []string // 村级档案
}

// Params are the parameters Lists reads.
var Params = []policy.Name{policy.ArchiveMonitored, policy.ArchiveEliminated, policy.ArchiveAlleviated, policy.ArchiveVillage}

// HouseholdParams are the parameters ListsFrom reads for household archives alone.
var HouseholdParams = []policy.Name{policy.ArchiveMonitored, policy.ArchiveEliminated, policy.ArchiveAlleviated}

// ListsFrom reads the lists from a county's parameters; household is false when only the
// village list is needed (a set restricted to policy.ArchiveVillage), and village false when
// only the household lists are.
func ListsFrom(p *policy.Set, household, village bool) Lists {
	var l Lists
	if household {
		l.Monitored, l.Eliminated, l.Alleviated = clean(p.List(policy.ArchiveMonitored)), clean(p.List(policy.ArchiveEliminated)),
			clean(p.List(policy.ArchiveAlleviated))
	}
	if village {
		l.Village = clean(p.List(policy.ArchiveVillage))
	}
	return l
}

// clean drops repeated items: a list typed with one item twice owes it once.
func clean(items []string) []string {
	var out []string
	for _, it := range items {
		if !slices.Contains(out, it) {
			out = append(out, it)
		}
	}
	return out
}

// For returns the items a household of the category owes, in list order. The eliminated list
// adds to the monitored one ("风险已消除户另应有的资料"): such a household was identified through
// the same procedure, and its identification file stays in its archive.
func (l Lists) For(c Category) []string {
	switch c {
	case Monitored:
		return l.Monitored
	case Eliminated:
		return clean(append(slices.Clone(l.Monitored), l.Eliminated...))
	case Alleviated:
		return l.Alleviated
	}
	return nil
}

// Kind is what a checklist belongs to.
type Kind string

// The kinds of checklist; they are also the kinds of object the archive rules judge.
const (
	KindHousehold Kind = "archive_household"
	KindVillage   Kind = "archive_village"
)

// Held is how a present item is held.
type Held string

// The ways of holding an item.
const (
	File  Held = "file"  // attached to gonggu as a file
	Paper Held = "paper" // on paper, at the location recorded
)

// Label names the way in Chinese.
func (h Held) Label() string {
	switch h {
	case File:
		return "已上传电子件"
	case Paper:
		return "纸质存档"
	}
	return "缺失"
}

// Entry is a present item of a checklist.
type Entry struct {
	Item     string
	Held     Held
	Location string // where the paper is kept (Paper)
	FileID   string // the attached file (File)
	FileName string
	FileSize int
	Note     string
	By       string
	At       time.Time
}

// The lengths a mark's texts may have, in characters.
const (
	maxLocation = 100
	maxNote     = 200
)

// Validate checks a mark of an item as held on paper, or the note of an attached file.
func (e *Entry) Validate() error {
	e.Location, e.Note = strings.TrimSpace(e.Location), strings.TrimSpace(e.Note)
	switch e.Held {
	case Paper:
		if e.Location == "" {
			return errs.E(errs.Invalid, "请填写纸质资料的存放位置（如：村委会档案室 2 号柜）")
		}
	case File:
	default:
		return errs.E(errs.Invalid, "资料的存档方式无效")
	}
	if utf8.RuneCountInString(e.Location) > maxLocation {
		return errs.E(errs.Invalid, "存放位置超过 %d 个字", maxLocation)
	}
	if utf8.RuneCountInString(e.Note) > maxNote {
		return errs.E(errs.Invalid, "备注超过 %d 个字", maxNote)
	}
	return nil
}

// Checklist is the archive of one household or village: what is stored for it. Which items it
// owes comes from the lists in force (Status), so a change of the lists changes what counts
// without touching what was recorded.
type Checklist struct {
	Kind     Kind
	County   region.Code
	Subject  string      // 户编号, or the village code
	Village  region.Code // the village it belongs to (the village itself for a village's)
	Category Category    // of a household; None for a village
	Entries  map[string]Entry
}

// Required returns the items the checklist owes under the lists.
func (c *Checklist) Required(l Lists) []string {
	if c.Kind == KindVillage {
		return l.Village
	}
	return l.For(c.Category)
}

// Status is a checklist measured against the lists in force.
type Status struct {
	Required []string
	Present  []string // the required items present, in list order
	Missing  []string // the required items missing, in list order
}

// Complete reports whether nothing required is missing (an archive that owes nothing is).
func (s Status) Complete() bool { return len(s.Missing) == 0 }

// Status measures the checklist against the lists: entries for items the lists do not name are
// ignored.
func (c *Checklist) Status(l Lists) Status {
	s := Status{Required: c.Required(l)}
	for _, it := range s.Required {
		if _, ok := c.Entries[it]; ok {
			s.Present = append(s.Present, it)
		} else {
			s.Missing = append(s.Missing, it)
		}
	}
	return s
}

// Listed returns errs.Invalid unless the item is one the checklist owes: nothing else may be
// recorded ("不要无用的材料").
func (c *Checklist) Listed(l Lists, item string) error {
	if slices.Contains(c.Required(l), item) {
		return nil
	}
	if c.Kind == KindVillage {
		return errs.E(errs.Invalid, "「%s」不在村级档案应有资料的清单中，不需要整理", item)
	}
	if c.Category == None {
		return errs.E(errs.Invalid, "该户不是监测户或脱贫户，不需要整理户档案")
	}
	return errs.E(errs.Invalid, "「%s」不在%s档案应有资料的清单中，不需要整理", item, c.Category)
}

// Tally counts the required items and those present over many checklists, and the checklists
// complete.
type Tally struct {
	Required, Present  int
	Archives, Complete int // checklists that owe something, and those of them complete
}

// Add counts a checklist's status.
func (t *Tally) Add(s Status) {
	if len(s.Required) == 0 {
		return
	}
	t.Required, t.Present, t.Archives = t.Required+len(s.Required), t.Present+len(s.Present), t.Archives+1
	if s.Complete() {
		t.Complete++
	}
}

// Merge adds another tally.
func (t *Tally) Merge(o Tally) {
	t.Required, t.Present, t.Archives, t.Complete = t.Required+o.Required, t.Present+o.Present, t.Archives+o.Archives, t.Complete+o.Complete
}

// Missing returns the number of required items missing.
func (t Tally) Missing() int { return t.Required - t.Present }

// Rate returns the share of required items present, in percent; 100 when nothing is required.
func (t Tally) Rate() float64 {
	if t.Required == 0 {
		return 100
	}
	return float64(t.Present) * 100 / float64(t.Required)
}

// Object is a checklist as the archive rules judge it (rules.Object).
type Object struct {
	Checklist
}

// Kind returns the checklist's kind.
func (o *Object) Kind() string { return string(o.Checklist.Kind) }

// ID returns the 户编号 or the village code.
func (o *Object) ID() string { return o.Subject }

// Region returns the village.
func (o *Object) Region() region.Code { return o.Village }

// Label names the archive: 户「…」的档案, or 村「…」的村级档案.
func (o *Object) Label() string {
	if o.Checklist.Kind == KindVillage {
		return "村（" + string(o.Village) + "）的村级档案"
	}
	return "户「" + o.Subject + "」的档案"
}
