package rules

import (
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/employment"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 6, employment workshops, the employment of target labour against last year, and
// the people who want work: a workshop stopped or shrinking, a workshop that counts people who
// work elsewhere; a county or township whose employed target labour fell; a need left unmet
// past the deadline.
var _ = registerObjects(
	&ObjectRule{
		ID: "I6-22", Indicator: 6, Severity: Medium, Kind: employment.KindWorkshop,
		Title:   "就业帮扶车间停产或萎缩",
		Explain: "%s%s",
		Params:  []policy.Name{policy.WorkshopDropPct, policy.WorkshopMinWorkers},
		Basis: "就业帮扶车间享受认定和补贴政策，应持续吸纳脱贫劳动力和监测对象就业（一般不少于 5 人）；停产或吸纳人数大幅减少的车间应调整认定、停止补贴（后评估“就业帮扶”指标）；" +
			"吸纳人数按车间务工人员名单中当日和上年同日在岗、且在农户信息中属于脱贫户或监测户的人统计",
		Fix: "核实车间的经营状况：停产的帮助恢复生产或转介原务工人员就业，长期停产的取消认定、停发补贴；吸纳人数不足的督促补足或调整认定，并更新车间台账和务工人员名单",
		Cases: []ObjectCase{
			{Desc: "车间运营，吸纳帮扶对象 12 人，上年同日 13 人", Object: workshopCase(12, 13)},
			{Desc: "车间运营状态「停产」", Object: workshopCase(12, 13, workshopStatus(employment.Stopped)), Fires: true},
			{Desc: "车间运营，吸纳帮扶对象 8 人，上年同日 12 人（减少 33%）", Object: workshopCase(8, 12), Fires: true},
			{Desc: "车间运营，吸纳帮扶对象 4 人（少于 5 人），上年同日 4 人", Object: workshopCase(4, 4), Fires: true},
			{Desc: "车间运营，县里没有建立车间务工人员名单（未采集）", Object: workshopCase(0, 0, func(w *employment.WorkshopObject) { w.WorkersKept = false })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			w := o.(*employment.WorkshopObject)
			pct, min := c.P.Int(policy.WorkshopDropPct), c.P.Int(policy.WorkshopMinWorkers)
			switch {
			case w.Status == employment.Stopped:
				emit(w.ID(), w.Label(), "运营状态为「停产」")
			case !w.WorkersKept:
			case w.TargetThen > 0 && (w.TargetThen-w.Target)*100 > w.TargetThen*pct:
				emit(w.ID(), w.Label(), fmt.Sprintf("吸纳脱贫劳动力和监测对象 %d 人，上年同日 %d 人，减少 %d%%（超过 %d%% 即为萎缩）",
					w.Target, w.TargetThen, (w.TargetThen-w.Target)*100/w.TargetThen, pct))
			case w.Target < min:
				emit(w.ID(), w.Label(), fmt.Sprintf("吸纳脱贫劳动力和监测对象 %d 人，少于 %d 人", w.Target, min))
			}
		},
	},
	&ObjectRule{
		ID: "I6-23", Indicator: 6, Severity: High, Kind: employment.KindWorkshop,
		Title:   "帮扶车间把在别处务工的人算作吸纳就业",
		Explain: "%s的务工人员名单中有 %d 人实际在别处就业：%s",
		Params:  []policy.Name{policy.AwayMonths},
		Basis: "就业帮扶车间按实际吸纳的人数享受补贴，把在外务工或在其他车间务工的人列入名单属于虚报吸纳就业（后评估“就业帮扶”指标：就业信息不实）；" +
			"按证件号码前 18 位比对农户信息中的务工所在地（县外务工达到月数）和其他车间的在岗名单",
		Fix: "逐人核实务工人员是否在车间上班：不在的从名单中删除，已按虚报人数领取的补贴予以追回；农户信息有误的更正务工所在地",
		Cases: []ObjectCase{
			{Desc: "务工人员都在本乡镇务工", Object: workshopCase(12, 12, workshopStaff("李秀英", "通渭县平襄镇", 10, ""))},
			{Desc: "务工人员「李秀英」在农户信息中务工所在地为「江苏省苏州市昆山市」，务工 10 个月", Object: workshopCase(12, 12, workshopStaff("李秀英", "江苏省苏州市昆山市", 10, "")), Fires: true},
			{Desc: "务工人员「李秀英」在「兰州市城关区」（省内县外）务工 6 个月", Object: workshopCase(12, 12, workshopStaff("李秀英", "兰州市城关区", 6, "")), Fires: true},
			{Desc: "务工人员「李秀英」在「兰州市城关区」务工 3 个月（不足 6 个月）", Object: workshopCase(12, 12, workshopStaff("李秀英", "兰州市城关区", 3, ""))},
			{Desc: "务工人员「李秀英」同时登记在另一车间「马营镇服装车间」", Object: workshopCase(12, 12, workshopStaff("李秀英", "", 0, "马营镇服装车间")), Fires: true},
		},
		Check: func(c *Context, o Object, emit Emit) {
			w := o.(*employment.WorkshopObject)
			months := c.P.Int(policy.AwayMonths)
			var who []string
			for _, s := range w.Staff {
				switch h := s.Holder; {
				case s.Other != "":
					who = append(who, s.Name+"（同时登记在车间「"+s.Other+"」）")
				case h != nil && strings.TrimSpace(h.WorkLocation) != "" && h.WorkMonths.N >= months:
					if a := workAreaOf(c, h.WorkLocation, h.Home); a.Valid() && !a.InCounty() {
						who = append(who, fmt.Sprintf("%s（务工所在地「%s」，%d 个月）", s.Name, h.WorkLocation, h.WorkMonths.N))
					}
				}
			}
			if len(who) > 0 {
				emit(w.ID(), w.Label(), len(who), joinCN(who))
			}
		},
	},
	&ObjectRule{
		ID: "I6-24", Indicator: 6, Severity: High, Kind: employment.KindRegion,
		Title:   "脱贫劳动力务工就业人数较上年减少",
		Explain: "%s脱贫劳动力（含监测对象）务工就业 %d 人，上年 %d 人，减少 %s%%（超过 %d%% 即预警）%s",
		Params:  []policy.Name{policy.EmploymentDropPct, policy.EmploymentNational},
		Basis: "过渡期要求脱贫劳动力务工就业规模稳定在上年水平以上（后评估“就业帮扶”指标：务工人数少于上年）；" +
			"今年的人数取务工监测（没有时按农户信息中有务工时间、务工所在地或公益性岗位的劳动力统计），上年的人数取上年的务工监测",
		Fix: "分析务工人数减少的村和原因，组织劳务输出、岗位推荐和技能培训，对返乡未就业人员逐人落实就业帮扶；统计口径有误的更正务工监测数据",
		Cases: []ObjectCase{
			{Desc: "县里今年务工 10,200 人，上年 10,000 人", Object: regionEmployment(10200, 10000, true)},
			{Desc: "县里今年务工 10,000 人，与上年持平", Object: regionEmployment(10000, 10000, true)},
			{Desc: "县里今年务工 9,990 人，上年 10,000 人", Object: regionEmployment(9990, 10000, true), Fires: true},
			{Desc: "县里没有上年的务工监测（未采集）", Object: regionEmployment(9000, 0, false)},
		},
		Check: func(c *Context, o Object, emit Emit) {
			r := o.(*employment.RegionEmployment)
			pct := c.P.Num(policy.EmploymentDropPct)
			if !r.PrevKnown || r.PrevEmpl <= 0 {
				return
			}
			drop := float64(r.PrevEmpl-r.Employed) * 100 / float64(r.PrevEmpl)
			if drop > pct {
				nat := ""
				if s := strings.TrimSpace(c.P.Text(policy.EmploymentNational)); s != "" {
					nat = "；全国较上年变化 " + s + "%（录入）"
				}
				emit(r.ID(), r.Name, r.Employed, r.PrevEmpl, fmt.Sprintf("%.1f", drop), int(pct), nat)
			}
		},
	},
	&ObjectRule{
		ID: "I6-25", Indicator: 6, Severity: Medium, Kind: employment.KindNeed,
		Title:   "就业需求超期未落实帮扶",
		Explain: "%s于 %s 登记就业需求（求职意向「%s」），已 %d 天仍为「%s」（期限 %d 天）",
		Params:  []policy.Name{policy.WorkNeedDays},
		Basis:   "对有就业意愿的脱贫劳动力和监测对象，应及时推荐岗位、组织培训或安排公益性岗位，做到“有需求、有服务”（后评估“就业帮扶”指标）",
		Fix:     "对照本乡镇就业帮扶车间和空缺岗位为本人推荐就业，组织技能培训；已就业或不再需要的更新就业需求状态",
		Cases: []ObjectCase{
			{Desc: "2026-11-01 登记，待帮扶 27 天", Object: needCase(registry.NewDate(2026, 11, 1), employment.NeedOpen)},
			{Desc: "2026-10-29 登记，待帮扶 30 天", Object: needCase(registry.NewDate(2026, 10, 29), employment.NeedOpen)},
			{Desc: "2026-10-28 登记，待帮扶 31 天", Object: needCase(registry.NewDate(2026, 10, 28), employment.NeedOpen), Fires: true},
			{Desc: "2026-08-01 登记，已推荐岗位但仍未就业", Object: needCase(registry.NewDate(2026, 8, 1), employment.NeedReferred), Fires: true},
			{Desc: "2026-08-01 登记，已就业", Object: needCase(registry.NewDate(2026, 8, 1), employment.NeedEmployed)},
		},
		Check: func(c *Context, o Object, emit Emit) {
			n := o.(*employment.NeedObject)
			if employment.Closed(n.Status) || n.Registered.IsZero() {
				return
			}
			days := int(c.Ref.Time().Sub(n.Registered.Time()).Hours() / 24)
			if limit := c.P.Int(policy.WorkNeedDays); days > limit {
				emit(n.ID(), n.Name, n.Registered.String(), blankAs(n.Wish, "未填"), days, n.Status, limit)
			}
		},
	},
)

// workshopCase is a running workshop of the casebook's township with the target workers now
// and a year before, changed by the options.
func workshopCase(now, then int, opts ...func(*employment.WorkshopObject)) func() Object {
	return func() Object {
		w := &employment.WorkshopObject{
			Workshop: employment.Workshop{ID: "CJ-01", County: region.Code(village).County(), Village: village, Name: "平襄镇扶贫车间",
				Owner: "通渭县某服饰有限公司", Status: employment.Running, Recognized: registry.NewDate(2021, 5, 1), Hired: 15},
			Workers: now + 2, Target: now, TargetThen: then, WorkersKept: true,
		}
		for _, o := range opts {
			o(w)
		}
		return w
	}
}

func workshopStatus(s string) func(*employment.WorkshopObject) {
	return func(w *employment.WorkshopObject) { w.Status = s }
}

// workshopStaff adds a worker whom the registry places at work in place for months, and whom another
// workshop counts when other is not blank.
func workshopStaff(name, place string, months int, other string) func(*employment.WorkshopObject) {
	return func(w *employment.WorkshopObject) {
		h := &employment.HolderFact{HouseholdNo: hhNo, Name: name, Home: village, WorkLocation: place, WorkMonths: registry.CountOf(months), Target: true}
		w.Staff = append(w.Staff, employment.WorkerFact{Name: name, Holder: h, Other: other})
	}
}

func regionEmployment(now, prev int, known bool) func() Object {
	return func() Object {
		return &employment.RegionEmployment{Code: region.Code(village).County(), Name: "通渭县", Year: 2026, Labour: 15000, Employed: now,
			PrevLabour: 15000, PrevEmpl: prev, PrevKnown: known}
	}
}

func needCase(on registry.Date, st string) func() Object {
	return func() Object {
		return &employment.NeedObject{Need: employment.Need{ID: "N1", County: region.Code(village).County(), Village: village, Name: "张小红",
			IDNumber: spouseKey, Registered: on, Wish: "就业帮扶车间", Status: st}}
	}
}
