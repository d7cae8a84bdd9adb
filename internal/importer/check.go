package importer

import (
	"context"
	"fmt"
	"hash/maphash"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// check is the household pass of Stage: it checks each household's rows together.
func (im *Importer) check(ctx context.Context, st *Staged) error {
	ck := newChecker(im, st)
	ck.progress = true
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches, wait := st.walkBatches(ctx, 256, nil)
	for batch := range batches {
		for _, g := range batch {
			ck.household(g)
			st.pool.put(g)
		}
	}
	if err := wait(); err != nil {
		return err
	}
	return ck.finish(ctx)
}

// checker checks households one at a time, in 户编号 order, and then what spans households.
type checker struct {
	im       *Importer
	st       *Staged
	today    registry.Date
	progress bool                  // report PhaseCheck progress
	n        int                   // households checked
	dups     map[string][]sighting // person numbers seen in several households
	orphans  []string              // income-only households, to look up in the register
	orphanAt map[string]Issue
}

// sighting is where a person number seen in several households appears.
type sighting struct {
	no string
	is Issue
}

func newChecker(im *Importer, st *Staged) *checker {
	return &checker{im: im, st: st, today: registry.DateOf(im.now()), dups: map[string][]sighting{}, orphanAt: map[string]Issue{}}
}

// household checks one household's rows. It sets g.c to the combination of its member rows
// when none of them has a blocking error, g.short when they list fewer people than its
// 家庭人口数, and g.fresh to the household as it would be stored new.
func (ck *checker) household(g *group) {
	st := ck.st
	if ck.n++; ck.progress && ck.n%4096 == 0 {
		ck.im.progress(Progress{Phase: PhaseCheck, Done: int64(ck.n), Rows: st.Report.Rows})
	}
	rowsBlocked := g.blocked()
	blocked := rowsBlocked
	block := func(r *row, col int, value, reason string) {
		is := r.sc.position(r.row, col)
		is.Value, is.Reason, is.HouseholdNo = value, reason, g.no
		st.issue(is)
		blocked = true
	}
	var c *combined
	if len(g.members) > 0 {
		st.Report.Households++
		seen := map[string]int{}
		heads, listed := 0, 0
		for _, r := range g.members {
			p := &r.rec.Person
			if first, ok := seen[p.No]; ok {
				block(r, nationalfmt.Members.Column("人口编号"), p.No, fmt.Sprintf("人口编号 %s 在本户中重复（第 %d 行已有）", p.No, first))
				continue
			}
			seen[p.No] = r.row
			st.Report.Persons++
			if p.LeftOn.IsZero() {
				listed++
			}
			if p.IsHead() && p.LeftOn.IsZero() {
				heads++
			}
			if len(st.dupPersons) > 0 && st.dupPersons[maphash.String(st.seed, p.No)] {
				is := r.sc.position(r.row, nationalfmt.Members.Column("人口编号"))
				is.Value, is.HouseholdNo = p.No, g.no
				ck.dups[p.No] = append(ck.dups[p.No], sighting{g.no, is})
			}
		}
		// Rows with a blocking error are left out: their other cells would add noise.
		good := g.members
		if rowsBlocked {
			good = nil
			for _, r := range g.members {
				if !r.blocked {
					good = append(good, r)
				}
			}
		}
		var conflicts []conflict
		if len(good) > 0 {
			c, conflicts = combine(good)
		}
		for _, c := range conflicts {
			col := &nationalfmt.Members.Columns[c.col]
			block(c.r, c.col, c.want, fmt.Sprintf("同一户（户编号 %s）的「%s」在各行不一致：「%s」与前面行的「%s」", g.no, col.Name, c.want, c.have))
		}
		f := g.members[0]
		if c != nil && c.rec.Household.DeclaredSize > listed {
			// Fewer members than the household has: rows the file lost, or people who left
			// and a 家庭人口数 not brought up to date. Either way the file alone cannot say
			// who has left.
			sz := householdSize{declared: c.rec.Household.DeclaredSize, listed: listed}
			st.short[g.no], g.short = sz, &sz
			if st.Report.Short++; st.Report.Short == 1 {
				is := f.sc.position(f.row, nationalfmt.Members.Column("家庭人口数"))
				is.HouseholdNo = g.no
				is.Value = fmt.Sprintf("家庭人口数 %d，文件列出 %d 人", c.rec.Household.DeclaredSize, listed)
				st.Report.ShortExample = is
			}
		}
		switch {
		case heads == 0:
			is := f.sc.position(f.row, nationalfmt.Members.Column("与户主关系"))
			is.HouseholdNo = g.no
			st.defect("一户没有户主", is)
		case heads > 1:
			is := f.sc.position(f.row, nationalfmt.Members.Column("与户主关系"))
			is.HouseholdNo = g.no
			st.defect("一户有多个户主", is)
		}
		if !blocked && len(conflicts) == 0 {
			// What the store would refuse is blocking now, not a failed write later.
			g.c = c
			out := merge(nil, g, c, ck.today, false)
			if err := out.agg.Validate(); err != nil {
				block(f, -1, "", errs.Message(err))
			} else {
				g.fresh = &out
			}
		}
	}
	if len(g.incomes) > 0 {
		// The incomes are compared with all member rows, blocked or not.
		ci := c
		if len(g.members) > 0 && (ci == nil || rowsBlocked) {
			ci, _ = combine(g.members)
		}
		ck.im.checkIncomes(g, ci, block)
		if len(g.members) == 0 {
			ck.orphans = append(ck.orphans, g.no)
			is := g.incomes[0].sc.position(g.incomes[0].row, nationalfmt.Incomes.Column("户编号"))
			is.Value, is.HouseholdNo = g.no, g.no
			ck.orphanAt[g.no] = is
		}
	}
	if blocked {
		st.blocked[g.no] = true
		g.c, g.fresh = nil, nil
	}
}

// finish reports what spans households: a person number in several households, and income
// rows of households that are neither in the file's member tables nor in the register.
func (ck *checker) finish(ctx context.Context) error {
	st, im := ck.st, ck.im
	for no, ss := range ck.dups {
		households := map[string]bool{}
		for _, s := range ss {
			households[s.no] = true
		}
		if len(households) < 2 {
			continue
		}
		for _, s := range ss {
			s.is.Reason = fmt.Sprintf("人口编号 %s 出现在 %d 个户中，一人只能属于一户", no, len(households))
			st.issue(s.is)
			st.blocked[s.no] = true
		}
	}
	if len(ck.orphans) > 0 {
		have, err := store.NewImports(im.DB).Counties(ctx, im.DB.SQL, ck.orphans)
		if err != nil {
			return err
		}
		for _, no := range ck.orphans {
			if _, ok := have[no]; !ok {
				is := ck.orphanAt[no]
				is.Reason = "户编号 " + no + " 在系统中和本次导入的成员表中都不存在，无法导入其收入"
				st.issue(is)
				st.blocked[no] = true
			}
		}
	}
	if ck.progress {
		im.progress(Progress{Phase: PhaseCheck, Done: int64(ck.n), Total: int64(ck.n), Rows: st.Report.Rows})
	}
	return nil
}

// checkIncomes checks a household's income rows: a year's income must not be given twice with
// different amounts (in the income table, or there and on the member rows), and must be a
// year the register can hold.
func (im *Importer) checkIncomes(g *group, c *combined, block func(r *row, col int, value, reason string)) {
	type source struct {
		r   *row
		rec *nationalfmt.Record
		t   *nationalfmt.Table
	}
	byYear := map[int][]source{}
	if c != nil {
		if c.rec.HasIncome && c.rec.Income.Year != 0 {
			byYear[c.rec.Income.Year] = append(byYear[c.rec.Income.Year], source{g.members[0], &c.rec, nationalfmt.Members})
		}
	}
	for _, r := range g.incomes {
		in := &r.rec.Income
		if in.Year == 0 {
			continue // reported by the decoder
		}
		if err := in.Validate(); err != nil {
			block(r, nationalfmt.Incomes.Column("年度"), fmt.Sprint(in.Year), errs.Message(err))
			continue
		}
		for _, s := range byYear[in.Year] {
			for i := range nationalfmt.Incomes.Columns {
				col := &nationalfmt.Incomes.Columns[i]
				if col.Level != nationalfmt.LevelIncome || col.Kind == nationalfmt.Derived || !r.sc.header.Present(i) {
					continue
				}
				j := s.t.Column(col.Name)
				if j < 0 || !s.r.sc.header.Present(j) {
					continue
				}
				// A figure one source leaves blank (a stated 纯收入) does not contradict another.
				if col.Kind == nationalfmt.Money && (col.Blank(&r.rec) || s.t.Columns[j].Blank(s.rec)) {
					continue
				}
				have, want := s.t.Columns[j].Format(s.rec), col.Format(&r.rec)
				if have != want {
					block(r, i, want, fmt.Sprintf("户编号 %s 的 %d 年「%s」前后不一致：「%s」与第 %d 行的「%s」", g.no, in.Year, col.Name, want, s.r.row, have))
					break
				}
			}
		}
		byYear[in.Year] = append(byYear[in.Year], source{r, &r.rec, nationalfmt.Incomes})
	}
}
