package policy

// The parameters of indicator 10 (群众认可度) besides those of policy.go (PetitionAcceptDays,
// PetitionCloseDays, SatisfactionTarget), and of the evaluators' sample simulation (DOMAIN.md
// section 5: petitions are accepted within 15 days and concluded within 60, one extension of
// at most 30; the satisfaction target is 95 %; section 1: about 10 villages and 300 households
// per county). Every one is set per region and year like the others.
const (
	// SatisfiedMinScore is the lowest answer on the 5-point scale (1 非常不满意 … 5 非常满意)
	// that counts as satisfied: 3, 基本满意, as the exit assessments counted it.
	SatisfiedMinScore  Name = "satisfied_min_score"
	SurveyWindowMonths Name = "survey_window_months"
	SurveyMinSample    Name = "survey_min_sample"
	SurveyFollowUpDays Name = "survey_followup_days"
	ComplaintRecurMin  Name = "complaint_recur_households"
	PetitionExtendMax  Name = "petition_extend_max_days"
	PetitionVerifyDays Name = "petition_verify_days"
	ReportCloseDays    Name = "report_conclude_days"
	PetitionRepeatMin  Name = "petition_repeat_count"
	PetitionRepeatMons Name = "petition_repeat_months"
	KnowsWindowMonths  Name = "knows_cadre_window_months"

	SampleVillages     Name = "sample_villages"
	SampleHouseholds   Name = "sample_households"
	SamplePoorVillages Name = "sample_poor_village_share"
	SamplePoorShare    Name = "sample_poor_village_min_share"
	SampleMonitored    Name = "sample_monitored_share"
	SampleAlleviated   Name = "sample_alleviated_share"
	SampleSpecialW     Name = "sample_special_weight"
	SampleDraws        Name = "sample_draws"
)

// recognitionDefaults are the defaults of the parameters above.
var recognitionDefaults = []Param{
	{SatisfiedMinScore, "群众满意度调查中计为满意的最低评价（5 非常满意、4 满意、3 基本满意、2 不满意、1 非常不满意）", "分", Number, "3", "default"},
	{SurveyWindowMonths, "计算满意度时采用最近多少个月内的调查（每户取最近一次）", "月", Number, "12", "default"},
	{SurveyMinSample, "村满意度至少有多少户的调查结果才与目标比较（样本更少时仅当置信区间整体低于目标才判定）", "户", Number, "10", "default"},
	{SurveyFollowUpDays, "调查中表示不满意的户应在多少天内回访", "天", Number, "15", "default"},
	{ComplaintRecurMin, "同一村同一类诉求（道路、饮水等）有多少户反映即视为反复出现", "户", Number, "3", "default"},
	{PetitionExtendMax, "信访事项办结期限可延长的天数上限", "天", Number, "30", "policy"},
	{PetitionVerifyDays, "信访事项受理后实地核实的期限", "天", Number, "30", "default"},
	{ReportCloseDays, "媒体报道、督查检查反馈问题的办结期限（自收到之日起）", "天", Number, "30", "default"},
	{PetitionRepeatMin, "同一户在统计期内信访多少件即视为重复信访", "件", Number, "2", "default"},
	{PetitionRepeatMons, "统计重复信访的期间", "月", Number, "12", "default"},
	{KnowsWindowMonths, "统计干部知晓率时采用最近多少个月内的走访或调查", "月", Number, "12", "default"},
	{SampleVillages, "后评估抽样演练：每县抽取的村数", "个", Number, "10", "default"},
	{SampleHouseholds, "后评估抽样演练：每县抽取的户数", "户", Number, "300", "default"},
	{SamplePoorVillages, "后评估抽样演练：抽取的村中脱贫村所占比例", "%", Number, "60", "default"},
	{SamplePoorShare, "后评估抽样演练：未导入脱贫村名单时，脱贫户占比达到多少的村按脱贫村抽样", "%", Number, "30", "default"},
	{SampleMonitored, "后评估抽样演练：抽取的户中监测户所占比例", "%", Number, "40", "default"},
	{SampleAlleviated, "后评估抽样演练：抽取的户中脱贫户（非监测户）所占比例，其余为一般农户", "%", Number, "40", "default"},
	{SampleSpecialW, "后评估抽样演练：有大病、残疾、受灾或易地搬迁的户被抽中的权重倍数", "倍", Number, "2", "default"},
	{SampleDraws, "后评估抽样演练：估计得分分布的模拟抽样次数", "次", Number, "1000", "default"},
}
