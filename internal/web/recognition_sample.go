package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/sample"
	"github.com/gonggu/gonggu/internal/store"
)

// The evaluators' sample rehearsal (抽样演练) of a county, through internal/sample as `gonggu
// sample` runs it: the draw of a seed (the villages and households the province would draw),
// what the evaluators would find in it, and the county's score over many draws of the seed,
// with the households a draw is most likely to hit with open problems. The same seed always
// gives the same page.

// maxDraws bounds the draws a page simulates: twice the default 1,000, a ceiling on the work
// one request may ask of a shared server (1,000 draws of a county of 60,000 households take
// seconds, BenchmarkSimulate).
const maxDraws = 2000

type recSampleVillage struct {
	Name   string
	Poor   bool
	People int
	Drawn  int
}

type recSampleIndicator struct {
	Title        string
	Rate         string
	Score, Weigh string
	Full         bool
}

type recSampleRisk struct {
	HouseholdNo, Head, Village, Class string
	Chance                            string
	Open                              int
}

type recBin struct {
	Range string
	N     int
	Bar   int
}

type recSamplePage struct {
	Tabs       []supportTab
	Counties   []regionOption
	County     region.Code
	Name       string
	Seed       uint64
	NextSeed   uint64
	Draws      int
	Params     sample.Params
	PoorListed bool
	VisitsKept bool
	Households int
	Villages   []recSampleVillage
	Indicators []recSampleIndicator
	Outcome    sample.Outcome
	Total      string
	Max        string
	Dist       sample.Distribution
	Mean, SD   string
	P5, P50    string
	P95        string
	Min, MaxS  string
	MeanOpen   string
	Bins       []recBin
	Chart      string
	Risks      []recSampleRisk
	Empty      bool
}

func (recSamplePage) PageTitle() string { return "抽样演练" }

func (s *Server) recSamplePage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if u.Region.Level() > region.County {
		return errs.E(errs.Forbidden, "抽样演练按县进行，只有县级以上用户可以查看")
	}
	q := r.URL.Query()
	p := recSamplePage{Tabs: recTabs(u, "/recognition/sample"), Counties: s.fundsCounties(u), Seed: 1}
	county := region.Code(q.Get("county"))
	if county == "" {
		if len(p.Counties) == 0 {
			return errs.E(errs.NotFound, "您的地区下没有县")
		}
		county = p.Counties[0].Code
	}
	if c, err := region.ParseCode(string(county)); err != nil || c.Level() != region.County {
		return errs.E(errs.Invalid, "请选择一个县")
	}
	if _, err := auth.Scope(u, county); err != nil {
		return err
	}
	p.County, p.Name = county, s.cfg.Tree.FullName(county)
	if v := strings.TrimSpace(q.Get("seed")); v != "" {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return errs.E(errs.Invalid, "随机种子应为非负整数")
		}
		p.Seed = seed
	}
	p.NextSeed = p.Seed + 1
	ctx := r.Context()
	ps, err := s.recParams(ctx, county)
	if err != nil {
		return err
	}
	p.Params = sample.ParamsOf(ps)
	p.Draws = min(max(p.Params.Draws, 1), maxDraws)
	if v := strings.TrimSpace(q.Get("draws")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxDraws {
			return errs.E(errs.Invalid, "模拟次数应在 1–%d 之间", maxDraws)
		}
		p.Draws = n
	}
	f, err := sample.Load(ctx, s.cfg.DB, s.cfg.Tree, store.RecognitionVisits(s.cfg.DB), county, ps, s.recToday())
	if err != nil {
		return err
	}
	p.PoorListed, p.VisitsKept, p.Households = f.PoorListed, f.VisitsKept, len(f.Households)
	if len(f.Households) == 0 {
		p.Empty = true
		s.render(w, r, http.StatusOK, "recognition_sample", p)
		return nil
	}
	d := f.Draw(p.Params, p.Seed, 0)
	p.Outcome = f.Evaluate(d, ps)
	p.Total, p.Max = fmtNum(p.Outcome.Row.Total), fmtNum(p.Outcome.Row.Max)
	per := map[int32]int{}
	for _, h := range d.Households {
		per[f.Households[h].Village]++
	}
	for _, v := range d.Villages {
		fv := &f.Villages[v]
		p.Villages = append(p.Villages, recSampleVillage{Name: fv.Name, Poor: fv.Poor, People: fv.People, Drawn: per[v]})
	}
	for i := 1; i < len(p.Outcome.Row.Values); i++ {
		v := &p.Outcome.Row.Values[i]
		if !v.Scored {
			continue
		}
		p.Indicators = append(p.Indicators, recSampleIndicator{Title: fmt.Sprintf("%d. %s", i, v.Title), Rate: rateText(v.Rate, string(v.Unit)),
			Score: fmtNum(math.Round(v.Score*100) / 100), Weigh: fmtNum(v.Config.Weight), Full: v.Score >= v.Config.Weight-1e-9})
	}
	p.Dist = f.Simulate(p.Params, ps, p.Seed, p.Draws)
	two := func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
	p.Mean, p.SD, p.P5, p.P50, p.P95 = two(p.Dist.Mean), two(p.Dist.SD), two(p.Dist.P5), two(p.Dist.P50), two(p.Dist.P95)
	p.Min, p.MaxS, p.MeanOpen = two(p.Dist.Min), two(p.Dist.Max), strconv.FormatFloat(p.Dist.MeanOpen, 'f', 1, 64)
	p.Bins = histogram(p.Dist.Totals, 12)
	c := fundsChart{Title: fmt.Sprintf("%d 次模拟抽样的得分分布（次）", p.Dist.Draws), Unit: "次"}
	bars := fundsSeries{Name: "抽样次数", Type: "bar"}
	for _, b := range p.Bins {
		c.Categories = append(c.Categories, b.Range)
		n := float64(b.N)
		bars.Data = append(bars.Data, &n)
	}
	c.Series = []fundsSeries{bars}
	p.Chart = c.String()
	for _, rk := range f.Risks(p.Dist, 20) {
		h := &f.Households[rk.Household]
		p.Risks = append(p.Risks, recSampleRisk{HouseholdNo: h.No, Head: personName(u, h.Head), Village: f.Villages[h.Village].Name,
			Class: h.Class.Label(), Chance: strconv.FormatFloat(100*rk.Chance, 'f', 1, 64) + "%", Open: rk.Open})
	}
	s.render(w, r, http.StatusOK, "recognition_sample", p)
	return nil
}

// rateText writes an indicator's rate with its unit.
func rateText(x float64, unit string) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	if unit == "%" {
		return s + "%"
	}
	return s + unit
}

// histogram counts the totals in n bins of equal width between their least and greatest, for
// the chart and the table beside it.
func histogram(totals []float64, n int) []recBin {
	if len(totals) == 0 {
		return nil
	}
	lo, hi := totals[0], totals[0]
	for _, t := range totals {
		lo, hi = min(lo, t), max(hi, t)
	}
	if hi-lo < 0.01 {
		return []recBin{{Range: strconv.FormatFloat(lo, 'f', 2, 64), N: len(totals), Bar: 100}}
	}
	width := (hi - lo) / float64(n)
	counts := make([]int, n)
	for _, t := range totals {
		counts[min(n-1, int((t-lo)/width))]++
	}
	top := 0
	for _, c := range counts {
		top = max(top, c)
	}
	out := make([]recBin, n)
	for i, c := range counts {
		a, b := lo+float64(i)*width, lo+float64(i+1)*width
		out[i] = recBin{Range: strconv.FormatFloat(a, 'f', 2, 64) + "–" + strconv.FormatFloat(b, 'f', 2, 64), N: c, Bar: barWidth(c, top)}
	}
	return out
}
