// Package employment is the domain of employment assistance (就业帮扶, DOMAIN.md section 6,
// indicator 6) beyond the registry's person columns: public-welfare posts as posts (公益性岗位:
// type, employing unit, village, pay, funding, dates, and the holder by ID number across the
// departments that run posts — 乡村振兴, 人社, 林草 生态护林员, 交通, 水利), their months worked
// and pay; employment workshops (就业帮扶车间) with their workers and status; the employment of
// target labour by region this year against last year (务工监测); and the people who want work
// and have none (就业需求).
//
// The package holds the types and their validation, what the domain knows about a household for
// the rules (Facts), the objects the object rules judge, and the county lists (lists.go). It
// reads no database: the SQL is internal/store/employment.go.
package employment

import (
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Domain names the facts of this package: rules read them as House.Fact(employment.Domain).
const Domain = "employment"

// The kinds of object the rules of indicator 6 judge here, stored as the findings' subject kind.
const (
	KindPost         = "post"          // a public-welfare post
	KindVillagePosts = "village_posts" // a village's posts against its labour
	KindPostRegion   = "post_region"   // a county's or township's posts against last year
	KindWorkshop     = "workshop"      // an employment workshop
	KindRegion       = "employment"    // a county's or township's employed target labour against last year
	KindNeed         = "work_need"     // a person who wants work
)

// Departments are the departments that run public-welfare posts.
var Departments = []string{"乡村振兴", "人社", "林草", "交通", "水利", "其他"}

// DepartmentSpell maps the names counties write to the departments.
var DepartmentSpell = map[string]string{
	"乡村振兴局": "乡村振兴", "农业农村局": "乡村振兴", "农业农村": "乡村振兴", "扶贫办": "乡村振兴", "农业农村和乡村振兴局": "乡村振兴",
	"人社局": "人社", "人力资源和社会保障局": "人社", "人力资源社会保障局": "人社", "人力资源和社会保障": "人社",
	"林草局": "林草", "林业和草原局": "林草", "林业局": "林草", "林业": "林草", "林业和草原": "林草",
	"交通局": "交通", "交通运输局": "交通", "交通运输": "交通",
	"水利局": "水利", "水务局": "水利", "水务": "水利",
}

// PostTypes are the types of post, as the national export writes them.
var PostTypes = registry.PublicPostTypes

// PostTypeSpell maps other spellings of the post types.
var PostTypeSpell = map[string]string{"乡村公益岗位": "乡村公益性岗位", "乡村公益岗": "乡村公益性岗位", "农村公益性岗位": "乡村公益性岗位",
	"城镇公益岗位": "城镇公益性岗位", "城镇公益岗": "城镇公益性岗位", "其他": "其他公益性岗位", "生态护林员": "乡村公益性岗位"}

// Workshop statuses (运营状态).
const (
	Running  = "运营"
	Troubled = "困难"
	Stopped  = "停产"
)

// Statuses lists the workshop statuses.
var Statuses = []string{Running, Troubled, Stopped}

// StatusSpell maps other spellings of the statuses.
var StatusSpell = map[string]string{"正常": Running, "正常运营": Running, "运营中": Running, "生产": Running, "经营困难": Troubled,
	"半停产": Troubled, "停工": Stopped, "停业": Stopped, "关闭": Stopped, "已停产": Stopped}

// The statuses of a work need (就业需求).
const (
	NeedOpen      = "待帮扶"
	NeedReferred  = "已推荐"
	NeedEmployed  = "已就业"
	NeedWithdrawn = "已放弃"
)

// NeedStatuses lists the statuses of a need.
var NeedStatuses = []string{NeedOpen, NeedReferred, NeedEmployed, NeedWithdrawn}

// NeedStatusSpell maps other spellings of the need statuses.
var NeedStatusSpell = map[string]string{"未就业": NeedOpen, "待就业": NeedOpen, "已推荐岗位": NeedReferred,
	"已上岗": NeedEmployed, "已安置": NeedEmployed, "放弃": NeedWithdrawn, "不再需要": NeedWithdrawn}

// Closed reports whether a need is settled (employed or withdrawn).
func Closed(status string) bool { return status == NeedEmployed || status == NeedWithdrawn }

// Wishes are what a person wanting work asks for (求职意向).
var Wishes = []string{"公益性岗位", "就业帮扶车间", "县内务工", "外出务工", "技能培训", "自主创业", "其他"}

// Limits of the texts, in characters.
const (
	MaxID   = listfile.MaxID
	MaxName = 100
	MaxNote = 500
)

// Post is a public-welfare post (公益性岗位) with its holder.
type Post struct {
	ID         string
	County     region.Code
	Village    region.Code // where the post is: a village, township or the county
	Type       string      // one of PostTypes
	Title      string      // 岗位名称: 保洁员, 生态护林员, 护路员, 巡河员 …
	Department string      // one of Departments
	Unit       string      // 用工单位
	Pay        registry.Money
	Funding    string // 资金来源
	Start, End registry.Date
	Holder     string // the holder's name as the department spells it
	HolderID   string // the holder's ID number as written
	Phone      string
	SiteID     string // the resettlement site the post looks after, or ""
	Source     string
}

// Validate checks the post.
func (p *Post) Validate() error {
	if err := listfile.ValidID("岗位编号", p.ID); err != nil {
		return err
	}
	if p.Village.Level() == 0 || p.County != p.Village.County() {
		return errs.E(errs.Invalid, "岗位「%s」的所在地区「%s」无效", p.ID, p.Village)
	}
	if !registry.In(PostTypes, p.Type) {
		return errs.E(errs.Invalid, "岗位类型应为%s之一", strings.Join(PostTypes, "、"))
	}
	if !registry.In(Departments, p.Department) {
		return errs.E(errs.Invalid, "主管部门应为%s之一", strings.Join(Departments, "、"))
	}
	if err := listfile.CheckText("在岗人员姓名", p.Holder, 50, true); err != nil {
		return err
	}
	if strings.TrimSpace(p.HolderID) == "" {
		return errs.E(errs.Invalid, "在岗人员证件号码不能为空")
	}
	if p.Pay < 0 {
		return errs.E(errs.Invalid, "岗位补贴不能为负数")
	}
	if !p.End.IsZero() && !p.Start.IsZero() && p.End.Before(p.Start) {
		return errs.E(errs.Invalid, "离岗日期早于上岗日期")
	}
	for _, t := range [][2]string{{"岗位名称", p.Title}, {"用工单位", p.Unit}, {"资金来源", p.Funding}} {
		if err := listfile.CheckText(t[0], t[1], MaxName, false); err != nil {
			return err
		}
	}
	return nil
}

// ActiveOn reports whether the post is held on the day: started (or no start recorded) and not
// ended.
func (p *Post) ActiveOn(d registry.Date) bool {
	return (p.Start.IsZero() || !d.Before(p.Start)) && (p.End.IsZero() || d.Before(p.End))
}

// Pay is a month of a post's pay record (岗位补贴发放记录).
type Pay struct {
	County region.Code
	PostID string
	Month  registry.Month
	Worked registry.Flag // 是否在岗 that month
	Due    registry.Money
	Paid   registry.Money
	PaidOn registry.Date
}

// Workshop is an employment workshop (就业帮扶车间).
type Workshop struct {
	ID         string
	County     region.Code
	Village    region.Code
	Name       string
	Owner      string // 经营主体
	Industry   string // 主营产业
	Status     string // one of Statuses
	Recognized registry.Date
	// Hired is how many 脱贫 or monitored workers it employed when it was recognised.
	Hired   int
	Subsidy registry.Money // subsidies received in all
	Source  string
}

// Validate checks the workshop.
func (w *Workshop) Validate() error {
	if err := listfile.ValidID("车间编号", w.ID); err != nil {
		return err
	}
	if w.Village.Level() == 0 || w.County != w.Village.County() {
		return errs.E(errs.Invalid, "车间「%s」的所在地区「%s」无效", w.Name, w.Village)
	}
	if err := listfile.CheckText("车间名称", w.Name, MaxName, true); err != nil {
		return err
	}
	if !registry.In(Statuses, w.Status) {
		return errs.E(errs.Invalid, "运营状态应为%s之一", strings.Join(Statuses, "、"))
	}
	if w.Hired < 0 || w.Subsidy < 0 {
		return errs.E(errs.Invalid, "吸纳人数和补贴不能为负数")
	}
	for _, t := range [][2]string{{"经营主体", w.Owner}, {"主营产业", w.Industry}} {
		if err := listfile.CheckText(t[0], t[1], MaxName, false); err != nil {
			return err
		}
	}
	return nil
}

// Worker is a person a workshop employs (车间务工人员).
type Worker struct {
	County     region.Code
	WorkshopID string
	Name       string
	IDNumber   string
	Start, End registry.Date
	Months     int
	Wage       registry.Money // a month
}

// ActiveOn reports whether the worker works at the workshop on the day.
func (w *Worker) ActiveOn(d registry.Date) bool {
	return (w.Start.IsZero() || !d.Before(w.Start)) && (w.End.IsZero() || d.Before(w.End))
}

// Figure is the employment of target labour in a village (or a township) in a year: the
// labour (脱贫劳动力 and monitored labour) and how many of them work, from the registry or the
// monthly 务工监测.
type Figure struct {
	County   region.Code
	Region   region.Code
	Year     int
	Labour   int
	Employed int
	Source   string // FromRegistry, FromMonitor
}

// The sources of a Figure.
const (
	FromRegistry = "registry" // counted from the registry's persons
	FromMonitor  = "monitor"  // imported from the 务工监测
)

// Need is a person who wants work and has none (就业需求登记).
type Need struct {
	ID         string
	County     region.Code
	Village    region.Code
	Name       string
	IDNumber   string
	Phone      string
	Registered registry.Date
	Wish       string // one of Wishes
	Status     string // one of NeedStatuses
	ClosedOn   registry.Date
	Note       string
	Source     string
}

// Validate checks the need.
func (n *Need) Validate() error {
	if n.Village.Level() == 0 || n.County != n.Village.County() {
		return errs.E(errs.Invalid, "就业需求的所在地区「%s」无效", n.Village)
	}
	if err := listfile.CheckText("姓名", n.Name, 50, true); err != nil {
		return err
	}
	if n.Registered.IsZero() {
		return errs.E(errs.Invalid, "登记日期不能为空")
	}
	if n.Wish != "" && !registry.In(Wishes, n.Wish) {
		return errs.E(errs.Invalid, "求职意向应为%s之一", strings.Join(Wishes, "、"))
	}
	if !registry.In(NeedStatuses, n.Status) {
		return errs.E(errs.Invalid, "状态应为%s之一", strings.Join(NeedStatuses, "、"))
	}
	return listfile.CheckText("备注", n.Note, MaxNote, false)
}
