package sample

import (
	"context"
	"slices"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// Load reads the frame of a county through the stores of db: its households with their
// scorecard rates (score.Spec) and open findings, its 脱贫村 (listed, or derived), the latest
// survey of each household in the window, whether each was visited in its visit interval
// (from the visits domain, when given and kept), and the county's latest scorecard counts.
// Village names come from tree, when given.
func Load(ctx context.Context, db *store.DB, tree *region.Tree, visits recognition.Visits, county region.Code,
	ps *policy.Set, today registry.Date) (*Frame, error) {
	st := store.NewSample(db)
	rows, err := st.Rows(ctx, county, score.Spec)
	if err != nil {
		return nil, err
	}
	f := &Frame{County: county, Spec: score.Spec}
	if f.Fixed, err = st.CountyCounts(ctx, county); err != nil {
		return nil, err
	}
	poor, err := st.PoorVillages(ctx, county)
	if err != nil {
		return nil, err
	}
	since := recognition.Since(ps, today)
	answers, err := store.NewRecognition(db).Answers(ctx, county, since)
	if err != nil {
		return nil, err
	}
	latest := map[string]recognition.Answer{}
	for _, as := range answers {
		for _, a := range recognition.Latest(as, since) {
			latest[a.HouseholdNo] = a
		}
	}
	var visited map[string][]recognition.Visit
	if visits != nil {
		from := recognition.AddDays(today, -ps.Int(policy.VisitOtherDays))
		if visited, f.VisitsKept, err = visits.Visits(ctx, county, county, nil, from); err != nil {
			return nil, err
		}
	}
	minScore := ps.Int(policy.SatisfiedMinScore)
	byCode := map[region.Code]int32{}
	for _, r := range rows {
		vi, ok := byCode[r.Village]
		if !ok {
			vi = int32(len(f.Villages))
			byCode[r.Village] = vi
			v := Village{Code: r.Village, Name: string(r.Village), First: int32(len(f.Households))}
			if tree != nil {
				if reg, err := tree.Get(r.Village); err == nil {
					v.Name = reg.Name
				}
			}
			f.Villages = append(f.Villages, v)
		}
		h := Household{No: r.No, Head: r.Head, Village: vi, Special: r.Special, People: int16(min(r.People, 1<<14)),
			Pops: r.Pops, Rates: r.Rates, Open: int16(min(r.Open, 1<<14)), Unscored: int16(min(r.Unscored, 1<<14)),
			FormerlyPoor: slices.Contains(score.TargetKinds, r.Kind)}
		switch {
		case r.Category != "":
			h.Class = Monitored
		case h.FormerlyPoor:
			h.Class = Alleviated
		default:
			h.Class = Ordinary
		}
		if a, ok := latest[r.No]; ok {
			h.Answered, h.Satisfied = true, a.Overall >= minScore
			h.Knows, h.KnowsAsked = a.Knows()
		}
		if f.VisitsKept {
			h.Visit = NotVisited
			if len(visited[r.No]) > 0 {
				h.Visit = Visited
			}
		}
		v := &f.Villages[vi]
		v.N++
		v.People += int(h.People)
		f.Households = append(f.Households, h)
	}
	if len(poor) > 0 {
		f.PoorListed = true
		for _, c := range poor {
			if vi, ok := byCode[c]; ok {
				f.Villages[vi].Poor = true
			}
		}
	} else {
		f.DerivePoor(ps.Num(policy.SamplePoorShare))
	}
	return f, nil
}

// PoorRow is a row of a county's list of 脱贫村: a village by its code, or by its township
// and village names.
type PoorRow struct{ Code, Township, Village string }

// PoorTable is the column table of a 脱贫村名单.
func PoorTable() *tableimport.Table[PoorRow] {
	return &tableimport.Table[PoorRow]{Name: "脱贫村名单", Columns: []tableimport.Column[PoorRow]{
		{Name: "区划代码", Aliases: []string{"村级区划代码", "行政区划代码", "村代码"}, Max: 20,
			Set: func(r *PoorRow, v tableimport.Value) { r.Code = v.Text }},
		{Name: "乡镇", Aliases: []string{"乡(镇)", "所在乡镇", "乡"}, Max: 50, Set: func(r *PoorRow, v tableimport.Value) { r.Township = v.Text }},
		{Name: "村", Aliases: []string{"村名", "行政村", "脱贫村", "村（社区）"}, Max: 50,
			Set: func(r *PoorRow, v tableimport.Value) { r.Village = v.Text }},
	}, Check: func(r *PoorRow) [][2]string {
		if r.Code == "" && r.Village == "" {
			return [][2]string{{"", "请填写村的区划代码或村名"}}
		}
		if r.Code != "" {
			if c, err := region.ParseCode(r.Code); err != nil || c.Level() != region.Village {
				return [][2]string{{"区划代码", "不是 12 位的村级区划代码"}}
			}
		}
		return nil
	}}
}

// ResolvePoor finds the villages of the county a list names, or the problems of its rows.
func ResolvePoor(tree *region.Tree, county region.Code, rows []tableimport.Row[PoorRow]) ([]region.Code, []tableimport.Problem) {
	var out []region.Code
	var problems []tableimport.Problem
	cname := ""
	if c, err := tree.Get(county); err == nil {
		cname = c.Name
	}
	for _, row := range rows {
		r := row.Rec
		code := region.Code(r.Code)
		if r.Code == "" {
			c, err := tree.Resolve(region.Names{County: cname, Township: r.Township, Village: r.Village})
			if err != nil {
				problems = append(problems, tableimport.Problem{Row: row.Num, Value: r.Township + r.Village, Reason: errs.Message(err)})
				continue
			}
			code = c
		}
		if code.Level() != region.Village || code.County() != county || !tree.Has(code) {
			problems = append(problems, tableimport.Problem{Row: row.Num, Value: string(code), Reason: "不是本县的村"})
			continue
		}
		out = append(out, code)
	}
	return out, problems
}
