package gen

import "maps"

// Problem is a kind of problem the generator can seed into a household. Its value is a
// stable code. Each constant says what is seeded, into which household (the host), and which
// checks of DOMAIN.md section 6 and PRACTICE.md must find it; where the problem cannot exist
// without another one, the other is recorded too and named here ("implies"). The host is an
// otherwise clean household chosen so that nothing else is flagged.
type Problem string

// Problems of basic needs (indicator 1) and of households that should be monitored.
const (
	// ProblemUnsafeHouse: a 脱贫户 lives in a C or D house (是否危房户 是) without any
	// 住房安全保障 or 搬迁 measure. Host: a 脱贫户 not monitored. Implies ProblemShouldMonitor.
	ProblemUnsafeHouse Problem = "unsafe_house"
	// ProblemNotAppraised: a 脱贫户's house has neither safety grade nor appraisal date.
	ProblemNotAppraised Problem = "not_appraised"
	// ProblemUninsured: a member of a 脱贫户 has neither kind of basic medical insurance. Host:
	// a 脱贫户 not monitored. Implies ProblemShouldMonitor. Subject: the person.
	ProblemUninsured Problem = "uninsured"
	// ProblemDoubleInsured: a member has both 城乡居民 and 城镇职工 basic medical insurance.
	// Subject: the person.
	ProblemDoubleInsured Problem = "double_insured"
	// ProblemDropout: a child aged 7–15 of a 脱贫户 is out of school (文化程度 小学, no
	// 在校生状况, no reason). Host: a 脱贫户 not monitored. Implies ProblemShouldMonitor.
	// Subject: the child.
	ProblemDropout Problem = "dropout"
	// ProblemUnsafeWater: drinking water not safe (是否解决安全饮用水 否, with the issue). Host: an
	// unresolved monitored household with the risk 因安全饮水 and its 饮水安全保障 project
	// still under way.
	ProblemUnsafeWater Problem = "unsafe_water"
	// ProblemHighMedicalCost: the year's 合规自付医疗支出 is 28,000–45,000 元, over both
	// triggers, in a household with an ill member that is not monitored (its income stays
	// above the line after the cost).
	ProblemHighMedicalCost Problem = "high_medical_cost"
	// ProblemShouldMonitor: a household that is not monitored although a basic need is unmet
	// (C/D house, unsafe water, uninsured member, dropout; PRACTICE.md G). Never seeded on its
	// own: implied by the problems above.
	ProblemShouldMonitor Problem = "basic_needs_unmonitored"
)

// Problems of monitoring and assistance (indicator 2).
const (
	// ProblemBelowLine: 漏纳. A 脱贫户 not monitored, not on 低保 or 特困, whose per-capita
	// net income is 5,000–7,700 元, below the 8,000 line (both years, rising).
	ProblemBelowLine Problem = "below_line_unmonitored"
	// ProblemDibaoBelowLine: 体外循环. As ProblemBelowLine for a 脱贫户 on 低保 or 特困.
	ProblemDibaoBelowLine Problem = "dibao_below_line_unmonitored"
	// ProblemNoMeasure: an unresolved monitored household, identified two months or more ago,
	// has no measure at all. Host: no 低保, 特困, disability subsidy, post or 中职/高职 student.
	ProblemNoMeasure Problem = "monitored_no_measure"
	// ProblemNoDevMeasure: an unresolved monitored household with labour has measures, but no
	// development-type one (产业, 就业, 公益岗位, 金融); 实施开发式帮扶措施情况 尚未实施.
	ProblemNoDevMeasure Problem = "no_development_measure"
	// ProblemRiskWithoutMeasure: an unresolved monitored household lacks the measures its risk
	// needs, its other measures remaining: 因残 without 综合保障 or 社会帮扶 (no 低保/特困, no grade
	// 1–2 disability), 因学 without 义务教育保障, 教育帮扶 or 社会帮扶 (no 中职/高职 student),
	// 因安全住房 without 住房安全保障 or 搬迁 (the house is A/B again), 因安全饮水 without
	// 饮水安全保障 (the water is safe again).
	ProblemRiskWithoutMeasure Problem = "risk_without_measure"
	// ProblemEarlyElimination: risk eliminated 3–5 months after identification (from 2022-04).
	ProblemEarlyElimination Problem = "eliminated_too_early"
	// ProblemEliminatedBelowLine: 帮扶消除 while the per-capita income is below the line.
	ProblemEliminatedBelowLine Problem = "eliminated_below_line"
	// ProblemNoLabourEliminated: a monitored household in which nobody can work is marked
	// eliminated (income above the line, 7 months or more after identification).
	ProblemNoLabourEliminated Problem = "no_labour_eliminated"
	// ProblemIllRiskNobodyIll: risk 因病 (with a health measure and medical costs) while no
	// member is chronically or seriously ill.
	ProblemIllRiskNobodyIll Problem = "ill_risk_nobody_ill"
	// ProblemLabourRiskWithLabour: risk 缺劳动力 while everyone, or at least half of a household
	// of four or more, can work.
	ProblemLabourRiskWithLabour Problem = "labour_risk_with_labour"
	// ProblemNoLabourNotFlagged: a target household in which nobody can work, on 低保 or 特困,
	// is not flagged 整户无劳动能力兜底保障户.
	ProblemNoLabourNotFlagged Problem = "no_labour_not_flagged"
	// ProblemNoYulu: a 中职 or 高职 student's target household has no 雨露计划 measure (other
	// measures remain; not where it answers the risk 因学).
	ProblemNoYulu Problem = "vocational_without_yulu"
	// ProblemRiskNoRemark: risk 其他 without a remark, or 因自然灾害 without its sub-item.
	ProblemRiskNoRemark Problem = "risk_without_remark"
	// ProblemEliminatedNoMeasure: 帮扶消除 with no measure at all. Host: no risk that needs a
	// measure of its own (因病, 因学, 因残, 因安全住房, 因安全饮水), no 低保/特困/disability
	// subsidy, no 中职/高职 student.
	ProblemEliminatedNoMeasure Problem = "eliminated_no_measure"
	// ProblemDevNotDone: a monitored household has development measures while 实施开发式帮扶措施情况
	// says 尚未实施.
	ProblemDevNotDone Problem = "development_not_done"
)

// Problems of social assistance (indicator 7, PRACTICE.md N) and of token development
// measures (PRACTICE.md M).
const (
	// ProblemDibaoNoMeasure: a household on 低保 (not 特困, not monitored) has no 低保 in its
	// 综合保障 measure: the part is dropped, and the measure with it when nothing else is left.
	ProblemDibaoNoMeasure Problem = "dibao_without_measure"
	// ProblemDibaoMeasureNoFlag: a household not monitored, on neither 低保 nor 特困, records
	// 农村低保 in its 综合保障 measure (added, or put before its disability subsidy).
	ProblemDibaoMeasureNoFlag Problem = "dibao_measure_without_flag"
	// ProblemTekunNoMeasure: as ProblemDibaoNoMeasure for a 特困 household and 特困供养.
	ProblemTekunNoMeasure Problem = "tekun_without_measure"
	// ProblemTekunMeasureNoFlag: as ProblemDibaoMeasureNoFlag with 特困供养.
	ProblemTekunMeasureNoFlag Problem = "tekun_measure_without_flag"
	// ProblemTekunPayNoMeasure: the year's 特困人员救助供养金 (and 转移性收入) gets 9,600–11,000
	// 元 in a household not monitored, on neither 低保 nor 特困, without 特困供养; wages stay its
	// main income source.
	ProblemTekunPayNoMeasure Problem = "tekun_pay_without_measure"
	// ProblemNoLabourNoAssistance: a 脱贫户 (not monitored) in which nobody can work loses its
	// 低保: the flags, the 综合保障 part and 整户无劳动能力兜底保障户 go, the payment becomes
	// other transfer income. Host: per-capita income at or above the line both years.
	ProblemNoLabourNoAssistance Problem = "no_labour_without_assistance"
	// ProblemTekunWorking: a 特困 person (not monitored) works 2–4 months 乡镇内. Subject: the
	// person.
	ProblemTekunWorking Problem = "tekun_working"
	// ProblemTokenMeasures: an unresolved monitored household with labour and no post holder
	// has its development measures replaced by one 就业帮扶 that says only 技能培训 or 其他.
	ProblemTokenMeasures Problem = "token_development_measures"
)

// Problems of relocation and employment (indicators 3 and 6).
const (
	// ProblemRelocatedIdle: a relocated 脱贫户 has full labour (普通 only) but nobody works.
	// Its 普通劳动力 are no ProblemIdleLabour: the household farms, and farming is work.
	ProblemRelocatedIdle Problem = "relocated_nobody_working"
	// ProblemIdleLabour: a 普通劳动力 of a 脱贫户 (not relocated, not monitored) has no work,
	// and the household neither farms (it lets its land out: no 生产经营性收入) nor has a
	// development measure; another member works. Subject: the person.
	ProblemIdleLabour Problem = "able_idle"
	// ProblemSharedPhone: one new mobile number is given to a working member (not the head) in
	// each of three households. Subjects: the three people.
	ProblemSharedPhone Problem = "shared_phone"
	// ProblemPostOutOfProvince: a 乡村公益性岗位 holder works 省外 (channel 自主就业).
	ProblemPostOutOfProvince Problem = "post_out_of_province"
	// ProblemPostNoMonths: a post holder's 公益性岗位(月数) is blank.
	ProblemPostNoMonths Problem = "post_without_months"
	// ProblemMonthsNoPost: post months without a 公益性岗位类型.
	ProblemMonthsNoPost Problem = "post_months_without_post"
	// ProblemPostAge: a 66–69-year-old (弱劳动力) holds a 乡村公益性岗位, above the age limit of 65.
	ProblemPostAge Problem = "post_holder_age"
	// ProblemWorkNoMonths: 务工所在地 filled with 务工时间 0, in a household that is no target.
	ProblemWorkNoMonths Problem = "work_location_without_months"
	// ProblemMonthsNoWork: 务工时间 without 务工所在地, in a household that is no target.
	ProblemMonthsNoWork Problem = "work_months_without_location"
)

// Problems of income (indicator 9).
const (
	// ProblemIncomeDrop: a 脱贫户's per-capita income is 20–33 % lower than the year before
	// (every component of the previous year 1.25–1.5 times this year's), still above the line.
	ProblemIncomeDrop Problem = "income_drop"
	// ProblemTinyWage: wage income of 30–99 元 both years in a target household with workers
	// (the rest moved to business income, so net income is unchanged).
	ProblemTinyWage Problem = "tiny_wage"
	// ProblemNegativeIncome: business expenses exceed all income both years in an unresolved
	// monitored household. Implies ProblemVeryLowIncome.
	ProblemNegativeIncome Problem = "negative_income"
	// ProblemWagesNoWorker: wage income 3,000–8,000 元 (moved from business income) in a
	// household, no target, in which nobody works.
	ProblemWagesNoWorker Problem = "wages_without_worker"
	// ProblemTransferMismatch: 转移性收入 exceeds the sum of its components by 600–2,400 元.
	ProblemTransferMismatch Problem = "transfer_parts_mismatch"
	// ProblemRichAtIdentification: a household identified in 2023 or later has a per-capita
	// income of 23,000–28,000 元 (both years), above the 20,000 plausibility limit.
	ProblemRichAtIdentification Problem = "identified_with_high_income"
	// ProblemVeryLowIncome: an unresolved monitored household's per-capita income is below
	// 4,000 元 (worth a look).
	ProblemVeryLowIncome Problem = "very_low_income"
)

// Data-quality problems (PRACTICE.md A–E). All are about one person unless said otherwise.
const (
	ProblemBadCheckChar   Problem = "id_check_char"   // the ID's check character is wrong
	ProblemBirthMismatch  Problem = "birth_mismatch"  // 出生日期 differs from the ID's
	ProblemGenderMismatch Problem = "gender_mismatch" // 性别 differs from the ID (a head without spouse)
	// ProblemDuplicateID: a person's ID number (and birth date) is that of a person of another
	// household, both aged 25–55 and of one sex. Subjects: both people.
	ProblemDuplicateID   Problem = "duplicate_id"
	ProblemNoHead        Problem = "no_head"              // household: the head is recorded as 其他 (no spouse)
	ProblemTwoHeads      Problem = "two_heads"            // household: an adult of the head's sex is a second 户主
	ProblemTwoSpouses    Problem = "two_spouses"          // household: an adult of the spouse's sex is a second 配偶
	ProblemSameSexSpouse Problem = "same_sex_spouse"      // household: the spouse is of the head's sex (ID and 性别 agree)
	ProblemRelationSex   Problem = "relation_sex"         // 之子 recorded as 之女 and the like
	ProblemBadEnum       Problem = "bad_enum"             // 文化程度 中专, outside the national list
	ProblemEduAndSchool  Problem = "education_and_school" // a student with 文化程度 too
	ProblemEduNeither    Problem = "education_neither"    // an adult with neither 文化程度 nor 在校生状况
	ProblemGradeAge      Problem = "grade_age"            // an 8–11-year-old recorded in 九年级
	ProblemBadPhone      Problem = "household_phone"      // household: 户联系电话 of 10 digits
	// ProblemDeceasedCounted: a member aged 65 or more died 1–10 months ago and is still
	// counted in 家庭人口数 and the income's household size (no 低保/特困/post).
	ProblemDeceasedCounted Problem = "deceased_counted"
	ProblemHealthyNoLabour Problem = "healthy_without_labour"       // a healthy 20–55-year-old marked 无劳动力 (no target)
	ProblemStudentLabour   Problem = "student_labour"               // a student aged 16+ marked 普通劳动力 (no target)
	ProblemElderLabour     Problem = "elder_labour"                 // a 65–80-year-old marked 普通劳动力 (no target)
	ProblemDisabledLabour  Problem = "disabled_limb_labour"         // grade 1–2 limb disability marked 普通劳动力 (no target)
	ProblemLostX           Problem = "lost_x"                       // an ID ending in X stored as its 17 digits
	ProblemOldID           Problem = "old_15_digit_id"              // an ID stored in its old 15-digit form
	ProblemDisabledNoCert  Problem = "disabled_without_certificate" // 残疾 without certificate number or category
	ProblemPersonBlank     Problem = "person_field_blank"           // a target household member's 民族 is blank
	ProblemHouseholdBlank  Problem = "household_field_blank"        // household: a target household's 是否有卫生厕所 is blank
	ProblemMonitoringInfo  Problem = "monitoring_info_blank"        // household: eliminated without 消除监测时间
	ProblemWorkerPhone     Problem = "worker_phone_invalid"         // a worker's phone is 11 digits starting with 12
)

// personProblems are the problems whose subjects are people.
var personProblems = map[Problem]bool{
	ProblemUninsured: true, ProblemDoubleInsured: true, ProblemDropout: true, ProblemIdleLabour: true,
	ProblemSharedPhone: true, ProblemPostOutOfProvince: true, ProblemPostNoMonths: true,
	ProblemMonthsNoPost: true, ProblemPostAge: true, ProblemWorkNoMonths: true, ProblemMonthsNoWork: true,
	ProblemBadCheckChar: true, ProblemBirthMismatch: true, ProblemGenderMismatch: true,
	ProblemDuplicateID: true, ProblemRelationSex: true, ProblemBadEnum: true, ProblemEduAndSchool: true,
	ProblemEduNeither: true, ProblemGradeAge: true, ProblemDeceasedCounted: true,
	ProblemHealthyNoLabour: true, ProblemStudentLabour: true, ProblemElderLabour: true,
	ProblemDisabledLabour: true, ProblemLostX: true, ProblemOldID: true, ProblemDisabledNoCert: true,
	ProblemPersonBlank: true, ProblemWorkerPhone: true, ProblemTekunWorking: true,
}

// PersonLevel reports whether the problem's subjects are people (人口编号) rather than
// households (户编号).
func (p Problem) PersonLevel() bool { return personProblems[p] }

// Rates gives, per problem, the probability that an eligible household (the problem's host,
// see the constants) gets it. A household gets at most one seeded problem (two or three for
// the problems that span households). Problems missing from the map are not seeded.
type Rates map[Problem]float64

// defaultRates are the rates of DefaultRates. They are probabilities per eligible household,
// chosen so that each problem appears about 10–40 times in 20,000 households and 400–2,000
// times in 1,000,000; in all about 4–5 % of households carry a seeded problem.
var defaultRates = Rates{
	// Hosts: 脱贫户 not monitored (about 29 % of households).
	ProblemUnsafeHouse: 0.003, ProblemNotAppraised: 0.003, ProblemUninsured: 0.003, ProblemDropout: 0.015,
	ProblemBelowLine: 0.003, ProblemIncomeDrop: 0.003, ProblemIdleLabour: 0.003,
	// Hosts: 脱贫户 on 低保 or 特困, not monitored (about 3 %).
	ProblemDibaoBelowLine: 0.03,
	// Hosts: relocated 脱贫户 with only 普通 labour (about 1 %).
	ProblemRelocatedIdle: 0.08,
	// Hosts: unresolved monitored households (about 2.5 %), narrowed as the constants say.
	ProblemUnsafeWater: 0.05, ProblemNoMeasure: 0.05, ProblemNoDevMeasure: 0.07,
	ProblemRiskWithoutMeasure: 0.08, ProblemIllRiskNobodyIll: 0.05, ProblemLabourRiskWithLabour: 0.06,
	ProblemNegativeIncome: 0.03, ProblemVeryLowIncome: 0.03,
	// Hosts: eliminated households (about 2.5 %) and other monitored ones.
	ProblemEarlyElimination: 0.03, ProblemEliminatedBelowLine: 0.05, ProblemEliminatedNoMeasure: 0.05,
	ProblemMonitoringInfo: 0.03, ProblemNoLabourEliminated: 0.2, ProblemRiskNoRemark: 0.05,
	ProblemDevNotDone: 0.02, ProblemRichAtIdentification: 0.04,
	// Hosts: target households with particular people.
	ProblemNoLabourNotFlagged: 0.025, ProblemNoYulu: 0.04, ProblemPostOutOfProvince: 0.05,
	ProblemPostNoMonths: 0.05, ProblemMonthsNoPost: 0.04, ProblemPostAge: 0.04, ProblemTinyWage: 0.003,
	ProblemPersonBlank: 0.002, ProblemHouseholdBlank: 0.002,
	// Hosts: households on 低保 or 特困, or in which nobody can work, not monitored.
	ProblemDibaoNoMeasure: 0.02, ProblemTekunNoMeasure: 0.1, ProblemTekunWorking: 0.1,
	ProblemNoLabourNoAssistance: 0.03,
	// Hosts: unresolved monitored households with labour and development measures (about 2 %).
	ProblemTokenMeasures: 0.05,
	// Hosts: households not monitored and on neither 低保 nor 特困 (about 90 %).
	ProblemDibaoMeasureNoFlag: 0.0008, ProblemTekunMeasureNoFlag: 0.0008, ProblemTekunPayNoMeasure: 0.0015,
	// Hosts: households that are no target (about 66 %).
	ProblemHighMedicalCost: 0.003, ProblemWorkNoMonths: 0.0015, ProblemMonthsNoWork: 0.0015,
	ProblemWagesNoWorker: 0.008, ProblemTransferMismatch: 0.0015, ProblemHealthyNoLabour: 0.012,
	ProblemStudentLabour: 0.012, ProblemElderLabour: 0.004, ProblemDisabledLabour: 0.12,
	// Hosts: any household with a suitable member.
	ProblemSharedPhone: 0.0005, ProblemBadCheckChar: 0.0008, ProblemBirthMismatch: 0.0008,
	ProblemGenderMismatch: 0.002, ProblemDuplicateID: 0.0008, ProblemNoHead: 0.003, ProblemTwoHeads: 0.002,
	ProblemTwoSpouses: 0.003, ProblemSameSexSpouse: 0.0015, ProblemRelationSex: 0.0008,
	ProblemBadEnum: 0.0008, ProblemEduAndSchool: 0.0025, ProblemEduNeither: 0.0008, ProblemGradeAge: 0.003,
	ProblemBadPhone: 0.0008, ProblemDeceasedCounted: 0.006, ProblemLostX: 0.002, ProblemOldID: 0.0012,
	ProblemDisabledNoCert: 0.01, ProblemWorkerPhone: 0.001, ProblemDoubleInsured: 0.0008,
}

// DefaultRates returns realistic rates: every problem kind appears in an area of 20,000
// households, and about 4–5 % of households carry one. The rates are probabilities per eligible
// household, listed in the source next to the host each problem needs.
func DefaultRates() Rates { return maps.Clone(defaultRates) }

// ZeroRates returns rates that seed nothing: clean data.
func ZeroRates() Rates { return Rates{} }

// Problems returns every problem kind, ProblemShouldMonitor included, in the order they are
// tried.
func Problems() []Problem {
	out := make([]Problem, 0, len(specs)+1)
	for _, s := range specs {
		out = append(out, s.p)
	}
	return append(out, ProblemShouldMonitor)
}
