package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/workplan"
)

// WorkPlans stores the work plans (package workplan): tasks and the policies to match. Every
// change is validated and writes its audit row in the transaction that makes it. The caller
// has checked that the user may see and change the task's region or the policy's county.
type WorkPlans struct {
	db  *DB
	log *AuditLog
}

// NewWorkPlans returns the work-plan store of db.
func NewWorkPlans(db *DB) *WorkPlans { return &WorkPlans{db: db, log: NewAuditLog(db)} }

// Today returns today's date in China, on the store's clock.
func (w *WorkPlans) Today() registry.Date { return registry.DateOf(w.db.Now().In(ledger.China)) }

func (w *WorkPlans) now() time.Time { return w.db.Now().UTC().Truncate(time.Second) }

const taskCols = `county_code, id, region_code, year, title, unit, person, deadline, status, done_on, evidence, indicators, updated_by, updated_at`

func scanTask(sc scanner) (*workplan.Task, error) {
	t := &workplan.Task{}
	var county, reg, status, inds, at string
	if err := sc.Scan(&county, &t.ID, &reg, &t.Year, &t.Title, &t.Unit, &t.Person, &t.Deadline, &status, &t.DoneOn, &t.Evidence,
		&inds, &t.UpdatedBy, &at); err != nil {
		return nil, err
	}
	t.County, t.Region, t.Status = region.Code(county), region.Code(reg), workplan.Status(status)
	t.UpdatedAt = parseTS(sql.NullString{String: at, Valid: true})
	for _, s := range strings.Split(inds, ",") {
		if n, err := strconv.Atoi(s); err == nil {
			t.Indicators = append(t.Indicators, n)
		}
	}
	return t, nil
}

func indicatorsText(is []int) string {
	s := make([]string, len(is))
	for i, n := range is {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// AddTask validates and stores a new task; it gets its id, county and, when it is done, the
// completion date today unless one is given.
func (w *WorkPlans) AddTask(ctx context.Context, t *workplan.Task) error {
	if err := t.Validate(); err != nil {
		return err
	}
	t.County, t.ID = t.Region.County(), newItemID(t.Region.County())
	if t.Status == workplan.Done && t.DoneOn.IsZero() {
		t.DoneOn = w.Today()
	}
	t.UpdatedBy, t.UpdatedAt = audit.ActorFrom(ctx).Username, w.now()
	return w.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := w.db.Exec(ctx, tx, `INSERT INTO plan_tasks (`+taskCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			string(t.County), t.ID, string(t.Region), t.Year, t.Title, t.Unit, t.Person, t.Deadline, string(t.Status), t.DoneOn,
			t.Evidence, indicatorsText(t.Indicators), t.UpdatedBy, tsArg(t.UpdatedAt)); err != nil {
			return internal(err, "plan.addTask")
		}
		return w.log.AppendTx(ctx, tx, audit.Entry{Action: audit.PlanUpdate, ObjectType: workplan.KindTask, ObjectID: t.ID, Region: t.Region,
			Detail: fmt.Sprintf("新增工作任务「%s」（%s，时限 %s，%s）", clip(t.Title, 60), t.Unit, t.Deadline, t.Status)})
	})
}

// Task returns a task of the county.
func (w *WorkPlans) Task(ctx context.Context, county region.Code, id string) (*workplan.Task, error) {
	t, err := scanTask(w.db.SQL.QueryRowContext(ctx, w.db.Rebind(`SELECT `+taskCols+` FROM plan_tasks WHERE county_code = ? AND id = ?`),
		string(county), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "工作任务不存在")
	}
	if err != nil {
		return nil, internal(err, "plan.task")
	}
	return t, nil
}

// UpdateTask validates and stores a task's new content over the stored one (its county and id
// stay); a task that becomes done gets today as its completion date unless one is given. The
// audit row names what changed.
func (w *WorkPlans) UpdateTask(ctx context.Context, t *workplan.Task) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return w.db.Tx(ctx, func(tx *sql.Tx) error {
		old, err := scanTask(tx.QueryRowContext(ctx, w.db.Rebind(`SELECT `+taskCols+` FROM plan_tasks WHERE county_code = ? AND id = ?`),
			string(t.County), t.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return errs.E(errs.NotFound, "工作任务不存在")
		}
		if err != nil {
			return internal(err, "plan.updateTask")
		}
		if t.Region.County() != old.County {
			return errs.E(errs.Invalid, "任务不能改到其他县")
		}
		if t.Status == workplan.Done && t.DoneOn.IsZero() {
			t.DoneOn = old.DoneOn
			if t.DoneOn.IsZero() {
				t.DoneOn = w.Today()
			}
		}
		var what []string
		for _, c := range []struct{ name, a, b string }{
			{"任务内容", old.Title, t.Title}, {"所属地区", string(old.Region), string(t.Region)}, {"责任单位", old.Unit, t.Unit},
			{"责任人", old.Person, t.Person}, {"时限", old.Deadline.String(), t.Deadline.String()},
			{"状态", string(old.Status), string(t.Status)}, {"完成情况", old.Evidence, t.Evidence},
			{"指标", indicatorsText(old.Indicators), indicatorsText(t.Indicators)}, {"年度", strconv.Itoa(old.Year), strconv.Itoa(t.Year)},
		} {
			if c.a != c.b {
				what = append(what, c.name+"「"+clip(c.a, 30)+"」→「"+clip(c.b, 30)+"」")
			}
		}
		if len(what) == 0 {
			return errs.E(errs.Conflict, "没有改动任何内容")
		}
		t.UpdatedBy, t.UpdatedAt = audit.ActorFrom(ctx).Username, w.now()
		if _, err := w.db.Exec(ctx, tx, `UPDATE plan_tasks SET region_code = ?, year = ?, title = ?, unit = ?, person = ?, deadline = ?,
			status = ?, done_on = ?, evidence = ?, indicators = ?, updated_by = ?, updated_at = ? WHERE county_code = ? AND id = ?`,
			string(t.Region), t.Year, t.Title, t.Unit, t.Person, t.Deadline, string(t.Status), t.DoneOn, t.Evidence,
			indicatorsText(t.Indicators), t.UpdatedBy, tsArg(t.UpdatedAt), string(t.County), t.ID); err != nil {
			return internal(err, "plan.updateTask")
		}
		return w.log.AppendTx(ctx, tx, audit.Entry{Action: audit.PlanUpdate, ObjectType: workplan.KindTask, ObjectID: t.ID, Region: t.Region,
			Detail: "修改工作任务「" + clip(t.Title, 40) + "」：" + strings.Join(what, "；")})
	})
}

// TaskFilter selects tasks.
type TaskFilter struct {
	Scope     region.Code
	Year      int // 0 for every year
	Status    workplan.Status
	Indicator int  // 0 for any
	Overdue   bool // only those past their deadline and not done on Today
	Today     registry.Date
}

// Tasks returns the tasks of the filter, by deadline.
func (w *WorkPlans) Tasks(ctx context.Context, f TaskFilter) ([]*workplan.Task, error) {
	where, args := []string{"1=1"}, []any{}
	if p := f.Scope.Prefix(); p != "" {
		where, args = append(where, "region_code >= ? AND region_code < ?"), append(args, p, prefixEnd(p))
		if len(p) >= 6 {
			where, args = append(where, "county_code = ?"), append(args, string(f.Scope.County()))
		}
	}
	if f.Year != 0 {
		where, args = append(where, "year = ?"), append(args, f.Year)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	rows, err := w.db.SQL.QueryContext(ctx, w.db.Rebind(`SELECT `+taskCols+` FROM plan_tasks WHERE `+strings.Join(where, " AND ")+`
		ORDER BY deadline, county_code, id`), args...)
	if err != nil {
		return nil, internal(err, "plan.tasks")
	}
	defer rows.Close()
	var out []*workplan.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, internal(err, "plan.tasks")
		}
		if (f.Indicator != 0 && !t.Serves(f.Indicator)) || (f.Overdue && !t.Overdue(f.Today)) {
			continue
		}
		out = append(out, t)
	}
	return out, internal(rows.Err(), "plan.tasks")
}

// EachTask calls fn with each task of the county in scope.
func (w *WorkPlans) EachTask(ctx context.Context, county, scope region.Code, fn func(*workplan.Task) error) error {
	if !county.Contains(scope) {
		scope = county
	}
	list, err := w.Tasks(ctx, TaskFilter{Scope: scope})
	if err != nil {
		return err
	}
	for _, t := range list {
		if err := fn(t); err != nil {
			return err
		}
	}
	return nil
}

const policyCols = `county_code, id, title, doc_no, level, issued_on, city_plan_on, city_plan_title, county_plan_on, county_plan_title,
	updated_by, updated_at`

func scanPolicy(sc scanner) (*workplan.Policy, error) {
	p := &workplan.Policy{}
	var county, level, at string
	if err := sc.Scan(&county, &p.ID, &p.Title, &p.DocNo, &level, &p.IssuedOn, &p.CityPlan.IssuedOn, &p.CityPlan.Title,
		&p.CountyPlan.IssuedOn, &p.CountyPlan.Title, &p.UpdatedBy, &at); err != nil {
		return nil, err
	}
	p.County, p.Level, p.UpdatedAt = region.Code(county), workplan.Level(level), parseTS(sql.NullString{String: at, Valid: true})
	return p, nil
}

func matchText(m workplan.Match) string {
	if m.IssuedOn.IsZero() {
		return "未出台"
	}
	return m.IssuedOn.String() + " " + m.Title
}

// SavePolicy validates and stores a policy of p.County: a new one when p.ID is empty (it gets
// its id), else over the stored one.
func (w *WorkPlans) SavePolicy(ctx context.Context, p *workplan.Policy) error {
	if p.County.Level() != region.County {
		return errs.E(errs.Invalid, "政策配套须登记在一个县")
	}
	if err := p.Validate(); err != nil {
		return err
	}
	p.UpdatedBy, p.UpdatedAt = audit.ActorFrom(ctx).Username, w.now()
	return w.db.Tx(ctx, func(tx *sql.Tx) error {
		detail := ""
		if p.ID == "" {
			p.ID = newItemID(p.County)
			if _, err := w.db.Exec(ctx, tx, `INSERT INTO plan_policies (`+policyCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				string(p.County), p.ID, p.Title, p.DocNo, string(p.Level), p.IssuedOn, p.CityPlan.IssuedOn, p.CityPlan.Title,
				p.CountyPlan.IssuedOn, p.CountyPlan.Title, p.UpdatedBy, tsArg(p.UpdatedAt)); err != nil {
				return internal(err, "plan.addPolicy")
			}
			detail = fmt.Sprintf("登记上级政策「%s」（%s级，%s 印发）", clip(p.Title, 60), p.Level, p.IssuedOn)
		} else {
			old, err := scanPolicy(tx.QueryRowContext(ctx, w.db.Rebind(`SELECT `+policyCols+` FROM plan_policies WHERE county_code = ? AND id = ?`),
				string(p.County), p.ID))
			if errors.Is(err, sql.ErrNoRows) {
				return errs.E(errs.NotFound, "政策不存在")
			}
			if err != nil {
				return internal(err, "plan.updatePolicy")
			}
			var what []string
			for _, c := range []struct{ name, a, b string }{
				{"名称", old.Title, p.Title}, {"文号", old.DocNo, p.DocNo}, {"层级", string(old.Level), string(p.Level)},
				{"印发日期", old.IssuedOn.String(), p.IssuedOn.String()},
				{"市级方案", matchText(old.CityPlan), matchText(p.CityPlan)}, {"县级方案", matchText(old.CountyPlan), matchText(p.CountyPlan)},
			} {
				if c.a != c.b {
					what = append(what, c.name+"「"+clip(c.a, 30)+"」→「"+clip(c.b, 30)+"」")
				}
			}
			if len(what) == 0 {
				return errs.E(errs.Conflict, "没有改动任何内容")
			}
			if _, err := w.db.Exec(ctx, tx, `UPDATE plan_policies SET title = ?, doc_no = ?, level = ?, issued_on = ?, city_plan_on = ?,
				city_plan_title = ?, county_plan_on = ?, county_plan_title = ?, updated_by = ?, updated_at = ? WHERE county_code = ? AND id = ?`,
				p.Title, p.DocNo, string(p.Level), p.IssuedOn, p.CityPlan.IssuedOn, p.CityPlan.Title, p.CountyPlan.IssuedOn,
				p.CountyPlan.Title, p.UpdatedBy, tsArg(p.UpdatedAt), string(p.County), p.ID); err != nil {
				return internal(err, "plan.updatePolicy")
			}
			detail = "修改上级政策「" + clip(p.Title, 40) + "」：" + strings.Join(what, "；")
		}
		return w.log.AppendTx(ctx, tx, audit.Entry{Action: audit.PlanUpdate, ObjectType: workplan.KindPolicy, ObjectID: p.ID, Region: p.County,
			Detail: detail})
	})
}

// Policy returns a policy of the county.
func (w *WorkPlans) Policy(ctx context.Context, county region.Code, id string) (*workplan.Policy, error) {
	p, err := scanPolicy(w.db.SQL.QueryRowContext(ctx, w.db.Rebind(`SELECT `+policyCols+` FROM plan_policies WHERE county_code = ? AND id = ?`),
		string(county), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "政策不存在")
	}
	if err != nil {
		return nil, internal(err, "plan.policy")
	}
	return p, nil
}

// Policies returns the policies kept by the counties of the scope (a county, or a region above
// it; a township or village sees its county's), latest first.
func (w *WorkPlans) Policies(ctx context.Context, scope region.Code) ([]*workplan.Policy, error) {
	where, args := "1=1", []any{}
	if p := scope.Prefix(); len(p) >= 6 {
		where, args = "county_code = ?", []any{string(scope.County())}
	} else if p != "" {
		where, args = "county_code >= ? AND county_code < ?", []any{p, prefixEnd(p)}
	}
	rows, err := w.db.SQL.QueryContext(ctx, w.db.Rebind(`SELECT `+policyCols+` FROM plan_policies WHERE `+where+`
		ORDER BY issued_on DESC, county_code, id`), args...)
	if err != nil {
		return nil, internal(err, "plan.policies")
	}
	defer rows.Close()
	var out []*workplan.Policy
	for rows.Next() {
		p, err := scanPolicy(rows)
		if err != nil {
			return nil, internal(err, "plan.policies")
		}
		out = append(out, p)
	}
	return out, internal(rows.Err(), "plan.policies")
}
