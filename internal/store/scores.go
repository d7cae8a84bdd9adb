package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// Scores stores the counts behind the scorecard's indicator rates per region and period, and
// the province averages users enter for comparison.
type Scores struct{ db *DB }

// NewScores returns the scorecard store of db.
func NewScores(db *DB) *Scores { return &Scores{db: db} }

// ScoreCount is the numerator and denominator of one indicator's rate in one region.
type ScoreCount struct {
	Period    string
	Region    region.Code
	Indicator int // 0 data quality, 1–10
	Num, Den  int
}

// ScoreSpec says which counts a refresh computes: the indicators whose rate is the share of
// households with an open finding of the indicator (all households, or relocated ones for
// Relocated), and the rules whose open findings make a household a suspected missed one.
type ScoreSpec struct {
	PerHousehold []int    // indicators over all households
	Relocated    []int    // indicators over relocated households
	Missed       int      // the 漏纳 indicator: suspected missed ÷ (monitored + suspected missed)
	MissedRules  []string // its rules
}

type villageCounts struct {
	households, monitored, relocated int
	withFinding                      map[int]int
	missed                           int
}

// Refresh recomputes the period's counts of every region in the province(s) of scope ("" for
// every province): two GROUP BY queries by village over households and open findings, rolled
// up to townships, counties, cities and provinces, which replace the period's stored rows.
func (s *Scores) Refresh(ctx context.Context, scope region.Code, period string, spec ScoreSpec) error {
	if err := ValidatePeriod(period); err != nil {
		return err
	}
	var prov region.Code
	if scope != "" {
		prov = scope.Up(region.Province)
	}
	villages, err := s.villageCounts(ctx, prov, spec)
	if err != nil {
		return err
	}
	totals := map[region.Code]*villageCounts{}
	for code, vc := range villages {
		for _, l := range []region.Level{region.Province, region.City, region.County, region.Township, region.Village} {
			up := code.Up(l)
			if up == "" || up.Level() != l {
				continue
			}
			t := totals[up]
			if t == nil {
				t = &villageCounts{withFinding: map[int]int{}}
				totals[up] = t
			}
			t.households += vc.households
			t.monitored += vc.monitored
			t.relocated += vc.relocated
			t.missed += vc.missed
			for i, n := range vc.withFinding {
				t.withFinding[i] += n
			}
		}
	}
	at := tsArg(s.db.Now())
	var rows [][]any
	for code, t := range totals {
		lv := int(code.Level())
		for _, i := range spec.PerHousehold {
			rows = append(rows, []any{period, string(code), lv, i, t.withFinding[i], t.households, at})
		}
		for _, i := range spec.Relocated {
			rows = append(rows, []any{period, string(code), lv, i, t.withFinding[i], t.relocated, at})
		}
		if spec.Missed > 0 {
			rows = append(rows, []any{period, string(code), lv, spec.Missed, t.missed, t.monitored + t.missed, at})
		}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		q := `DELETE FROM scores WHERE period = ?`
		args := []any{period}
		if p := prov.Prefix(); p != "" {
			q += ` AND region_code >= ? AND region_code < ?`
			args = append(args, p, prefixEnd(p))
		}
		if _, err := s.db.Exec(ctx, tx, q, args...); err != nil {
			return internal(err, "scores.refresh")
		}
		ins := newInserter(s.db, tx)
		defer ins.close()
		err := ins.insert(ctx, bulkRows{"scores", []string{"period", "region_code", "level", "indicator", "num", "den", "computed_at"}, rows})
		return internal(err, "scores.refresh")
	})
}

// villageCounts counts households and households with open findings by village.
func (s *Scores) villageCounts(ctx context.Context, prov region.Code, spec ScoreSpec) (map[region.Code]*villageCounts, error) {
	out := map[region.Code]*villageCounts{}
	get := func(v string) *villageCounts {
		c := out[region.Code(v)]
		if c == nil {
			c = &villageCounts{withFinding: map[int]int{}}
			out[region.Code(v)] = c
		}
		return c
	}
	where, args := householdScope(prov)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT h.village_code, COUNT(*),
		SUM(CASE WHEN h.category <> '' THEN 1 ELSE 0 END), SUM(CASE WHEN h.relocated = 1 THEN 1 ELSE 0 END)
		FROM households h WHERE `+where+` GROUP BY h.village_code`), args...)
	if err != nil {
		return nil, internal(err, "scores.households")
	}
	for rows.Next() {
		var v string
		var n, m, r int
		if err := rows.Scan(&v, &n, &m, &r); err != nil {
			rows.Close()
			return nil, internal(err, "scores.households")
		}
		c := get(v)
		c.households, c.monitored, c.relocated = n, m, r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err, "scores.households")
	}

	fwhere, fargs := FindingFilter{Scope: prov, Status: StatusOpen}.where()
	missed := "''"
	var margs []any
	if len(spec.MissedRules) > 0 {
		missed = placeholders(len(spec.MissedRules))
		for _, r := range spec.MissedRules {
			margs = append(margs, r)
		}
	}
	rows, err = s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT region_code, indicator, COUNT(DISTINCT household_no),
		COUNT(DISTINCT CASE WHEN rule_id IN (`+missed+`) THEN household_no END)
		FROM findings WHERE `+fwhere+` GROUP BY region_code, indicator`), append(margs, fargs...)...)
	if err != nil {
		return nil, internal(err, "scores.findings")
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		var ind, n, m int
		if err := rows.Scan(&v, &ind, &n, &m); err != nil {
			return nil, internal(err, "scores.findings")
		}
		c := get(v)
		c.withFinding[ind] += n
		if ind == spec.Missed {
			c.missed += m
		}
	}
	return out, internal(rows.Err(), "scores.findings")
}

// ValidatePeriod checks a period: a month 'YYYY-MM'.
func ValidatePeriod(p string) error {
	if _, err := time.Parse("2006-01", p); err != nil || len(p) != 7 {
		return errs.E(errs.Invalid, "期次「%s」无效，应为年月 YYYY-MM（如 2026-11）", p)
	}
	return nil
}

// Children returns the period's counts of a region and of its children.
func (s *Scores) Children(ctx context.Context, period string, parent region.Code) ([]ScoreCount, error) {
	p := parent.Prefix()
	lv := int(parent.Level()) + 1
	q := `SELECT period, region_code, indicator, num, den FROM scores WHERE period = ? AND (region_code = ?`
	args := []any{period, string(parent)}
	if lv <= int(region.Village) {
		q += ` OR (region_code >= ? AND region_code < ? AND level = ?)`
		args = append(args, p, prefixEnd(p), lv)
	}
	return s.query(ctx, q+`) ORDER BY region_code, indicator`, args...)
}

// History returns every period's counts of a region, oldest first.
func (s *Scores) History(ctx context.Context, code region.Code) ([]ScoreCount, error) {
	return s.query(ctx, `SELECT period, region_code, indicator, num, den FROM scores WHERE region_code = ?
		ORDER BY period, indicator`, string(code))
}

// Periods returns the periods with counts of a region, newest first.
func (s *Scores) Periods(ctx context.Context, code region.Code) ([]string, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT DISTINCT period FROM scores WHERE region_code = ? ORDER BY period DESC`), string(code))
	if err != nil {
		return nil, internal(err, "scores.periods")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, internal(err, "scores.periods")
		}
		out = append(out, p)
	}
	return out, internal(rows.Err(), "scores.periods")
}

func (s *Scores) query(ctx context.Context, q string, args ...any) ([]ScoreCount, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q), args...)
	if err != nil {
		return nil, internal(err, "scores.list")
	}
	defer rows.Close()
	var out []ScoreCount
	for rows.Next() {
		var c ScoreCount
		var code string
		if err := rows.Scan(&c.Period, &code, &c.Indicator, &c.Num, &c.Den); err != nil {
			return nil, internal(err, "scores.list")
		}
		c.Region = region.Code(code)
		out = append(out, c)
	}
	return out, internal(rows.Err(), "scores.list")
}

// SetProvinceAverage stores the province average of an indicator's rate for a period.
func (s *Scores) SetProvinceAverage(ctx context.Context, province region.Code, period string, indicator int, rate float64, by string) error {
	if err := ValidatePeriod(period); err != nil {
		return err
	}
	if province.Level() != region.Province {
		return errs.E(errs.Invalid, "全省平均值须对应省级区划，而不是「%s」", province)
	}
	if indicator < 0 || indicator > 10 {
		return errs.E(errs.Invalid, "指标「%d」无效，应为 1–10（0 为数据质量）", indicator)
	}
	if rate < 0 || rate != rate {
		return errs.E(errs.Invalid, "全省平均值不能为负数")
	}
	_, err := s.db.SQL.ExecContext(ctx, s.db.Rebind(`INSERT INTO province_averages (province, period, indicator, rate, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (province, period, indicator) DO UPDATE SET rate = excluded.rate,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
		string(province), period, indicator, rate, strings.TrimSpace(by), tsArg(s.db.Now()))
	return internal(err, "scores.setAverage")
}

// ProvinceAverages returns the province averages entered for a period, by indicator.
func (s *Scores) ProvinceAverages(ctx context.Context, province region.Code, period string) (map[int]float64, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT indicator, rate FROM province_averages WHERE province = ? AND period = ?`),
		string(province), period)
	if err != nil {
		return nil, internal(err, "scores.averages")
	}
	defer rows.Close()
	out := map[int]float64{}
	for rows.Next() {
		var i int
		var r float64
		if err := rows.Scan(&i, &r); err != nil {
			return nil, internal(err, "scores.averages")
		}
		out[i] = r
	}
	return out, internal(rows.Err(), "scores.averages")
}

// DB returns the database of the store.
func (s *Scores) DB() *DB { return s.db }
