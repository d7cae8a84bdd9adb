package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Funds keeps the projects, fund flows, assets and PV stations of internal/funds: the county
// ledgers written in one transaction each, the objects the rules of indicators 5 and 8 judge,
// and the figures the scorecard and the fund performance card count.
type Funds struct {
	db  *DB
	log *AuditLog
}

// NewFunds returns the funds store of db.
func NewFunds(db *DB) *Funds { return &Funds{db: db, log: NewAuditLog(db)} }

// FundImport is an import of a county ledger, written or refused.
type FundImport struct {
	County   region.Code
	ID       string
	Ledger   string // funds.Ledger.Key
	File     string
	By       string
	At       string // timestamp
	Rows     int
	Problems int
	Summary  string
	Report   bool // a refused file's error report is kept
}

func boolArg(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// Apply writes an import's records in one transaction, or nothing: the projects, assets,
// stations, households its rows name must exist (in the store or in the file itself); when
// some do not, the import gets their problems and Apply returns its errs.Invalid error. The
// write is audited and logged; what each ledger replaces is said in internal/funds.
func (f *Funds) Apply(ctx context.Context, im *funds.Import) (*FundImport, error) {
	if err := im.Err(); err != nil {
		return nil, err
	}
	county := im.County
	if county.Level() != region.County {
		return nil, errs.E(errs.Invalid, "请选择县（区）后导入")
	}
	now := f.db.Now()
	log := &FundImport{County: county, ID: newImportID(county, now), Ledger: im.Ledger.Key, File: im.File,
		By: audit.ActorFrom(ctx).Username, At: stamp(now), Rows: im.Rows}
	err := f.db.Tx(ctx, func(tx *sql.Tx) error {
		missing, err := f.missing(ctx, tx, im)
		if err != nil {
			return err
		}
		if len(missing) > 0 {
			im.Refuse(missing)
			return im.Err()
		}
		n, err := f.write(ctx, tx, im, now)
		if err != nil {
			return err
		}
		log.Summary = fmt.Sprintf("%s：读取 %d 行，写入 %s", im.Ledger.Title, im.Rows, n)
		if err := f.logImport(ctx, tx, log, nil); err != nil {
			return err
		}
		return f.log.AppendTx(ctx, tx, audit.Entry{Action: audit.Import, ObjectType: "funds." + im.Ledger.Key, ObjectID: log.ID,
			Region: county, Detail: "导入" + im.Ledger.Title + "「" + im.File + "」：" + n})
	})
	if err != nil {
		return nil, err
	}
	return log, nil
}

// Refused logs a file that could not be stored, with its error report, and returns the log.
func (f *Funds) Refused(ctx context.Context, im *funds.Import, report []byte) (*FundImport, error) {
	now := f.db.Now()
	log := &FundImport{County: im.County, ID: newImportID(im.County, now), Ledger: im.Ledger.Key, File: im.File,
		By: audit.ActorFrom(ctx).Username, At: stamp(now), Rows: im.Rows, Problems: len(im.Problems), Report: len(report) > 0,
		Summary: fmt.Sprintf("%s：有 %d 处错误，未写入任何数据", im.Ledger.Title, len(im.Problems))}
	err := f.db.Tx(ctx, func(tx *sql.Tx) error { return f.logImport(ctx, tx, log, report) })
	return log, err
}

// newImportID returns an import's id: the county's 6 digits and a time-ordered unique id.
func newImportID(county region.Code, now time.Time) string {
	return county.Prefix() + "-" + audit.NewID(now)
}

func (f *Funds) logImport(ctx context.Context, tx *sql.Tx, l *FundImport, report []byte) error {
	var rep any
	if len(report) > 0 {
		rep = report
	}
	_, err := f.db.Exec(ctx, tx, `INSERT INTO fund_imports (county_code, import_id, ledger, file_name, username, at, rows_read,
		problems, summary, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(l.County), l.ID, l.Ledger, clip(l.File, 200),
		l.By, l.At, l.Rows, l.Problems, l.Summary, rep)
	return internal(err, "funds.import_log")
}

// Imports returns the latest imports of the counties of scope, newest first.
func (f *Funds) Imports(ctx context.Context, scope region.Code, n int) ([]FundImport, error) {
	q := `SELECT county_code, import_id, ledger, file_name, username, at, rows_read, problems, summary,
		CASE WHEN report IS NULL THEN 0 ELSE 1 END FROM fund_imports`
	var args []any
	if p := scope.Prefix(); p != "" {
		if len(p) > 6 {
			p = p[:6]
		}
		q += ` WHERE county_code >= ? AND county_code < ?`
		args = append(args, p, prefixEnd(p))
	}
	q += ` ORDER BY at DESC LIMIT ?`
	args = append(args, n)
	rows, err := f.db.SQL.QueryContext(ctx, f.db.Rebind(q), args...)
	if err != nil {
		return nil, internal(err, "funds.imports")
	}
	defer rows.Close()
	var out []FundImport
	for rows.Next() {
		var l FundImport
		var c string
		var rep int
		if err := rows.Scan(&c, &l.ID, &l.Ledger, &l.File, &l.By, &l.At, &l.Rows, &l.Problems, &l.Summary, &rep); err != nil {
			return nil, internal(err, "funds.imports")
		}
		l.County, l.Report = region.Code(c), rep == 1
		out = append(out, l)
	}
	return out, internal(rows.Err(), "funds.imports")
}

// Report returns a refused import's file name and error report.
func (f *Funds) Report(ctx context.Context, county region.Code, id string) (string, []byte, error) {
	var name string
	var data []byte
	err := f.db.SQL.QueryRowContext(ctx, f.db.Rebind(`SELECT file_name, report FROM fund_imports WHERE county_code = ? AND import_id = ?`),
		string(county), id).Scan(&name, &data)
	if err == sql.ErrNoRows || (err == nil && len(data) == 0) {
		return "", nil, errs.E(errs.NotFound, "没有这次导入的错误报告")
	}
	return name, data, internal(err, "funds.report")
}

// missing returns the refs of the import that name nothing stored or in the file.
func (f *Funds) missing(ctx context.Context, tx *sql.Tx, im *funds.Import) ([]funds.Ref, error) {
	inFile := map[string]map[string]bool{funds.KindProject: {}, funds.KindAsset: {}, funds.KindPV: {}}
	for _, p := range im.Projects {
		inFile[funds.KindProject][p.No] = true
	}
	for _, a := range im.Assets {
		inFile[funds.KindAsset][a.No] = true
	}
	for _, s := range im.Stations {
		inFile[funds.KindPV][s.No] = true
		inFile[funds.KindAsset][s.No] = true
	}
	want := map[string][]string{}
	for _, r := range im.Refs {
		if !inFile[r.Kind][r.No] && !slices.Contains(want[r.Kind], r.No) {
			want[r.Kind] = append(want[r.Kind], r.No)
		}
	}
	found := map[string]map[string]bool{}
	lookups := map[string][]string{ // the tables and key columns a kind of ref may name
		funds.KindProject:  {"fund_projects project_no"},
		funds.KindAsset:    {"fund_assets asset_no", "fund_stations station_no"},
		funds.RefIncome:    {"fund_assets asset_no"},
		funds.KindPV:       {"fund_stations station_no"},
		funds.RefHousehold: {"households household_no"},
	}
	for kind, nos := range want {
		found[kind] = map[string]bool{}
		for _, tc := range lookups[kind] {
			table, col, _ := strings.Cut(tc, " ")
			for start := 0; start < len(nos); start += 500 {
				chunk := nos[start:min(start+500, len(nos))]
				args := []any{string(im.County)}
				for _, n := range chunk {
					args = append(args, n)
				}
				rows, err := tx.QueryContext(ctx, f.db.Rebind(`SELECT `+col+` FROM `+table+` WHERE county_code = ? AND `+col+
					` IN (`+placeholders(len(chunk))+`)`), args...)
				if err != nil {
					return nil, internal(err, "funds.refs")
				}
				for rows.Next() {
					var no string
					if err := rows.Scan(&no); err != nil {
						rows.Close()
						return nil, internal(err, "funds.refs")
					}
					found[kind][no] = true
				}
				rows.Close()
				if err := rows.Err(); err != nil {
					return nil, internal(err, "funds.refs")
				}
			}
		}
	}
	var out []funds.Ref
	reported := map[string]bool{}
	for _, r := range im.Refs {
		if inFile[r.Kind][r.No] || found[r.Kind][r.No] || reported[r.Kind+" "+r.No] {
			continue
		}
		reported[r.Kind+" "+r.No] = true
		out = append(out, r)
	}
	return out, nil
}

// The columns of the tables, in the order the rows below give them.
var (
	fundProjectCols = []string{"county_code", "project_no", "region_code", "name", "type", "subtype", "scope", "year", "unit",
		"content", "mechanism", "households", "plan_central", "plan_province", "plan_city", "plan_county", "plan_other",
		"appr_central", "appr_province", "appr_city", "appr_county", "appr_other", "listed_on", "approved_on", "plan_start",
		"plan_finish", "started_on", "finished_on", "accepted_on", "settled_on", "paid_on", "stopped", "note", "updated_by", "updated_at", "version"}
	fundAssetCols = []string{"county_code", "asset_no", "region_code", "name", "project_no", "class", "type", "owner", "custodian",
		"keeper", "registered", "reg_date", "value", "formed_on", "status", "note", "updated_by", "updated_at", "version"}
	fundStationCols = []string{"county_code", "station_no", "region_code", "name", "project_no", "type", "capacity_kw",
		"expected_kwh", "connected_on", "owner", "operator", "status", "note", "updated_by", "updated_at"}
)

func projectRow(p *funds.Project, by, at string) []any {
	row := []any{string(p.County), p.No, string(p.Place), p.Name, p.Type, p.Subtype, p.Scope, int64(p.Year), p.Unit,
		p.Content, p.Mechanism, int64(p.Households)}
	for _, m := range p.Planned {
		row = append(row, int64(m))
	}
	for _, m := range p.Approved {
		row = append(row, int64(m))
	}
	d := p.Dates
	for _, x := range []registry.Date{d.Listed, d.Approval, d.PlanStart, d.PlanFinish, d.Start, d.Finish, d.Accept, d.Settle, d.Paid} {
		row = append(row, dateArg(x))
	}
	return append(row, boolArg(p.Stopped), p.Note, by, at, audit.NewID(time.Now()))
}

func scanProject(sc scanner, p *funds.Project, extra ...any) error {
	var county, place string
	var stopped int64
	d := &p.Dates
	dest := []any{&county, &p.No, &place, &p.Name, &p.Type, &p.Subtype, &p.Scope, &p.Year, &p.Unit, &p.Content, &p.Mechanism, &p.Households}
	for i := range p.Planned {
		dest = append(dest, &p.Planned[i])
	}
	for i := range p.Approved {
		dest = append(dest, &p.Approved[i])
	}
	var by, at string
	dest = append(dest, &d.Listed, &d.Approval, &d.PlanStart, &d.PlanFinish, &d.Start, &d.Finish, &d.Accept, &d.Settle, &d.Paid,
		&stopped, &p.Note, &by, &at, &p.Version)
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return err
	}
	p.County, p.Place, p.Stopped = region.Code(county), region.Code(place), stopped != 0
	return nil
}

func assetRow(a *funds.Asset, by, at string) []any {
	return []any{string(a.County), a.No, string(a.Place), a.Name, a.ProjectNo, a.Class, a.Type, a.Owner, a.Custodian, a.Keeper,
		flagArg(a.Registered), dateArg(a.RegDate), int64(a.Value), dateArg(a.Formed), a.Status, a.Note, by, at, audit.NewID(time.Now())}
}

func scanAsset(sc scanner, a *funds.Asset) error {
	var county, place, by, at string
	if err := sc.Scan(&county, &a.No, &place, &a.Name, &a.ProjectNo, &a.Class, &a.Type, &a.Owner, &a.Custodian, &a.Keeper,
		&a.Registered, &a.RegDate, &a.Value, &a.Formed, &a.Status, &a.Note, &by, &at, &a.Version); err != nil {
		return err
	}
	a.County, a.Place = region.Code(county), region.Code(place)
	return nil
}

func stationRow(s *funds.Station, by, at string) []any {
	return []any{string(s.County), s.No, string(s.Place), s.Name, s.ProjectNo, s.Type, s.CapacityKW, s.ExpectedKWh,
		dateArg(s.Connected), s.Owner, s.Operator, s.Status, s.Note, by, at}
}

func scanStation(sc scanner, s *funds.Station) error {
	var county, place, by, at string
	if err := sc.Scan(&county, &s.No, &place, &s.Name, &s.ProjectNo, &s.Type, &s.CapacityKW, &s.ExpectedKWh, &s.Connected,
		&s.Owner, &s.Operator, &s.Status, &s.Note, &by, &at); err != nil {
		return err
	}
	s.County, s.Place = region.Code(county), region.Code(place)
	return nil
}

// deleteIn deletes the rows of a table of the county whose column is one of keys.
func (f *Funds) deleteIn(ctx context.Context, tx *sql.Tx, table, col string, county region.Code, keys []string) error {
	for start := 0; start < len(keys); start += 500 {
		chunk := keys[start:min(start+500, len(keys))]
		args := []any{string(county)}
		for _, k := range chunk {
			args = append(args, k)
		}
		if _, err := f.db.Exec(ctx, tx, `DELETE FROM `+table+` WHERE county_code = ? AND `+col+` IN (`+placeholders(len(chunk))+`)`, args...); err != nil {
			return internal(err, "funds.delete "+table)
		}
	}
	return nil
}

func distinct(keys []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// write writes the import's records and says what it wrote.
func (f *Funds) write(ctx context.Context, tx *sql.Tx, im *funds.Import, now time.Time) (string, error) {
	county, by, at := im.County, audit.ActorFrom(ctx).Username, stamp(now)
	ins := newInserter(f.db, tx)
	defer ins.close()
	var parts []string
	count := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	if len(im.Projects) > 0 {
		var nos []string
		rows := make([][]any, 0, len(im.Projects))
		for _, p := range im.Projects {
			nos = append(nos, p.No)
			rows = append(rows, projectRow(p, by, at))
		}
		if err := f.deleteIn(ctx, tx, "fund_projects", "project_no", county, nos); err != nil {
			return "", err
		}
		if err := ins.insert(ctx, bulkRows{"fund_projects", fundProjectCols, rows}); err != nil {
			return "", internal(err, "funds.projects")
		}
		count(len(rows), "个项目")
	}
	if len(im.Beneficiaries) > 0 {
		var nos []string
		rows := make([][]any, 0, len(im.Beneficiaries))
		for _, b := range im.Beneficiaries {
			nos = append(nos, b.ProjectNo)
			rows = append(rows, []any{string(county), b.ProjectNo, b.HouseholdNo, b.Mechanism, int64(b.Amount), b.Note})
		}
		nos = distinct(nos)
		if err := f.deleteIn(ctx, tx, "fund_beneficiaries", "project_no", county, nos); err != nil {
			return "", err
		}
		if err := ins.insert(ctx, bulkRows{"fund_beneficiaries", []string{"county_code", "project_no", "household_no", "mechanism", "amount", "note"}, rows}); err != nil {
			return "", internal(err, "funds.beneficiaries")
		}
		count(len(rows), fmt.Sprintf("户受益户（%d 个项目）", len(nos)))
	}
	if len(im.Flows) > 0 {
		var years []string
		seq := map[int]int{}
		rows := make([][]any, 0, len(im.Flows))
		for _, fl := range im.Flows {
			years = append(years, strconv.Itoa(fl.Year))
			seq[fl.Year]++
			rows = append(rows, []any{string(county), int64(fl.Year), int64(seq[fl.Year]), dateArg(fl.Date), fl.Kind, int64(fl.Source),
				fl.ProjectNo, int64(fl.Amount), fl.DocNo, fl.Note})
		}
		years = distinct(years)
		for _, y := range years {
			if _, err := f.db.Exec(ctx, tx, `DELETE FROM fund_flows WHERE county_code = ? AND year = ?`, string(county), y); err != nil {
				return "", internal(err, "funds.flows")
			}
		}
		if err := ins.insert(ctx, bulkRows{"fund_flows", []string{"county_code", "year", "seq", "on_date", "kind", "source", "project_no",
			"amount", "doc_no", "note"}, rows}); err != nil {
			return "", internal(err, "funds.flows")
		}
		count(len(rows), "笔资金（"+strings.Join(years, "、")+" 年度）")
	}
	if len(im.Assets) > 0 {
		var nos []string
		rows := make([][]any, 0, len(im.Assets))
		for _, a := range im.Assets {
			nos = append(nos, a.No)
			rows = append(rows, assetRow(a, by, at))
		}
		if err := f.deleteIn(ctx, tx, "fund_assets", "asset_no", county, nos); err != nil {
			return "", err
		}
		if err := ins.insert(ctx, bulkRows{"fund_assets", fundAssetCols, rows}); err != nil {
			return "", internal(err, "funds.assets")
		}
		count(len(rows), "项资产")
	}
	if im.Ledger.Key == "incomes" {
		var nos []string
		seq := map[string]int{}
		var incs, dists [][]any
		for _, in := range im.Incomes {
			nos = append(nos, in.ObjectNo)
			seq[in.ObjectNo]++
			incs = append(incs, []any{string(county), in.ObjectNo, int64(seq[in.ObjectNo]), monthArg(in.Period), dateArg(in.Received),
				int64(in.Amount), in.Note})
		}
		for _, d := range im.Distributions {
			nos = append(nos, d.ObjectNo)
			seq["d "+d.ObjectNo]++
			dists = append(dists, []any{string(county), d.ObjectNo, int64(seq["d "+d.ObjectNo]), dateArg(d.Date), d.Use, d.HouseholdNo,
				d.Payee, int64(d.Amount), d.Note})
		}
		nos = distinct(nos)
		for _, table := range []string{"fund_incomes", "fund_distributions"} {
			if err := f.deleteIn(ctx, tx, table, "object_no", county, nos); err != nil {
				return "", err
			}
		}
		if err := ins.insert(ctx, bulkRows{"fund_incomes", []string{"county_code", "object_no", "seq", "period", "received_on", "amount", "note"}, incs}); err != nil {
			return "", internal(err, "funds.incomes")
		}
		if err := ins.insert(ctx, bulkRows{"fund_distributions", []string{"county_code", "object_no", "seq", "on_date", "use_kind",
			"household_no", "payee", "amount", "note"}, dists}); err != nil {
			return "", internal(err, "funds.distributions")
		}
		count(len(incs), "笔收益")
		count(len(dists), "笔分配")
	}
	if len(im.Stations) > 0 {
		var nos []string
		rows := make([][]any, 0, len(im.Stations))
		for _, s := range im.Stations {
			nos = append(nos, s.No)
			rows = append(rows, stationRow(s, by, at))
		}
		if err := f.deleteIn(ctx, tx, "fund_stations", "station_no", county, nos); err != nil {
			return "", err
		}
		if err := ins.insert(ctx, bulkRows{"fund_stations", fundStationCols, rows}); err != nil {
			return "", internal(err, "funds.stations")
		}
		count(len(rows), "座光伏电站")
	}
	if len(im.Ops) > 0 {
		var nos []string
		seq := map[string]int{}
		rows := make([][]any, 0, len(im.Ops))
		for _, o := range im.Ops {
			nos = append(nos, o.StationNo)
			seq[o.StationNo]++
			rows = append(rows, []any{string(county), o.StationNo, int64(seq[o.StationNo]), dateArg(o.Date), o.Kind, o.Content, o.By})
		}
		if err := f.deleteIn(ctx, tx, "fund_pv_ops", "station_no", county, distinct(nos)); err != nil {
			return "", err
		}
		if err := ins.insert(ctx, bulkRows{"fund_pv_ops", []string{"county_code", "station_no", "seq", "on_date", "kind", "content", "by_whom"}, rows}); err != nil {
			return "", internal(err, "funds.pv_ops")
		}
		count(len(rows), "次运维")
	}
	if len(im.Months) > 0 {
		var nos []string
		rows := make([][]any, 0, len(im.Months))
		for _, m := range im.Months {
			nos = append(nos, m.StationNo)
			rows = append(rows, []any{string(county), m.StationNo, monthArg(m.Month), m.KWh, int64(m.Income), dateArg(m.Received)})
		}
		if err := f.deleteIn(ctx, tx, "fund_pv_months", "station_no", county, distinct(nos)); err != nil {
			return "", err
		}
		if err := ins.insert(ctx, bulkRows{"fund_pv_months", []string{"county_code", "station_no", "month", "kwh", "income", "received_on"}, rows}); err != nil {
			return "", internal(err, "funds.pv_months")
		}
		count(len(rows), "个电站月度发电收益")
	}
	if len(parts) == 0 {
		return "0 条", nil
	}
	return strings.Join(parts, "、"), nil
}

// ProjectEdit is what the project page's form records: the dates of the steps that follow
// approval, the households' payment and the 联农带农 mechanism.
type ProjectEdit struct {
	Start, Finish, Accept, Settle, Paid registry.Date
	Mechanism                           string
}

// EditProject records a form's dates and mechanism on a project still at the version the
// form was opened at, and audits the change.
func (f *Funds) EditProject(ctx context.Context, county region.Code, no, version string, e ProjectEdit) (*funds.Project, error) {
	var out *funds.Project
	err := f.db.Tx(ctx, func(tx *sql.Tx) error {
		p, err := f.projectTx(ctx, tx, county, no)
		if err != nil {
			return err
		}
		if p.Version != version {
			return errs.E(errs.Conflict, "项目「%s」已被他人修改，请刷新页面后重新填写", p.Name)
		}
		before := *p
		p.Dates.Start, p.Dates.Finish, p.Dates.Accept, p.Dates.Settle, p.Dates.Paid = e.Start, e.Finish, e.Accept, e.Settle, e.Paid
		p.Mechanism = strings.TrimSpace(e.Mechanism)
		if ps := p.Validate(); len(ps) > 0 {
			return errs.E(errs.Invalid, "%s", ps[0].Reason)
		}
		var changes []string
		for _, c := range []struct {
			name string
			a, b registry.Date
		}{{"开工日期", before.Dates.Start, p.Dates.Start}, {"完工日期", before.Dates.Finish, p.Dates.Finish},
			{"验收日期", before.Dates.Accept, p.Dates.Accept}, {"报账日期", before.Dates.Settle, p.Dates.Settle},
			{"资金到户日期", before.Dates.Paid, p.Dates.Paid}} {
			if c.a != c.b {
				changes = append(changes, fmt.Sprintf("%s %s → %s", c.name, fundsDash(c.a.String()), fundsDash(c.b.String())))
			}
		}
		if before.Mechanism != p.Mechanism {
			changes = append(changes, "联农带农机制")
		}
		if len(changes) == 0 {
			out = p
			return nil
		}
		now := f.db.Now()
		p.Version = audit.NewID(time.Now())
		if _, err := f.db.Exec(ctx, tx, `UPDATE fund_projects SET started_on = ?, finished_on = ?, accepted_on = ?, settled_on = ?, paid_on = ?,
			mechanism = ?, updated_by = ?, updated_at = ?, version = ? WHERE county_code = ? AND project_no = ?`, dateArg(p.Dates.Start),
			dateArg(p.Dates.Finish), dateArg(p.Dates.Accept), dateArg(p.Dates.Settle), dateArg(p.Dates.Paid), p.Mechanism,
			audit.ActorFrom(ctx).Username, stamp(now), p.Version, string(county), no); err != nil {
			return internal(err, "funds.edit_project")
		}
		out = p
		return f.log.AppendTx(ctx, tx, audit.Entry{Action: audit.FundsUpdate, ObjectType: "funds.project", ObjectID: no, Region: p.Place,
			Detail: "项目「" + p.Name + "」：" + strings.Join(changes, "；")})
	})
	return out, err
}

func (f *Funds) projectTx(ctx context.Context, tx *sql.Tx, county region.Code, no string) (*funds.Project, error) {
	p := &funds.Project{}
	row := tx.QueryRowContext(ctx, f.db.Rebind(`SELECT `+strings.Join(fundProjectCols, ", ")+` FROM fund_projects WHERE county_code = ? AND project_no = ?`),
		string(county), no)
	if err := scanProject(row, p); err != nil {
		if err == sql.ErrNoRows {
			return nil, errs.E(errs.NotFound, "项目「%s」不存在", no)
		}
		return nil, internal(err, "funds.project")
	}
	return p, nil
}

// AssetEdit is what the asset page's form records: who keeps it, its registration, its state.
type AssetEdit struct {
	Custodian, Keeper, Status string
	Registered                registry.Flag
	RegDate                   registry.Date
}

// EditAsset records a form's custodian, registration and state on an asset still at the
// version the form was opened at, and audits the change.
func (f *Funds) EditAsset(ctx context.Context, county region.Code, no, version string, e AssetEdit) (*funds.Asset, error) {
	var out *funds.Asset
	err := f.db.Tx(ctx, func(tx *sql.Tx) error {
		a := &funds.Asset{}
		row := tx.QueryRowContext(ctx, f.db.Rebind(`SELECT `+strings.Join(fundAssetCols, ", ")+` FROM fund_assets WHERE county_code = ? AND asset_no = ?`),
			string(county), no)
		if err := scanAsset(row, a); err != nil {
			if err == sql.ErrNoRows {
				return errs.E(errs.NotFound, "资产「%s」不存在", no)
			}
			return internal(err, "funds.asset")
		}
		if a.Version != version {
			return errs.E(errs.Conflict, "资产「%s」已被他人修改，请刷新页面后重新填写", a.Name)
		}
		before := *a
		a.Custodian, a.Keeper, a.Status = strings.TrimSpace(e.Custodian), strings.TrimSpace(e.Keeper), e.Status
		a.Registered, a.RegDate = e.Registered, e.RegDate
		if ps := a.Validate(); len(ps) > 0 {
			return errs.E(errs.Invalid, "%s", ps[0].Reason)
		}
		var changes []string
		for _, c := range []struct{ name, a, b string }{{"管护主体", before.Custodian, a.Custodian}, {"管护责任人", before.Keeper, a.Keeper},
			{"资产状态", before.Status, a.Status}, {"是否确权登记", before.Registered.String(), a.Registered.String()},
			{"确权登记日期", before.RegDate.String(), a.RegDate.String()}} {
			if c.a != c.b {
				changes = append(changes, fmt.Sprintf("%s %s → %s", c.name, fundsDash(c.a), fundsDash(c.b)))
			}
		}
		out = a
		if len(changes) == 0 {
			return nil
		}
		a.Version = audit.NewID(time.Now())
		if _, err := f.db.Exec(ctx, tx, `UPDATE fund_assets SET custodian = ?, keeper = ?, status = ?, registered = ?, reg_date = ?,
			updated_by = ?, updated_at = ?, version = ? WHERE county_code = ? AND asset_no = ?`, a.Custodian, a.Keeper, a.Status,
			flagArg(a.Registered), dateArg(a.RegDate), audit.ActorFrom(ctx).Username, stamp(f.db.Now()), a.Version, string(county), no); err != nil {
			return internal(err, "funds.edit_asset")
		}
		return f.log.AppendTx(ctx, tx, audit.Entry{Action: audit.FundsUpdate, ObjectType: "funds.asset", ObjectID: no, Region: a.Place,
			Detail: "资产「" + a.Name + "」：" + strings.Join(changes, "；")})
	})
	return out, err
}

func fundsDash(s string) string {
	if s == "" {
		return "（空）"
	}
	return s
}
