package registry

import (
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/errs"
)

// TestTextLimits: every text of a household, person, income and measure has a length limit
// that fits its meaning, and a text over it is refused with a message that names the field
// and the limit. A text at its limit is stored, counted in characters, not bytes.
func TestTextLimits(t *testing.T) {
	for _, tc := range []struct {
		label string
		max   int
		set   func(a *Aggregate, v string)
	}{
		{"户编号", 64, func(a *Aggregate, v string) { a.Household.No = v; setHousehold(a, v) }},
		{"住址", 200, func(a *Aggregate, v string) { a.Household.Address = v }},
		{"户类型", 50, func(a *Aggregate, v string) { a.Household.Kind = v }},
		{"监测对象类别", 50, func(a *Aggregate, v string) { a.Household.Category = v }},
		{"识别渠道", 50, func(a *Aggregate, v string) { a.Household.Channel = v }},
		{"风险类型", 50, func(a *Aggregate, v string) { a.Household.RiskTypes = []string{"因病", v} }},
		{"风险类型备注", 100, func(a *Aggregate, v string) { a.Household.RiskRemark = v }},
		{"风险消除方式", 50, func(a *Aggregate, v string) { a.Household.EliminationWay = v }},
		{"安置点", 100, func(a *Aggregate, v string) { a.Household.RelocationSite = v }},
		{"开发式帮扶措施实施情况", 50, func(a *Aggregate, v string) { a.Household.DevMeasureDone = v }},
		{"户联系电话", 32, func(a *Aggregate, v string) { a.Household.Phone = v }},
		{"住房安全等级", 50, func(a *Aggregate, v string) { a.Household.HousingGrade = v }},
		{"饮水不安全原因", 100, func(a *Aggregate, v string) { a.Household.WaterIssue = v }},
		{"网格", 100, func(a *Aggregate, v string) { a.Household.Grid = v }},
		{"帮扶责任人", 100, func(a *Aggregate, v string) { a.Household.Helper = v }},
		{"帮扶责任人电话", 32, func(a *Aggregate, v string) { a.Household.HelperPhone = v }},
		{"人口编号", 64, func(a *Aggregate, v string) { a.Persons[1].No = v }},
		{"姓名", 50, func(a *Aggregate, v string) { a.Persons[1].Name = v }},
		{"证件类型", 50, func(a *Aggregate, v string) { a.Persons[1].IDType = v }},
		{"证件号码", 22, func(a *Aggregate, v string) { a.Persons[1].IDNumber = v }},
		{"性别", 50, func(a *Aggregate, v string) { a.Persons[1].Gender = v }},
		{"与户主关系", 50, func(a *Aggregate, v string) { a.Persons[1].Relation = v }},
		{"民族", 50, func(a *Aggregate, v string) { a.Persons[1].Ethnicity = v }},
		{"政治面貌", 50, func(a *Aggregate, v string) { a.Persons[1].Political = v }},
		{"文化程度", 50, func(a *Aggregate, v string) { a.Persons[1].Education = v }},
		{"在校生状况", 50, func(a *Aggregate, v string) { a.Persons[1].SchoolStatus = v }},
		{"失学或辍学原因", 100, func(a *Aggregate, v string) { a.Persons[1].DropoutReason = v }},
		{"劳动技能", 50, func(a *Aggregate, v string) { a.Persons[1].LabourSkill = v }},
		{"健康状况", 100, func(a *Aggregate, v string) { a.Persons[1].Health = v }},
		{"残疾类别", 50, func(a *Aggregate, v string) { a.Persons[1].DisabilityCategory = v }},
		{"残疾等级", 50, func(a *Aggregate, v string) { a.Persons[1].DisabilityGrade = v }},
		{"务工所在地", 100, func(a *Aggregate, v string) { a.Persons[1].WorkLocation = v }},
		{"务工企业", 100, func(a *Aggregate, v string) { a.Persons[1].Employer = v }},
		{"就业渠道", 50, func(a *Aggregate, v string) { a.Persons[1].WorkChannel = v }},
		{"公益性岗位类型", 50, func(a *Aggregate, v string) { a.Persons[1].PostType = v }},
		{"成员联系电话", 32, func(a *Aggregate, v string) { a.Persons[1].Phone = v }},
		{"措施类型", 50, func(a *Aggregate, v string) { a.Measures[0].Type = v }},
		{"措施内容", 2000, func(a *Aggregate, v string) { a.Measures[0].Description = v }},
	} {
		t.Run(tc.label, func(t *testing.T) {
			// Three bytes a character: the limit counts characters.
			a := validAggregate()
			tc.set(&a, strings.Repeat("巩", tc.max))
			if err := a.Validate(); err != nil {
				t.Fatalf("%d characters refused: %v", tc.max, err)
			}
			a = validAggregate()
			tc.set(&a, strings.Repeat("巩", tc.max+1))
			err := a.Validate()
			if !errs.Is(err, errs.Invalid) || !strings.HasPrefix(errs.Message(err), tc.label+"超过 ") ||
				!strings.Contains(errs.Message(err), " 个字符") {
				t.Fatalf("%d characters: %v, want 「%s超过 %d 个字符」", tc.max+1, err, tc.label, tc.max)
			}
		})
	}
	// A person's error says which person; a 100 MB name is refused like a 51-character one.
	a := validAggregate()
	a.Persons[1].Name = strings.Repeat("名", 100<<20/3)
	if msg := errs.Message(a.Validate()); msg != "姓名超过 50 个字符（人口编号 621121100201000102）" {
		t.Errorf("100 MB name: %q", msg)
	}
	// The income's key too.
	in := Income{HouseholdNo: strings.Repeat("1", 65), Year: 2025}
	if msg := errs.Message(in.Validate()); msg != "户编号超过 64 个字符" {
		t.Errorf("income key: %q", msg)
	}
}

// setHousehold makes the parts of the aggregate belong to the household numbered no.
func setHousehold(a *Aggregate, no string) {
	for i := range a.Persons {
		a.Persons[i].HouseholdNo = no
	}
	for i := range a.Incomes {
		a.Incomes[i].HouseholdNo = no
	}
	for i := range a.Measures {
		a.Measures[i].HouseholdNo = no
	}
}
