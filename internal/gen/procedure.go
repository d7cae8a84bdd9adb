package gen

import (
	"context"
	"fmt"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/procedure"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// The monitoring procedures of a generated area (internal/procedure), county by county:
// identifications of households not monitored, from every kind of lead, and risk eliminations
// of monitored households whose income has been stable for the months the policy asks. Most
// go through their steps in time, some are still under way, a few were ended after the visit
// found the household does not qualify, and some stall at a step past its deadline — the
// visit (I2-41), the county's decision within 15 days (I2-42), the township's review after the
// notice (I2-43) or the entry into the national system (I2-44). Everything is written through
// the store, step by step, as the pages would, so that the store's checks hold for the demo
// too; the same seed gives the same procedures.

// ProcedureConfig says what procedures to generate.
type ProcedureConfig struct {
	Area region.Code
	Seed uint64
	// PerCounty caps the identifications and the eliminations of a county each; 0 is 12.
	PerCounty int
}

// ProcedureStats counts what was generated.
type ProcedureStats struct {
	Procedures, Done, Overdue int
}

// procPlan is how far a generated procedure went: the lead so many days before today, the
// steps recorded (each on the day after the lead given), and whether it was ended early.
type procPlan struct {
	name    string
	leadAgo int
	days    []int // per step recorded: days after the lead (the notice: its first day)
	closed  bool
	overdue bool // a step is past its deadline today
}

// procPlans are the shapes of the procedures, cycled through; the notice always runs the
// default 5 days.
var procPlans = []procPlan{
	{name: "办结", leadAgo: 40, days: []int{2, 3, 4, 9, 11, 13}},
	{name: "办结", leadAgo: 25, days: []int{1, 3, 4, 10, 12, 14}},
	{name: "公示中", leadAgo: 6, days: []int{1, 2, 4}},
	{name: "已核实", leadAgo: 3, days: []int{2}},
	{name: "终止", leadAgo: 30, days: []int{3}, closed: true},
	{name: "逾期未核实", leadAgo: 9, overdue: true},
	{name: "逾期未审核", leadAgo: 20, days: []int{2, 3, 4}, overdue: true},
	{name: "办结", leadAgo: 60, days: []int{2, 4, 5, 10, 13, 15}},
	{name: "逾期未录入", leadAgo: 30, days: []int{2, 3, 4, 9, 11}, overdue: true},
}

var procWho = []string{"村“两委”和驻村工作队", "村民代表会议", "村委会", "乡镇人民政府", "县乡村振兴局", "县防返贫监测信息员"}

var procNotes = []string{"核实家庭收入、支出和“三保障”、饮水情况，填写入户核查表", "到会村民代表 21 人，同意 21 人",
	"村委会公示栏和村务微信群", "审核入户核查表、评议记录和公示照片，无异议", "县级审定同意", "已录入全国防返贫监测信息系统"}

// FillProcedures generates the monitoring procedures of the households of cfg.Area stored in
// db and stores them through the procedure store (audited as the demo's).
func FillProcedures(ctx context.Context, db *store.DB, tree *region.Tree, cfg ProcedureConfig) (ProcedureStats, error) {
	var st ProcedureStats
	ctx = audit.WithActor(ctx, audit.Actor{Username: "demo"})
	ps, smp := store.NewProcedures(db), store.NewSample(db)
	per := cfg.PerCounty
	if per <= 0 {
		per = 12
	}
	today := ps.Today()
	counties := tree.Descendants(cfg.Area, region.County)
	if cfg.Area.Level() == region.County {
		counties = []region.Region{{Code: cfg.Area, Level: region.County}}
	}
	for _, c := range counties {
		rows, err := smp.Rows(ctx, c.Code, store.ScoreSpec{})
		if err != nil {
			return st, err
		}
		r := genRand(cfg.Seed, "procedure", string(c.Code))
		// Every household is a candidate with a small chance, in a random order of start, so
		// the procedures spread over the county's villages.
		idents, elims := 0, 0
		for _, i := range r.Perm(len(rows)) {
			h := rows[i]
			if idents >= per && elims >= per {
				break
			}
			p := &procedure.Procedure{HouseholdNo: h.No}
			n := idents + elims
			plan := procPlans[n%len(procPlans)]
			p.LeadOn = procedure.AddDays(today, -plan.leadAgo)
			p.Source = procedure.Sources[r.IntN(len(procedure.Sources))]
			switch {
			case h.Category == "" && idents < per:
				p.Kind, p.Category = procedure.Identify, registry.MonitoringCategories[1+r.IntN(2)]
			case h.Category != "" && elims < per:
				p.Kind, p.Way = procedure.Eliminate, registry.EliminationWays[r.IntN(2)]
				// Stable since 7 to 9 months before the lead: more than the policy's six, whatever the
				// length of the months between.
				p.StableSince = procedure.AddMonths(p.LeadOn, -7-r.IntN(3))
				if p.Source == "农户电话申请" || p.Source == "部门数据比对" {
					p.Source = "入户走访发现"
				}
			default:
				continue
			}
			p.LeadNote = leadNote(p)
			if err := ps.Start(ctx, p); err != nil {
				if c := errs.CodeOf(err); c == errs.Conflict || c == errs.Invalid && p.Kind == procedure.Eliminate {
					// Eliminated already, a procedure open, or identified less than the months
					// an elimination waits: another household.
					continue
				}
				return st, fmt.Errorf("gen: procedure of %s: %w", h.No, err)
			}
			if p.Kind == procedure.Identify {
				idents++
			} else {
				elims++
			}
			if err := walk(ctx, ps, p, plan); err != nil {
				return st, fmt.Errorf("gen: procedure of %s: %w", h.No, err)
			}
			st.Procedures++
			if len(plan.days) == int(procedure.NumSteps) {
				st.Done++
			}
			if plan.overdue {
				st.Overdue++
			}
		}
	}
	return st, nil
}

// walk records the plan's steps of a started procedure, and its end when it was ended early.
func walk(ctx context.Context, ps *store.Procedures, p *procedure.Procedure, plan procPlan) error {
	noticeDays := policy.MustDefaults(p.LeadOn.Time().Year()).Int(policy.NoticeDays)
	for i, d := range plan.days {
		s := procedure.Step(i)
		rec := procedure.Record{Step: s, On: procedure.AddDays(p.LeadOn, d), By: procWho[i], Note: procNotes[i]}
		if s == procedure.Notice {
			rec.Until = procedure.AddDays(rec.On, noticeDays-1)
		}
		if _, err := ps.RecordStep(ctx, p.County, p.ID, rec); err != nil {
			return err
		}
	}
	if plan.closed {
		on := procedure.AddDays(p.LeadOn, plan.days[len(plan.days)-1])
		return ps.Close(ctx, p.County, p.ID, on, "入户核实家庭人均纯收入高于监测范围，且无刚性支出骤增，不符合纳入条件")
	}
	return nil
}

// leadNote is what the lead said, by its source.
func leadNote(p *procedure.Procedure) string {
	if p.Kind == procedure.Eliminate {
		return "家庭收入连续稳定超过监测范围，“三保障”和饮水安全有保障，拟申请消除风险"
	}
	switch p.Source {
	case "规则预警":
		return "排查预警：人均纯收入低于监测范围，未纳入监测"
	case "部门数据比对":
		return "医保部门推送：合规自付医疗费用较高"
	case "农户电话申请":
		return "户主来电：家人患病住院，支出骤增"
	case "农户当面申请":
		return "户主到村委会申请：因灾房屋受损"
	}
	return "走访发现：主要劳动力务工受伤，收入骤减"
}
