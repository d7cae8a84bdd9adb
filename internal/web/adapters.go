package web

import (
	"context"
	"sort"
	"strconv"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// The adapters from gonggu's packages to the interfaces the pages use.

// NewScreening returns the screening part of the pages over the engine.
func NewScreening(e *screen.Engine) Screening {
	return &screening{e: e, f: e.Findings, cat: e.Rules}
}

type screening struct {
	e   *screen.Engine
	f   *store.Findings
	cat rules.Catalog
}

func indicatorID(ind int) string { return rules.IndicatorName(ind) }

func parseIndicator(s string) (int, error) {
	if s == "" {
		return -1, nil
	}
	if s == "dq" {
		return rules.DataQuality, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 10 {
		return 0, errs.E(errs.Invalid, "未知的指标「%s」", s)
	}
	return n, nil
}

func (s *screening) OpenCounts(ctx context.Context, scope region.Code, childLen int) ([]FindingCount, error) {
	cs, err := s.f.OpenCounts(ctx, scope, childLen)
	if err != nil {
		return nil, err
	}
	out := make([]FindingCount, len(cs))
	for i, c := range cs {
		out[i] = FindingCount{Prefix: c.Prefix, Indicator: indicatorID(c.Indicator), Severity: c.Severity, N: c.N}
	}
	return out, nil
}

func (s *screening) OpenPerHousehold(ctx context.Context, village region.Code) (map[string]int, error) {
	return s.f.OpenPerHousehold(ctx, village)
}

func (s *screening) List(ctx context.Context, f FindingFilter) ([]Finding, int, error) {
	q, err := storeQuery(f)
	if err != nil {
		return nil, 0, err
	}
	q.Limit, q.Offset = f.Limit, f.Offset
	list, total, err := s.f.Query(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Finding, len(list))
	for i := range list {
		out[i] = s.finding(&list[i])
	}
	return out, total, nil
}

func (s *screening) finding(f *store.Finding) Finding {
	out := Finding{ID: f.ID, Rule: f.RuleID, RuleTitle: f.RuleID, Indicator: indicatorID(f.Indicator),
		IndicatorName: rules.IndicatorTitles[f.Indicator], Severity: f.Severity, HouseholdNo: f.HouseholdNo,
		Subject: f.SubjectID, Region: f.Region, Explanation: f.Explanation, Status: string(f.Status),
		StatusLabel: f.Status.Label(), Found: f.OpenedAt, Closed: f.ClosedAt, WaivedBy: f.WaivedBy, WaiveReason: f.WaiveReason}
	if r := s.cat.Get(f.RuleID); r != nil {
		out.RuleTitle, out.Basis, out.Fix = r.Title, r.Basis, r.Fix
	} else if r := rules.Objects().Get(f.RuleID); r != nil {
		out.RuleTitle, out.Basis, out.Fix = r.Title, r.Basis, r.Fix
	}
	if sev, ok := rules.ParseSeverity(f.Severity); ok {
		out.SeverityLabel = sev.Label()
	}
	return out
}

func (s *screening) Household(ctx context.Context, no string) ([]Finding, error) {
	var out []Finding
	err := s.f.Each(ctx, store.FindingFilter{HouseholdNo: no}, func(f *store.Finding) error {
		out = append(out, s.finding(f))
		return nil
	})
	// Open first, then waived, then closed (the history); the most serious first in each.
	rank := map[string]int{"open": 0, "waived": 10, "closed": 20, "high": 0, "medium": 1, "low": 2}
	sort.SliceStable(out, func(i, j int) bool {
		return rank[out[i].Status]+rank[out[i].Severity] < rank[out[j].Status]+rank[out[j].Severity]
	})
	return out, err
}

func (s *screening) Finding(ctx context.Context, id string) (Finding, error) {
	f, err := s.f.Get(ctx, id)
	if err != nil {
		return Finding{}, err
	}
	return s.finding(f), nil
}

func (s *screening) Waive(ctx context.Context, id, reason string) error {
	_, err := s.f.Waive(ctx, id, audit.ActorFrom(ctx).Username, reason, s.e.Now())
	return err
}

func (s *screening) Unwaive(ctx context.Context, id string) error {
	_, err := s.f.Unwaive(ctx, id)
	return err
}

func (s *screening) Related(ctx context.Context, a *registry.Aggregate) ([]string, error) {
	return s.e.Related(ctx, a)
}

// Rescreen re-screens the household with the related ones and counts the findings of the
// household alone: the related households may lie outside the user's region (another county
// sharing a phone or an ID number), and what changed there is not the user's to learn.
func (s *screening) Rescreen(ctx context.Context, no string, related []string) (Rescreened, error) {
	res, err := s.e.Households(ctx, append([]string{no}, related...))
	if err != nil {
		return Rescreened{}, err
	}
	var out Rescreened
	for _, f := range res.Opened {
		if f.HouseholdNo == no {
			out.Opened++
		}
	}
	for _, f := range res.Closed {
		if f.HouseholdNo == no {
			out.Closed++
		}
	}
	for _, fs := range [][]*store.Finding{res.Opened, res.Kept} {
		for _, f := range fs {
			if f.HouseholdNo == no && f.Status == store.StatusOpen {
				out.Open++
			}
		}
	}
	return out, nil
}

func (s *screening) Catalog() ([]Indicator, []Rule) {
	var inds []Indicator
	for i := 1; i <= 10; i++ {
		inds = append(inds, Indicator{ID: indicatorID(i), Name: rules.IndicatorTitles[i]})
	}
	inds = append(inds, Indicator{ID: indicatorID(rules.DataQuality), Name: rules.IndicatorTitles[rules.DataQuality]})
	var rs []Rule
	for _, r := range s.cat {
		rs = append(rs, Rule{ID: r.ID, Indicator: indicatorID(r.Indicator), Title: r.Title, Severity: r.Severity.String()})
	}
	return inds, rs
}

// NewParams returns the policy parameters part of the pages over the store.
func NewParams(p *store.Params) Params { return &params{p: p} }

type params struct{ p *store.Params }

func (p *params) List(ctx context.Context, scope region.Code, year int) ([]Param, error) {
	set, err := p.p.Resolve(ctx, scope, year)
	if err != nil {
		return nil, err
	}
	out := make([]Param, 0, len(policy.Defaults))
	for _, d := range policy.Defaults {
		out = append(out, Param{Name: string(d.Name), Title: d.Title, Unit: d.Unit, Value: set.Text(d.Name),
			Default: d.Default, Source: set.Source(d.Name), Description: d.Source})
	}
	return out, nil
}

func (p *params) Set(ctx context.Context, scope region.Code, year int, name, value string) error {
	prefix := scope.Prefix()
	if len(prefix) > 6 {
		return errs.E(errs.Invalid, "政策参数只能按省、市、县设置")
	}
	if _, ok := policy.Lookup(policy.Name(name)); !ok {
		return errs.E(errs.Invalid, "未知的参数「%s」", name)
	}
	return p.p.Set(ctx, policy.Override{Prefix: prefix, Year: year, Name: policy.Name(name), Value: value,
		UpdatedBy: audit.ActorFrom(ctx).Username})
}
