package rules

import (
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

// Data-quality rules: identity documents, household structure, values outside the national
// enumerations, completeness, education and labour ability against age (PRACTICE.md A–E).
// They judge current members: a person who left or died is checked only for still being paid.
var dqRules = []*Rule{
	{
		ID: "DQ-01", Indicator: DataQuality, Severity: Medium, Subject: Person,
		Title:   "证件号码有误",
		Explain: "%s 的证件号码有误：%s",
		Params:  []policy.Name{policy.AgeReference},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if ds := idno.Check(m.IDNumber, c.Ref.Time()); len(ds) > 0 {
					texts := make([]string, len(ds))
					for i, d := range ds {
						texts[i] = d.Text()
					}
					emit(m.No, m.Name, strings.Join(texts, "；"))
				}
			}
		},
	},
	{
		ID: "DQ-02", Indicator: DataQuality, Severity: High, Subject: Person,
		Title:    "证件号码重复",
		Explain:  "%s 的证件号码%s",
		Basis:    "公民身份号码唯一；县级核查脚本逐一比对全库证件号码（前 18 位）",
		Fix:      "核对户籍，确认是否同一人重复登记或录入错误；已故人员的号码被他人使用时，按户口簿更正在世人员的证件号码",
		Practice: []string{"A 证件号码重复"},
		Reads:    []registry.Field{registry.PIDNumber, registry.PDeceasedOn},
		Cases: []Case{
			{Desc: "户主的证件号码全库只有本人使用", World: fakeWorld{}, Fires: nil},
			{Desc: "户主的证件号码另有一名在世人员使用（另一户）", Set: nil,
				World: fakeWorld{ids: map[string][]string{id(1981, 5, 10, 11): {hhNo, "H2"}}}, Fires: []string{"P1"}},
			{Desc: "户主的证件号码与另一户一名已故人员相同", World: fakeWorld{ids: map[string][]string{id(1981, 5, 10, 11): {hhNo}},
				deceased: map[string]int{id(1981, 5, 10, 11): 1}}, Fires: []string{"P1"}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.Key == "" || strings.HasPrefix(m.Key, "999999") {
					continue
				}
				// The explanation names no other household: the reader may not be allowed to see it.
				var why []string
				if hs, _ := c.World.IDHolders(m.Key); len(hs) > 1 {
					why = append(why, fmt.Sprintf("在登记库中共有 %d 名在世人员使用", len(hs)))
				}
				if n := c.World.DeceasedHolders(m.Key); n > 0 {
					why = append(why, fmt.Sprintf("与 %d 名已登记死亡的人员相同", n))
				}
				if len(why) > 0 {
					emit(m.No, m.Name, strings.Join(why, "，"))
				}
			}
		},
	},
	{
		ID: "DQ-03", Indicator: DataQuality, Severity: Medium, Subject: Person,
		Title:   "出生日期与证件号码不符",
		Explain: "%s 的出生日期 %s 与证件号码中的 %s 不一致",
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.Birth.IsZero() || m.ID.Birth.IsZero() {
					continue
				}
				if id := registry.DateOf(m.ID.Birth); id != m.Birth {
					emit(m.No, m.Name, m.Birth.Compact(), id.Compact())
				}
			}
		},
	},
	{
		ID: "DQ-04", Indicator: DataQuality, Severity: Medium, Subject: Person,
		Title:   "性别与证件号码不符",
		Explain: "%s 的性别登记为「%s」，证件号码第 17 位表示「%s」",
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if g := gender(m.Gender); g != "" && m.ID.ID != "" && g != idno.Sex(m.ID) {
					emit(m.No, m.Name, m.Gender, idno.Sex(m.ID))
				}
			}
		},
	},
	{
		ID: "DQ-05", Indicator: DataQuality, Severity: High, Subject: Household,
		Title:   "户主人数不为一",
		Explain: "户内有 %d 名户主，应有且只有 1 名",
		Needs:   []registry.Field{registry.PRelation},
		Check: func(c *Context, h *House, emit Emit) {
			if n := h.CountMembers(func(m *Member) bool { return m.IsHead() }); n != 1 {
				emit(h.H.No, n)
			}
		},
	},
	{
		ID: "DQ-06", Indicator: DataQuality, Severity: Medium, Subject: Household,
		Title:   "配偶多于一人",
		Explain: "户内有 %d 名与户主关系为「配偶」的成员",
		Check: func(c *Context, h *House, emit Emit) {
			if n := h.CountMembers(func(m *Member) bool { return m.Relation == "配偶" }); n > 1 {
				emit(h.H.No, n)
			}
		},
	},
	{
		ID: "DQ-07", Indicator: DataQuality, Severity: Medium, Subject: Household,
		Title:   "户主与配偶性别相同",
		Explain: "户主 %s 与配偶 %s 的性别都是「%s」",
		Check: func(c *Context, h *House, emit Emit) {
			var head *Member
			for _, m := range h.Members {
				if m.IsHead() {
					head = m
					break
				}
			}
			if head == nil || sexOf(head) == "" {
				return
			}
			for _, m := range h.Members {
				if m.Relation == "配偶" && sexOf(m) == sexOf(head) {
					emit(h.H.No, head.Name, m.Name, sexOf(head))
					return
				}
			}
		},
	},
	{
		ID: "DQ-08", Indicator: DataQuality, Severity: Medium, Subject: Person,
		Title:   "与户主关系与性别矛盾",
		Explain: "%s 与户主关系为「%s」，性别却是「%s」",
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				want := relationSex[m.Relation]
				if s := sexOf(m); want != "" && s != "" && s != want {
					emit(m.No, m.Name, m.Relation, s)
				}
			}
		},
	},
	{
		ID: "DQ-09", Indicator: DataQuality, Severity: Medium, Subject: Person,
		Title:   "人员信息不在国家标准值中",
		Explain: "%s 的%s",
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				var bad []string
				check := func(field, v string, list []string, required bool) {
					switch {
					case v == "" && required && h.Knows(registry.PRelation):
						bad = append(bad, field+"为空")
					case v != "" && !registry.In(list, v):
						bad = append(bad, fmt.Sprintf("%s「%s」不在标准值中", field, v))
					}
				}
				check("与户主关系", m.Relation, registry.Relations, true)
				check("文化程度", m.Education, registry.Educations, false)
				check("在校生状况", m.SchoolStatus, registry.SchoolStatuses, false)
				check("劳动技能", m.LabourSkill, registry.LabourSkills, false)
				check("政治面貌", m.Political, registry.PoliticalStatuses, false)
				check("公益性岗位类型", m.PostType, registry.PublicPostTypes, false)
				for _, s := range registry.SplitMulti(m.Health) {
					check("健康状况", s, registry.HealthStates, false)
				}
				if m.Gender != "" && gender(m.Gender) == "" {
					bad = append(bad, fmt.Sprintf("性别「%s」不在标准值中", m.Gender))
				}
				if len(bad) > 0 {
					emit(m.No, m.Name, strings.Join(bad, "；"))
				}
			}
		},
	},
	{
		ID: "DQ-10", Indicator: DataQuality, Severity: Medium, Subject: Household,
		Title:   "户信息不在国家标准值中",
		Explain: "%s",
		Check: func(c *Context, h *House, emit Emit) {
			hh := h.H
			var bad []string
			check := func(field, v string, list []string) {
				if v != "" && !registry.In(list, v) {
					bad = append(bad, fmt.Sprintf("%s「%s」不在标准值中", field, v))
				}
			}
			if h.blank(registry.HKind, hh.Kind == "") {
				bad = append(bad, "户类型为空")
			} else if !isAlleviated(hh.Kind) && hh.Kind != registry.KindOrdinary {
				bad = append(bad, fmt.Sprintf("户类型「%s」不在标准值中", hh.Kind))
			}
			check("监测对象类别", hh.Category, registry.MonitoringCategories)
			check("识别渠道", hh.Channel, registry.Channels)
			for _, r := range hh.RiskTypes {
				check("风险类型", r, registry.RiskTypes)
			}
			check("风险消除方式", hh.EliminationWay, registry.EliminationWays)
			check("住房安全等级", strings.ToUpper(hh.HousingGrade), registry.HousingGrades)
			check("实施开发式帮扶措施情况", hh.DevMeasureDone, []string{"已实施", "尚未实施"})
			for i := range h.Measures {
				check("帮扶措施类型", h.Measures[i].Type, registry.MeasureTypes)
			}
			if len(bad) > 0 {
				emit(hh.No, strings.Join(bad, "；"))
			}
		},
	},
	{
		ID: "DQ-11", Indicator: DataQuality, Severity: Medium, Subject: Person,
		Title:   "文化程度与在校生状况填写矛盾",
		Explain: "%s 的文化程度和在校生状况%s，应填且只填其中一项",
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				switch {
				case m.Education != "" && m.SchoolStatus != "":
					emit(m.No, m.Name, "都已填写")
				case m.Education == "" && m.SchoolStatus == "" && m.DropoutReason == "" &&
					h.KnowsAll([]registry.Field{registry.PEducation, registry.PSchoolStatus}):
					emit(m.No, m.Name, "都为空")
				}
			}
		},
	},
	{
		ID: "DQ-12", Indicator: DataQuality, Severity: Medium, Subject: Person,
		Title:   "务工地点与务工时间不符",
		Explain: "%s %s",
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				switch {
				case m.WorkLocation != "" && m.WorkMonths.N <= 0 && h.Knows(registry.PWorkMonths):
					emit(m.No, m.Name, fmt.Sprintf("务工所在地为「%s」，务工时间却为%s", m.WorkLocation, blankAs(m.WorkMonths.String(), "空")))
				case m.WorkLocation == "" && m.WorkMonths.N > 0 && h.Knows(registry.PWorkLocation):
					emit(m.No, m.Name, fmt.Sprintf("务工时间为 %d 个月，却没有务工所在地", m.WorkMonths.N))
				case m.WorkMonths.N > 12:
					emit(m.No, m.Name, fmt.Sprintf("务工时间为 %d 个月，超过 12 个月", m.WorkMonths.N))
				}
			}
		},
	},
	{
		ID: "DQ-13", Indicator: DataQuality, Severity: Low, Subject: Household,
		Title:   "户联系电话不是 11 位",
		Explain: "户联系电话%s",
		Check: func(c *Context, h *House, emit Emit) {
			p := strings.TrimSpace(h.H.Phone)
			switch {
			case h.blank(registry.HPhone, p == ""):
				emit(h.H.No, "为空")
			case len(p) != 11 || !allDigits(p):
				emit(h.H.No, fmt.Sprintf("不是 11 位数字（现为 %d 个字符）", len([]rune(p))))
			}
		},
	},
	{
		ID: "DQ-14", Indicator: DataQuality, Severity: High, Subject: Person,
		Title:   "已故人员仍计入家庭或享受待遇",
		Explain: "%s 已于 %s 死亡，仍%s",
		Check: func(c *Context, h *House, emit Emit) {
			counted := ""
			switch {
			case h.H.DeclaredSize > len(h.Members):
				counted = fmt.Sprintf("计入家庭人口数（登记 %d 人，在世成员 %d 人）", h.H.DeclaredSize, len(h.Members))
			case h.Income != nil && h.Income.Size > len(h.Members):
				counted = fmt.Sprintf("计入 %d 年收入的家庭人口（%d 人，在世成员 %d 人）", h.Income.Year, h.Income.Size, len(h.Members))
			}
			for _, m := range h.All {
				if m.DeceasedOn.IsZero() || !m.LeftOn.IsZero() {
					continue
				}
				var still []string
				if counted != "" {
					still = append(still, counted)
				}
				if m.Dibao == registry.Yes {
					still = append(still, "登记享受低保")
				}
				if m.Tekun == registry.Yes {
					still = append(still, "登记特困供养")
				}
				if m.PostType != "" {
					still = append(still, "登记担任公益性岗位")
				}
				if len(still) > 0 {
					emit(m.No, m.Name, m.DeceasedOn, strings.Join(still, "，"))
				}
			}
		},
	},
	{
		ID: "DQ-15", Indicator: DataQuality, Severity: Low, Subject: Household,
		Title:   "家庭人口数与成员数不符",
		Explain: "家庭人口数登记为 %d，现有成员 %d 人",
		Check: func(c *Context, h *House, emit Emit) {
			if h.H.DeclaredSize <= 0 || h.H.DeclaredSize == len(h.Members) {
				return
			}
			dead := 0
			for _, m := range h.All {
				if !m.DeceasedOn.IsZero() && m.LeftOn.IsZero() {
					dead++
				}
			}
			if dead > 0 && h.H.DeclaredSize == len(h.Members)+dead {
				return // the deceased are still counted: DQ-14 names them
			}
			emit(h.H.No, h.H.DeclaredSize, len(h.Members))
		},
	},
	{
		ID: "DQ-16", Indicator: DataQuality, Severity: Medium, Subject: Person,
		Title:   "健康的劳动年龄人口标为弱或无劳动力",
		Explain: "%s %d 岁，身体健康且不在校，劳动技能却为「%s」",
		Params:  []policy.Name{policy.WorkAgeMin, policy.WorkAgeMax},
		Check: func(c *Context, h *House, emit Emit) {
			lo, hi := c.P.Int(policy.WorkAgeMin), c.P.Int(policy.WorkAgeMax)
			for _, m := range h.Members {
				if m.AgeKnown && m.Age >= lo && m.Age <= hi && m.Healthy && !m.Student && m.LabourSkill != "" && !m.Able {
					emit(m.No, m.Name, m.Age, m.LabourSkill)
				}
			}
		},
	},
	{
		ID: "DQ-17", Indicator: DataQuality, Severity: Medium, Subject: Person,
		Title:   "在校生或未成年人未标注无劳动力",
		Explain: "%s %s，劳动技能应为「无劳动力」，现为「%s」",
		Params:  []policy.Name{policy.WorkAgeMin},
		Check: func(c *Context, h *House, emit Emit) {
			lo := c.P.Int(policy.WorkAgeMin)
			for _, m := range h.Members {
				if m.LabourSkill == "" || m.LabourSkill == "无劳动力" {
					continue
				}
				switch {
				case m.Student:
					emit(m.No, m.Name, "是在校生（"+m.SchoolStatus+"）", m.LabourSkill)
				case m.AgeKnown && m.Age < lo:
					emit(m.No, m.Name, fmt.Sprintf("%d 岁，未满 %d 岁", m.Age, lo), m.LabourSkill)
				}
			}
		},
	},
	{
		ID: "DQ-18", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "超过劳动年龄仍标为普通或技能劳动力",
		Explain: "%s %d 岁，超过劳动年龄上限 %d 岁，劳动技能却为「%s」",
		Params:  []policy.Name{policy.WorkAgeMax},
		Check: func(c *Context, h *House, emit Emit) {
			hi := c.P.Int(policy.WorkAgeMax)
			for _, m := range h.Members {
				if m.AgeKnown && m.Age > hi && m.Able {
					emit(m.No, m.Name, m.Age, hi, m.LabourSkill)
				}
			}
		},
	},
	{
		ID: "DQ-19", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "残疾人员无残疾人证信息",
		Explain: "%s 健康状况含「残疾」，但没有残疾人证号，也没有残疾类别",
		Needs:   []registry.Field{registry.PDisabilityCategory},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.Disabled && m.ID.DisabilityCategory == 0 && m.DisabilityCategory == "" {
					emit(m.No, m.Name)
				}
			}
		},
	},
	{
		ID: "DQ-20", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "年龄与在读年级不符",
		Explain: "%s %d 岁，在校生状况为「%s」，该年级的年龄应为%s",
		Params: []policy.Name{policy.PrimaryAgeMin, policy.PrimaryAgeMax, policy.JuniorAgeMin, policy.JuniorAgeMax,
			policy.SeniorAgeMin, policy.SeniorAgeMax, policy.CollegeAgeMin, policy.MasterAgeMin, policy.PreschoolAgeMax},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if !m.AgeKnown || m.SchoolStatus == "" {
					continue
				}
				lo, hi, ok := gradeAges(c, m)
				if !ok || (m.Age >= lo && m.Age <= hi) {
					continue
				}
				emit(m.No, m.Name, m.Age, m.SchoolStatus, ageRange(lo, hi))
			}
		},
	},
	{
		ID: "DQ-21", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "未上学原因与健康状况矛盾",
		Explain: "%s 的未上学原因为「%s」，健康状况却为「健康」",
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.Healthy && (strings.Contains(m.DropoutReason, "因病") || strings.Contains(m.DropoutReason, "因残")) {
					emit(m.No, m.Name, m.DropoutReason)
				}
			}
		},
	},
	{
		ID: "DQ-22", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "帮扶对象人员信息缺项",
		Explain: "%s 的%s为空",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Target {
				return
			}
			for _, m := range h.Members {
				var blank []string
				// Only the fields a source provided count: a column the file never had is not a
				// blank answer.
				if h.blank(registry.PEthnicity, m.Ethnicity == "") {
					blank = append(blank, "民族")
				}
				if h.blank(registry.PHealth, m.Health == "") {
					blank = append(blank, "健康状况")
				}
				if h.blank(registry.PLabourSkill, m.LabourSkill == "") {
					blank = append(blank, "劳动技能")
				}
				if m.ResidentMedical == registry.Unknown && m.EmployeeMedical == registry.Unknown &&
					(h.Knows(registry.PResidentMedical) || h.Knows(registry.PEmployeeMedical)) {
					blank = append(blank, "基本医疗保险")
				}
				if h.blank(registry.PCriticalIllness, m.CriticalIllness == registry.Unknown) {
					blank = append(blank, "是否参加大病保险")
				}
				if m.ResidentPension == registry.Unknown && m.EmployeePension == registry.Unknown &&
					(h.Knows(registry.PResidentPension) || h.Knows(registry.PEmployeePension)) {
					blank = append(blank, "基本养老保险")
				}
				if h.blank(registry.PDibao, m.Dibao == registry.Unknown) {
					blank = append(blank, "是否享受低保")
				}
				if h.blank(registry.PTekun, m.Tekun == registry.Unknown) {
					blank = append(blank, "是否特困供养人员")
				}
				if len(blank) > 0 {
					emit(m.No, m.Name, joinCN(blank))
				}
			}
		},
	},
	{
		ID: "DQ-23", Indicator: DataQuality, Severity: Low, Subject: Household,
		Title:   "帮扶对象户信息缺项",
		Explain: "%s",
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Target {
				return
			}
			hh := h.H
			var bad []string
			// Only the fields a source provided count (see DQ-22).
			if h.blank(registry.HWaterSafe, hh.WaterSafe == registry.Unknown) {
				bad = append(bad, "是否解决安全饮用水为空")
			}
			if hh.UnsafeHouse == registry.Unknown && hh.HousingGrade == "" &&
				(h.Knows(registry.HUnsafeHouse) || h.Knows(registry.HHousingGrade)) {
				bad = append(bad, "是否危房户为空")
			}
			switch {
			case h.blank(registry.HElectricity, hh.Electricity == registry.Unknown):
				bad = append(bad, "是否通生活用电为空")
			case hh.Electricity == registry.No:
				bad = append(bad, "未通生活用电")
			}
			if h.blank(registry.HToilet, hh.Toilet == registry.Unknown) {
				bad = append(bad, "是否有卫生厕所为空")
			}
			if h.blank(registry.HRoadHardened, hh.RoadHardened == registry.Unknown) {
				bad = append(bad, "入户道路是否硬化为空")
			}
			if h.blank(registry.HHouseArea, hh.HouseArea <= 0) {
				bad = append(bad, "住房面积为空")
			}
			if len(bad) > 0 {
				emit(hh.No, strings.Join(bad, "；"))
			}
		},
	},
	{
		ID: "DQ-24", Indicator: DataQuality, Severity: Medium, Subject: Household,
		Title:   "监测信息缺项或矛盾",
		Explain: "%s",
		Check: func(c *Context, h *House, emit Emit) {
			hh := h.H
			var bad []string
			if hh.Monitored() {
				if h.blank(registry.HIdentifiedOn, hh.IdentifiedOn.IsZero()) {
					bad = append(bad, "识别监测时间为空")
				}
				if h.blank(registry.HRiskTypes, len(hh.RiskTypes) == 0) {
					bad = append(bad, "风险类型为空")
				}
				if h.blank(registry.HRiskEliminated, hh.RiskEliminated == registry.Unknown) {
					bad = append(bad, "风险是否已消除为空")
				}
				if hh.RiskEliminated == registry.Yes {
					if h.blank(registry.HEliminatedOn, hh.EliminatedOn.IsZero()) {
						bad = append(bad, "已消除风险但消除监测时间为空")
					}
					if h.blank(registry.HEliminationWay, hh.EliminationWay == "") {
						bad = append(bad, "已消除风险但风险消除方式为空")
					}
				}
				if !hh.EliminatedOn.IsZero() && !hh.IdentifiedOn.IsZero() && hh.EliminatedOn.Index() < hh.IdentifiedOn.Index() {
					bad = append(bad, fmt.Sprintf("消除监测时间 %s 早于识别监测时间 %s", hh.EliminatedOn.Compact(), hh.IdentifiedOn.Compact()))
				}
				if hh.RiskEliminated == registry.No && !hh.EliminatedOn.IsZero() {
					bad = append(bad, "风险未消除却有消除监测时间")
				}
			} else if !hh.IdentifiedOn.IsZero() || len(hh.RiskTypes) > 0 || hh.RiskEliminated == registry.Yes {
				bad = append(bad, "监测对象类别为空，却填写了识别时间、风险类型或风险消除信息")
			}
			if len(bad) > 0 {
				emit(hh.No, strings.Join(bad, "；"))
			}
		},
	},
	{
		ID: "DQ-25", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "务工人员手机号码格式错误",
		Explain: "%s 有务工信息，但成员联系电话不是有效的手机号码（应为 1 开头、第二位 3–9 的 11 位数字）",
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.Works && strings.TrimSpace(m.Phone) != "" && !idno.ValidMobile(m.Phone) {
					emit(m.No, m.Name)
				}
			}
		},
	},
	{
		ID: "DQ-26", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "一二级肢体残疾标为普通劳动力",
		Explain: "%s 持 %d 级肢体残疾人证，劳动技能却为「普通劳动力」",
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.ID.DisabilityCategory == 4 && (m.ID.DisabilityGrade == 1 || m.ID.DisabilityGrade == 2) && m.LabourSkill == "普通劳动力" {
					emit(m.No, m.Name, m.ID.DisabilityGrade)
				}
			}
		},
	},
}

var dqMore = []*Rule{
	{
		ID: "DQ-29", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:    "务工所在地无法识别",
		Explain:  "%s 的务工所在地「%s」无法识别为县区或务工类别：%s",
		Basis:    "全国防返贫监测信息系统 2023 年起务工所在地填写务工所在县区；县级核查脚本检查务工地是否写到县、区",
		Fix:      "把务工所在地改为务工所在的县（区），写明省市，如「浙江省宁波市鄞州区」；境外务工填国家名",
		Practice: []string{"O 务工地点未写到县区"},
		Reads:    []registry.Field{registry.PWorkLocation},
		Cases: []Case{
			{Desc: "户主务工所在地「省外」（旧版类别）", Fires: nil},
			{Desc: "户主务工所在地写为「外地打工」", Set: person(0, func(p *registry.Person) { p.WorkLocation = "外地打工" }), Fires: []string{"P1"},
				World: nil},
		},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.WorkPlaceErr != "" {
					emit(m.No, m.Name, m.WorkLocation, m.WorkPlaceErr)
				}
			}
		},
	},
	{
		ID: "DQ-27", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "青年文化程度为文盲或小学",
		Explain: "%s %d 岁，不在校，文化程度却为「%s」（%d–%d 岁应已完成义务教育），请核实",
		Params:  []policy.Name{policy.LowEduAgeMin, policy.LowEduAgeMax},
		Check: func(c *Context, h *House, emit Emit) {
			lo, hi := c.P.Int(policy.LowEduAgeMin), c.P.Int(policy.LowEduAgeMax)
			for _, m := range h.Members {
				if m.AgeKnown && m.Age >= lo && m.Age <= hi && !m.Student && (m.Education == "小学" || m.Education == "文盲或半文盲") {
					emit(m.No, m.Name, m.Age, m.Education, lo, hi)
				}
			}
		},
	},
	{
		ID: "DQ-28", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "患病或残疾人员标为普通或技能劳动力",
		Explain: "%s %d 岁，健康状况为「%s」，劳动技能却为「%s」，请核实",
		Params:  []policy.Name{policy.WorkAgeMin, policy.WorkAgeMax},
		Check: func(c *Context, h *House, emit Emit) {
			lo, hi := c.P.Int(policy.WorkAgeMin), c.P.Int(policy.WorkAgeMax)
			for _, m := range h.Members {
				if m.AgeKnown && m.Age >= lo && m.Age <= hi && m.Able && (m.Ill || m.Disabled) {
					emit(m.No, m.Name, m.Age, m.Health, m.LabourSkill)
				}
			}
		},
	},
}

// relationSex is the sex a relation to the head implies (PRACTICE.md B).
var relationSex = map[string]string{
	"之子": "男", "之父": "男", "之女婿": "男", "之孙子": "男", "之外孙子": "男", "之公公": "男", "之岳父": "男",
	"之祖父": "男", "之外祖父": "男", "之侄儿": "男", "之曾孙子": "男", "之叔伯": "男",
	"之女": "女", "之母": "女", "之儿媳": "女", "之孙女": "女", "之外孙女": "女", "之婆婆": "女", "之岳母": "女",
	"之祖母": "女", "之外祖母": "女", "之侄女": "女", "之曾孙女": "女", "之兄弟媳妇": "女",
}

// gender reads a 性别 cell: 男/女 or 1/2.
func gender(s string) string {
	switch strings.TrimSpace(s) {
	case "男", "1":
		return "男"
	case "女", "2":
		return "女"
	}
	return ""
}

// sexOf returns the sex from the ID number, or from the 性别 cell when the ID cannot be read.
func sexOf(m *Member) string {
	if m.ID.ID != "" {
		return idno.Sex(m.ID)
	}
	return gender(m.Gender)
}

// gradeAges returns the plausible ages of a 在校生状况.
func gradeAges(c *Context, m *Member) (lo, hi int, ok bool) {
	const none = 200
	s := m.SchoolStatus
	switch {
	case s == "学龄前儿童" || s == "学前教育":
		if !m.Healthy {
			return 0, 0, false
		}
		return 0, c.P.Int(policy.PreschoolAgeMax), true
	case s == "小学":
		return c.P.Int(policy.PrimaryAgeMin), c.P.Int(policy.PrimaryAgeMax), true
	case s == "七年级" || s == "八年级" || s == "九年级":
		return c.P.Int(policy.JuniorAgeMin), c.P.Int(policy.JuniorAgeMax), true
	case strings.HasPrefix(s, "普通高中") || strings.HasPrefix(s, "中职"):
		return c.P.Int(policy.SeniorAgeMin), c.P.Int(policy.SeniorAgeMax), true
	case strings.HasPrefix(s, "高职高专") || strings.HasPrefix(s, "技师学院") || strings.HasPrefix(s, "本科"):
		return c.P.Int(policy.CollegeAgeMin), none, true
	case s == "硕士研究生及以上":
		return c.P.Int(policy.MasterAgeMin), none, true
	}
	return 0, 0, false
}

func ageRange(lo, hi int) string {
	if hi >= 200 {
		return fmt.Sprintf(" %d 岁及以上", lo)
	}
	return fmt.Sprintf(" %d–%d 岁", lo, hi)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
