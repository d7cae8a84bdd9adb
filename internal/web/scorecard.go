package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/store"
)

// The scorecard pages (短板梳理 and 成果提升): the region's indicators with their rates,
// scores, change and province average; where the region stands among its siblings (numbers
// only: the user may not drill into them); its children ranked by their gap to full marks,
// each score linking to the findings behind it; the households whose fixing adds most to the
// region's total; the trend over the periods; an xlsx export; and a form for the province
// averages. The page prints on A4 landscape (static/scorecard.css).

type scorecardPage struct {
	Enabled     bool
	Region      region.Region
	Trail       []region.Region
	Card        *score.Card
	Period      string
	Periods     []scorePeriod
	Latest      bool             // the period shown is the latest
	Indicator   []scoreIndicator // the region's own indicators, 1–10 then data quality
	Children    []scoreChild
	ChildLevel  string // what the children are: 县（市、区）, 乡镇, 村
	Heads       []string
	Siblings    *scoreSiblings
	Fixes       *scoreFixes
	Trend       []scoreTrend
	RegionChart string // the children's scores, for static/scorecard.js
	TrendChart  string // the totals over the periods
	CanAvg      bool
	Summary     string
	Compare     string // the change since the previous period
}

func (scorecardPage) PageTitle() string { return "指标评分" }

type scorePeriod struct {
	Period, Label string
}

type scoreIndicator struct {
	No, Title, Rate, Unit string
	Text                  string // 暂无数据 or 无适用对象 when not measured
	Measured, Scored      bool
	Value, Score, Weight  string
	Target, Floor         string
	Prev, Avg             string
	Findings              string // link to the findings behind it
	Class                 string
	Parts                 []scorePart // the rates a composite indicator is scored on
}

type scorePart struct {
	Title, Rate, Unit    string
	Measured             bool
	Value, Score, Weight string
	Target, Floor, Prev  string
	Rules                string
	Class                string
}

type scoreChild struct {
	Rank            int
	Code            region.Code
	Name            string
	Total, Max, Gap string
	Change          string
	Class           string
	Cells           []scoreCell
	Own             bool // the region the page is about, among its siblings
}

type scoreCell struct {
	Text, Link, Class string
}

// scoreSiblings is where the region stands among the children of its parent: their numbers,
// never a link into them.
type scoreSiblings struct {
	Parent, Level string
	Rank, Count   int
	Rows          []scoreChild
}

type scoreFixes struct {
	Period     string
	Households int
	Total, Max string
	List       []scoreFix
}

type scoreFix struct {
	N                  int
	No, Head, Village  string
	Rules, Rates, Gain string
	TotalAfter         string
}

type scoreTrend struct {
	Period, Total, Max string
	Synthetic          bool
	Rates              []string
}

// levelNames name the regions of a level, as the children or siblings of a scorecard.
var levelNames = map[region.Level]string{region.Province: "省（区、市）", region.City: "市（州）",
	region.County: "县（市、区）", region.Township: "乡镇", region.Village: "村"}

// scorecardScope reads the region (limited to the user's scope) and the period.
func (s *Server) scorecardScope(r *http.Request) (region.Code, string, error) {
	var requested region.Code
	if c := r.FormValue("region"); c != "" {
		code, err := region.ParseCode(c)
		if err != nil {
			return "", "", err
		}
		requested = code
	}
	scope, err := auth.Scope(user(r), requested)
	if err != nil {
		return "", "", err
	}
	period := strings.TrimSpace(r.FormValue("period"))
	return scope, period, nil
}

func (s *Server) scorecardPage(w http.ResponseWriter, r *http.Request) error {
	scope, period, err := s.scorecardScope(r)
	if err != nil {
		return err
	}
	reg, err := s.cfg.Tree.Get(scope)
	if err != nil {
		return err
	}
	u := user(r)
	p := scorecardPage{Enabled: s.cfg.Scorecard != nil, Region: reg, Trail: s.trail(u, scope),
		CanAvg: auth.Require(u, auth.PermParams) == nil, ChildLevel: levelNames[scope.Level()+1]}
	if !p.Enabled {
		s.render(w, r, http.StatusOK, "scorecard", p)
		return nil
	}
	ctx := r.Context()
	svc := s.cfg.Scorecard
	card, err := svc.Card(ctx, scope, period)
	if err != nil {
		return err
	}
	p.Card, p.Period = card, card.Period
	if card.Period == "" {
		s.render(w, r, http.StatusOK, "scorecard", p)
		return nil
	}
	p.Latest = len(card.Periods) > 0 && card.Period == card.Periods[0].Period
	for _, pp := range card.Periods {
		label := pp.Period
		if pp.Source == store.SourceSynthetic {
			label += "（演示模拟）"
		}
		p.Periods = append(p.Periods, scorePeriod{pp.Period, label})
	}
	pr := card.Parent
	p.Summary = fmt.Sprintf("总分 %s / %s 分（已计分 %d 项指标，另 %d 项暂无数据或无适用对象，不计分）", fmtNum(pr.Total), fmtNum(pr.Max), pr.Scored, 10-pr.Scored)
	if pr.HasPrev {
		switch {
		case pr.Change > 0:
			p.Compare = fmt.Sprintf("较上期（%s）提高 %s 分", card.Previous, fmtNum(pr.Change))
		case pr.Change < 0:
			p.Compare = fmt.Sprintf("较上期（%s）下降 %s 分", card.Previous, fmtNum(-pr.Change))
		default:
			p.Compare = fmt.Sprintf("与上期（%s）持平", card.Previous)
		}
	}
	for _, i := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0} {
		p.Indicator = append(p.Indicator, indicatorView(pr.Values[i], scope))
	}
	for i := 1; i <= 10; i++ {
		p.Heads = append(p.Heads, strconv.Itoa(i)+"."+score.Measures[i].Title)
	}
	for _, c := range card.Children {
		p.Children = append(p.Children, childView(c, true))
	}
	p.RegionChart = regionChart(card)
	sibs, err := svc.Siblings(ctx, scope, card.Period)
	if err != nil {
		return err
	}
	p.Siblings = siblingsView(s.cfg.Tree, scope, sibs)
	if p.Latest {
		fx, err := svc.Fixes(ctx, scope, score.DefaultFixes)
		if err != nil {
			return err
		}
		p.Fixes = fixesView(fx)
	}
	trend, err := svc.Trend(ctx, scope)
	if err != nil {
		return err
	}
	for _, t := range trend {
		tr := scoreTrend{Period: t.Period, Total: fmtNum(t.Row.Total), Max: fmtNum(t.Row.Max), Synthetic: t.Synthetic}
		for i := 1; i <= 10; i++ {
			tr.Rates = append(tr.Rates, t.Row.Values[i].Text())
		}
		p.Trend = append(p.Trend, tr)
	}
	p.TrendChart = trendChart(reg.Name, trend)
	s.render(w, r, http.StatusOK, "scorecard", p)
	return nil
}

func findingsLink(scope region.Code, ind int) string {
	return "/findings?region=" + string(scope) + "&indicator=" + url.QueryEscape(rules.IndicatorName(ind))
}

func indicatorView(v score.Value, scope region.Code) scoreIndicator {
	out := scoreIndicator{No: strconv.Itoa(v.Indicator), Title: v.Title, Rate: v.Measure.Rate, Unit: string(v.Unit),
		Measured: v.Measured, Scored: v.Scored, Value: v.Text(), Text: v.Text(), Findings: findingsLink(scope, v.Indicator)}
	if v.Indicator == 0 {
		out.No, out.Title = "", v.Title+"（不计分）"
	}
	if v.Scored {
		out.Score, out.Weight = fmtNum(v.Score), fmtNum(v.Config.Weight)
		out.Target, out.Floor = fmtNum(v.Config.Target), fmtNum(v.Config.Floor)
		out.Class = gapClass(v.Gap(), v.Config.Weight)
	}
	if v.HasPrev {
		out.Prev = fmtNum(v.PrevRate) + string(v.Unit)
	}
	if v.HasAvg {
		out.Avg = fmtNum(v.Avg) + string(v.Unit)
	}
	if v.Composite() && v.Measured {
		out.Target, out.Floor = "", ""
		for _, c := range v.Components {
			pv := scorePart{Title: c.Title, Rate: c.Part.Rate, Unit: string(c.Unit), Measured: c.Measured, Value: c.Text(),
				Rules: strings.Join(c.Rules, "、")}
			if c.Measured {
				pv.Score, pv.Weight = fmtNum(c.Score), fmtNum(c.Config.Weight)
				pv.Target, pv.Floor = fmtNum(c.Config.Target), fmtNum(c.Config.Floor)
				pv.Class = gapClass(c.Config.Weight-c.Score, c.Config.Weight)
			}
			if c.HasPrev {
				pv.Prev = fmtNum(c.PrevRate) + string(c.Unit)
			}
			out.Parts = append(out.Parts, pv)
		}
	}
	return out
}

// childView is a child's row; link says whether its scores link to its findings (never for a
// sibling outside the user's scope).
func childView(c score.Row, link bool) scoreChild {
	out := scoreChild{Rank: c.Rank, Code: c.Region, Name: c.Name, Total: fmtNum(c.Total), Max: fmtNum(c.Max),
		Gap: fmtNum(c.Gap), Class: gapClass(c.Gap, c.Max)}
	if c.HasPrev {
		out.Change = fmtSigned(c.Change)
	}
	for i := 1; i <= 10; i++ {
		v := c.Values[i]
		cell := scoreCell{Text: v.Text(), Class: "nodata"}
		if v.Scored {
			cell = scoreCell{Text: fmtNum(v.Score), Class: gapClass(v.Gap(), v.Config.Weight)}
			if link {
				cell.Link = findingsLink(c.Region, i)
			}
		}
		out.Cells = append(out.Cells, cell)
	}
	return out
}

func siblingsView(tree *region.Tree, own region.Code, rows []score.Row) *scoreSiblings {
	if len(rows) < 2 {
		return nil
	}
	out := &scoreSiblings{Level: levelNames[own.Level()], Count: len(rows)}
	if reg, err := tree.Get(own.Parent()); err == nil {
		out.Parent = reg.Name
	}
	for _, r := range rows {
		row := childView(r, false)
		if r.Region == own {
			out.Rank, row.Own = r.Rank, true
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

func fixesView(fx *score.Fixes) *scoreFixes {
	if fx == nil || fx.Period == "" {
		return nil
	}
	out := &scoreFixes{Period: fx.Period, Households: fx.Households, Total: fmtNum(fx.Total), Max: fmtNum(fx.Max)}
	for i, f := range fx.List {
		out.List = append(out.List, scoreFix{N: i + 1, No: f.No, Head: f.Head, Village: f.VillageName,
			Rules: strings.Join(f.Rules, "、"), Rates: strings.Join(f.Rates, "；"), Gain: "+" + fmtNum(f.Gain),
			TotalAfter: fmtNum(fx.Total + f.Gain)})
	}
	return out
}

// gapClass colours a gap by its share of the full marks: none, small (≤ 10%), notable
// (≤ 30%) or large.
func gapClass(gap, full float64) string {
	switch {
	case full <= 0:
		return ""
	case gap <= 0.005:
		return "gap-none"
	case gap <= full*0.1:
		return "gap-small"
	case gap <= full*0.3:
		return "gap-mid"
	}
	return "gap-large"
}

func fmtNum(f float64) string {
	return strconv.FormatFloat(float64(int64(f*100+0.5*sign(f)))/100, 'f', -1, 64)
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

func fmtSigned(f float64) string {
	if f > 0 {
		return "+" + fmtNum(f)
	}
	return fmtNum(f)
}

// scoreChart is the data static/scorecard.js draws: bars (stacked when Stack) or lines.
type scoreChart struct {
	Type       string        `json:"type"` // bar or line
	Title      string        `json:"title"`
	Stack      bool          `json:"stack,omitempty"`
	Max        float64       `json:"max,omitempty"`
	Categories []string      `json:"categories"`
	Series     []chartSeries `json:"series"`
}

// chartSeries is a named series; a nil datum (JSON null) is a period without a value, which the
// chart leaves as a gap.
type chartSeries struct {
	Name string `json:"name"`
	Data []any  `json:"data"`
}

func (c scoreChart) String() string {
	b, _ := json.Marshal(c)
	return string(b)
}

// regionChart is the children's scores as stacked bars: the score and the gap to full marks.
func regionChart(card *score.Card) string {
	if len(card.Children) == 0 {
		return ""
	}
	c := scoreChart{Type: "bar", Title: "各地区得分（按排名）", Stack: true}
	got, gap := chartSeries{Name: "得分"}, chartSeries{Name: "与满分差距"}
	for _, r := range card.Children {
		c.Categories = append(c.Categories, r.Name)
		got.Data = append(got.Data, r.Total)
		gap.Data = append(gap.Data, r.Gap)
	}
	c.Series = []chartSeries{got, gap}
	return c.String()
}

// trendChart is the totals over the periods: the region's, and its children's while they are
// few enough to read (10 lines at most).
func trendChart(name string, trend []score.Point) string {
	if len(trend) < 2 {
		return ""
	}
	c := scoreChart{Type: "line", Title: "总分走势"}
	own := chartSeries{Name: name}
	children := map[region.Code]int{}
	var kids []chartSeries
	last := trend[len(trend)-1]
	if len(last.Children) <= 10 {
		for _, ch := range last.Children {
			children[ch.Region] = len(kids)
			kids = append(kids, chartSeries{Name: ch.Name, Data: make([]any, 0, len(trend))})
		}
	}
	for _, t := range trend {
		c.Categories = append(c.Categories, t.Period)
		own.Data = append(own.Data, t.Row.Total)
		c.Max = max(c.Max, t.Row.Max)
		for k := range kids {
			kids[k].Data = append(kids[k].Data, nil)
		}
		for _, ch := range t.Children {
			if k, ok := children[ch.Region]; ok {
				kids[k].Data[len(kids[k].Data)-1] = ch.Total
			}
		}
	}
	c.Series = append([]chartSeries{own}, kids...)
	return c.String()
}

func (s *Server) scorecardExport(w http.ResponseWriter, r *http.Request) error {
	scope, period, err := s.scorecardScope(r)
	if err != nil {
		return err
	}
	if s.cfg.Scorecard == nil {
		return errs.E(errs.NotFound, "指标评分功能尚未启用")
	}
	card, err := s.cfg.Scorecard.Card(r.Context(), scope, period)
	if err != nil {
		return err
	}
	if card.Period == "" {
		return errs.E(errs.NotFound, "该地区还没有评分，请先排查")
	}
	if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.Export, ObjectType: "scorecard", Region: scope,
		Detail: "导出 " + card.Period + " 期指标评分"}); err != nil {
		return err
	}
	name := fmt.Sprintf("指标评分-%s-%s.xlsx", card.Parent.Name, card.Period)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"scorecard.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	return score.WriteXLSX(w, card)
}

// saveProvinceAverage stores a province average entered in the form.
func (s *Server) saveProvinceAverage(w http.ResponseWriter, r *http.Request) error {
	scope, period, err := s.scorecardScope(r)
	if err != nil {
		return err
	}
	u := user(r)
	if err := auth.Require(u, auth.PermParams); err != nil {
		return err
	}
	if s.cfg.Scorecard == nil {
		return errs.E(errs.NotFound, "指标评分功能尚未启用")
	}
	ind, err := strconv.Atoi(r.PostFormValue("indicator"))
	if err != nil {
		return errs.E(errs.Invalid, "请选择指标")
	}
	rate, err := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("rate")), 64)
	if err != nil {
		return errs.E(errs.Invalid, "全省平均值应为数字")
	}
	prov := scope.Up(region.Province)
	if err := s.cfg.Scorecard.Scores.SetProvinceAverage(r.Context(), prov, period, ind, rate, u.Username); err != nil {
		return err
	}
	if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.ParamUpdate, ObjectType: "province_average",
		ObjectID: strconv.Itoa(ind), Region: prov, Detail: fmt.Sprintf("%s 期指标 %d 全省平均值设为 %s", period, ind, fmtNum(rate))}); err != nil {
		return err
	}
	http.Redirect(w, r, "/scorecard?region="+string(scope)+"&period="+url.QueryEscape(period)+"&msg=saved", http.StatusSeeOther)
	return nil
}

// apiScorecard serves the scorecard as JSON, scoped like the page: region, period and fixes
// (how many households to list, default 20, at most 200) as query parameters. It holds the
// region's row, its children's rows, its siblings' rows (numbers only, the region's own marked
// "self") and, for the latest period, the households of the region whose fixing adds most.
func (s *Server) apiScorecard(w http.ResponseWriter, r *http.Request) error {
	scope, period, err := s.scorecardScope(r)
	if err != nil {
		return err
	}
	if s.cfg.Scorecard == nil {
		return errs.E(errs.NotFound, "指标评分功能尚未启用")
	}
	limit := score.DefaultFixes
	if v := r.FormValue("fixes"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return errs.E(errs.Invalid, "fixes 应为 1 到 200 之间的整数")
		}
		limit = n
	}
	ctx := r.Context()
	svc := s.cfg.Scorecard
	card, err := svc.Card(ctx, scope, period)
	if err != nil {
		return err
	}
	out := map[string]any{"period": card.Period, "previous": card.Previous, "synthetic": card.Synthetic,
		"region": rowJSON(card.Parent, true), "children": []any{}, "siblings": []any{}}
	children := make([]any, 0, len(card.Children))
	for _, c := range card.Children {
		children = append(children, rowJSON(c, true))
	}
	out["children"] = children
	if card.Period == "" {
		writeJSON(w, http.StatusOK, out)
		return nil
	}
	sibs, err := svc.Siblings(ctx, scope, card.Period)
	if err != nil {
		return err
	}
	siblings := make([]any, 0, len(sibs))
	for _, sb := range sibs {
		m := rowJSON(sb, false)
		if sb.Region == scope {
			m["self"] = true
		}
		siblings = append(siblings, m)
	}
	out["siblings"] = siblings
	if len(card.Periods) > 0 && card.Period == card.Periods[0].Period {
		fx, err := svc.Fixes(ctx, scope, limit)
		if err != nil {
			return err
		}
		list := make([]map[string]any, 0, len(fx.List))
		for _, f := range fx.List {
			list = append(list, map[string]any{"household_no": f.No, "head": f.Head, "village_code": f.Village,
				"village_name": f.VillageName, "rules": f.Rules, "rates": f.Rates, "gain": f.Gain})
		}
		out["fixes"] = map[string]any{"period": fx.Period, "total": fx.Total, "max": fx.Max, "households": fx.Households, "list": list}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// rowJSON is a scorecard row for the API; full adds the counts behind the rates (a sibling's
// row has its rates and scores only).
func rowJSON(row score.Row, full bool) map[string]any {
	inds := make([]map[string]any, 0, 11)
	for i, v := range row.Values {
		m := map[string]any{"indicator": i, "title": v.Title, "rate_of": v.Measure.Rate, "unit": v.Unit, "has_data": v.HasData,
			"measured": v.Measured, "scored": v.Scored}
		if i == 0 {
			m["indicator"] = "dq"
		}
		if v.Measured {
			m["rate"] = v.Rate
			if full {
				m["numerator"], m["denominator"] = v.Num, v.Den
			}
		}
		if v.Scored {
			m["score"], m["weight"] = v.Score, v.Config.Weight
		}
		if v.HasPrev {
			m["previous_rate"] = v.PrevRate
		}
		if v.HasAvg {
			m["province_average"] = v.Avg
		}
		if v.Composite() {
			parts := make([]map[string]any, 0, len(v.Components))
			for _, c := range v.Components {
				pm := map[string]any{"part": c.Key, "title": c.Title, "rate_of": c.Part.Rate, "unit": c.Unit, "measured": c.Measured}
				if full {
					pm["rules"] = c.Rules
				}
				if c.Measured {
					pm["rate"], pm["score"], pm["weight"] = c.Rate, c.Score, c.Config.Weight
					pm["target"], pm["floor"] = c.Config.Target, c.Config.Floor
					if full {
						pm["numerator"], pm["denominator"] = c.Num, c.Den
					}
				}
				parts = append(parts, pm)
			}
			m["parts"] = parts
		}
		inds = append(inds, m)
	}
	item := map[string]any{"region_code": row.Region, "region_name": row.Name, "total": row.Total, "max": row.Max,
		"scored": row.Scored, "gap": row.Gap, "indicators": inds}
	if row.Rank > 0 {
		item["rank"] = row.Rank
	}
	if row.HasPrev {
		item["change"] = row.Change
	}
	return item
}
