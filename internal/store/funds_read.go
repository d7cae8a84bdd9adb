package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The objects of internal/funds as the rules, pages and exports read them.

// objectScope returns the conditions that limit an object table (alias t) to a region.
func objectScope(scope region.Code) (string, []any) {
	conds, args := scopeWhere(scope)
	if len(conds) == 0 {
		return "1=1", nil
	}
	for i, c := range conds {
		conds[i] = strings.NewReplacer("county_code", "t.county_code", "region_code", "t.region_code").Replace(c)
	}
	return strings.Join(conds, " AND "), args
}

// openFinding is the SQL condition that an object (t, key column col) has an open finding of
// the rules given as arguments.
func openFinding(kind, col string, rules []string) (string, []any) {
	args := []any{kind}
	for _, r := range rules {
		args = append(args, r)
	}
	return `EXISTS (SELECT 1 FROM findings f WHERE f.county_code = t.county_code AND f.subject_kind = ? AND f.subject_id = t.` + col +
		` AND f.status = 'open' AND f.rule_id IN (` + placeholders(len(rules)) + `))`, args
}

// ProjectFilter selects projects.
type ProjectFilter struct {
	Scope  region.Code
	Year   int      // 0: every year
	Type   string   // a project type, or ""
	Status string   // a derived state (funds.ProjectStatuses), or ""
	Rules  []string // only projects with an open finding of one of these rules
	Query  string   // part of the name or number
	Limit  int
	Offset int
}

var projectStatusSQL = map[string]string{
	funds.StatusStopped:  "t.stopped = 1",
	funds.StatusSettled:  "t.stopped = 0 AND t.settled_on IS NOT NULL",
	funds.StatusAccepted: "t.stopped = 0 AND t.settled_on IS NULL AND t.accepted_on IS NOT NULL",
	funds.StatusFinished: "t.stopped = 0 AND t.settled_on IS NULL AND t.accepted_on IS NULL AND t.finished_on IS NOT NULL",
	funds.StatusBuilding: "t.stopped = 0 AND t.settled_on IS NULL AND t.accepted_on IS NULL AND t.finished_on IS NULL AND t.started_on IS NOT NULL",
	funds.StatusApproved: "t.stopped = 0 AND t.settled_on IS NULL AND t.accepted_on IS NULL AND t.finished_on IS NULL AND t.started_on IS NULL AND t.approved_on IS NOT NULL",
	funds.StatusListed:   "t.stopped = 0 AND t.settled_on IS NULL AND t.accepted_on IS NULL AND t.finished_on IS NULL AND t.started_on IS NULL AND t.approved_on IS NULL",
}

func (pf ProjectFilter) where() (string, []any, error) {
	w, args := objectScope(pf.Scope)
	conds := []string{w}
	if pf.Year != 0 {
		conds, args = append(conds, "t.year = ?"), append(args, pf.Year)
	}
	if pf.Type != "" {
		conds, args = append(conds, "t.type = ?"), append(args, pf.Type)
	}
	if pf.Status != "" {
		c, ok := projectStatusSQL[pf.Status]
		if !ok {
			return "", nil, errs.E(errs.Invalid, "未知的项目状态「%s」", pf.Status)
		}
		conds = append(conds, c)
	}
	if len(pf.Rules) > 0 {
		c, a := openFinding(funds.KindProject, "project_no", pf.Rules)
		conds, args = append(conds, c), append(args, a...)
	}
	if q := strings.TrimSpace(pf.Query); q != "" {
		conds = append(conds, "(t.name LIKE ? OR t.project_no LIKE ?)")
		args = append(args, "%"+fundsLike(q)+"%", "%"+fundsLike(q)+"%")
	}
	return strings.Join(conds, " AND "), args, nil
}

// fundsLike is the text of a LIKE pattern with its wildcards dropped.
func fundsLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

func cols(alias string, cs []string) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = alias + "." + c
	}
	return strings.Join(out, ", ")
}

const linkedSQL = `(SELECT COUNT(*) FROM fund_beneficiaries b WHERE b.county_code = t.county_code AND b.project_no = t.project_no)`

// Projects returns a page of the projects the filter selects, newest year first, and how many
// it selects in all.
func (f *Funds) Projects(ctx context.Context, pf ProjectFilter) ([]*funds.Project, int, error) {
	where, args, err := pf.where()
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := f.db.SQL.QueryRowContext(ctx, f.db.Rebind(`SELECT COUNT(*) FROM fund_projects t WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, internal(err, "funds.projects")
	}
	q := `SELECT ` + cols("t", fundProjectCols) + `, ` + linkedSQL + ` FROM fund_projects t WHERE ` + where +
		` ORDER BY t.year DESC, t.county_code, t.project_no`
	if pf.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, pf.Limit, pf.Offset)
	}
	var out []*funds.Project
	err = f.query(ctx, "funds.projects", q, args, func(rows *sql.Rows) error {
		p := &funds.Project{}
		if err := scanProject(rows, p, &p.Linked); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	return out, total, err
}

// EachProject calls fn for each project of the county in scope, with its linked households
// counted.
func (f *Funds) EachProject(ctx context.Context, county, scope region.Code, fn func(*funds.Project) error) error {
	where, args := objectScope(scope)
	return f.query(ctx, "funds.projects", `SELECT `+cols("t", fundProjectCols)+`, `+linkedSQL+` FROM fund_projects t
		WHERE t.county_code = ? AND `+where+` ORDER BY t.project_no`, append([]any{string(county)}, args...), func(rows *sql.Rows) error {
		p := &funds.Project{}
		if err := scanProject(rows, p, &p.Linked); err != nil {
			return err
		}
		return fn(p)
	})
}

// Project returns a project of a county.
func (f *Funds) Project(ctx context.Context, county region.Code, no string) (*funds.Project, error) {
	var got *funds.Project
	err := f.query(ctx, "funds.project", `SELECT `+cols("t", fundProjectCols)+`, `+linkedSQL+` FROM fund_projects t
		WHERE t.county_code = ? AND t.project_no = ?`, []any{string(county), no}, func(rows *sql.Rows) error {
		got = &funds.Project{}
		return scanProject(rows, got, &got.Linked)
	})
	if err == nil && got == nil {
		err = errs.E(errs.NotFound, "项目「%s」不存在", no)
	}
	return got, err
}

// BeneficiaryRow is a project's beneficiary with the household's village and head.
type BeneficiaryRow struct {
	funds.Beneficiary
	Village region.Code
	Head    string
	Kind    string // 户类型
	Monitor string // 监测对象类别
}

// Beneficiaries returns the households a project benefits.
func (f *Funds) Beneficiaries(ctx context.Context, county region.Code, projectNo string) ([]BeneficiaryRow, error) {
	var out []BeneficiaryRow
	err := f.query(ctx, "funds.beneficiaries", `SELECT b.project_no, b.household_no, b.mechanism, b.amount, b.note,
		COALESCE(h.village_code, ''), COALESCE(h.kind, ''), COALESCE(h.category, ''),
		COALESCE((SELECT MIN(p.name) FROM persons p WHERE p.county_code = b.county_code AND p.household_no = b.household_no AND p.relation = '户主'), '')
		FROM fund_beneficiaries b LEFT JOIN households h ON h.county_code = b.county_code AND h.household_no = b.household_no
		WHERE b.county_code = ? AND b.project_no = ? ORDER BY b.household_no`, []any{string(county), projectNo}, func(rows *sql.Rows) error {
		var r BeneficiaryRow
		var v string
		if err := rows.Scan(&r.ProjectNo, &r.HouseholdNo, &r.Mechanism, &r.Amount, &r.Note, &v, &r.Kind, &r.Monitor, &r.Head); err != nil {
			return err
		}
		r.Village = region.Code(v)
		out = append(out, r)
		return nil
	})
	return out, err
}

// HouseholdProjects returns the projects that benefit a household, with how.
func (f *Funds) HouseholdProjects(ctx context.Context, county region.Code, householdNo string) ([]BeneficiaryRow, error) {
	var out []BeneficiaryRow
	err := f.query(ctx, "funds.household_projects", `SELECT b.project_no, b.household_no, b.mechanism, b.amount, COALESCE(t.name, '')
		FROM fund_beneficiaries b LEFT JOIN fund_projects t ON t.county_code = b.county_code AND t.project_no = b.project_no
		WHERE b.county_code = ? AND b.household_no = ? ORDER BY b.project_no`, []any{string(county), householdNo}, func(rows *sql.Rows) error {
		var r BeneficiaryRow
		if err := rows.Scan(&r.ProjectNo, &r.HouseholdNo, &r.Mechanism, &r.Amount, &r.Note); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// AssetFilter selects assets.
type AssetFilter struct {
	Scope  region.Code
	Class  string
	Status string
	Rules  []string // only assets with an open finding of one of these rules
	Query  string
	Limit  int
	Offset int
}

// AssetRow is an asset as its ledger lists it, with its income and distributions summed.
type AssetRow struct {
	*funds.Asset
	LastIncome  registry.Date
	Income      registry.Money
	Distributed registry.Money
	Open        int // open findings
}

// Assets returns a page of the assets the filter selects, and how many it selects in all.
func (f *Funds) Assets(ctx context.Context, af AssetFilter) ([]AssetRow, int, error) {
	where, args := objectScope(af.Scope)
	conds := []string{where}
	if af.Class != "" {
		conds, args = append(conds, "t.class = ?"), append(args, af.Class)
	}
	if af.Status != "" {
		conds, args = append(conds, "t.status = ?"), append(args, af.Status)
	}
	if len(af.Rules) > 0 {
		c, a := openFinding(funds.KindAsset, "asset_no", af.Rules)
		conds, args = append(conds, c), append(args, a...)
	}
	if q := strings.TrimSpace(af.Query); q != "" {
		conds = append(conds, "(t.name LIKE ? OR t.asset_no LIKE ?)")
		args = append(args, "%"+fundsLike(q)+"%", "%"+fundsLike(q)+"%")
	}
	where = strings.Join(conds, " AND ")
	var total int
	if err := f.db.SQL.QueryRowContext(ctx, f.db.Rebind(`SELECT COUNT(*) FROM fund_assets t WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, internal(err, "funds.assets")
	}
	q := `SELECT ` + cols("t", fundAssetCols) + `,
		(SELECT MAX(i.received_on) FROM fund_incomes i WHERE i.county_code = t.county_code AND i.object_no = t.asset_no AND i.amount > 0),
		(SELECT CAST(COALESCE(SUM(i.amount), 0) AS BIGINT) FROM fund_incomes i WHERE i.county_code = t.county_code AND i.object_no = t.asset_no),
		(SELECT CAST(COALESCE(SUM(d.amount), 0) AS BIGINT) FROM fund_distributions d WHERE d.county_code = t.county_code AND d.object_no = t.asset_no),
		(SELECT COUNT(*) FROM findings f WHERE f.county_code = t.county_code AND f.subject_kind = 'asset' AND f.subject_id = t.asset_no AND f.status = 'open')
		FROM fund_assets t WHERE ` + where + ` ORDER BY t.county_code, t.region_code, t.asset_no`
	if af.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, af.Limit, af.Offset)
	}
	var out []AssetRow
	err := f.query(ctx, "funds.assets", q, args, func(rows *sql.Rows) error {
		r := AssetRow{Asset: &funds.Asset{}}
		var county, place, by, at string
		a := r.Asset
		if err := rows.Scan(&county, &a.No, &place, &a.Name, &a.ProjectNo, &a.Class, &a.Type, &a.Owner, &a.Custodian, &a.Keeper,
			&a.Registered, &a.RegDate, &a.Value, &a.Formed, &a.Status, &a.Note, &by, &at, &a.Version,
			&r.LastIncome, &r.Income, &r.Distributed, &r.Open); err != nil {
			return err
		}
		a.County, a.Place = region.Code(county), region.Code(place)
		out = append(out, r)
		return nil
	})
	return out, total, err
}

// receipts loads the income and distributions of a county's objects by object number.
func (f *Funds) receipts(ctx context.Context, county region.Code, only string) (map[string][]funds.Income, map[string][]funds.Distribution, error) {
	incs, dists := map[string][]funds.Income{}, map[string][]funds.Distribution{}
	cond, args := "county_code = ?", []any{string(county)}
	if only != "" {
		cond, args = cond+" AND object_no = ?", append(args, only)
	}
	err := f.query(ctx, "funds.incomes", `SELECT object_no, period, received_on, amount, note FROM fund_incomes WHERE `+cond+
		` ORDER BY object_no, seq`, args, func(rows *sql.Rows) error {
		var in funds.Income
		if err := rows.Scan(&in.ObjectNo, &in.Period, &in.Received, &in.Amount, &in.Note); err != nil {
			return err
		}
		incs[in.ObjectNo] = append(incs[in.ObjectNo], in)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	err = f.query(ctx, "funds.distributions", `SELECT object_no, on_date, use_kind, household_no, payee, amount, note FROM fund_distributions
		WHERE `+cond+` ORDER BY object_no, seq`, args, func(rows *sql.Rows) error {
		var d funds.Distribution
		if err := rows.Scan(&d.ObjectNo, &d.Date, &d.Use, &d.HouseholdNo, &d.Payee, &d.Amount, &d.Note); err != nil {
			return err
		}
		dists[d.ObjectNo] = append(dists[d.ObjectNo], d)
		return nil
	})
	return incs, dists, err
}

// EachAsset calls fn for each asset of the county in scope, with its income and distributions.
func (f *Funds) EachAsset(ctx context.Context, county, scope region.Code, fn func(*funds.Asset) error) error {
	incs, dists, err := f.receipts(ctx, county, "")
	if err != nil {
		return err
	}
	where, args := objectScope(scope)
	var list []*funds.Asset
	err = f.query(ctx, "funds.assets", `SELECT `+cols("t", fundAssetCols)+` FROM fund_assets t WHERE t.county_code = ? AND `+where+
		` ORDER BY t.asset_no`, append([]any{string(county)}, args...), func(rows *sql.Rows) error {
		a := &funds.Asset{}
		if err := scanAsset(rows, a); err != nil {
			return err
		}
		a.Incomes, a.Distributions = incs[a.No], dists[a.No]
		list = append(list, a)
		return nil
	})
	if err != nil {
		return err
	}
	for _, a := range list {
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

// Asset returns an asset of a county with its income and distributions.
func (f *Funds) Asset(ctx context.Context, county region.Code, no string) (*funds.Asset, error) {
	var got *funds.Asset
	err := f.query(ctx, "funds.asset", `SELECT `+cols("t", fundAssetCols)+` FROM fund_assets t WHERE t.county_code = ? AND t.asset_no = ?`,
		[]any{string(county), no}, func(rows *sql.Rows) error {
			got = &funds.Asset{}
			return scanAsset(rows, got)
		})
	if err != nil {
		return nil, err
	}
	if got == nil {
		return nil, errs.E(errs.NotFound, "资产「%s」不存在", no)
	}
	incs, dists, err := f.receipts(ctx, county, no)
	got.Incomes, got.Distributions = incs[no], dists[no]
	return got, err
}

// EachStation calls fn for each PV station of the county in scope, with its months,
// maintenance and distributions.
func (f *Funds) EachStation(ctx context.Context, county, scope region.Code, fn func(*funds.Station) error) error {
	return f.stations(ctx, county, scope, "", fn)
}

// Station returns a station of a county with its months, maintenance and distributions.
func (f *Funds) Station(ctx context.Context, county region.Code, no string) (*funds.Station, error) {
	var got *funds.Station
	err := f.stations(ctx, county, county, no, func(s *funds.Station) error { got = s; return nil })
	if err == nil && got == nil {
		err = errs.E(errs.NotFound, "光伏电站「%s」不存在", no)
	}
	return got, err
}

func (f *Funds) stations(ctx context.Context, county, scope region.Code, only string, fn func(*funds.Station) error) error {
	_, dists, err := f.receipts(ctx, county, only)
	if err != nil {
		return err
	}
	cond, cargs := "county_code = ?", []any{string(county)}
	if only != "" {
		cond, cargs = cond+" AND station_no = ?", append(cargs, only)
	}
	months := map[string][]funds.PVMonth{}
	err = f.query(ctx, "funds.pv_months", `SELECT station_no, month, kwh, income, received_on FROM fund_pv_months WHERE `+cond+
		` ORDER BY station_no, month`, cargs, func(rows *sql.Rows) error {
		var m funds.PVMonth
		if err := rows.Scan(&m.StationNo, &m.Month, &m.KWh, &m.Income, &m.Received); err != nil {
			return err
		}
		months[m.StationNo] = append(months[m.StationNo], m)
		return nil
	})
	if err != nil {
		return err
	}
	ops := map[string][]funds.Maintenance{}
	err = f.query(ctx, "funds.pv_ops", `SELECT station_no, on_date, kind, content, by_whom FROM fund_pv_ops WHERE `+cond+
		` ORDER BY station_no, seq`, cargs, func(rows *sql.Rows) error {
		var o funds.Maintenance
		if err := rows.Scan(&o.StationNo, &o.Date, &o.Kind, &o.Content, &o.By); err != nil {
			return err
		}
		ops[o.StationNo] = append(ops[o.StationNo], o)
		return nil
	})
	if err != nil {
		return err
	}
	where, args := objectScope(scope)
	q := `SELECT ` + cols("t", fundStationCols) + ` FROM fund_stations t WHERE t.county_code = ? AND ` + where
	args = append([]any{string(county)}, args...)
	if only != "" {
		q, args = q+` AND t.station_no = ?`, append(args, only)
	}
	var list []*funds.Station
	err = f.query(ctx, "funds.stations", q+` ORDER BY t.station_no`, args, func(rows *sql.Rows) error {
		s := &funds.Station{}
		if err := scanStation(rows, s); err != nil {
			return err
		}
		s.Months, s.Ops, s.Distributions = months[s.No], ops[s.No], dists[s.No]
		list = append(list, s)
		return nil
	})
	if err != nil {
		return err
	}
	for _, s := range list {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

// Counties returns the counties of scope that hold any project, flow, asset or station.
func (f *Funds) Counties(ctx context.Context, scope region.Code) ([]region.Code, error) {
	var args []any
	cond := "1=1"
	if p := scope.Prefix(); p != "" {
		if len(p) > 6 {
			p = p[:6]
		}
		cond = "county_code >= ? AND county_code < ?"
		args = []any{p, prefixEnd(p)}
	}
	var all []any
	var parts []string
	for _, t := range []string{"fund_projects", "fund_flows", "fund_assets", "fund_stations"} {
		parts = append(parts, `SELECT county_code FROM `+t+` WHERE `+cond)
		all = append(all, args...)
	}
	var out []region.Code
	err := f.query(ctx, "funds.counties", `SELECT DISTINCT county_code FROM (`+strings.Join(parts, " UNION ")+`) x ORDER BY county_code`,
		all, func(rows *sql.Rows) error {
			var c string
			if err := rows.Scan(&c); err != nil {
				return err
			}
			out = append(out, region.Code(c))
			return nil
		})
	return out, err
}

// Years returns the 资金年度 of a county's fund flows and project years, newest first.
func (f *Funds) Years(ctx context.Context, county region.Code) ([]int, error) {
	var out []int
	err := f.query(ctx, "funds.years", `SELECT DISTINCT y FROM (SELECT year AS y FROM fund_flows WHERE county_code = ?
		UNION SELECT year AS y FROM fund_projects WHERE county_code = ?) x ORDER BY y DESC`, []any{string(county), string(county)},
		func(rows *sql.Rows) error {
			var y int
			if err := rows.Scan(&y); err != nil {
				return err
			}
			out = append(out, y)
			return nil
		})
	return out, err
}

// CountyYear returns a county's funds of a year: its flows, the approved 衔接资金 of its
// projects of that year and the year before (industry and all, stopped projects left out),
// and the province's averages. Name is left for the caller.
func (f *Funds) CountyYear(ctx context.Context, county region.Code, year int) (*funds.CountyYear, error) {
	c := &funds.CountyYear{County: county, Year: year}
	err := f.query(ctx, "funds.flows", `SELECT year, on_date, kind, source, project_no, amount, doc_no, note FROM fund_flows
		WHERE county_code = ? AND year = ? ORDER BY on_date, seq`, []any{string(county), year}, func(rows *sql.Rows) error {
		var fl funds.Flow
		if err := rows.Scan(&fl.Year, &fl.Date, &fl.Kind, &fl.Source, &fl.ProjectNo, &fl.Amount, &fl.DocNo, &fl.Note); err != nil {
			return err
		}
		c.Flows = append(c.Flows, fl)
		return nil
	})
	if err != nil {
		return nil, err
	}
	const transition = `t.appr_central + t.appr_province + t.appr_city + t.appr_county`
	err = f.query(ctx, "funds.shares", `SELECT t.year, CAST(COALESCE(SUM(CASE WHEN t.type = ? THEN `+transition+` ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(SUM(`+transition+`), 0) AS BIGINT) FROM fund_projects t WHERE t.county_code = ? AND t.stopped = 0 AND t.year IN (?, ?)
		GROUP BY t.year`, []any{funds.TypeIndustry, string(county), year, year - 1}, func(rows *sql.Rows) error {
		var y int
		var ind, all registry.Money
		if err := rows.Scan(&y, &ind, &all); err != nil {
			return err
		}
		if y == year {
			c.Industry, c.Total = ind, all
		} else {
			c.LastIndustry, c.LastTotal = ind, all
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.Averages, err = f.ProvinceAverages(ctx, county.Up(region.Province), year)
	return c, err
}

// ProvinceAverages returns the province's averages of a year, by month.
func (f *Funds) ProvinceAverages(ctx context.Context, province region.Code, year int) ([]funds.ProvinceAverage, error) {
	var out []funds.ProvinceAverage
	err := f.query(ctx, "funds.averages", `SELECT month, rate FROM fund_province_averages WHERE province_code = ? AND year = ? ORDER BY month`,
		[]any{string(province), year}, func(rows *sql.Rows) error {
			a := funds.ProvinceAverage{Province: province, Year: year}
			if err := rows.Scan(&a.Month, &a.Rate); err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	return out, err
}

// SetProvinceAverage stores the province's average expenditure rate at the end of a month.
func (f *Funds) SetProvinceAverage(ctx context.Context, a funds.ProvinceAverage) error {
	if a.Province.Level() != region.Province {
		return errs.E(errs.Invalid, "全省平均值应按省录入")
	}
	if a.Month < 1 || a.Month > 12 || a.Year < 2016 || a.Year > 2100 {
		return errs.E(errs.Invalid, "请选择 2016 年以后的年度和 1–12 月")
	}
	if a.Rate < 0 || a.Rate > 100 || a.Rate != a.Rate {
		return errs.E(errs.Invalid, "全省平均支出进度应为 0 到 100 之间的百分比")
	}
	now := stamp(f.db.Now())
	by := audit.ActorFrom(ctx).Username
	return f.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := f.db.Exec(ctx, tx, `DELETE FROM fund_province_averages WHERE province_code = ? AND year = ? AND month = ?`,
			string(a.Province), a.Year, a.Month); err != nil {
			return internal(err, "funds.average")
		}
		if _, err := f.db.Exec(ctx, tx, `INSERT INTO fund_province_averages (province_code, year, month, rate, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, string(a.Province), a.Year, a.Month, a.Rate, by, now); err != nil {
			return internal(err, "funds.average")
		}
		return f.log.AppendTx(ctx, tx, audit.Entry{Action: audit.FundsUpdate, ObjectType: "funds.average", ObjectID: fmt.Sprintf("%d-%02d", a.Year, a.Month),
			Region: a.Province, Detail: fmt.Sprintf("%d 年 %d 月末全省衔接资金平均支出进度设为 %s%%", a.Year, a.Month, trimFloat(a.Rate))})
	})
}

func trimFloat(x float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}

// Batch returns every record of a ledger of a county, for its export.
func (f *Funds) Batch(ctx context.Context, county region.Code, ledger string) (*funds.Batch, error) {
	b := &funds.Batch{}
	var err error
	switch ledger {
	case "projects":
		err = f.EachProject(ctx, county, county, func(p *funds.Project) error { b.Projects = append(b.Projects, p); return nil })
	case "beneficiaries":
		err = f.query(ctx, "funds.beneficiaries", `SELECT project_no, household_no, mechanism, amount, note FROM fund_beneficiaries
			WHERE county_code = ? ORDER BY project_no, household_no`, []any{string(county)}, func(rows *sql.Rows) error {
			var x funds.Beneficiary
			if err := rows.Scan(&x.ProjectNo, &x.HouseholdNo, &x.Mechanism, &x.Amount, &x.Note); err != nil {
				return err
			}
			b.Beneficiaries = append(b.Beneficiaries, x)
			return nil
		})
	case "flows":
		err = f.query(ctx, "funds.flows", `SELECT year, on_date, kind, source, project_no, amount, doc_no, note FROM fund_flows
			WHERE county_code = ? ORDER BY year, seq`, []any{string(county)}, func(rows *sql.Rows) error {
			var fl funds.Flow
			if err := rows.Scan(&fl.Year, &fl.Date, &fl.Kind, &fl.Source, &fl.ProjectNo, &fl.Amount, &fl.DocNo, &fl.Note); err != nil {
				return err
			}
			b.Flows = append(b.Flows, fl)
			return nil
		})
	case "assets":
		err = f.EachAsset(ctx, county, county, func(a *funds.Asset) error {
			a.Incomes, a.Distributions = nil, nil
			b.Assets = append(b.Assets, a)
			return nil
		})
	case "incomes":
		var incs map[string][]funds.Income
		var dists map[string][]funds.Distribution
		if incs, dists, err = f.receipts(ctx, county, ""); err == nil {
			for _, no := range sortedKeys(incs) {
				b.Incomes = append(b.Incomes, incs[no]...)
			}
			for _, no := range sortedKeys(dists) {
				b.Distributions = append(b.Distributions, dists[no]...)
			}
		}
	case "stations", "pvops", "pvmonths":
		err = f.EachStation(ctx, county, county, func(s *funds.Station) error {
			b.Ops, b.Months = append(b.Ops, s.Ops...), append(b.Months, s.Months...)
			s.Months, s.Ops, s.Distributions = nil, nil, nil
			b.Stations = append(b.Stations, s)
			return nil
		})
	default:
		return nil, errs.E(errs.NotFound, "没有名为「%s」的台账", ledger)
	}
	return b, err
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// ObjectFindings returns every finding of an object (open, waived or closed), open first.
func (f *Funds) ObjectFindings(ctx context.Context, county region.Code, kind, id string) ([]Finding, error) {
	var out []Finding
	err := f.query(ctx, "funds.findings", findingSelect+` WHERE county_code = ? AND subject_kind = ? AND subject_id = ?
		ORDER BY CASE status WHEN 'open' THEN 0 WHEN 'waived' THEN 1 ELSE 2 END, rule_id, opened_at`, []any{string(county), kind, id},
		func(rows *sql.Rows) error {
			var x Finding
			if err := scanFinding(rows, &x); err != nil {
				return err
			}
			out = append(out, x)
			return nil
		})
	return out, err
}

// query runs a query and calls fn for each row.
func (f *Funds) query(ctx context.Context, op, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := f.db.SQL.QueryContext(ctx, f.db.Rebind(q), args...)
	if err != nil {
		return internal(err, op)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return internal(err, op)
		}
	}
	return internal(rows.Err(), op)
}

// OpenByRule counts the open findings of the funds objects of scope by rule.
func (f *Funds) OpenByRule(ctx context.Context, scope region.Code) (map[string]int, error) {
	conds, args := scopeWhere(scope)
	q := `SELECT rule_id, COUNT(*) FROM findings WHERE status = 'open' AND subject_kind IN (?, ?, ?, ?)`
	args = append([]any{funds.KindFunds, funds.KindProject, funds.KindAsset, funds.KindPV}, args...)
	for _, c := range conds {
		q += " AND " + c
	}
	out := map[string]int{}
	err := f.query(ctx, "funds.open", q+` GROUP BY rule_id`, args, func(rows *sql.Rows) error {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		out[id] = n
		return nil
	})
	return out, err
}

// OpenByObject counts the open findings of the objects of a kind in scope, by "county number".
func (f *Funds) OpenByObject(ctx context.Context, scope region.Code, kind string) (map[string]int, error) {
	conds, args := scopeWhere(scope)
	q := `SELECT county_code, subject_id, COUNT(*) FROM findings WHERE status = 'open' AND subject_kind = ?`
	args = append([]any{kind}, args...)
	for _, c := range conds {
		q += " AND " + c
	}
	out := map[string]int{}
	err := f.query(ctx, "funds.open_objects", q+` GROUP BY county_code, subject_id`, args, func(rows *sql.Rows) error {
		var county, id string
		var n int
		if err := rows.Scan(&county, &id, &n); err != nil {
			return err
		}
		out[county+" "+id] = n
		return nil
	})
	return out, err
}
