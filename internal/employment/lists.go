package employment

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The county lists of this domain, each described once for import and export (listfile). What
// a file changes: 公益性岗位台账 the posts it lists (by 岗位编号) — each department's file holds
// its own posts, so the lists of 人社, 林草, 交通 and 水利 sit beside 乡村振兴's; 岗位补贴发放记录
// the months it lists of the posts it names; 就业帮扶车间台账 the workshops it lists; 车间务工人员
// 名单 the workers of the workshops it names (replaced by the file's); 务工监测 the figures of the
// regions and years it lists; 就业需求登记 the needs it lists (by person and day).

// Names returns a region's township and village names for the export.
type Names func(region.Code) (town, village string)

// PostRow is a row of the 公益性岗位台账.
type PostRow struct {
	Row   int
	Place listfile.Place
	Post
}

// PayRow is a row of the 岗位补贴发放记录.
type PayRow struct {
	Row int
	Pay
}

// WorkshopRow is a row of the 就业帮扶车间台账.
type WorkshopRow struct {
	Row   int
	Place listfile.Place
	Workshop
}

// WorkerRow is a row of the 车间务工人员名单.
type WorkerRow struct {
	Row int
	Worker
}

// FigureRow is a row of the 务工监测.
type FigureRow struct {
	Row   int
	Place listfile.Place
	Figure
}

// NeedRow is a row of the 就业需求登记.
type NeedRow struct {
	Row   int
	Place listfile.Place
	Need
}

// PostList is the 公益性岗位台账.
func PostList(names Names) *listfile.List[PostRow] {
	fs := []listfile.Field[PostRow]{
		listfile.Text("岗位编号", []string{"编号", "岗位代码"}, MaxID, true, func(r *PostRow) *string { return &r.ID }),
	}
	fs = append(fs, listfile.PlaceFields(func(r *PostRow) *listfile.Place { return &r.Place },
		func(r *PostRow) region.Code { return r.Village }, names)...)
	fs = append(fs,
		listfile.Enum("岗位类型", []string{"公益性岗位类型"}, PostTypes, PostTypeSpell, true, func(r *PostRow) *string { return &r.Type }),
		listfile.Text("岗位名称", []string{"岗位", "工作内容"}, MaxName, false, func(r *PostRow) *string { return &r.Title }),
		listfile.Enum("主管部门", []string{"管理部门", "开发部门", "部门"}, Departments, DepartmentSpell, true, func(r *PostRow) *string { return &r.Department }),
		listfile.Text("用工单位", []string{"聘用单位", "使用单位"}, MaxName, false, func(r *PostRow) *string { return &r.Unit }),
		listfile.Text("姓名", []string{"在岗人员姓名", "人员姓名"}, 50, true, func(r *PostRow) *string { return &r.Holder }),
		listfile.IDNumber("证件号码", []string{"身份证号码", "身份证号"}, true, func(r *PostRow) *string { return &r.HolderID }),
		listfile.Phone("联系电话", nil, func(r *PostRow) *string { return &r.Phone }),
		listfile.Money("月补贴（元）", []string{"岗位补贴", "月工资", "月补贴标准"}, false, func(r *PostRow) *registry.Money { return &r.Pay }),
		listfile.Text("资金来源", nil, MaxName, false, func(r *PostRow) *string { return &r.Funding }),
		listfile.Date("上岗日期", []string{"聘用日期", "开始日期"}, false, func(r *PostRow) *registry.Date { return &r.Start }),
		listfile.Date("离岗日期", []string{"解聘日期", "结束日期"}, false, func(r *PostRow) *registry.Date { return &r.End }),
		listfile.Text("安置点编号", []string{"所在安置点编号"}, MaxID, false, func(r *PostRow) *string { return &r.SiteID }),
	)
	return &listfile.List[PostRow]{Key: "posts", Title: "公益性岗位台账",
		Help:   "每行一个岗位和在岗人员：岗位编号、所在乡镇和村、岗位类型和名称、主管部门（乡村振兴、人社、林草、交通、水利）、用工单位、姓名、证件号码、月补贴、上岗和离岗日期",
		Fields: fs}
}

// PayList is the 岗位补贴发放记录.
func PayList() *listfile.List[PayRow] {
	return &listfile.List[PayRow]{Key: "pays", Title: "岗位补贴发放记录",
		Help: "每行一个岗位一个月：岗位编号、年月、是否在岗、应发和实发金额、发放日期（未发放的留空）",
		Fields: []listfile.Field[PayRow]{
			listfile.Text("岗位编号", nil, MaxID, true, func(r *PayRow) *string { return &r.PostID }),
			listfile.Month("年月", []string{"月份", "发放月份"}, true, func(r *PayRow) *registry.Month { return &r.Month }),
			listfile.Flag("是否在岗", []string{"在岗"}, false, func(r *PayRow) *registry.Flag { return &r.Worked }),
			listfile.Money("应发金额（元）", []string{"应发金额", "应发补贴"}, false, func(r *PayRow) *registry.Money { return &r.Due }),
			listfile.Money("实发金额（元）", []string{"实发金额", "实发补贴"}, false, func(r *PayRow) *registry.Money { return &r.Paid }),
			listfile.Date("发放日期", []string{"发放时间"}, false, func(r *PayRow) *registry.Date { return &r.PaidOn }),
		}}
}

// WorkshopList is the 就业帮扶车间台账.
func WorkshopList(names Names) *listfile.List[WorkshopRow] {
	fs := []listfile.Field[WorkshopRow]{
		listfile.Text("车间编号", []string{"编号"}, MaxID, true, func(r *WorkshopRow) *string { return &r.ID }),
		listfile.Text("车间名称", []string{"名称", "就业帮扶车间名称"}, MaxName, true, func(r *WorkshopRow) *string { return &r.Name }),
		listfile.Text("经营主体", []string{"经营单位", "企业名称"}, MaxName, false, func(r *WorkshopRow) *string { return &r.Owner }),
	}
	fs = append(fs, listfile.PlaceFields(func(r *WorkshopRow) *listfile.Place { return &r.Place },
		func(r *WorkshopRow) region.Code { return r.Village }, names)...)
	fs = append(fs,
		listfile.Text("主营产业", []string{"产业类型", "主要产品"}, MaxName, false, func(r *WorkshopRow) *string { return &r.Industry }),
		listfile.Enum("运营状态", []string{"状态", "经营状态"}, Statuses, StatusSpell, true, func(r *WorkshopRow) *string { return &r.Status }),
		listfile.Date("认定日期", []string{"认定时间"}, false, func(r *WorkshopRow) *registry.Date { return &r.Recognized }),
		listfile.Int("认定时吸纳脱贫人口数", []string{"吸纳脱贫人口数", "认定时吸纳人数"}, false, func(r *WorkshopRow) *int { return &r.Hired }),
		listfile.Money("累计享受补贴（元）", []string{"享受补贴", "补贴金额"}, false, func(r *WorkshopRow) *registry.Money { return &r.Subsidy }),
	)
	return &listfile.List[WorkshopRow]{Key: "workshops", Title: "就业帮扶车间台账",
		Help: "每行一个车间：编号、名称、经营主体、所在乡镇和村、运营状态（运营、困难、停产）、认定日期、认定时吸纳脱贫人口数、累计享受补贴", Fields: fs}
}

// WorkerList is the 车间务工人员名单.
func WorkerList() *listfile.List[WorkerRow] {
	return &listfile.List[WorkerRow]{Key: "workers", Title: "车间务工人员名单",
		Help: "每行一名务工人员：车间编号、姓名、证件号码、入职和离职日期、务工月数、月工资；导入后，文件中出现的车间的人员以文件为准",
		Fields: []listfile.Field[WorkerRow]{
			listfile.Text("车间编号", nil, MaxID, true, func(r *WorkerRow) *string { return &r.WorkshopID }),
			listfile.Text("姓名", nil, 50, true, func(r *WorkerRow) *string { return &r.Name }),
			listfile.IDNumber("证件号码", []string{"身份证号码"}, true, func(r *WorkerRow) *string { return &r.IDNumber }),
			listfile.Date("入职日期", []string{"务工开始日期"}, false, func(r *WorkerRow) *registry.Date { return &r.Start }),
			listfile.Date("离职日期", []string{"务工结束日期"}, false, func(r *WorkerRow) *registry.Date { return &r.End }),
			listfile.Int("务工月数", []string{"务工时间（月）"}, false, func(r *WorkerRow) *int { return &r.Months }),
			listfile.Money("月工资（元）", []string{"月工资", "月收入"}, false, func(r *WorkerRow) *registry.Money { return &r.Wage }),
		}}
}

// FigureList is the 务工监测: the target labour and how many work, by village or township and
// year.
func FigureList(names Names) *listfile.List[FigureRow] {
	fs := []listfile.Field[FigureRow]{
		listfile.Int("年度", []string{"年份"}, true, func(r *FigureRow) *int { return &r.Year }),
	}
	fs = append(fs, listfile.PlaceFields(func(r *FigureRow) *listfile.Place { return &r.Place },
		func(r *FigureRow) region.Code { return r.Region }, names)...)
	fs = append(fs,
		listfile.Int("脱贫劳动力人数", []string{"劳动力人数", "脱贫劳动力和监测对象劳动力人数"}, true, func(r *FigureRow) *int { return &r.Labour }),
		listfile.Int("务工就业人数", []string{"务工人数", "已就业人数"}, true, func(r *FigureRow) *int { return &r.Employed }),
	)
	return &listfile.List[FigureRow]{Key: "figures", Title: "务工监测",
		Help: "每行一个村或乡镇一个年度：年度、乡镇和村、脱贫劳动力人数、务工就业人数（上年的数字用于同比）", Fields: fs,
		Check: func(r *FigureRow) [][2]string {
			switch {
			case r.Year < 2015 || r.Year > 2100:
				return [][2]string{{"年度", "年度应为四位年份"}}
			case r.Labour < 0 || r.Employed < 0 || r.Employed > r.Labour:
				return [][2]string{{"务工就业人数", "务工就业人数应在 0 到脱贫劳动力人数之间"}}
			}
			return nil
		}}
}

// NeedList is the 就业需求登记.
func NeedList(names Names) *listfile.List[NeedRow] {
	fs := []listfile.Field[NeedRow]{}
	fs = append(fs, listfile.PlaceFields(func(r *NeedRow) *listfile.Place { return &r.Place },
		func(r *NeedRow) region.Code { return r.Village }, names)...)
	fs = append(fs,
		listfile.Text("姓名", nil, 50, true, func(r *NeedRow) *string { return &r.Name }),
		listfile.IDNumber("证件号码", []string{"身份证号码"}, true, func(r *NeedRow) *string { return &r.IDNumber }),
		listfile.Phone("联系电话", nil, func(r *NeedRow) *string { return &r.Phone }),
		listfile.Date("登记日期", []string{"登记时间"}, true, func(r *NeedRow) *registry.Date { return &r.Registered }),
		listfile.Enum("求职意向", []string{"就业意向"}, Wishes, nil, false, func(r *NeedRow) *string { return &r.Wish }),
		listfile.Enum("状态", []string{"帮扶状态"}, NeedStatuses, NeedStatusSpell, true, func(r *NeedRow) *string { return &r.Status }),
		listfile.Date("办结日期", []string{"就业日期"}, false, func(r *NeedRow) *registry.Date { return &r.ClosedOn }),
		listfile.Text("备注", nil, MaxNote, false, func(r *NeedRow) *string { return &r.Note }),
	)
	return &listfile.List[NeedRow]{Key: "needs", Title: "就业需求登记",
		Help: "每行一名有就业意愿而未就业的人：所在乡镇和村、姓名、证件号码、登记日期、求职意向、状态（待帮扶、已推荐、已就业、已放弃）", Fields: fs}
}

// NeedID returns the id of a need: a person registers one need a day.
func NeedID(key string, registered registry.Date) string {
	return "N" + hashID(key+"/"+registered.String())
}

// hashID returns a short stable hash of s: ids derived from ID numbers must not show them.
func hashID(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}
