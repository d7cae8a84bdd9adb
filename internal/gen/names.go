package gen

// Word lists the generator draws from. Surnames carry rough weights for Gansu (王, 李, 张 and
// 刘 lead, with the local 牛, 魏, 汪, 漆, 苟 and 令狐 further down); given names are split by sex and
// birth cohort, since a child born in 2015 is not called 建国.

// surnames are common surnames with weights (per mille, roughly).
var surnames = []weighted{
	{"王", 80}, {"李", 75}, {"张", 70}, {"刘", 55}, {"陈", 35}, {"杨", 40}, {"赵", 28}, {"马", 30},
	{"牛", 14}, {"魏", 14}, {"汪", 12}, {"孙", 12}, {"何", 10}, {"郭", 14}, {"董", 12}, {"冯", 10},
	{"安", 10}, {"潘", 8}, {"周", 12}, {"吴", 10}, {"徐", 9}, {"胡", 10}, {"朱", 8}, {"高", 12},
	{"罗", 8}, {"梁", 8}, {"宋", 8}, {"郑", 7}, {"谢", 6}, {"韩", 9}, {"唐", 6}, {"于", 5},
	{"程", 6}, {"曹", 7}, {"袁", 6}, {"邓", 5}, {"许", 6}, {"苏", 7}, {"蒋", 4}, {"贾", 7},
	{"丁", 6}, {"薛", 5}, {"闫", 7}, {"杜", 6}, {"夏", 3}, {"田", 7}, {"任", 6},
	{"姜", 4}, {"范", 5}, {"方", 3}, {"石", 6}, {"姚", 5}, {"谭", 3}, {"金", 4}, {"陆", 3},
	{"郝", 5}, {"白", 7}, {"崔", 4}, {"康", 5}, {"毛", 4}, {"秦", 5}, {"史", 5}, {"侯", 5},
	{"孟", 4}, {"段", 5}, {"常", 5}, {"武", 5}, {"乔", 4}, {"贺", 4}, {"文", 3}, {"漆", 4},
	{"苟", 4}, {"祁", 4}, {"雷", 5}, {"蒲", 4}, {"景", 3}, {"包", 3}, {"陶", 3}, {"岳", 3},
	{"巩", 3}, {"令狐", 2}, {"火", 1}, {"把", 1}, {"慕", 2}, {"裴", 2}, {"鲁", 3}, {"柳", 2},
}

// givenNames holds given names by sex (0 female, 1 male) and cohort (born before 1960,
// 1960–1979, 1980–1999, 2000 and later).
var givenNames = [2][4][]string{
	{ // female
		{"秀英", "桂英", "秀兰", "玉兰", "桂兰", "淑珍", "凤英", "玉珍", "秀珍", "兰英", "翠花", "金花",
			"梅英", "月英", "春兰", "桂花", "凤兰", "玉梅", "淑英", "巧云", "菊花", "改英", "彩英", "银花"},
		{"丽", "艳", "红", "霞", "芳", "燕", "娟", "玲", "丽娟", "红霞", "秀梅", "晓燕", "彩霞", "春梅",
			"玉霞", "海燕", "小红", "丽萍", "美兰", "爱萍", "亚琴", "琴", "梅", "雪梅"},
		{"婷", "静", "丹", "倩", "洁", "雪", "敏", "娜", "琳", "丽丽", "晓丽", "婷婷", "佳", "慧", "颖",
			"欢", "莉", "瑶", "亚楠", "雅琴", "晶晶", "娇", "蓉", "丽娜"},
		{"欣怡", "子涵", "梓涵", "雨涵", "思雨", "诗涵", "可馨", "一诺", "雨欣", "紫涵", "佳怡", "若汐",
			"语嫣", "梦瑶", "欣妍", "佳琪", "雨桐", "思涵", "心怡", "梓萱", "馨悦", "雅雯", "芮", "悦"},
	},
	{ // male
		{"建国", "建军", "国庆", "国强", "志强", "玉山", "德明", "福贵", "永福", "有才", "生财", "进财",
			"文斌", "振华", "双喜", "海龙", "明德", "学文", "守仁", "满仓", "正荣", "万福", "长林", "金山"},
		{"卫东", "红军", "志刚", "海军", "建华", "永强", "振国", "国华", "学军", "兴旺", "世杰", "晓明",
			"立新", "向东", "文军", "小平", "宏伟", "伟", "军", "勇", "斌", "建平", "继红", "永刚"},
		{"磊", "强", "涛", "鹏", "杰", "超", "浩", "亮", "刚", "俊", "小龙", "海涛", "建峰", "志鹏",
			"文博", "国栋", "晓东", "宇", "鑫", "鹏飞", "龙", "旭东", "建伟", "亚军"},
		{"浩然", "子轩", "宇轩", "梓豪", "俊杰", "博文", "浩宇", "子豪", "睿", "一鸣", "嘉乐", "天佑",
			"宇航", "晨阳", "子墨", "奕辰", "佳豪", "皓轩", "明轩", "思远", "沐阳", "梓睿", "泽宇", "航"},
	},
}

// ethnicities are 民族 with weights for the Dingxi area (overwhelmingly 汉族).
var ethnicities = []weighted{{"汉族", 9800}, {"回族", 150}, {"藏族", 20}, {"东乡族", 20}, {"满族", 10}}

// employers lists plausible 务工企业名称 by work location (indexes of registry.WorkLocations).
var employers = [5][]string{
	{"种植专业合作社", "马铃薯专业合作社", "中药材种植专业合作社", "养殖专业合作社", "农机服务专业合作社",
		"蔬菜种植基地", "建筑队"},
	{"建筑工程有限公司", "农业开发有限公司", "薯业有限公司", "中药材加工有限公司", "劳务服务有限公司",
		"商贸有限公司", "物流有限公司"},
	{"兰州新区某建筑工程有限公司", "兰州某餐饮管理有限公司", "白银某工贸有限公司", "天水某电子科技有限公司",
		"酒泉某新能源有限公司", "嘉峪关某钢铁配套有限公司", "武威某农业科技有限公司"},
	{"新疆某棉业有限公司", "宁波某电子有限公司", "苏州某精密制造有限公司", "福州某鞋业有限公司",
		"天津某建筑工程有限公司", "深圳某电子科技有限公司", "厦门某食品有限公司", "青岛某纺织有限公司",
		"宁夏某枸杞种植有限公司", "内蒙古某建设工程有限公司"},
	{"中国某建筑集团海外工程有限公司", "某国际经济技术合作有限公司"},
}

// workChannels are 就业渠道 for ordinary jobs, local and away.
var (
	localChannels = []weighted{{"自主就业", 50}, {"亲友介绍", 20}, {"就业帮扶车间", 20}, {"企业招聘", 10}}
	awayChannels  = []weighted{{"自主就业", 40}, {"政府组织劳务输出", 30}, {"亲友介绍", 20}, {"企业招聘", 10}}
)

// channelWorkshop and channelPost are the 就业渠道 of workshop and public-welfare-post jobs:
// neither may be far from home.
const (
	channelWorkshop = "就业帮扶车间"
	channelPost     = "公益性岗位"
)

// postDuties are the duties of rural public-welfare posts, shown in the post measure.
var postDuties = []string{"保洁员", "护林员", "道路养护员", "水管员", "护路员", "农家书屋管理员", "防疫员"}

// disasterKinds are the sub-items recorded with 因自然灾害, and otherRisks the remarks of 其他.
var (
	disasterKinds = []string{"冰雹", "干旱", "洪涝", "霜冻", "泥石流", "暴雨"}
	otherRisks    = []string{"因婚致困", "家庭变故", "因赡养负担重", "因债务负担重"}
)

// helperUnits are where 帮扶责任人 work.
var helperUnits = []string{"县农业农村局", "县教育局", "县卫生健康局", "县人社局", "县财政局", "县自然资源局",
	"县住建局", "县水务局", "县民政局", "乡镇人民政府", "县委组织部", "县供销社"}

// villageGroups are the names of village groups (社) in addresses.
var villageGroups = []string{"一社", "二社", "三社", "四社", "五社", "六社", "七社", "八社", "九社", "十社"}

// mobilePrefixes are the first three digits of mainland mobile numbers.
var mobilePrefixes = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
	"151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "176", "177", "178", "180",
	"181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"}

// disabilityWeights weighs registry.DisabilityCategories (视力 听力 言语 肢体 智力 精神 多重), and
// disabilityGrades the grades 1–4.
var (
	disabilityWeights = []int{12, 15, 3, 45, 8, 8, 9}
	disabilityGrades  = []int{10, 20, 35, 35}
	gradeNames        = []string{"一级", "二级", "三级", "四级"}
)

// weighted is a value with a weight, for draws from skewed lists.
type weighted struct {
	v string
	w int
}
