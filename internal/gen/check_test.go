package gen_test

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// checker is the structural self-check of clean data: the simpler invariants of DOMAIN.md
// section 6 and PRACTICE.md, written independently of the screening rules. It sees the
// households one at a time and keeps the registry-wide indexes (ID numbers, phones) itself.
type checker struct {
	ref    time.Time
	year   int
	ids    map[string]string          // ID number → 人口编号
	phones map[string]map[string]bool // member phone → households
	bad    []string
}

func newChecker(ref time.Time, year int) *checker {
	return &checker{ref: ref, year: year, ids: map[string]string{}, phones: map[string]map[string]bool{}}
}

var (
	placesOnce sync.Once
	places     *region.WorkAreaResolver
)

// workArea resolves a 务工所在地 over the country's divisions, failing the check when it does not
// resolve: the generator writes places as the 2023 export does.
func workArea(c *checker, place string, home region.Code) region.WorkArea {
	placesOnce.Do(func() {
		tree, err := region.Load()
		if err != nil {
			panic(err)
		}
		places = region.NewWorkAreaResolver(tree)
	})
	if place == "" {
		return ""
	}
	area, _, err := places.WorkArea(place, home)
	if err != nil {
		c.fail(place, "务工所在地无法识别：%v", err)
	}
	return area
}

func (c *checker) fail(subject, format string, args ...any) {
	c.bad = append(c.bad, subject+": "+fmt.Sprintf(format, args...))
}

// maleRelations and femaleRelations are the relations that imply a sex (PRACTICE.md B).
var (
	maleRelations   = []string{"之子", "之父", "之女婿", "之孙子", "之外孙子", "之公公", "之岳父", "之祖父", "之外祖父", "之侄儿", "之曾孙子", "之叔伯"}
	femaleRelations = []string{"之女", "之母", "之儿媳", "之孙女", "之外孙女", "之婆婆", "之岳母", "之祖母", "之外祖母", "之侄女", "之曾孙女", "之兄弟媳妇"}
	schoolGrades    = []string{"小学", "七年级", "八年级", "九年级", "普通高中一年级", "普通高中二年级", "普通高中三年级", "中职一年级", "中职二年级", "中职三年级"}
)

// household checks one household and its people.
func (c *checker) household(a *registry.Aggregate) {
	h := &a.Household
	no := h.No
	if len(no) != 16 || !strings.HasPrefix(no, string(h.Village)) {
		c.fail(no, "户编号不是村代码加 4 位序号")
	}
	if h.DeclaredSize != len(a.Persons) {
		c.fail(no, "家庭人口数 %d 与成员数 %d 不符", h.DeclaredSize, len(a.Persons))
	}
	if !idno.ValidMobile(h.Phone) {
		c.fail(no, "户联系电话「%s」不是 11 位手机号码", h.Phone)
	}
	target := h.Kind == registry.KindAlleviated || h.Monitored()
	if target && (h.HousingGrade != "A" && h.HousingGrade != "B" || h.HousingAppraised.IsZero()) {
		c.fail(no, "帮扶对象住房等级「%s」或鉴定日期缺失", h.HousingGrade)
	}
	if h.UnsafeHouse != registry.No || h.WaterSafe != registry.Yes || h.Electricity != registry.Yes {
		c.fail(no, "危房、饮水或用电不符合要求")
	}
	if h.Grid == "" || target && h.Helper == "" {
		c.fail(no, "没有网格或帮扶责任人")
	}

	heads, spouses := 0, 0
	var head *registry.Person
	canWork, ill, disabled, working := 0, false, false, false
	for i := range a.Persons {
		p := &a.Persons[i]
		if p.No != no+fmt.Sprintf("%02d", i+1) {
			c.fail(p.No, "人口编号不是户编号加 2 位序号")
		}
		switch p.Relation {
		case "户主":
			heads++
			head = p
		case "配偶":
			spouses++
		}
		age := c.person(p)
		switch p.LabourSkill {
		case "普通劳动力", "技能劳动力", "弱劳动力或半劳动力":
			canWork++
		}
		ill = ill || p.HasHealth("长期慢性病") || p.HasHealth("患有大病")
		disabled = disabled || p.HasHealth("残疾")
		working = working || p.WorkMonths.N > 0
		area := workArea(c, p.WorkLocation, a.Household.Village)
		if p.PostType != "" && (age < 16 || age > 60 || area == region.AreaOtherProvince || area == region.AreaAbroad) {
			c.fail(p.No, "公益性岗位人员 %d 岁，务工地「%s」", age, p.WorkLocation)
		}
	}
	if heads != 1 || spouses > 1 {
		c.fail(no, "%d 名户主、%d 名配偶", heads, spouses)
	}
	for i := range a.Persons {
		if p := &a.Persons[i]; p.Relation == "配偶" && head != nil && p.Gender == head.Gender {
			c.fail(no, "户主与配偶性别相同")
		}
	}
	c.income(a, canWork > 0, working)
	c.monitoring(a, canWork, ill, disabled)
}

// person checks one person and returns the age at the reference date.
func (c *checker) person(p *registry.Person) int {
	id := p.IDNumber
	switch {
	case p.IDType == "残疾人证" && len(id) == 20:
		if !p.HasHealth("残疾") || id[18] < '1' || id[18] > '7' || id[19] < '1' || id[19] > '4' {
			c.fail(p.No, "残疾人证号「%s」与健康状况「%s」不符", id, p.Health)
		}
		id = id[:18]
	case p.IDType != "居民身份证" || len(id) != 18 || p.HasHealth("残疾"):
		c.fail(p.No, "证件「%s」「%s」与健康状况「%s」不符", p.IDType, id, p.Health)
		return 0
	}
	if ch, err := idno.CheckChar(id[:17]); err != nil || ch != id[17] {
		c.fail(p.No, "证件号码「%s」校验码错误", id)
	}
	n, err := idno.Parse(id)
	if err != nil {
		c.fail(p.No, "证件号码「%s」无法解析：%v", id, err)
		return 0
	}
	if registry.DateOf(n.Birth) != p.Birth || idno.Sex(n) != p.Gender {
		c.fail(p.No, "出生日期 %s 或性别 %s 与证件号码不符", p.Birth, p.Gender)
	}
	if other, dup := c.ids[id]; dup {
		c.fail(p.No, "证件号码与 %s 重复", other)
	}
	c.ids[id] = p.No
	if p.Phone != "" {
		if !idno.ValidMobile(p.Phone) {
			c.fail(p.No, "手机号码「%s」无效", p.Phone)
		}
		hs := c.phones[p.Phone]
		if hs == nil {
			hs = map[string]bool{}
			c.phones[p.Phone] = hs
		}
		if hs[p.HouseholdNo] {
			c.fail(p.No, "手机号码与同户成员重复")
		}
		hs[p.HouseholdNo] = true
		if len(hs) > 1 {
			c.fail(p.No, "手机号码「%s」登记在 %d 户", p.Phone, len(hs))
		}
	}
	if !p.DeceasedOn.IsZero() || !p.LeftOn.IsZero() {
		c.fail(p.No, "已故或已迁出")
	}

	if registry.In(maleRelations, p.Relation) && p.Gender != "男" || registry.In(femaleRelations, p.Relation) && p.Gender != "女" {
		c.fail(p.No, "与户主关系「%s」与性别「%s」矛盾", p.Relation, p.Gender)
	}
	for _, e := range []struct {
		v    string
		list []string
	}{{p.Relation, registry.Relations}, {p.LabourSkill, registry.LabourSkills}, {p.Political, registry.PoliticalStatuses}} {
		if !registry.In(e.list, e.v) {
			c.fail(p.No, "「%s」不在标准值中", e.v)
		}
	}
	for _, e := range []struct {
		v    string
		list []string
	}{{p.Education, registry.Educations}, {p.SchoolStatus, registry.SchoolStatuses},
		{p.PostType, registry.PublicPostTypes}, {p.DisabilityCategory, registry.DisabilityCategories}} {
		if e.v != "" && !registry.In(e.list, e.v) {
			c.fail(p.No, "「%s」不在标准值中", e.v)
		}
	}
	for _, s := range registry.SplitMulti(p.Health) {
		if !registry.In(registry.HealthStates, s) {
			c.fail(p.No, "健康状况「%s」不在标准值中", s)
		}
	}
	if p.Ethnicity == "" || p.Health == "" {
		c.fail(p.No, "民族或健康状况为空")
	}

	age := idno.Age(n.Birth, c.ref)
	student := registry.In(registry.SchoolStatuses, p.SchoolStatus) && p.SchoolStatus != "学龄前儿童" && p.SchoolStatus != "学前教育"
	if (p.Education == "") == (p.SchoolStatus == "") {
		c.fail(p.No, "文化程度「%s」与在校生状况「%s」应填且只填一项", p.Education, p.SchoolStatus)
	}
	if age >= 6 && age <= 15 && !registry.In(schoolGrades, p.SchoolStatus) {
		c.fail(p.No, "%d 岁不在义务教育或高中阶段，在校生状况「%s」", age, p.SchoolStatus)
	}
	if age >= 16 && age <= 22 && (p.Education == "小学" || p.Education == "文盲或半文盲") {
		c.fail(p.No, "%d 岁文化程度为「%s」", age, p.Education)
	}
	healthy := p.Health == "健康"
	switch {
	case (student || age < 16) && p.LabourSkill != "无劳动力":
		c.fail(p.No, "在校生或未满 16 岁，劳动技能「%s」", p.LabourSkill)
	case age >= 16 && age <= 59 && healthy && !student && p.LabourSkill != "普通劳动力" && p.LabourSkill != "技能劳动力":
		c.fail(p.No, "%d 岁健康，劳动技能「%s」", age, p.LabourSkill)
	case age >= 16 && age <= 59 && !healthy && (p.LabourSkill == "普通劳动力" || p.LabourSkill == "技能劳动力"):
		c.fail(p.No, "%d 岁健康状况「%s」，劳动技能「%s」", age, p.Health, p.LabourSkill)
	case age >= 60 && p.LabourSkill != "弱劳动力或半劳动力" && p.LabourSkill != "无劳动力":
		c.fail(p.No, "%d 岁劳动技能「%s」", age, p.LabourSkill)
	}
	noLabour := p.LabourSkill == "无劳动力" || p.LabourSkill == "丧失劳动力"
	if (p.WorkLocation != "") != (p.WorkMonths.N > 0) || p.WorkMonths.N > 12 || (noLabour || student) && p.WorkMonths.N > 0 {
		c.fail(p.No, "务工所在地「%s」与务工时间 %s 不符", p.WorkLocation, p.WorkMonths)
	}
	if p.WorkMonths.N > 0 && (p.Employer == "" || p.WorkChannel == "") {
		c.fail(p.No, "务工没有企业或渠道")
	}
	if (p.PostType != "") != (p.PostMonths.N > 0) {
		c.fail(p.No, "公益性岗位「%s」与月数 %s 不符", p.PostType, p.PostMonths)
	}
	if (p.ResidentMedical == registry.Yes) == (p.EmployeeMedical == registry.Yes) || p.CriticalIllness != registry.Yes {
		c.fail(p.No, "基本医疗保险应参加且只参加一种，并参加大病保险")
	}
	if p.Tekun == registry.Yes && (age < 60 && healthy || p.WorkMonths.N > 0) {
		c.fail(p.No, "特困供养人员 %d 岁、健康或务工", age)
	}
	return age
}

// line is the default monitoring line.
var line = registry.Yuan(8000)

// income checks the household's income records.
func (c *checker) income(a *registry.Aggregate, canWork, working bool) {
	h := &a.Household
	cur, prev := a.Income(c.year), a.Income(c.year-1)
	if cur == nil || prev == nil {
		c.fail(h.No, "缺少 %d 或 %d 年收入", c.year, c.year-1)
		return
	}
	for _, in := range []*registry.Income{prev, cur} {
		if in.Transfers != in.TransferParts() || in.PostWages > in.Wages || in.Dividends > in.Property {
			c.fail(h.No, "%d 年收入分项对不上", in.Year)
		}
		if in.Size != len(a.Persons) || in.Net() < 0 || in.Wages > 0 && in.Wages < registry.Yuan(1000) {
			c.fail(h.No, "%d 年收入不合理：人数 %d，纯收入 %s，工资 %s", in.Year, in.Size, in.Net(), in.Wages)
		}
		if in.Wages > 0 && !working {
			c.fail(h.No, "%d 年有工资性收入但无人务工", in.Year)
		}
	}
	pc, prevPC := cur.PerCapita(cur.Size), prev.PerCapita(prev.Size)
	if pc < prevPC*9/10 {
		c.fail(h.No, "人均纯收入从 %s 降到 %s", prevPC, pc)
	}
	lowIncome := h.Dibao == registry.Yes || h.Tekun == registry.Yes
	switch {
	case !h.Monitored() && pc < line:
		c.fail(h.No, "人均纯收入 %s 低于监测范围却未纳入监测", pc)
	case !h.Monitored() && (cur.Net()-cur.MedicalOOP-cur.EducationExp)/registry.Money(cur.Size) < line:
		c.fail(h.No, "扣除刚性支出后低于监测范围却未纳入监测")
	case h.Monitored() && h.RiskEliminated == registry.Yes && pc < line:
		c.fail(h.No, "收入低于监测范围却已消除风险")
	case h.Monitored() && h.IdentifiedOn.Year() >= 2023 && pc > registry.Yuan(20000):
		c.fail(h.No, "2023 年以后识别的监测户人均纯收入 %s", pc)
	case pc < registry.Yuan(4000) && (h.Kind == registry.KindAlleviated || h.Monitored()):
		c.fail(h.No, "人均纯收入 %s 偏低", pc)
	}
	trigger := registry.Yuan(26000)
	if lowIncome {
		trigger = registry.Yuan(10000)
	}
	if cur.MedicalOOP > trigger && !h.Monitored() || cur.MedicalOOP >= registry.Yuan(10000) && h.Category != registry.MonSudden {
		c.fail(h.No, "合规自付医疗支出 %s", cur.MedicalOOP)
	}
	if h.Relocated == registry.Yes && canWork && !working {
		c.fail(h.No, "有劳动力的搬迁户无人务工")
	}
}

// monitoring checks the monitoring record and the measures.
func (c *checker) monitoring(a *registry.Aggregate, canWork int, ill, disabled bool) {
	h := &a.Household
	if !h.Monitored() {
		if len(h.RiskTypes) > 0 || !h.IdentifiedOn.IsZero() {
			c.fail(h.No, "未监测却有风险类型或识别时间")
		}
		return
	}
	if h.Category == registry.MonUnstable && h.Kind != registry.KindAlleviated ||
		h.Category != registry.MonUnstable && h.Kind == registry.KindAlleviated {
		c.fail(h.No, "监测对象类别「%s」与户类型「%s」不符", h.Category, h.Kind)
	}
	if len(a.Measures) == 0 {
		c.fail(h.No, "监测户没有帮扶措施")
	}
	dev := false
	for i := range a.Measures {
		m := &a.Measures[i]
		dev = dev || registry.IsDevelopment(m.Type)
		if m.Start.Before(h.IdentifiedOn.First()) && m.Type != registry.MeasureRelocation && m.Type != registry.MeasureHousing && m.Type != registry.MeasureFinance && m.Type != registry.MeasureHealth && m.Type != registry.MeasurePublicPost {
			c.fail(h.No, "措施「%s」早于识别时间", m.Type)
		}
	}
	if canWork > 0 && !dev {
		c.fail(h.No, "有劳动力的监测户没有开发式帮扶措施")
	}
	need := map[string][]string{
		"因病": {registry.MeasureHealth, registry.MeasureSocialAid}, "因学": {registry.MeasureCompulsoryEdu, registry.MeasureEducation, registry.MeasureSocialAid},
		"因残": {registry.MeasureSocialSecurity, registry.MeasureSocialAid}, "因安全住房": {registry.MeasureHousing, registry.MeasureRelocation},
		"因安全饮水": {registry.MeasureWater},
	}
	for _, r := range h.RiskTypes {
		if !registry.In(registry.RiskTypes, r) {
			c.fail(h.No, "风险类型「%s」不在标准值中", r)
		}
		found := need[r] == nil
		for _, t := range need[r] {
			found = found || a.HasMeasure(t)
		}
		if !found {
			c.fail(h.No, "风险「%s」没有对应措施", r)
		}
	}
	if h.HasRisk("因病") && (!ill || a.Income(c.year).MedicalOOP <= 0) || h.HasRisk("因残") && !disabled {
		c.fail(h.No, "风险类型与家庭情况不符")
	}
	if (h.HasRisk("其他") || h.HasRisk("因自然灾害")) && h.RiskRemark == "" {
		c.fail(h.No, "风险类型缺少说明")
	}
	if h.RiskEliminated != registry.Yes {
		if !h.EliminatedOn.IsZero() {
			c.fail(h.No, "风险未消除却有消除时间")
		}
		return
	}
	if h.IdentifiedOn.MonthsUntil(h.EliminatedOn) < 6 || canWork == 0 || !registry.In(registry.EliminationWays, h.EliminationWay) {
		c.fail(h.No, "风险消除于识别后 %d 个月，方式「%s」，%d 人有劳动能力",
			h.IdentifiedOn.MonthsUntil(h.EliminatedOn), h.EliminationWay, canWork)
	}
}
