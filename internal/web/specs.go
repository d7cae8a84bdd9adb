package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/registry"
)

// The edit forms' fields, and the checks across fields that the importer's validation makes
// too: values from the national enumerations, dates that parse, ID numbers whose check
// character, birth date and gender agree, phones of 11 digits, parts not above their totals.

type H = registry.Household

var kinds = []string{registry.KindAlleviated, registry.KindOrdinary}

var householdSpecs = []spec[H]{
	{name: "address", label: "住址", get: func(h *H) string { return h.Address }, set: func(h *H, s string) error { h.Address = s; return nil }},
	{name: "kind", label: "户类型", kind: selectField, options: kinds, get: func(h *H) string { return h.Kind }, set: func(h *H, s string) error { h.Kind = s; return nil }},
	{name: "year_out", label: "脱贫年度", help: "脱贫户填写，如 2019", get: func(h *H) string { return itoa0(h.YearOut) },
		set: func(h *H, s string) (err error) { h.YearOut, err = parseYear(s); return }},
	{name: "category", label: "监测对象类别", kind: selectField, options: optionsWithBlank(registry.MonitoringCategories), help: "不是监测对象时留空",
		get: func(h *H) string { return h.Category }, set: func(h *H, s string) error { h.Category = s; return nil }},
	{name: "identified_on", label: "识别监测时间", kind: monthField, help: "年月，如 2024-03",
		get: func(h *H) string { return h.IdentifiedOn.String() }, set: func(h *H, s string) (err error) { h.IdentifiedOn, err = registry.ParseMonth(s); return }},
	{name: "channel", label: "识别渠道", kind: selectField, options: optionsWithBlank(registry.Channels),
		get: func(h *H) string { return h.Channel }, set: func(h *H, s string) error { h.Channel = s; return nil }},
	{name: "risk_types", label: "风险类型", kind: multiField, options: registry.RiskTypes, help: "最多 5 项",
		get: func(h *H) string { return strings.Join(h.RiskTypes, ",") }, set: func(h *H, s string) error { h.RiskTypes = registry.SplitMulti(s); return nil }},
	{name: "risk_eliminated", label: "风险是否已消除", kind: flagField, get: func(h *H) string { return h.RiskEliminated.String() }, set: func(h *H, s string) error { return setFlag(&h.RiskEliminated)(s) }},
	{name: "elimination_way", label: "风险消除方式", kind: selectField, options: optionsWithBlank(registry.EliminationWays),
		get: func(h *H) string { return h.EliminationWay }, set: func(h *H, s string) error { h.EliminationWay = s; return nil }},
	{name: "eliminated_on", label: "消除监测时间", kind: monthField,
		get: func(h *H) string { return h.EliminatedOn.String() }, set: func(h *H, s string) (err error) { h.EliminatedOn, err = registry.ParseMonth(s); return }},
	{name: "dibao", label: "享受低保", kind: flagField, get: func(h *H) string { return h.Dibao.String() }, set: func(h *H, s string) error { return setFlag(&h.Dibao)(s) }},
	{name: "tekun", label: "特困供养", kind: flagField, get: func(h *H) string { return h.Tekun.String() }, set: func(h *H, s string) error { return setFlag(&h.Tekun)(s) }},
	{name: "relocated", label: "易地扶贫搬迁", kind: flagField, get: func(h *H) string { return h.Relocated.String() }, set: func(h *H, s string) error { return setFlag(&h.Relocated)(s) }},
	{name: "relocation_site", label: "安置点", get: func(h *H) string { return h.RelocationSite }, set: func(h *H, s string) error { h.RelocationSite = s; return nil }},
	{name: "no_labour_support", label: "整户无劳动能力兜底", kind: flagField, get: func(h *H) string { return h.NoLabourSupport.String() }, set: func(h *H, s string) error { return setFlag(&h.NoLabourSupport)(s) }},
	{name: "phone", label: "户联系电话", kind: secretField, priv: maskedPh, help: "11 位手机号；不修改请留空",
		get: func(h *H) string { return h.Phone }, set: func(h *H, s string) error { h.Phone = s; return checkPhone(s) }},
	{name: "unsafe_house", label: "是否危房户", kind: flagField, get: func(h *H) string { return h.UnsafeHouse.String() }, set: func(h *H, s string) error { return setFlag(&h.UnsafeHouse)(s) }},
	{name: "housing_grade", label: "住房安全等级", kind: selectField, options: optionsWithBlank(registry.HousingGrades), help: "C、D 级为危房",
		get: func(h *H) string { return h.HousingGrade }, set: func(h *H, s string) error { h.HousingGrade = s; return nil }},
	{name: "housing_appraised", label: "住房鉴定日期", kind: dateField,
		get: func(h *H) string { return h.HousingAppraised.String() }, set: func(h *H, s string) (err error) { h.HousingAppraised, err = registry.ParseDate(s); return }},
	{name: "water_safe", label: "饮水安全", kind: flagField, get: func(h *H) string { return h.WaterSafe.String() }, set: func(h *H, s string) error { return setFlag(&h.WaterSafe)(s) }},
	{name: "water_issue", label: "饮水不安全原因", kind: selectField, options: optionsWithBlank(registry.WaterIssues),
		get: func(h *H) string { return h.WaterIssue }, set: func(h *H, s string) error { h.WaterIssue = s; return nil }},
	{name: "toilet", label: "卫生厕所", kind: flagField, get: func(h *H) string { return h.Toilet.String() }, set: func(h *H, s string) error { return setFlag(&h.Toilet)(s) }},
	{name: "grid", label: "网格", get: func(h *H) string { return h.Grid }, set: func(h *H, s string) error { h.Grid = s; return nil }},
	{name: "helper", label: "帮扶责任人", get: func(h *H) string { return h.Helper }, set: func(h *H, s string) error { h.Helper = s; return nil }},
	{name: "helper_phone", label: "帮扶责任人电话", kind: secretField, priv: maskedPh, help: "不修改请留空",
		get: func(h *H) string { return h.HelperPhone }, set: func(h *H, s string) error { h.HelperPhone = s; return checkPhone(s) }},
}

func checkPhone(s string) error {
	if s != "" && !idno.ValidMobile(s) {
		return errs.E(errs.Invalid, "应为 11 位手机号码")
	}
	return nil
}

// checkHousehold makes the cross-field checks of a household.
func checkHousehold(h *H, problems map[string]string, today time.Time) {
	add := func(name, msg string) {
		if problems[name] == "" {
			problems[name] = msg
		}
	}
	if h.Kind == registry.KindAlleviated && h.YearOut == 0 {
		add("year_out", "脱贫户应填写脱贫年度")
	}
	if h.YearOut > today.Year() {
		add("year_out", "脱贫年度不能晚于今年")
	}
	if h.Category == registry.MonUnstable && h.Kind != registry.KindAlleviated {
		add("category", "脱贫不稳定户应是脱贫户")
	}
	if h.Category == registry.MonEdge && h.Kind == registry.KindAlleviated {
		add("category", "边缘易致贫户应是一般农户")
	}
	if h.Category != "" && h.IdentifiedOn.IsZero() {
		add("identified_on", "监测对象应填写识别监测时间")
	}
	if h.Category != "" && len(h.RiskTypes) == 0 {
		add("risk_types", "监测对象应至少有一项风险类型")
	}
	if h.Category == "" && (len(h.RiskTypes) > 0 || h.RiskEliminated == registry.Yes) {
		add("category", "填写了风险信息，应选择监测对象类别")
	}
	if len(h.RiskTypes) > 5 {
		add("risk_types", "风险类型最多 5 项")
	}
	if h.RiskEliminated == registry.Yes {
		if h.EliminationWay == "" {
			add("elimination_way", "风险已消除，应选择消除方式")
		}
		if h.EliminatedOn.IsZero() {
			add("eliminated_on", "风险已消除，应填写消除监测时间")
		}
	}
	if h.RiskEliminated != registry.Yes && (h.EliminationWay != "" || !h.EliminatedOn.IsZero()) {
		add("risk_eliminated", "填写了消除方式或时间，“风险是否已消除”应为“是”")
	}
	if !h.EliminatedOn.IsZero() && !h.IdentifiedOn.IsZero() && h.EliminatedOn.Index() < h.IdentifiedOn.Index() {
		add("eliminated_on", "消除监测时间不能早于识别监测时间")
	}
	if now := registry.MonthOf(today); h.IdentifiedOn.Index() > now.Index() || h.EliminatedOn.Index() > now.Index() {
		add("identified_on", "监测时间不能晚于本月")
	}
	if h.Relocated != registry.Yes && h.RelocationSite != "" {
		add("relocation_site", "非搬迁户不应填写安置点")
	}
	if g := h.HousingGrade; (g == "C" || g == "D") && h.UnsafeHouse == registry.No {
		add("unsafe_house", "住房为 C、D 级，应为危房户")
	}
	if h.WaterSafe == registry.Yes && h.WaterIssue != "" {
		add("water_issue", "饮水安全时不应填写不安全原因")
	}
	if h.HousingAppraised.Time().After(today) {
		add("housing_appraised", "鉴定日期不能晚于今天")
	}
}

type P = registry.Person

var personSpecs = []spec[P]{
	{name: "name", label: "姓名", get: func(p *P) string { return p.Name }, set: func(p *P, s string) error {
		if s == "" {
			return errs.E(errs.Invalid, "姓名不能为空")
		}
		p.Name = s
		return nil
	}},
	{name: "id_type", label: "证件类型", kind: selectField, options: []string{"居民身份证", "残疾人证", "户口簿", "其他"},
		get: func(p *P) string { return p.IDType }, set: func(p *P, s string) error { p.IDType = s; return nil }},
	{name: "id_number", label: "证件号码", kind: secretField, priv: maskedID, help: "不修改请留空",
		get: func(p *P) string { return p.IDNumber }, set: func(p *P, s string) error { p.IDNumber = strings.ToUpper(s); return nil }},
	{name: "gender", label: "性别", kind: selectField, options: []string{"男", "女"}, get: func(p *P) string { return p.Gender }, set: func(p *P, s string) error { p.Gender = s; return nil }},
	{name: "birth", label: "出生日期", kind: dateField, help: "留空则按证件号码填写",
		get: func(p *P) string { return p.Birth.String() }, set: func(p *P, s string) (err error) { p.Birth, err = registry.ParseDate(s); return }},
	{name: "relation", label: "与户主关系", kind: selectField, options: registry.Relations, get: func(p *P) string { return p.Relation }, set: func(p *P, s string) error { p.Relation = s; return nil }},
	{name: "ethnicity", label: "民族", kind: selectField, options: optionsWithBlank(registry.Ethnicities),
		get: func(p *P) string { return p.Ethnicity }, set: func(p *P, s string) error { p.Ethnicity = s; return nil }},
	{name: "political", label: "政治面貌", kind: selectField, options: optionsWithBlank(registry.PoliticalStatuses), get: func(p *P) string { return p.Political }, set: func(p *P, s string) error { p.Political = s; return nil }},
	{name: "education", label: "文化程度", kind: selectField, options: optionsWithBlank(registry.Educations), help: "在校生不填",
		get: func(p *P) string { return p.Education }, set: func(p *P, s string) error { p.Education = s; return nil }},
	{name: "school_status", label: "在校生状况", kind: selectField, options: optionsWithBlank(registry.SchoolStatuses), help: "非在校生不填",
		get: func(p *P) string { return p.SchoolStatus }, set: func(p *P, s string) error { p.SchoolStatus = s; return nil }},
	{name: "labour_skill", label: "劳动技能", kind: selectField, options: optionsWithBlank(registry.LabourSkills), get: func(p *P) string { return p.LabourSkill }, set: func(p *P, s string) error { p.LabourSkill = s; return nil }},
	{name: "health", label: "健康状况", kind: multiField, options: registry.HealthStates, priv: nameOnly,
		get: func(p *P) string { return strings.Join(registry.SplitMulti(p.Health), ",") }, set: func(p *P, s string) error { p.Health = s; return nil }},
	{name: "disability_category", label: "残疾类别", kind: selectField, options: optionsWithBlank(registry.DisabilityCategories), priv: nameOnly,
		get: func(p *P) string { return p.DisabilityCategory }, set: func(p *P, s string) error { p.DisabilityCategory = s; return nil }},
	{name: "work_location", label: "务工所在地", help: "填写务工所在的县（区），写明省市，如 浙江省宁波市鄞州区；在本乡镇务工可填乡镇名；境外填国家名",
		get: func(p *P) string { return p.WorkLocation }, set: func(p *P, s string) error { p.WorkLocation = s; return nil }},
	{name: "work_months", label: "务工时间（月）", kind: countField, get: func(p *P) string { return p.WorkMonths.String() },
		set: func(p *P, s string) (err error) { p.WorkMonths, err = parseMonths(s); return }},
	{name: "employer", label: "务工企业", get: func(p *P) string { return p.Employer }, set: func(p *P, s string) error { p.Employer = s; return nil }},
	{name: "post_type", label: "公益性岗位类型", kind: selectField, options: optionsWithBlank(registry.PublicPostTypes), get: func(p *P) string { return p.PostType }, set: func(p *P, s string) error { p.PostType = s; return nil }},
	{name: "post_months", label: "公益性岗位（月数）", kind: countField, get: func(p *P) string { return p.PostMonths.String() },
		set: func(p *P, s string) (err error) { p.PostMonths, err = parseMonths(s); return }},
	{name: "resident_medical", label: "城乡居民基本医疗保险", kind: flagField, get: func(p *P) string { return p.ResidentMedical.String() }, set: func(p *P, s string) error { return setFlag(&p.ResidentMedical)(s) }},
	{name: "employee_medical", label: "城镇职工基本医疗保险", kind: flagField, get: func(p *P) string { return p.EmployeeMedical.String() }, set: func(p *P, s string) error { return setFlag(&p.EmployeeMedical)(s) }},
	{name: "critical_illness", label: "大病保险", kind: flagField, get: func(p *P) string { return p.CriticalIllness.String() }, set: func(p *P, s string) error { return setFlag(&p.CriticalIllness)(s) }},
	{name: "resident_pension", label: "城乡居民基本养老保险", kind: flagField, get: func(p *P) string { return p.ResidentPension.String() }, set: func(p *P, s string) error { return setFlag(&p.ResidentPension)(s) }},
	{name: "dibao", label: "享受低保", kind: flagField, get: func(p *P) string { return p.Dibao.String() }, set: func(p *P, s string) error { return setFlag(&p.Dibao)(s) }},
	{name: "tekun", label: "特困供养", kind: flagField, get: func(p *P) string { return p.Tekun.String() }, set: func(p *P, s string) error { return setFlag(&p.Tekun)(s) }},
	{name: "phone", label: "成员联系电话", kind: secretField, priv: maskedPh, help: "不修改请留空",
		get: func(p *P) string { return p.Phone }, set: func(p *P, s string) error { p.Phone = s; return checkPhone(s) }},
	{name: "deceased_on", label: "死亡日期", kind: dateField, help: "去世时填写",
		get: func(p *P) string { return p.DeceasedOn.String() }, set: func(p *P, s string) (err error) { p.DeceasedOn, err = registry.ParseDate(s); return }},
}

func parseMonths(s string) (registry.Count, error) {
	c, err := registry.ParseCount(s)
	if err == nil && c.Valid && (c.N < 0 || c.N > 12) {
		return c, errs.E(errs.Invalid, "月数应在 0 到 12 之间")
	}
	return c, err
}

// checkPerson makes the cross-field checks of a person; idChanged says whether the form
// changed the ID number (a stored defective number is left for screening to report).
func checkPerson(p *P, idChanged bool, problems map[string]string, today time.Time) {
	add := func(name, msg string) {
		if problems[name] == "" {
			problems[name] = msg
		}
	}
	if p.IDType == "" || p.IDType == "居民身份证" || p.IDType == "残疾人证" {
		if idChanged {
			if reason, bad := idno.Damage(p.IDNumber); bad {
				add("id_number", reason)
			} else if _, err := idno.Parse(p.IDNumber); err != nil {
				add("id_number", errs.Message(err))
			} else if ds := idno.Check(p.IDNumber, today); len(ds) > 0 {
				add("id_number", ds[0].Text())
			}
		}
		if n, err := idno.Parse(p.IDNumber); err == nil && !n.Birth.IsZero() {
			if p.Birth.IsZero() {
				p.Birth = registry.DateOf(n.Birth)
			} else if !p.Birth.Time().Equal(n.Birth) {
				add("birth", "出生日期与证件号码不一致（证件号码中为 "+n.Birth.Format("2006-01-02")+"）")
			}
			if p.Gender == "" {
				p.Gender = idno.Sex(n)
			} else if p.Gender != idno.Sex(n) {
				add("gender", "性别与证件号码不一致")
			}
		}
	}
	if p.Education != "" && p.SchoolStatus != "" {
		add("school_status", "文化程度和在校生状况只能填一项")
	}
	if p.Education == "" && p.SchoolStatus == "" {
		add("education", "文化程度和在校生状况须填一项")
	}
	hs := registry.SplitMulti(p.Health)
	if len(hs) > 1 && registry.In(hs, "健康") {
		add("health", "“健康”不能与其他健康状况同时选择")
	}
	if registry.In(hs, "残疾") != (p.DisabilityCategory != "") {
		add("disability_category", "残疾人应填写残疾类别，非残疾人不填")
	}
	if (p.WorkLocation != "") != (p.WorkMonths.Valid && p.WorkMonths.N > 0) {
		add("work_months", "务工所在地和务工时间应同时填写")
	}
	if (p.PostType != "") != (p.PostMonths.Valid && p.PostMonths.N > 0) {
		add("post_months", "公益性岗位类型和月数应同时填写")
	}
	if p.ResidentMedical == registry.Yes && p.EmployeeMedical == registry.Yes {
		add("employee_medical", "城乡居民医保和职工医保只能参加一种")
	}
	if p.DeceasedOn.Time().After(today) {
		add("deceased_on", "死亡日期不能晚于今天")
	}
	if !p.Birth.IsZero() && p.Birth.Time().After(today) {
		add("birth", "出生日期不能晚于今天")
	}
}

type I = registry.Income

func moneySpec(name, label string, f func(*I) *registry.Money) spec[I] {
	return spec[I]{name: name, label: label, kind: moneyField, priv: nameOnly,
		get: func(in *I) string { return f(in).String() },
		set: func(in *I, s string) (err error) { *f(in), err = nonNegative(registry.ParseMoney(s)); return }}
}

var incomeSpecs = []spec[I]{
	moneySpec("wages", "工资性收入", func(in *I) *registry.Money { return &in.Wages }),
	moneySpec("post_wages", "其中：公益性岗位收入", func(in *I) *registry.Money { return &in.PostWages }),
	moneySpec("business", "生产经营性收入", func(in *I) *registry.Money { return &in.Business }),
	moneySpec("property", "财产性收入", func(in *I) *registry.Money { return &in.Property }),
	moneySpec("dividends", "其中：资产收益扶贫分红收入", func(in *I) *registry.Money { return &in.Dividends }),
	moneySpec("transfers", "转移性收入", func(in *I) *registry.Money { return &in.Transfers }),
	moneySpec("pension", "养老金或离退休金", func(in *I) *registry.Money { return &in.Pension }),
	moneySpec("family_plan", "计划生育金", func(in *I) *registry.Money { return &in.FamilyPlan }),
	moneySpec("eco_comp", "生态补偿金", func(in *I) *registry.Money { return &in.EcoComp }),
	moneySpec("dibao_pay", "最低生活保障金", func(in *I) *registry.Money { return &in.DibaoPay }),
	moneySpec("tekun_pay", "特困人员救助供养金", func(in *I) *registry.Money { return &in.TekunPay }),
	moneySpec("other_transfers", "其他转移性收入", func(in *I) *registry.Money { return &in.OtherTrans }),
	moneySpec("business_expense", "生产经营性支出", func(in *I) *registry.Money { return &in.BusinessExpense }),
	moneySpec("medical_oop", "合规自付医疗支出", func(in *I) *registry.Money { return &in.MedicalOOP }),
	moneySpec("education_exp", "教育支出", func(in *I) *registry.Money { return &in.EducationExp }),
	{name: "size", label: "计算人均的家庭人口数", kind: countField, help: "留空按现有成员人数计算",
		get: func(in *I) string { return itoa0(in.Size) },
		set: func(in *I, s string) error {
			if s == "" {
				in.Size = 0
				return nil
			}
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 30 {
				return errs.E(errs.Invalid, "人口数应在 1 到 30 之间")
			}
			in.Size = n
			return nil
		}},
}

func checkIncome(in *I, problems map[string]string) {
	if in.PostWages > in.Wages {
		problems["post_wages"] = "公益性岗位收入不能大于工资性收入"
	}
	if in.Dividends > in.Property {
		problems["dividends"] = "分红收入不能大于财产性收入"
	}
	if in.TransferParts() > in.Transfers {
		problems["transfers"] = "转移性收入小于其各项之和（" + in.TransferParts().String() + " 元）"
	}
}

type M = registry.Measure

var measureSpecs = []spec[M]{
	{name: "type", label: "措施类型", kind: selectField, options: registry.MeasureTypes, get: func(m *M) string { return m.Type }, set: func(m *M, s string) error {
		if s == "" {
			return errs.E(errs.Invalid, "请选择措施类型")
		}
		m.Type = s
		return nil
	}},
	{name: "description", label: "措施内容", get: func(m *M) string { return m.Description }, set: func(m *M, s string) error { m.Description = s; return nil }},
	{name: "start", label: "开始日期", kind: dateField, get: func(m *M) string { return m.Start.String() }, set: func(m *M, s string) (err error) { m.Start, err = registry.ParseDate(s); return }},
	{name: "end", label: "结束日期", kind: dateField, get: func(m *M) string { return m.End.String() }, set: func(m *M, s string) (err error) { m.End, err = registry.ParseDate(s); return }},
	{name: "amount", label: "金额（元）", kind: moneyField, get: func(m *M) string { return m.Amount.String() },
		set: func(m *M, s string) (err error) { m.Amount, err = nonNegative(registry.ParseMoney(s)); return }},
}

func checkMeasure(m *M, problems map[string]string) {
	if !m.End.IsZero() && !m.Start.IsZero() && m.End.Before(m.Start) {
		problems["end"] = "结束日期不能早于开始日期"
	}
}
