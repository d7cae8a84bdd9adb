package web

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/registry"
)

// The edit forms: each loads the household the user may see, checks the role, shows the
// fields, and on submit parses and checks them, stores the household with its audit row in one
// transaction, re-screens it and returns to the household page with the result.
//
// A form carries the household's stored version (hidden field v) from when it was opened, and
// the save stores over that version only, checked inside its transaction. A save refused
// because another user saved first shows the form again with the user's values and, beside
// each field, the value stored now where it differs.

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
	// apply binds the form to the record and returns the problems per field and what changed
	// for the audit log: "" when the form changes nothing.
	apply func(a *registry.Aggregate, form url.Values, today time.Time) (problems map[string]string, detail string, err error)
	act   audit.Action
}

// formView is how a form shows the stored values to the user who opened it: a role that may
// not unmask sees the ID numbers and phones inside free texts masked, as everywhere else, and a
// masked text sent back as shown keeps the stored text (the ledger's form does the same).
type formView struct{ mask bool }

// viewFor returns the form view of the request's user.
func viewFor(r *http.Request) formView { return formView{mask: !user(r).Can(auth.PermUnmask)} }

// targetFunc builds the form of a household's record for a user's view.
type targetFunc func(a *registry.Aggregate, v formView) (editTarget, error)

func (s *Server) editForm(w http.ResponseWriter, r *http.Request, t targetFunc) error {
	if err := auth.Require(user(r), auth.PermEdit); err != nil {
		return err
	}
	a, err := s.loadHousehold(r, r.PathValue("no"))
	if err != nil {
		return err
	}
	tg, err := t(a, viewFor(r))
	if err != nil {
		return err
	}
	fs, err := tg.render(a, nil, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "edit", editPage{Heading: tg.heading, No: a.Household.No, Village: s.villageName(a.Household.Village),
		Action: tg.action, Fields: fs, Version: formatVersion(a.Household.Version), Delete: tg.delete})
	return nil
}

func formatVersion(v int64) string { return strconv.FormatInt(v, 10) }

// formVersion returns the stored version a submitted form was opened on; a form without a
// version it can read (such as one opened before versions existed) gets 0, which no stored
// household has, so that it is refused as stale rather than saved blindly.
func formVersion(form url.Values) int64 {
	v, err := strconv.ParseInt(form.Get("v"), 10, 64)
	if err != nil || v < 1 {
		return 0
	}
	return v
}

func (s *Server) editSubmit(w http.ResponseWriter, r *http.Request, t targetFunc) error {
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
	expect := formVersion(r.PostForm)
	if expect != a.Household.Version {
		// Already stale: no need to go further. The check that counts is the one in the
		// save's transaction below.
		return s.editConflict(w, r, a, t)
	}
	tg, err := t(a, viewFor(r))
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
	if len(problems) == 0 && detail == "" {
		// Nothing to store: no save, no history entry, and the user is told so.
		http.Redirect(w, r, "/households/"+url.PathEscape(a.Household.No)+"?msg=unchanged#top", http.StatusSeeOther)
		return nil
	}
	if len(problems) == 0 {
		if err := a.Validate(); err != nil {
			problems, err = validationProblem(tg, a, err)
			if err != nil {
				return err
			}
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
	e := audit.Entry{Action: tg.act, Detail: detail}
	if err := s.save(r, a, expect, e); err != nil {
		if !errs.Is(err, errs.Conflict) {
			return err
		}
		// Another save of the household committed after this one loaded it.
		cur, err := s.loadHousehold(r, a.Household.No)
		if err != nil {
			return householdGone(err)
		}
		return s.editConflict(w, r, cur, t)
	}
	return s.saved(w, r, a, e, related)
}

// validationProblem places an error of the record's validation on the form: beside the field
// it names ("姓名超过 50 个字符" belongs to the field 姓名), or above the form when it names
// none of the form's fields.
func validationProblem(tg editTarget, a *registry.Aggregate, verr error) (map[string]string, error) {
	msg := errs.Message(verr)
	fs, err := tg.render(a, nil, nil)
	if err != nil {
		return nil, err
	}
	name, best := "", 0
	for _, f := range fs {
		if len(f.Label) > best && strings.HasPrefix(msg, f.Label+"超过") {
			name, best = f.Name, len(f.Label)
		}
	}
	return map[string]string{name: msg}, nil
}

// householdGone turns "not found" on reloading a household after a refused save into the
// conflict it is: another user deleted it meanwhile.
func householdGone(err error) error {
	if errs.Is(err, errs.NotFound) {
		return errs.Wrap(err, errs.Conflict, "这户在您打开表单后已被他人删除")
	}
	return err
}

// editConflict answers a save refused because the household changed after the form was
// opened: the form again, with the user's submitted values, the version stored now (so that
// submitting again is a deliberate choice to overwrite), and beside each field whose stored
// value differs from what the user submitted, the stored value.
func (s *Server) editConflict(w http.ResponseWriter, r *http.Request, cur *registry.Aggregate, t targetFunc) error {
	tg, err := t(cur, viewFor(r))
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.Wrap(err, errs.Conflict, "这户的数据在您打开表单后已被他人修改：%s", errs.Message(err))
		}
		return err
	}
	stored, err := tg.render(cur, nil, nil)
	if err != nil {
		return err
	}
	// What the user's form makes of the current data, rendered the same way, so that values
	// are compared as the form shows them and not as typed (1,000 and 1000 are the same).
	mine := cur.Clone()
	mt, err := t(mine, viewFor(r))
	if err != nil {
		return err
	}
	problems, _, err := mt.apply(mine, r.PostForm, s.now().In(chinaTime))
	if err != nil {
		return err
	}
	submitted, err := mt.render(mine, nil, nil)
	if err != nil {
		return err
	}
	notes := map[string]string{}
	var labels []string
	for i := range stored {
		if i >= len(submitted) || sameValue(&stored[i], &submitted[i]) {
			continue
		}
		notes[stored[i].Name] = "现值：" + shownValue(&stored[i])
		labels = append(labels, stored[i].Label)
	}
	general := "这户的数据在您打开表单后已被他人修改：以下字段的现值与您提交的不同：" + strings.Join(labels, "、") +
		"。您提交的内容保留在下面，各字段下方注明了现值；请核对，再次保存即以您提交的为准。"
	if len(labels) == 0 {
		general = "这户的数据在您打开表单后已被他人修改，本表单各字段的现值与您提交的相同。" +
			"您提交的内容保留在下面；请核对，再次保存即以您提交的为准。"
	}
	for name, p := range problems {
		if _, ok := notes[name]; !ok && name != "" {
			notes[name] = p
		}
	}
	fs, err := tg.render(cur, r.PostForm, notes)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusConflict, "edit", editPage{Heading: tg.heading, No: cur.Household.No,
		Village: s.villageName(cur.Household.Village), Action: tg.action, Fields: fs,
		Version: formatVersion(cur.Household.Version), Problems: max(1, len(notes)), General: general, Delete: tg.delete})
	return nil
}

// sameValue reports whether two renderings of a field hold the same value.
func sameValue(a, b *field) bool {
	return a.Value == b.Value && slices.Equal(a.Values, b.Values)
}

// shownValue is a field's value as the user may see it: ID numbers and phones masked.
func shownValue(f *field) string {
	switch {
	case f.Kind == "secret":
		return dashed(f.Masked)
	case f.Kind == "multi":
		return dashed(strings.Join(f.Values, "、"))
	}
	return dashed(f.Value)
}

// save stores the household over the version expected, with its audit entry, in one
// transaction.
func (s *Server) save(r *http.Request, a *registry.Aggregate, expect int64, e audit.Entry) error {
	ctx := r.Context()
	e.ObjectType, e.ObjectID, e.Region = "household", a.Household.No, a.Household.Village
	return s.cfg.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.reg.PutTx(ctx, tx, a, expect); err != nil {
			return err
		}
		if err := s.audit.AppendTx(ctx, tx, e); err != nil {
			return err
		}
		return s.cfg.DB.BumpDataVersion(ctx, tx, "registry")
	})
}

// saved re-screens a saved household (with the related households asked for before the edit)
// and redirects to its page with what re-screening found.
func (s *Server) saved(w http.ResponseWriter, r *http.Request, a *registry.Aggregate, e audit.Entry, related []string) error {
	ctx := r.Context()
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

// changed prefixes what changed with the record it belongs to, or is "" when nothing did.
func changed(record, what string) string {
	if what == "" {
		return ""
	}
	return record + what
}

func householdTarget(a *registry.Aggregate, v formView) (editTarget, error) {
	return editTarget{
		heading: "修改户信息", action: "/households/" + url.PathEscape(a.Household.No) + "/edit", act: audit.HouseholdUpdate,
		render: func(a *registry.Aggregate, sub url.Values, pr map[string]string) ([]field, error) {
			return fields(householdSpecs, &a.Household, sub, pr, v), nil
		},
		apply: func(a *registry.Aggregate, form url.Values, today time.Time) (map[string]string, string, error) {
			before := a.Household
			before.RiskTypes = append([]string(nil), a.Household.RiskTypes...)
			pr := bind(householdSpecs, &a.Household, form, v)
			checkHousehold(&a.Household, pr, today)
			a.Household.Uncollected &^= collectedBy(householdSpecs, householdFormFields)
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

func personTarget(pno string) targetFunc {
	return func(a *registry.Aggregate, v formView) (editTarget, error) {
		if pno == "new" {
			return newPersonTarget(a, v), nil
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
				return fields(personSpecs, &a.Persons[idx], sub, pr, v), nil
			},
			apply: func(a *registry.Aggregate, form url.Values, today time.Time) (map[string]string, string, error) {
				p := &a.Persons[idx]
				before := *p
				pr := bind(personSpecs, p, form, v)
				checkPerson(p, p.IDNumber != before.IDNumber, pr, today)
				p.Uncollected &^= collectedBy(personSpecs, personFormFields)
				return pr, changed("成员 "+p.No+"：", changes(personSpecs, &before, p)), nil
			},
		}, nil
	}
}

// newPersonTarget adds a member, such as a newborn, whom the national system has not numbered
// yet: the member gets the household's number and the next free two-digit suffix, as national
// person numbers have; a later import of the national export may replace it.
func newPersonTarget(a *registry.Aggregate, v formView) editTarget {
	return editTarget{
		heading: "新增家庭成员", act: audit.PersonAdd,
		action: "/households/" + url.PathEscape(a.Household.No) + "/persons/new/edit",
		render: func(a *registry.Aggregate, sub url.Values, pr map[string]string) ([]field, error) {
			return fields(personSpecs, &registry.Person{}, sub, pr, v), nil
		},
		apply: func(a *registry.Aggregate, form url.Values, today time.Time) (map[string]string, string, error) {
			// The form's fields are collected; the ones it does not ask for are not.
			p := registry.Person{No: nextPersonNo(a), HouseholdNo: a.Household.No,
				Uncollected: registry.AllOf(registry.PersonTable) &^ collectedBy(personSpecs, personFormFields)}
			pr := bind(personSpecs, &p, form, v)
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

func (s *Server) incomeTarget(yearText string) targetFunc {
	return func(a *registry.Aggregate, v formView) (editTarget, error) {
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
			a.Incomes = append(a.Incomes, registry.Income{HouseholdNo: a.Household.No, Year: year,
				Uncollected: registry.AllOf(registry.IncomeTable)})
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
				return fields(incomeSpecs, in, sub, pr, v), nil
			},
			apply: func(a *registry.Aggregate, form url.Values, today time.Time) (map[string]string, string, error) {
				in := get(a)
				before := *in
				pr := bind(incomeSpecs, in, form, v)
				checkIncome(in, pr)
				in.Uncollected &^= collectedBy(incomeSpecs, incomeFormFields)
				sortIncomes(a.Incomes)
				return pr, changed(fmt.Sprintf("%d 年收入：", year), changes(incomeSpecs, &before, a.Income(year))), nil
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

func measureTarget(seqText string) targetFunc {
	return func(a *registry.Aggregate, v formView) (editTarget, error) {
		base := "/households/" + url.PathEscape(a.Household.No) + "/measures/" + url.PathEscape(seqText)
		if seqText == "new" {
			return editTarget{heading: "新增帮扶措施", action: base + "/edit", act: audit.MeasureUpdate,
				render: func(a *registry.Aggregate, sub url.Values, pr map[string]string) ([]field, error) {
					return fields(measureSpecs, &registry.Measure{}, sub, pr, v), nil
				},
				apply: func(a *registry.Aggregate, form url.Values, today time.Time) (map[string]string, string, error) {
					seq := 1
					for _, m := range a.Measures {
						if m.Seq >= seq {
							seq = m.Seq + 1
						}
					}
					m := registry.Measure{HouseholdNo: a.Household.No, Seq: seq}
					pr := bind(measureSpecs, &m, form, v)
					checkMeasure(&m, pr)
					a.Measures = append(a.Measures, m)
					a.Household.Uncollected = a.Household.Uncollected.Without(registry.HMeasures)
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
				return fields(measureSpecs, &a.Measures[idx], sub, pr, v), nil
			},
			apply: func(a *registry.Aggregate, form url.Values, today time.Time) (map[string]string, string, error) {
				m := &a.Measures[idx]
				before := *m
				pr := bind(measureSpecs, m, form, v)
				checkMeasure(m, pr)
				what := changes(measureSpecs, &before, m)
				if what != "" {
					a.Household.Uncollected = a.Household.Uncollected.Without(registry.HMeasures)
				}
				return pr, changed("帮扶措施 "+m.Type+"：", what), nil
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
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.Invalid, "表单内容有误")
	}
	a, err := s.loadHousehold(r, r.PathValue("no"))
	if err != nil {
		return err
	}
	// The delete button's form carries no version yet: the version loaded here at least
	// keeps a save that commits between this load and the write from being undone.
	expect := a.Household.Version
	if r.PostForm.Has("v") {
		expect = formVersion(r.PostForm)
	}
	seq, _ := strconv.Atoi(r.PathValue("seq"))
	for i, m := range a.Measures {
		if m.Seq == seq {
			a.Measures = append(a.Measures[:i], a.Measures[i+1:]...)
			e := audit.Entry{Action: audit.MeasureDelete, Detail: "删除帮扶措施：" + m.Type}
			if err := s.save(r, a, expect, e); err != nil {
				if errs.Is(err, errs.Conflict) {
					return errs.Wrap(err, errs.Conflict, "这户的数据在您打开页面后已被他人修改，请刷新页面核对后再删除")
				}
				return err
			}
			return s.saved(w, r, a, e, nil)
		}
	}
	return errs.E(errs.NotFound, "本户没有这项帮扶措施")
}
