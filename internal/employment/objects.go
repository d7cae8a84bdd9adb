package employment

import (
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Facts is what the domain knows about one household's members, for the household rules
// (House.Fact(Domain), type-asserted to *Facts): the posts they hold and the workshops that
// employ them on the day the facts were read, by the member's ID key (listfile.IDKey). A
// household appears when its county keeps a post or workshop list.
type Facts struct {
	Posts     bool                // the county keeps its post list
	Workshops bool                // the county keeps its workshops' workers
	Jobs      map[string][]string // ID key → what employs the member (岗位「…」, 车间「…」)
}

// Employed reports whether the member with the ID key holds a post or works at a workshop.
func (f *Facts) Employed(key string) bool { return key != "" && len(f.Jobs[key]) > 0 }

// HolderFact is what the registry says of a post holder or a workshop worker, found by the
// ID key: the person's household and work.
type HolderFact struct {
	HouseholdNo  string
	Name         string // as the registry spells it
	Home         region.Code
	WorkLocation string
	WorkMonths   registry.Count
	Target       bool // the household is a 脱贫户 or monitored
}

// PostObject is a post as the object rules judge it: with the other posts its holder holds
// (matched by the ID key, in any department and county), what the registry says of the holder,
// and its pay record.
type PostObject struct {
	Post
	Key    string // the holder's ID key
	Others []Post // the holder's other posts in force on the day the source read them
	// First is true for the holder's post with the smallest number among those in force: a
	// finding about the holder is made once, on it.
	First  bool
	Holder *HolderFact // nil when the registry does not list the holder
	// PaysKept: the county keeps pay records of its posts; LastPaid is the latest month the
	// post was paid for (zero when never).
	PaysKept bool
	LastPaid registry.Month
}

// Kind returns KindPost.
func (p *PostObject) Kind() string { return KindPost }

// ID returns the post's number.
func (p *PostObject) ID() string { return p.Post.ID }

// Region returns where the post is.
func (p *PostObject) Region() region.Code { return p.Village }

// Label names the post.
func (p *PostObject) Label() string { return "公益性岗位「" + p.Post.ID + " " + p.Title + "」" }

// VillagePosts is a village's posts in force against its labour-capable target people.
type VillagePosts struct {
	Village region.Code
	Name    string
	Posts   int
	Labour  int // current members of target households with labour (普通, 技能, 弱/半), of working age
}

// Kind returns KindVillagePosts.
func (v *VillagePosts) Kind() string { return KindVillagePosts }

// ID returns the village's code.
func (v *VillagePosts) ID() string { return string(v.Village) }

// Region returns the village.
func (v *VillagePosts) Region() region.Code { return v.Village }

// Label names the village.
func (v *VillagePosts) Label() string { return v.Name + "的公益性岗位" }

// PostRegion is a county's or township's posts in force on the day against the same day a
// year before.
type PostRegion struct {
	Code      region.Code
	Name      string
	Now, Then int
}

// Kind returns KindPostRegion.
func (p *PostRegion) Kind() string { return KindPostRegion }

// ID returns the region's code.
func (p *PostRegion) ID() string { return "posts/" + string(p.Code) }

// Region returns the region.
func (p *PostRegion) Region() region.Code { return p.Code }

// Label names the region's posts.
func (p *PostRegion) Label() string { return p.Name + "公益性岗位" }

// WorkshopObject is a workshop as the object rules judge it: its target workers now and a year
// before, and what the registry and the other workshops say of each worker in force.
type WorkshopObject struct {
	Workshop
	Workers     int // in force on the day
	Target      int // of them, members of target households in the registry
	TargetThen  int // target workers a year before
	WorkersKept bool
	Staff       []WorkerFact
}

// WorkerFact is a workshop's worker in force as the rules read it.
type WorkerFact struct {
	Name   string
	Holder *HolderFact // what the registry says of the worker; nil when it does not list the person
	// Other names another workshop that counts the worker at the same time, "" when none.
	Other string
}

// Kind returns KindWorkshop.
func (w *WorkshopObject) Kind() string { return KindWorkshop }

// ID returns the workshop's number.
func (w *WorkshopObject) ID() string { return w.Workshop.ID }

// Region returns the workshop's village.
func (w *WorkshopObject) Region() region.Code { return w.Village }

// Label names the workshop.
func (w *WorkshopObject) Label() string { return "就业帮扶车间「" + w.Name + "」" }

// RegionEmployment is a county's or township's employed target labour this year and last year.
type RegionEmployment struct {
	Code                 region.Code
	Name                 string
	Year                 int
	Labour, Employed     int // this year
	PrevLabour, PrevEmpl int // last year; PrevKnown says whether there is a figure
	PrevKnown            bool
}

// Kind returns KindRegion.
func (r *RegionEmployment) Kind() string { return KindRegion }

// ID returns the region's code.
func (r *RegionEmployment) ID() string { return "employment/" + string(r.Code) }

// Region returns the region.
func (r *RegionEmployment) Region() region.Code { return r.Code }

// Label names the region's employment.
func (r *RegionEmployment) Label() string { return r.Name + "脱贫劳动力务工就业" }

// NeedObject is a work need as the object rules judge it.
type NeedObject struct {
	Need
}

// Kind returns KindNeed.
func (n *NeedObject) Kind() string { return KindNeed }

// ID returns the need's id.
func (n *NeedObject) ID() string { return n.Need.ID }

// Region returns the need's village.
func (n *NeedObject) Region() region.Code { return n.Village }

// Label names the need.
func (n *NeedObject) Label() string { return "就业需求「" + n.Name + "」" }
