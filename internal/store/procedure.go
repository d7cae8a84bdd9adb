package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/procedure"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Procedures stores the monitoring procedure (internal/procedure): each household's
// identification or risk elimination and its steps. Every change checks the procedure as it
// stands inside the transaction that writes it, and writes its audit entry there too, so two
// cadres recording the same step at once cannot both succeed.
type Procedures struct {
	db     *DB
	log    *AuditLog
	params *Params
}

// NewProcedures returns the procedure store of db.
func NewProcedures(db *DB) *Procedures {
	return &Procedures{db: db, log: NewAuditLog(db), params: NewParams(db)}
}

// Today returns the store's date in China.
func (s *Procedures) Today() registry.Date { return registry.DateOf(s.db.Now().In(ledger.China)) }

const procedureCols = `p.county_code, p.procedure_id, p.household_no, p.village_code, p.kind, p.category, p.way, p.source,
	p.lead_on, p.lead_note, p.stable_since, p.closed_on, p.close_reason, p.created_by, p.created_at, p.updated_at`

func scanProcedure(sc scanner, p *procedure.Procedure, extra ...any) error {
	var county, village, kind, created, updated string
	if err := sc.Scan(append([]any{&county, &p.ID, &p.HouseholdNo, &village, &kind, &p.Category, &p.Way, &p.Source,
		&p.LeadOn, &p.LeadNote, &p.StableSince, &p.ClosedOn, &p.CloseReason, &p.CreatedBy, &created, &updated}, extra...)...); err != nil {
		return err
	}
	p.County, p.Village, p.Kind = region.Code(county), region.Code(village), procedure.Kind(kind)
	p.Created, p.Updated = parseStamp(created), parseStamp(updated)
	return nil
}

// household is what a procedure needs of its household: where it is and its monitoring state.
type procHousehold struct {
	county, village region.Code
	category        string
	eliminated      registry.Flag
	identified      registry.Month
}

func (s *Procedures) household(ctx context.Context, q querier, no string) (procHousehold, error) {
	var h procHousehold
	var county, village string
	err := q.QueryRowContext(ctx, s.db.Rebind(`SELECT county_code, village_code, category, risk_eliminated, identified_on FROM households
		WHERE household_no = ?`), no).Scan(&county, &village, &h.category, &h.eliminated, &h.identified)
	if err == sql.ErrNoRows {
		return h, errs.E(errs.NotFound, "户编号 %s 不在农户库中", no)
	}
	h.county, h.village = region.Code(county), region.Code(village)
	return h, internal(err, "procedure.household")
}

// Start starts a procedure for its household (p.HouseholdNo) and fills its id, county and
// village. An identification needs a household not under unresolved monitoring; a risk
// elimination needs one that is, and takes its category. A household has at most one open
// procedure of a kind.
func (s *Procedures) Start(ctx context.Context, p *procedure.Procedure) error {
	h, err := s.household(ctx, s.db.SQL, p.HouseholdNo)
	if err != nil {
		return err
	}
	today := s.Today()
	ps, err := s.params.Resolve(ctx, h.county, today.Time().Year())
	if err != nil {
		return err
	}
	p.LeadNote, p.Steps, p.ClosedOn, p.CloseReason = strings.TrimSpace(p.LeadNote), nil, registry.Date{}, ""
	now := s.db.Now()
	p.ID, p.Created, p.Updated = NewFindingID(h.county), now, now
	p.CreatedBy = audit.ActorFrom(ctx).Username
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		// The household's monitoring state is read again inside the transaction it guards.
		h, err := s.household(ctx, tx, p.HouseholdNo)
		if err != nil {
			return err
		}
		p.County, p.Village = h.county, h.village
		unresolved := h.category != "" && h.eliminated != registry.Yes
		switch p.Kind {
		case procedure.Identify:
			if unresolved {
				return errs.E(errs.Conflict, "该户已是%s，风险尚未消除，不需要识别纳入", h.category)
			}
		case procedure.Eliminate:
			if !unresolved {
				return errs.E(errs.Conflict, "该户不是风险未消除的监测对象，不能启动风险消除程序")
			}
			p.Category = h.category
		}
		if err := p.Validate(ps, today); err != nil {
			return err
		}
		if err := p.CheckIdentified(ps, h.identified); err != nil {
			return err
		}
		var open int
		if err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM procedures WHERE county_code = ? AND household_no = ?
			AND kind = ? AND state = 'open'`), string(p.County), p.HouseholdNo, string(p.Kind)).Scan(&open); err != nil {
			return internal(err, "procedure.start")
		}
		if open > 0 {
			return errs.E(errs.Conflict, "该户已有办理中的%s程序", p.Kind.Label())
		}
		if _, err := s.db.Exec(ctx, tx, `INSERT INTO procedures (county_code, procedure_id, household_no, village_code, kind, state,
			category, way, source, lead_on, lead_note, stable_since, steps, closed_on, close_reason, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, 0, NULL, '', ?, ?, ?)`,
			string(p.County), p.ID, p.HouseholdNo, string(p.Village), string(p.Kind), p.Category, p.Way, p.Source, p.LeadOn,
			p.LeadNote, p.StableSince, p.CreatedBy, stamp(now), stamp(now)); err != nil {
			if isDuplicate(err) {
				return errs.E(errs.Conflict, "该户已有办理中的%s程序", p.Kind.Label())
			}
			return internal(err, "procedure.start")
		}
		return s.log.AppendTx(ctx, tx, audit.Entry{Action: audit.ProcedureUpdate, ObjectType: "procedure", ObjectID: p.ID,
			Region: p.Village, Detail: fmt.Sprintf("启动户 %s 的%s程序（%s，%s 发现线索，%s）", p.HouseholdNo, p.Kind.Label(),
				p.Source, p.LeadOn, p.Category)})
	})
}

// Get returns a procedure with its steps.
func (s *Procedures) Get(ctx context.Context, county region.Code, id string) (*procedure.Procedure, error) {
	return s.get(ctx, s.db.SQL, county, id)
}

func (s *Procedures) get(ctx context.Context, q querier, county region.Code, id string) (*procedure.Procedure, error) {
	var p procedure.Procedure
	err := scanProcedure(q.QueryRowContext(ctx, s.db.Rebind(`SELECT `+procedureCols+` FROM procedures p
		WHERE p.county_code = ? AND p.procedure_id = ?`), string(county), id), &p)
	if err == sql.ErrNoRows {
		return nil, errs.E(errs.NotFound, "该程序不存在")
	}
	if err != nil {
		return nil, internal(err, "procedure.get")
	}
	steps, err := s.steps(ctx, q, county, []string{id})
	if err != nil {
		return nil, err
	}
	p.Steps = steps[id]
	return &p, nil
}

// steps returns the steps of the procedures, by id, in order.
func (s *Procedures) steps(ctx context.Context, q querier, county region.Code, ids []string) (map[string][]procedure.Record, error) {
	out := map[string][]procedure.Record{}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		args := []any{string(county)}
		for _, id := range batch {
			args = append(args, id)
		}
		rows, err := q.QueryContext(ctx, s.db.Rebind(`SELECT procedure_id, step, done_on, until_on, by_whom, note, recorded_by, recorded_at
			FROM procedure_steps WHERE county_code = ? AND procedure_id IN (`+placeholders(len(batch))+`) ORDER BY procedure_id, step`), args...)
		if err != nil {
			return nil, internal(err, "procedure.steps")
		}
		for rows.Next() {
			var id, at string
			var r procedure.Record
			var step int
			if err := rows.Scan(&id, &step, &r.On, &r.Until, &r.By, &r.Note, &r.RecordedBy, &at); err != nil {
				rows.Close()
				return nil, internal(err, "procedure.steps")
			}
			r.Step, r.Recorded = procedure.Step(step), parseStamp(at)
			out[id] = append(out[id], r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal(err, "procedure.steps")
		}
	}
	return out, nil
}

// RecordStep records the procedure's next step and returns the procedure as it now stands; a
// step recorded already with the same content is left as it is. The step is checked against the procedure read inside the transaction that writes it: it
// must be the next step, on a day no earlier than the step before it, and the notice must run
// its statutory days.
func (s *Procedures) RecordStep(ctx context.Context, county region.Code, id string, r procedure.Record) (*procedure.Procedure, error) {
	today := s.Today()
	ps, err := s.params.Resolve(ctx, county, today.Time().Year())
	if err != nil {
		return nil, err
	}
	r.By, r.Note = strings.TrimSpace(r.By), strings.TrimSpace(r.Note)
	r.RecordedBy, r.Recorded = audit.ActorFrom(ctx).Username, s.db.Now()
	var p *procedure.Procedure
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if p, err = s.get(ctx, tx, county, id); err != nil {
			return err
		}
		// A phone on a poor line sends the same form again: the step it already recorded is
		// the answer, not a conflict.
		if old := p.Record(r.Step); old != nil && old.On == r.On && old.Until == r.Until && old.By == r.By && old.Note == r.Note {
			return nil
		}
		if err := p.CheckRecord(ps, r, today); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, tx, `INSERT INTO procedure_steps (county_code, procedure_id, step, done_on, until_on, by_whom, note,
			recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(county), id, int(r.Step), r.On, r.Until, r.By, r.Note,
			r.RecordedBy, stamp(r.Recorded)); err != nil {
			if isDuplicate(err) {
				return errs.E(errs.Conflict, "「%s」已由他人登记，请刷新后查看", r.Step.Name())
			}
			return internal(err, "procedure.step")
		}
		p.Steps = append(p.Steps, r)
		// The count of steps guards the row too: an update that finds another count lost a race.
		res, err := s.db.Exec(ctx, tx, `UPDATE procedures SET steps = ?, state = ?, updated_at = ?
			WHERE county_code = ? AND procedure_id = ? AND steps = ? AND state = 'open'`,
			len(p.Steps), string(p.State()), stamp(r.Recorded), string(county), id, len(p.Steps)-1)
		if err != nil {
			return internal(err, "procedure.step")
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(errs.Conflict, "该程序已被他人修改，请刷新后重试")
		}
		detail := fmt.Sprintf("户 %s 的%s程序：登记「%s」（%s，%s）", p.HouseholdNo, p.Kind.Label(), r.Step.Name(), r.On, clip(r.By, 30))
		if r.Step == procedure.Notice {
			detail = fmt.Sprintf("户 %s 的%s程序：登记「村内公示」（%s 至 %s，%s）", p.HouseholdNo, p.Kind.Label(), r.On, r.Until, clip(r.By, 30))
		}
		return s.log.AppendTx(ctx, tx, audit.Entry{Action: audit.ProcedureUpdate, ObjectType: "procedure", ObjectID: id,
			Region: p.Village, Detail: detail})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Close ends an open procedure early on the day given, with the reason: the visit found the
// household does not qualify, the village review did not pass, the household withdrew.
func (s *Procedures) Close(ctx context.Context, county region.Code, id string, on registry.Date, reason string) error {
	today := s.Today()
	reason = strings.TrimSpace(reason)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.get(ctx, tx, county, id)
		if err != nil {
			return err
		}
		if err := p.CheckClose(on, reason, today); err != nil {
			return err
		}
		res, err := s.db.Exec(ctx, tx, `UPDATE procedures SET state = 'closed', closed_on = ?, close_reason = ?, updated_at = ?
			WHERE county_code = ? AND procedure_id = ? AND steps = ? AND state = 'open'`,
			on, reason, stamp(s.db.Now()), string(county), id, len(p.Steps))
		if err != nil {
			return internal(err, "procedure.close")
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(errs.Conflict, "该程序已被他人修改，请刷新后重试")
		}
		return s.log.AppendTx(ctx, tx, audit.Entry{Action: audit.ProcedureUpdate, ObjectType: "procedure", ObjectID: id,
			Region: p.Village, Detail: fmt.Sprintf("终止户 %s 的%s程序（%s）：%s", p.HouseholdNo, p.Kind.Label(), on, clip(reason, 60))})
	})
}

// ProcedureFilter selects procedures.
type ProcedureFilter struct {
	Scope       region.Code
	HouseholdNo string
	State       procedure.State // "" for every state
	Limit       int
	Offset      int
}

// ProcedureView is a procedure as a list shows it: with its household head's name.
type ProcedureView struct {
	procedure.Procedure
	Head string
}

// List returns the procedures of the filter, the open ones first and the oldest lead first
// among them, with their steps, and how many match.
func (s *Procedures) List(ctx context.Context, f ProcedureFilter) ([]ProcedureView, int, error) {
	where, args := listScope("p", "village_code", f.Scope)
	if f.HouseholdNo != "" {
		where += " AND p.household_no = ?"
		args = append(args, f.HouseholdNo)
	}
	if f.State != "" {
		where += " AND p.state = ?"
		args = append(args, string(f.State))
	}
	var total int
	if err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM procedures p WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, internal(err, "procedure.list")
	}
	q := `SELECT ` + procedureCols + `, COALESCE((SELECT MIN(n.name) FROM persons n WHERE n.county_code = p.county_code
		AND n.household_no = p.household_no AND n.relation = '户主'), '')
		FROM procedures p WHERE ` + where + `
		ORDER BY CASE p.state WHEN 'open' THEN 0 ELSE 1 END, p.lead_on, p.procedure_id`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q), args...)
	if err != nil {
		return nil, 0, internal(err, "procedure.list")
	}
	var out []ProcedureView
	for rows.Next() {
		var v ProcedureView
		if err := scanProcedure(rows, &v.Procedure, &v.Head); err != nil {
			rows.Close()
			return nil, 0, internal(err, "procedure.list")
		}
		out = append(out, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, internal(err, "procedure.list")
	}
	if err := s.fillSteps(ctx, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// fillSteps reads the steps of the listed procedures, county by county.
func (s *Procedures) fillSteps(ctx context.Context, list []ProcedureView) error {
	ids := map[region.Code][]string{}
	for _, v := range list {
		ids[v.County] = append(ids[v.County], v.ID)
	}
	for county, batch := range ids {
		steps, err := s.steps(ctx, s.db.SQL, county, batch)
		if err != nil {
			return err
		}
		for i := range list {
			if list[i].County == county {
				list[i].Steps = steps[list[i].ID]
			}
		}
	}
	return nil
}

// Head returns the name of the household's head, "" when it has none recorded.
func (s *Procedures) Head(ctx context.Context, county region.Code, no string) (string, error) {
	var name string
	err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT COALESCE(MIN(name), '') FROM persons WHERE county_code = ?
		AND household_no = ? AND relation = '户主'`), string(county), no).Scan(&name)
	return name, internal(err, "procedure.head")
}

// Each calls fn for every procedure of county in scope (the county, or a township or village
// of it) as the object rules judge it, in id order: the open and the done ones (a closed one
// owes nothing).
func (s *Procedures) Each(ctx context.Context, county, scope region.Code, fn func(*procedure.Object) error) error {
	where, args := "p.county_code = ?", []any{string(county)}
	if scope.Level() > region.County && county.Contains(scope) {
		where, args = listScope("p", "village_code", scope)
	}
	const page = 1000
	after := ""
	for {
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+procedureCols+` FROM procedures p WHERE `+where+`
			AND p.state <> 'closed' AND p.procedure_id > ? ORDER BY p.procedure_id LIMIT ?`), append(args, after, page)...)
		if err != nil {
			return internal(err, "procedure.each")
		}
		var list []*procedure.Object
		var ids []string
		for rows.Next() {
			o := &procedure.Object{}
			if err := scanProcedure(rows, &o.Procedure); err != nil {
				rows.Close()
				return internal(err, "procedure.each")
			}
			list, ids = append(list, o), append(ids, o.Procedure.ID)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal(err, "procedure.each")
		}
		if len(list) == 0 {
			return nil
		}
		steps, err := s.steps(ctx, s.db.SQL, county, ids)
		if err != nil {
			return err
		}
		for _, o := range list {
			o.Steps = steps[o.Procedure.ID]
			if err := fn(o); err != nil {
				return err
			}
		}
		if len(list) < page {
			return nil
		}
		after = ids[len(ids)-1]
	}
}

// ProcedureHousehold is what the pages need of a household before starting its procedure.
type ProcedureHousehold struct {
	No         string
	County     region.Code
	Village    region.Code
	Category   string // "" when not monitored
	Unresolved bool   // monitored and its risk not eliminated
	Head       string
}

// Household returns the household with the 户编号 as a procedure sees it.
func (s *Procedures) Household(ctx context.Context, no string) (*ProcedureHousehold, error) {
	h, err := s.household(ctx, s.db.SQL, no)
	if err != nil {
		return nil, err
	}
	head, err := s.Head(ctx, h.county, no)
	if err != nil {
		return nil, err
	}
	return &ProcedureHousehold{No: no, County: h.county, Village: h.village, Category: h.category,
		Unresolved: h.category != "" && h.eliminated != registry.Yes, Head: head}, nil
}
