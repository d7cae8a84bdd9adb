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
)

// The scorecard pages (短板梳理 and 成果提升): the region's indicators with their rates,
// scores, change and province average; its children ranked by their gap to full marks, each
// score linking to the findings behind it; the trend over the periods; an xlsx export; and a
// form for the province averages.

type scorecardPage struct {
	Enabled   bool
	Region    region.Region
	Trail     []region.Region
	Card      *score.Card
	Period    string
	Periods   []string
	Indicator []scoreIndicator // the region's own indicators, 1–10 then data quality
	Children  []scoreChild
	Heads     []string // the indicator columns of the children table
	Trend     []scoreTrend
	Chart     string
	CanAvg    bool
	Summary   string
}

func (scorecardPage) PageTitle() string { return "指标评分" }

type scoreIndicator struct {
	No, Title, Rate, Unit string
	Text                  string // 暂无数据 or 无适用对象 when not measured
	Measured, Scored      bool
	Value, Score, Weight  string
	Target, Floor         string
	Prev, Avg, IfFixed    string
	Gain                  string // what closing the open findings would add
	Findings              string // link to the findings behind it
	Class                 string
}

type scoreChild struct {
	Rank                     int
	Code                     region.Code
	Name                     string
	Total, Max, Gap, IfFixed string
	Change                   string
	Class                    string
	Cells                    []scoreCell
}

type scoreCell struct {
	Text, Link, Class string
}

type scoreTrend struct {
	Period, Total, Max string
	Rates              []string
}

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
		CanAvg: auth.Require(u, auth.PermParams) == nil}
	if !p.Enabled {
		s.render(w, r, http.StatusOK, "scorecard", p)
		return nil
	}
	ctx := r.Context()
	card, err := s.cfg.Scorecard.Card(ctx, scope, period)
	if err != nil {
		return err
	}
	trend, err := s.cfg.Scorecard.Trend(ctx, scope)
	if err != nil {
		return err
	}
	p.Card, p.Period, p.Periods = card, card.Period, card.Periods
	if card.Period != "" {
		pr := card.Parent
		p.Summary = fmt.Sprintf("总分 %s / %s 分（已计分 %d 项指标，另 %d 项暂无数据或无适用对象，不计分）", fmtNum(pr.Total), fmtNum(pr.Max), pr.Scored, 10-pr.Scored)
		for _, i := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0} {
			p.Indicator = append(p.Indicator, indicatorView(pr.Values[i], scope))
		}
		for i := 1; i <= 10; i++ {
			p.Heads = append(p.Heads, strconv.Itoa(i)+"."+score.Measures[i].Title)
		}
		for _, c := range card.Children {
			p.Children = append(p.Children, childView(c))
		}
	}
	for _, t := range trend {
		tr := scoreTrend{Period: t.Period, Total: fmtNum(t.Row.Total), Max: fmtNum(t.Row.Max)}
		for i := 1; i <= 10; i++ {
			tr.Rates = append(tr.Rates, rateText(t.Row.Values[i]))
		}
		p.Trend = append(p.Trend, tr)
	}
	p.Chart = trendChart(trend)
	s.render(w, r, http.StatusOK, "scorecard", p)
	return nil
}

func findingsLink(scope region.Code, ind int) string {
	return "/findings?region=" + string(scope) + "&indicator=" + url.QueryEscape(rules.IndicatorName(ind))
}

func indicatorView(v score.Value, scope region.Code) scoreIndicator {
	out := scoreIndicator{No: strconv.Itoa(v.Indicator), Title: v.Title, Rate: v.Measure.Rate, Unit: string(v.Unit),
		Measured: v.Measured, Scored: v.Scored, Value: rateText(v), Text: v.Text(), Findings: findingsLink(scope, v.Indicator)}
	if v.Indicator == 0 {
		out.No, out.Title = "", v.Title+"（不计分）"
	}
	if v.Scored {
		out.Score, out.Weight = fmtNum(v.Score), fmtNum(v.Config.Weight)
		out.Target, out.Floor = fmtNum(v.Config.Target), fmtNum(v.Config.Floor)
		out.IfFixed = fmtNum(v.IfFixed)
		if g := v.IfFixed - v.Score; g > 0.005 {
			out.Gain = "+" + fmtNum(g)
		}
		out.Class = gapClass(v.Gap(), v.Config.Weight)
	}
	if v.HasPrev {
		out.Prev = fmtNum(v.PrevRate) + string(v.Unit)
	}
	if v.HasAvg {
		out.Avg = fmtNum(v.Avg) + string(v.Unit)
	}
	return out
}

func childView(c score.Row) scoreChild {
	out := scoreChild{Rank: c.Rank, Code: c.Region, Name: c.Name, Total: fmtNum(c.Total), Max: fmtNum(c.Max),
		Gap: fmtNum(c.Gap), IfFixed: fmtNum(c.IfFixed), Class: gapClass(c.Gap, c.Max)}
	if c.HasPrev {
		out.Change = fmtSigned(c.Change)
	}
	for i := 1; i <= 10; i++ {
		v := c.Values[i]
		cell := scoreCell{Text: v.Text(), Class: "nodata"}
		if v.Scored {
			cell = scoreCell{Text: fmtNum(v.Score), Link: findingsLink(c.Region, i), Class: gapClass(v.Gap(), v.Config.Weight)}
		}
		out.Cells = append(out.Cells, cell)
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

func rateText(v score.Value) string { return v.Text() }

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

// trendChart is the ECharts data of the trend: the total per period.
func trendChart(trend []score.Point) string {
	if len(trend) < 2 {
		return ""
	}
	type series struct {
		Name string    `json:"name"`
		Data []float64 `json:"data"`
	}
	var out struct {
		Type       string   `json:"type"`
		Title      string   `json:"title"`
		Categories []string `json:"categories"`
		Series     []series `json:"series"`
	}
	out.Type, out.Title = "line", "总分走势"
	total := series{Name: "总分"}
	for _, t := range trend {
		out.Categories = append(out.Categories, t.Period)
		total.Data = append(total.Data, t.Row.Total)
	}
	out.Series = []series{total}
	b, _ := json.Marshal(out)
	return string(b)
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

// apiScorecard serves the scorecard of the requested region's children as JSON, scoped like
// the page: region and period as query parameters.
func (s *Server) apiScorecard(w http.ResponseWriter, r *http.Request) error {
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
	rows := append([]score.Row{card.Parent}, card.Children...)
	out := make([]map[string]any, 0, len(rows))
	for _, row := range rows {
		inds := make([]map[string]any, 0, 11)
		for i, v := range row.Values {
			m := map[string]any{"indicator": i, "title": v.Title, "rate_of": v.Rate, "unit": v.Unit, "has_data": v.HasData,
				"measured": v.Measured, "scored": v.Scored}
			if i == 0 {
				m["indicator"] = "dq"
			}
			if v.Measured {
				m["rate"], m["numerator"], m["denominator"] = v.Rate, v.Num, v.Den
			}
			if v.Scored {
				m["score"], m["weight"], m["if_fixed"] = v.Score, v.Config.Weight, v.IfFixed
			}
			if v.HasAvg {
				m["province_average"] = v.Avg
			}
			inds = append(inds, m)
		}
		item := map[string]any{"region_code": row.Region, "region_name": row.Name, "total": row.Total, "max": row.Max,
			"scored": row.Scored, "gap": row.Gap, "if_fixed": row.IfFixed, "indicators": inds}
		if row.Rank > 0 {
			item["rank"] = row.Rank
		}
		if row.HasPrev {
			item["change"] = row.Change
		}
		out = append(out, item)
	}
	writeJSON(w, http.StatusOK, map[string]any{"period": card.Period, "previous": card.Previous, "region": out[0], "children": out[1:]})
	return nil
}
