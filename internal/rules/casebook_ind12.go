package rules

import "github.com/gonggu/gonggu/internal/registry"

// Case-building helpers of the rules of indicators 1 and 2, on top of casebook.go's.

// ymd is a date of the casebook.
func ymd(y, m, d int) registry.Date { return registry.NewDate(y, monthOf(m), d) }

// plusMeasure adds a measure without dates, as the national export gives it.
func plusMeasure(typ, desc string) func(a *registry.Aggregate) {
	return measureDated(typ, desc, registry.Date{}, registry.Date{})
}

// onlyMeasure replaces the household's measures by one measure with its dates (zero dates:
// none).
func onlyMeasure(typ, desc string, start, end registry.Date) func(a *registry.Aggregate) {
	return both(measures(), measureDated(typ, desc, start, end))
}

// elimAt sets the month the risk was eliminated (消除监测时间).
func elimAt(y, m int) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { a.Household.EliminatedOn = registry.NewMonth(y, monthOf(m)) }
}

// elimWay sets 风险消除方式.
func elimWay(way string) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { a.Household.EliminationWay = way }
}

// waterUnsafe sets 是否解决安全饮用水 否, with the reason.
func waterUnsafe(issue string) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { a.Household.WaterSafe, a.Household.WaterIssue = registry.No, issue }
}

// dangerFlag sets 是否危房户 是 and leaves the safety grade blank, as the national export has
// no grade.
func dangerFlag(a *registry.Aggregate) {
	a.Household.UnsafeHouse, a.Household.HousingGrade, a.Household.HousingAppraised = registry.Yes, "", registry.Date{}
}

// noAppraisal blanks the house's safety grade and its appraisal date.
func noAppraisal(a *registry.Aggregate) {
	a.Household.HousingGrade, a.Household.HousingAppraised = "", registry.Date{}
}

// insurance sets member i's two basic medical insurance flags.
func insurance(i int, resident, employee registry.Flag) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.ResidentMedical, p.EmployeeMedical = resident, employee })
}

// medicalCost sets the 2026 合规自付医疗支出.
func medicalCost(yuan int64) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { a.Income(2026).MedicalOOP = registry.Yuan(yuan) }
}

// rigidCosts sets the 2026 合规自付医疗支出 and 教育支出.
func rigidCosts(medical, education int64) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		a.Income(2026).MedicalOOP, a.Income(2026).EducationExp = registry.Yuan(medical), registry.Yuan(education)
	}
}

// health sets member i's 健康状况.
func health(i int, h string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.Health = h })
}

// skills sets the 劳动技能 of the members in order.
func skills(ss ...string) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		for i, s := range ss {
			a.Persons[i].LabourSkill = s
		}
	}
}

// withFather adds the head's father (P4, born 1950) to the household: a household of four.
func withFather(a *registry.Aggregate) {
	f := member("P4", "之父", "男", 1950, 1, 1)
	f.Education, f.LabourSkill = "小学", "无劳动力"
	a.Persons = append(a.Persons, f)
	a.Household.DeclaredSize = len(a.Persons)
	for i := range a.Incomes {
		a.Incomes[i].Size = len(a.Persons)
	}
}

// nobodyWorks clears every member's work place and months.
func nobodyWorks(a *registry.Aggregate) {
	for i := range a.Persons {
		a.Persons[i].WorkLocation, a.Persons[i].WorkMonths = "", registry.Count{}
	}
}

// riskRemark sets the remark of 其他 or the sub-item of 因自然灾害.
func riskRemark(r string) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { a.Household.RiskRemark = r }
}

// devDone sets 实施开发式帮扶措施情况.
func devDone(s string) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { a.Household.DevMeasureDone = s }
}

// noLabourSupport sets 整户无劳动能力兜底保障户 是.
func noLabourSupport(a *registry.Aggregate) { a.Household.NoLabourSupport = registry.Yes }

// dropoutReason sets member i's 失学或辍学原因.
func dropoutReason(i int, r string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.DropoutReason = r })
}

// riskMeasureCases are the cases of a rule that a risk needs one of the measure types: the
// grace month after identification, eliminated households, the measures' dates. have is a
// measure of the first type that meets the risk, alt another type that does.
func riskMeasureCases(risk string, have registry.Measure, alt string) []Case {
	withRisk := func(fs ...func(a *registry.Aggregate)) func(a *registry.Aggregate) {
		return both(append([]func(a *registry.Aggregate){risks(risk)}, fs...)...)
	}
	loan := onlyMeasure(registry.MeasureFinance, "小额信贷", registry.Date{}, registry.Date{})
	named := have.Type + "「" + have.Description + "」"
	cs := []Case{
		{Desc: "监测户（识别监测时间 202503），风险类型 " + risk + "，有" + named, From: monitored,
			Set: withRisk(plusMeasure(have.Type, have.Description))},
		{Desc: "监测户，风险类型 " + risk + "，帮扶措施只有金融帮扶「小额信贷」", From: monitored, Set: withRisk(loan), Fires: []string{hhNo}},
		{Desc: "风险已消除（202512 帮扶消除），风险类型 " + risk + "，帮扶措施只有金融帮扶", From: eliminated, Set: withRisk(loan), Fires: []string{hhNo}},
		{Desc: "识别监测时间 202610（未超过落实措施的 1 个月期限），风险类型 " + risk + "，只有金融帮扶", From: monitored,
			Set: withRisk(loan, identified(2026, 10))},
		{Desc: "识别监测时间 202603，风险类型 " + risk + "，金融帮扶，另有 2024 年 3 月至 12 月实施、已结束的" + named, From: monitored,
			Set: withRisk(loan, identified(2026, 3), measureDated(have.Type, have.Description, ymd(2024, 3, 1), ymd(2024, 12, 31))), Fires: []string{hhNo}},
		{Desc: "识别监测时间 202603，风险类型 " + risk + "，金融帮扶，另有 2026 年 4 月开始的" + named, From: monitored,
			Set: withRisk(loan, identified(2026, 3), measureDated(have.Type, have.Description, ymd(2026, 4, 1), registry.Date{}))},
		{Desc: "风险未消除，风险类型 " + risk + "，帮扶措施各列均为空：由 I2-05 判断", From: monitored, Set: withRisk(measures())},
	}
	if alt != "" {
		cs = append(cs, Case{Desc: "监测户，风险类型 " + risk + "，帮扶措施为金融帮扶和" + alt, From: monitored,
			Set: withRisk(loan, plusMeasure(alt, ""))})
	}
	return cs
}
