// Package handbook makes the 户帮扶手册 (household assistance handbook) of a household from the
// data, so that the paper handbook kept in the family and by its helper is printed, always
// current, instead of copied by hand ("帮扶手册也没有及时进行更新"): the family, its risks and
// monitoring, its measures and their dates, the incomes of the last years, its basic needs,
// its helper and the village's work team, the visits, the satisfaction surveys and petitions,
// and the problems still open.
//
// Build gathers a household's handbook through the stores and, where the support domain is
// present, its helpers, work team and visits (Support); Write prints handbooks as one printed
// page (internal/printout) on A4 or A5, which the web and `gonggu handbook` share. ID numbers
// and phones are always masked on paper; names are masked for a user whose role may not see
// them.
package handbook

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/printout"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/store"
)

// Support is how a handbook reads the support domain (internal/support): the household's
// helpers, the work team of its village and its visits.
type Support interface {
	Helpers(ctx context.Context, householdNo string, on registry.Date) ([]Helper, error)
	Team(ctx context.Context, village region.Code, on registry.Date) ([]Member, error)
	Visits(ctx context.Context, village region.Code, householdNo string, n int) ([]recognition.Visit, error)
}

// Helper is a household's helper (帮扶责任人).
type Helper struct {
	Name, Unit, Post, Phone string
	Since                   registry.Date
}

// Member is a member of the village's work team.
type Member struct {
	Name, Role, Unit string
	Since            registry.Date
}

// Person is a member of the family as the handbook shows them.
type Person struct {
	Name, Relation, Gender, ID    string
	Age                           int
	Education, Health, Labour     string
	Work, Post, Insurance, Status string
}

// IncomeYear is a year's income.
type IncomeYear struct {
	Year                                  int
	Wages, Business, Property, Transfers  registry.Money
	Expense, Net, PerCapita, Dividends    registry.Money
	Size                                  int
	PostWages, Pension, Dibao, OtherTrans registry.Money
}

// Problem is an open finding of the household.
type Problem struct {
	Rule, Title, Explanation string
	Found                    registry.Date
}

// Handbook is a household's 户帮扶手册.
type Handbook struct {
	No, Head, Village, Place string
	Kind                     string
	YearOut                  int
	Address                  string
	Phone                    string
	On                       registry.Date
	Persons                  []Person
	Monitoring               [][2]string // label, value
	Needs                    [][2]string
	Measures                 []registry.Measure
	Incomes                  []IncomeYear
	Helpers                  []Helper
	HelperNote               string
	Team                     []Member
	Visits                   []recognition.Visit
	VisitNote                string
	Surveys                  []recognition.Survey
	Petitions                []recognition.Petition
	Problems                 []Problem
	Masked                   bool
}

// Sources are what a handbook reads.
type Sources struct {
	DB      *store.DB
	Tree    *region.Tree
	Support Support // nil: helpers from the registry's 帮扶责任人 column, no visits
}

// Options of a handbook.
type Options struct {
	Now       time.Time
	FullNames bool // names in full; masked otherwise
}

// maxVisits bounds the visits a handbook lists: the latest.
const maxVisits = 12

// Build gathers the handbook of a household.
func Build(ctx context.Context, src Sources, no string, opt Options) (*Handbook, error) {
	a, err := store.NewRegistry(src.DB).Get(ctx, no)
	if err != nil {
		return nil, err
	}
	h := a.Household
	today := registry.DateOf(opt.Now.In(ledger.China))
	name := func(s string) string {
		if opt.FullNames {
			return s
		}
		return auth.MaskName(s)
	}
	b := &Handbook{No: h.No, Village: string(h.Village), Place: src.Tree.FullName(h.Village), Kind: h.Kind, YearOut: h.YearOut,
		Address: auth.MaskText(h.Address), Phone: auth.MaskPhone(h.Phone), On: today, Masked: !opt.FullNames}
	if r, err := src.Tree.Get(h.Village); err == nil {
		b.Village = r.Name
	}
	var names []string
	for _, p := range a.Persons {
		names = append(names, p.Name)
		if p.IsHead() {
			b.Head = name(p.Name)
		}
	}
	for _, p := range a.Current() {
		per := Person{Name: name(p.Name), Relation: p.Relation, Gender: p.Gender, ID: auth.MaskID(p.IDNumber),
			Education: firstOf(p.SchoolStatus, p.Education), Health: strings.ReplaceAll(p.Health, ",", "、"), Labour: p.LabourSkill}
		if !p.Birth.IsZero() {
			per.Age = age(p.Birth, today)
		}
		if p.HasHealth("残疾") && p.DisabilityCategory != "" {
			per.Health += "（" + p.DisabilityCategory + p.DisabilityGrade + "）"
		}
		if p.WorkMonths.Valid && p.WorkMonths.N > 0 {
			per.Work = firstOf(p.WorkLocation, "务工") + " " + p.WorkMonths.String() + " 个月"
		}
		if p.PostType != "" {
			per.Post = p.PostType
			if p.PostMonths.Valid {
				per.Post += " " + p.PostMonths.String() + " 个月"
			}
		}
		var ins []string
		if p.ResidentMedical == registry.Yes {
			ins = append(ins, "居民医保")
		}
		if p.EmployeeMedical == registry.Yes {
			ins = append(ins, "职工医保")
		}
		if p.CriticalIllness == registry.Yes {
			ins = append(ins, "大病保险")
		}
		if p.ResidentPension == registry.Yes || p.EmployeePension == registry.Yes {
			ins = append(ins, "养老保险")
		}
		per.Insurance = strings.Join(ins, "、")
		var st []string
		if p.Dibao == registry.Yes {
			st = append(st, "低保")
		}
		if p.Tekun == registry.Yes {
			st = append(st, "特困")
		}
		per.Status = strings.Join(st, "、")
		b.Persons = append(b.Persons, per)
	}
	// Risks and monitoring.
	if h.Monitored() {
		elim := "未消除"
		if h.RiskEliminated == registry.Yes {
			elim = "已消除（" + firstOf(h.EliminationWay, "—") + "，" + monthText(h.EliminatedOn) + "）"
		}
		b.Monitoring = [][2]string{{"监测对象类别", h.Category}, {"识别监测时间", monthText(h.IdentifiedOn)},
			{"识别方式", firstOf(h.Channel, "—")}, {"风险类型", firstOf(strings.Join(h.RiskTypes, "、"), "—")}, {"风险", elim}}
		if h.RiskRemark != "" {
			b.Monitoring = append(b.Monitoring, [2]string{"风险说明", auth.MaskText(h.RiskRemark)})
		}
	}
	flag := func(f registry.Flag, yes, no string) string {
		switch f {
		case registry.Yes:
			return yes
		case registry.No:
			return no
		}
		return "未采集"
	}
	house := firstOf(h.HousingGrade, "未鉴定")
	if !h.HousingAppraised.IsZero() {
		house += "级（" + h.HousingAppraised.String() + " 鉴定）"
	}
	b.Needs = [][2]string{{"住房安全", house}, {"饮水安全", flag(h.WaterSafe, "已解决", "未解决 "+h.WaterIssue)},
		{"卫生厕所", flag(h.Toilet, "有", "无")}, {"生活用电", flag(h.Electricity, "已通", "未通")},
		{"入户道路", flag(h.RoadHardened, "已硬化", "未硬化")}, {"低保 / 特困", flag(h.Dibao, "享受低保", "未享受低保") + " / " + flag(h.Tekun, "特困供养", "否")},
		{"易地搬迁", flag(h.Relocated, "是 "+h.RelocationSite, "否")}}
	// Measures, latest first.
	b.Measures = slices.Clone(a.Measures)
	slices.SortStableFunc(b.Measures, func(x, y registry.Measure) int {
		switch {
		case y.Start.Before(x.Start):
			return -1
		case x.Start.Before(y.Start):
			return 1
		}
		return 0
	})
	for i := range b.Measures {
		b.Measures[i].Description = auth.MaskNames(auth.MaskText(b.Measures[i].Description), names...)
	}
	// Incomes of the last three years.
	incomes := slices.Clone(a.Incomes)
	if len(incomes) > 3 {
		incomes = incomes[len(incomes)-3:]
	}
	for i := len(incomes) - 1; i >= 0; i-- {
		in := &incomes[i]
		size := in.Size
		if size == 0 {
			size = a.Size()
		}
		b.Incomes = append(b.Incomes, IncomeYear{Year: in.Year, Wages: in.Wages, Business: in.Business, Property: in.Property,
			Transfers: in.Transfers, Expense: in.BusinessExpense, Net: in.Net(), PerCapita: in.PerCapita(size), Size: size,
			PostWages: in.PostWages, Dividends: in.Dividends, Pension: in.Pension, Dibao: in.DibaoPay, OtherTrans: in.OtherTrans})
	}
	// Helpers, team, visits.
	if src.Support != nil {
		if b.Helpers, err = src.Support.Helpers(ctx, no, today); err != nil {
			return nil, err
		}
		if b.Team, err = src.Support.Team(ctx, h.Village, today); err != nil {
			return nil, err
		}
		if b.Visits, err = src.Support.Visits(ctx, h.Village, no, maxVisits); err != nil {
			return nil, err
		}
		if len(b.Visits) == 0 {
			b.VisitNote = "系统中尚无本户的走访记录。"
		}
	} else {
		b.VisitNote = "走访记录未录入本系统。"
	}
	if len(b.Helpers) == 0 && h.Helper != "" {
		b.Helpers = []Helper{{Name: h.Helper, Phone: h.HelperPhone}}
		b.HelperNote = "帮扶责任人取自全国系统导出表。"
	}
	for i := range b.Helpers {
		b.Helpers[i].Phone = auth.MaskPhone(b.Helpers[i].Phone)
	}
	// Surveys and petitions.
	rec := store.NewRecognition(src.DB)
	surveys, _, err := rec.Surveys(ctx, store.SurveyFilter{Scope: h.Village, HouseholdNo: no, Limit: 8})
	if err != nil {
		return nil, err
	}
	for _, s := range surveys {
		s.Note, s.FollowUpNote = auth.MaskText(s.Note), auth.MaskText(s.FollowUpNote)
		b.Surveys = append(b.Surveys, s.Survey)
	}
	pets, _, err := rec.Petitions(ctx, store.PetitionFilter{Scope: h.Village, HouseholdNo: no})
	if err != nil {
		return nil, err
	}
	for _, p := range pets {
		p.Title, p.Conclusion = auth.MaskNames(auth.MaskText(p.Title), names...), auth.MaskNames(auth.MaskText(p.Conclusion), names...)
		b.Petitions = append(b.Petitions, p)
	}
	// Open problems.
	fs, _, err := store.NewFindings(src.DB).List(ctx, store.FindingFilter{Scope: h.Village, HouseholdNo: no, Status: store.StatusOpen})
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		p := Problem{Rule: f.RuleID, Explanation: auth.MaskNames(auth.MaskText(f.Explanation), names...), Found: registry.DateOf(f.OpenedAt.In(ledger.China))}
		if r := rules.All().Get(f.RuleID); r != nil {
			p.Title = r.Title
		}
		b.Problems = append(b.Problems, p)
	}
	return b, nil
}

// age returns the full years from birth to the day.
func age(birth, on registry.Date) int {
	b, t := birth.Time(), on.Time()
	a := t.Year() - b.Year()
	if t.Month() < b.Month() || t.Month() == b.Month() && t.Day() < b.Day() {
		a--
	}
	return a
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func monthText(m registry.Month) string {
	if m.IsZero() {
		return "—"
	}
	return m.String()
}

//go:embed handbook.html
var templates embed.FS

var bookTemplate = template.Must(template.New("handbook.html").Funcs(template.FuncMap{
	"money": func(m registry.Money) string { return m.String() },
	"date": func(d registry.Date) string {
		if d.IsZero() {
			return "—"
		}
		return d.String()
	},
}).ParseFS(templates, "handbook.html"))

// Write prints handbooks as one page on the paper size: each handbook starts a new sheet.
func Write(w io.Writer, books []*Handbook, size printout.Size) error {
	var body bytes.Buffer
	if err := bookTemplate.ExecuteTemplate(&body, "books", books); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成帮扶手册")
	}
	title := "户帮扶手册"
	if len(books) == 1 {
		title = books[0].Head + "户帮扶手册"
	}
	return printout.Page(w, title, size, template.HTML(body.String()))
}
