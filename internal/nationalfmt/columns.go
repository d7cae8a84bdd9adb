// Package nationalfmt reads and writes the national monitoring system's exports: the wide
// member table (one row per person, with the household's fields repeated on each of its rows)
// and the yearly income table, as xlsx or csv files.
//
// One column table per kind of sheet (Members, Incomes) serves both directions: the decoder
// matches headers against its names and aliases and parses each cell by the column's kind, and
// the encoder writes the canonical names and formats each field the way the decoder reads it,
// so that an export imports back unchanged. The package has no database access; the importer
// stages, checks and stores what it decodes.
package nationalfmt

import (
	"github.com/gonggu/gonggu/internal/registry"
)

// Kind says how a column's cells are read and written.
type Kind uint8

// The kinds of column.
const (
	Text          Kind = iota // free text, stored as given
	Key                       // 户编号 / 人口编号: the national system's keys
	ID                        // 证件号码: checked for spreadsheet damage and content defects
	Phone                     // phone number: checked for spreadsheet damage
	Flag                      // 是 / 否 / blank
	Money                     // amount in yuan
	Date                      // calendar date
	Month                     // YYYYMM
	Count                     // whole number that may be blank (months worked)
	Int                       // whole number where blank is 0 (years, sizes)
	Float                     // decimal number where blank is 0 (areas)
	Enum                      // text from a national list; other values are content defects
	Gender                    // 男 / 女, also written 1 / 2
	HouseholdKind             // 户类型: 脱贫户 / 一般农户 and their older spellings
	Derived                   // computed from other fields: written on export, ignored on import
	// Ignored is a header of real exports whose fact gonggu does not keep: known, so that it is
	// not reported as an unknown column, but neither read nor written (Column.Note says why).
	Ignored
	// RiskList is the un-numbered 致贫返贫风险: one cell holding several risks joined by commas,
	// read into 风险类型1..5.
	RiskList
	// AlleviatedFlag is 是否脱贫户: 是 / 否 read as 户类型 脱贫户 / 一般农户.
	AlleviatedFlag
)

// Level says what a column describes.
type Level uint8

// The levels of column.
const (
	LevelPlace     Level = iota // 省 市 县 乡 村 and the division code
	LevelHousehold              // the household, repeated on each of its rows
	LevelPerson                 // the person of the row
	LevelIncome                 // the household's income in the row's year
	LevelMeasure                // an assistance measure column of the household
	LevelNone                   // derived or ignored
)

// Column is one column of a national table.
type Column struct {
	Name     string   // canonical header, as exports write it
	Aliases  []string // other headers seen in real exports
	Kind     Kind
	Level    Level
	Enum     []string // the national list of an Enum column
	Multi    bool     // an Enum cell may combine values ("残疾,长期慢性病")
	Required bool     // the sheet cannot be imported without it
	Ext      bool     // a gonggu column that national exports do not have
	// Spell names the column's list in Spellings when it is not the column's name.
	Spell string
	// Instead names the columns this one stands in for, which carry the same fact in another
	// form (是否脱贫户 for 户类型, the single 致贫返贫风险 for 风险类型1..5): it is read only from a
	// sheet that has none of them, and the encoder does not write it.
	Instead []string
	// Note says, in Chinese, why an Ignored or Derived column is not imported.
	Note string
	// field returns a pointer to the field the column fills (*string, *registry.Flag,
	// *registry.Money, *registry.Stated, *registry.Date, *registry.Month, *registry.Count,
	// *int, *float64 or, for RiskList, *[5]string).
	field func(r *Record) any
}

// Written reports whether the encoder writes the column: every column but the Ignored ones and
// those that stand in for others.
func (c *Column) Written() bool { return c.Kind != Ignored && len(c.Instead) == 0 }

// Record is one row of a national table decoded into the registry's types: the household
// fields (repeated on every row of a household), the person of the row, the household's
// income in the row's year and its measures.
type Record struct {
	Place   [5]string // 省 市 县 乡 村 as written
	Code    string    // the division code cell, when the sheet has one
	Village string    // the resolved 12-digit village code, set by the importer

	Household registry.Household
	Person    registry.Person
	Income    registry.Income
	// HasIncome is set when any income cell of the row is filled: a row whose income cells are
	// all blank says nothing about income.
	HasIncome bool

	Risks    [5]string  // 风险类型1..5
	Measures [14]string // the measure columns, in MeasureTypes order

	// Derived columns, filled by the encoder only.
	HeadName, HeadID     string
	NetIncome, PerCapita registry.Money
	HasNet               bool

	// unread is what Ignored columns point to: nothing reads or writes it.
	unread string

	// Uncollected names the fields of the row's household, person and income that no source
	// has provided (labels joined by 、): gonggu's own export writes it so that a field never
	// collected is not read back as a blank answer.
	Uncollected string
}

// MeasureTypes are the types of the 14 measure columns, in the national export's order.
var MeasureTypes = []string{registry.MeasureIndustry, registry.MeasureEmployment,
	registry.MeasurePublicPost, registry.MeasureHealth, registry.MeasureEducation,
	registry.MeasureCompulsoryEdu, registry.MeasureHousing, registry.MeasureWater,
	registry.MeasureSocialSecurity, registry.MeasureRelocation, registry.MeasureLivingConditions,
	registry.MeasureInfrastructure, registry.MeasureSocialAid, registry.MeasureFinance}

// householdKinds are the registry's two kinds of household; Spellings maps the other ways
// exports write them.
var householdKinds = []string{registry.KindAlleviated, registry.KindOrdinary}

var devMeasureStates = []string{"已实施", "尚未实施"}

func placeCols() []Column {
	names := [5][]string{
		{"省", "省份", "省(区、市)", "省(自治区、直辖市)", "省名称", "省级"},
		{"市", "市(州)", "地市", "市(地、州、盟)", "地(市、州)", "市州", "市名称", "市级", "地市州"},
		{"县", "县(市、区)", "县(区)", "区县", "县区", "县(市、区、旗)", "县名称", "县级", "县市区"},
		{"乡", "乡(镇)", "乡镇", "镇", "乡(镇、街道)", "乡镇(街道)", "乡名称", "乡级", "乡镇街道"},
		{"村", "行政村", "村(社区)", "村(居)", "村名称", "村级", "村委会", "村(居)委会"},
	}
	var cols []Column
	for i, n := range names {
		cols = append(cols, Column{Name: n[0], Aliases: n[1:], Kind: Text, Level: LevelPlace,
			field: func(r *Record) any { return &r.Place[i] }})
	}
	return cols
}

func codeCol() Column {
	return Column{Name: "行政区划代码", Aliases: []string{"区划代码", "村代码", "村级区划代码", "所在村代码",
		"行政区划编码", "村行政区划代码", "村级行政区划代码", "行政村代码", "区划编码"},
		Kind: Text, Level: LevelPlace, field: func(r *Record) any { return &r.Code }}
}

func householdNoCol() Column {
	return Column{Name: "户编号", Aliases: []string{"家庭编号", "户编码"}, Kind: Key, Level: LevelHousehold,
		Required: true, field: func(r *Record) any { return &r.Household.No }}
}

// incomeCols are the income columns, household-level facts of the row's year.
func incomeCols() []Column {
	money := func(name string, f func(in *registry.Income) *registry.Money, aliases ...string) Column {
		return Column{Name: name, Aliases: aliases, Kind: Money, Level: LevelIncome,
			field: func(r *Record) any { return f(&r.Income) }}
	}
	return []Column{
		money("工资性收入", func(in *registry.Income) *registry.Money { return &in.Wages }, "工资性收入(元)"),
		money("公益性岗位收入", func(in *registry.Income) *registry.Money { return &in.PostWages }, "其中公益性岗位收入", "其中:公益性岗位收入"),
		money("生产经营性收入", func(in *registry.Income) *registry.Money { return &in.Business }, "经营性收入", "生产经营性收入(元)"),
		money("财产性收入", func(in *registry.Income) *registry.Money { return &in.Property }, "财产性收入(元)"),
		money("资产收益扶贫分红收入", func(in *registry.Income) *registry.Money { return &in.Dividends }, "其中资产收益扶贫分红收入", "资产收益分红收入"),
		money("转移性收入", func(in *registry.Income) *registry.Money { return &in.Transfers }, "转移性收入(元)"),
		money("养老金或离退休金", func(in *registry.Income) *registry.Money { return &in.Pension }, "养老金", "养老金或离退休金收入"),
		money("计划生育金", func(in *registry.Income) *registry.Money { return &in.FamilyPlan }, "计划生育奖励扶助金"),
		money("生态补偿金", func(in *registry.Income) *registry.Money { return &in.EcoComp }, "生态补偿金收入"),
		money("最低生活保障金", func(in *registry.Income) *registry.Money { return &in.DibaoPay }, "低保金", "最低生活保障金收入"),
		money("特困人员救助供养金", func(in *registry.Income) *registry.Money { return &in.TekunPay }, "特困供养金", "特困人员供养金"),
		money("其他转移性收入", func(in *registry.Income) *registry.Money { return &in.OtherTrans }),
		money("生产经营性支出", func(in *registry.Income) *registry.Money { return &in.BusinessExpense }, "经营性支出", "生产经营性支出(合计)"),
		money("专项用于减少生产经营性支出的补贴", func(in *registry.Income) *registry.Money { return &in.ExpenseSubsidy }),
		money("合规自付医疗支出", func(in *registry.Income) *registry.Money { return &in.MedicalOOP }, "合规自付支出", "合规自付医疗费用"),
		money("教育支出", func(in *registry.Income) *registry.Money { return &in.EducationExp }),
		// The figures as the file states them, kept beside those gonggu computes.
		Column{Name: "纯收入", Aliases: []string{"家庭纯收入", "家庭年纯收入", "年纯收入"}, Kind: Money, Level: LevelIncome,
			field: func(r *Record) any { return &r.Income.DeclaredNet }},
		Column{Name: "人均纯收入", Aliases: []string{"年人均纯收入", "家庭人均纯收入"}, Kind: Money, Level: LevelIncome,
			field: func(r *Record) any { return &r.Income.DeclaredPerCapita }},
		ignored("年收入", "可能是总收入而非纯收入，未导入；纯收入按各项收入计算，并保留表中的「纯收入」", "家庭年收入"),
		ignored("其他工资性收入", "系统只保存工资性收入及其中的公益性岗位收入"),
		ignored("其他财产性收入", "旧指标，系统只保存财产性收入及其中的资产收益扶贫分红收入", "其他财产性收入(旧指标)"),
		// What gonggu computes from the items: written on export, never read.
		Column{Name: "纯收入（系统计算）", Kind: Derived, Level: LevelNone, field: func(r *Record) any { return &r.NetIncome }},
		Column{Name: "人均纯收入（系统计算）", Kind: Derived, Level: LevelNone, field: func(r *Record) any { return &r.PerCapita }},
	}
}

// ignored is a header of real exports whose fact the registry does not keep.
func ignored(name, note string, aliases ...string) Column {
	return Column{Name: name, Aliases: aliases, Kind: Ignored, Level: LevelNone, Note: note,
		field: func(r *Record) any { return &r.unread }}
}

func yearCol() Column {
	return Column{Name: "年度", Aliases: []string{"年份", "数据年度", "收入年度"}, Kind: Int, Level: LevelIncome,
		field: func(r *Record) any { return &r.Income.Year }}
}

func hs(name string, f func(h *registry.Household) *string, kind Kind, enum []string, aliases ...string) Column {
	return Column{Name: name, Aliases: aliases, Kind: kind, Level: LevelHousehold, Enum: enum,
		field: func(r *Record) any { return f(&r.Household) }}
}

func hf(name string, f func(h *registry.Household) *registry.Flag, aliases ...string) Column {
	return Column{Name: name, Aliases: aliases, Kind: Flag, Level: LevelHousehold,
		field: func(r *Record) any { return f(&r.Household) }}
}

func ps(name string, f func(p *registry.Person) *string, kind Kind, enum []string, aliases ...string) Column {
	return Column{Name: name, Aliases: aliases, Kind: kind, Level: LevelPerson, Enum: enum,
		field: func(r *Record) any { return f(&r.Person) }}
}

func pf(name string, f func(p *registry.Person) *registry.Flag, aliases ...string) Column {
	return Column{Name: name, Aliases: aliases, Kind: Flag, Level: LevelPerson,
		field: func(r *Record) any { return f(&r.Person) }}
}

func ext(c Column) Column { c.Ext = true; return c }

func memberCols() []Column {
	cols := placeCols()
	cols = append(cols, householdNoCol(),
		Column{Name: "人口编号", Aliases: []string{"人编号", "成员编号", "人员编号"}, Kind: Key, Level: LevelPerson,
			Required: true, field: func(r *Record) any { return &r.Person.No }},
		ps("姓名", func(p *registry.Person) *string { return &p.Name }, Text, nil, "成员姓名", "人员姓名"),
		ps("性别", func(p *registry.Person) *string { return &p.Gender }, Gender, nil),
		Column{Name: "出生日期", Aliases: []string{"出生年月日", "出生年月"}, Kind: Date, Level: LevelPerson,
			field: func(r *Record) any { return &r.Person.Birth }},
		ps("证件类型", func(p *registry.Person) *string { return &p.IDType }, Text, nil),
		ps("证件号码", func(p *registry.Person) *string { return &p.IDNumber }, ID, nil,
			"身份证号码", "身份证号", "证件号码(身份证号码)", "身份证件号码", "证件号"),
		ps("民族", func(p *registry.Person) *string { return &p.Ethnicity }, Text, nil),
		hs("户联系电话", func(h *registry.Household) *string { return &h.Phone }, Phone, nil, "家庭联系电话", "户主联系电话"),
		ps("成员联系电话", func(p *registry.Person) *string { return &p.Phone }, Phone, nil,
			"家庭成员联系电话", "个人联系电话", "本人联系电话"),
		yearCol(),
		ps("与户主关系", func(p *registry.Person) *string { return &p.Relation }, Enum, registry.Relations),
		ps("文化程度", func(p *registry.Person) *string { return &p.Education }, Enum, registry.Educations),
		ps("在校生状况", func(p *registry.Person) *string { return &p.SchoolStatus }, Enum, registry.SchoolStatuses, "在校生情况"),
		ps("劳动技能", func(p *registry.Person) *string { return &p.LabourSkill }, Enum, registry.LabourSkills),
		Column{Name: "务工时间（月）", Aliases: []string{"务工时间", "务工月数", "务工时间(月数)", "务工时长(月)"},
			Kind: Count, Level: LevelPerson, field: func(r *Record) any { return &r.Person.WorkMonths }},
		Column{Name: "健康状况", Kind: Enum, Level: LevelPerson, Enum: registry.HealthStates, Multi: true,
			field: func(r *Record) any { return &r.Person.Health }},
		ps("政治面貌", func(p *registry.Person) *string { return &p.Political }, Enum, registry.PoliticalStatuses),
		ps("务工企业名称", func(p *registry.Person) *string { return &p.Employer }, Text, nil, "务工单位", "务工单位名称", "务工企业"),
		// 务工所在地 is a place in 2023+ exports (浙江省宁波市鄞州区), an area in older ones: kept
		// as written; internal/region derives the work area from either.
		ps("务工所在地", func(p *registry.Person) *string { return &p.WorkLocation }, Text, nil, "务工地点", "务工区域", "务工状况"),
		ps("就业渠道", func(p *registry.Person) *string { return &p.WorkChannel }, Text, nil, "就业渠道(易地搬迁后扶使用)"),
		pf("是否享受低保", func(p *registry.Person) *registry.Flag { return &p.Dibao }, "是否享受农村居民最低生活保障", "是否低保",
			"是否享受最低生活保障", "享受低保政策情况"),
		pf("是否特困供养人员", func(p *registry.Person) *registry.Flag { return &p.Tekun }, "是否特困供养", "是否特困人员", "是否特困",
			"享受特困供养政策情况"),
		pf("是否参加城乡居民基本医疗保险", func(p *registry.Person) *registry.Flag { return &p.ResidentMedical },
			"是否参加新型农村合作医疗(城乡居民基本医疗保险)", "是否参加新型农村合作医疗", "是否参加城乡居民医疗保险",
			"是否参加居民医疗保险", "是否参加居民基本医疗保险"),
		pf("是否参加城镇职工基本医疗保险", func(p *registry.Person) *registry.Flag { return &p.EmployeeMedical }, "是否参加职工基本医疗保险",
			"是否参加职工医疗保险", "是否参加城镇职工医疗保险"),
		pf("是否参加大病保险", func(p *registry.Person) *registry.Flag { return &p.CriticalIllness }),
		pf("是否参加城乡居民基本养老保险", func(p *registry.Person) *registry.Flag { return &p.ResidentPension }, "是否参加城乡居民养老保险",
			"是否参加居民基本养老保险", "是否参加居民养老保险"),
		pf("是否参加城镇职工基本养老保险", func(p *registry.Person) *registry.Flag { return &p.EmployeePension }, "是否参加职工基本养老保险"),
		ps("失学或辍学原因", func(p *registry.Person) *string { return &p.DropoutReason }, Text, nil, "义务教育阶段未上学原因", "未上学原因"),
		ps("公益性岗位类型", func(p *registry.Person) *string { return &p.PostType }, Enum, registry.PublicPostTypes, "公益岗位类型",
			"公益性岗位"),
		Column{Name: "公益性岗位(月数)", Aliases: []string{"公益性岗位月数", "公益岗位月数", "公益性岗位(月)"},
			Kind: Count, Level: LevelPerson, field: func(r *Record) any { return &r.Person.PostMonths }},
		ps("残疾类别", func(p *registry.Person) *string { return &p.DisabilityCategory }, Enum, registry.DisabilityCategories),
		Column{Name: "户主姓名", Kind: Derived, Level: LevelNone, field: func(r *Record) any { return &r.HeadName }},
		Column{Name: "户主证件号码", Aliases: []string{"户主身份证号码", "户主身份证号"}, Kind: Derived, Level: LevelNone,
			field: func(r *Record) any { return &r.HeadID }},
		hs("监测对象类别", func(h *registry.Household) *string { return &h.Category }, Enum, registry.MonitoringCategories, "监测类型", "监测对象类型"),
	)
	var riskCols []string
	for i := range 5 {
		n := string(rune('1' + i))
		riskCols = append(riskCols, "风险类型"+n)
		cols = append(cols, Column{Name: "风险类型" + n,
			Aliases: []string{"致贫/返贫风险" + n, "致贫返贫风险" + n, "返贫致贫风险" + n, "风险类别" + n},
			Kind:    Enum, Level: LevelHousehold, Enum: registry.RiskTypes, Spell: "风险类型",
			field: func(r *Record) any { return &r.Risks[i] }})
	}
	cols = append(cols, Column{Name: "致贫返贫风险", Aliases: []string{"致贫/返贫风险", "返贫致贫风险", "风险类型"},
		Kind: RiskList, Level: LevelHousehold, Enum: registry.RiskTypes, Spell: "风险类型", Instead: riskCols,
		field: func(r *Record) any { return &r.Risks }})
	cols = append(cols,
		hf("风险是否已消除", func(h *registry.Household) *registry.Flag { return &h.RiskEliminated }, "是否风险消除", "风险是否消除"),
		hs("风险消除方式", func(h *registry.Household) *string { return &h.EliminationWay }, Enum, registry.EliminationWays),
		Column{Name: "识别监测时间", Aliases: []string{"纳入监测时间", "识别时间"}, Kind: Month, Level: LevelHousehold,
			field: func(r *Record) any { return &r.Household.IdentifiedOn }},
		Column{Name: "消除监测时间", Aliases: []string{"风险消除时间", "消除时间"}, Kind: Month, Level: LevelHousehold,
			field: func(r *Record) any { return &r.Household.EliminatedOn }},
		hf("是否危房户", func(h *registry.Household) *registry.Flag { return &h.UnsafeHouse }),
		hf("是否解决安全饮用水", func(h *registry.Household) *registry.Flag { return &h.WaterSafe }, "是否解决饮水安全", "是否饮水安全"),
		hs("户类型", func(h *registry.Household) *string { return &h.Kind }, HouseholdKind, householdKinds, "户属性", "农户类型"),
		Column{Name: "是否脱贫户", Kind: AlleviatedFlag, Level: LevelHousehold, Instead: []string{"户类型"},
			field: func(r *Record) any { return &r.Household.Kind }},
		Column{Name: "脱贫年度", Aliases: []string{"脱贫年份", "脱贫时间"}, Kind: Int, Level: LevelHousehold,
			field: func(r *Record) any { return &r.Household.YearOut }},
		Column{Name: "家庭人口数", Aliases: []string{"家庭人口", "户人口数", "家庭成员数", "人口数", "当前家庭人口数"}, Kind: Int,
			Level: LevelHousehold, field: func(r *Record) any { return &r.Household.DeclaredSize }},
		// The size the year's per-capita income is computed over.
		Column{Name: "年度家庭人口数", Aliases: []string{"收入计算人口数"}, Kind: Int, Level: LevelIncome,
			field: func(r *Record) any { return &r.Income.Size }},
	)
	for i, t := range MeasureTypes {
		c := Column{Name: t, Kind: Text, Level: LevelMeasure, field: func(r *Record) any { return &r.Measures[i] }}
		switch t {
		case registry.MeasurePublicPost:
			c.Aliases = []string{"公益性岗位帮扶"}
		case registry.MeasureRelocation:
			c.Aliases = []string{"易地搬迁", "搬迁帮扶", "易地扶贫搬迁"}
		}
		cols = append(cols, c)
	}
	cols = append(cols, incomeCols()...)

	// Facts of real exports that the registry has no place for yet: known, not imported.
	cols = append(cols,
		ignored("序号", "行序号"),
		ignored("大专或本科毕业生未就业原因", "系统暂不保存此项"),
		ignored("是否国外务工", "系统暂不保存此项；境外务工由务工所在地判断"),
		ignored("危房等级", "住房安全等级以住建部门鉴定名单为准，不从全国系统导出表导入"),
		ignored("是否通生产用电", "生产用电不是生活用电（是否通生活用电），系统暂不保存此项"),
		ignored("入户路类型", "系统暂不保存此项", "入户道路类型"),
		ignored("与村主干路距离", "系统暂不保存此项", "与村主干路距离(公里)"),
		ignored("主要燃料类型", "系统暂不保存此项"),
		ignored("耕地面积", "系统暂不保存此项", "耕地面积(亩)"),
		ignored("林地面积", "系统暂不保存此项", "林地面积(亩)"),
		ignored("是否参加商业补充医疗保险", "系统暂不保存此项"),
		ignored("是否享受人身意外保险补贴", "系统暂不保存此项"),
	)

	// Columns the national member export of most years lacks: some county sheets and the 2023
	// export have a few (Ext marks those no national export has), and gonggu's export writes
	// them all so that the whole registry round-trips.
	cols = append(cols,
		ext(codeCol()),
		ext(hs("详细地址", func(h *registry.Household) *string { return &h.Address }, Text, nil, "家庭住址", "住址", "地址")),
		ext(hs("识别渠道", func(h *registry.Household) *string { return &h.Channel }, Enum, registry.Channels, "监测识别渠道", "纳入渠道", "识别方式", "纳入方式")),
		hs("风险备注", func(h *registry.Household) *string { return &h.RiskRemark }, Text, nil, "因自然灾害子项", "其他风险说明", "风险类型备注"),
		ext(hf("户是否享受低保", func(h *registry.Household) *registry.Flag { return &h.Dibao }, "家庭是否享受低保")),
		ext(hf("户是否特困供养", func(h *registry.Household) *registry.Flag { return &h.Tekun }, "家庭是否特困供养")),
		ext(hf("是否易地扶贫搬迁户", func(h *registry.Household) *registry.Flag { return &h.Relocated }, "是否易地搬迁户", "是否搬迁户", "易地扶贫搬迁户")),
		ext(hs("安置点名称", func(h *registry.Household) *string { return &h.RelocationSite }, Text, nil, "安置点", "安置区(点)名称")),
		hf("是否军烈属", func(h *registry.Household) *registry.Flag { return &h.MilitaryFamily }),
		hf("整户无劳动能力兜底保障户", func(h *registry.Household) *registry.Flag { return &h.NoLabourSupport }, "是否整户无劳动能力兜底保障户"),
		hs("实施开发式帮扶措施情况", func(h *registry.Household) *string { return &h.DevMeasureDone }, Enum, devMeasureStates),
		ext(hs("住房安全等级", func(h *registry.Household) *string { return &h.HousingGrade }, Enum, registry.HousingGrades, "房屋安全等级", "住房安全鉴定等级")),
		ext(Column{Name: "住房鉴定日期", Aliases: []string{"鉴定日期", "住房安全鉴定日期"}, Kind: Date, Level: LevelHousehold,
			field: func(r *Record) any { return &r.Household.HousingAppraised }}),
		ext(Column{Name: "饮水不安全原因", Aliases: []string{"未解决安全饮水原因"}, Kind: Enum, Level: LevelHousehold,
			Enum: registry.WaterIssues, Multi: true, field: func(r *Record) any { return &r.Household.WaterIssue }}),
		hf("是否有卫生厕所", func(h *registry.Household) *registry.Flag { return &h.Toilet }),
		hf("是否通生活用电", func(h *registry.Household) *registry.Flag { return &h.Electricity }),
		hf("入户道路是否硬化", func(h *registry.Household) *registry.Flag { return &h.RoadHardened }),
		Column{Name: "住房面积", Aliases: []string{"住房面积(平方米)", "住房面积(㎡)", "住房面积(m2)"}, Kind: Float,
			Level: LevelHousehold, field: func(r *Record) any { return &r.Household.HouseArea }},
		ext(hs("网格", func(h *registry.Household) *string { return &h.Grid }, Text, nil, "所属网格", "网格名称")),
		ext(hs("帮扶责任人", func(h *registry.Household) *string { return &h.Helper }, Text, nil, "帮扶责任人姓名")),
		ext(hs("帮扶责任人联系电话", func(h *registry.Household) *string { return &h.HelperPhone }, Phone, nil, "帮扶人联系电话")),
		ext(ps("残疾等级", func(p *registry.Person) *string { return &p.DisabilityGrade }, Text, nil)),
		ext(Column{Name: "死亡日期", Kind: Date, Level: LevelPerson, field: func(r *Record) any { return &r.Person.DeceasedOn }}),
		ext(Column{Name: "离开日期", Aliases: []string{"减少日期"}, Kind: Date, Level: LevelPerson,
			field: func(r *Record) any { return &r.Person.LeftOn }}),
		uncollectedCol(),
	)
	return cols
}

// uncollectedCol is gonggu's column of the fields no source has provided.
func uncollectedCol() Column {
	return ext(Column{Name: "未采集字段", Kind: Text, Level: LevelNone, field: func(r *Record) any { return &r.Uncollected }})
}

func incomeSheetCols() []Column {
	cols := placeCols()
	for i := range cols {
		// The income table may repeat the place; the household's place comes from the register.
		cols[i].Kind, cols[i].Level, cols[i].Note = Derived, LevelNone, "所在地以成员表为准"
	}
	cols = append(cols, householdNoCol(), yearCol(),
		Column{Name: "户主姓名", Kind: Derived, Level: LevelNone, field: func(r *Record) any { return &r.HeadName }},
		Column{Name: "家庭人口数", Aliases: []string{"家庭人口", "户人口数", "人口数", "收入计算人口数", "年度家庭人口数"}, Kind: Int,
			Level: LevelIncome, field: func(r *Record) any { return &r.Income.Size }},
		ignored("当前家庭人口数", "收入按年度家庭人口数计算；当前人口数以成员表为准"),
		ignored("序号", "行序号"),
	)
	cols = append(cols, incomeCols()...)
	cols = append(cols, uncollectedCol())
	return cols
}

// Members is the national member export: one row per person.
var Members = newTable("成员表", memberCols())

// Incomes is the yearly income table: one row per household and year.
var Incomes = newTable("收入表", incomeSheetCols())
