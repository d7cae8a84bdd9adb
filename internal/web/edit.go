package web

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/registry"
)

// The edit forms: each loads the household the user may see, checks the role, shows the
// fields, and on submit parses and checks them, stores the household with its audit row in one
// transaction, re-screens it and returns to the household page with the result.

type editPage struct {
	Heading  string
	No       string
	Village  string
	Action   string
	Fields   []field
	Version  string
	Problems int
	General  string // a problem of the record as a whole
	Delete   string
}

func (p editPage) PageTitle() string { return p.Heading }

// editTarget is one form: which record of the household it edits.
type editTarget struct {
	heading string
	action  string
	delete  string
	render  func(a *registry.Aggregate, submitted url.Values, problems map[string]string) ([]field, error)
	apply   func(a *registry.Aggregate, form url.Values, today time.Time) (problems map[string]string, detail string, err error)
	act     audit.Action
}

func (s *Server) editForm(w http.ResponseWriter, r *http.Request, t func(*registry.Aggregate) (editTarget, error)) error {
	if err := auth.Require(user(r), auth.PermEdit); err != nil {
		return err
	}
	a, err := s.loadHousehold(r, r.PathValue("no"))
	if err != nil {
		return err
	}
	tg, err := t(a)
	if err != nil {
		return err
	}
	fs, err := tg.render(a, nil, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "edit", editPage{Heading: tg.heading, No: a.Household.No, Village: s.villageName(a.Household.Village),
		Action: tg.action, Fields: fs, Version: aggregateVersion(a), Delete: tg.delete})
	return nil
}

func (s *Server) editSubmit(w http.ResponseWriter, r *http.Request, t func(*registry.Aggregate) (editTarget, error)) error {
	if err := auth.Require(user(r), auth.PermEdit); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.Invalid, "表单内容有误")
	}
	a, err := s.loadHousehold(r, r.PathValue("no"))
	if err != nil {
		return err
	}
	if r.PostForm.Get("v") != aggregateVersion(a) {
		return errs.E(errs.Conflict, "这户的数据在您打开表单后已被修改，请重新打开表单再改")
	}
	tg, err := t(a)
	if err != nil {
		return err
	}
	var related []string
	if sc := s.cfg.Screening; sc != nil {
		// Asked before the edit changes ID numbers or phones: households that share them now
		// may stop sharing them, and their findings must follow at once.
		if related, err = sc.Related(r.Context(), a); err != nil {
			return err
		}
	}
	problems, detail, err := tg.apply(a, r.PostForm, s.now().In(chinaTime))
	if err != nil {
		return err
	}
	if len(problems) == 0 {
		if err := a.Validate(); err != nil {
			problems = map[string]string{"": errs.Message(err)}
		}
	}
	if len(problems) > 0 {
		fs, err := tg.render(a, r.PostForm, problems)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, "edit", editPage{Heading: tg.heading, No: a.Household.No, Village: s.villageName(a.Household.Village),
			Action: tg.action, Fields: fs, Version: r.PostForm.Get("v"), Problems: len(problems), General: problems[""], Delete: tg.delete})
		return nil
	}
	return s.store(w, r, a, audit.Entry{Action: tg.act, Detail: detail}, related)
}

// store saves the household with its audit entry, re-screens it (with the related households
// asked for before the edit) and redirects to its page with what re-screening found.
func (s *Server) store(w http.ResponseWriter, r *http.Request, a *registry.Aggregate, e audit.Entry, related []string) error {
	ctx := r.Context()
	e.ObjectType, e.ObjectID, e.Region = "household", a.Household.No, a.Household.Village
	if e.Detail == "" {
		e.Detail = "未改动任何字段"
	}
	err := s.cfg.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.reg.PutTx(ctx, tx, a); err != nil {
			return err
		}
		if err := s.audit.AppendTx(ctx, tx, e); err != nil {
			return err
		}
		return s.cfg.DB.BumpDataVersion(ctx, tx, "registry")
	})
	if err != nil {
		return err
	}
	defer s.figures.invalidate(a.Household.Village)
	target := "/households/" + url.PathEscape(a.Household.No) + "?msg=saved"
	if e.Action == audit.MeasureDelete {
		target = "/households/" + url.PathEscape(a.Household.No) + "?msg=deleted"
	}
	if sc := s.cfg.Screening; sc != nil {
		res, err := sc.Rescreen(ctx, a.Household.No, related)
		if err != nil {
			return err
		}
		s.scores.stale(a.Household.Village)
		target += fmt.Sprintf("&opened=%d&closed=%d&open=%d", res.Opened, res.Closed, res.Open)
	}
	http.Redirect(w, r, target+"#top", http.StatusSeeOther)
	return nil
}

func householdTarget(a *registry.Aggregate) (editTarget, error) {
	return editTarget{
		heading: "修改户信息", action: "/households/" + url.PathEscape(a.Household.No) + "/edit", act: audit.HouseholdUpdate,
		render: func(a *registry.Aggregate, sub url.Values, pr map[string]string) ([]field, error) {
			return fields(householdSpecs, &a.Household, sub, pr), nil
		},
		apply: func(a *registry.Aggregate, form url.Values, today time.Time) (map[string]string, string, error) {
			before := a.Household
			before.RiskTypes = append([]string(nil), a.Household.RiskTypes...)
			pr := bind(householdSpecs, &a.Household, form)
			checkHousehold(&a.Household, pr, today)
			return pr, changes(householdSpecs, &before, &a.Household), nil
		},
	}, nil
}

func (s *Server) editHouseholdForm(w http.ResponseWriter, r *http.Request) error {
	return s.editForm(w, r, householdTarget)
}

func (s *Server) editHousehold(w http.ResponseWriter, r *http.Request) error {
	return s.editSubmit(w, r, householdTarget)
}

func personTarget(pno string) func(a *registry.Aggregate) (editTarget, error) {
	return func(a *registry.Aggregate) (editTarget, error) {
		if pno == "new" {
			return newPersonTarget(a), nil
		}
		idx := -1
		for i := range a.Persons {
			if a.Persons[i].No == pno {
				idx = i
			}
		}
		if idx < 0 {
			return editTarget{}, errs.E(errs.NotFound, "本户没有人口编号为 %s 的成员", pno)
		}
		return editTarget{
			heading: "修改家庭成员：" + a.Persons[idx].Name, act: audit.PersonUpdate,
			action: "/households/" + url.PathEscape(a.Household.No) + "/persons/" + url.PathEscape(pno) + "/edit",
			render: func(a *registry.Aggregate, sub url.Values, pr map[string]string) ([]field, error) {
				return fields(personSpecs, &a.Persons[idx], sub, pr), nil
			},
			apply: func(a *registry.Aggregate, form url.Values, today time.Time) (map[string]string, string, error) {
				p := &a.Persons[idx]
				before := *p
				pr := bind(personSpecs, p, form)
				checkPerson(p, p.IDNumber != before.IDNumber, pr, today)
				return pr, "成员 " + p.No + "：" + changes(personSpecs, &before, p), nil
			},
		}, nil
	}
}

// newPersonTarget adds a member, such as a newborn, whom the national system has not numbered
// yet: the member gets the household's number and the next free two-digit suffix, as national
// person numbers have; a later import of the national export may replace it.
func newPersonTarget(a *registry.Aggregate) editTarget {
	return editTarget{
		heading: "新增家庭成员", act: audit.PersonAdd,
		action: "/households/" + url.PathEscape(a.Household.No) + "/persons/new/edit",
		render: func(a *registry.Aggregate, sub url.Values, pr map[string]string) ([]field, error) {
			return fields(personSpecs, &registry.Person{}, sub, pr), nil
		},
		apply: func(a *registry.Aggregate, form url.Values, today time.Time) (map[string]string, string, error) {
			p := registry.Person{No: nextPersonNo(a), HouseholdNo: a.Household.No}
			pr := bind(personSpecs, &p, form)
			checkPerson(&p, true, pr, today)
			a.Persons = append(a.Persons, p)
			return pr, "新增成员 " + p.No + "：" + p.Name, nil
		},
	}
}

// nextPersonNo returns the household's number followed by the first two-digit suffix no
// member uses.
func nextPersonNo(a *registry.Aggregate) string {
	used := map[string]bool{}
	for i := range a.Persons {
		used[a.Persons[i].No] = true
	}
	for n := 1; ; n++ {
		no := fmt.Sprintf("%s%02d", a.Household.No, n)
		if !used[no] {
			return no
		}
	}
}

func (s *Server) editPersonForm(w http.ResponseWriter, r *http.Request) error {
	return s.editForm(w, r, personTarget(r.PathValue("pno")))
}

func (s *Server) editPerson(w http.ResponseWriter, r *http.Request) error {
	return s.editSubmit(w, r, personTarget(r.PathValue("pno")))
}

func (s *Server) incomeTarget(yearText string) func(a *registry.Aggregate) (editTarget, error) {
	return func(a *registry.Aggregate) (editTarget, error) {
		year, err := strconv.Atoi(yearText)
		if err != nil || year < 2000 || year > s.now().Year()+1 {
			return editTarget{}, errs.E(errs.NotFound, "年度「%s」无效", yearText)
		}
		heading := fmt.Sprintf("%d 年收入", year)
		if a.Income(year) == nil {
			heading = fmt.Sprintf("填写 %d 年收入", year)
		}
		get := func(a *registry.Aggregate) *registry.Income {
			if in := a.Income(year); in != nil {
				return in
			}
			a.Incomes = append(a.Incomes, registry.Income{HouseholdNo: a.Household.No, Year: year})
			return &a.Incomes[len(a.Incomes)-1]
		}
		return editTarget{
			heading: heading, act: audit.IncomeUpdate,
			action: "/households/" + url.PathEscape(a.Household.No) + "/incomes/" + strconv.Itoa(year) + "/edit",
			render: func(a *registry.Aggregate, sub url.Values, pr map[string]string) ([]field, error) {
				in := a.Income(year)
				if in == nil {
					in = &registry.Income{}
				}
				return fields(incomeSpecs, in, sub, pr), nil
			},
			apply: func(a *registry.Aggregate, form url.Values, today time.Time) (map[string]string, string, error) {
				in := get(a)
				before := *in
				pr := bind(incomeSpecs, in, form)
				checkIncome(in, pr)
				sortIncomes(a.Incomes)
				return pr, fmt.Sprintf("%d 年收入：", year) + changes(incomeSpecs, &before, a.Income(year)), nil
			},
		}, nil
	}
}

func sortIncomes(in []registry.Income) {
	for i := 1; i < len(in); i++ {
		for j := i; j > 0 && in[j].Year < in[j-1].Year; j-- {
			in[j], in[j-1] = in[j-1], in[j]
		}
	}
}

func (s *Server) editIncomeForm(w http.ResponseWriter, r *http.Request) error {
	if r.PathValue("year") == "new" {
		y := r.URL.Query().Get("year")
		if _, err := strconv.Atoi(y); err != nil {
			return errs.E(errs.Invalid, "请填写年度")
		}
		http.Redirect(w, r, "/households/"+url.PathEscape(r.PathValue("no"))+"/incomes/"+y+"/edit", http.StatusSeeOther)
		return nil
	}
	return s.editForm(w, r, s.incomeTarget(r.PathValue("year")))
}

func (s *Server) editIncome(w http.ResponseWriter, r *http.Request) error {
	return s.editSubmit(w, r, s.incomeTarget(r.PathValue("year")))
}

func measureTarget(seqText string) func(a *registry.Aggregate) (editTarget, error) {
	return func(a *registry.Aggregate) (editTarget, error) {
		base := "/households/" + url.PathEscape(a.Household.No) + "/measures/" + url.PathEscape(seqText)
		if seqText == "new" {
			return editTarget{heading: "新增帮扶措施", action: base + "/edit", act: audit.MeasureUpdate,
				render: func(a *registry.Aggregate, sub url.Values, pr map[string]string) ([]field, error) {
					return fields(measureSpecs, &registry.Measure{}, sub, pr), nil
				},
				apply: func(a *registry.Aggregate, form url.Values, today time.Time) (map[string]string, string, error) {
					seq := 1
					for _, m := range a.Measures {
						if m.Seq >= seq {
							seq = m.Seq + 1
						}
					}
					m := registry.Measure{HouseholdNo: a.Household.No, Seq: seq}
					pr := bind(measureSpecs, &m, form)
					checkMeasure(&m, pr)
					a.Measures = append(a.Measures, m)
					return pr, "新增帮扶措施：" + m.Type, nil
				}}, nil
		}
		seq, _ := strconv.Atoi(seqText)
		idx := -1
		for i := range a.Measures {
			if a.Measures[i].Seq == seq {
				idx = i
			}
		}
		if idx < 0 {
			return editTarget{}, errs.E(errs.NotFound, "本户没有这项帮扶措施")
		}
		return editTarget{heading: "修改帮扶措施", action: base + "/edit", delete: base + "/delete", act: audit.MeasureUpdate,
			render: func(a *registry.Aggregate, sub url.Values, pr map[string]string) ([]field, error) {
				return fields(measureSpecs, &a.Measures[idx], sub, pr), nil
			},
			apply: func(a *registry.Aggregate, form url.Values, today time.Time) (map[string]string, string, error) {
				m := &a.Measures[idx]
				before := *m
				pr := bind(measureSpecs, m, form)
				checkMeasure(m, pr)
				return pr, "帮扶措施 " + m.Type + "：" + changes(measureSpecs, &before, m), nil
			}}, nil
	}
}

func (s *Server) editMeasureForm(w http.ResponseWriter, r *http.Request) error {
	return s.editForm(w, r, measureTarget(r.PathValue("seq")))
}

func (s *Server) editMeasure(w http.ResponseWriter, r *http.Request) error {
	return s.editSubmit(w, r, measureTarget(r.PathValue("seq")))
}

func (s *Server) deleteMeasure(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Require(user(r), auth.PermEdit); err != nil {
		return err
	}
	a, err := s.loadHousehold(r, r.PathValue("no"))
	if err != nil {
		return err
	}
	seq, _ := strconv.Atoi(r.PathValue("seq"))
	for i, m := range a.Measures {
		if m.Seq == seq {
			a.Measures = append(a.Measures[:i], a.Measures[i+1:]...)
			return s.store(w, r, a, audit.Entry{Action: audit.MeasureDelete, Detail: "删除帮扶措施：" + m.Type}, nil)
		}
	}
	return errs.E(errs.NotFound, "本户没有这项帮扶措施")
}
