package policy

// The parameters of the duties around the registry that are not screening rules of their own
// kind: the department data comparison (部门数据比对), the monitoring procedure's steps and
// deadlines (监测对象识别和风险消除程序), the archive checklists (档案资料) and the work plan
// (工作计划和任务清单). IdentDeadlineDays, StableIncomeMonths and ElimMinMonths (policy.go)
// serve the procedure too.
const (
	DeptInsuredDropPct  Name = "dept_insured_drop_pct"
	NoticeDays          Name = "proc_notice_days"
	ProcVisitDays       Name = "proc_visit_days"
	ProcTownshipDays    Name = "proc_township_days"
	ProcEntryDays       Name = "proc_entry_days"
	ArchiveMonitored    Name = "archive_monitored_items"
	ArchiveEliminated   Name = "archive_eliminated_items"
	ArchiveAlleviated   Name = "archive_alleviated_items"
	ArchiveVillage      Name = "archive_village_items"
	PlanPolicyMatchDays Name = "plan_policy_match_days"
)

// dutyDefaults are the defaults of the parameters above. The notice period of 5 days and the
// 15-day identification deadline are policy; the step deadlines inside it and the archive
// lists are one province's practice, which a province or county replaces.
var dutyDefaults = []Param{
	{DeptInsuredDropPct, "村内帮扶对象医保参保率可低于上年的百分点", "个百分点", Number, "0", "default"},
	{NoticeDays, "监测对象识别和风险消除的村级公示天数", "天", Number, "5", "policy"},
	{ProcVisitDays, "发现线索后入户核实的期限", "天", Number, "5", "default"},
	{ProcTownshipDays, "公示期满后乡镇审核的期限", "天", Number, "3", "default"},
	{ProcEntryDays, "县级审定后录入全国防返贫监测信息系统的期限", "天", Number, "5", "default"},
	{ArchiveMonitored, "监测户档案应有的资料（用逗号或顿号分隔）", "", Text,
		"申请书,入户核查表,民主评议记录,公示照片,审批表,帮扶计划,走访记录,收入核算表", "default"},
	{ArchiveEliminated, "风险已消除户另应有的资料", "", Text, "风险消除审批表,风险消除公示照片", "default"},
	{ArchiveAlleviated, "脱贫户（未纳入监测）档案应有的资料", "", Text, "帮扶计划,走访记录,收入核算表", "default"},
	{ArchiveVillage, "村级档案应有的资料", "", Text, "村级台账,会议记录,项目公示,监测对象名单,帮扶责任人名单", "default"},
	{PlanPolicyMatchDays, "上级政策印发后本级出台配套实施方案的期限", "天", Number, "90", "default"},
}
