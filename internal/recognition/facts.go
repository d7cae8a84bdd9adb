package recognition

import (
	"context"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Visits is how this domain reads the visits domain (internal/support, 走访记录): through this
// interface alone, which the wiring fills with an adapter over that domain's store. Without
// it (nil, or a county that keeps no visit records) the follow-up of a dissatisfied household
// is read from the survey's own 回访, and whether families know their cadres from the surveys.
type Visits interface {
	// Visits returns the visits made on or after since to the households of county that lie
	// in scope (only the households nos when nos is not nil), by 户编号, oldest first; kept is
	// false when the county keeps no visit records at all.
	Visits(ctx context.Context, county, scope region.Code, nos []string, since registry.Date) (visits map[string][]Visit, kept bool, err error)
}

// Visit is what this domain reads of a visit.
type Visit struct {
	On         registry.Date
	Visitor    string
	Way        string
	KnowsCadre registry.Flag // the family knew its helper
	KnowsTeam  registry.Flag // the family knew the work team
	Note       string        // what the visit found or did
}

// Facts is what the domain knows about one household, for the household rules (they read it
// as House.Fact(Domain) and type-assert it to *Facts). A county that keeps no surveys has not
// collected them: Surveys says whether it does, and a rule reads the absence of a survey as a
// fact only where it does.
type Facts struct {
	// Surveys: the county keeps satisfaction surveys.
	Surveys bool
	// Last is the household's latest survey, nil when none.
	Last *Survey
	// VisitsAfter are the days of the visits made after the last survey's day, from the visits
	// domain (oldest first).
	VisitsAfter []registry.Date
	// Petitions are the household's petitions, oldest first.
	Petitions []PetitionFact
}

// PetitionFact is what a rule reads of a household's petition.
type PetitionFact struct {
	ID         string
	Kind       string
	Title      string
	ReceivedOn registry.Date
}

// FollowUp returns the day the last survey was followed up: its 回访, or the first visit after
// it, whichever came first; zero when neither.
func (f *Facts) FollowUp() registry.Date {
	if f.Last == nil {
		return registry.Date{}
	}
	d := f.Last.FollowUpOn
	for _, v := range f.VisitsAfter {
		if f.Last.On.Before(v) && (d.IsZero() || v.Before(d)) {
			d = v
		}
	}
	return d
}

// The kinds of object the object rules of the domain judge.
const (
	KindVillage   = "survey_village"
	KindComplaint = "complaint"
	KindPetition  = "petition"
)

// VillageAnswers is a village as the object rules judge its satisfaction: its surveys' answers
// (every survey of the window given to the source, the rules keep each household's latest)
// and its target households.
type VillageAnswers struct {
	Village    region.Code
	Name       string // the village's name
	Households int    // its 脱贫户 and monitored households
	Answers    []Answer
}

// Kind returns "survey_village".
func (v *VillageAnswers) Kind() string { return KindVillage }

// ID returns the village code.
func (v *VillageAnswers) ID() string { return string(v.Village) }

// Region returns the village.
func (v *VillageAnswers) Region() region.Code { return v.Village }

// Label names the village.
func (v *VillageAnswers) Label() string { return "村「" + v.Name + "」的满意度调查" }

// Complaint is one category of complaint in one village, with the households that raised it
// and when.
type Complaint struct {
	Village  region.Code
	Name     string // the village's name
	Category string
	Mentions []Mention
}

// Mention is a household's complaint in a survey.
type Mention struct {
	HouseholdNo string
	On          registry.Date
}

// Kind returns "complaint".
func (c *Complaint) Kind() string { return KindComplaint }

// ID returns the village code and the category.
func (c *Complaint) ID() string { return string(c.Village) + "/" + c.Category }

// Region returns the village.
func (c *Complaint) Region() region.Code { return c.Village }

// Label names the complaint.
func (c *Complaint) Label() string { return "村「" + c.Name + "」的" + c.Category + "诉求" }

// Households returns how many distinct households raised the complaint on or after since, and
// the day of the latest mention.
func (c *Complaint) Households(since registry.Date) (int, registry.Date) {
	seen := map[string]bool{}
	var last registry.Date
	for _, m := range c.Mentions {
		if m.On.Before(since) {
			continue
		}
		seen[m.HouseholdNo] = true
		if last.Before(m.On) {
			last = m.On
		}
	}
	return len(seen), last
}

// PetitionObject is a petition as the object rules judge it. Its method Kind hides the
// petition's field: read that as p.Petition.Kind.
type PetitionObject struct{ Petition }

// Kind returns "petition".
func (p *PetitionObject) Kind() string { return KindPetition }

// ID returns the petition's id.
func (p *PetitionObject) ID() string { return p.Petition.ID }

// Region returns where the matter lies.
func (p *PetitionObject) Region() region.Code { return p.Petition.Region }

// Label names the petition.
func (p *PetitionObject) Label() string {
	what := "信访件"
	if IsReport(p.Petition.Kind) {
		what = p.Petition.Kind
	}
	return what + "「" + p.Title + "」"
}
