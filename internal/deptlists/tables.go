package deptlists

import (
	"strings"

	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// The lists' tables: their headers as departments write them, with the aliases seen, and the
// spellings of their values.

// maxListRows bounds a person list: a city's insured roster.
const maxListRows = 2_000_000

type col = tableimport.Column[Row]

type val = tableimport.Value

// spell builds a spelling table: each standard value with the other ways lists write it.
func spell(groups map[string][]string) map[string]string {
	m := map[string]string{}
	for std, others := range groups {
		for _, o := range others {
			m[o] = std
		}
	}
	return m
}

// personCols are the columns every person list has: who the row is about.
func personCols(nameAliases, idAliases []string) []col {
	return []col{
		{Name: "姓名", Aliases: append([]string{"人员姓名", "姓 名"}, nameAliases...), Max: 50,
			Set: func(r *Row, v val) { r.Name = v.Text }},
		{Name: "证件号码", Aliases: append([]string{"身份证号码", "身份证号", "公民身份号码", "公民身份证号码", "身份证件号码", "证件号"}, idAliases...),
			Kind: tableimport.IDNumber, Required: true, NotBlank: true, Max: 30,
			Set: func(r *Row, v val) { r.ID = v.Text }},
	}
}

// checkID refuses a row whose ID number has no ID number's shape.
func checkID(r *Row) [][2]string {
	if r.Key() == "" {
		return [][2]string{{"证件号码", "不是有效的证件号码：应为 18 位身份证号码（旧号码 15 位，残疾人证号 20 或 22 位）"}}
	}
	return nil
}

func table(name string, cols []col, check func(r *Row) [][2]string) *tableimport.Table[Row] {
	return &tableimport.Table[Row]{Name: name, Columns: cols, MaxRows: maxListRows, Check: check}
}

var specs = []*Spec{
	{
		Kind: Medical, Replaces: true, Department: "医疗保障局", Title: "基本医疗保险参保名单", Roster: true,
		Provides: []registry.Field{registry.PResidentMedical, registry.PEmployeeMedical, registry.PCriticalIllness},
		Absent:   []registry.Field{registry.PResidentMedical, registry.PEmployeeMedical},
		Note:     "本年度参保人员名单（城乡居民和职工基本医疗保险），含参保状态、险种和缴费状态；应为导入范围内的全部参保人员",
		Table: table("医保参保名单", append(personCols([]string{"参保人姓名"}, []string{"社会保障号码", "个人编号（身份证号）"}),
			col{Name: "参保状态", Aliases: []string{"人员参保状态", "参保情况"}, Kind: tableimport.Enum,
				Enum: []string{Insured, Suspended, NotInsured},
				Spell: spell(map[string][]string{
					Insured:    {"正常参保", "已参保", "正常", "参保缴费", "在保", "参保中", "正常缴费"},
					Suspended:  {"暂停参保", "暂停", "中断", "中断参保", "终止参保", "终止", "已停保", "停保", "退保"},
					NotInsured: {"未参加", "未参保", "不参保"},
				}),
				Set: func(r *Row, v val) { r.State = v.Text }},
			col{Name: "险种", Aliases: []string{"险种类型", "参保险种", "参保类型", "医疗保险类型", "险种名称"}, Kind: tableimport.Enum,
				Enum: []string{Resident, Employee},
				Spell: spell(map[string][]string{
					Resident: {"城乡居民基本医疗保险", "城乡居民医保", "居民医保", "城乡居民医疗保险", "城乡居民", "居民医疗保险", "城乡居民基本医疗"},
					Employee: {"职工基本医疗保险", "城镇职工基本医疗保险", "职工医保", "城镇职工", "职工医疗保险", "城镇职工医保"},
				}),
				Set: func(r *Row, v val) { r.Type = v.Text }},
			col{Name: "缴费状态", Aliases: []string{"本年度缴费状态", "是否缴费", "缴费情况"}, Kind: tableimport.Enum,
				Enum: []string{"已缴费", "未缴费"},
				Spell: spell(map[string][]string{
					"已缴费": {"已缴", "是", "足额缴费", "已足额缴费", "缴费"},
					"未缴费": {"未缴", "否", "欠费", "未足额缴费"},
				}),
				Set: func(r *Row, v val) { r.Flag = yesIf(v.Text == "已缴费") }},
			col{Name: "参保年度", Aliases: []string{"年度", "缴费年度", "所属年度"}, Kind: tableimport.Int,
				Set: func(r *Row, v val) { r.Year = v.Int }},
			col{Name: "是否参加大病保险", Aliases: []string{"大病保险", "参加大病保险"}, Kind: tableimport.Flag,
				Set: func(r *Row, v val) { r.Flag2 = v.Flag }},
		), func(r *Row) [][2]string {
			if r.State == "" {
				r.State = Insured // a roster of insured persons says so by listing them
			}
			if r.Year != 0 && (r.Year < 2000 || r.Year > 2200) {
				return [][2]string{{"参保年度", "不是有效年度"}}
			}
			return checkID(r)
		}),
	},
	{
		Kind: Education, Replaces: true, Department: "教育局", Title: "学籍名单（控辍保学）",
		Provides: []registry.Field{registry.PSchoolStatus},
		Note:     "在校学生学籍名单，含学校、年级和学籍状态（在读、休学、辍学、转出）",
		Table: table("教育学籍名单", append(personCols([]string{"学生姓名"}, []string{"学生身份证号", "学生身份证号码"}),
			col{Name: "学校名称", Aliases: []string{"学校", "就读学校", "所在学校"}, Max: 100,
				Set: func(r *Row, v val) { r.Place = v.Text }},
			col{Name: "年级", Aliases: []string{"就读年级", "所在年级", "年级名称"}, Max: 30,
				Set: func(r *Row, v val) { r.Grade = v.Text }},
			col{Name: "学籍状态", Aliases: []string{"在校状态", "就读状态", "学生状态", "学籍状况"}, Kind: tableimport.Enum,
				Enum: []string{Enrolled, Suspension, Dropout, Transferred, Graduated},
				Spell: spell(map[string][]string{
					Enrolled:    {"在校", "正常", "在籍", "就读"},
					Suspension:  {"已休学"},
					Dropout:     {"失学", "流失", "未入学", "辍学"},
					Transferred: {"转学", "已转出"},
					Graduated:   {"已毕业"},
				}),
				Set: func(r *Row, v val) { r.State = v.Text }},
		), func(r *Row) [][2]string {
			if r.State == "" {
				r.State = Enrolled
			}
			return checkID(r)
		}),
	},
	{
		Kind: Housing, Replaces: true, Department: "住房和城乡建设局", Title: "农村房屋安全鉴定和危房改造名单", Level: HouseholdLevel, Roster: true,
		Provides: []registry.Field{registry.HHousingGrade, registry.HHousingAppraised, registry.HUnsafeHouse},
		Absent:   []registry.Field{registry.HHousingGrade, registry.HHousingAppraised},
		Note:     "农户住房安全鉴定结果（A、B、C、D 级）和危房改造情况，按户主（或家庭成员）身份证号码匹配；应为导入范围内已鉴定的全部农户",
		Table: table("住建房屋安全鉴定名单", append(personCols([]string{"户主姓名", "户主"}, []string{"户主身份证号码", "户主证件号码", "户主身份证号"}),
			col{Name: "鉴定等级", Aliases: []string{"房屋安全等级", "安全等级", "住房安全等级", "危房等级", "鉴定结果", "鉴定结论"},
				Kind: tableimport.Enum, Enum: registry.HousingGrades, Required: true, NotBlank: true,
				Spell: spell(map[string][]string{
					"A": {"A级", "a", "a级", "A类"}, "B": {"B级", "b", "b级", "B类"},
					"C": {"C级", "c", "c级", "C类", "C级危房"}, "D": {"D级", "d", "d级", "D类", "D级危房"},
				}),
				Set: func(r *Row, v val) { r.Grade = v.Text }},
			col{Name: "鉴定日期", Aliases: []string{"鉴定时间", "评定日期"}, Kind: tableimport.Date,
				Set: func(r *Row, v val) { r.Date = v.Date }},
			col{Name: "改造状态", Aliases: []string{"改造情况", "危房改造情况", "是否改造", "改造进度"}, Kind: tableimport.Enum,
				Enum: []string{NotRebuilt, Rebuilding, Rebuilt, NoNeed},
				Spell: spell(map[string][]string{
					Rebuilt:    {"已竣工", "已完成", "竣工", "已改造", "已验收"},
					Rebuilding: {"在建", "施工中", "正在改造", "改造中"},
					NotRebuilt: {"未开工", "未实施", "未改造"},
					NoNeed:     {"不需改造", "无需", "不需要"},
				}),
				Set: func(r *Row, v val) { r.State = v.Text }},
			col{Name: "竣工日期", Aliases: []string{"改造完成日期", "竣工验收日期", "完成日期"}, Kind: tableimport.Date,
				Set: func(r *Row, v val) { r.Until = v.Date }},
		), checkID),
	},
	{
		Kind: Civil, Replaces: true, Department: "民政局", Title: "低保、特困、临时救助和低保边缘名单", Roster: true,
		Provides: []registry.Field{registry.PDibao, registry.PTekun},
		Absent:   []registry.Field{registry.PDibao, registry.PTekun},
		Note:     "低保、特困供养人员名单（可含临时救助对象和低保边缘家庭成员），含救助类型和保障状态；应为导入范围内的全部在册人员",
		Table: table("民政救助名单", append(personCols([]string{"救助对象姓名", "对象姓名"}, nil),
			col{Name: "救助类型", Aliases: []string{"保障类型", "对象类型", "救助类别", "保障类别", "类别"}, Kind: tableimport.Enum,
				Required: true, NotBlank: true, Enum: []string{Dibao, Tekun, TempAid, DibaoEdge},
				Spell: spell(map[string][]string{
					Dibao:     {"农村低保", "城市低保", "最低生活保障", "农村最低生活保障", "低保对象", "城乡低保"},
					Tekun:     {"特困供养", "特困人员", "农村特困", "城市特困", "特困供养人员", "特困人员救助供养"},
					TempAid:   {"临时救助对象"},
					DibaoEdge: {"低保边缘家庭", "低保边缘户", "边缘", "低保边缘家庭成员"},
				}),
				Set: func(r *Row, v val) { r.Type = v.Text }},
			col{Name: "保障状态", Aliases: []string{"在保状态", "人员状态", "状态"}, Kind: tableimport.Enum,
				Enum: []string{Active, Stopped},
				Spell: spell(map[string][]string{
					Active:  {"正常", "在册", "正常保障", "保障中"},
					Stopped: {"停发", "退保", "取消", "已停保", "终止", "已退出"},
				}),
				Set: func(r *Row, v val) { r.State = v.Text }},
			col{Name: "起始日期", Aliases: []string{"开始日期", "纳入日期", "救助日期", "审批日期"}, Kind: tableimport.Date,
				Set: func(r *Row, v val) { r.Date = v.Date }},
			col{Name: "停止日期", Aliases: []string{"终止日期", "退出日期"}, Kind: tableimport.Date,
				Set: func(r *Row, v val) { r.Until = v.Date }},
			col{Name: "金额", Aliases: []string{"保障金额", "救助金额", "月保障金", "发放金额"}, Kind: tableimport.Money,
				Set: func(r *Row, v val) { r.Amount = v.Money }},
		), func(r *Row) [][2]string {
			if r.State == "" {
				r.State = Active
			}
			return checkID(r)
		}),
	},
	{
		Kind: Police, Department: "公安局", Title: "户籍注销（死亡）和迁出名单", Roster: true,
		Provides: []registry.Field{registry.PDeceasedOn},
		Absent:   []registry.Field{registry.PDeceasedOn},
		Note:     "导入范围内户籍因死亡注销或迁出的人员，含变动类型和日期（殡葬部门的火化名单也可按此导入）",
		Table: table("公安户籍变动名单", append(personCols([]string{"死者姓名"}, nil),
			col{Name: "变动类型", Aliases: []string{"注销原因", "户籍变动类型", "变动原因", "注销类别"}, Kind: tableimport.Enum,
				Enum: []string{Died, MovedOut, OtherChange},
				Spell: spell(map[string][]string{
					Died:        {"死亡注销", "死亡"},
					MovedOut:    {"迁出注销", "户口迁出", "迁移", "迁出"},
					OtherChange: {"参军", "出国", "出国（境）定居", "其他注销"},
				}),
				Set: func(r *Row, v val) { r.State = v.Text }},
			col{Name: "死亡日期", Aliases: []string{"注销日期", "变动日期", "死亡时间", "火化日期"}, Kind: tableimport.Date,
				Set: func(r *Row, v val) { r.Date = v.Date }},
			col{Name: "迁往地", Aliases: []string{"迁往地址", "迁入地"}, Max: 100,
				Set: func(r *Row, v val) { r.Place = v.Text }},
		), func(r *Row) [][2]string {
			if r.State == "" {
				r.State = Died // a death list says so by listing the person
			}
			if r.State == Died && r.Date.IsZero() {
				return [][2]string{{"死亡日期", "死亡人员应填写死亡日期"}}
			}
			return checkID(r)
		}),
	},
	{
		Kind: Disability, Replaces: true, Department: "残疾人联合会", Title: "持证残疾人名单", Roster: true,
		Provides: []registry.Field{registry.PDisabilityCategory, registry.PDisabilityGrade},
		Absent:   []registry.Field{registry.PDisabilityCategory, registry.PDisabilityGrade},
		Note:     "导入范围内持有第二代残疾人证的全部人员，含残疾类别和等级（残疾人证号 20 位的，类别和等级可从证号读出）",
		Table: table("残联持证残疾人名单", append(personCols([]string{"残疾人姓名"}, []string{"残疾人证号", "残疾证号", "残疾人证号码"}),
			col{Name: "残疾类别", Aliases: []string{"残疾类型"}, Kind: tableimport.Enum, Enum: registry.DisabilityCategories,
				Spell: spell(map[string][]string{
					"视力残疾": {"视力", "视力残"}, "听力残疾": {"听力", "听力残"}, "言语残疾": {"言语", "语言残疾", "言语残"},
					"肢体残疾": {"肢体", "肢残"}, "智力残疾": {"智力", "智残"}, "精神残疾": {"精神", "精神残"},
					"多重残疾": {"多重", "综合残疾"},
				}),
				Set: func(r *Row, v val) { r.Type = v.Text }},
			col{Name: "残疾等级", Aliases: []string{"残疾级别", "等级"}, Kind: tableimport.Enum, Enum: grades,
				Spell: spell(map[string][]string{
					"一级": {"1", "一", "1级", "一级残疾", "壹级"}, "二级": {"2", "二", "2级", "二级残疾", "贰级"},
					"三级": {"3", "三", "3级", "三级残疾", "叁级"}, "四级": {"4", "四", "4级", "四级残疾", "肆级"},
				}),
				Set: func(r *Row, v val) { r.Grade = v.Text }},
			col{Name: "发证日期", Aliases: []string{"办证日期", "发证时间", "首次发证日期"}, Kind: tableimport.Date,
				Set: func(r *Row, v val) { r.Date = v.Date }},
			col{Name: "证件状态", Aliases: []string{"持证状态"}, Kind: tableimport.Enum, Enum: []string{Valid, Revoked},
				Spell: spell(map[string][]string{Valid: {"正常", "在用"}, Revoked: {"已注销", "失效", "注销"}}),
				Set:   func(r *Row, v val) { r.State = v.Text }},
		), func(r *Row) [][2]string {
			if r.State == "" {
				r.State = Valid
			}
			// A 20-character certificate number carries the category and the grade.
			if id := strings.TrimSpace(r.ID); len(id) >= 20 {
				if c := id[18]; r.Type == "" && c >= '1' && c <= '7' {
					r.Type = registry.DisabilityCategories[c-'1']
				}
				if g := id[19]; r.Grade == "" && g >= '1' && g <= '4' {
					r.Grade = grades[g-'1']
				}
			}
			return checkID(r)
		}),
	},
	{
		Kind: Labour, Department: "人力资源和社会保障局", Title: "就业和社会保险名单",
		Provides: []registry.Field{registry.PEmployeePension, registry.PResidentPension},
		Note:     "就业登记、失业登记、公益性岗位安置和养老保险参保情况",
		Table: table("人社就业和社保名单", append(personCols(nil, nil),
			col{Name: "就业状态", Aliases: []string{"就业情况", "是否就业"}, Kind: tableimport.Enum,
				Enum: []string{Employed, NotEmployed, Unemployed},
				Spell: spell(map[string][]string{
					Employed:    {"就业", "是", "已就业", "在岗"},
					NotEmployed: {"否", "未就业"},
					Unemployed:  {"失业登记", "登记失业", "失业"},
				}),
				Set: func(r *Row, v val) { r.State = v.Text }},
			col{Name: "就业地点", Aliases: []string{"务工地点", "就业地区", "务工所在地", "就业地"}, Max: 100,
				Set: func(r *Row, v val) { r.Place = v.Text }},
			col{Name: "就业单位", Aliases: []string{"务工单位", "工作单位", "用工单位"}, Max: 100,
				Set: func(r *Row, v val) { r.Unit = v.Text }},
			col{Name: "公益性岗位", Aliases: []string{"公益性岗位名称", "岗位名称", "安置岗位"}, Max: 100,
				Set: func(r *Row, v val) { r.Post = v.Text }},
			col{Name: "参加职工养老保险", Aliases: []string{"职工养老保险", "是否参加城镇职工基本养老保险"}, Kind: tableimport.Flag,
				Set: func(r *Row, v val) { r.Flag = v.Flag }},
			col{Name: "参加居民养老保险", Aliases: []string{"居民养老保险", "是否参加城乡居民基本养老保险"}, Kind: tableimport.Flag,
				Set: func(r *Row, v val) { r.Flag2 = v.Flag }},
		), checkID),
	},
	{
		Kind: Health, Department: "卫生健康局", Title: "大病、慢病和住院费用名单",
		Note: "大病、慢性病患者和住院人员，含病种类别、住院日期、医疗总费用和个人自付费用",
		Table: table("卫健疾病和医疗费用名单", append(personCols([]string{"患者姓名"}, nil),
			col{Name: "疾病名称", Aliases: []string{"病种名称", "诊断", "主要诊断", "疾病诊断"}, Max: 100,
				Set: func(r *Row, v val) { r.Type = v.Text }},
			col{Name: "病种类别", Aliases: []string{"疾病类别", "病种类型", "病种"}, Kind: tableimport.Enum,
				Enum: []string{Serious, Chronic, OtherIll},
				Spell: spell(map[string][]string{
					Serious:  {"重大疾病", "大病专项", "大病救治", "大病"},
					Chronic:  {"慢病", "慢性病门诊", "门诊慢特病", "慢特病", "慢性病"},
					OtherIll: {"普通住院", "普通疾病", "其他"},
				}),
				Set: func(r *Row, v val) { r.State = v.Text }},
			col{Name: "入院日期", Aliases: []string{"住院日期", "就诊日期"}, Kind: tableimport.Date,
				Set: func(r *Row, v val) { r.Date = v.Date }},
			col{Name: "出院日期", Kind: tableimport.Date, Set: func(r *Row, v val) { r.Until = v.Date }},
			col{Name: "医疗总费用", Aliases: []string{"总费用", "医疗费用总额", "住院总费用"}, Kind: tableimport.Money,
				Set: func(r *Row, v val) { r.Total = v.Money }},
			col{Name: "个人自付", Aliases: []string{"合规自付费用", "个人自付费用", "自付金额", "个人负担", "合规自付"}, Kind: tableimport.Money,
				Set: func(r *Row, v val) { r.Amount = v.Money }},
			col{Name: "年度", Aliases: []string{"费用年度", "结算年度"}, Kind: tableimport.Int,
				Set: func(r *Row, v val) { r.Year = v.Int }},
		), func(r *Row) [][2]string {
			if r.Year == 0 && !r.Date.IsZero() {
				r.Year = r.Date.Time().Year()
			}
			if r.Year != 0 && (r.Year < 2000 || r.Year > 2200) {
				return [][2]string{{"年度", "不是有效年度"}}
			}
			if r.Amount < 0 || r.Total < 0 {
				return [][2]string{{"个人自付", "费用不能为负数"}}
			}
			return checkID(r)
		}),
	},
	{
		Kind: Water, Replaces: true, Department: "水利局", Title: "农村供水工程和饮水安全达标名单", Level: VillageLevel,
		Provides: []registry.Field{registry.HWaterSafe, registry.HWaterIssue},
		Note:     "每个行政村一行：村代码（或乡镇和村名）、供水方式，以及水量、水质、用水方便程度、供水保证率是否达标",
		Table: &tableimport.Table[Row]{Name: "水利农村供水名单", MaxRows: 100_000, Columns: []col{
			{Name: "村代码", Aliases: []string{"行政村代码", "村级代码", "区划代码", "行政区划代码"}, Max: 20,
				Set: func(r *Row, v val) { r.Village = v.Text }},
			{Name: "行政村", Aliases: []string{"村名", "村", "村名称", "行政村名称"}, Max: 50,
				Set: func(r *Row, v val) { r.VillageName = v.Text }},
			{Name: "乡镇", Aliases: []string{"乡(镇)", "乡（镇）", "镇", "乡镇名称"}, Max: 50,
				Set: func(r *Row, v val) { r.Town = v.Text }},
			{Name: "供水方式", Aliases: []string{"供水类型", "供水工程类型"}, Kind: tableimport.Enum, Enum: []string{"集中供水", "分散供水"},
				Spell: spell(map[string][]string{"集中供水": {"集中式", "集中", "集中式供水"}, "分散供水": {"分散式", "分散", "分散式供水"}}),
				Set:   func(r *Row, v val) { r.Type = v.Text }},
			{Name: "是否达标", Aliases: []string{"饮水安全是否达标", "达标情况", "是否达到饮水安全标准"}, Kind: tableimport.Flag,
				Set: func(r *Row, v val) { r.Flag = v.Flag }},
			issueCol("水量", "水量是否达标"), issueCol("水质", "水质是否达标"),
			issueCol("用水方便程度", "用水方便程度是否达标"), issueCol("供水保证率", "供水保证率是否达标"),
		}, Check: func(r *Row) [][2]string {
			if r.Village == "" && r.VillageName == "" {
				return [][2]string{{"村代码", "应填写村代码或村名"}}
			}
			switch {
			case r.Flag != registry.Unknown:
			case r.Issues != "":
				r.Flag = registry.No
			case r.Flag2 == registry.Yes:
				r.Flag = registry.Yes // every aspect given meets the standard
			}
			if r.Flag == registry.Unknown {
				return [][2]string{{"是否达标", "应填写是否达标，或水量、水质、用水方便程度、供水保证率是否达标"}}
			}
			return nil
		}},
	},
}

// grades are the disability grades as 残联 writes them.
var grades = []string{"一级", "二级", "三级", "四级"}

// issueCol is a 水利 column that says whether one aspect of drinking water meets the
// standard; an aspect that does not is added to the row's Issues.
func issueCol(aspect, name string) col {
	return col{Name: name, Aliases: []string{aspect, aspect + "达标"}, Kind: tableimport.Flag,
		Set: func(r *Row, v val) {
			r.Flag2 = registry.Yes // Flag2 of a 水利 row: some aspect was given
			if v.Flag == registry.No {
				if r.Issues != "" {
					r.Issues += "、"
				}
				r.Issues += aspect
			}
		}}
}

func yesIf(b bool) registry.Flag {
	if b {
		return registry.Yes
	}
	return registry.No
}
