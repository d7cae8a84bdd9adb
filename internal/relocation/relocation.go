// Package relocation is the domain of the follow-up of poverty relocation (易地扶贫搬迁后续扶持,
// DOMAIN.md section 6, indicator 3): the resettlement sites (安置点) with where they are, how
// many households and people they took in and who manages the community; their facilities
// (配套设施) with the custodian and the upkeep funding of each; the relocated households of the
// registry linked to their site; and the follow-up support (后续扶持) given to each household
// — jobs, training, industry, services.
//
// The package holds the types and their validation, what the domain knows about a household for
// the screening rules (Facts), the site as the object rules judge it (SiteObject), and the
// county lists as listfile describes them (lists.go). It reads no database: the SQL is
// internal/store/relocation.go.
package relocation

import (
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Domain names the facts of this package: rules read them as House.Fact(relocation.Domain).
const Domain = "relocation"

// KindSite is the kind of object the site rules judge, stored as the findings' subject kind.
const KindSite = "relocation_site"

// Ways are the ways a site resettles (安置方式).
var Ways = []string{"城镇安置", "集镇安置", "中心村安置", "产业园区安置", "乡村旅游区安置", "其他"}

// WaySpell maps other spellings of the ways to theirs.
var WaySpell = map[string]string{"县城安置": "城镇安置", "城区安置": "城镇安置", "进城安置": "城镇安置", "集镇": "集镇安置",
	"中心村": "中心村安置", "园区安置": "产业园区安置", "工业园区安置": "产业园区安置", "旅游区安置": "乡村旅游区安置"}

// FacilityKinds are the kinds of a site's facilities.
var FacilityKinds = []string{"公共服务设施", "基础设施", "产业配套设施", "其他"}

// FacilityKindSpell maps other spellings of the facility kinds.
var FacilityKindSpell = map[string]string{"公共服务": "公共服务设施", "公服设施": "公共服务设施", "基础": "基础设施",
	"产业配套": "产业配套设施", "产业设施": "产业配套设施"}

// SupportKinds are the kinds of follow-up support (后续扶持).
var SupportKinds = []string{"就业帮扶", "技能培训", "产业帮扶", "公益性岗位", "社区融入", "公共服务", "其他"}

// SupportSpell maps other spellings of the support kinds.
var SupportSpell = map[string]string{"就业": "就业帮扶", "就业服务": "就业帮扶", "培训": "技能培训", "产业": "产业帮扶",
	"公益岗位": "公益性岗位", "社区治理": "社区融入", "融入": "社区融入", "教育": "公共服务", "医疗": "公共服务"}

// Employment reports whether a kind of support helps a person to a job.
func Employment(kind string) bool {
	return kind == "就业帮扶" || kind == "技能培训" || kind == "公益性岗位"
}

// Limits of the texts, in characters.
const (
	MaxID   = listfile.MaxID
	MaxName = 100
	MaxNote = 500
)

// Site is a resettlement site (安置点).
type Site struct {
	ID         string
	County     region.Code
	Region     region.Code // where it lies: a village (community), township or the county
	Name       string
	Way        string // one of Ways, or ""
	Households int    // 安置户数 as planned
	People     int    // 安置人数 as planned
	Built      registry.Date
	// Manager is who manages the community and keeps it clean (物业管理或社区管护单位); ""
	// when nobody does.
	Manager  string
	Services string // community services (社区服务：学校、卫生室、就业服务站 …), free text
	Source   string
}

// Validate checks the site.
func (s *Site) Validate() error {
	if err := listfile.ValidID("安置点编号", s.ID); err != nil {
		return err
	}
	if s.Region.Level() == 0 || s.County != s.Region.County() {
		return errs.E(errs.Invalid, "安置点「%s」的所在地区「%s」无效", s.Name, s.Region)
	}
	if err := listfile.CheckText("安置点名称", s.Name, MaxName, true); err != nil {
		return err
	}
	if s.Way != "" && !registry.In(Ways, s.Way) {
		return errs.E(errs.Invalid, "安置方式应为%s之一", strings.Join(Ways, "、"))
	}
	if s.Households < 0 || s.People < 0 {
		return errs.E(errs.Invalid, "安置户数和人数不能为负数")
	}
	if err := listfile.CheckText("物业管理单位", s.Manager, MaxName, false); err != nil {
		return err
	}
	return listfile.CheckText("社区服务", s.Services, MaxNote, false)
}

// Facility is one of a site's facilities (配套设施) with who looks after it and how its upkeep
// is paid.
type Facility struct {
	County    region.Code
	SiteID    string
	Name      string
	Kind      string // one of FacilityKinds, or ""
	Custodian string // 管护责任单位或责任人; "" when nobody
	Phone     string
	Funding   registry.Money // 管护经费 a year, 元
	Source    string         // 经费来源; "" when none is named
}

// Validate checks the facility.
func (f *Facility) Validate() error {
	if err := listfile.ValidID("安置点编号", f.SiteID); err != nil {
		return err
	}
	if err := listfile.CheckText("设施名称", f.Name, MaxName, true); err != nil {
		return err
	}
	if f.Kind != "" && !registry.In(FacilityKinds, f.Kind) {
		return errs.E(errs.Invalid, "设施类型应为%s之一", strings.Join(FacilityKinds, "、"))
	}
	if f.Funding < 0 {
		return errs.E(errs.Invalid, "管护经费不能为负数")
	}
	if err := listfile.CheckText("管护责任人", f.Custodian, MaxName, false); err != nil {
		return err
	}
	return listfile.CheckText("经费来源", f.Source, MaxName, false)
}

// Funded reports whether the facility's upkeep is paid for: an amount or a named source.
func (f *Facility) Funded() bool { return f.Funding > 0 || strings.TrimSpace(f.Source) != "" }

// Resident is a relocated household of the registry living at a site.
type Resident struct {
	County      region.Code
	SiteID      string
	HouseholdNo string
	People      int // 搬迁人数
	MovedIn     registry.Date
}

// FollowUp is a follow-up support given to a relocated household (后续扶持记录).
type FollowUp struct {
	ID          string
	County      region.Code
	HouseholdNo string
	On          registry.Date
	Kind        string // one of SupportKinds
	Content     string
	By          string // who gave it
	Source      string
}

// Validate checks the record.
func (f *FollowUp) Validate() error {
	if f.HouseholdNo == "" {
		return errs.E(errs.Invalid, "后续扶持记录缺少户编号")
	}
	if f.On.IsZero() {
		return errs.E(errs.Invalid, "后续扶持记录缺少日期")
	}
	if !registry.In(SupportKinds, f.Kind) {
		return errs.E(errs.Invalid, "扶持类别应为%s之一", strings.Join(SupportKinds, "、"))
	}
	if err := listfile.CheckText("扶持内容", f.Content, MaxNote, true); err != nil {
		return err
	}
	return listfile.CheckText("经办人", f.By, MaxName, false)
}

// Facts is what the domain knows about one relocated household, for the household rules
// (House.Fact(Domain), type-asserted to *Facts). A household appears when its county keeps
// the site list or the follow-up records; the flags say which.
type Facts struct {
	// Sites: the county keeps its resettlement sites and their households.
	Sites bool
	// Site is the name of the household's site, "" when no site lists it.
	Site string
	// FollowUps: the county keeps its follow-up records.
	FollowUps bool
	// Support are the household's follow-up records, oldest first.
	Support []Support
}

// Support is a follow-up record as the rules read it.
type Support struct {
	On   registry.Date
	Kind string
}

// Since returns the household's follow-up records on or after the day.
func (f *Facts) Since(d registry.Date) []Support {
	var out []Support
	for _, s := range f.Support {
		if !s.On.Before(d) {
			out = append(out, s)
		}
	}
	return out
}

// SiteObject is a site as the object rules judge it: with its facilities, the relocated
// households it holds and the public-welfare posts that look after it.
type SiteObject struct {
	Site
	Facilities []Facility
	Residents  int // relocated households the site lists
	// CarePosts are the public-welfare posts in force at the site (保洁, 管护 …), from the
	// county's post list; PostsKept says whether the county keeps one.
	CarePosts int
	PostsKept bool
}

// Kind returns KindSite.
func (s *SiteObject) Kind() string { return KindSite }

// ID returns the site's number.
func (s *SiteObject) ID() string { return s.Site.ID }

// Region returns where the site lies.
func (s *SiteObject) Region() region.Code { return s.Site.Region }

// Label names the site.
func (s *SiteObject) Label() string { return "安置点「" + s.Name + "」" }
