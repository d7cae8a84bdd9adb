package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// loadHousehold returns a household the user may see: one outside the user's subtree is
// forbidden, exactly as if the user had asked for its village.
func (s *Server) loadHousehold(r *http.Request, no string) (*registry.Aggregate, error) {
	a, err := s.reg.Get(r.Context(), no)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckVillage(user(r), a.Household.Village); err != nil {
		return nil, err
	}
	return a, nil
}

type searchPage struct {
	Q       string
	Results []householdItem
	Limited bool
	Scope   string
	// Hint asks for more than was typed (one character of a name) instead of searching.
	Hint string
}

func (searchPage) PageTitle() string { return "农户查询" }

const searchLimit = 50

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, err := auth.Scope(u, "")
	if err != nil {
		return err
	}
	p := searchPage{Q: strings.TrimSpace(r.URL.Query().Get("q")), Scope: s.cfg.Tree.FullName(scope)}
	by := store.SearchKind(p.Q)
	switch {
	case p.Q == "":
	case by == store.TooShort:
		p.Hint = "请再输入一个字：按姓名查询至少要输入姓名的前两个字（如“张三”输入“张三”，或姓加名字的第一个字）。"
	default:
		rows, err := s.reg.Search(r.Context(), scope, p.Q, searchLimit)
		if err != nil {
			return err
		}
		p.Limited = len(rows) == searchLimit
		for _, h := range rows {
			p.Results = append(p.Results, householdItem{HouseholdRow: h, VillageName: s.villageName(h.Village),
				Matched: auth.MaskID(h.MatchedID), MatchedPhone: auth.MaskPhone(h.MatchedPhone)})
		}
		if by == store.ByPhone || by == store.ByIDSuffix || (by == store.ByNumber && looksLikeID(p.Q)) {
			if err := s.auditSearch(r, scope, by, p.Q, rows); err != nil {
				return err
			}
		}
	}
	if r.Header.Get("HX-Request") != "" && r.Header.Get("HX-Target") == "results" {
		s.renderBlock(w, r, "search", "results", p)
		return nil
	}
	s.render(w, r, http.StatusOK, "search", p)
	return nil
}

// auditSearch records a search by a phone number, a whole certificate number or the end of one
// like a reveal: it finds people by their personal numbers. The entry names the households
// found, and the number only masked.
func (s *Server) auditSearch(r *http.Request, scope region.Code, by store.SearchBy, q string, rows []store.HouseholdRow) error {
	what := "按手机号码 " + auth.MaskPhone(q) + " 查询农户"
	switch by {
	case store.ByIDSuffix:
		what = "按证件号码后 6 位查询农户"
	case store.ByNumber:
		what = "按证件号码 " + auth.MaskID(q) + " 查询农户"
	}
	nos := make([]string, 0, len(rows))
	for _, h := range rows {
		nos = append(nos, h.No)
	}
	found := "，没有找到"
	if len(nos) > 0 {
		found = fmt.Sprintf("，找到 %d 户：%s", len(nos), strings.Join(nos, "、"))
	}
	return s.audit.Append(r.Context(), audit.Entry{Action: audit.Reveal, ObjectType: "search", Region: scope, Detail: what + found})
}

// looksLikeID reports whether a number searched for has the length of a certificate number
// (15 or 18 characters): a 户编号 or 成员编号 is not personal and not audited.
func looksLikeID(q string) bool {
	q = strings.TrimSpace(q)
	return len(q) == 15 || len(q) == 18
}

// villageName returns a village's name with its township: 马营镇石滩村; a region above the
// villages gets its own name.
func (s *Server) villageName(v region.Code) string {
	reg, err := s.cfg.Tree.Get(v)
	if err != nil {
		return string(v)
	}
	if reg.Level != region.Village {
		return reg.Name
	}
	if t, err := s.cfg.Tree.Get(v.Up(region.Township)); err == nil {
		return t.Name + reg.Name
	}
	return reg.Name
}

type householdPage struct {
	A         *registry.Aggregate
	H         *registry.Household
	Village   string
	Trail     []region.Region
	Head      string
	Phone     string
	HelperPh  string
	Persons   []personView
	Incomes   []incomeView
	Findings  []Finding
	Ledger    map[string]store.Tracking // the ledger item each finding is on, by finding id
	OpenCount int
	History   []audit.Entry
	Full      bool
	Screening bool
	Risks     string
	// Uncollected names the fields no source has provided for the household, its current
	// members or its latest income, with where a county gets them.
	Uncollected []uncollectedView
}

type uncollectedView struct {
	Fields string
	Source string
}

// uncollectedViews groups the fields the household lacks by the source that provides them.
func uncollectedViews(a *registry.Aggregate) []uncollectedView {
	var sets [3]registry.FieldSet
	sets[registry.HouseholdTable] = a.Household.Uncollected
	for i := range a.Persons {
		if a.Persons[i].Current() {
			sets[registry.PersonTable] |= a.Persons[i].Uncollected
		}
	}
	if n := len(a.Incomes); n > 0 {
		sets[registry.IncomeTable] = a.Incomes[n-1].Uncollected
	}
	var out []uncollectedView
	at := map[string]int{}
	for t, set := range sets {
		for _, f := range set.List(registry.Table(t)) {
			src := f.Info().Source
			if src == "" {
				src = "全国系统导出表"
			}
			i, ok := at[src]
			if !ok {
				i = len(out)
				at[src] = i
				out = append(out, uncollectedView{Source: src})
			}
			if out[i].Fields != "" {
				out[i].Fields += "、"
			}
			out[i].Fields += f.Label()
		}
	}
	return out
}

func (p householdPage) PageTitle() string {
	if p.Head != "" {
		return p.Head + "户"
	}
	return "户 " + p.H.No
}

type personView struct {
	*registry.Person
	ID      string
	Phone   string
	Age     string
	Current bool
}

type incomeView struct {
	*registry.Income
	Net       registry.Money
	PerCapita registry.Money
	Size      int
}

func (s *Server) householdPage(w http.ResponseWriter, r *http.Request) error {
	return s.showHousehold(w, r, false)
}

// reveal shows the household with full ID and phone numbers to a user whose role allows it,
// and records the view in the audit log. It is a POST, so that a revealed page is always an
// intended, audited act and never a link followed by accident or prefetched.
func (s *Server) reveal(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Require(user(r), auth.PermUnmask); err != nil {
		return err
	}
	return s.showHousehold(w, r, true)
}

func (s *Server) showHousehold(w http.ResponseWriter, r *http.Request, full bool) error {
	a, err := s.loadHousehold(r, r.PathValue("no"))
	if err != nil {
		return err
	}
	u := user(r)
	mask := auth.MaskerFor(u, full)
	if mask.Full {
		if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.Reveal, ObjectType: "household",
			ObjectID: a.Household.No, Region: a.Household.Village, Detail: "查看了全户成员的完整证件号码和联系电话"}); err != nil {
			return err
		}
	}
	p := householdPage{A: a, H: &a.Household, Village: s.cfg.Tree.FullName(a.Household.Village),
		Trail: s.trail(u, a.Household.Village), Phone: mask.Phone(a.Household.Phone),
		HelperPh: mask.Phone(a.Household.HelperPhone), Full: mask.Full, Screening: s.cfg.Screening != nil,
		Risks: strings.Join(a.Household.RiskTypes, "、"), Uncollected: uncollectedViews(a)}
	if reg, err := s.cfg.Tree.Get(a.Household.Village); err == nil {
		p.Trail = append(p.Trail, reg)
	}
	today := s.now()
	for i := range a.Persons {
		pr := &a.Persons[i]
		v := personView{Person: pr, ID: mask.ID(pr.IDNumber), Phone: mask.Phone(pr.Phone), Current: pr.Current()}
		if pr.IsHead() && p.Head == "" {
			p.Head = pr.Name
		}
		if n, err := idno.Parse(pr.IDNumber); err == nil && !n.Birth.IsZero() {
			v.Age = strconv.Itoa(idno.Age(n.Birth, today))
		} else if !pr.Birth.IsZero() {
			v.Age = strconv.Itoa(idno.Age(pr.Birth.Time(), today))
		}
		p.Persons = append(p.Persons, v)
	}
	for i := len(a.Incomes) - 1; i >= 0; i-- {
		in := &a.Incomes[i]
		size := in.Size
		if size <= 0 {
			size = a.Size()
		}
		p.Incomes = append(p.Incomes, incomeView{Income: in, Net: in.Net(), PerCapita: in.PerCapita(size), Size: size})
	}
	if sc := s.cfg.Screening; sc != nil {
		if p.Findings, err = sc.Household(r.Context(), a.Household.No); err != nil {
			return err
		}
		ids := make([]string, 0, len(p.Findings))
		for _, f := range p.Findings {
			if f.Status == "open" {
				p.OpenCount++
			}
			ids = append(ids, f.ID)
		}
		if p.Ledger, err = s.ledger().Tracking(r.Context(), ids); err != nil {
			return err
		}
	}
	if p.History, err = s.audit.List(r.Context(), audit.Filter{Object: "household", ObjectID: a.Household.No, Limit: 30}); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "household", p)
	return nil
}

// flashText turns the query of a redirect after a save into the message the page shows.
func flashText(r *http.Request) string {
	q := r.URL.Query()
	var b strings.Builder
	switch q.Get("msg") {
	case "saved":
		b.WriteString("已保存。")
	case "unchanged":
		return "没有改动任何内容，未保存，也未记入修改记录。"
	case "created":
		n, _ := strconv.Atoi(q.Get("n"))
		return fmt.Sprintf("已生成 %d 项整改事项。下面只列出本次生成的事项，点“×”可显示全部。", n)
	case "deleted":
		b.WriteString("已删除。")
	case "waived":
		b.WriteString("已登记例外说明。")
	case "unwaived":
		b.WriteString("已撤销例外说明，问题重新列为未解决。")
	default:
		return ""
	}
	if q.Has("open") {
		opened, _ := strconv.Atoi(q.Get("opened"))
		closed, _ := strconv.Atoi(q.Get("closed"))
		open, _ := strconv.Atoi(q.Get("open"))
		fmt.Fprintf(&b, "已重新排查本户：新发现 %d 个问题，消除 %d 个问题，现有未解决问题 %d 个。", opened, closed, open)
	}
	return b.String()
}
