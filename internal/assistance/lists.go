package assistance

import (
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The county lists of this domain, each described once for import and export (listfile). What
// a file changes: 农村低收入人口名单 the families it lists (by the head's ID number); 常态化帮扶记录
// adds its records (one per family, day and way); 小额信贷台账 the loans it lists (by 合同编号);
// 贷款意愿登记 the wishes it lists (by household and day); 评级授信名单 the households it lists.

// Names returns a region's township and village names for the export.
type Names func(region.Code) (town, village string)

// FamilyRow is a row of the 农村低收入人口名单.
type FamilyRow struct {
	Row   int
	Place listfile.Place
	Family
}

// RecordRow is a row of the 常态化帮扶记录: the family by its head's ID number.
type RecordRow struct {
	Row    int
	Head   string
	HeadID string
	Record
}

// LoanRow is a row of the 小额信贷台账.
type LoanRow struct {
	Row   int
	Place listfile.Place
	Loan
}

// WishRow is a row of the 贷款意愿登记.
type WishRow struct {
	Row    int
	Head   string
	HeadID string
	Wish
}

// RatedRow is a row of the 评级授信名单.
type RatedRow struct {
	Row int
	Rated
}

// FamilyList is the 农村低收入人口名单 from civil affairs.
func FamilyList(names Names) *listfile.List[FamilyRow] {
	fs := listfile.PlaceFields(func(r *FamilyRow) *listfile.Place { return &r.Place },
		func(r *FamilyRow) region.Code { return r.Village }, names)
	fs = append(fs,
		listfile.Text("户主姓名", []string{"姓名", "申请人姓名"}, 50, true, func(r *FamilyRow) *string { return &r.Head }),
		listfile.IDNumber("户主证件号码", []string{"证件号码", "身份证号码", "申请人身份证号码"}, true, func(r *FamilyRow) *string { return &r.HeadID }),
		listfile.Int("家庭人口", []string{"保障人数", "家庭人口数", "共同生活人数"}, false, func(r *FamilyRow) *int { return &r.Size }),
		listfile.Enum("类别", []string{"低收入人口类别", "救助类别", "对象类别"}, Categories, CategorySpell, true, func(r *FamilyRow) *string { return &r.Category }),
		listfile.Date("认定日期", []string{"认定时间", "纳入日期"}, false, func(r *FamilyRow) *registry.Date { return &r.Since }),
		listfile.Flag("是否住院或患大病", []string{"是否住院", "是否患大病"}, false, func(r *FamilyRow) *registry.Flag { return &r.Ill }),
		listfile.Date("住院或确诊日期", []string{"住院日期", "确诊日期"}, false, func(r *FamilyRow) *registry.Date { return &r.IllOn }),
	)
	return &listfile.List[FamilyRow]{Key: "families", Title: "农村低收入人口名单",
		Help:   "民政部门的名单，每行一户：所在乡镇和村、户主姓名和证件号码、家庭人口、类别（低保、特困、低保边缘、刚性支出困难）、认定日期、是否住院或患大病及日期",
		Fields: fs,
		Check: func(r *FamilyRow) [][2]string {
			if r.Ill == registry.Yes && r.IllOn.IsZero() {
				return [][2]string{{"住院或确诊日期", "住院或患大病的应填写住院或确诊日期"}}
			}
			return nil
		}}
}

// RecordList is the 常态化帮扶记录.
func RecordList() *listfile.List[RecordRow] {
	return &listfile.List[RecordRow]{Key: "records", Title: "常态化帮扶记录",
		Help: "每行一次帮扶：户主姓名和证件号码（须在低收入人口名单中）、日期、方式（入户走访、电话联系、帮扶手册更新、措施调整）、帮扶人、帮扶内容",
		Fields: []listfile.Field[RecordRow]{
			listfile.Text("户主姓名", []string{"姓名"}, 50, false, func(r *RecordRow) *string { return &r.Head }),
			listfile.IDNumber("户主证件号码", []string{"证件号码", "身份证号码"}, true, func(r *RecordRow) *string { return &r.HeadID }),
			listfile.Date("帮扶日期", []string{"日期", "走访日期"}, true, func(r *RecordRow) *registry.Date { return &r.On }),
			listfile.Enum("帮扶方式", []string{"方式"}, Ways, WaySpell, true, func(r *RecordRow) *string { return &r.Way }),
			listfile.Text("帮扶人", []string{"走访人", "经办人"}, 50, false, func(r *RecordRow) *string { return &r.By }),
			listfile.Text("帮扶内容", []string{"内容", "帮扶情况"}, MaxNote, true, func(r *RecordRow) *string { return &r.Done }),
		}}
}

// LoanList is the 小额信贷台账.
func LoanList(names Names) *listfile.List[LoanRow] {
	fs := []listfile.Field[LoanRow]{
		listfile.Text("合同编号", []string{"借据编号", "贷款编号"}, MaxID, true, func(r *LoanRow) *string { return &r.ID }),
	}
	fs = append(fs, listfile.PlaceFields(func(r *LoanRow) *listfile.Place { return &r.Place },
		func(r *LoanRow) region.Code { return r.Village }, names)...)
	fs = append(fs,
		listfile.Text("户编号", nil, 64, false, func(r *LoanRow) *string { return &r.HouseholdNo }),
		listfile.Text("借款人", []string{"借款人姓名", "姓名"}, 50, true, func(r *LoanRow) *string { return &r.Borrower }),
		listfile.IDNumber("借款人证件号码", []string{"证件号码", "身份证号码"}, true, func(r *LoanRow) *string { return &r.BorrowerID }),
		listfile.Text("贷款银行", []string{"放款银行", "经办银行"}, MaxName, false, func(r *LoanRow) *string { return &r.Bank }),
		listfile.Money("贷款金额（元）", []string{"贷款金额", "放款金额"}, true, func(r *LoanRow) *registry.Money { return &r.Amount }),
		listfile.Date("放款日期", []string{"发放日期"}, true, func(r *LoanRow) *registry.Date { return &r.Issued }),
		listfile.Date("到期日期", []string{"到期日"}, false, func(r *LoanRow) *registry.Date { return &r.Due }),
		listfile.Text("贷款用途", []string{"用途"}, MaxName, false, func(r *LoanRow) *string { return &r.Use }),
		listfile.Enum("贷款状态", []string{"状态"}, LoanStatuses, LoanStatusSpell, true, func(r *LoanRow) *string { return &r.Status }),
		listfile.Date("还清日期", []string{"结清日期"}, false, func(r *LoanRow) *registry.Date { return &r.Repaid }),
		listfile.Money("逾期金额（元）", []string{"逾期金额"}, false, func(r *LoanRow) *registry.Money { return &r.Overdue }),
	)
	return &listfile.List[LoanRow]{Key: "loans", Title: "小额信贷台账",
		Help:   "每行一笔贷款：合同编号、所在乡镇和村、户编号、借款人和证件号码、银行、金额、放款和到期日期、用途、状态（正常、已还清、逾期、展期）",
		Fields: fs}
}

// WishList is the 贷款意愿登记 made at visits.
func WishList() *listfile.List[WishRow] {
	return &listfile.List[WishRow]{Key: "wishes", Title: "贷款意愿登记",
		Help: "每行一次走访时的登记：户编号（或户主证件号码）、走访日期、是否有贷款意愿、说明、走访人",
		Fields: []listfile.Field[WishRow]{
			listfile.Text("户编号", nil, 64, false, func(r *WishRow) *string { return &r.HouseholdNo }),
			listfile.Text("户主姓名", []string{"姓名"}, 50, false, func(r *WishRow) *string { return &r.Head }),
			listfile.IDNumber("户主证件号码", []string{"证件号码"}, false, func(r *WishRow) *string { return &r.HeadID }),
			listfile.Date("走访日期", []string{"登记日期", "日期"}, true, func(r *WishRow) *registry.Date { return &r.On }),
			listfile.Flag("是否有贷款意愿", []string{"贷款意愿", "是否有意愿"}, true, func(r *WishRow) *registry.Flag { return &r.Wants }),
			listfile.Text("说明", []string{"备注", "用途"}, MaxNote, false, func(r *WishRow) *string { return &r.Note }),
			listfile.Text("走访人", []string{"登记人"}, 50, false, func(r *WishRow) *string { return &r.By }),
		},
		Check: func(r *WishRow) [][2]string {
			if r.HouseholdNo == "" && r.HeadID == "" {
				return [][2]string{{"户编号", "请填写户编号或户主证件号码"}}
			}
			return nil
		}}
}

// RatedList is the 评级授信名单 the banks keep.
func RatedList() *listfile.List[RatedRow] {
	return &listfile.List[RatedRow]{Key: "ratings", Title: "评级授信名单",
		Help: "每行一户：户编号、户主姓名和证件号码、信用等级、授信额度、评级日期",
		Fields: []listfile.Field[RatedRow]{
			listfile.Text("户编号", nil, 64, true, func(r *RatedRow) *string { return &r.HouseholdNo }),
			listfile.Text("户主姓名", []string{"姓名"}, 50, false, func(r *RatedRow) *string { return &r.Name }),
			listfile.IDNumber("户主证件号码", []string{"证件号码"}, false, func(r *RatedRow) *string { return &r.IDNumber }),
			listfile.Text("信用等级", []string{"评级"}, 20, false, func(r *RatedRow) *string { return &r.Rating }),
			listfile.Money("授信额度（元）", []string{"授信额度"}, false, func(r *RatedRow) *registry.Money { return &r.Limit }),
			listfile.Date("评级日期", []string{"授信日期"}, false, func(r *RatedRow) *registry.Date { return &r.On }),
		}}
}
