// Package keycard makes the 明白卡 (key-figure card) of a region: the figures a leader or a
// cadre is asked in the post-evaluation's interview ("主要数据清楚吗？", DOMAIN.md section 1)
// on one A4 page — households and people by category, monitored and eliminated this year,
// income per capita and its growth, employed labour and public-welfare posts against last
// year, funds spent and the industry share, satisfaction and petitions, open problems by
// indicator, the region's score and rank — so that every cadre "心中有本明白账".
//
// A card is made for a role: the leaders' card (县乡领导) compares the region's children; the
// cadres' card (村干部、驻村工作队) lists the households they must know. Build gathers the
// figures through the stores; Write prints one card or many (every village of a county) as
// one printed page (internal/printout), which the web and `gonggu card` share.
package keycard

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/store"
)

// Role is who a card is for.
type Role string

// The roles of a card.
const (
	Leader Role = "leader" // 县乡领导
	Cadre  Role = "cadre"  // 村干部、驻村工作队、帮扶责任人
)

// Roles lists the roles.
var Roles = []Role{Leader, Cadre}

// Label names the role's card.
func (r Role) Label() string {
	if r == Cadre {
		return "村干部和驻村工作队版"
	}
	return "领导干部版"
}

// ParseRole reads a role; "" is Leader.
func ParseRole(s string) (Role, error) {
	switch Role(s) {
	case "", Leader:
		return Leader, nil
	case Cadre:
		return Cadre, nil
	}
	return "", errs.E(errs.Invalid, "明白卡的版本应为 leader（领导干部版）或 cadre（村干部和驻村工作队版），而不是「%s」", s)
}

// Figure is one figure of a card, with last year's where known.
type Figure struct {
	Label   string
	Value   float64
	Unit    string
	Digits  int  // decimals shown
	Missing bool // no data: shown as 暂无数据
	HasLast bool
	Last    float64
	// LastNote says where last year's figure came from when it is not counted ("演示模拟").
	LastNote string
	Note     string // shown under the figure instead of the change
}

// Text writes the value with its unit.
func (f Figure) Text() string {
	if f.Missing {
		return "暂无数据"
	}
	return number(f.Value, f.Digits) + f.Unit
}

// Change writes the change against last year ("较上年 +3.2%"), "" without last year's figure.
func (f Figure) Change() string {
	if f.Note != "" {
		return f.Note
	}
	if f.Missing || !f.HasLast {
		return ""
	}
	d := f.Value - f.Last
	s := "较上年 " + signed(d, f.Digits) + f.Unit
	if f.Last != 0 && f.Unit != "%" {
		s += "（" + signed(100*d/f.Last, 1) + "%）"
	}
	if f.LastNote != "" {
		s += "，上年为" + f.LastNote
	}
	return s
}

// Trend is +1 when the figure rose, −1 when it fell, 0 otherwise.
func (f Figure) Trend() int {
	switch {
	case f.Missing || !f.HasLast || f.Value == f.Last:
		return 0
	case f.Value > f.Last:
		return 1
	}
	return -1
}

// Group is a titled group of figures.
type Group struct {
	Title   string
	Figures []Figure
}

// Problem is the open findings of one indicator.
type Problem struct {
	Indicator int
	Title     string
	Open      int
	High      int // of them, 严重
}

// Rank is the region's place in its scorecard.
type Rank struct {
	Period     string
	Total, Max float64
	Gap        float64
	Rank, Of   int // among its siblings; 0 when it has none
	Scored     int
}

// Child is one child region on a leaders' card.
type Child struct {
	Name       string
	Households int
	Target     int // 脱贫户 and monitored
	Monitored  int
	Open       int
	HasScore   bool
	Total      float64
	Rank       int
}

// Line is a household on a cadres' card.
type Line struct {
	No, Head, Category, Risks, State string
	Open                             int
}

// Card is the 明白卡 of a region for a role.
type Card struct {
	Region    region.Code
	Name      string // the region's name
	Place     string // its full name
	Role      Role
	On        registry.Date
	Year      int
	Groups    []Group
	Problems  []Problem
	OpenTotal int
	Rank      *Rank
	ChildWord string // 乡镇, 村 …
	Children  []Child
	More      int // children or households left off the page
	Lines     []Line
	Masked    bool // names are masked
	Notes     []string
}

// Funds is how a card reads the funds domain: the year's 衔接资金 of a region. ok is false when
// the region has no fund data.
type Funds interface {
	CardFunds(ctx context.Context, code region.Code, year int) (f FundFigures, ok bool, err error)
}

// FundFigures are a region's funds of the year.
type FundFigures struct {
	Allocated, Spent float64 // yuan
	IndustryShare    float64 // % of the projects' funds in industry
	ScheduleRate     float64 // spent against the schedule (序时进度), %
}

// Sources are what a card reads.
type Sources struct {
	DB     *store.DB
	Tree   *region.Tree
	Scores *score.Service // nil: no score and rank
	Funds  Funds          // nil: funds are 暂无数据
}

// Options of a card.
type Options struct {
	Role Role
	Now  time.Time
	// FullNames shows the households' names in full (a user whose role may see them); they
	// are masked otherwise.
	FullNames bool
	// Save keeps this year's figures, for next year's card to compare with.
	Save bool
}

// maxChildren and maxLines bound the rows of a card, so that it stays one page.
const (
	maxChildren = 22
	maxLines    = 24
)

// Build gathers the card of a region.
func Build(ctx context.Context, src Sources, code region.Code, opt Options) (*Card, error) {
	reg, err := src.Tree.Get(code)
	if err != nil {
		return nil, errs.E(errs.NotFound, "行政区划「%s」不存在", code)
	}
	now := opt.Now.In(ledger.China)
	c := &Card{Region: code, Name: reg.Name, Place: src.Tree.FullName(code), Role: opt.Role, On: registry.DateOf(now),
		Year: now.Year(), Masked: !opt.FullNames}
	kc := store.NewKeycard(src.DB)
	ps, err := store.NewParams(src.DB).Resolve(ctx, code.Up(region.County), c.Year)
	if err != nil {
		return nil, err
	}
	last, lastSrc, err := kc.Figures(ctx, code, c.Year-1)
	if err != nil {
		return nil, err
	}
	lastNote := ""
	if lastSrc == store.FiguresSynthetic {
		lastNote = "演示模拟"
	}
	fig := func(label string, v float64, unit string, digits int, key string) Figure {
		f := Figure{Label: label, Value: v, Unit: unit, Digits: digits}
		if x, ok := last[key]; ok && key != "" {
			f.HasLast, f.Last, f.LastNote = true, x, lastNote
		}
		return f
	}
	save := map[string]float64{}

	// Households and people.
	kinds, err := kc.People(ctx, code)
	if err != nil {
		return nil, err
	}
	var hh, alle, alleP, mon, monP, total, totalP int
	byCat := map[string]int{}
	for _, k := range kinds {
		total += k.Households
		totalP += k.People
		if slices.Contains(score.TargetKinds, k.Kind) {
			alle += k.Households
			alleP += k.People
		}
		if k.Category != "" {
			mon += k.Households
			monP += k.People
			byCat[k.Category] += k.Households
		}
		hh += k.Households
	}
	save["alleviated"], save["monitored"] = float64(alle), float64(mon)
	c.Groups = append(c.Groups, Group{Title: "农户和人口", Figures: []Figure{
		fig("脱贫户", float64(alle), " 户", 0, "alleviated"), {Label: "脱贫人口", Value: float64(alleP), Unit: " 人"},
		fig("监测户", float64(mon), " 户", 0, "monitored"), {Label: "监测对象", Value: float64(monP), Unit: " 人"},
		{Label: "其中脱贫不稳定户", Value: float64(byCat[registry.MonUnstable]), Unit: " 户"},
		{Label: "边缘易致贫户 / 突发严重困难户", Value: float64(byCat[registry.MonEdge]), Unit: " / " + strconv.Itoa(byCat[registry.MonSudden]) + " 户"},
	}})

	// Monitoring this year.
	m, err := kc.Monitoring(ctx, code, c.Year)
	if err != nil {
		return nil, err
	}
	c.Groups = append(c.Groups, Group{Title: fmt.Sprintf("%d 年防返贫监测", c.Year), Figures: []Figure{
		{Label: "新识别监测户", Value: float64(m.Identified), Unit: " 户"},
		{Label: "风险消除户", Value: float64(m.Eliminated), Unit: " 户"},
		{Label: "风险未消除户", Value: float64(m.Unresolved), Unit: " 户"},
	}})

	// Income.
	target, monitored, err := kc.Incomes(ctx, code, score.TargetKinds, c.Year-1, c.Year)
	if err != nil {
		return nil, err
	}
	incomeYear := c.Year
	if target[1].Households == 0 && target[0].Households > 0 {
		incomeYear = c.Year - 1 // this year's incomes are not collected yet
	}
	incomeFig := func(label string, in []store.Income) Figure {
		cur, prev := in[1], in[0]
		if incomeYear != c.Year {
			cur, prev = in[0], store.Income{}
		}
		f := Figure{Label: fmt.Sprintf("%s（%d 年）", label, incomeYear), Value: math.Round(cur.PerCapita), Unit: " 元", Missing: cur.Households == 0}
		if prev.Households > 0 {
			f.HasLast, f.Last = true, math.Round(prev.PerCapita)
		}
		return f
	}
	line := ps.Num(policy.MonitorLine)
	c.Groups = append(c.Groups, Group{Title: "收入", Figures: []Figure{
		incomeFig("脱贫户和监测户人均纯收入", target), incomeFig("监测户人均纯收入", monitored),
		{Label: "防返贫监测范围", Value: line, Unit: " 元/人·年"},
	}})

	// Labour.
	lab, err := kc.Labour(ctx, code, score.TargetKinds)
	if err != nil {
		return nil, err
	}
	save["employed"], save["posts"] = float64(lab.Employed), float64(lab.Posts)
	c.Groups = append(c.Groups, Group{Title: "就业", Figures: []Figure{
		fig("脱贫劳动力务工", float64(lab.Employed), " 人", 0, "employed"),
		{Label: "其中省外务工", Value: float64(lab.Abroad), Unit: " 人"},
		fig("公益性岗位", float64(lab.Posts), " 人", 0, "posts"),
	}})

	// Funds.
	funds := Group{Title: fmt.Sprintf("%d 年衔接资金", c.Year)}
	var ff FundFigures
	ok := false
	if src.Funds != nil {
		if ff, ok, err = src.Funds.CardFunds(ctx, code, c.Year); err != nil {
			return nil, err
		}
	}
	if ok {
		rate := 0.0
		if ff.Allocated > 0 {
			rate = 100 * ff.Spent / ff.Allocated
		}
		funds.Figures = []Figure{{Label: "已支出 / 下达", Value: ff.Spent / 1e4, Unit: " / " + number(ff.Allocated/1e4, 0) + " 万元"},
			{Label: "支出进度", Value: rate, Unit: "%", Digits: 1}, {Label: "产业项目资金占比", Value: ff.IndustryShare, Unit: "%", Digits: 1}}
	} else {
		funds.Figures = []Figure{{Label: "已支出 / 下达", Missing: true}, {Label: "支出进度", Missing: true}, {Label: "产业项目资金占比", Missing: true}}
	}
	if opt.Role == Leader {
		c.Groups = append(c.Groups, funds)
	}

	// Recognition.
	rec := store.NewRecognition(src.DB)
	today := c.On
	since := recognition.Since(ps, today)
	answers, err := rec.Answers(ctx, code, since)
	if err != nil {
		return nil, err
	}
	var tally recognition.Tally
	for _, as := range answers {
		tally = tally.Add(recognition.TallyOf(recognition.Latest(as, since), ps))
	}
	open, _, err := rec.Petitions(ctx, store.PetitionFilter{Scope: code, Open: true})
	if err != nil {
		return nil, err
	}
	overdue := 0
	for i := range open {
		if open[i].Overdue(ps, today) != "" {
			overdue++
		}
	}
	sat := Figure{Label: "群众满意度（近 12 个月调查）", Value: tally.Satisfied.Pct(), Unit: "%", Digits: 1, Missing: tally.Satisfied.N == 0}
	if tally.Satisfied.N > 0 {
		lo, hi := tally.Satisfied.Interval()
		sat.Note = fmt.Sprintf("%d 户，95%% 置信区间 %s–%s%%", tally.Satisfied.N, number(lo, 1), number(hi, 1))
	}
	knows := Figure{Label: "认识帮扶干部和工作队", Value: tally.Knows.Pct(), Unit: "%", Digits: 1, Missing: tally.Knows.N == 0}
	c.Groups = append(c.Groups, Group{Title: "群众认可度", Figures: []Figure{sat, knows,
		{Label: "在办信访 / 其中逾期", Value: float64(len(open)), Unit: " / " + strconv.Itoa(overdue) + " 件"}}})

	// Open problems by indicator.
	counts, err := store.NewFindings(src.DB).OpenCounts(ctx, code, len(code.Prefix()))
	if err != nil {
		return nil, err
	}
	byInd := map[int]*Problem{}
	for _, fc := range counts {
		p := byInd[fc.Indicator]
		if p == nil {
			p = &Problem{Indicator: fc.Indicator, Title: rules.IndicatorTitles[fc.Indicator]}
			byInd[fc.Indicator] = p
		}
		p.Open += fc.N
		if fc.Severity == rules.High.String() {
			p.High += fc.N
		}
	}
	for i := 1; i <= 10; i++ {
		p := byInd[i]
		if p == nil {
			p = &Problem{Indicator: i, Title: rules.IndicatorTitles[i]}
		}
		c.Problems = append(c.Problems, *p)
		c.OpenTotal += p.Open
	}
	if p := byInd[rules.DataQuality]; p != nil {
		c.Problems = append(c.Problems, *p)
		c.OpenTotal += p.Open
	}

	// Score and rank.
	if src.Scores != nil {
		if err := c.rank(ctx, src.Scores, code); err != nil {
			return nil, err
		}
	}

	// The bottom of the card.
	if opt.Role == Leader && code.Level() < region.Village {
		if err := c.children(ctx, src, code); err != nil {
			return nil, err
		}
	}
	if opt.Role == Cadre && code.Level() == region.Village {
		hs, err := kc.KeyHouseholds(ctx, code)
		if err != nil {
			return nil, err
		}
		for i, h := range hs {
			if i == maxLines {
				c.More = len(hs) - maxLines
				break
			}
			l := Line{No: h.No, Head: h.Head, Category: h.Category, Risks: strings.ReplaceAll(h.RiskTypes, ",", "、"), Open: h.Open}
			if l.Category == "" {
				l.Category = h.Kind
			}
			switch {
			case h.Category == "":
				l.State = "—"
			case h.Eliminated:
				l.State = "已消除"
			default:
				l.State = "未消除"
			}
			if !opt.FullNames {
				l.Head = auth.MaskName(l.Head)
			}
			c.Lines = append(c.Lines, l)
		}
	}
	if opt.Save {
		if err := kc.SaveFigures(ctx, code, c.Year, save, store.FiguresCard); err != nil {
			return nil, err
		}
	}
	if !ok && opt.Role == Leader {
		c.Notes = append(c.Notes, "衔接资金数据尚未录入本系统，资金支出和产业占比请以财政和行业部门台账为准。")
	}
	if len(last) == 0 {
		c.Notes = append(c.Notes, fmt.Sprintf("本系统未留存 %d 年的务工和公益性岗位数据，暂不能与上年比较。", c.Year-1))
	}
	return c, nil
}

// rank fills the card's score and rank among the region's siblings.
func (c *Card) rank(ctx context.Context, scores *score.Service, code region.Code) error {
	var rows []score.Row
	var period string
	if code.Level() > region.Province {
		card, err := scores.Card(ctx, code.Parent(), "")
		if err != nil {
			return err
		}
		rows, period = card.Children, card.Period
	} else {
		card, err := scores.Card(ctx, code, "")
		if err != nil {
			return err
		}
		rows, period = []score.Row{card.Parent}, card.Period
	}
	for _, r := range rows {
		if r.Region == code && r.Scored > 0 {
			c.Rank = &Rank{Period: period, Total: r.Total, Max: r.Max, Gap: r.Gap, Rank: r.Rank, Of: len(rows), Scored: r.Scored}
			if code.Level() <= region.Province {
				c.Rank.Rank, c.Rank.Of = 0, 0
			}
		}
	}
	return nil
}

// children fills the leaders' card's comparison of the child regions.
func (c *Card) children(ctx context.Context, src Sources, code region.Code) error {
	childLen := map[region.Level]int{region.Province: 4, region.City: 6, region.County: 9, region.Township: 12}[code.Level()]
	c.ChildWord = map[region.Level]string{region.Province: "市州", region.City: "县区", region.County: "乡镇", region.Township: "村"}[code.Level()]
	byPrefix := map[string]*Child{}
	var order []string
	get := func(p string) *Child {
		ch := byPrefix[p]
		if ch == nil {
			full := region.Code(p + strings.Repeat("0", 12-len(p)))
			ch = &Child{Name: string(full)}
			if r, err := src.Tree.Get(full); err == nil {
				ch.Name = r.Name
			}
			byPrefix[p] = ch
			order = append(order, p)
		}
		return ch
	}
	hc, err := store.NewRegistry(src.DB).CountByChild(ctx, code, childLen)
	if err != nil {
		return err
	}
	for _, h := range hc {
		ch := get(h.Prefix)
		ch.Households += h.N
		if h.Category != "" {
			ch.Monitored += h.N
		}
		if h.Category != "" || slices.Contains(score.TargetKinds, h.Kind) {
			ch.Target += h.N
		}
	}
	fc, err := store.NewFindings(src.DB).OpenCounts(ctx, code, childLen)
	if err != nil {
		return err
	}
	for _, f := range fc {
		if len(f.Prefix) == childLen {
			get(f.Prefix).Open += f.N
		}
	}
	if src.Scores != nil {
		card, err := src.Scores.Card(ctx, code, "")
		if err != nil {
			return err
		}
		for _, r := range card.Children {
			p := r.Region.Prefix()
			if len(p) < childLen {
				p += strings.Repeat("0", childLen-len(p))
			}
			if ch, ok := byPrefix[p[:childLen]]; ok && r.Scored > 0 {
				ch.HasScore, ch.Total, ch.Rank = true, r.Total, r.Rank
			}
		}
	}
	for _, p := range order {
		c.Children = append(c.Children, *byPrefix[p])
	}
	slices.SortStableFunc(c.Children, func(a, b Child) int {
		switch {
		case a.HasScore && b.HasScore && a.Rank != b.Rank:
			return a.Rank - b.Rank
		case a.HasScore != b.HasScore:
			if a.HasScore {
				return -1
			}
			return 1
		}
		return b.Open - a.Open
	})
	if len(c.Children) > maxChildren {
		c.More = len(c.Children) - maxChildren
		c.Children = c.Children[:maxChildren]
	}
	return nil
}

// number writes a number with the decimals and thousands separators.
func number(f float64, digits int) string {
	s := strconv.FormatFloat(math.Abs(f), 'f', digits, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if f < 0 && out != "0" {
		out = "-" + out
	}
	return out
}

// signed writes a change with its sign.
func signed(f float64, digits int) string {
	if f > 0 {
		return "+" + number(f, digits)
	}
	return number(f, digits)
}
