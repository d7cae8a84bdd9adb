package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
)

// Params stores the overrides of the policy parameters per region prefix and year.
type Params struct{ db *DB }

// NewParams returns the parameter store of db.
func NewParams(db *DB) *Params { return &Params{db: db} }

// List returns every stored override, ordered by prefix, year and name.
func (p *Params) List(ctx context.Context) ([]policy.Override, error) {
	return p.query(ctx, `SELECT region_prefix, year, name, value, updated_by, updated_at FROM params
		ORDER BY region_prefix, year, name`)
}

// ForCounty returns the overrides that can apply to the county in the year: those of the
// country and of the county's province, city and county, for the year or for every year.
func (p *Params) ForCounty(ctx context.Context, county region.Code, year int) ([]policy.Override, error) {
	c := string(county)
	if len(c) < 6 {
		return p.query(ctx, `SELECT region_prefix, year, name, value, updated_by, updated_at FROM params
			WHERE region_prefix = '' AND year IN (0, ?)`, year)
	}
	return p.query(ctx, `SELECT region_prefix, year, name, value, updated_by, updated_at FROM params
		WHERE region_prefix IN ('', ?, ?, ?) AND year IN (0, ?)`, c[:2], c[:4], c[:6], year)
}

// Resolve returns the parameters in force in the county for the year.
func (p *Params) Resolve(ctx context.Context, county region.Code, year int) (*policy.Set, error) {
	os, err := p.ForCounty(ctx, county, year)
	if err != nil {
		return nil, err
	}
	set, err := policy.Resolve(county, year, os)
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "%s 的政策参数有误，请用 gonggu params 修正", county)
	}
	return set, nil
}

func (p *Params) query(ctx context.Context, q string, args ...any) ([]policy.Override, error) {
	rows, err := p.db.SQL.QueryContext(ctx, p.db.Rebind(q), args...)
	if err != nil {
		return nil, internal(err, "params.list")
	}
	defer rows.Close()
	var out []policy.Override
	for rows.Next() {
		var o policy.Override
		var name string
		var at sql.NullString
		if err := rows.Scan(&o.Prefix, &o.Year, &name, &o.Value, &o.UpdatedBy, &at); err != nil {
			return nil, internal(err, "params.list")
		}
		o.Name, o.UpdatedAt = policy.Name(name), parseTS(at)
		out = append(out, o)
	}
	return out, internal(rows.Err(), "params.list")
}

// Set stores an override, replacing the one of the same prefix, year and name.
func (p *Params) Set(ctx context.Context, o policy.Override) error {
	o.Value = strings.TrimSpace(o.Value)
	if err := policy.ValidatePrefix(o.Prefix); err != nil {
		return err
	}
	if o.Year != 0 && (o.Year < 2000 || o.Year > 2200) {
		return errs.E(errs.Invalid, "年度「%d」无效（0 表示各年度）", o.Year)
	}
	if err := policy.Validate(o.Name, o.Value); err != nil {
		return err
	}
	if o.UpdatedAt.IsZero() {
		o.UpdatedAt = p.db.Now()
	}
	_, err := p.db.SQL.ExecContext(ctx, p.db.Rebind(`INSERT INTO params (region_prefix, year, name, value, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (region_prefix, year, name) DO UPDATE SET value = excluded.value,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
		o.Prefix, o.Year, string(o.Name), o.Value, o.UpdatedBy, tsArg(o.UpdatedAt))
	return internal(err, "params.set")
}

// Unset removes an override, so that the next less specific value applies again.
func (p *Params) Unset(ctx context.Context, prefix string, year int, name policy.Name) error {
	res, err := p.db.SQL.ExecContext(ctx, p.db.Rebind(`DELETE FROM params WHERE region_prefix = ? AND year = ? AND name = ?`),
		prefix, year, string(name))
	if err != nil {
		return internal(err, "params.unset")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "没有为该区域和年度设置参数 %s", name)
	}
	return nil
}
