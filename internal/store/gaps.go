package store

import (
	"context"
	"database/sql"
	"sort"

	"github.com/gonggu/gonggu/internal/region"
)

// Gap is a rule that screening could not judge for some households of a place because no
// source has provided fields it needs.
type Gap struct {
	Village    region.Code // "" in a summary over a region
	Rule       string
	Households int
	Fields     string // the missing fields' labels, joined by 、
}

// Gaps keeps the rules screening could not judge, per village.
type Gaps struct{ db *DB }

// NewGaps returns the gap store over db.
func NewGaps(db *DB) *Gaps { return &Gaps{db: db} }

// Replace replaces the gaps of scope (a county, or a township or village in it) with gaps,
// in one transaction: what a full screening run of scope found.
func (g *Gaps) Replace(ctx context.Context, scope region.Code, gaps []Gap) error {
	county := scope.County()
	return g.db.Tx(ctx, func(tx *sql.Tx) error {
		q, args := `DELETE FROM rule_gaps WHERE county_code = ?`, []any{string(county)}
		if p := scope.Prefix(); len(p) > 6 {
			q, args = q+` AND village_code >= ? AND village_code < ?`, append(args, p, prefixEnd(p))
		}
		if _, err := g.db.Exec(ctx, tx, q, args...); err != nil {
			return internal(err, "gaps.replace")
		}
		for _, gp := range gaps {
			if _, err := g.db.Exec(ctx, tx, `INSERT INTO rule_gaps (county_code, village_code, rule_id, households, fields)
				VALUES (?, ?, ?, ?, ?)`, string(county), string(gp.Village), gp.Rule, gp.Households, gp.Fields); err != nil {
				return internal(err, "gaps.replace")
			}
		}
		return nil
	})
}

// Summary returns the gaps of a region, one per rule and set of missing fields, with the
// households summed over its villages, most households first.
func (g *Gaps) Summary(ctx context.Context, scope region.Code) ([]Gap, error) {
	f := scopeFilter(scope)
	where, args := f.where, f.args
	if f.village != "" {
		where, args = where+` AND village_code >= ? AND village_code < ?`, append(append([]any{}, args...), f.village, prefixEnd(f.village))
	}
	rows, err := g.db.SQL.QueryContext(ctx, g.db.Rebind(`SELECT rule_id, fields, SUM(households) FROM rule_gaps
		WHERE `+where+` GROUP BY rule_id, fields`), args...)
	if err != nil {
		return nil, internal(err, "gaps.summary")
	}
	defer rows.Close()
	var out []Gap
	for rows.Next() {
		var gp Gap
		if err := rows.Scan(&gp.Rule, &gp.Fields, &gp.Households); err != nil {
			return nil, internal(err, "gaps.summary")
		}
		out = append(out, gp)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(err, "gaps.summary")
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Households != out[j].Households {
			return out[i].Households > out[j].Households
		}
		return out[i].Rule < out[j].Rule
	})
	return out, nil
}
