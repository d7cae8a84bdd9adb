package store

import (
	"context"
	"database/sql"
	"math"
	"sort"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The figures of indicators 5 and 8 and of the fund performance card, counted from the funds
// tables and the open findings of their objects (docs/scorecard.md).
//
// The scorecard counts by village. A county's money (its expenditure against the schedule, its
// industry share) is the county's: it is shared out evenly over the villages of the county that
// have households (in yuan, the remainder to the first villages), so that the villages sum to
// the county's figures and the counties to the city's, and a village's rate is its county's.
// An object (project, asset, station) counts in its village; one placed at a township or at
// the county counts in the first village (by code) with households under its place, so that it
// counts once in the township's and the county's rates.

// The parts the funds counter counts.
const (
	FundsExpenditure = "expenditure" // indicator 5: paid ÷ (allocated × schedule), in yuan
	FundsIndustry    = "industry"    // indicator 5: industry ÷ all approved transition funds, in yuan
	FundsProjects    = "projects"    // 5: the last two years' projects; 8: their industry projects
	FundsAssets      = "assets"      // 5: the assets in use
	FundsPV          = "pv"          // 8: the PV stations standing
)

// FundsCounter counts one part of indicator 5 or 8 per village (a VillageCounter bound to a
// database by On, DBCounter). Rules are the rules whose open findings put an object in the
// numerator of an object part.
type FundsCounter struct {
	Indicator int
	Part      string
	Rules     []string
	db        *DB
}

// On returns the counter counting in db.
func (c FundsCounter) On(db *DB) VillageCounter {
	c.db = db
	return c
}

// CountVillages counts the part in every village of scope, as of the database's clock.
func (c FundsCounter) CountVillages(ctx context.Context, scope region.Code) (map[region.Code][2]int, error) {
	if c.db == nil {
		return nil, errs.E(errs.Internal, "项目资金计数未绑定数据库")
	}
	f := NewFunds(c.db)
	counties, err := f.Counties(ctx, scope)
	if err != nil {
		return nil, err
	}
	now := c.db.Now().In(time.FixedZone("CST", 8*3600))
	out := map[region.Code][2]int{}
	params := NewParams(c.db)
	for _, county := range counties {
		villages, err := f.villagesWithHouseholds(ctx, county)
		if err != nil {
			return nil, err
		}
		if len(villages) == 0 {
			continue
		}
		var counts map[region.Code][2]int
		switch c.Part {
		case FundsExpenditure, FundsIndustry:
			ps, err := params.Resolve(ctx, county, now.Year())
			if err != nil {
				return nil, err
			}
			fig, err := f.CountyFigures(ctx, county, ps, registry.DateOf(now))
			if err != nil {
				return nil, err
			}
			num, den := fig.Progress.Paid.Yuan(), fig.Owed.Yuan()
			if c.Part == FundsIndustry {
				num, den = fig.Industry.Yuan(), fig.Total.Yuan()
			}
			if den <= 0 {
				continue
			}
			counts = spread(villages, int(math.Round(num)), int(math.Round(den)))
		default:
			counts, err = f.countObjects(ctx, county, c.Indicator, c.Part, c.Rules, now.Year(), villages)
			if err != nil {
				return nil, err
			}
		}
		for v, nd := range counts {
			if scope == "" || scope.Contains(v) {
				out[v] = nd
			}
		}
	}
	return out, nil
}

// spread shares a county's figures out evenly over its villages.
func spread(villages []region.Code, num, den int) map[region.Code][2]int {
	n := len(villages)
	out := make(map[region.Code][2]int, n)
	for i, v := range villages {
		x := [2]int{num / n, den / n}
		if i < num%n {
			x[0]++
		}
		if i < den%n {
			x[1]++
		}
		out[v] = x
	}
	return out
}

// villagesWithHouseholds returns the villages of a county that have households, by code.
func (f *Funds) villagesWithHouseholds(ctx context.Context, county region.Code) ([]region.Code, error) {
	var out []region.Code
	err := f.query(ctx, "funds.villages", `SELECT DISTINCT village_code FROM households WHERE county_code = ? ORDER BY village_code`,
		[]any{string(county)}, func(rows *sql.Rows) error {
			var v string
			if err := rows.Scan(&v); err != nil {
				return err
			}
			out = append(out, region.Code(v))
			return nil
		})
	return out, err
}

// villageOf returns the village an object placed at code counts in: its own, or the first
// village with households under it (the county's first when none is).
func villageOf(code region.Code, villages []region.Code) (region.Code, bool) {
	i := sort.Search(len(villages), func(i int) bool { return villages[i] >= code })
	if i < len(villages) && (villages[i] == code || code.Level() < region.Village && code.Contains(villages[i])) {
		return villages[i], true
	}
	if code.Level() == region.Village {
		return "", false // a village without households: no row of the scorecard to count in
	}
	if len(villages) > 0 {
		return villages[0], true
	}
	return "", false
}

// countObjects counts the objects of an object part by village: how many, and how many have
// an open finding of the rules.
func (f *Funds) countObjects(ctx context.Context, county region.Code, indicator int, part string, rules []string, year int,
	villages []region.Code) (map[region.Code][2]int, error) {
	var table, key, kind, cond string
	var args []any
	switch {
	case part == FundsProjects:
		table, key, kind, cond = "fund_projects", "project_no", funds.KindProject, "t.stopped = 0 AND t.year >= ?"
		args = append(args, year-1)
		if indicator == 8 {
			cond += " AND t.type = ?"
			args = append(args, funds.TypeIndustry)
		}
	case part == FundsAssets:
		table, key, kind, cond = "fund_assets", "asset_no", funds.KindAsset, "t.status <> ?"
		args = append(args, funds.AssetDisposed)
	case part == FundsPV:
		table, key, kind, cond = "fund_stations", "station_no", funds.KindPV, "t.status <> ?"
		args = append(args, "拆除")
	default:
		return nil, errs.E(errs.Internal, "未知的计分项「%s」", part)
	}
	found := "0"
	var fargs []any
	if len(rules) > 0 {
		var c string
		c, fargs = openFinding(kind, key, rules)
		found = "CASE WHEN " + c + " THEN 1 ELSE 0 END"
	}
	q := `SELECT t.region_code, COUNT(*), CAST(SUM(` + found + `) AS BIGINT) FROM ` + table + ` t WHERE t.county_code = ? AND ` + cond +
		` GROUP BY t.region_code`
	out := map[region.Code][2]int{}
	err := f.query(ctx, "funds.count", q, append(append(fargs, string(county)), args...), func(rows *sql.Rows) error {
		var code string
		var n, bad int
		if err := rows.Scan(&code, &n, &bad); err != nil {
			return err
		}
		if v, ok := villageOf(region.Code(code), villages); ok {
			x := out[v]
			out[v] = [2]int{x[0] + bad, x[1] + n}
		}
		return nil
	})
	return out, err
}

// CountyFigures are a county's figures of a year as of a date, for indicator 5 and the fund
// performance card.
type CountyFigures struct {
	County   region.Code
	Year     int
	Progress funds.Progress // money allocated and paid by the date
	Schedule float64        // the share due by the date, %
	Owed     registry.Money // what should be paid by the date: allocated × schedule
	// Industry and Total are the year's approved transition funds (industry projects, all);
	// LastIndustry and LastTotal the year before's.
	Industry, Total, LastIndustry, LastTotal registry.Money
	// Due are the year's projects whose planned finish has passed, Finished those of them
	// finished.
	Due, Finished int
	// Assets are the assets in use, AssetsBad those with an open finding of indicator 5.
	Assets, AssetsBad int
	Curve             []funds.MonthPoint
}

// CountyFigures counts a county's figures of the parameters' year as of the date.
func (f *Funds) CountyFigures(ctx context.Context, county region.Code, ps *policy.Set, asOf registry.Date) (*CountyFigures, error) {
	year := ps.Year
	cy, err := f.CountyYear(ctx, county, year)
	if err != nil {
		return nil, err
	}
	sched := ps.Curve(policy.FundSchedule)
	fig := &CountyFigures{County: county, Year: year, Progress: cy.At(asOf), Schedule: sched.On(year, asOf.Time()),
		Industry: cy.Industry, Total: cy.Total, LastIndustry: cy.LastIndustry, LastTotal: cy.LastTotal}
	fig.Owed = registry.Money(math.Round(float64(fig.Progress.Allocated) * fig.Schedule / 100))
	fig.Curve = cy.Curve(sched, asOf)
	err = f.query(ctx, "funds.completion", `SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN finished_on IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT)
		FROM fund_projects WHERE county_code = ? AND year = ? AND stopped = 0 AND plan_finish IS NOT NULL AND plan_finish < ?`,
		[]any{string(county), year, asOf.String()}, func(rows *sql.Rows) error { return rows.Scan(&fig.Due, &fig.Finished) })
	if err != nil {
		return nil, err
	}
	err = f.query(ctx, "funds.asset_figures", `SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM findings x
		WHERE x.county_code = t.county_code AND x.subject_kind = ? AND x.subject_id = t.asset_no AND x.status = 'open' AND x.indicator = 5)
		THEN 1 ELSE 0 END), 0) AS BIGINT) FROM fund_assets t WHERE t.county_code = ? AND t.status <> ?`,
		[]any{funds.KindAsset, string(county), funds.AssetDisposed}, func(rows *sql.Rows) error { return rows.Scan(&fig.Assets, &fig.AssetsBad) })
	return fig, err
}

// TargetHouseholds returns a county's target households (脱贫户 of the kinds given, and
// monitored households) by village, for the demo's beneficiaries.
func (f *Funds) TargetHouseholds(ctx context.Context, county region.Code, kinds []string) (map[region.Code][]string, error) {
	out := map[region.Code][]string{}
	if len(kinds) == 0 {
		kinds = []string{registry.KindAlleviated}
	}
	args := []any{string(county)}
	for _, k := range kinds {
		args = append(args, k)
	}
	err := f.query(ctx, "funds.targets", `SELECT village_code, household_no FROM households WHERE county_code = ?
		AND (category <> '' OR kind IN (`+placeholders(len(kinds))+`)) ORDER BY village_code, household_no`, args, func(rows *sql.Rows) error {
		var v, no string
		if err := rows.Scan(&v, &no); err != nil {
			return err
		}
		out[region.Code(v)] = append(out[region.Code(v)], no)
		return nil
	})
	return out, err
}
