// Package funds is the domain of the money and what it built (DOMAIN.md section 6, indicators
// 5 and 8): the project library (项目库) with its amounts by fund source, its dates and the
// households it benefits; the county's fund flow (衔接资金 allocated and paid, month by month)
// and its expenditure rate against the schedule (序时进度); the assets formed by finished
// projects (扶贫项目资产) with their custodians, registration, income and its distribution;
// and the PV stations (光伏电站) with their yield, maintenance and income.
//
// It holds the types and their validation, the computations the rules, the scorecard and the
// pages share (the expenditure rate at a date, the monthly curve, the industry share, income
// not yet distributed, a station's yield against its design), and the county ledgers as
// tables: read through internal/tableimport and written back in the same layout. It knows
// no database; internal/store/funds.go keeps its records.
package funds

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The kinds of object the rules of indicators 5 and 8 judge: they are stored as the
// findings' subject kind.
const (
	KindFunds   = "funds"   // a county's transition funds of a year
	KindProject = "project" // a project of the library
	KindAsset   = "asset"   // a project asset
	KindPV      = "pv"      // a PV station
)

// KindLabels name the kinds of object in Chinese.
var KindLabels = map[string]string{KindFunds: "衔接资金", KindProject: "项目", KindAsset: "资产", KindPV: "光伏电站"}

// The fund sources of a project's amounts. The first four are 衔接资金 (transition funds);
// the expenditure rate and the industry share are measured on them.
const (
	Central = iota
	Provincial
	Municipal
	CountyLevel
	Other
	NumSources
)

// Sources are the fund sources' names, by index.
var Sources = [NumSources]string{"中央衔接资金", "省级衔接资金", "市级衔接资金", "县级衔接资金", "其他资金"}

// SourceSpell maps other spellings of the fund sources to theirs.
var SourceSpell = map[string]string{
	"中央": "中央衔接资金", "中央资金": "中央衔接资金", "中央财政衔接资金": "中央衔接资金", "中央财政衔接推进乡村振兴补助资金": "中央衔接资金",
	"省级": "省级衔接资金", "省级资金": "省级衔接资金", "省级财政衔接资金": "省级衔接资金", "省": "省级衔接资金",
	"市级": "市级衔接资金", "市级资金": "市级衔接资金", "市级财政衔接资金": "市级衔接资金", "市": "市级衔接资金",
	"县级": "县级衔接资金", "县级资金": "县级衔接资金", "县级财政衔接资金": "县级衔接资金", "县": "县级衔接资金",
	"其他": "其他资金", "整合资金": "其他资金", "其他财政资金": "其他资金", "自筹": "其他资金", "自筹资金": "其他资金",
}

// SourceIndex returns the index of a fund source's name, or -1.
func SourceIndex(name string) int {
	if std, ok := SourceSpell[name]; ok {
		name = std
	}
	for i, s := range Sources {
		if s == name {
			return i
		}
	}
	return -1
}

// Amounts are a project's amounts by fund source (Sources).
type Amounts [NumSources]registry.Money

// Total returns the sum over every source.
func (a Amounts) Total() registry.Money {
	var t registry.Money
	for _, m := range a {
		t += m
	}
	return t
}

// Transition returns the sum of the 衔接资金 sources (central, provincial, municipal, county).
func (a Amounts) Transition() registry.Money {
	return a[Central] + a[Provincial] + a[Municipal] + a[CountyLevel]
}

// The project types of the library (the national guidance's categories, as counties name
// them), and its two scopes.
const (
	TypeIndustry = "产业发展"
	ScopeVillage = "到村"
	ScopeHouse   = "到户"
)

// ProjectTypes are the project types.
var ProjectTypes = []string{TypeIndustry, "就业项目", "基础设施", "公共服务", "易地搬迁后扶", "巩固三保障成果", "乡村治理", "项目管理费", "其他"}

// TypeSpell maps other spellings of the project types to theirs.
var TypeSpell = map[string]string{
	"产业": TypeIndustry, "产业项目": TypeIndustry, "产业发展项目": TypeIndustry, "产业发展类": TypeIndustry,
	"就业": "就业项目", "就业类": "就业项目", "务工补助": "就业项目",
	"乡村建设行动": "基础设施", "农村基础设施": "基础设施", "基础设施建设": "基础设施", "基础设施类": "基础设施", "小型公益性基础设施": "基础设施",
	"农村公共服务": "公共服务", "公共服务类": "公共服务",
	"易地搬迁后续扶持": "易地搬迁后扶", "搬迁后扶": "易地搬迁后扶",
	"巩固三保障": "巩固三保障成果", "乡村治理和精神文明建设": "乡村治理", "管理费": "项目管理费",
}

// Scopes are a project's scopes: to a village (its infrastructure, its collective) or to
// households (subsidies, inputs).
var Scopes = []string{ScopeVillage, ScopeHouse}

// ScopeSpell maps other spellings of the scopes to theirs.
var ScopeSpell = map[string]string{"到村项目": ScopeVillage, "村级": ScopeVillage, "到村类": ScopeVillage,
	"到户项目": ScopeHouse, "到户类": ScopeHouse, "户": ScopeHouse, "村": ScopeVillage}

// The states of a project, derived from its dates.
const (
	StatusListed   = "储备"
	StatusApproved = "已批复"
	StatusBuilding = "在建"
	StatusFinished = "已完工"
	StatusAccepted = "已验收"
	StatusSettled  = "已报账"
	StatusStopped  = "已终止"
)

// ProjectStatuses are the states in the order a project passes them.
var ProjectStatuses = []string{StatusListed, StatusApproved, StatusBuilding, StatusFinished, StatusAccepted, StatusSettled, StatusStopped}

// Dates are the steps of a project.
type Dates struct {
	Listed     registry.Date // 入库
	Approval   registry.Date // 批复
	PlanStart  registry.Date // 计划开工
	PlanFinish registry.Date // 计划完工
	Start      registry.Date // 开工
	Finish     registry.Date // 完工
	Accept     registry.Date // 验收
	Settle     registry.Date // 报账
	Paid       registry.Date // 资金发放到户 (to-household projects)
}

// Project is a project of the library.
type Project struct {
	County     region.Code
	Place      region.Code // where it is carried out: a village, a township or the county
	No         string      // 项目编号: the key of re-imports
	Name       string
	Type       string // ProjectTypes
	Subtype    string // 项目子类型, as written
	Scope      string // 到村 / 到户, or blank
	Year       int    // 项目年度
	Unit       string // 实施单位
	Content    string // 建设内容及规模
	Mechanism  string // 联农带农机制 (how it links with farmers), as written
	Households int    // 受益户数 the library states
	Planned    Amounts
	Approved   Amounts
	Dates      Dates
	Stopped    bool // 已终止 or cancelled
	Note       string

	// Linked is how many registry households are linked to it (受益户名单), as the store
	// counts them; it is not imported with the project.
	Linked int
	// Version is the store's version of the record, which an edit must name.
	Version string
}

// Kind, ID, Region and Label make a project an object the rules judge.
func (p *Project) Kind() string          { return KindProject }
func (p *Project) ID() string            { return p.No }
func (p *Project) Region() region.Code   { return p.Place }
func (p *Project) Label() string         { return "项目「" + p.Name + "」（" + p.No + "）" }
func (p *Project) IsIndustry() bool      { return p.Type == TypeIndustry }
func (p *Project) ToHouseholds() bool    { return p.Scope == ScopeHouse }
func (p *Project) HasMechanism() bool    { return strings.TrimSpace(p.Mechanism) != "" || p.Linked > 0 }
func (p *Project) ApprovedTotal() string { return p.Approved.Total().String() }

// Status returns the project's state, from its dates.
func (p *Project) Status() string {
	d := p.Dates
	switch {
	case p.Stopped:
		return StatusStopped
	case !d.Settle.IsZero():
		return StatusSettled
	case !d.Accept.IsZero():
		return StatusAccepted
	case !d.Finish.IsZero():
		return StatusFinished
	case !d.Start.IsZero():
		return StatusBuilding
	case !d.Approval.IsZero():
		return StatusApproved
	}
	return StatusListed
}

// Problem is what is wrong with a record: the field (the ledger's column name; "" for the
// record as a whole) and why, in Chinese.
type Problem struct{ Field, Reason string }

// Validate checks a project as the library must hold it.
func (p *Project) Validate() []Problem {
	var out []Problem
	out = append(out, text("项目编号", p.No, 64, true)...)
	out = append(out, text("项目名称", p.Name, 200, true)...)
	if !in(ProjectTypes, p.Type) {
		out = append(out, Problem{"项目类型", "应为" + strings.Join(ProjectTypes, "、") + "之一"})
	}
	if p.Scope != "" && !in(Scopes, p.Scope) {
		out = append(out, Problem{"到村到户", "应为到村或到户"})
	}
	if p.Year < 2016 || p.Year > 2100 {
		out = append(out, Problem{"项目年度", "应为 2016 年以后的年度"})
	}
	if p.Households < 0 {
		out = append(out, Problem{"受益户数", "不能为负数"})
	}
	for i := range Sources {
		if p.Planned[i] < 0 || p.Approved[i] < 0 {
			out = append(out, Problem{"", Sources[i] + "的金额不能为负数"})
		}
	}
	d := p.Dates
	order := []struct {
		a, b         registry.Date
		field, words string
	}{
		{d.PlanStart, d.PlanFinish, "计划完工日期", "计划完工日期早于计划开工日期"},
		{d.Start, d.Finish, "完工日期", "完工日期早于开工日期"},
		{d.Finish, d.Accept, "验收日期", "验收日期早于完工日期"},
		{d.Listed, d.Approval, "批复日期", "批复日期早于入库日期"},
	}
	for _, o := range order {
		if !o.a.IsZero() && !o.b.IsZero() && o.b.Before(o.a) {
			out = append(out, Problem{o.field, o.words})
		}
	}
	if !d.Finish.IsZero() && d.Start.IsZero() {
		out = append(out, Problem{"开工日期", "已填完工日期，应同时填开工日期"})
	}
	if !d.Accept.IsZero() && d.Finish.IsZero() {
		out = append(out, Problem{"完工日期", "已填验收日期，应同时填完工日期"})
	}
	return out
}

// The ways a project links with the households it benefits (带动方式).
var Mechanisms = []string{"务工就业", "订单收购", "土地流转", "入股分红", "资产收益", "生产托管", "技术服务", "直接补助", "其他"}

// MechanismSpell maps other spellings of the ways to theirs.
var MechanismSpell = map[string]string{"务工": "务工就业", "就业": "务工就业", "就业带动": "务工就业", "务工带动": "务工就业",
	"订单": "订单收购", "产品收购": "订单收购", "保底收购": "订单收购", "流转": "土地流转", "土地流转带动": "土地流转",
	"分红": "入股分红", "股份合作": "入股分红", "入股": "入股分红", "收益分红": "资产收益", "托管": "生产托管",
	"技术": "技术服务", "技术培训": "技术服务", "补助": "直接补助", "到户补助": "直接补助", "直补": "直接补助"}

// Beneficiary is a registry household a project benefits (受益户名单).
type Beneficiary struct {
	ProjectNo   string
	HouseholdNo string
	Mechanism   string // Mechanisms
	Amount      registry.Money
	Note        string
}

// The kinds of a fund flow: money allocated to the county (下达) and money paid out of it
// (支出: disbursed to the implementing unit or the household, reimbursed).
const (
	FlowAllocated = "下达"
	FlowPaid      = "支出"
)

// FlowKinds are the kinds of fund flow.
var FlowKinds = []string{FlowAllocated, FlowPaid}

// FlowSpell maps other spellings of the flow kinds to theirs.
var FlowSpell = map[string]string{"资金下达": FlowAllocated, "指标下达": FlowAllocated, "分配": FlowAllocated, "下拨": FlowAllocated,
	"拨付": FlowPaid, "资金拨付": FlowPaid, "报账": FlowPaid, "报账支出": FlowPaid, "已支出": FlowPaid, "支付": FlowPaid}

// Flow is one line of the county's fund flow (资金拨付明细).
type Flow struct {
	Year      int // 资金年度: the year of the funds, not of the payment
	Date      registry.Date
	Kind      string // FlowKinds
	Source    int    // index into Sources
	ProjectNo string // blank for money not yet given to a project
	Amount    registry.Money
	DocNo     string // 文号或凭证号
	Note      string
}

// Validate checks a flow line.
func (f *Flow) Validate() []Problem {
	var out []Problem
	if f.Year < 2016 || f.Year > 2100 {
		out = append(out, Problem{"资金年度", "应为 2016 年以后的年度"})
	}
	if f.Date.IsZero() {
		out = append(out, Problem{"日期", "日期不能为空"})
	} else if y := f.Date.Time().Year(); y < f.Year || y > f.Year+2 {
		out = append(out, Problem{"日期", "日期应在资金年度当年或之后两年内"})
	}
	if f.Amount <= 0 {
		out = append(out, Problem{"金额", "金额应大于 0"})
	}
	return out
}

// The classes of a project asset, and its states.
const (
	ClassProductive = "经营性"
	ClassPublic     = "公益性"
	ClassHousehold  = "到户类"

	AssetRunning  = "运营"
	AssetIdle     = "闲置"
	AssetDamaged  = "损毁"
	AssetDisposed = "处置"
)

// AssetClasses are the classes of asset.
var AssetClasses = []string{ClassProductive, ClassPublic, ClassHousehold}

// ClassSpell maps other spellings of the classes to theirs.
var ClassSpell = map[string]string{"经营性资产": ClassProductive, "公益性资产": ClassPublic, "到户类资产": ClassHousehold,
	"到户": ClassHousehold, "到户资产": ClassHousehold}

// AssetStatuses are the states of an asset.
var AssetStatuses = []string{AssetRunning, AssetIdle, AssetDamaged, AssetDisposed}

// AssetStatusSpell maps other spellings of the states to theirs.
var AssetStatusSpell = map[string]string{"正常运营": AssetRunning, "正常": AssetRunning, "在用": AssetRunning, "使用中": AssetRunning,
	"运行": AssetRunning, "正常运行": AssetRunning, "停用": AssetIdle, "已闲置": AssetIdle, "损坏": AssetDamaged,
	"已损毁": AssetDamaged, "已处置": AssetDisposed, "报废": AssetDisposed, "拆除": AssetDisposed}

// Asset is a project asset (资产台账), with its income and distributions when loaded for the
// rules and pages.
type Asset struct {
	County     region.Code
	Place      region.Code
	No         string // 资产编号
	Name       string
	ProjectNo  string // the project that formed it
	Class      string // AssetClasses
	Type       string // 资产类型 as written: 厂房, 大棚, 道路 …
	Owner      string // 所有权人
	Custodian  string // 管护主体
	Keeper     string // 管护责任人
	Registered registry.Flag
	RegDate    registry.Date // 确权登记日期
	Value      registry.Money
	Formed     registry.Date // 形成（建成）日期
	Status     string        // AssetStatuses
	Note       string

	Incomes       []Income
	Distributions []Distribution
	// Version is the store's version of the record, which an edit must name.
	Version string
}

// Kind, ID, Region and Label make an asset an object the rules judge.
func (a *Asset) Kind() string        { return KindAsset }
func (a *Asset) ID() string          { return a.No }
func (a *Asset) Region() region.Code { return a.Place }
func (a *Asset) Label() string       { return a.Class + "资产「" + a.Name + "」（" + a.No + "）" }

// InUse reports whether the asset is still held (not disposed of).
func (a *Asset) InUse() bool { return a.Status != AssetDisposed }

// Validate checks an asset as the ledger must hold it.
func (a *Asset) Validate() []Problem {
	var out []Problem
	out = append(out, text("资产编号", a.No, 64, true)...)
	out = append(out, text("资产名称", a.Name, 200, true)...)
	if !in(AssetClasses, a.Class) {
		out = append(out, Problem{"资产类别", "应为经营性、公益性或到户类"})
	}
	if a.Status != "" && !in(AssetStatuses, a.Status) {
		out = append(out, Problem{"资产状态", "应为" + strings.Join(AssetStatuses, "、") + "之一"})
	}
	if a.Value < 0 {
		out = append(out, Problem{"资产原值", "不能为负数"})
	}
	if a.Registered == registry.Yes && a.RegDate.IsZero() {
		out = append(out, Problem{"确权登记日期", "已确权登记的资产应填确权登记日期"})
	}
	return out
}

// Income is income an asset or a PV station brought in (收益到账).
type Income struct {
	ObjectNo string         // 资产编号 or 电站编号
	Period   registry.Month // the month it is for (收益期间)
	Received registry.Date  // when it arrived (到账日期)
	Amount   registry.Money
	Note     string
}

// The uses of distributed income (分配用途).
const (
	UseHouseholds = "到户分红"
	UsePosts      = "公益岗位"
	UseWorks      = "小型公益事业"
	UseCollective = "村集体经济"
	UseRewards    = "奖励补助"
	UseOther      = "其他"
)

// Uses are the uses of distributed income.
var Uses = []string{UseHouseholds, UsePosts, UseWorks, UseCollective, UseRewards, UseOther}

// UseSpell maps other spellings of the uses to theirs.
var UseSpell = map[string]string{"分红": UseHouseholds, "到户": UseHouseholds, "入户分红": UseHouseholds,
	"公益性岗位": UsePosts, "公益岗位工资": UsePosts, "公益性岗位工资": UsePosts, "公益性岗位补贴": UsePosts, "设岗": UsePosts,
	"小型公益事业建设": UseWorks, "小型公益性事业": UseWorks, "公益事业": UseWorks, "村集体": UseCollective,
	"壮大村集体经济": UseCollective, "奖补": UseRewards, "以奖代补": UseRewards}

// Distribution is income paid out (收益分配): to whom, how much, when.
type Distribution struct {
	ObjectNo    string
	Date        registry.Date
	Use         string // Uses
	HouseholdNo string // for 到户分红 to a registry household
	Payee       string // 分配对象 as written
	Amount      registry.Money
	Note        string
}

// PostShare reports whether the distribution pays public-welfare posts or small public works,
// the uses the PV share is measured on.
func (d Distribution) PostShare() bool { return d.Use == UsePosts || d.Use == UseWorks }

// The kinds of PV station.
var StationTypes = []string{"村级", "集中式", "户用"}

// StationTypeSpell maps other spellings of the kinds to theirs.
var StationTypeSpell = map[string]string{"村级电站": "村级", "村级光伏电站": "村级", "集中式电站": "集中式", "集中电站": "集中式",
	"户用光伏": "户用", "户用电站": "户用"}

// The states of a PV station.
var StationStatuses = []string{AssetRunning, "停运", AssetDamaged, "拆除"}

// StationStatusSpell maps other spellings of the states to theirs.
var StationStatusSpell = map[string]string{"正常运营": AssetRunning, "正常": AssetRunning, "运行": AssetRunning, "正常运行": AssetRunning,
	"并网运行": AssetRunning, "停止运行": "停运", "故障停运": "停运", "损坏": AssetDamaged, "已拆除": "拆除"}

// Station is a PV poverty-alleviation station (光伏电站), with its months, maintenance and
// distributions when loaded for the rules and pages.
type Station struct {
	County      region.Code
	Place       region.Code
	No          string // 电站编号
	Name        string
	ProjectNo   string
	Type        string  // StationTypes
	CapacityKW  float64 // 装机容量（千瓦）
	ExpectedKWh float64 // 设计年发电量（千瓦时）
	Connected   registry.Date
	Owner       string
	Operator    string // 运维单位
	Status      string // StationStatuses
	Note        string

	Months        []PVMonth
	Ops           []Maintenance
	Distributions []Distribution
}

// Kind, ID, Region and Label make a station an object the rules judge.
func (s *Station) Kind() string        { return KindPV }
func (s *Station) ID() string          { return s.No }
func (s *Station) Region() region.Code { return s.Place }
func (s *Station) Label() string       { return "光伏电站「" + s.Name + "」（" + s.No + "）" }

// InUse reports whether the station stands (not removed).
func (s *Station) InUse() bool { return s.Status != "拆除" }

// Validate checks a station as the ledger must hold it.
func (s *Station) Validate() []Problem {
	var out []Problem
	out = append(out, text("电站编号", s.No, 64, true)...)
	out = append(out, text("电站名称", s.Name, 200, true)...)
	if s.CapacityKW <= 0 {
		out = append(out, Problem{"装机容量（千瓦）", "应大于 0"})
	}
	if s.ExpectedKWh < 0 {
		out = append(out, Problem{"设计年发电量（千瓦时）", "不能为负数"})
	}
	if s.Status != "" && !in(StationStatuses, s.Status) {
		out = append(out, Problem{"运行状态", "应为" + strings.Join(StationStatuses, "、") + "之一"})
	}
	return out
}

// PVMonth is a station's yield and income of one month (光伏收益台账).
type PVMonth struct {
	StationNo string
	Month     registry.Month
	KWh       float64
	Income    registry.Money
	Received  registry.Date // 收益到账日期; blank: counted as received at the month's end
}

// ReceivedOn returns when the month's income counts as received.
func (m PVMonth) ReceivedOn() registry.Date {
	if !m.Received.IsZero() {
		return m.Received
	}
	return monthEnd(m.Month)
}

// The kinds of maintenance of a PV station.
var OpKinds = []string{"除草", "除尘", "清杂", "检修", "其他"}

// OpSpell maps other spellings of the maintenance kinds to theirs.
var OpSpell = map[string]string{"清洗": "除尘", "清洗组件": "除尘", "组件清洗": "除尘", "清扫": "除尘", "清理杂物": "清杂",
	"清理": "清杂", "除杂": "清杂", "割草": "除草", "维修": "检修", "巡检": "检修"}

// Maintenance is one entry of a station's maintenance log (光伏电站运维台账).
type Maintenance struct {
	StationNo string
	Date      registry.Date
	Kind      string // OpKinds
	Content   string
	By        string
}

// ProvinceAverage is the province's average expenditure rate at the end of a month, entered
// by a user or imported, to compare the county with.
type ProvinceAverage struct {
	Province region.Code
	Year     int
	Month    int
	Rate     float64 // %
}

func monthEnd(m registry.Month) registry.Date {
	t := m.First().Time().AddDate(0, 1, -1)
	return registry.NewDate(t.Year(), t.Month(), t.Day())
}

func in(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func text(field, s string, max int, required bool) []Problem {
	switch {
	case required && strings.TrimSpace(s) == "":
		return []Problem{{field, field + "不能为空"}}
	case utf8.RuneCountInString(s) > max:
		return []Problem{{field, field + "超过 " + itoa(max) + " 个字符"}}
	}
	return nil
}

func itoa(n int) string { return registry.Thousands(int64(n)) }

// Days returns the whole days from a to b (negative when b is before a).
func Days(a, b registry.Date) int { return int(b.Time().Sub(a.Time()).Hours() / 24) }

// AddDays returns the date n days after d.
func AddDays(d registry.Date, n int) registry.Date {
	t := d.Time().AddDate(0, 0, n)
	return registry.NewDate(t.Year(), t.Month(), t.Day())
}

// AddMonths returns the date n months after d (the month's last day when d's day is beyond it).
func AddMonths(d registry.Date, n int) registry.Date {
	t := d.Time()
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return registry.NewDate(first.Year(), first.Month(), min(t.Day(), last))
}
