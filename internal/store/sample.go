package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// Sample reads what the evaluators' sample simulation (internal/sample) draws from: every
// household of a county with its scorecard rates, and the county's list of 脱贫村.
type Sample struct {
	db  *DB
	log *AuditLog
}

// NewSample returns the sample store of db.
func NewSample(db *DB) *Sample { return &Sample{db: db, log: NewAuditLog(db)} }

// SampleRow is a household as a draw sees it.
type SampleRow struct {
	No, Head       string
	Village        region.Code
	Kind, Category string
	// Special: a seriously ill or disabled member, a disaster or accident among its risks, or
	// relocated.
	Special bool
	People  int
	Pops    uint8 // bit p for Population p
	// Rates has bit k set when the household counts in the numerator of spec.Rates[k].
	Rates          uint64
	Open, Unscored int // open findings; those of no rate of the spec
}

// Rows returns every household of the county, by village and number, with its populations,
// the rates of the spec it counts in and its open findings.
func (s *Sample) Rows(ctx context.Context, county region.Code, spec ScoreSpec) ([]SampleRow, error) {
	if county.Level() != region.County {
		return nil, errs.E(errs.Invalid, "抽样演练须针对一个县，而不是「%s」", county)
	}
	pm, pargs := spec.popMask()
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT h.household_no, h.village_code, h.kind, h.category, h.risk_types,
		COALESCE(h.relocated, 0), `+pm+` FROM households h WHERE h.county_code = ? ORDER BY h.village_code, h.household_no`),
		append(pargs, string(county))...)
	if err != nil {
		return nil, internal(err, "sample.households")
	}
	var out []SampleRow
	index := map[string]int{}
	for rows.Next() {
		var r SampleRow
		var v, risks string
		var relocated, pops int64
		if err := rows.Scan(&r.No, &v, &r.Kind, &r.Category, &risks, &relocated, &pops); err != nil {
			rows.Close()
			return nil, internal(err, "sample.households")
		}
		r.Village, r.Pops = region.Code(v), uint8(pops)
		r.Special = relocated == 1 || strings.Contains(risks, "因自然灾害") || strings.Contains(risks, "因意外事故")
		index[r.No] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err, "sample.households")
	}
	rows, err = s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT household_no, COUNT(*),
		MAX(CASE WHEN health LIKE ? OR health LIKE ? THEN 1 ELSE 0 END), MAX(CASE WHEN relation = '户主' THEN name ELSE '' END)
		FROM persons WHERE county_code = ? AND left_on IS NULL AND deceased_on IS NULL GROUP BY household_no`),
		"%患有大病%", "%残疾%", string(county))
	if err != nil {
		return nil, internal(err, "sample.persons")
	}
	for rows.Next() {
		var no, head string
		var n, ill int
		if err := rows.Scan(&no, &n, &ill, &head); err != nil {
			rows.Close()
			return nil, internal(err, "sample.persons")
		}
		if i, ok := index[no]; ok {
			out[i].People, out[i].Head = n, head
			out[i].Special = out[i].Special || ill == 1
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err, "sample.persons")
	}
	err = NewScores(s.db).EachHousehold(ctx, county, spec, func(h HouseholdRates) error {
		if i, ok := index[h.No]; ok {
			out[i].Rates = h.Rates
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rows, err = s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT household_no, rule_id, indicator FROM findings
		WHERE county_code = ? AND status = 'open' AND household_no <> ''`), string(county))
	if err != nil {
		return nil, internal(err, "sample.findings")
	}
	defer rows.Close()
	for rows.Next() {
		var no, rule string
		var ind int
		if err := rows.Scan(&no, &rule, &ind); err != nil {
			return nil, internal(err, "sample.findings")
		}
		if i, ok := index[no]; ok {
			out[i].Open++
			if !spec.scores(rule, ind) {
				out[i].Unscored++
			}
		}
	}
	return out, internal(rows.Err(), "sample.findings")
}

// scores reports whether an open finding of the rule counts in a rate of the spec counted
// from findings.
func (spec ScoreSpec) scores(rule string, indicator int) bool {
	for _, r := range spec.Rates {
		if r.Counter != nil {
			continue
		}
		if len(r.Rules) == 0 && r.Indicator == indicator {
			return true
		}
		for _, id := range r.Rules {
			if id == rule {
				return true
			}
		}
	}
	return false
}

// CountyCounts returns the county's counts of its latest scorecard period, or none.
func (s *Sample) CountyCounts(ctx context.Context, county region.Code) ([]ScoreCount, error) {
	hist, err := NewScores(s.db).History(ctx, county)
	if err != nil || len(hist) == 0 {
		return nil, err
	}
	last := hist[len(hist)-1].Period
	var out []ScoreCount
	for _, c := range hist {
		if c.Period == last {
			out = append(out, c)
		}
	}
	return out, nil
}

// PoorVillages returns the county's 脱贫村 as its list gives them, in code order; none when it
// has imported no list.
func (s *Sample) PoorVillages(ctx context.Context, county region.Code) ([]region.Code, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT village_code FROM poor_villages WHERE county_code = ? ORDER BY village_code`),
		string(county))
	if err != nil {
		return nil, internal(err, "sample.poorVillages")
	}
	defer rows.Close()
	var out []region.Code
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, internal(err, "sample.poorVillages")
		}
		out = append(out, region.Code(v))
	}
	return out, internal(rows.Err(), "sample.poorVillages")
}

// SetPoorVillages replaces the county's list of 脱贫村 with the villages given (all of the
// county), from the file named, and audits it.
func (s *Sample) SetPoorVillages(ctx context.Context, county region.Code, villages []region.Code, file string) error {
	for _, v := range villages {
		if v.Level() != region.Village || v.County() != county {
			return errs.E(errs.Invalid, "「%s」不是本县的村", v)
		}
	}
	user, now := audit.ActorFrom(ctx).Username, stamp(s.db.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.db.Exec(ctx, tx, `DELETE FROM poor_villages WHERE county_code = ?`, string(county)); err != nil {
			return internal(err, "sample.setPoor")
		}
		seen := map[region.Code]bool{}
		for _, v := range villages {
			if seen[v] {
				continue
			}
			seen[v] = true
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO poor_villages (county_code, village_code, source, created_by, created_at)
				VALUES (?, ?, ?, ?, ?)`, string(county), string(v), file, user, now); err != nil {
				return internal(err, "sample.setPoor")
			}
		}
		return s.log.AppendTx(ctx, tx, audit.Entry{Action: audit.Import, ObjectType: "poor_villages", ObjectID: file, Region: county,
			Detail: fmt.Sprintf("导入脱贫村名单「%s」：%d 个村", file, len(seen))})
	})
}
