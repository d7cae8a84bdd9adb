package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/region"
)

// FindingStatus is the state of a finding.
type FindingStatus string

// The states of a finding. Open and waived findings are active: their rule still holds. A
// waived finding stays waived while it holds and closes when it stops holding.
const (
	StatusOpen   FindingStatus = "open"
	StatusClosed FindingStatus = "closed"
	StatusWaived FindingStatus = "waived"
)

// Label returns the status in Chinese.
func (s FindingStatus) Label() string {
	switch s {
	case StatusOpen:
		return "未解决"
	case StatusClosed:
		return "已消除"
	case StatusWaived:
		return "已说明"
	}
	return string(s)
}

// ParseFindingStatus reads a status code.
func ParseFindingStatus(s string) (FindingStatus, error) {
	switch FindingStatus(s) {
	case StatusOpen, StatusClosed, StatusWaived:
		return FindingStatus(s), nil
	}
	return "", errs.E(errs.Invalid, "状态应为 open、closed 或 waived，而不是「%s」", s)
}

// Finding is a screening rule that holds, or held, for a subject.
type Finding struct {
	ID          string
	RuleID      string
	Indicator   int
	Severity    string
	SubjectKind string // household or person
	SubjectID   string // 户编号 or 人口编号
	HouseholdNo string
	County      region.Code
	Region      region.Code // the household's village
	Status      FindingStatus
	Explanation string
	OpenedAt    time.Time
	ClosedAt    time.Time // zero while active
	LastSeenAt  time.Time
	WaivedBy    string
	WaiveReason string
	WaivedAt    time.Time
}

// FindingKey is the stable key of a finding: one active finding per rule and subject.
type FindingKey struct{ Rule, Subject string }

// Key returns the finding's key.
func (f *Finding) Key() FindingKey { return FindingKey{f.RuleID, f.SubjectID} }

// Findings stores screening findings.
type Findings struct{ db *DB }

// NewFindings returns the findings store of db.
func NewFindings(db *DB) *Findings { return &Findings{db: db} }

var findingCols = []string{"county_code", "id", "rule_id", "indicator", "severity", "subject_kind",
	"subject_id", "household_no", "region_code", "status", "explanation", "opened_at", "closed_at",
	"last_seen_at", "waived_by", "waive_reason", "waived_at"}

var findingSelect = "SELECT " + strings.Join(findingCols, ", ") + " FROM findings"

func findingRow(f *Finding) []any {
	return []any{string(f.County), f.ID, f.RuleID, int64(f.Indicator), f.Severity, f.SubjectKind,
		f.SubjectID, f.HouseholdNo, string(f.Region), string(f.Status), f.Explanation, tsArg(f.OpenedAt),
		tsArg(f.ClosedAt), tsArg(f.LastSeenAt), f.WaivedBy, f.WaiveReason, tsArg(f.WaivedAt)}
}

func scanFinding(sc scanner, f *Finding) error {
	var county, reg, status string
	var opened, closed, seen, waived sql.NullString
	if err := sc.Scan(&county, &f.ID, &f.RuleID, &f.Indicator, &f.Severity, &f.SubjectKind, &f.SubjectID,
		&f.HouseholdNo, &reg, &status, &f.Explanation, &opened, &closed, &seen, &f.WaivedBy, &f.WaiveReason,
		&waived); err != nil {
		return err
	}
	f.County, f.Region, f.Status = region.Code(county), region.Code(reg), FindingStatus(status)
	f.OpenedAt, f.ClosedAt, f.LastSeenAt, f.WaivedAt = parseTS(opened), parseTS(closed), parseTS(seen), parseTS(waived)
	return nil
}

const tsLayout = "2006-01-02T15:04:05Z"

func tsArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(tsLayout)
}

func parseTS(s sql.NullString) time.Time {
	if !s.Valid || s.String == "" {
		return time.Time{}
	}
	t, err := time.Parse(tsLayout, s.String)
	if err != nil {
		return time.Time{}
	}
	return t
}

var idEncoding = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// NewFindingID returns a new finding id for the county: its 6 digits and 16 random characters.
func NewFindingID(county region.Code) string {
	var b [10]byte
	rand.Read(b[:])
	return county.Prefix() + "-" + idEncoding.EncodeToString(b[:])
}

func countyOfID(id string) (region.Code, bool) {
	if len(id) < 8 || id[6] != '-' {
		return "", false
	}
	c, err := region.ParseCode(id[:6])
	return c, err == nil
}

// Active returns the active (open or waived) findings of a county, keyed by rule and subject.
// A scope below the county (a township or village) limits them to its households.
func (s *Findings) Active(ctx context.Context, county, scope region.Code) (map[FindingKey]*Finding, error) {
	q := findingSelect + " WHERE county_code = ? AND status <> 'closed'"
	args := []any{string(county)}
	if p := scope.Prefix(); len(p) > 6 {
		q += " AND region_code >= ? AND region_code < ?"
		args = append(args, p, prefixEnd(p))
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q), args...)
	if err != nil {
		return nil, internal(err, "findings.active")
	}
	defer rows.Close()
	out := map[FindingKey]*Finding{}
	for rows.Next() {
		f := &Finding{}
		if err := scanFinding(rows, f); err != nil {
			return nil, internal(err, "findings.active")
		}
		out[f.Key()] = f
	}
	return out, internal(rows.Err(), "findings.active")
}

// ActiveCounties returns the counties that have active findings in the scope.
func (s *Findings) ActiveCounties(ctx context.Context, scope region.Code) ([]region.Code, error) {
	where, args := FindingFilter{Scope: scope, Active: true}.where()
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind("SELECT DISTINCT county_code FROM findings WHERE "+where+" ORDER BY county_code"), args...)
	if err != nil {
		return nil, internal(err, "findings.activeCounties")
	}
	defer rows.Close()
	var out []region.Code
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, internal(err, "findings.activeCounties")
		}
		out = append(out, region.Code(c))
	}
	return out, internal(rows.Err(), "findings.activeCounties")
}

// ActiveOf returns the active findings of the households, and those of the subjects wherever
// they were found (a person who moved between households), keyed by rule and subject.
func (s *Findings) ActiveOf(ctx context.Context, households, subjects []string) (map[FindingKey]*Finding, error) {
	out := map[FindingKey]*Finding{}
	for _, q := range []struct {
		col  string
		keys []string
	}{{"household_no", households}, {"subject_kind = 'person' AND subject_id", subjects}} {
		if err := s.activeBy(ctx, q.col, q.keys, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Findings) activeBy(ctx context.Context, col string, keys []string, out map[FindingKey]*Finding) error {
	for start := 0; start < len(keys); start += 500 {
		batch := keys[start:min(start+500, len(keys))]
		args := make([]any, len(batch))
		for i, no := range batch {
			args[i] = no
		}
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(findingSelect+" WHERE "+col+" IN ("+
			placeholders(len(batch))+") AND status <> 'closed'"), args...)
		if err != nil {
			return internal(err, "findings.activeOf")
		}
		for rows.Next() {
			f := &Finding{}
			if err := scanFinding(rows, f); err != nil {
				rows.Close()
				return internal(err, "findings.activeOf")
			}
			out[f.Key()] = f
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal(err, "findings.activeOf")
		}
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// Changes is the outcome of screening a set of households against their active findings.
type Changes struct {
	Open   []*Finding // new findings, with ids, to insert
	Revise []*Finding // active findings whose explanation, severity or region changed
	Close  []*Finding // active findings that no longer hold
	Seen   []*Finding // active findings that still hold (Revise included or not)
	At     time.Time  // when: closed_at of the closed, last_seen_at of the seen
	// SeenAll, when set, stands for Seen listing every active finding of a county (limited to
	// a scope below it): after a full run of the county, whatever is still active was seen.
	SeenAll *SeenScope
}

// SeenScope is a county, and optionally a township or village in it.
type SeenScope struct{ County, Scope region.Code }

// Apply writes the changes in one transaction: COPY or multi-row inserts for the new findings,
// and batched updates for the rest. It never runs a statement per unchanged finding.
func (s *Findings) Apply(ctx context.Context, ch *Changes) error {
	if len(ch.Open) > 200 && s.db.Dialect == Postgres {
		// COPY for large inserts runs on its own connection and transaction first: the
		// updates below are idempotent, so a failure between the two is repaired by a rerun.
		rows := make([][]any, len(ch.Open))
		for i, f := range ch.Open {
			rows[i] = findingRow(f)
		}
		if err := s.db.writeBulk(ctx, []bulkRows{{"findings", findingCols, rows}}); err != nil {
			return err
		}
		ch = &Changes{Revise: ch.Revise, Close: ch.Close, Seen: ch.Seen, At: ch.At, SeenAll: ch.SeenAll}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return s.ApplyTx(ctx, tx, ch) })
}

// ApplyTx is Apply inside the caller's transaction.
func (s *Findings) ApplyTx(ctx context.Context, tx *sql.Tx, ch *Changes) error {
	if len(ch.Open) > 0 {
		rows := make([][]any, len(ch.Open))
		for i, f := range ch.Open {
			rows[i] = findingRow(f)
		}
		ins := newInserter(s.db, tx)
		err := ins.insert(ctx, bulkRows{"findings", findingCols, rows})
		ins.close()
		if err != nil {
			return internal(err, "findings.insert")
		}
	}
	if len(ch.Open)+len(ch.Close)+len(ch.Revise) > 0 {
		// Pages cache region figures per data version: changed findings make them stale.
		if err := s.db.BumpDataVersion(ctx, tx, "registry"); err != nil {
			return err
		}
	}
	at := tsArg(ch.At)
	if err := s.byIDs(ctx, tx, ch.Close, `UPDATE findings SET status = 'closed', closed_at = ? WHERE county_code = ? AND id IN (%s)`, at); err != nil {
		return internal(err, "findings.close")
	}
	if sa := ch.SeenAll; sa == nil {
		if err := s.byIDs(ctx, tx, ch.Seen, `UPDATE findings SET last_seen_at = ? WHERE county_code = ? AND id IN (%s)`, at); err != nil {
			return internal(err, "findings.seen")
		}
	} else {
		// One statement for the county stands for Seen, which it covers: a full run had
		// updated every finding twice, a list of ids at a time and then this (64,000 rows of
		// a million households each time).
		q := `UPDATE findings SET last_seen_at = ? WHERE county_code = ? AND status <> 'closed'`
		args := []any{at, string(sa.County)}
		if p := sa.Scope.Prefix(); len(p) > 6 {
			q += ` AND region_code >= ? AND region_code < ?`
			args = append(args, p, prefixEnd(p))
		}
		if _, err := s.db.Exec(ctx, tx, q, args...); err != nil {
			return internal(err, "findings.seen")
		}
	}
	for _, f := range ch.Revise {
		if _, err := s.db.Exec(ctx, tx, `UPDATE findings SET explanation = ?, severity = ?, region_code = ?, household_no = ?, indicator = ?
			WHERE county_code = ? AND id = ?`, f.Explanation, f.Severity, string(f.Region), f.HouseholdNo, int64(f.Indicator),
			string(f.County), f.ID); err != nil {
			return internal(err, "findings.revise")
		}
	}
	return nil
}

// byIDs runs an update over findings in batches of one county at a time; q has a %s for the
// id placeholders and takes arg, the county and the ids.
func (s *Findings) byIDs(ctx context.Context, tx *sql.Tx, fs []*Finding, q string, arg any) error {
	byCounty := map[region.Code][]string{}
	for _, f := range fs {
		byCounty[f.County] = append(byCounty[f.County], f.ID)
	}
	for county, ids := range byCounty {
		for start := 0; start < len(ids); start += 500 {
			batch := ids[start:min(start+500, len(ids))]
			args := make([]any, 0, len(batch)+2)
			args = append(args, arg, string(county))
			for _, id := range batch {
				args = append(args, id)
			}
			if _, err := s.db.Exec(ctx, tx, strings.Replace(q, "%s", placeholders(len(batch)), 1), args...); err != nil {
				return err
			}
		}
	}
	return nil
}

// Get returns the finding with the id.
func (s *Findings) Get(ctx context.Context, id string) (*Finding, error) {
	return s.get(ctx, s.db.SQL, id)
}

func (s *Findings) get(ctx context.Context, q querier, id string) (*Finding, error) {
	county, ok := countyOfID(id)
	if !ok {
		return nil, errs.E(errs.NotFound, "问题编号 %s 不存在", id)
	}
	f := &Finding{}
	err := scanFinding(q.QueryRowContext(ctx, s.db.Rebind(findingSelect+" WHERE county_code = ? AND id = ?"), string(county), id), f)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "问题编号 %s 不存在", id)
	}
	if err != nil {
		return nil, internal(err, "findings.get")
	}
	return f, nil
}

// Waive marks an open finding as explained (例外说明): it needs the user who waives it and a
// reason. A waived finding stays waived while its rule holds and closes when it stops holding.
func (s *Findings) Waive(ctx context.Context, id, by, reason string, at time.Time) (*Finding, error) {
	by, reason = strings.TrimSpace(by), strings.TrimSpace(reason)
	if by == "" {
		return nil, errs.E(errs.Invalid, "请注明说明人")
	}
	if reason == "" {
		return nil, errs.E(errs.Invalid, "请填写例外说明的理由")
	}
	var out *Finding
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		f, err := s.get(ctx, tx, id)
		if err != nil {
			return err
		}
		switch f.Status {
		case StatusClosed:
			return errs.E(errs.Conflict, "问题 %s 已消除，无需说明", id)
		case StatusWaived:
			return errs.E(errs.Conflict, "问题 %s 已由 %s 作出说明", id, f.WaivedBy)
		}
		if _, err := s.db.Exec(ctx, tx, `UPDATE findings SET status = 'waived', waived_by = ?, waive_reason = ?, waived_at = ?
			WHERE county_code = ? AND id = ?`, by, reason, tsArg(at), string(f.County), id); err != nil {
			return internal(err, "findings.waive")
		}
		f.Status, f.WaivedBy, f.WaiveReason, f.WaivedAt = StatusWaived, by, reason, at.UTC().Truncate(time.Second)
		out = f
		return nil
	})
	return out, err
}

// Unwaive withdraws the explanation of a waived finding, which is open again.
func (s *Findings) Unwaive(ctx context.Context, id string) (*Finding, error) {
	var out *Finding
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		f, err := s.get(ctx, tx, id)
		if err != nil {
			return err
		}
		if f.Status != StatusWaived {
			return errs.E(errs.Conflict, "问题 %s 没有例外说明", id)
		}
		if _, err := s.db.Exec(ctx, tx, `UPDATE findings SET status = 'open', waived_by = '', waive_reason = '', waived_at = NULL
			WHERE county_code = ? AND id = ?`, string(f.County), id); err != nil {
			return internal(err, "findings.unwaive")
		}
		f.Status, f.WaivedBy, f.WaiveReason, f.WaivedAt = StatusOpen, "", "", time.Time{}
		out = f
		return nil
	})
	return out, err
}

// FindingFilter selects findings. Zero fields select everything.
type FindingFilter struct {
	Scope       region.Code   // a region: findings of its households
	Rule        string        // a rule id
	Status      FindingStatus // open, closed or waived; "" for all
	Active      bool          // open and waived only (ignored when Status is set)
	HouseholdNo string
	ByRule      bool // order by rule first (for lists split by rule), else by village
	Limit       int  // 0: no limit
	Offset      int
}

// scopeWhere returns the conditions that limit a table with county_code and region_code
// columns to a region: its county by equality (the key rows are grouped and sharded by), a
// region below or above a county by a range of region codes.
func scopeWhere(scope region.Code) ([]string, []any) {
	var conds []string
	var args []any
	if p := scope.Prefix(); p != "" {
		if len(p) >= 6 {
			conds = append(conds, "county_code = ?")
			args = append(args, string(scope.County()))
		}
		if len(p) != 6 {
			conds = append(conds, "region_code >= ? AND region_code < ?")
			args = append(args, p, prefixEnd(p))
		}
	}
	return conds, args
}

func (f FindingFilter) where() (string, []any) {
	conds, args := scopeWhere(f.Scope)
	if f.Rule != "" {
		conds = append(conds, "rule_id = ?")
		args = append(args, f.Rule)
	}
	switch {
	case f.Status != "":
		conds = append(conds, "status = ?")
		args = append(args, string(f.Status))
	case f.Active:
		conds = append(conds, "status <> 'closed'")
	}
	if f.HouseholdNo != "" {
		conds = append(conds, "household_no = ?")
		args = append(args, f.HouseholdNo)
	}
	if len(conds) == 0 {
		return "1=1", nil
	}
	return strings.Join(conds, " AND "), args
}

// List returns a page of the findings the filter selects, ordered by village, rule and
// subject, and how many there are in all.
func (s *Findings) List(ctx context.Context, f FindingFilter) ([]Finding, int, error) {
	total, err := s.Count(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var out []Finding
	err = s.Each(ctx, f, func(x *Finding) error { out = append(out, *x); return nil })
	return out, total, err
}

// Count returns how many findings the filter selects, ignoring its paging.
func (s *Findings) Count(ctx context.Context, f FindingFilter) (int, error) {
	where, args := f.where()
	var n int
	err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind("SELECT COUNT(*) FROM findings WHERE "+where), args...).Scan(&n)
	return n, internal(err, "findings.count")
}

// Each streams the findings the filter selects to fn, in the order of List (or by rule).
func (s *Findings) Each(ctx context.Context, f FindingFilter, fn func(*Finding) error) error {
	where, args := f.where()
	return s.each(ctx, where, args, f, fn)
}

func (s *Findings) each(ctx context.Context, where string, args []any, f FindingFilter, fn func(*Finding) error) error {
	order := " ORDER BY region_code, rule_id, subject_id, opened_at"
	if f.ByRule {
		order = " ORDER BY rule_id, region_code, subject_id, opened_at"
	}
	q := findingSelect + " WHERE " + where + order
	if f.Limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q), args...)
	if err != nil {
		return internal(err, "findings.list")
	}
	defer rows.Close()
	var x Finding
	for rows.Next() {
		x = Finding{}
		if err := scanFinding(rows, &x); err != nil {
			return internal(err, "findings.list")
		}
		if err := fn(&x); err != nil {
			return err
		}
	}
	return internal(rows.Err(), "findings.list")
}

// Tally is a count of findings by county, rule and status.
type Tally struct {
	County region.Code
	Rule   string
	Status FindingStatus
	N      int
}

// Tallies counts the findings of the scope by county, rule and status.
func (s *Findings) Tallies(ctx context.Context, scope region.Code) ([]Tally, error) {
	where, args := FindingFilter{Scope: scope}.where()
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT county_code, rule_id, status, COUNT(*) FROM findings
		WHERE `+where+` GROUP BY county_code, rule_id, status ORDER BY county_code, rule_id, status`), args...)
	if err != nil {
		return nil, internal(err, "findings.tallies")
	}
	defer rows.Close()
	var out []Tally
	for rows.Next() {
		var t Tally
		var c, st string
		if err := rows.Scan(&c, &t.Rule, &st, &t.N); err != nil {
			return nil, internal(err, "findings.tallies")
		}
		t.County, t.Status = region.Code(c), FindingStatus(st)
		out = append(out, t)
	}
	return out, internal(rows.Err(), "findings.tallies")
}

// ScreenRun is a record of one screening run.
type ScreenRun struct {
	ID         string
	Scope      region.Code
	Year       int
	StartedAt  time.Time
	FinishedAt time.Time
	Households int
	Opened     int
	Kept       int
	Closed     int
	Status     string // running, done or failed
	Error      string
}

// StartRun records the start of a run and fills its ID.
func (s *Findings) StartRun(ctx context.Context, r *ScreenRun) error {
	var b [10]byte
	rand.Read(b[:])
	r.ID = idEncoding.EncodeToString(b[:])
	r.Status = "running"
	_, err := s.db.SQL.ExecContext(ctx, s.db.Rebind(`INSERT INTO screen_runs (id, scope, year, started_at, status) VALUES (?, ?, ?, ?, ?)`),
		r.ID, string(r.Scope), r.Year, tsArg(r.StartedAt), r.Status)
	return internal(err, "findings.startRun")
}

// FinishRun records the end of a run.
func (s *Findings) FinishRun(ctx context.Context, r *ScreenRun) error {
	_, err := s.db.SQL.ExecContext(ctx, s.db.Rebind(`UPDATE screen_runs SET finished_at = ?, households = ?, opened = ?, kept = ?,
		closed = ?, status = ?, error = ? WHERE id = ?`), tsArg(r.FinishedAt), r.Households, r.Opened, r.Kept, r.Closed,
		r.Status, r.Error, r.ID)
	return internal(err, "findings.finishRun")
}

// LastRun returns the latest run whose scope contains the region, or NotFound.
func (s *Findings) LastRun(ctx context.Context, scope region.Code) (*ScreenRun, error) {
	rows, err := s.db.SQL.QueryContext(ctx, `SELECT id, scope, year, started_at, finished_at, households, opened, kept, closed, status, error
		FROM screen_runs ORDER BY started_at DESC LIMIT 50`)
	if err != nil {
		return nil, internal(err, "findings.lastRun")
	}
	defer rows.Close()
	for rows.Next() {
		r := &ScreenRun{}
		var sc string
		var started, finished sql.NullString
		if err := rows.Scan(&r.ID, &sc, &r.Year, &started, &finished, &r.Households, &r.Opened, &r.Kept, &r.Closed, &r.Status, &r.Error); err != nil {
			return nil, internal(err, "findings.lastRun")
		}
		r.Scope, r.StartedAt, r.FinishedAt = region.Code(sc), parseTS(started), parseTS(finished)
		if r.Scope == "" || r.Scope.Contains(scope) {
			return r, nil
		}
	}
	if err := rows.Err(); err != nil {
		return nil, internal(err, "findings.lastRun")
	}
	return nil, errs.E(errs.NotFound, "该区域还没有筛查记录")
}

// Listed is a finding as the 疑点清单 lists it: with the name of its household's 户主, the
// name of the person it is about (for a person's finding), and the rectification ledger item
// it is on.
type Listed struct {
	Finding
	Head        string
	SubjectName string
	// Item is the ledger item the finding is on, preferring one not yet closed ("" for none),
	// and ItemStatus that item's state.
	Item       string
	ItemStatus string
}

// EachListed streams the findings the query selects to fn, by rule, then village and subject,
// with the names and ledger items the 疑点清单 shows; paging is ignored.
func (s *Findings) EachListed(ctx context.Context, q FindingQuery, fn func(*Listed) error) error {
	where, args := q.where()
	cols := make([]string, len(findingCols))
	for i, c := range findingCols {
		cols[i] = "f." + c
	}
	const item = `FROM ledger_findings lf JOIN ledger_items i ON i.county_code = lf.county_code AND i.id = lf.item_id
		WHERE lf.county_code = f.county_code AND lf.finding_id = f.id`
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+strings.Join(cols, ", ")+`,
		COALESCE((SELECT MIN(p.name) FROM persons p WHERE p.county_code = f.county_code AND p.household_no = f.household_no AND p.relation = '户主'), ''),
		COALESCE(CASE WHEN f.subject_kind = 'person' THEN (SELECT MIN(p.name) FROM persons p
			WHERE p.county_code = f.county_code AND p.household_no = f.household_no AND p.person_no = f.subject_id) END, ''),
		COALESCE((SELECT MIN(i.id) `+item+` AND i.status <> 'closed'), (SELECT MAX(i.id) `+item+`), '')
		FROM findings f WHERE `+where+` ORDER BY f.rule_id, f.region_code, f.subject_id, f.opened_at`), args...)
	if err != nil {
		return internal(err, "findings.listed")
	}
	defer rows.Close()
	var x Listed
	var itemIDs []string
	var listed []Listed
	flush := func() error {
		// The states of the items, asked once per batch rather than once per row.
		st, err := s.itemStates(ctx, itemIDs)
		if err != nil {
			return err
		}
		for i := range listed {
			listed[i].ItemStatus = st[listed[i].Item]
			if err := fn(&listed[i]); err != nil {
				return err
			}
		}
		itemIDs, listed = itemIDs[:0], listed[:0]
		return nil
	}
	for rows.Next() {
		x = Listed{}
		var county, reg, status string
		var opened, closed, seen, waived sql.NullString
		f := &x.Finding
		if err := rows.Scan(&county, &f.ID, &f.RuleID, &f.Indicator, &f.Severity, &f.SubjectKind, &f.SubjectID,
			&f.HouseholdNo, &reg, &status, &f.Explanation, &opened, &closed, &seen, &f.WaivedBy, &f.WaiveReason,
			&waived, &x.Head, &x.SubjectName, &x.Item); err != nil {
			return internal(err, "findings.listed")
		}
		f.County, f.Region, f.Status = region.Code(county), region.Code(reg), FindingStatus(status)
		f.OpenedAt, f.ClosedAt, f.LastSeenAt, f.WaivedAt = parseTS(opened), parseTS(closed), parseTS(seen), parseTS(waived)
		if x.Item != "" {
			itemIDs = append(itemIDs, x.Item)
		}
		listed = append(listed, x)
		if len(listed) == 500 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return internal(err, "findings.listed")
	}
	return flush()
}

// itemStates returns the state label of each ledger item (by id).
func (s *Findings) itemStates(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	byCounty := map[region.Code][]any{}
	for _, id := range ids {
		if c, ok := countyOfID(id); ok {
			byCounty[c] = append(byCounty[c], id)
		}
	}
	for county, batch := range byCounty {
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT id, status FROM ledger_items WHERE county_code = ? AND id IN (`+
			placeholders(len(batch))+`)`), append([]any{string(county)}, batch...)...)
		if err != nil {
			return nil, internal(err, "findings.itemStates")
		}
		for rows.Next() {
			var id, st string
			if err := rows.Scan(&id, &st); err != nil {
				rows.Close()
				return nil, internal(err, "findings.itemStates")
			}
			out[id] = ledger.Status(st).Label()
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal(err, "findings.itemStates")
		}
	}
	return out, nil
}

// RuleCount is how many findings of one rule are in one state.
type RuleCount struct {
	Rule   string
	Status FindingStatus
	N      int
}

// CountByRule counts the findings the query selects by rule and state.
func (s *Findings) CountByRule(ctx context.Context, q FindingQuery) ([]RuleCount, error) {
	where, args := q.where()
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT rule_id, status, COUNT(*) FROM findings WHERE `+where+`
		GROUP BY rule_id, status ORDER BY rule_id, status`), args...)
	if err != nil {
		return nil, internal(err, "findings.countByRule")
	}
	defer rows.Close()
	var out []RuleCount
	for rows.Next() {
		var c RuleCount
		var st string
		if err := rows.Scan(&c.Rule, &st, &c.N); err != nil {
			return nil, internal(err, "findings.countByRule")
		}
		c.Status = FindingStatus(st)
		out = append(out, c)
	}
	return out, internal(rows.Err(), "findings.countByRule")
}
