package registry

import "slices"

// The exact spellings of the national system's enumerations (DOMAIN.md section 4). The registry
// stores what the data says, in or out of these lists; screening flags values outside them.
var (
	// Relations is 与户主关系.
	Relations = []string{"户主", "配偶", "之子", "之女", "之儿媳", "之女婿", "之孙子", "之孙女",
		"之外孙子", "之外孙女", "之父", "之母", "之岳父", "之岳母", "之公公", "之婆婆", "之祖父", "之祖母",
		"之外祖父", "之外祖母", "之兄弟姐妹", "之曾孙子", "之曾孙女", "之侄儿", "之侄女", "之兄弟媳妇",
		"之叔伯", "其他"}
	// Educations is 文化程度.
	Educations = []string{"文盲或半文盲", "小学", "初中", "高中", "大专", "本科及以上"}
	// SchoolStatuses is 在校生状况.
	SchoolStatuses = []string{"学龄前儿童", "学前教育", "小学", "七年级", "八年级", "九年级",
		"普通高中一年级", "普通高中二年级", "普通高中三年级", "中职一年级", "中职二年级", "中职三年级",
		"高职高专一年级", "高职高专二年级", "高职高专三年级", "技师学院一年级", "技师学院二年级",
		"技师学院三年级", "技师学院四年级", "本科一年级", "本科二年级", "本科三年级", "本科四年级",
		"本科五年级", "硕士研究生及以上"}
	// LabourSkills is 劳动技能.
	LabourSkills = []string{"普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"}
	// PoliticalStatuses is 政治面貌.
	PoliticalStatuses = []string{"中共党员", "中共预备党员", "共青团员", "群众"}
	// HealthStates is 健康状况; a cell may combine several ("残疾,长期慢性病").
	HealthStates = []string{"健康", "长期慢性病", "患有大病", "残疾"}
	// WorkLocations are the work areas (region.WorkArea) the generator draws workers from; the
	// 务工所在地 cell itself holds a place (浙江省宁波市鄞州区) or an area, as exports write it.
	WorkLocations = []string{"乡镇内", "县内乡外", "省内县外", "省外", "境外"}
	// MonitoringCategories is 监测对象类别.
	MonitoringCategories = []string{MonUnstable, MonEdge, MonSudden}
	// Channels is how a monitored household was identified.
	Channels = []string{"农户自主申报", "基层干部排查", "部门筛查预警"}
	// RiskTypes is 风险类型 as exports spell it.
	RiskTypes = []string{"因病", "因学", "因残", "因安全住房", "因安全饮水", "因务工就业不稳", "缺劳动力",
		"因自然灾害", "因意外事故", "因产业失败", "其他"}
	// EliminationWays is 风险消除方式.
	EliminationWays = []string{"帮扶消除", "自然消除"}
	// HousingGrades is the safety appraisal grade: C and D are unsafe.
	HousingGrades = []string{"A", "B", "C", "D"}
	// WaterIssues is why drinking water is not safe.
	WaterIssues = []string{"水量", "水质", "用水方便程度", "供水保证率"}
	// MeasureTypes is the 14 measure columns of the national export, plus 其他.
	MeasureTypes = []string{MeasureIndustry, MeasureEmployment, MeasurePublicPost, MeasureHealth,
		MeasureEducation, MeasureCompulsoryEdu, MeasureHousing, MeasureWater, MeasureSocialSecurity,
		MeasureRelocation, MeasureLivingConditions, MeasureInfrastructure, MeasureSocialAid,
		MeasureFinance, MeasureOther}
	// PublicPostTypes is 公益性岗位类型.
	PublicPostTypes = []string{"乡村公益性岗位", "城镇公益性岗位", "其他公益性岗位"}
	// DisabilityCategories is 残疾类别.
	DisabilityCategories = []string{"视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾"}
)

// Household kinds (户类型).
const (
	KindAlleviated = "脱贫户"
	KindOrdinary   = "一般农户"
)

// Monitoring categories (监测对象类别).
const (
	MonUnstable = "脱贫不稳定户"
	MonEdge     = "边缘易致贫户"
	MonSudden   = "突发严重困难户"
)

// Measure types, spelled as the national export's measure columns.
const (
	MeasureIndustry         = "产业帮扶"
	MeasureEmployment       = "就业帮扶"
	MeasurePublicPost       = "公益岗位帮扶"
	MeasureHealth           = "健康帮扶"
	MeasureEducation        = "教育帮扶"
	MeasureCompulsoryEdu    = "义务教育保障"
	MeasureHousing          = "住房安全保障"
	MeasureWater            = "饮水安全保障"
	MeasureSocialSecurity   = "综合保障"
	MeasureRelocation       = "搬迁"
	MeasureLivingConditions = "生产生活条件改善"
	MeasureInfrastructure   = "基础设施建设"
	MeasureSocialAid        = "社会帮扶"
	MeasureFinance          = "金融帮扶"
	MeasureOther            = "其他"
)

// DevelopmentMeasures are the development-type (开发式) measures: industry, jobs, posts, finance.
var DevelopmentMeasures = []string{MeasureIndustry, MeasureEmployment, MeasurePublicPost, MeasureFinance}

// In reports whether v is one of the list's values.
func In(list []string, v string) bool { return slices.Contains(list, v) }

// IsDevelopment reports whether a measure type is development-type.
func IsDevelopment(measureType string) bool { return In(DevelopmentMeasures, measureType) }
