// Package deptlists is the department data comparison (部门数据比对): the lists the county's
// industry departments keep about the people of the registry — 医保 insured persons, 教育
// student rolls, 住建 house appraisals, 民政 低保 and 特困, 公安 deaths and moves of 户籍, 残联
// certificates, 人社 employment and pensions, 卫健 illness and hospital costs, 水利 village water
// supply — each described as a table to import (Spec), matched to registry persons by the first
// 18 characters of the ID number, and compared with what the registry says.
//
// A list fills the registry fields the national export lacks (住房安全等级, 残疾等级, 死亡日期,
// 医保 participation …) where no source has provided them yet, and the store keeps which list
// filled them; a roster (a list complete for its area) also tells what absence means (not on
// the insured roster: not insured). Where the registry holds a value the department
// contradicts, screening raises a finding that names the department: rules read a household's
// matched rows through House.Fact(Domain) as *Facts. A cadre accepts the department's value
// into the registry (Accept) or records why not.
package deptlists

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// Domain names the facts of the domain: rules read them as House.Fact(Domain).
const Domain = "deptlists"

// Kind is the department a list comes from, named as bureaus name it.
type Kind string

// The kinds of department list.
const (
	Medical    Kind = "医保"
	Education  Kind = "教育"
	Housing    Kind = "住建"
	Civil      Kind = "民政"
	Police     Kind = "公安"
	Disability Kind = "残联"
	Labour     Kind = "人社"
	Health     Kind = "卫健"
	Water      Kind = "水利"
)

// Kinds lists the kinds in the order pages and help show them.
var Kinds = []Kind{Medical, Education, Housing, Civil, Police, Disability, Labour, Health, Water}

// ParseKind reads a kind by its Chinese name.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.TrimSpace(s))
	if slices.Contains(Kinds, k) {
		return k, nil
	}
	var names []string
	for _, k := range Kinds {
		names = append(names, string(k))
	}
	return "", errs.E(errs.Invalid, "未知的部门名单「%s」，可选：%s", s, strings.Join(names, "、"))
}

// Level says what a row of a list is about.
type Level uint8

// The levels of list.
const (
	PersonLevel    Level = iota // a person, by ID number
	HouseholdLevel              // a household, by the ID number of a member (usually the head)
	VillageLevel                // a village, by code or name
)

// Spec describes a kind of list: where it comes from, what a row is about, what it provides
// and how its table is read.
type Spec struct {
	Kind       Kind
	Department string // the department that keeps it
	Title      string // what the list is called
	Level      Level
	// Roster lists are complete for the area they are imported for: a person (household) of
	// the area a roster does not list is a fact — not insured, not appraised, no certificate,
	// not deceased — which fills the fields in Absent where no source gave them.
	Roster bool
	// Replaces says that a list is a snapshot: the latest one replaces the rows of earlier ones
	// in its area. Lists of events (deaths, hospital stays, job placements) accumulate instead.
	Replaces bool
	// Provides are the registry fields a row fills where no source has provided them.
	Provides []registry.Field
	// Absent are the fields a roster fills on the records of its area it does not list.
	Absent []registry.Field
	// Note says what the list should hold, for the upload page.
	Note  string
	Table *tableimport.Table[Row]
}

// SpecOf returns the spec of a kind.
func SpecOf(k Kind) *Spec {
	for _, s := range specs {
		if s.Kind == k {
			return s
		}
	}
	return nil
}

// Row is one row of a department list. Each kind uses the fields its table fills:
//
//	医保  State 参保/停保/未参保, Type 居民/职工, Flag 缴费 (是: 已缴费), Flag2 大病保险, Year
//	教育  State 在读/休学/辍学/转出/毕业, Grade 年级, Place 学校
//	住建  Grade A–D, Date 鉴定日期, State 未改造/改造中/已改造/无需改造, Until 竣工日期
//	民政  Type 低保/特困/临时救助/低保边缘, State 在保/停保, Date 起始日期, Until 停止日期, Amount 金额
//	公安  State 死亡/迁出/其他, Date 死亡或注销日期, Place 迁往地
//	残联  Type 残疾类别, Grade 一级–四级, Date 发证日期, State 有效/注销
//	人社  State 已就业/未就业/失业, Place 就业地点, Unit 就业单位, Post 公益性岗位, Flag 职工养老, Flag2 居民养老
//	卫健  Type 疾病名称, State 大病/慢性病/其他, Date 入院日期, Until 出院日期, Total 总费用, Amount 个人自付, Year
//	水利  Village 村代码, VillageName 村名, Town 乡镇, Type 供水方式, Flag 是否达标, Issues 不达标的方面 (Flag2: aspects given)
type Row struct {
	Name string
	ID   string // 证件号码 as written: 18 characters, or 20/22 for a 残疾人证

	Village, VillageName, Town string

	State, Type, Grade string
	Place, Unit, Post  string
	Date, Until        registry.Date
	Amount, Total      registry.Money
	Flag, Flag2        registry.Flag
	Issues             string
	Year               int
}

// Key returns the key rows are matched by: the first 18 characters of the ID number, upper
// case (an old 15-digit number upgraded), or "" when it is no ID number.
func (r *Row) Key() string { return IDKey(r.ID) }

// The standard values of the rows' State, Type and Grade.
const (
	Insured     = "参保"
	Suspended   = "停保"
	NotInsured  = "未参保"
	Resident    = "居民"
	Employee    = "职工"
	Enrolled    = "在读"
	Suspension  = "休学"
	Dropout     = "辍学"
	Transferred = "转出"
	Graduated   = "毕业"
	NotRebuilt  = "未改造"
	Rebuilding  = "改造中"
	Rebuilt     = "已改造"
	NoNeed      = "无需改造"
	Dibao       = "低保"
	Tekun       = "特困"
	TempAid     = "临时救助"
	DibaoEdge   = "低保边缘"
	Active      = "在保"
	Stopped     = "停保"
	Died        = "死亡"
	MovedOut    = "迁出"
	OtherChange = "其他"
	Valid       = "有效"
	Revoked     = "注销"
	Employed    = "已就业"
	NotEmployed = "未就业"
	Unemployed  = "失业"
	Serious     = "大病"
	Chronic     = "慢性病"
	OtherIll    = "其他"
)

// ListRef is a stored list as the rows that came from it refer to it.
type ListRef struct {
	ID    string
	Kind  Kind
	File  string
	Scope region.Code // the area it was imported for
	Year  int         // the year it is about (医保: the insurance year; otherwise of its import)
	At    time.Time   // when it was imported
	// Types are the values of Type the list holds (民政: which kinds of assistance it lists),
	// so that absence from it means something only for those.
	Types []string
}

// Fact is a row of a list matched to a household of the registry.
type Fact struct {
	List     *ListRef
	Seq      int    // the row's number in the file; 0 for a person the roster does not list
	PersonNo string // "" when the row is about the household or its village
	// Missing is set for a person (household) of the roster's area the roster does not list.
	Missing bool
	Row     Row
}

// Facts is what the department lists say about one household: its rows of every stored
// list, with the persons of its area a roster left out.
type Facts struct {
	Rows []Fact
}

// Of returns the facts of a kind about a person ("" for the household's own rows).
func (f *Facts) Of(k Kind, personNo string) []*Fact {
	if f == nil {
		return nil
	}
	var out []*Fact
	for i := range f.Rows {
		if x := &f.Rows[i]; x.List.Kind == k && x.PersonNo == personNo {
			out = append(out, x)
		}
	}
	return out
}

// Listed returns the facts of a kind about a person that are rows of a list, not absences.
func (f *Facts) Listed(k Kind, personNo string) []*Fact {
	var out []*Fact
	for _, x := range f.Of(k, personNo) {
		if !x.Missing {
			out = append(out, x)
		}
	}
	return out
}

// MissingFrom returns the roster of the kind that does not list the person, or nil.
func (f *Facts) MissingFrom(k Kind, personNo string) *ListRef {
	for _, x := range f.Of(k, personNo) {
		if x.Missing {
			return x.List
		}
	}
	return nil
}

// Latest returns the listed fact of a kind about a person from the latest list, the latest
// row of that list when it has several; nil when there is none.
func (f *Facts) Latest(k Kind, personNo string) *Fact {
	var best *Fact
	for _, x := range f.Listed(k, personNo) {
		if best == nil || best.List.At.Before(x.List.At) || (best.List.ID == x.List.ID && best.Seq < x.Seq) {
			best = x
		}
	}
	return best
}

// Source names the list a fact comes from for an explanation: 医保部门名单（2026 年，参保名单.xlsx）.
func (x *Fact) Source() string {
	return string(x.List.Kind) + "部门名单（" + x.List.At.Format("2006-01-02") + "导入）"
}

// IDKey returns the key persons are matched by: the first 18 characters of an ID number upper
// case (a 20- or 22-character 残疾人证 number by its ID part, an old 15-digit number upgraded),
// or "" when s has no ID number's shape.
func IDKey(s string) string {
	s = strings.TrimSpace(s)
	switch len(s) {
	case 18, 20, 22:
		k := s[:18]
		for i := 0; i < 18; i++ {
			c := k[i]
			switch {
			case c >= '0' && c <= '9':
			case i == 17 && (c == 'X' || c == 'x'):
				if c == 'x' {
					k = k[:17] + "X"
				}
			default:
				return ""
			}
		}
		return k
	case 15:
		for i := 0; i < 15; i++ {
			if s[i] < '0' || s[i] > '9' {
				return ""
			}
		}
		k, _ := idno.Upgrade15(s)
		return k
	}
	return ""
}

// The separators of packed rows and entries: a row's fields are joined by the unit
// separator, an entry's parts by the group separator, a household's entries by the record
// separator. Pack replaces them in the values themselves by spaces.
const (
	packSep   = "\x1f"
	entrySep  = "\x1d"
	recordSep = "\x1e"
)

// Pack returns the row as one text, as the store keeps it.
func (r *Row) Pack() string {
	clean := func(s string) string {
		if strings.ContainsAny(s, packSep+entrySep+recordSep) {
			return strings.NewReplacer(packSep, " ", entrySep, " ", recordSep, " ").Replace(s)
		}
		return s
	}
	date := func(d registry.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	return strings.Join([]string{clean(r.Name), clean(r.ID), clean(r.Village), clean(r.VillageName), clean(r.Town),
		clean(r.State), clean(r.Type), clean(r.Grade), clean(r.Place), clean(r.Unit), clean(r.Post),
		date(r.Date), date(r.Until), strconv.FormatInt(int64(r.Amount), 10), strconv.FormatInt(int64(r.Total), 10),
		strconv.Itoa(int(r.Flag)), strconv.Itoa(int(r.Flag2)), clean(r.Issues), strconv.Itoa(r.Year)}, packSep)
}

// packedFields is the number of fields of a packed row.
const packedFields = 19

// UnpackRow reads a row Pack wrote.
func UnpackRow(s string) (Row, error) {
	f := strings.Split(s, packSep)
	if len(f) != packedFields {
		return Row{}, errs.E(errs.Internal, "deptlists: a stored row has %d fields", len(f))
	}
	var r Row
	r.Name, r.ID, r.Village, r.VillageName, r.Town = f[0], f[1], f[2], f[3], f[4]
	r.State, r.Type, r.Grade, r.Place, r.Unit, r.Post = f[5], f[6], f[7], f[8], f[9], f[10]
	var err error
	for i, d := range []*registry.Date{&r.Date, &r.Until} {
		if f[11+i] != "" {
			if *d, err = registry.ParseDate(f[11+i]); err != nil {
				return Row{}, errs.Wrap(err, errs.Internal, "deptlists: a stored row's date")
			}
		}
	}
	nums := make([]int64, 5)
	for i, j := range []int{13, 14, 15, 16, 18} {
		if nums[i], err = strconv.ParseInt(f[j], 10, 64); err != nil {
			return Row{}, errs.Wrap(err, errs.Internal, "deptlists: a stored row's number")
		}
	}
	r.Amount, r.Total = registry.Money(nums[0]), registry.Money(nums[1])
	r.Flag, r.Flag2 = registry.Flag(nums[2]), registry.Flag(nums[3])
	r.Issues, r.Year = f[17], int(nums[4])
	return r, nil
}

// Entry is what a list says about one person of a household (PersonNo "" for the household
// or its village): a row of the list, or that the person is missing from it.
type Entry struct {
	PersonNo string
	Seq      int // the row's number in the file; 0 when Missing
	Missing  bool
	Row      Row
}

// PackEntries returns a household's entries of one list as one text, as the store keeps them.
func PackEntries(es []Entry) string {
	var b strings.Builder
	for i := range es {
		e := &es[i]
		if i > 0 {
			b.WriteString(recordSep)
		}
		b.WriteString(strings.NewReplacer(entrySep, " ", recordSep, " ").Replace(e.PersonNo))
		b.WriteString(entrySep)
		b.WriteString(strconv.Itoa(e.Seq))
		b.WriteString(entrySep)
		if e.Missing {
			b.WriteString("1")
		} else {
			b.WriteString("0")
			b.WriteString(entrySep)
			b.WriteString(e.Row.Pack())
		}
	}
	return b.String()
}

// UnpackEntries reads what PackEntries wrote.
func UnpackEntries(s string) ([]Entry, error) {
	if s == "" {
		return nil, nil
	}
	recs := strings.Split(s, recordSep)
	out := make([]Entry, len(recs))
	for i, rec := range recs {
		parts := strings.SplitN(rec, entrySep, 4)
		if len(parts) < 3 {
			return nil, errs.E(errs.Internal, "deptlists: a stored entry has %d parts", len(parts))
		}
		e := &out[i]
		e.PersonNo = parts[0]
		var err error
		if e.Seq, err = strconv.Atoi(parts[1]); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "deptlists: a stored entry's row number")
		}
		e.Missing = parts[2] == "1"
		if !e.Missing {
			if len(parts) != 4 {
				return nil, errs.E(errs.Internal, "deptlists: a stored entry has no row")
			}
			if e.Row, err = UnpackRow(parts[3]); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
