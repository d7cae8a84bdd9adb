package relocation

import (
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The county lists of this domain, each described once for import and export (listfile). What
// a file changes: 安置点台账 the sites it lists (by 安置点编号); 配套设施管护台账 the facilities of
// the sites it names (a site's facilities are replaced by the file's); 搬迁户安置名单 the links of
// the households it lists; 后续扶持记录 adds its records (a record of the same household, day and
// kind is replaced).

// SiteRow is a row of the 安置点台账.
type SiteRow struct {
	Row   int
	Place listfile.Place
	Site
}

// FacilityRow is a row of the 配套设施管护台账.
type FacilityRow struct {
	Row int
	Facility
}

// ResidentRow is a row of the 搬迁户安置名单: the household by 户编号, or by the ID number of
// its head (or of any member) when the county's list has no 户编号.
type ResidentRow struct {
	Row      int
	HeadName string
	HeadID   string
	Resident
}

// FollowUpRow is a row of the 后续扶持记录, the household named as in ResidentRow.
type FollowUpRow struct {
	Row      int
	HeadName string
	HeadID   string
	FollowUp
}

// Names returns a region's township and village names for the export.
type Names func(region.Code) (town, village string)

// SiteList is the 安置点台账.
func SiteList(names Names) *listfile.List[SiteRow] {
	fs := []listfile.Field[SiteRow]{
		listfile.Text("安置点编号", []string{"编号", "安置点代码"}, MaxID, true, func(r *SiteRow) *string { return &r.ID }),
		listfile.Text("安置点名称", []string{"安置点", "名称"}, MaxName, true, func(r *SiteRow) *string { return &r.Name }),
	}
	fs = append(fs, listfile.PlaceFields(func(r *SiteRow) *listfile.Place { return &r.Place },
		func(r *SiteRow) region.Code { return r.Region }, names)...)
	fs = append(fs,
		listfile.Enum("安置方式", []string{"安置类型"}, Ways, WaySpell, false, func(r *SiteRow) *string { return &r.Way }),
		listfile.Int("安置户数", []string{"搬迁户数", "安置总户数"}, false, func(r *SiteRow) *int { return &r.Households }),
		listfile.Int("安置人数", []string{"搬迁人数", "安置总人数"}, false, func(r *SiteRow) *int { return &r.People }),
		listfile.Date("建成时间", []string{"建成日期", "竣工日期"}, false, func(r *SiteRow) *registry.Date { return &r.Built }),
		listfile.Text("物业管理单位", []string{"社区管护单位", "物业服务单位", "物业公司"}, MaxName, false, func(r *SiteRow) *string { return &r.Manager }),
		listfile.Text("社区服务", []string{"配套公共服务", "社区服务设施"}, MaxNote, false, func(r *SiteRow) *string { return &r.Services }),
	)
	return &listfile.List[SiteRow]{Key: "sites", Title: "安置点台账", Help: "每行一个安置点：编号、名称、所在乡镇和村（或 12 位区划代码）、安置方式、安置户数和人数、物业管理单位", Fields: fs}
}

// FacilityList is the 配套设施管护台账.
func FacilityList() *listfile.List[FacilityRow] {
	return &listfile.List[FacilityRow]{Key: "facilities", Title: "配套设施管护台账",
		Help: "每行一项配套设施：所属安置点编号、设施名称和类型、管护责任人、管护经费和经费来源；导入后，文件中出现的安置点的设施以文件为准",
		Fields: []listfile.Field[FacilityRow]{
			listfile.Text("安置点编号", []string{"所属安置点编号"}, MaxID, true, func(r *FacilityRow) *string { return &r.SiteID }),
			listfile.Text("设施名称", []string{"配套设施名称", "设施"}, MaxName, true, func(r *FacilityRow) *string { return &r.Name }),
			listfile.Enum("设施类型", []string{"类型"}, FacilityKinds, FacilityKindSpell, false, func(r *FacilityRow) *string { return &r.Kind }),
			listfile.Text("管护责任人", []string{"管护责任单位", "管护主体", "管护人"}, MaxName, false, func(r *FacilityRow) *string { return &r.Custodian }),
			listfile.Phone("联系电话", []string{"管护人电话"}, func(r *FacilityRow) *string { return &r.Phone }),
			listfile.Money("管护经费（元）", []string{"管护经费", "年度管护经费"}, false, func(r *FacilityRow) *registry.Money { return &r.Funding }),
			listfile.Text("经费来源", []string{"管护经费来源"}, MaxName, false, func(r *FacilityRow) *string { return &r.Source }),
		}}
}

// householdCheck asks for the household's 户编号 or an ID number.
func householdCheck(no, id string) [][2]string {
	if no == "" && id == "" {
		return [][2]string{{"户编号", "请填写户编号或户主证件号码"}}
	}
	return nil
}

// ResidentList is the 搬迁户安置名单.
func ResidentList() *listfile.List[ResidentRow] {
	return &listfile.List[ResidentRow]{Key: "residents", Title: "搬迁户安置名单",
		Help: "每行一户搬迁户：安置点编号、户编号（或户主证件号码）、搬迁人数、入住日期",
		Fields: []listfile.Field[ResidentRow]{
			listfile.Text("安置点编号", nil, MaxID, true, func(r *ResidentRow) *string { return &r.SiteID }),
			listfile.Text("户编号", nil, 64, false, func(r *ResidentRow) *string { return &r.HouseholdNo }),
			listfile.Text("户主姓名", []string{"姓名"}, 50, false, func(r *ResidentRow) *string { return &r.HeadName }),
			listfile.IDNumber("户主证件号码", []string{"证件号码", "身份证号码", "户主身份证号"}, false, func(r *ResidentRow) *string { return &r.HeadID }),
			listfile.Int("搬迁人数", []string{"安置人数"}, false, func(r *ResidentRow) *int { return &r.People }),
			listfile.Date("入住日期", []string{"入住时间", "搬迁入住日期"}, false, func(r *ResidentRow) *registry.Date { return &r.MovedIn }),
		},
		Check: func(r *ResidentRow) [][2]string { return householdCheck(r.HouseholdNo, r.HeadID) }}
}

// FollowUpList is the 后续扶持记录.
func FollowUpList() *listfile.List[FollowUpRow] {
	return &listfile.List[FollowUpRow]{Key: "followups", Title: "后续扶持记录",
		Help: "每行一次后续扶持：户编号（或户主证件号码）、日期、扶持类别、扶持内容、经办人",
		Fields: []listfile.Field[FollowUpRow]{
			listfile.Text("户编号", nil, 64, false, func(r *FollowUpRow) *string { return &r.HouseholdNo }),
			listfile.Text("户主姓名", []string{"姓名"}, 50, false, func(r *FollowUpRow) *string { return &r.HeadName }),
			listfile.IDNumber("户主证件号码", []string{"证件号码", "身份证号码"}, false, func(r *FollowUpRow) *string { return &r.HeadID }),
			listfile.Date("扶持日期", []string{"日期", "时间"}, true, func(r *FollowUpRow) *registry.Date { return &r.On }),
			listfile.Enum("扶持类别", []string{"类别", "扶持类型"}, SupportKinds, SupportSpell, true, func(r *FollowUpRow) *string { return &r.Kind }),
			listfile.Text("扶持内容", []string{"内容", "具体措施"}, MaxNote, true, func(r *FollowUpRow) *string { return &r.Content }),
			listfile.Text("经办人", []string{"帮扶人", "填报人"}, MaxName, false, func(r *FollowUpRow) *string { return &r.By }),
		},
		Check: func(r *FollowUpRow) [][2]string { return householdCheck(r.HouseholdNo, r.HeadID) }}
}
