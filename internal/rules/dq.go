package rules

import (
	"fmt"
	"slices"
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
		Basis: "《公民身份号码》（GB 11643-1999）：18 位，依次为 6 位地址码、8 位出生日期码、3 位顺序码和 1 位校验码；" +
			"残疾人证号为身份证号加残疾类别（1–7）和残疾等级（1–4）；县级核查脚本同时查空号和 999999 开头的占位号码",
		Fix: "对照户口簿或身份证原件更正证件号码；被表格软件转成科学计数法或丢失末位 X 的，把该列设为文本后按原件重新录入；" +
			"占位号码和 15 位旧号码须换成 18 位公民身份号码",
		Practice: []string{"A 证件号码长度、校验位、出生日期有误", "A 证件号码为空或为 999999 占位号码"},
		Needs:    []registry.Field{registry.PIDNumber},
		Cases: []Case{
			{Desc: "户主的证件号码是有效的 18 位公民身份号码"},
			{Desc: "户主证件号码的第 18 位（校验码）错误", Set: person(0, func(p *registry.Person) { p.IDNumber = p.IDNumber[:17] + "0" }), Fires: []string{"P1"}},
			{Desc: "妻子的证件号码为空", Set: dqID(1, ""), Fires: []string{"P2"}},
			{Desc: "妻子的证件号码为 999999 开头的占位号码", Set: dqID(1, "999999198303020022"), Fires: []string{"P2"}},
			{Desc: "户主仍是 15 位旧身份证号码", Set: person(0, func(p *registry.Person) { p.IDNumber = p.IDNumber[:6] + p.IDNumber[8:17] }), Fires: []string{"P1"}},
			{Desc: "儿子证件号码中的出生日期为 2026 年 11 月 29 日，晚于判断日期", Set: born(2, 2026, 11, 29), Fires: []string{"P3"}},
			{Desc: "儿子证件号码中的出生日期为 2026 年 11 月 28 日，即判断日期当天", Set: born(2, 2026, 11, 28)},
			{Desc: "妻子持 20 位残疾人证号，第 19 位（残疾类别）为 8", Set: dqCert(1, "82"), Fires: []string{"P2"}},
		},
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
			{Desc: "户主的证件号码全库只有本人使用", World: fakeWorld{}},
			{Desc: "户主的证件号码另有一名在世人员使用（另一户）",
				World: fakeWorld{ids: map[string][]string{id(1981, 5, 10, 11): {hhNo, "H2"}}}, Fires: []string{"P1"}},
			{Desc: "户主的证件号码在本户登记了两次",
				World: fakeWorld{ids: map[string][]string{id(1981, 5, 10, 11): {hhNo, hhNo}}}, Fires: []string{"P1"}},
			{Desc: "户主的证件号码与另一户一名已故人员相同", World: fakeWorld{ids: map[string][]string{id(1981, 5, 10, 11): {hhNo}},
				deceased: map[string]int{id(1981, 5, 10, 11): 1}}, Fires: []string{"P1"}},
			{Desc: "户主和另一户的人都填了 999999 开头的占位号码：占位号码由 DQ-01 报告", Set: dqID(0, "999999198105100011"),
				World: fakeWorld{ids: map[string][]string{"999999198105100011": {hhNo, "H2"}}}},
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
		Basis:   "《公民身份号码》（GB 11643-1999）：第 7–14 位为出生日期码，出生日期应与之一致",
		Fix:     "以户口簿为准，更正出生日期或证件号码中错误的一项",
		Reads:   []registry.Field{registry.PBirth, registry.PIDNumber},
		Cases: []Case{
			{Desc: "户主出生日期 19810510，与证件号码一致"},
			{Desc: "户主出生日期登记为 19810511，证件号码中为 19810510", Set: person(0, func(p *registry.Person) { p.Birth = registry.NewDate(1981, 5, 11) }), Fires: []string{"P1"}},
			{Desc: "户主出生日期为空", Set: person(0, func(p *registry.Person) { p.Birth = registry.Date{} })},
			{Desc: "户主证件号码为空，无从比对（由 DQ-01 报告）", Set: dqID(0, "")},
		},
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
		Basis:   "《公民身份号码》（GB 11643-1999）：顺序码（第 17 位）奇数为男性、偶数为女性",
		Fix:     "以户口簿为准，更正性别或证件号码中错误的一项",
		Reads:   []registry.Field{registry.PGender, registry.PIDNumber},
		Cases: []Case{
			{Desc: "户主性别「男」，证件号码第 17 位为奇数"},
			{Desc: "户主性别写作代码「1」（男）", Set: dqGender(0, "1")},
			{Desc: "户主性别登记为「女」", Set: dqGender(0, "女"), Fires: []string{"P1"}},
			{Desc: "妻子性别写作代码「1」（男），证件号码表示女", Set: dqGender(1, "1"), Fires: []string{"P2"}},
			{Desc: "妻子性别为空", Set: dqGender(1, "")},
		},
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
		Title:    "户主人数不为一",
		Explain:  "户内有 %d 名户主，应有且只有 1 名",
		Basis:    "全国防返贫监测信息系统：每户有且只有一名成员的与户主关系为「户主」",
		Fix:      "按户口簿确定户主并更正与户主关系；户主去世或迁出的，重新确定户主，并相应调整其他成员与户主的关系",
		Practice: []string{"B 无户主或多个户主"},
		Needs:    []registry.Field{registry.PRelation},
		Cases: []Case{
			{Desc: "户主 1 名"},
			{Desc: "没有成员的与户主关系为「户主」", Set: dqRelation(0, "其他"), Fires: []string{hhNo}},
			{Desc: "妻子也登记为「户主」", Set: dqRelation(1, "户主"), Fires: []string{hhNo}},
			{Desc: "户主已死亡，未重新确定户主", Set: dqDead(0, 2026, 2, 1), Fires: []string{hhNo}},
			{Desc: "来源文件没有「与户主关系」列（未采集）", Set: both(dqRelation(0, ""), dqRelation(1, ""), dqRelation(2, ""),
				dqUncollected(registry.PRelation))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if n := h.CountMembers(func(m *Member) bool { return m.IsHead() }); n != 1 {
				emit(h.H.No, n)
			}
		},
	},
	{
		ID: "DQ-06", Indicator: DataQuality, Severity: Medium, Subject: Household,
		Title:    "配偶多于一人",
		Explain:  "户内有 %d 名与户主关系为「配偶」的成员",
		Basis:    "全国防返贫监测信息系统与户主关系代码：一户至多一名「配偶」",
		Fix:      "按户口簿更正与户主关系（如「之儿媳」「之女婿」误填为配偶）；离婚迁出的前配偶办理减员",
		Practice: []string{"B 多个配偶"},
		Reads:    []registry.Field{registry.PRelation},
		Cases: []Case{
			{Desc: "一名配偶"},
			{Desc: "儿子的与户主关系也填为「配偶」", Set: dqRelation(2, "配偶"), Fires: []string{hhNo}},
			{Desc: "原配偶已迁出，儿子误填为「配偶」：现有配偶只有一名", Set: both(spouseLeft, dqRelation(2, "配偶"))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if n := h.CountMembers(func(m *Member) bool { return m.Relation == "配偶" }); n > 1 {
				emit(h.H.No, n)
			}
		},
	},
	{
		ID: "DQ-07", Indicator: DataQuality, Severity: Medium, Subject: Household,
		Title:    "户主与配偶性别相同",
		Explain:  "户主 %s 与配偶 %s 的性别都是「%s」",
		Basis:    "县级核查脚本：以证件号码第 17 位（无法识别时以性别栏）判断，配偶与户主性别应不同",
		Fix:      "核对户口簿，更正证件号码、性别或与户主关系中错误的一项",
		Practice: []string{"B 配偶与户主同性别"},
		Reads:    []registry.Field{registry.PRelation, registry.PIDNumber, registry.PGender},
		Cases: []Case{
			{Desc: "户主男、配偶女"},
			{Desc: "配偶证件号码第 17 位为奇数（男）", Set: dqID(1, id(1983, 3, 2, 13)), Fires: []string{hhNo}},
			{Desc: "配偶证件号码表示女，性别栏误填「男」：以证件号码为准（性别栏由 DQ-04 报告）", Set: dqGender(1, "男")},
			{Desc: "配偶证件号码为空，性别栏为「男」", Set: both(dqID(1, ""), dqGender(1, "男")), Fires: []string{hhNo}},
		},
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
		Basis: "与户主关系代码的性别含义：之子、之父、之女婿、之孙子、之外孙子、之公公、之岳父、之祖父、之外祖父、之侄儿、之曾孙子、之叔伯为男性，" +
			"之女、之母、之儿媳、之孙女、之外孙女、之婆婆、之岳母、之祖母、之外祖母、之侄女、之曾孙女、之兄弟媳妇为女性",
		Fix:      "核对户口簿，更正与户主关系、证件号码或性别中错误的一项",
		Practice: []string{"B 与户主关系与性别矛盾"},
		Reads:    []registry.Field{registry.PRelation, registry.PIDNumber, registry.PGender},
		Cases: []Case{
			{Desc: "儿子的与户主关系为「之子」，男"},
			{Desc: "儿子的与户主关系填为「之女」", Set: dqRelation(2, "之女"), Fires: []string{"P3"}},
			{Desc: "儿子的与户主关系为「之兄弟姐妹」（不分性别）", Set: dqRelation(2, "之兄弟姐妹")},
			{Desc: "妻子的与户主关系填为「之子」", Set: dqRelation(1, "之子"), Fires: []string{"P2"}},
		},
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
		Title:    "人员信息不在国家标准值中",
		Explain:  "%s 的%s",
		Basis:    "全国防返贫监测信息系统指标代码表（与户主关系、文化程度、在校生状况、劳动技能、健康状况、政治面貌、公益性岗位类型、性别）",
		Fix:      "按代码表的写法更正（如「子」改为「之子」、「中专」按学历改为「高中」）；与户主关系为空的按户口簿补录",
		Practice: []string{"B 与户主关系为空或不在标准值中", "D 文化程度、在校生状况不在标准值中"},
		Reads: []registry.Field{registry.PRelation, registry.PEducation, registry.PSchoolStatus, registry.PLabourSkill,
			registry.PPolitical, registry.PPostType, registry.PHealth, registry.PGender},
		Cases: []Case{
			{Desc: "各项均为标准值"},
			{Desc: "儿子的与户主关系为空", Set: dqRelation(2, ""), Fires: []string{"P3"}},
			{Desc: "儿子的与户主关系写作「子」", Set: dqRelation(2, "子"), Fires: []string{"P3"}},
			{Desc: "户主文化程度写作「中专」", Set: dqSchool(0, "中专", ""), Fires: []string{"P1"}},
			{Desc: "儿子在校生状况写作「四年级」", Set: dqSchool(2, "", "四年级"), Fires: []string{"P3"}},
			{Desc: "户主健康状况「残疾,长期慢性病」（组合值）", Set: dqHealth(0, "残疾,长期慢性病")},
			{Desc: "户主性别写作「M」", Set: dqGender(0, "M"), Fires: []string{"P1"}},
		},
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
		Basis:   "全国防返贫监测信息系统指标代码表（户类型、监测对象类别、识别渠道、风险类型、风险消除方式、帮扶措施类型）；住房安全等级为 A、B、C、D",
		Fix:     "按代码表的写法更正（如「因病致贫」改为「因病」）；旧系统的户类型写法（一般脱贫户、低保脱贫户、特困供养脱贫户）可以保留",
		Reads: []registry.Field{registry.HKind, registry.HCategory, registry.HChannel, registry.HRiskTypes, registry.HEliminationWay,
			registry.HHousingGrade, registry.HDevMeasureDone, registry.HMeasures},
		Cases: []Case{
			{Desc: "监测户，各项均为标准值", From: monitored},
			{Desc: "户类型「低保脱贫户」（旧系统写法）", Set: dqHousehold(func(h *registry.Household) { h.Kind = "低保脱贫户" })},
			{Desc: "户类型为空", Set: dqHousehold(func(h *registry.Household) { h.Kind = "" }), Fires: []string{hhNo}},
			{Desc: "监测户的风险类型写作「因病致贫」", From: monitored, Set: risks("因病致贫"), Fires: []string{hhNo}},
			{Desc: "监测对象类别写作「监测户」", From: monitored, Set: dqHousehold(func(h *registry.Household) { h.Category = "监测户" }), Fires: []string{hhNo}},
			{Desc: "帮扶措施类型写作「产业扶持」", From: monitored, Set: measures("产业扶持"), Fires: []string{hhNo}},
		},
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
			} else if hh.Kind != "" && !isAlleviated(hh.Kind) && hh.Kind != registry.KindOrdinary {
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
		Params:  []policy.Name{policy.WorkAgeMin},
		Basis: "全国防返贫监测信息系统：在校生填写在校生状况，非在校生填写文化程度，二者只填其一；未上学的儿童填写义务教育阶段未上学原因。" +
			"县级核查脚本同时检查学生的文化程度与年级是否对应（小学—小学，初中—七至九年级，高中—普通高中或中职，大专—高职高专，本科及以上—本科或硕士）",
		Fix:      "在校生清空文化程度、只保留在校生状况；不在校的填写文化程度并清空在校生状况；未上学的儿童填写未上学原因",
		Practice: []string{"D 文化程度与在校生状况同填或同空", "D 在校生文化程度与年级不符"},
		Reads:    readsAge(registry.PEducation, registry.PSchoolStatus, registry.PDropoutReason),
		Cases: []Case{
			{Desc: "户主文化程度「初中」，儿子在校生状况「小学」"},
			{Desc: "儿子在校生状况「小学」，文化程度也填了「小学」", Set: dqSchool(2, "小学", "小学"), Fires: []string{"P3"}},
			{Desc: "儿子在校生状况「七年级」，文化程度填「小学」，与年级也不对应", Set: dqSchool(2, "小学", "七年级"), Fires: []string{"P3"}},
			{Desc: "户主文化程度和在校生状况都为空", Set: dqSchool(0, "", ""), Fires: []string{"P1"}},
			{Desc: "儿子两项都为空，未上学原因为「因残」", Set: both(dqSchool(2, "", ""), person(2, func(p *registry.Person) { p.DropoutReason = "因残" }))},
			{Desc: "来源文件没有未上学原因列：10 岁的儿子两项都为空，无从判断", Set: both(dqSchool(2, "", ""), dqUncollected(registry.PDropoutReason))},
			{Desc: "来源文件没有未上学原因列：45 岁的户主两项都为空", Set: both(dqSchool(0, "", ""), dqUncollected(registry.PDropoutReason)), Fires: []string{"P1"}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			adult := c.P.Int(policy.WorkAgeMin)
			reasonKnown := h.Knows(registry.PDropoutReason)
			for _, m := range h.Members {
				switch {
				case m.Education != "" && m.SchoolStatus != "":
					text := "都已填写"
					if l := gradeLevel(m.SchoolStatus); l != "" && l != m.Education {
						text += fmt.Sprintf("（文化程度「%s」与在校生状况「%s」也不对应）", m.Education, m.SchoolStatus)
					}
					emit(m.No, m.Name, text)
				case m.Education == "" && m.SchoolStatus == "" && m.DropoutReason == "" &&
					h.KnowsAll([]registry.Field{registry.PEducation, registry.PSchoolStatus}):
					// A child may have a reason for not attending school instead: where no source
					// gave the reasons, only an adult's two blanks are a fact.
					if reasonKnown || m.AgeKnown && m.Age >= adult {
						emit(m.No, m.Name, "都为空")
					}
				}
			}
		},
	},
	{
		ID: "DQ-12", Indicator: DataQuality, Severity: Medium, Subject: Person,
		Title:    "务工地点与务工时间不符",
		Explain:  "%s %s",
		Basis:    "全国防返贫监测信息系统：务工所在地与务工时间（月）同时填写，务工时间为当年 1–12 个月；县级核查脚本检查二者是否相符",
		Fix:      "核实当年务工情况：有务工的补填务工时间或务工所在地，未务工的两项都清空，务工时间不超过 12 个月",
		Practice: []string{"O 务工所在地与务工时间不符"},
		Reads:    []registry.Field{registry.PWorkLocation, registry.PWorkMonths},
		Cases: []Case{
			{Desc: "户主务工所在地「省外」，务工时间 10 个月"},
			{Desc: "户主有务工所在地，务工时间为空", Set: person(0, func(p *registry.Person) { p.WorkMonths = registry.Count{} }), Fires: []string{"P1"}},
			{Desc: "户主有务工所在地，务工时间为 0", Set: person(0, func(p *registry.Person) { p.WorkMonths = registry.CountOf(0) }), Fires: []string{"P1"}},
			{Desc: "妻子务工时间 8 个月，务工所在地为空", Set: person(1, func(p *registry.Person) { p.WorkLocation = "" }), Fires: []string{"P2"}},
			{Desc: "户主务工时间 12 个月", Set: person(0, func(p *registry.Person) { p.WorkMonths = registry.CountOf(12) })},
			{Desc: "户主务工时间 13 个月", Set: person(0, func(p *registry.Person) { p.WorkMonths = registry.CountOf(13) }), Fires: []string{"P1"}},
			{Desc: "户主未务工，两项都为空", Set: person(0, func(p *registry.Person) { p.WorkLocation, p.WorkMonths = "", registry.Count{} })},
		},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				switch {
				case m.WorkLocation != "" && m.WorkMonths.N <= 0 && h.Knows(registry.PWorkMonths):
					months := "空"
					if m.WorkMonths.String() != "" {
						months = fmt.Sprintf(" %d 个月", m.WorkMonths.N)
					}
					emit(m.No, m.Name, fmt.Sprintf("务工所在地为「%s」，务工时间却为%s", m.WorkLocation, months))
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
		Title:    "户联系电话不是 11 位",
		Explain:  "户联系电话%s",
		Basis:    "县级核查脚本：户联系电话应为 11 位数字（手机号码，或带区号的固定电话）",
		Fix:      "向农户核实联系电话，补录 11 位手机号码或带区号的固定电话号码，去掉空格和连字符",
		Practice: []string{"C 户联系电话不是 11 位"},
		Reads:    []registry.Field{registry.HPhone},
		Cases: []Case{
			{Desc: "户联系电话 13912345678"},
			{Desc: "户联系电话为空", Set: dqHousehold(func(h *registry.Household) { h.Phone = "" }), Fires: []string{hhNo}},
			{Desc: "户联系电话 1391234567（10 位）", Set: dqHousehold(func(h *registry.Household) { h.Phone = "1391234567" }), Fires: []string{hhNo}},
			{Desc: "户联系电话 0932-123456（带连字符）", Set: dqHousehold(func(h *registry.Household) { h.Phone = "0932-123456" }), Fires: []string{hhNo}},
			{Desc: "户联系电话 09321234567（带区号的固定电话，11 位）", Set: dqHousehold(func(h *registry.Household) { h.Phone = "09321234567" })},
			{Desc: "来源文件没有户联系电话列（未采集）", Set: both(dqHousehold(func(h *registry.Household) { h.Phone = "" }), dqUncollected(registry.HPhone))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			p := strings.TrimSpace(h.H.Phone)
			switch {
			case h.blank(registry.HPhone, p == ""):
				emit(h.H.No, "为空")
			case p != "" && len([]rune(p)) != 11:
				emit(h.H.No, fmt.Sprintf("不是 11 位数字（现为 %d 个字符）", len([]rune(p))))
			case p != "" && !allDigits(p):
				emit(h.H.No, "不是 11 位数字（含有数字以外的字符）")
			}
		},
	},
	{
		ID: "DQ-14", Indicator: DataQuality, Severity: High, Subject: Person,
		Title:   "已故人员仍计入家庭或享受待遇",
		Explain: "%s 已于 %s 死亡，仍%s",
		Basis:   "死亡人员应办理户籍注销和减员，停发低保金、特困供养金，解除公益性岗位；公安部门户籍注销（死亡）名单",
		Fix:     "按死亡信息办理减员并更新家庭人口数和收入的家庭人口；通知民政部门停发低保或特困供养，解除公益性岗位，追回死亡后多发的待遇",
		Reads: []registry.Field{registry.PDeceasedOn, registry.HDeclaredSize, registry.ISize, registry.PDibao, registry.PTekun,
			registry.PPostType},
		Cases: []Case{
			{Desc: "妻子 2026 年 3 月 1 日死亡，已减员（家庭人口数 2）", Set: both(dqDead(1, 2026, 3, 1), dqSize(2))},
			{Desc: "妻子 2026 年 3 月 1 日死亡，家庭人口数仍为 3", Set: dqDead(1, 2026, 3, 1), Fires: []string{"P2"}},
			{Desc: "妻子死亡后仍登记享受低保", Set: both(dqDead(1, 2026, 3, 1), dqSize(2), spouseDibao), Fires: []string{"P2"}},
			{Desc: "妻子死亡后仍担任乡村公益性岗位", Set: both(dqDead(1, 2026, 3, 1), dqSize(2), post(1, "乡村公益性岗位", 3)), Fires: []string{"P2"}},
			{Desc: "妻子死亡且已从本户迁出（减员）", Set: both(dqDead(1, 2026, 3, 1), spouseLeft)},
			{Desc: "妻子在世，享受低保", Set: spouseDibao},
		},
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
		Basis:   "全国防返贫监测信息系统：家庭人口数等于在册家庭成员人数",
		Fix:     "核对户籍和实际共同生活情况，更正家庭人口数，或补录、减少家庭成员",
		Reads:   []registry.Field{registry.HDeclaredSize},
		Cases: []Case{
			{Desc: "家庭人口数 3，成员 3 人"},
			{Desc: "家庭人口数为空", Set: dqHousehold(func(h *registry.Household) { h.DeclaredSize = 0 })},
			{Desc: "家庭人口数 2，成员 3 人", Set: dqHousehold(func(h *registry.Household) { h.DeclaredSize = 2 }), Fires: []string{hhNo}},
			{Desc: "家庭人口数 5，成员 3 人", Set: dqHousehold(func(h *registry.Household) { h.DeclaredSize = 5 }), Fires: []string{hhNo}},
			{Desc: "妻子已死亡，家庭人口数仍为 3：由 DQ-14 报告", Set: dqDead(1, 2026, 3, 1)},
		},
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
		Title:    "健康的劳动年龄人口标为弱或无劳动力",
		Explain:  "%s %d 岁，身体健康且不在校，劳动技能却为「%s」",
		Params:   []policy.Name{policy.WorkAgeMin, policy.WorkAgeMax},
		Basis:    "县级核查脚本：16–59 岁、身体健康、不在校的人员，劳动技能应为普通劳动力或技能劳动力",
		Fix:      "入户核实劳动能力：身体健康的改为普通劳动力或技能劳动力；确因疾病、残疾影响劳动的，同时更正健康状况",
		Practice: []string{"E 16–59 岁健康人员标为弱或无劳动力"},
		Reads:    readsAge(registry.PLabourSkill, registry.PHealth, registry.PSchoolStatus),
		Cases: []Case{
			{Desc: "妻子 43 岁，健康，普通劳动力"},
			{Desc: "妻子 43 岁，健康，弱劳动力或半劳动力", Set: dqSkill(1, "弱劳动力或半劳动力"), Fires: []string{"P2"}},
			{Desc: "妻子 43 岁，长期慢性病，弱劳动力或半劳动力", Set: both(dqHealth(1, "长期慢性病"), dqSkill(1, "弱劳动力或半劳动力"))},
			{Desc: "儿子 16 岁（2010 年 11 月 28 日生），不在校，健康，无劳动力", Set: dqAged(2, 2010, 11, 28, "初中", ""), Fires: []string{"P3"}},
			{Desc: "儿子 15 岁（2010 年 11 月 29 日生），不在校，健康，无劳动力", Set: dqAged(2, 2010, 11, 29, "初中", "")},
			{Desc: "妻子 59 岁（1966 年 11 月 29 日生），健康，丧失劳动力", Set: both(born(1, 1966, 11, 29), dqSkill(1, "丧失劳动力")), Fires: []string{"P2"}},
			{Desc: "妻子 60 岁（1966 年 11 月 28 日生），健康，弱劳动力或半劳动力", Set: both(born(1, 1966, 11, 28), dqSkill(1, "弱劳动力或半劳动力"))},
			{Desc: "儿子 17 岁，在读普通高中三年级，无劳动力", Set: dqAged(2, 2009, 1, 1, "", "普通高中三年级")},
		},
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
		Title:    "在校生或未成年人未标注无劳动力",
		Explain:  "%s %s，劳动技能应为「无劳动力」，现为「%s」",
		Params:   []policy.Name{policy.WorkAgeMin},
		Basis:    "县级核查脚本：在校生和未满 16 周岁的人员，劳动技能应为无劳动力",
		Fix:      "把劳动技能改为「无劳动力」；已离校务工的学生，同时更正在校生状况和文化程度",
		Practice: []string{"E 在校生或未满 16 岁未标无劳动力"},
		Reads:    readsAge(registry.PLabourSkill, registry.PSchoolStatus),
		Cases: []Case{
			{Desc: "儿子 10 岁，在读小学，无劳动力"},
			{Desc: "儿子在读小学，劳动技能填「普通劳动力」", Set: dqSkill(2, "普通劳动力"), Fires: []string{"P3"}},
			{Desc: "儿子 20 岁，在读本科二年级，弱劳动力或半劳动力", Set: both(dqAged(2, 2006, 1, 1, "", "本科二年级"), dqSkill(2, "弱劳动力或半劳动力")), Fires: []string{"P3"}},
			{Desc: "儿子 15 岁（2010 年 11 月 29 日生），不在校，普通劳动力", Set: both(dqAged(2, 2010, 11, 29, "初中", ""), dqSkill(2, "普通劳动力")), Fires: []string{"P3"}},
			{Desc: "儿子 16 岁（2010 年 11 月 28 日生），不在校，普通劳动力", Set: both(dqAged(2, 2010, 11, 28, "初中", ""), dqSkill(2, "普通劳动力"))},
			{Desc: "儿子 15 岁，不在校，劳动技能填「丧失劳动力」", Set: both(dqAged(2, 2011, 6, 1, "初中", ""), dqSkill(2, "丧失劳动力")), Fires: []string{"P3"}},
		},
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
		Title:   "超过劳动年龄的劳动技能与年龄不符",
		Explain: "%s %d 岁，超过劳动年龄上限 %d 岁，%s",
		Params:  []policy.Name{policy.WorkAgeMax},
		Basis: "县级核查脚本：60 周岁及以上的人员不应标为普通劳动力或技能劳动力；丧失劳动力指因病、因残丧失劳动能力，" +
			"身体健康的老年人应为弱劳动力或半劳动力、无劳动力",
		Fix:      "入户核实：仍能从事一般劳动的改为弱劳动力或半劳动力，不能劳动的改为无劳动力；确实仍在全职务工的，在走访记录中说明",
		Practice: []string{"E 60 岁以上标为普通或技能劳动力"},
		Reads:    readsAge(registry.PLabourSkill, registry.PHealth),
		Cases: []Case{
			{Desc: "户主 45 岁，普通劳动力"},
			{Desc: "户主 59 岁（1966 年 11 月 29 日生），普通劳动力", Set: born(0, 1966, 11, 29)},
			{Desc: "户主 60 岁（1966 年 11 月 28 日生），普通劳动力", Set: born(0, 1966, 11, 28), Fires: []string{"P1"}},
			{Desc: "户主 60 岁，弱劳动力或半劳动力", Set: both(born(0, 1966, 11, 28), dqSkill(0, "弱劳动力或半劳动力"))},
			{Desc: "户主 65 岁，健康，劳动技能填「丧失劳动力」", Set: both(born(0, 1961, 3, 1), dqSkill(0, "丧失劳动力")), Fires: []string{"P1"}},
			{Desc: "户主 65 岁，患有大病，丧失劳动力", Set: both(born(0, 1961, 3, 1), dqSkill(0, "丧失劳动力"), dqHealth(0, "患有大病"))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			hi := c.P.Int(policy.WorkAgeMax)
			for _, m := range h.Members {
				if !m.AgeKnown || m.Age <= hi {
					continue
				}
				switch {
				case m.Able:
					emit(m.No, m.Name, m.Age, hi, "劳动技能却为「"+m.LabourSkill+"」")
				case m.LabourSkill == "丧失劳动力" && m.Healthy:
					emit(m.No, m.Name, m.Age, hi, "身体健康，劳动技能却为「丧失劳动力」（丧失劳动力指因病、因残丧失劳动能力）")
				}
			}
		},
	},
	{
		ID: "DQ-19", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:    "残疾人员无残疾人证信息",
		Explain:  "%s 健康状况含「残疾」，但没有残疾人证号，也没有残疾类别",
		Basis:    "县级核查脚本：健康状况为残疾的人员应持残疾人证（20 位残疾人证号，或登记残疾类别）；残联残疾人证信息",
		Fix:      "对照残联信息补录残疾人证号和残疾类别、等级；未办证的引导办理残疾人证；经核实不是残疾的，更正健康状况",
		Practice: []string{"A 健康状况残疾但无残疾人证"},
		Needs:    []registry.Field{registry.PDisabilityCategory},
		Reads:    []registry.Field{registry.PHealth, registry.PIDNumber},
		Cases: []Case{
			{Desc: "妻子健康"},
			{Desc: "妻子健康状况「残疾」，证件号码 18 位，残疾类别为空", Set: dqHealth(1, "残疾"), Fires: []string{"P2"}},
			{Desc: "户主健康状况「残疾,长期慢性病」，证件号码 18 位，残疾类别为空", Set: dqHealth(0, "残疾,长期慢性病"), Fires: []string{"P1"}},
			{Desc: "妻子健康状况「残疾」，持 20 位残疾人证号", Set: both(dqHealth(1, "残疾"), dqCert(1, "43"))},
			{Desc: "妻子健康状况「残疾」，残疾类别「肢体残疾」", Set: both(dqHealth(1, "残疾"), person(1, func(p *registry.Person) { p.DisabilityCategory = "肢体残疾" }))},
			{Desc: "来源文件没有残疾类别列（未采集），妻子健康状况「残疾」", Set: both(dqHealth(1, "残疾"), dqUncollected(registry.PDisabilityCategory))},
		},
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
		Basis: "县级核查脚本的年龄与年级对照：小学 6–14 岁，七至九年级 12–17 岁，普通高中和中职 15–20 岁，高职高专、技师学院、本科 18 岁及以上，" +
			"硕士 20 岁及以上；7 岁及以上的健康儿童不应为学龄前儿童或学前教育",
		Fix:      "核对出生日期和在读年级：升级的更新在校生状况，已毕业或离校的改填文化程度；适龄未入学的核实原因并落实义务教育保障",
		Practice: []string{"D 年龄与在读年级不符"},
		Reads:    readsAge(registry.PSchoolStatus, registry.PHealth),
		Cases: []Case{
			{Desc: "儿子 10 岁，在读小学"},
			{Desc: "儿子 14 岁（2012 年 11 月 28 日生），在读小学", Set: dqAged(2, 2012, 11, 28, "", "小学")},
			{Desc: "儿子 15 岁（2011 年 11 月 28 日生），在读小学", Set: dqAged(2, 2011, 11, 28, "", "小学"), Fires: []string{"P3"}},
			{Desc: "儿子 5 岁（2021 年 11 月 28 日生），在读小学", Set: dqAged(2, 2021, 11, 28, "", "小学"), Fires: []string{"P3"}},
			{Desc: "儿子 12 岁（2014 年 11 月 28 日生），在读七年级", Set: dqAged(2, 2014, 11, 28, "", "七年级")},
			{Desc: "儿子 11 岁（2015 年 11 月 28 日生），在读七年级", Set: dqAged(2, 2015, 11, 28, "", "七年级"), Fires: []string{"P3"}},
			{Desc: "儿子 6 岁（2020 年 11 月 28 日生），健康，学前教育", Set: dqAged(2, 2020, 11, 28, "", "学前教育")},
			{Desc: "儿子 7 岁（2019 年 11 月 28 日生），健康，学前教育", Set: dqAged(2, 2019, 11, 28, "", "学前教育"), Fires: []string{"P3"}},
		},
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
		Title:    "未上学原因与健康状况矛盾",
		Explain:  "%s 的未上学原因为「%s」，健康状况却为「健康」",
		Basis:    "县级核查脚本：义务教育阶段未上学原因为因病、因残的，健康状况应为患病或残疾",
		Fix:      "入户核实儿童的健康状况和未上学原因，更正错误的一项；确因病、因残不能到校的，落实送教上门",
		Practice: []string{"D 未上学原因与健康状况矛盾"},
		Reads:    []registry.Field{registry.PDropoutReason, registry.PHealth},
		Cases: []Case{
			{Desc: "儿子在读小学，没有未上学原因"},
			{Desc: "儿子未上学，原因「因病」，健康状况「健康」", Set: both(dqSchool(2, "", ""), dqReason(2, "因病")), Fires: []string{"P3"}},
			{Desc: "儿子未上学，原因「因残送教上门」，健康状况「健康」", Set: both(dqSchool(2, "", ""), dqReason(2, "因残送教上门")), Fires: []string{"P3"}},
			{Desc: "儿子未上学，原因「因残」，健康状况「残疾」", Set: both(dqSchool(2, "", ""), dqReason(2, "因残"), dqHealth(2, "残疾"))},
			{Desc: "儿子未上学，原因「其他」，健康状况「健康」", Set: both(dqSchool(2, "", ""), dqReason(2, "其他"))},
		},
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
		Title:    "帮扶对象人员信息缺项",
		Explain:  "%s 的%s为空",
		Basis:    "县级核查脚本：脱贫人口和监测对象的民族、健康状况、劳动技能、基本医疗保险、大病保险、基本养老保险、是否享受低保、是否特困供养人员不得为空",
		Fix:      "入户核实，或向医保、人社、民政部门核对后补录空项",
		Practice: []string{"C 帮扶对象人员信息缺项"},
		Reads: readsTarget(registry.PEthnicity, registry.PHealth, registry.PLabourSkill, registry.PResidentMedical, registry.PEmployeeMedical,
			registry.PCriticalIllness, registry.PResidentPension, registry.PEmployeePension, registry.PDibao, registry.PTekun),
		Cases: []Case{
			{Desc: "脱贫户，各项齐全"},
			{Desc: "脱贫户，户主民族为空", Set: person(0, func(p *registry.Person) { p.Ethnicity = "" }), Fires: []string{"P1"}},
			{Desc: "脱贫户，户主两种基本医疗保险都为空", Set: person(0, func(p *registry.Person) {
				p.ResidentMedical, p.EmployeeMedical = registry.Unknown, registry.Unknown
			}), Fires: []string{"P1"}},
			{Desc: "脱贫户，妻子是否参加大病保险为空", Set: person(1, func(p *registry.Person) { p.CriticalIllness = registry.Unknown }), Fires: []string{"P2"}},
			{Desc: "监测户，儿子劳动技能为空", From: monitored, Set: dqSkill(2, ""), Fires: []string{"P3"}},
			{Desc: "一般农户（未纳入监测），户主民族为空", From: ordinary, Set: person(0, func(p *registry.Person) { p.Ethnicity = "" })},
			{Desc: "来源文件没有民族列（未采集）", Set: both(person(0, func(p *registry.Person) { p.Ethnicity = "" }), dqUncollected(registry.PEthnicity))},
		},
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
		Basis: "县级核查脚本：脱贫户和监测户的是否通生活用电、是否解决安全饮用水、是否有卫生厕所、入户道路是否硬化、住房面积、是否危房户不得为空；" +
			"未通生活用电、没有卫生厕所的需核实",
		Fix:      "入户核实后补录空项；确未通生活用电或没有卫生厕所的，列入短板清单，协调供电部门接电、落实农村改厕",
		Practice: []string{"C 户情况（用电、饮水、厕所、道路、住房）缺项"},
		Reads: readsTarget(registry.HWaterSafe, registry.HUnsafeHouse, registry.HHousingGrade, registry.HElectricity, registry.HToilet,
			registry.HRoadHardened, registry.HHouseArea),
		Cases: []Case{
			{Desc: "脱贫户，各项齐全"},
			{Desc: "脱贫户，是否解决安全饮用水为空", Set: dqHousehold(func(h *registry.Household) { h.WaterSafe = registry.Unknown }), Fires: []string{hhNo}},
			{Desc: "脱贫户，是否通生活用电为「否」", Set: dqHousehold(func(h *registry.Household) { h.Electricity = registry.No }), Fires: []string{hhNo}},
			{Desc: "脱贫户，是否有卫生厕所为「否」", Set: dqHousehold(func(h *registry.Household) { h.Toilet = registry.No }), Fires: []string{hhNo}},
			{Desc: "脱贫户，是否危房户为空，但有住房安全等级 A", Set: dqHousehold(func(h *registry.Household) { h.UnsafeHouse = registry.Unknown })},
			{Desc: "脱贫户，入户道路是否硬化和住房面积为空", Set: dqHousehold(func(h *registry.Household) { h.RoadHardened, h.HouseArea = registry.Unknown, 0 }), Fires: []string{hhNo}},
			{Desc: "一般农户（未纳入监测），是否有卫生厕所为空", From: ordinary, Set: dqHousehold(func(h *registry.Household) { h.Toilet = registry.Unknown })},
			{Desc: "脱贫户，来源文件（如 2023 年全国系统导出表）没有卫生厕所、入户道路、住房面积列",
				Set: both(dqHousehold(func(h *registry.Household) {
					h.Toilet, h.RoadHardened, h.HouseArea = registry.Unknown, registry.Unknown, 0
				}),
					dqUncollected(registry.HToilet, registry.HRoadHardened, registry.HHouseArea))},
		},
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
			switch {
			case h.blank(registry.HToilet, hh.Toilet == registry.Unknown):
				bad = append(bad, "是否有卫生厕所为空")
			case hh.Toilet == registry.No:
				bad = append(bad, "没有卫生厕所")
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
		Basis: "全国防返贫监测信息系统监测对象信息项：监测户须填识别监测时间和风险类型，已消除风险的须填消除监测时间和风险消除方式；" +
			"县级核查脚本检查这些项是否为空、先后是否颠倒",
		Fix:      "按监测对象识别、风险消除的审批材料补录或更正；不是监测对象的，清除误填的监测信息",
		Practice: []string{"C 监测户识别时间、风险、工资性收入、三保障措施缺项"},
		Reads: []registry.Field{registry.HCategory, registry.HIdentifiedOn, registry.HRiskTypes, registry.HRiskEliminated,
			registry.HEliminatedOn, registry.HEliminationWay},
		Cases: []Case{
			{Desc: "监测户（202503 识别，风险未消除），各项齐全", From: monitored},
			{Desc: "已消除风险的监测户（202512 帮扶消除），各项齐全", From: eliminated},
			{Desc: "监测户的识别监测时间为空", From: monitored, Set: identified(0, 0), Fires: []string{hhNo}},
			{Desc: "监测户的风险类型为空", From: monitored, Set: risks(), Fires: []string{hhNo}},
			{Desc: "监测户的风险是否已消除为空", From: monitored, Set: dqHousehold(func(h *registry.Household) { h.RiskEliminated = registry.Unknown }), Fires: []string{hhNo}},
			{Desc: "风险已消除，消除监测时间和风险消除方式为空", From: eliminated, Set: dqHousehold(func(h *registry.Household) {
				h.EliminatedOn, h.EliminationWay = registry.Month{}, ""
			}), Fires: []string{hhNo}},
			{Desc: "消除监测时间 202512 早于识别监测时间 202601", From: eliminated, Set: identified(2026, 1), Fires: []string{hhNo}},
			{Desc: "未纳入监测的脱贫户填了风险类型「因病」", Set: risks("因病"), Fires: []string{hhNo}},
		},
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
		Title:    "务工人员手机号码格式错误",
		Explain:  "%s 有务工信息，但成员联系电话不是有效的手机号码（应为 1 开头、第二位 3–9 的 11 位数字）",
		Basis:    "县级核查脚本：务工人员的成员联系电话应符合手机号码格式 1[3-9] 加 9 位数字，便于就业部门跟踪联系",
		Fix:      "向务工人员本人核实手机号码并更正；本人没有手机的留空，不要填写家中固定电话或他人号码",
		Practice: []string{"C 务工人员手机号码格式错误"},
		Reads:    []registry.Field{registry.PPhone, registry.PWorkLocation, registry.PWorkMonths, registry.PPostType},
		Cases: []Case{
			{Desc: "户主在省外务工，成员联系电话 13912345678"},
			{Desc: "户主在省外务工，成员联系电话为固定电话 09321234567", Set: person(0, func(p *registry.Person) { p.Phone = "09321234567" }), Fires: []string{"P1"}},
			{Desc: "妻子在县内务工，成员联系电话 12812345678（第二位为 2）", Set: person(1, func(p *registry.Person) { p.Phone = "12812345678" }), Fires: []string{"P2"}},
			{Desc: "户主务工，成员联系电话为空", Set: person(0, func(p *registry.Person) { p.Phone = "" })},
			{Desc: "儿子未务工，成员联系电话「123」", Set: person(2, func(p *registry.Person) { p.Phone = "123" })},
		},
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
		Explain: "%s 为%s级肢体残疾，劳动技能却为「普通劳动力」",
		Basis: "残疾人证号第 19 位为残疾类别（4 为肢体残疾）、第 20 位为残疾等级；一、二级肢体残疾为重度残疾，" +
			"县级核查脚本把标为普通劳动力的列为疑点",
		Fix:      "入户核实劳动能力，改为弱劳动力或半劳动力、丧失劳动力；确能正常劳动的，在走访记录中写明情况",
		Practice: []string{"E 一二级肢体残疾标为普通劳动力"},
		Reads:    []registry.Field{registry.PIDNumber, registry.PDisabilityCategory, registry.PDisabilityGrade, registry.PLabourSkill},
		Cases: []Case{
			{Desc: "户主没有残疾人证，普通劳动力"},
			{Desc: "户主持肢体二级残疾人证（证号末两位 42），普通劳动力", Set: dqCert(0, "42"), Fires: []string{"P1"}},
			{Desc: "户主持肢体三级残疾人证（43），普通劳动力", Set: dqCert(0, "43")},
			{Desc: "户主持视力一级残疾人证（11），普通劳动力", Set: dqCert(0, "11")},
			{Desc: "户主持肢体一级残疾人证（41），弱劳动力或半劳动力", Set: both(dqCert(0, "41"), dqSkill(0, "弱劳动力或半劳动力"))},
			{Desc: "户主证件号码 18 位，残疾类别「肢体残疾」、残疾等级「二级」，普通劳动力", Set: person(0, func(p *registry.Person) {
				p.DisabilityCategory, p.DisabilityGrade = "肢体残疾", "二级"
			}), Fires: []string{"P1"}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.LabourSkill != "普通劳动力" {
					continue
				}
				switch {
				case m.ID.DisabilityCategory == 4 && (m.ID.DisabilityGrade == 1 || m.ID.DisabilityGrade == 2):
					emit(m.No, m.Name, []string{"一", "二"}[m.ID.DisabilityGrade-1])
				case m.DisabilityCategory == "肢体残疾" && severeGrade(m.DisabilityGrade) != "":
					emit(m.No, m.Name, severeGrade(m.DisabilityGrade))
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
			{Desc: "户主未务工，务工所在地为空", Set: person(0, func(p *registry.Person) { p.WorkLocation, p.WorkMonths = "", registry.Count{} })},
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
		Title:    "青年文化程度为文盲或小学",
		Explain:  "%s %d 岁，不在校，文化程度却为「%s」（%d–%d 岁应已完成义务教育），请核实",
		Params:   []policy.Name{policy.LowEduAgeMin, policy.LowEduAgeMax},
		Basis:    "县级核查脚本：16–22 岁的人员应已完成九年义务教育，文化程度为小学或文盲或半文盲的需核实",
		Fix:      "核实文化程度：已读完初中的更正为初中及以上；确未完成义务教育的，核实原因并在走访记录中说明",
		Practice: []string{"D 年龄与在读年级不符"},
		Reads:    readsAge(registry.PEducation, registry.PSchoolStatus),
		Cases: []Case{
			{Desc: "户主 45 岁，文化程度初中"},
			{Desc: "儿子 20 岁，不在校，文化程度小学", Set: dqAged(2, 2006, 5, 1, "小学", ""), Fires: []string{"P3"}},
			{Desc: "儿子 16 岁（2010 年 11 月 28 日生），不在校，文盲或半文盲", Set: dqAged(2, 2010, 11, 28, "文盲或半文盲", ""), Fires: []string{"P3"}},
			{Desc: "儿子 15 岁（2010 年 11 月 29 日生），不在校，文化程度小学", Set: dqAged(2, 2010, 11, 29, "小学", "")},
			{Desc: "儿子 22 岁（2003 年 11 月 29 日生），不在校，文化程度小学", Set: dqAged(2, 2003, 11, 29, "小学", ""), Fires: []string{"P3"}},
			{Desc: "儿子 23 岁（2003 年 11 月 28 日生），不在校，文化程度小学", Set: dqAged(2, 2003, 11, 28, "小学", "")},
			{Desc: "儿子 20 岁，不在校，文化程度高中", Set: dqAged(2, 2006, 5, 1, "高中", "")},
		},
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
		Title:    "患病或残疾人员标为普通或技能劳动力",
		Explain:  "%s %d 岁，健康状况为「%s」，劳动技能却为「%s」，请核实",
		Params:   []policy.Name{policy.WorkAgeMin, policy.WorkAgeMax},
		Basis:    "县级核查脚本：16–59 岁患长期慢性病、大病或残疾的人员标为普通劳动力或技能劳动力的，列为需核实的疑点",
		Fix:      "入户核实：病情不影响劳动的保留原值，并在走访记录中说明；影响劳动的改为弱劳动力或半劳动力、丧失劳动力",
		Practice: []string{"E 16–59 岁患病残疾人员标为普通或技能劳动力"},
		Reads:    readsAge(registry.PHealth, registry.PLabourSkill),
		Cases: []Case{
			{Desc: "妻子 43 岁，健康，普通劳动力"},
			{Desc: "妻子 43 岁，长期慢性病，普通劳动力", Set: dqHealth(1, "长期慢性病"), Fires: []string{"P2"}},
			{Desc: "户主 45 岁，残疾，技能劳动力", Set: both(dqHealth(0, "残疾"), dqSkill(0, "技能劳动力")), Fires: []string{"P1"}},
			{Desc: "妻子患有大病，弱劳动力或半劳动力", Set: both(dqHealth(1, "患有大病"), dqSkill(1, "弱劳动力或半劳动力"))},
			{Desc: "妻子 59 岁（1966 年 11 月 29 日生），长期慢性病，普通劳动力", Set: both(born(1, 1966, 11, 29), dqHealth(1, "长期慢性病")), Fires: []string{"P2"}},
			{Desc: "妻子 60 岁（1966 年 11 月 28 日生），长期慢性病，普通劳动力：由 DQ-18 判断", Set: both(born(1, 1966, 11, 28), dqHealth(1, "长期慢性病"))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			lo, hi := c.P.Int(policy.WorkAgeMin), c.P.Int(policy.WorkAgeMax)
			for _, m := range h.Members {
				if m.AgeKnown && m.Age >= lo && m.Age <= hi && m.Able && (m.Ill || m.Disabled) {
					emit(m.No, m.Name, m.Age, m.Health, m.LabourSkill)
				}
			}
		},
	},
	{
		ID: "DQ-30", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "大病保险登记为否",
		Explain: "%s %s，请核实：大病保险覆盖所有参加基本医疗保险的人员",
		Basis: "《国务院办公厅关于全面实施城乡居民大病保险的意见》（国办发〔2015〕57号）：大病保险覆盖所有城乡居民基本医疗保险参保人；" +
			"县级核查脚本逐人检查脱贫人口和监测对象的是否参加大病保险，不为「是」的需核实",
		Fix:      "向医保部门核实参保信息：已参加基本医疗保险的，把是否参加大病保险改为「是」；确未参保的，先落实参保（脱贫人口和监测对象享受参保资助）再更新",
		Practice: []string{"C 大病保险不为是"},
		Reads:    readsTarget(registry.PCriticalIllness, registry.PResidentMedical, registry.PEmployeeMedical),
		Cases: []Case{
			{Desc: "脱贫户，户主参加城乡居民基本医疗保险，是否参加大病保险「是」"},
			{Desc: "脱贫户，妻子参加城乡居民基本医疗保险，是否参加大病保险「否」", Set: dqCritical(1, registry.No), Fires: []string{"P2"}},
			{Desc: "脱贫户，户主参加城镇职工基本医疗保险，是否参加大病保险「否」",
				Set: both(person(0, func(p *registry.Person) { p.ResidentMedical, p.EmployeeMedical = registry.No, registry.Yes }), dqCritical(0, registry.No)), Fires: []string{"P1"}},
			{Desc: "监测户，儿子是否参加大病保险「否」", From: monitored, Set: dqCritical(2, registry.No), Fires: []string{"P3"}},
			{Desc: "一般农户（未纳入监测），户主是否参加大病保险「否」", From: ordinary, Set: dqCritical(0, registry.No)},
			{Desc: "脱贫户，户主两种基本医疗保险都为「否」，大病保险也为「否」：由 I1-03（未参加基本医疗保险）报告",
				Set: both(person(0, func(p *registry.Person) { p.ResidentMedical, p.EmployeeMedical = registry.No, registry.No }), dqCritical(0, registry.No))},
			{Desc: "脱贫户，户主是否参加大病保险为空：由 DQ-22 报告", Set: dqCritical(0, registry.Unknown)},
			{Desc: "脱贫户，妻子已迁出，迁出前是否参加大病保险为「否」", Set: both(spouseLeft, dqCritical(1, registry.No))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Target {
				return
			}
			for _, m := range h.Members {
				if m.CriticalIllness != registry.No || h.knowsInsurance() && uninsured(m) {
					continue
				}
				switch {
				case m.ResidentMedical == registry.Yes:
					emit(m.No, m.Name, "参加了城乡居民基本医疗保险，是否参加大病保险却为「否」")
				case m.EmployeeMedical == registry.Yes:
					emit(m.No, m.Name, "参加了城镇职工基本医疗保险，是否参加大病保险却为「否」")
				default:
					emit(m.No, m.Name, "的是否参加大病保险为「否」")
				}
			}
		},
	},
	{
		ID: "DQ-31", Indicator: DataQuality, Severity: Low, Subject: Household,
		Title:   "监测户三保障及饮水保障栏为空",
		Explain: "监测户的%s栏为空：全国系统要求监测户逐项填写三保障和饮水安全保障情况",
		Basis: "全国防返贫监测信息系统：监测户的义务教育保障、住房安全保障、饮水安全保障栏逐项填写保障情况（如「住房安全有保障」）或帮扶措施；" +
			"县级核查脚本对监测户逐项查空",
		Fix:      "入户核实后，在空栏填写保障情况（如「义务教育有保障」「住房安全有保障」「饮水安全有保障」），存在问题的填写落实的帮扶措施，并同步更新全国系统",
		Practice: []string{"C 监测户识别时间、风险、工资性收入、三保障措施缺项"},
		Needs:    []registry.Field{registry.HMeasures},
		Reads:    []registry.Field{registry.HCategory},
		Cases: []Case{
			{Desc: "监测户，三栏分别为「义务教育有保障」「住房安全有保障」「饮水安全有保障」", From: monitored, Set: dqGuarantees},
			{Desc: "已消除风险的监测户，三栏都已填写", From: eliminated, Set: dqGuarantees},
			{Desc: "监测户，住房安全保障栏为空，另两栏已填写", From: monitored, Set: both(dqGuarantees, dqDropMeasures(registry.MeasureHousing)), Fires: []string{hhNo}},
			{Desc: "监测户，三栏都为空（只有健康帮扶和产业帮扶）", From: monitored,
				Set: dqDropMeasures(registry.MeasureCompulsoryEdu, registry.MeasureHousing, registry.MeasureWater), Fires: []string{hhNo}},
			{Desc: "已消除风险的监测户，饮水安全保障栏为空", From: eliminated, Set: both(dqGuarantees, dqDropMeasures(registry.MeasureWater)), Fires: []string{hhNo}},
			{Desc: "监测户，住房安全保障栏填的是危房改造措施，另两栏已填写", From: monitored,
				Set: both(dqGuarantees, dqDropMeasures(registry.MeasureHousing), measureDated(registry.MeasureHousing, "农村危房改造", registry.NewDate(2025, 5, 1), registry.NewDate(2025, 9, 30)))},
			{Desc: "脱贫户（未纳入监测），三栏都为空"},
			{Desc: "来源文件没有帮扶措施列（未采集）", From: monitored, Set: both(measures(), dqUncollected(registry.HMeasures))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			// PRACTICE C also asks for 工资性收入 of a monitored household. The registry cannot
			// tell that cell blank: a row with other income reads it as 0, a row with none
			// gives no income record, as a file without income columns does.
			if !h.H.Monitored() {
				return
			}
			var blank []string
			for _, t := range []string{registry.MeasureCompulsoryEdu, registry.MeasureHousing, registry.MeasureWater} {
				if !h.HasMeasure(t) {
					blank = append(blank, t)
				}
			}
			if len(blank) > 0 {
				emit(h.H.No, joinCN(blank))
			}
		},
	},
}

// readsAge lists the fields with the two an age is computed from: the ID number and the birth
// date.
func readsAge(fs ...registry.Field) []registry.Field {
	return slices.Concat(fs, []registry.Field{registry.PIDNumber, registry.PBirth})
}

// readsTarget lists the fields with the two that make a household a target of the
// post-evaluation: 户类型 and 监测对象类别.
func readsTarget(fs ...registry.Field) []registry.Field {
	return slices.Concat([]registry.Field{registry.HKind, registry.HCategory}, fs)
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

// gradeLevel returns the 文化程度 a student's grade corresponds to (PRACTICE.md D), or "" for
// the grades PRACTICE pairs with none (学龄前, 学前教育, 技师学院).
func gradeLevel(school string) string {
	switch {
	case school == "小学":
		return "小学"
	case school == "七年级" || school == "八年级" || school == "九年级":
		return "初中"
	case strings.HasPrefix(school, "普通高中") || strings.HasPrefix(school, "中职"):
		return "高中"
	case strings.HasPrefix(school, "高职高专"):
		return "大专"
	case strings.HasPrefix(school, "本科") || school == "硕士研究生及以上":
		return "本科及以上"
	}
	return ""
}

// severeGrade reads a 残疾等级 cell and returns 一 or 二 for grades 1 and 2, else "".
func severeGrade(s string) string {
	switch strings.TrimSuffix(strings.TrimSpace(s), "级") {
	case "一", "1":
		return "一"
	case "二", "2":
		return "二"
	}
	return ""
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
