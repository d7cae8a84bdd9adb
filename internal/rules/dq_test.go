package rules

import (
	"testing"

	"github.com/gonggu/gonggu/internal/registry"
)

var dqTested = []string{"DQ-01", "DQ-02", "DQ-03", "DQ-04", "DQ-05", "DQ-06", "DQ-07", "DQ-08", "DQ-09", "DQ-10",
	"DQ-11", "DQ-12", "DQ-13", "DQ-14", "DQ-15", "DQ-16", "DQ-17", "DQ-18", "DQ-19", "DQ-20", "DQ-21", "DQ-22",
	"DQ-23", "DQ-24", "DQ-25", "DQ-26", "DQ-27", "DQ-28", "DQ-30"}

func TestDQ01IDDefects(t *testing.T) {
	runCases(t, "DQ-01", []ruleCase{
		{name: "valid"},
		{name: "wrong check", mut: person(0, func(p *registry.Person) { p.IDNumber = p.IDNumber[:17] + "0" }), want: []string{"P1"}, text: "校验码错误"},
		{name: "empty", mut: person(1, func(p *registry.Person) { p.IDNumber = "" }), want: []string{"P2"}, text: "为空"},
		{name: "placeholder", mut: person(1, func(p *registry.Person) { p.IDNumber = "999999200001010011" }), want: []string{"P2"}},
		{name: "born after the reference date", mut: born(2, 2026, 11, 29), want: []string{"P3"}, text: "晚于参考日期"},
		{name: "born on it", mut: born(2, 2026, 11, 28)},
		{name: "valid disability certificate", mut: person(1, func(p *registry.Person) { p.IDNumber += "42" })},
		{name: "disability category 8", mut: person(1, func(p *registry.Person) { p.IDNumber += "82" }), want: []string{"P2"}},
		{name: "left member ignored", mut: person(1, func(p *registry.Person) { p.IDNumber, p.LeftOn = "", registry.NewDate(2026, 1, 1) })},
	})
}

func TestDQ02DuplicateID(t *testing.T) {
	k := base().Persons[0].IDNumber
	runCases(t, "DQ-02", []ruleCase{
		{name: "unique", world: fakeWorld{ids: map[string][]string{k: {"H1"}}}},
		{name: "also in another household", world: fakeWorld{ids: map[string][]string{k: {"H1", "H7"}}}, want: []string{"P1"}, text: "共有 2 名在世人员使用"},
		{name: "twice in this household", world: fakeWorld{ids: map[string][]string{k: {"H1", "H1"}}}, want: []string{"P1"}, text: "共有 2 名在世人员使用"},
		{name: "placeholders are DQ-01's", mut: person(0, func(p *registry.Person) { p.IDNumber = "999999198105100011" }),
			world: fakeWorld{ids: map[string][]string{"999999198105100011": {"H1", "H2"}}}},
	})
}

func TestDQ03BirthDate(t *testing.T) {
	runCases(t, "DQ-03", []ruleCase{
		{name: "agrees"},
		{name: "blank birth", mut: person(0, func(p *registry.Person) { p.Birth = registry.Date{} })},
		{name: "differs", mut: person(0, func(p *registry.Person) { p.Birth = registry.NewDate(1981, 5, 11) }), want: []string{"P1"}, text: "19810511 与证件号码中的 19810510"},
	})
}

func TestDQ04Gender(t *testing.T) {
	runCases(t, "DQ-04", []ruleCase{
		{name: "agrees"},
		{name: "numeric code agrees", mut: person(0, func(p *registry.Person) { p.Gender = "1" })},
		{name: "differs", mut: person(0, func(p *registry.Person) { p.Gender = "女" }), want: []string{"P1"}},
		{name: "numeric differs", mut: person(1, func(p *registry.Person) { p.Gender = "1" }), want: []string{"P2"}},
		{name: "blank", mut: person(1, func(p *registry.Person) { p.Gender = "" })},
	})
}

func TestDQ05Heads(t *testing.T) {
	runCases(t, "DQ-05", []ruleCase{
		{name: "one"},
		{name: "none", mut: person(0, func(p *registry.Person) { p.Relation = "其他" }), want: []string{hhNo}, text: "0 名"},
		{name: "two", mut: person(1, func(p *registry.Person) { p.Relation = "户主" }), want: []string{hhNo}},
		{name: "head deceased", mut: person(0, func(p *registry.Person) { p.DeceasedOn = registry.NewDate(2026, 2, 1) }), want: []string{hhNo}},
	})
}

func TestDQ06Spouses(t *testing.T) {
	runCases(t, "DQ-06", []ruleCase{
		{name: "one"},
		{name: "two", mut: person(2, func(p *registry.Person) { p.Relation = "配偶" }), want: []string{hhNo}},
	})
}

func TestDQ07SameSexSpouse(t *testing.T) {
	runCases(t, "DQ-07", []ruleCase{
		{name: "different"},
		{name: "same by ID", mut: person(1, func(p *registry.Person) { p.IDNumber = id(1983, 3, 2, 13) }), want: []string{hhNo}, text: "「男」"},
		{name: "column alone does not decide when the ID reads", mut: person(1, func(p *registry.Person) { p.Gender = "男" })},
		{name: "column when no ID", mut: person(1, func(p *registry.Person) { p.IDNumber, p.Gender = "", "男" }), want: []string{hhNo}},
	})
}

func TestDQ08RelationSex(t *testing.T) {
	runCases(t, "DQ-08", []ruleCase{
		{name: "son is male"},
		{name: "daughter is male", mut: person(2, func(p *registry.Person) { p.Relation = "之女" }), want: []string{"P3"}},
		{name: "之兄弟姐妹 either", mut: person(2, func(p *registry.Person) { p.Relation = "之兄弟姐妹" })},
	})
}

func TestDQ09PersonEnums(t *testing.T) {
	runCases(t, "DQ-09", []ruleCase{
		{name: "standard values"},
		{name: "blank relation", mut: person(2, func(p *registry.Person) { p.Relation = "" }), want: []string{"P3"}, text: "与户主关系为空"},
		{name: "old relation spelling", mut: person(2, func(p *registry.Person) { p.Relation = "子" }), want: []string{"P3"}},
		{name: "two bad fields", mut: person(0, func(p *registry.Person) { p.Education, p.Health = "中专", "健康,良好" }), want: []string{"P1"}, text: "文化程度「中专」不在标准值中；健康状况「良好」"},
		{name: "combined health ok", mut: person(0, func(p *registry.Person) { p.Health = "残疾,长期慢性病" })},
		{name: "gender code", mut: person(0, func(p *registry.Person) { p.Gender = "M" }), want: []string{"P1"}},
	})
}

func TestDQ10HouseholdEnums(t *testing.T) {
	runCases(t, "DQ-10", []ruleCase{
		{name: "standard", base: monitored},
		{name: "older kind spelling", mut: func(a *registry.Aggregate) { a.Household.Kind = "低保脱贫户" }},
		{name: "blank kind", mut: func(a *registry.Aggregate) { a.Household.Kind = "" }, want: []string{hhNo}},
		{name: "bad risk and category", base: monitored, mut: func(a *registry.Aggregate) {
			a.Household.RiskTypes, a.Household.Category = []string{"因病致贫"}, "监测户"
		}, want: []string{hhNo}, text: "风险类型「因病致贫」"},
		{name: "bad measure type", base: monitored, mut: measures("产业扶持"), want: []string{hhNo}},
		{name: "kind not collected", mut: both(func(a *registry.Aggregate) { a.Household.Kind = "" }, dqUncollected(registry.HKind))},
	})
}

func TestDQ11EducationXorSchool(t *testing.T) {
	runCases(t, "DQ-11", []ruleCase{
		{name: "one each"},
		{name: "both", mut: person(2, func(p *registry.Person) { p.Education = "小学" }), want: []string{"P3"}, text: "都已填写"},
		{name: "neither", mut: person(0, func(p *registry.Person) { p.Education = "" }), want: []string{"P1"}, text: "都为空"},
		{name: "neither but a reason", mut: person(2, func(p *registry.Person) { p.SchoolStatus, p.DropoutReason = "", "因残" })},
		{name: "both, contradicting the grade", mut: dqSchool(2, "初中", "小学"), want: []string{"P3"}, text: "文化程度「初中」与在校生状况「小学」也不对应"},
		{name: "both, 技师学院 has no level", mut: dqSchool(2, "大专", "技师学院一年级"), want: []string{"P3"}, text: "都已填写，"},
		{name: "neither, reasons not collected, child", mut: both(dqSchool(2, "", ""), dqUncollected(registry.PDropoutReason))},
		{name: "neither, reasons not collected, 16", mut: both(dqAged(2, 2010, 11, 28, "", ""), dqUncollected(registry.PDropoutReason)), want: []string{"P3"}},
	})
}

func TestDQ12WorkPlaceMonths(t *testing.T) {
	runCases(t, "DQ-12", []ruleCase{
		{name: "both"},
		{name: "place without months", mut: person(0, func(p *registry.Person) { p.WorkMonths = registry.Count{} }), want: []string{"P1"}, text: "务工时间却为空"},
		{name: "place with 0 months", mut: person(0, func(p *registry.Person) { p.WorkMonths = registry.CountOf(0) }), want: []string{"P1"}},
		{name: "months without place", mut: person(0, func(p *registry.Person) { p.WorkLocation = "" }), want: []string{"P1"}},
		{name: "12 months", mut: person(0, func(p *registry.Person) { p.WorkMonths = registry.CountOf(12) })},
		{name: "13 months", mut: person(0, func(p *registry.Person) { p.WorkMonths = registry.CountOf(13) }), want: []string{"P1"}},
		{name: "neither", mut: person(0, func(p *registry.Person) { p.WorkLocation, p.WorkMonths = "", registry.CountOf(0) })},
	})
}

func TestDQ13HouseholdPhone(t *testing.T) {
	phone := func(s string) func(a *registry.Aggregate) {
		return func(a *registry.Aggregate) { a.Household.Phone = s }
	}
	runCases(t, "DQ-13", []ruleCase{
		{name: "mobile"},
		{name: "blank", mut: phone(""), want: []string{hhNo}, text: "为空"},
		{name: "10 digits", mut: phone("1391234567"), want: []string{hhNo}, text: "10 个字符"},
		{name: "landline with dash", mut: phone("0932-123456"), want: []string{hhNo}},
		{name: "11 digits landline", mut: phone("09321234567")},
		{name: "11 characters with a dash", mut: phone("139-1234567"), want: []string{hhNo}, text: "数字以外的字符"},
		{name: "not collected", mut: both(phone(""), dqUncollected(registry.HPhone))},
	})
}

func TestDQ14DeceasedCountedOrPaid(t *testing.T) {
	dead := person(1, func(p *registry.Person) { p.DeceasedOn = registry.NewDate(2026, 3, 1) })
	uncounted := func(a *registry.Aggregate) {
		a.Household.DeclaredSize = 2
		a.Income(2026).Size = 2
	}
	runCases(t, "DQ-14", []ruleCase{
		{name: "deceased, no longer counted or paid", mut: both(dead, uncounted)},
		{name: "still in 家庭人口数", mut: dead, want: []string{"P2"}, text: "计入家庭人口数（登记 3 人，在世成员 2 人）"},
		{name: "still in the income's size", mut: both(dead, uncounted, func(a *registry.Aggregate) { a.Income(2026).Size = 3 }), want: []string{"P2"}, text: "收入的家庭人口"},
		{name: "deceased on 低保", mut: both(dead, uncounted, person(1, func(p *registry.Person) { p.Dibao = registry.Yes })), want: []string{"P2"}, text: "2026-03-01 死亡，仍登记享受低保"},
		{name: "deceased with a post", mut: both(dead, uncounted, post(1, "乡村公益性岗位", 3)), want: []string{"P2"}},
		{name: "deceased and moved out", mut: both(dead, person(1, func(p *registry.Person) { p.LeftOn = registry.NewDate(2026, 4, 1) }))},
		{name: "living on 低保", mut: person(1, func(p *registry.Person) { p.Dibao = registry.Yes })},
	})
}

func TestDQ15DeclaredSize(t *testing.T) {
	runCases(t, "DQ-15", []ruleCase{
		{name: "agrees"},
		{name: "not given", mut: func(a *registry.Aggregate) { a.Household.DeclaredSize = 0 }},
		{name: "deceased still counted is DQ-14", mut: person(1, func(p *registry.Person) { p.DeceasedOn = registry.NewDate(2026, 3, 1) })},
		{name: "more members than declared", mut: func(a *registry.Aggregate) { a.Household.DeclaredSize = 2 }, want: []string{hhNo}, text: "登记为 2，现有成员 3 人"},
		{name: "more declared than members and deceased", mut: func(a *registry.Aggregate) { a.Household.DeclaredSize = 5 }, want: []string{hhNo}},
	})
}

func TestDQ16HealthyWithoutLabour(t *testing.T) {
	runCases(t, "DQ-16", []ruleCase{
		{name: "able"},
		{name: "healthy 43 weak", mut: person(1, func(p *registry.Person) { p.LabourSkill = "弱劳动力或半劳动力" }), want: []string{"P2"}},
		{name: "ill 43 weak", mut: person(1, func(p *registry.Person) { p.LabourSkill, p.Health = "弱劳动力或半劳动力", "长期慢性病" })},
		{name: "16 (bound) without labour", mut: both(born(1, 2010, 11, 28), person(1, func(p *registry.Person) { p.LabourSkill = "无劳动力" })), want: []string{"P2"}},
		{name: "15 without labour", mut: both(born(1, 2011, 11, 28), person(1, func(p *registry.Person) { p.LabourSkill = "无劳动力" }))},
		{name: "59 (bound) lost", mut: both(born(1, 1967, 11, 28), person(1, func(p *registry.Person) { p.LabourSkill = "丧失劳动力" })), want: []string{"P2"}},
		{name: "60 weak", mut: both(born(1, 1966, 11, 28), person(1, func(p *registry.Person) { p.LabourSkill = "弱劳动力或半劳动力" }))},
		{name: "17-year-old student", mut: both(born(2, 2009, 1, 1), person(2, func(p *registry.Person) { p.SchoolStatus, p.Health = "普通高中三年级", "健康" }))},
	})
}

func TestDQ17StudentLabour(t *testing.T) {
	runCases(t, "DQ-17", []ruleCase{
		{name: "child without labour"},
		{name: "student marked able", mut: person(2, func(p *registry.Person) { p.LabourSkill = "普通劳动力" }), want: []string{"P3"}, text: "在校生"},
		{name: "20-year-old undergraduate weak", mut: both(born(2, 2006, 1, 1), person(2, func(p *registry.Person) {
			p.SchoolStatus, p.LabourSkill = "本科二年级", "弱劳动力或半劳动力"
		})), want: []string{"P3"}},
		{name: "15 out of school, able", mut: both(born(2, 2011, 11, 28), person(2, func(p *registry.Person) {
			p.SchoolStatus, p.Education, p.LabourSkill = "", "初中", "普通劳动力"
		})), want: []string{"P3"}, text: "未满 16 岁"},
		{name: "16 out of school, able", mut: both(born(2, 2010, 11, 28), person(2, func(p *registry.Person) {
			p.SchoolStatus, p.Education, p.LabourSkill = "", "初中", "普通劳动力"
		}))},
	})
}

func TestDQ18ElderlyAble(t *testing.T) {
	runCases(t, "DQ-18", []ruleCase{
		{name: "43 able"},
		{name: "59 able (bound)", mut: born(0, 1967, 11, 28)},
		{name: "60 able", mut: born(0, 1966, 11, 28), want: []string{"P1"}, text: "60 岁，超过劳动年龄上限 59 岁"},
		{name: "60 weak", mut: both(born(0, 1966, 11, 28), person(0, func(p *registry.Person) { p.LabourSkill = "弱劳动力或半劳动力" }))},
		{name: "60 healthy lost", mut: both(born(0, 1966, 11, 28), dqSkill(0, "丧失劳动力")), want: []string{"P1"}, text: "丧失劳动力指因病、因残"},
		{name: "60 ill lost", mut: both(born(0, 1966, 11, 28), dqSkill(0, "丧失劳动力"), dqHealth(0, "长期慢性病"))},
		{name: "59 healthy lost is DQ-16's", mut: both(born(0, 1967, 11, 28), dqSkill(0, "丧失劳动力"))},
	})
}

func TestDQ19DisabledWithoutCertificate(t *testing.T) {
	runCases(t, "DQ-19", []ruleCase{
		{name: "healthy"},
		{name: "disabled, 18-digit ID, no category", mut: person(1, func(p *registry.Person) { p.Health = "残疾" }), want: []string{"P2"}},
		{name: "disabled with certificate", mut: person(1, func(p *registry.Person) { p.Health, p.IDNumber = "残疾", p.IDNumber+"43" })},
		{name: "disabled with category", mut: person(1, func(p *registry.Person) { p.Health, p.DisabilityCategory = "残疾", "肢体残疾" })},
	})
}

func TestDQ20GradeAge(t *testing.T) {
	grade := func(y int, g string) func(a *registry.Aggregate) {
		return both(born(2, y, 11, 28), person(2, func(p *registry.Person) { p.SchoolStatus = g }))
	}
	runCases(t, "DQ-20", []ruleCase{
		{name: "10 in primary"},
		{name: "14 in primary (bound)", mut: grade(2012, "小学")},
		{name: "15 in primary", mut: grade(2011, "小学"), want: []string{"P3"}, text: "6–14 岁"},
		{name: "5 in primary", mut: grade(2021, "小学"), want: []string{"P3"}},
		{name: "12 in 七年级", mut: grade(2014, "七年级")},
		{name: "11 in 七年级", mut: grade(2015, "七年级"), want: []string{"P3"}},
		{name: "20 in 中职三年级", mut: grade(2006, "中职三年级")},
		{name: "21 in 普通高中三年级", mut: grade(2005, "普通高中三年级"), want: []string{"P3"}},
		{name: "17 in 本科一年级", mut: grade(2009, "本科一年级"), want: []string{"P3"}, text: "18 岁及以上"},
		{name: "19 in 硕士", mut: grade(2007, "硕士研究生及以上"), want: []string{"P3"}},
		{name: "healthy 7 in 学前教育", mut: grade(2019, "学前教育"), want: []string{"P3"}},
		{name: "6 in 学前教育", mut: grade(2020, "学前教育")},
		{name: "ill 8 in 学前教育", mut: both(grade(2018, "学前教育"), person(2, func(p *registry.Person) { p.Health = "残疾" }))},
	})
}

func TestDQ21DropoutReasonHealth(t *testing.T) {
	runCases(t, "DQ-21", []ruleCase{
		{name: "no reason"},
		{name: "因病 while healthy", mut: person(2, func(p *registry.Person) { p.SchoolStatus, p.DropoutReason = "", "因病" }), want: []string{"P3"}},
		{name: "因残 and disabled", mut: person(2, func(p *registry.Person) { p.SchoolStatus, p.DropoutReason, p.Health = "", "因残", "残疾" })},
	})
}

func TestDQ22PersonBlanks(t *testing.T) {
	runCases(t, "DQ-22", []ruleCase{
		{name: "complete"},
		{name: "blanks", mut: person(0, func(p *registry.Person) { p.Ethnicity, p.CriticalIllness = "", registry.Unknown }), want: []string{"P1"}, text: "民族、是否参加大病保险为空"},
		{name: "insurance blank", mut: person(0, func(p *registry.Person) { p.ResidentMedical, p.EmployeeMedical = registry.Unknown, registry.Unknown }), want: []string{"P1"}},
		{name: "pension and 低保 blank", mut: person(0, func(p *registry.Person) { p.ResidentPension, p.Dibao = registry.Unknown, registry.Unknown }),
			want: []string{"P1"}, text: "基本养老保险、是否享受低保为空"},
		{name: "ordinary household", base: ordinary, mut: person(0, func(p *registry.Person) { p.Ethnicity = "" })},
	})
}

func TestDQ23HouseholdBlanks(t *testing.T) {
	runCases(t, "DQ-23", []ruleCase{
		{name: "complete"},
		{name: "water blank", mut: func(a *registry.Aggregate) { a.Household.WaterSafe = registry.Unknown }, want: []string{hhNo}},
		{name: "no electricity", mut: func(a *registry.Aggregate) { a.Household.Electricity = registry.No }, want: []string{hhNo}, text: "未通生活用电"},
		{name: "house flag blank but graded", mut: func(a *registry.Aggregate) { a.Household.UnsafeHouse = registry.Unknown }},
		{name: "road and area blank", mut: func(a *registry.Aggregate) { a.Household.RoadHardened, a.Household.HouseArea = registry.Unknown, 0 },
			want: []string{hhNo}, text: "入户道路是否硬化为空；住房面积为空"},
		{name: "ordinary household", base: ordinary, mut: func(a *registry.Aggregate) { a.Household.Toilet = registry.Unknown }},
		{name: "no toilet", base: monitored, mut: func(a *registry.Aggregate) { a.Household.Toilet = registry.No }, want: []string{hhNo}, text: "没有卫生厕所"},
		{name: "toilet not collected", mut: both(func(a *registry.Aggregate) { a.Household.Toilet = registry.Unknown }, dqUncollected(registry.HToilet))},
	})
}

func TestDQ24MonitoringFields(t *testing.T) {
	runCases(t, "DQ-24", []ruleCase{
		{name: "complete", base: eliminated},
		{name: "no identification month", base: monitored, mut: identified(0, 0), want: []string{hhNo}, text: "识别监测时间为空"},
		{name: "no risk", base: monitored, mut: risks(), want: []string{hhNo}},
		{name: "eliminated without date or way", base: eliminated, mut: func(a *registry.Aggregate) {
			a.Household.EliminatedOn, a.Household.EliminationWay = registry.Month{}, ""
		}, want: []string{hhNo}, text: "消除监测时间为空；已消除风险但风险消除方式为空"},
		{name: "eliminated before identified", base: eliminated, mut: identified(2026, 1), want: []string{hhNo}},
		{name: "not monitored with a risk", mut: risks("因病"), want: []string{hhNo}},
		{name: "risk flag blank", base: monitored, mut: func(a *registry.Aggregate) { a.Household.RiskEliminated = registry.Unknown }, want: []string{hhNo}},
	})
}

func TestDQ25WorkerPhone(t *testing.T) {
	runCases(t, "DQ-25", []ruleCase{
		{name: "valid"},
		{name: "landline", mut: person(0, func(p *registry.Person) { p.Phone = "09321234567" }), want: []string{"P1"}},
		{name: "blank", mut: person(0, func(p *registry.Person) { p.Phone = "" })},
		{name: "child with bad phone", mut: person(2, func(p *registry.Person) { p.Phone = "123" })},
	})
}

func TestDQ26SevereLimbDisability(t *testing.T) {
	cert := func(s string) func(a *registry.Aggregate) {
		return person(0, func(p *registry.Person) { p.IDNumber += s })
	}
	runCases(t, "DQ-26", []ruleCase{
		{name: "no certificate"},
		{name: "limb grade 2 able", mut: cert("42"), want: []string{"P1"}},
		{name: "limb grade 3", mut: cert("43")},
		{name: "visual grade 1", mut: cert("11")},
		{name: "limb grade 1 weak", mut: both(cert("41"), person(0, func(p *registry.Person) { p.LabourSkill = "弱劳动力或半劳动力" }))},
		{name: "columns: limb grade 1", mut: person(0, func(p *registry.Person) { p.DisabilityCategory, p.DisabilityGrade = "肢体残疾", "一级" }),
			want: []string{"P1"}, text: "一级肢体残疾"},
		{name: "columns: limb grade 3", mut: person(0, func(p *registry.Person) { p.DisabilityCategory, p.DisabilityGrade = "肢体残疾", "三级" })},
		{name: "columns: visual grade 2", mut: person(0, func(p *registry.Person) { p.DisabilityCategory, p.DisabilityGrade = "视力残疾", "2" })},
	})
}

func TestDQ27LowEducation(t *testing.T) {
	youth := func(y int, edu string) func(a *registry.Aggregate) {
		return both(born(0, y, 11, 28), person(0, func(p *registry.Person) { p.Education = edu }))
	}
	runCases(t, "DQ-27", []ruleCase{
		{name: "43 with 初中"},
		{name: "20 with 小学", mut: youth(2006, "小学"), want: []string{"P1"}},
		{name: "16 (bound) illiterate", mut: youth(2010, "文盲或半文盲"), want: []string{"P1"}},
		{name: "22 (bound) with 小学", mut: youth(2004, "小学"), want: []string{"P1"}},
		{name: "23 with 小学", mut: youth(2003, "小学")},
		{name: "15 with 小学", mut: youth(2011, "小学")},
		{name: "20 with 高中", mut: youth(2006, "高中")},
	})
}

func TestDQ28IllButAble(t *testing.T) {
	runCases(t, "DQ-28", []ruleCase{
		{name: "healthy and able"},
		{name: "chronic illness, able", mut: person(1, func(p *registry.Person) { p.Health = "长期慢性病" }), want: []string{"P2"}},
		{name: "disabled, skilled", mut: person(0, func(p *registry.Person) { p.Health, p.LabourSkill = "残疾", "技能劳动力" }), want: []string{"P1"}},
		{name: "ill and weak", mut: person(1, func(p *registry.Person) { p.Health, p.LabourSkill = "患有大病", "弱劳动力或半劳动力" })},
		{name: "ill and 60", mut: both(born(1, 1966, 11, 28), person(1, func(p *registry.Person) { p.Health = "长期慢性病" }))},
	})
}

func TestDQ30CriticalIllness(t *testing.T) {
	runCases(t, "DQ-30", []ruleCase{
		{name: "insured"},
		{name: "resident insured, no critical illness", mut: dqCritical(1, registry.No), want: []string{"P2"}, text: "参加了城乡居民基本医疗保险"},
		{name: "employee insured", mut: both(dqInsurance(0, registry.No, registry.Yes), dqCritical(0, registry.No)), want: []string{"P1"}, text: "城镇职工"},
		{name: "basic insurance blank is I1-03's and DQ-22's", mut: both(dqInsurance(0, registry.Unknown, registry.Unknown), dqCritical(0, registry.No))},
		{name: "uninsured is I1-03's", mut: both(dqInsurance(0, registry.No, registry.No), dqCritical(0, registry.No))},
		{name: "uninsured, employee column not collected", mut: both(dqInsurance(0, registry.No, registry.Unknown), dqCritical(0, registry.No),
			dqUncollected(registry.PEmployeeMedical)), want: []string{"P1"}, text: "的是否参加大病保险为「否」"},
		{name: "blank is DQ-22's", mut: dqCritical(0, registry.Unknown)},
		{name: "monitored ordinary household", base: func() *registry.Aggregate {
			a := monitored()
			a.Household.Kind, a.Household.Category, a.Household.YearOut = registry.KindOrdinary, registry.MonEdge, 0
			return a
		}, mut: dqCritical(2, registry.No), want: []string{"P3"}},
		{name: "ordinary household", base: ordinary, mut: dqCritical(2, registry.No)},
		{name: "deceased member", mut: both(dqCritical(1, registry.No), dqDead(1, 2026, 3, 1))},
	})
}

// dqInsurance sets member i's 城乡居民 and 城镇职工 basic medical insurance.
func dqInsurance(i int, resident, employee registry.Flag) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.ResidentMedical, p.EmployeeMedical = resident, employee })
}
