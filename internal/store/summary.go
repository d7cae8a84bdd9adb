package store

import (
	"context"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// CountySummary is the registry at a glance for one county.
type CountySummary struct {
	County       region.Code
	Households   int
	ByKind       map[string]int // 户类型 → households
	ByCategory   map[string]int // 监测对象类别 → households (monitored only)
	People       int            // current members
	IncomeYear   int            // the latest income year
	AvgPerCapita registry.Money // mean of households' per-capita net income in IncomeYear
}

// Summary returns per-county figures for the scope, in county order.
func (r *Registry) Summary(ctx context.Context, scope region.Code) ([]CountySummary, error) {
	f := scopeFilter(scope)
	byCounty := map[region.Code]*CountySummary{}
	var order []region.Code
	get := func(c string) *CountySummary {
		code := region.Code(c)
		s := byCounty[code]
		if s == nil {
			s = &CountySummary{County: code, ByKind: map[string]int{}, ByCategory: map[string]int{}}
			byCounty[code] = s
			order = append(order, code)
		}
		return s
	}
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT county_code, kind, category, COUNT(*) FROM households
		WHERE `+f.where+` GROUP BY county_code, kind, category ORDER BY county_code`), f.args...)
	if err != nil {
		return nil, internal(err, "registry.summary")
	}
	for rows.Next() {
		var c, kind, cat string
		var n int
		if err := rows.Scan(&c, &kind, &cat, &n); err != nil {
			rows.Close()
			return nil, internal(err, "registry.summary")
		}
		s := get(c)
		s.Households += n
		s.ByKind[kind] += n
		if cat != "" {
			s.ByCategory[cat] += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err, "registry.summary")
	}
	rows, err = r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT county_code, COUNT(*) FROM persons
		WHERE `+f.where+` AND left_on IS NULL AND deceased_on IS NULL GROUP BY county_code`), f.args...)
	if err != nil {
		return nil, internal(err, "registry.summary")
	}
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			rows.Close()
			return nil, internal(err, "registry.summary")
		}
		get(c).People = n
	}
	rows.Close()
	rows, err = r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT county_code, year,
		AVG((wages + business + property + transfers - business_expense) * 1.0 / size)
		FROM incomes WHERE `+f.where+` AND size > 0 AND year = (SELECT MAX(year) FROM incomes WHERE `+f.where+`)
		GROUP BY county_code, year`), append(append([]any{}, f.args...), f.args...)...)
	if err != nil {
		return nil, internal(err, "registry.summary")
	}
	for rows.Next() {
		var c string
		var y int
		var avg float64
		if err := rows.Scan(&c, &y, &avg); err != nil {
			rows.Close()
			return nil, internal(err, "registry.summary")
		}
		s := get(c)
		s.IncomeYear = y
		s.AvgPerCapita = registry.Money(avg + 0.5)
	}
	rows.Close()
	out := make([]CountySummary, 0, len(order))
	for _, c := range order {
		out = append(out, *byCounty[c])
	}
	return out, internal(rows.Err(), "registry.summary")
}
