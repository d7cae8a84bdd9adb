package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/gonggu/gonggu/internal/region"
)

// Keycard reads the figures of a region's 明白卡 (internal/keycard) from the registry, and
// keeps them per year so that next year's card compares with them.
type Keycard struct{ db *DB }

// NewKeycard returns the key-figure store of db.
func NewKeycard(db *DB) *Keycard { return &Keycard{db: db} }

// KindCount is the households and people of one 户类型 and 监测对象类别 in a region.
type KindCount struct {
	Kind, Category     string
	Households, People int
}

// People counts the households and current people of scope by 户类型 and 监测对象类别.
func (k *Keycard) People(ctx context.Context, scope region.Code) ([]KindCount, error) {
	where, args := householdScope(scope)
	rows, err := k.db.SQL.QueryContext(ctx, k.db.Rebind(`SELECT h.kind, h.category, COUNT(*),
		COALESCE(SUM((SELECT COUNT(*) FROM persons p WHERE p.county_code = h.county_code AND p.household_no = h.household_no
		AND p.left_on IS NULL AND p.deceased_on IS NULL)), 0)
		FROM households h WHERE `+where+` GROUP BY h.kind, h.category ORDER BY h.kind, h.category`), args...)
	if err != nil {
		return nil, internal(err, "keycard.people")
	}
	defer rows.Close()
	var out []KindCount
	for rows.Next() {
		var c KindCount
		if err := rows.Scan(&c.Kind, &c.Category, &c.Households, &c.People); err != nil {
			return nil, internal(err, "keycard.people")
		}
		out = append(out, c)
	}
	return out, internal(rows.Err(), "keycard.people")
}

// Monitoring is a region's monitoring in a year.
type Monitoring struct {
	Identified, Eliminated int // households identified, and eliminated, in the year
	Unresolved             int // monitored households whose risk is not eliminated
}

// Monitoring counts the households of scope identified and eliminated in the year, and those
// still at risk.
func (k *Keycard) Monitoring(ctx context.Context, scope region.Code, year int) (Monitoring, error) {
	where, args := householdScope(scope)
	from, to := fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-12", year)
	var m Monitoring
	err := k.db.SQL.QueryRowContext(ctx, k.db.Rebind(`SELECT
		COALESCE(SUM(CASE WHEN h.category <> '' AND h.identified_on >= ? AND h.identified_on <= ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN h.category <> '' AND h.risk_eliminated = 1 AND h.eliminated_on >= ? AND h.eliminated_on <= ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN h.category <> '' AND (h.risk_eliminated IS NULL OR h.risk_eliminated <> 1) THEN 1 ELSE 0 END), 0)
		FROM households h WHERE `+where), append([]any{from, to, from, to}, args...)...).Scan(&m.Identified, &m.Eliminated, &m.Unresolved)
	return m, internal(err, "keycard.monitoring")
}

// Income is the mean per-capita net income of a group of households in a year.
type Income struct {
	Year       int
	Households int
	PerCapita  float64 // yuan
}

// Incomes returns the mean per-capita net income of the target households (脱贫户 of kinds,
// or monitored) of scope in each of the years, and of the monitored ones.
func (k *Keycard) Incomes(ctx context.Context, scope region.Code, kinds []string, years ...int) (target, monitored []Income, err error) {
	where, args := householdScope(scope)
	cond := "h.category <> ''"
	var kargs []any
	if len(kinds) > 0 {
		cond = "(h.category <> '' OR h.kind IN (" + placeholders(len(kinds)) + "))"
		for _, kd := range kinds {
			kargs = append(kargs, kd)
		}
	}
	for _, y := range years {
		for _, c := range []struct {
			cond string
			args []any
			out  *[]Income
		}{{cond, kargs, &target}, {"h.category <> ''", nil, &monitored}} {
			in := Income{Year: y}
			var avg sql.NullFloat64
			q := `SELECT COUNT(*), AVG((i.wages + i.business + i.property + i.transfers - i.business_expense) * 1.0 / i.size)
				FROM incomes i JOIN households h ON h.county_code = i.county_code AND h.household_no = i.household_no
				WHERE ` + where + ` AND ` + c.cond + ` AND i.year = ? AND i.size > 0`
			a := append(append(append([]any{}, args...), c.args...), y)
			if err := k.db.SQL.QueryRowContext(ctx, k.db.Rebind(q), a...).Scan(&in.Households, &avg); err != nil {
				return nil, nil, internal(err, "keycard.incomes")
			}
			in.PerCapita = avg.Float64 / 100
			*c.out = append(*c.out, in)
		}
	}
	return target, monitored, nil
}

// Labour is a region's target people at work.
type Labour struct {
	Employed int // current people of target households with months of work
	Posts    int // current people holding a public-welfare post
	Abroad   int // of the employed, working outside the province (省外), by the category spellings
}

// Labour counts the current people of the target households (kinds, or monitored) of scope who
// work and who hold a public-welfare post.
func (k *Keycard) Labour(ctx context.Context, scope region.Code, kinds []string) (Labour, error) {
	where, args := householdScope(scope)
	cond := "h.category <> ''"
	if len(kinds) > 0 {
		cond = "(h.category <> '' OR h.kind IN (" + placeholders(len(kinds)) + "))"
		for _, kd := range kinds {
			args = append(args, kd)
		}
	}
	var l Labour
	err := k.db.SQL.QueryRowContext(ctx, k.db.Rebind(`SELECT
		COALESCE(SUM(CASE WHEN p.work_months > 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN p.post_type <> '' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN p.work_months > 0 AND p.work_location = '省外' THEN 1 ELSE 0 END), 0)
		FROM persons p JOIN households h ON h.county_code = p.county_code AND h.household_no = p.household_no
		WHERE `+where+` AND `+cond+` AND p.left_on IS NULL AND p.deceased_on IS NULL`), args...).Scan(&l.Employed, &l.Posts, &l.Abroad)
	return l, internal(err, "keycard.labour")
}

// The sources of kept figures.
const (
	FiguresCard      = "card"      // counted when a card was made
	FiguresSynthetic = "synthetic" // made up by the demo
)

// keyCounty is the county_code a region's figures are kept under: its county, or a city's or
// province's own code.
func keyCounty(code region.Code) string {
	if code.Level() >= region.County {
		return string(code.County())
	}
	return string(code)
}

// SaveFigures keeps a region's figures of a year (replacing those kept before), from source.
func (k *Keycard) SaveFigures(ctx context.Context, code region.Code, year int, figures map[string]float64, source string) error {
	now := stamp(k.db.Now())
	return k.db.Tx(ctx, func(tx *sql.Tx) error {
		for name, v := range figures {
			if _, err := k.db.Exec(ctx, tx, `INSERT INTO key_figures (county_code, region_code, year, name, value, source, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (county_code, region_code, year, name) DO UPDATE SET value = excluded.value,
				source = excluded.source, updated_at = excluded.updated_at`, keyCounty(code), string(code), year, name, v, source, now); err != nil {
				return internal(err, "keycard.save")
			}
		}
		return nil
	})
}

// Figures returns a region's figures kept for a year, and where they came from ("" when none
// are kept).
func (k *Keycard) Figures(ctx context.Context, code region.Code, year int) (map[string]float64, string, error) {
	rows, err := k.db.SQL.QueryContext(ctx, k.db.Rebind(`SELECT name, value, source FROM key_figures
		WHERE county_code = ? AND region_code = ? AND year = ?`), keyCounty(code), string(code), year)
	if err != nil {
		return nil, "", internal(err, "keycard.figures")
	}
	defer rows.Close()
	out := map[string]float64{}
	src := ""
	for rows.Next() {
		var name, s string
		var v float64
		if err := rows.Scan(&name, &v, &s); err != nil {
			return nil, "", internal(err, "keycard.figures")
		}
		out[name], src = v, s
	}
	return out, src, internal(rows.Err(), "keycard.figures")
}

// KeyHousehold is a household a village's cadres must know: monitored, or with open findings.
type KeyHousehold struct {
	No, Head, Kind, Category string
	RiskTypes                string
	Eliminated               bool
	Open                     int // open findings
}

// KeyHouseholds returns the village's monitored households and those with open findings: the
// unresolved monitored ones first, then by open findings, most first.
func (k *Keycard) KeyHouseholds(ctx context.Context, village region.Code) ([]KeyHousehold, error) {
	rows, err := k.db.SQL.QueryContext(ctx, k.db.Rebind(`SELECT h.household_no, h.kind, h.category, h.risk_types,
		COALESCE(h.risk_eliminated, 0),
		COALESCE((SELECT MIN(p.name) FROM persons p WHERE p.county_code = h.county_code AND p.household_no = h.household_no AND p.relation = '户主'), ''),
		(SELECT COUNT(*) FROM findings f WHERE f.county_code = h.county_code AND f.household_no = h.household_no AND f.status = 'open')
		FROM households h WHERE h.county_code = ? AND h.village_code = ? ORDER BY h.household_no`), string(village.County()), string(village))
	if err != nil {
		return nil, internal(err, "keycard.households")
	}
	defer rows.Close()
	var out []KeyHousehold
	for rows.Next() {
		var h KeyHousehold
		var elim int
		if err := rows.Scan(&h.No, &h.Kind, &h.Category, &h.RiskTypes, &elim, &h.Head, &h.Open); err != nil {
			return nil, internal(err, "keycard.households")
		}
		h.Eliminated = elim == 1
		if h.Category != "" || h.Open > 0 {
			out = append(out, h)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, internal(err, "keycard.households")
	}
	rank := func(h KeyHousehold) int {
		if h.Category != "" && !h.Eliminated {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(out, func(a, b KeyHousehold) int {
		if c := rank(a) - rank(b); c != 0 {
			return c
		}
		return b.Open - a.Open
	})
	return out, nil
}
