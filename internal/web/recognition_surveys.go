package web

import (
	"context"
	"net/http"
	"net/url"
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

// The satisfaction surveys: the list of a region (all, or the dissatisfied households whose
// follow-up is not recorded), the entry form a cadre fills on a phone, and the follow-up of a
// dissatisfied household.

const recPerPage = 50

type recSurveyRow struct {
	ID, HouseholdNo, Head, Village string
	On                             registry.Date
	Round, Way, Surveyor           string
	Overall                        string
	Unhappy                        bool // below the satisfied score
	Guarantees                     string
	KnowsHelper, KnowsTeam         string
	Complaints                     string
	Note                           string
	FollowUpOn                     registry.Date
	FollowUpBy, FollowUpNote       string
	Late                           bool // dissatisfied, not followed up within the deadline
}

type recSurveysPage struct {
	Tabs       []supportTab
	Region     region.Region
	Regions    []regionOption
	Pending    bool
	Household  string
	List       []recSurveyRow
	Total      int
	Pages      pages
	Notice     string
	CanEdit    bool
	Today      registry.Date
	Key        string
	Scale      []recChoice
	Guarantees []string
	Categories []string
	Ways       []string
	FollowDays int
}

type recChoice struct {
	Value int
	Label string
}

func (recSurveysPage) PageTitle() string { return "满意度调查" }

func (s *Server) recSurveysPage(w http.ResponseWriter, r *http.Request) error {
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
	ps, err := s.recParams(ctx, scope)
	if err != nil {
		return err
	}
	today := s.recToday()
	p := recSurveysPage{Tabs: recTabs(u, "/recognition/surveys"), Region: reg, Regions: s.scopeChoices(u, scope), Pending: q.Get("pending") == "1",
		Household: strings.TrimSpace(q.Get("household")), Notice: recNotice(r), CanEdit: u.Can(auth.PermEdit), Today: today, Key: newClientKey(),
		Guarantees: recognition.Guarantees, Categories: recognition.Categories, Ways: recognition.Ways, FollowDays: ps.Int(policy.SurveyFollowUpDays)}
	for i := recognition.VerySatisfied; i >= recognition.VeryDissatisfied; i-- {
		p.Scale = append(p.Scale, recChoice{i, recognition.ScaleLabels[i]})
	}
	minScore := ps.Int(policy.SatisfiedMinScore)
	f := store.SurveyFilter{Scope: scope, HouseholdNo: p.Household, Limit: recPerPage, Offset: pageOffset(q, recPerPage)}
	if p.Pending {
		f.Dissatisfied, f.NoFollowUp = minScore, true
	}
	list, total, err := s.rec().Surveys(ctx, f)
	if err != nil {
		return err
	}
	for _, sv := range list {
		row := recSurveyRow{ID: sv.ID, HouseholdNo: sv.HouseholdNo, Head: personName(u, sv.Head), Village: s.regionName(sv.Village), On: sv.On,
			Round: sv.Round, Way: sv.Way, Surveyor: personName(u, sv.Surveyor), Overall: sv.OverallLabel(), Unhappy: sv.Overall < minScore,
			Guarantees: strings.Join(sv.Unhappy(), "、"), KnowsHelper: sv.KnowsHelper.String(), KnowsTeam: sv.KnowsTeam.String(),
			Complaints: strings.Join(sv.Complaints, "、"), Note: auth.MaskText(sv.Note), FollowUpOn: sv.FollowUpOn,
			FollowUpBy: personName(u, sv.FollowUpBy), FollowUpNote: auth.MaskText(sv.FollowUpNote)}
		row.Late = row.Unhappy && sv.FollowUpOn.IsZero() && recognition.Days(sv.On, today) > p.FollowDays
		p.List = append(p.List, row)
	}
	p.Total = total
	p.Pages = paging("/recognition/surveys", q, f.Offset, total, recPerPage)
	s.render(w, r, http.StatusOK, "recognition_surveys", p)
	return nil
}

// recNotice is the message a page shows after a change.
func recNotice(r *http.Request) string {
	q := r.URL.Query()
	switch {
	case q.Get("dup") == "1":
		return "这份调查此前已经保存，未重复保存。"
	case q.Get("result") != "":
		return "已导入：" + q.Get("result") + "。" + strings.TrimPrefix(doneNotice(r), "已保存。")
	}
	return doneNotice(r)
}

// readFlag reads a yes/no answer of a form: 是, 否 or blank (not asked).
func readFlag(r *http.Request, name, label string) (registry.Flag, error) {
	f, err := registry.ParseFlag(strings.TrimSpace(r.PostFormValue(name)))
	if err != nil {
		return f, errs.E(errs.Invalid, "「%s」应为是、否或不填", label)
	}
	return f, nil
}

// recAddSurvey records a survey of a household in the user's region.
func (s *Server) recAddSurvey(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	ctx := r.Context()
	no := strings.TrimSpace(r.PostFormValue("household"))
	if no == "" {
		return errs.E(errs.Invalid, "请填写户编号")
	}
	if _, err := s.recHousehold(ctx, u, no); err != nil {
		return err
	}
	sv := recognition.Survey{HouseholdNo: no, Round: r.PostFormValue("round"), Way: r.PostFormValue("way"),
		Surveyor: r.PostFormValue("surveyor"), Note: r.PostFormValue("note"), Key: r.PostFormValue("key")}
	var err error
	if sv.On, err = formDate(r, "on"); err != nil {
		return err
	}
	if sv.Overall, err = strconv.Atoi(r.PostFormValue("overall")); err != nil {
		return errs.E(errs.Invalid, "请选择总体满意度")
	}
	for i, g := range recognition.Guarantees {
		f, err := readFlag(r, "g"+strconv.Itoa(i), g+"满意")
		if err != nil {
			return err
		}
		sv.SetGuarantee(i, f)
	}
	if sv.KnowsHelper, err = readFlag(r, "knows_helper", "认识帮扶责任人"); err != nil {
		return err
	}
	if sv.KnowsTeam, err = readFlag(r, "knows_team", "知道驻村工作队"); err != nil {
		return err
	}
	sv.Complaints = r.PostForm["complaint"]
	stored, err := s.rec().AddSurvey(ctx, &sv)
	if err != nil {
		return err
	}
	back := "/recognition/surveys?region=" + url.QueryEscape(string(sv.Village))
	if !stored {
		http.Redirect(w, r, back+"&dup=1", http.StatusSeeOther)
		return nil
	}
	done := s.recRescreen(ctx, sv.County, []string{sv.HouseholdNo}, recognition.KindVillage, recognition.KindComplaint)
	http.Redirect(w, r, doneURL(back, done), http.StatusSeeOther)
	return nil
}

// recHousehold returns the village of a household the user may see.
func (s *Server) recHousehold(ctx context.Context, u *auth.User, no string) (region.Code, error) {
	a, err := s.reg.Get(ctx, no)
	if err != nil {
		return "", err
	}
	if err := auth.CheckVillage(u, a.Household.Village); err != nil {
		return "", err
	}
	return a.Household.Village, nil
}

// recFollowUp records the follow-up visit of a dissatisfied household's survey.
func (s *Server) recFollowUp(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	ctx := r.Context()
	sv, err := s.rec().Survey(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := auth.CheckVillage(u, sv.Village); err != nil {
		return err
	}
	on, err := formDate(r, "on")
	if err != nil {
		return err
	}
	if on.IsZero() {
		return errs.E(errs.Invalid, "请填写回访日期")
	}
	if _, err := s.rec().FollowUp(ctx, sv.ID, on, r.PostFormValue("by"), r.PostFormValue("note")); err != nil {
		return err
	}
	done := s.recRescreen(ctx, sv.County, []string{sv.HouseholdNo})
	back := "/recognition/surveys?region=" + url.QueryEscape(string(sv.Village))
	if r.PostFormValue("pending") == "1" {
		back += "&pending=1"
	}
	http.Redirect(w, r, doneURL(back, done), http.StatusSeeOther)
	return nil
}

// recRescreen re-screens households and the county's recognition objects of the kinds after a
// change.
func (s *Server) recRescreen(ctx context.Context, county region.Code, nos []string, kinds ...string) rescreened {
	done := s.rescreenHouseholds(ctx, county, nos)
	if len(kinds) > 0 {
		obj := s.rescreenObjects(ctx, county, kinds...)
		done.Opened, done.Closed = done.Opened+obj.Opened, done.Closed+obj.Closed
	}
	return done
}
