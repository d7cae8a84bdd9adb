package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// The petitions (信访) and the media and inspection reports (督查反映问题): the list of a region
// with each one's step and deadlines, the overdue marked, and a petition's page with the form
// that records acceptance, verification on site and conclusion (at the version read).

// petitionStep names where a petition stands: received, accepted, verified on site, concluded.
func petitionStep(p *recognition.Petition) string {
	switch {
	case !p.ConcludedOn.IsZero():
		return "已办结"
	case !p.VerifiedOn.IsZero():
		return "已实地核实"
	case !p.Accepted().IsZero():
		return "已受理"
	}
	return "已收到，待受理"
}

// petitionSteps are the list's filters by step: key and label.
var petitionSteps = [][2]string{{"received", "待受理"}, {"accepted", "已受理待核实"}, {"verified", "已核实待办结"},
	{"concluded", "已办结"}, {"overdue", "逾期"}}

// hasStep reports whether a petition is at the step of a filter on the day.
func hasStep(p *recognition.Petition, ps *policy.Set, today registry.Date, step string) bool {
	switch step {
	case "received":
		return p.Accepted().IsZero() && p.ConcludedOn.IsZero()
	case "accepted":
		return !p.Accepted().IsZero() && p.VerifiedOn.IsZero() && p.ConcludedOn.IsZero()
	case "verified":
		return !p.VerifiedOn.IsZero() && p.ConcludedOn.IsZero()
	case "concluded":
		return !p.ConcludedOn.IsZero()
	case "overdue":
		return p.Overdue(ps, today) != ""
	}
	return true
}

type recPetitionRow struct {
	ID, Ref, Kind, Title, Topic, Place string
	HouseholdNo                        string
	ReceivedOn                         registry.Date
	Step                               string
	Deadlines                          recognition.Deadlines
	Overdue                            string
	InTime                             bool
	Concluded                          bool
}

type recPetitionsPage struct {
	Tabs    []supportTab
	Region  region.Region
	Regions []regionOption
	Open    bool
	Step    string
	Steps   [][2]string
	CanEdit bool
	Kinds   []string
	Topics  []string
	Today   registry.Date
	Notice  string
	List    []recPetitionRow
	Total   int
	Pages   pages
	Params  string
}

func (recPetitionsPage) PageTitle() string { return "信访和督查反映问题" }

func (s *Server) recPetitionsPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	q := r.URL.Query()
	scope, err := requestedScope(r, q)
	if err != nil {
		return err
	}
	reg, err := s.cfg.Tree.Get(scope)
	if err != nil {
		return errs.E(errs.NotFound, "地区不存在")
	}
	ctx := r.Context()
	p := recPetitionsPage{Tabs: recTabs(u, "/recognition/petitions"), Region: reg, Regions: s.scopeChoices(u, scope), Open: q.Get("open") == "1",
		Step: q.Get("step"), Steps: petitionSteps, CanEdit: u.Can(auth.PermEdit), Kinds: recognition.Kinds, Topics: recognition.Topics,
		Today: s.recToday(), Notice: recNotice(r)}
	if p.Step != "" && !slices.ContainsFunc(petitionSteps, func(c [2]string) bool { return c[0] == p.Step }) {
		return errs.E(errs.Invalid, "未知的办理进度「%s」", p.Step)
	}
	offset := pageOffset(q, recPerPage)
	f := store.PetitionFilter{Scope: scope, Open: p.Open, Limit: recPerPage, Offset: offset}
	if p.Step != "" {
		// The step is judged by the parameters of each county: read the region's petitions
		// and page through those of the step.
		f.Limit, f.Offset = 0, 0
	}
	list, total, err := s.rec().Petitions(ctx, f)
	if err != nil {
		return err
	}
	today := p.Today
	params := s.paramCache()
	shown := 0
	for i := range list {
		pt := &list[i]
		ps, err := params(ctx, pt.County)
		if err != nil {
			return err
		}
		if p.Step != "" {
			if !hasStep(pt, ps, today, p.Step) {
				continue
			}
			shown++
			if shown <= offset || shown > offset+recPerPage {
				continue
			}
		}
		title := auth.MaskText(pt.Title)
		if !u.Can(auth.PermUnmask) {
			title = auth.MaskNames(title, pt.Petitioner)
		}
		p.List = append(p.List, recPetitionRow{ID: pt.ID, Ref: pt.Ref, Kind: pt.Kind, Title: title, Topic: pt.Topic,
			Place: s.placeName(u, pt.Region), HouseholdNo: pt.HouseholdNo, ReceivedOn: pt.ReceivedOn, Step: petitionStep(pt),
			Deadlines: pt.DeadlinesOf(ps), Overdue: pt.Overdue(ps, today), InTime: pt.InTime(ps), Concluded: !pt.ConcludedOn.IsZero()})
	}
	ps, err := s.recParams(ctx, scope)
	if err != nil {
		return err
	}
	p.Params = deadlineText(ps)
	if p.Step != "" {
		total = shown
	}
	p.Total = total
	p.Pages = paging("/recognition/petitions", q, offset, total, recPerPage)
	s.render(w, r, http.StatusOK, "recognition_petitions", p)
	return nil
}

// deadlineText says the statutory deadlines of the parameters.
func deadlineText(ps *policy.Set) string {
	return "信访事项收到后 " + strconv.Itoa(ps.Int(policy.PetitionAcceptDays)) + " 日内受理，受理后 " +
		strconv.Itoa(ps.Int(policy.PetitionVerifyDays)) + " 日内实地核实、" + strconv.Itoa(ps.Int(policy.PetitionCloseDays)) +
		" 日内办结（可延期至多 " + strconv.Itoa(ps.Int(policy.PetitionExtendMax)) + " 日）；媒体报道和督查反馈收到后 " +
		strconv.Itoa(ps.Int(policy.ReportCloseDays)) + " 日内办结"
}

type recPetitionPage struct {
	Tabs       []supportTab
	P          *recognition.Petition
	Version    int
	Place      string
	Petitioner string
	Phone      string
	Content    string
	VerifyNote string
	Conclusion string
	Step       string
	Deadlines  recognition.Deadlines
	Overdue    string
	Report     bool // a media or inspection report: no acceptance step
	CanEdit    bool
	Notice     string
	Params     string
	Today      registry.Date
}

func (p recPetitionPage) PageTitle() string { return "信访事项 " + p.P.Title }

// recPetition loads a petition the user may see.
func (s *Server) recPetition(r *http.Request) (*recognition.Petition, int, error) {
	pt, version, err := s.rec().Petition(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, 0, err
	}
	if err := checkPlace(user(r), pt.Region); err != nil {
		return nil, 0, errs.E(errs.NotFound, "信访事项不存在")
	}
	return pt, version, nil
}

func (s *Server) recPetitionPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	pt, version, err := s.recPetition(r)
	if err != nil {
		return err
	}
	ps, err := s.recParams(r.Context(), pt.County)
	if err != nil {
		return err
	}
	today := s.recToday()
	pt.Title = auth.MaskText(pt.Title)
	p := recPetitionPage{Tabs: recTabs(u, "/recognition/petitions"), P: pt, Version: version, Place: s.cfg.Tree.FullName(pt.Region),
		Petitioner: personName(u, pt.Petitioner), Phone: auth.MaskPhone(pt.Phone), Content: auth.MaskText(pt.Content),
		VerifyNote: auth.MaskText(pt.VerifyNote), Conclusion: auth.MaskText(pt.Conclusion), Step: petitionStep(pt),
		Deadlines: pt.DeadlinesOf(ps), Overdue: pt.Overdue(ps, today), Report: recognition.IsReport(pt.Kind),
		CanEdit: u.Can(auth.PermEdit), Notice: recNotice(r), Params: deadlineText(ps), Today: today}
	if !u.Can(auth.PermUnmask) {
		p.VerifyNote = auth.MaskNames(p.VerifyNote, pt.Petitioner)
		p.Conclusion = auth.MaskNames(p.Conclusion, pt.Petitioner)
		p.Content = auth.MaskNames(p.Content, pt.Petitioner)
		p.P.Title = auth.MaskNames(p.P.Title, pt.Petitioner)
		p.P.VerifiedBy = personName(u, pt.VerifiedBy)
	}
	s.render(w, r, http.StatusOK, "recognition_petition", p)
	return nil
}

// keptText returns a free text of a form: the stored text when the form sends back the masked
// text the page showed, so that saving a form never overwrites a note with its stars.
func keptText(sent, stored string, u *auth.User, names ...string) string {
	sent = strings.TrimSpace(sent)
	shown := auth.MaskText(stored)
	if !u.Can(auth.PermUnmask) {
		shown = auth.MaskNames(shown, names...)
	}
	if sent == strings.TrimSpace(shown) {
		return stored
	}
	return sent
}

// recPetitionEdit records the steps of a petition from its page's form, at the version read.
func (s *Server) recPetitionEdit(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	pt, _, err := s.recPetition(r)
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		return errs.E(errs.Invalid, "页面已过期，请刷新后重试")
	}
	for _, x := range []struct {
		name string
		d    *registry.Date
	}{{"accepted_on", &pt.AcceptedOn}, {"verified_on", &pt.VerifiedOn}, {"concluded_on", &pt.ConcludedOn}} {
		if *x.d, err = formDate(r, x.name); err != nil {
			return err
		}
	}
	if by := strings.TrimSpace(r.PostFormValue("verified_by")); by != personName(u, pt.VerifiedBy) {
		pt.VerifiedBy = by
	}
	pt.VerifyNote = keptText(r.PostFormValue("verify_note"), pt.VerifyNote, u, pt.Petitioner)
	pt.Conclusion = keptText(r.PostFormValue("conclusion"), pt.Conclusion, u, pt.Petitioner)
	pt.Unit = strings.TrimSpace(r.PostFormValue("unit"))
	pt.LedgerItem = strings.TrimSpace(r.PostFormValue("ledger_item"))
	ext := strings.TrimSpace(r.PostFormValue("extend_days"))
	pt.ExtendDays = 0
	if ext != "" {
		if pt.ExtendDays, err = strconv.Atoi(ext); err != nil {
			return errs.E(errs.Invalid, "延期天数应为整数")
		}
	}
	if _, err := s.rec().PutPetition(r.Context(), pt, version); err != nil {
		return err
	}
	var nos []string
	if pt.HouseholdNo != "" {
		nos = []string{pt.HouseholdNo}
	}
	done := s.recRescreen(r.Context(), pt.County, nos, recognition.KindPetition)
	http.Redirect(w, r, doneURL("/recognition/petitions/"+url.PathEscape(pt.ID), done), http.StatusSeeOther)
	return nil
}

// placeName names a place below the user's region by the regions between them (马营镇 东关村民委员会).
func (s *Server) placeName(u *auth.User, code region.Code) string {
	reg, err := s.cfg.Tree.Get(code)
	if err != nil {
		return string(code)
	}
	if code == u.Region {
		return reg.Name
	}
	return s.pathName(u.Region, reg)
}

// recAddPetition registers a petition or a report received, in the user's region.
func (s *Server) recAddPetition(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	scope, err := requestedScope(r, r.PostForm)
	if err != nil {
		return err
	}
	if scope.Level() < region.County {
		return errs.E(errs.Invalid, "请选择信访事项所涉的县、乡镇或村")
	}
	ctx := r.Context()
	pt := &recognition.Petition{Region: scope, Kind: r.PostFormValue("kind"), Ref: r.PostFormValue("ref"), Title: r.PostFormValue("title"),
		Content: r.PostFormValue("content"), Topic: r.PostFormValue("topic"), Petitioner: r.PostFormValue("petitioner"),
		Phone: r.PostFormValue("phone"), HouseholdNo: strings.TrimSpace(r.PostFormValue("household")), Unit: r.PostFormValue("unit")}
	if pt.HouseholdNo != "" {
		village, err := s.recHousehold(ctx, u, pt.HouseholdNo)
		if err != nil {
			return err
		}
		if !scope.Contains(village) {
			return errs.E(errs.Invalid, "户 %s 不在所选地区", pt.HouseholdNo)
		}
	}
	if pt.ReceivedOn, err = formDate(r, "received_on"); err != nil {
		return err
	}
	if pt.ReceivedOn.IsZero() {
		return errs.E(errs.Invalid, "请填写收到日期")
	}
	if _, err := s.rec().PutPetition(ctx, pt, 0); err != nil {
		return err
	}
	var nos []string
	if pt.HouseholdNo != "" {
		nos = []string{pt.HouseholdNo}
	}
	done := s.recRescreen(ctx, pt.County, nos, recognition.KindPetition)
	http.Redirect(w, r, doneURL("/recognition/petitions/"+url.PathEscape(pt.ID), done), http.StatusSeeOther)
	return nil
}
