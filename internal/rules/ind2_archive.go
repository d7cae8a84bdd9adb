package rules

import (
	"github.com/gonggu/gonggu/internal/archive"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The archives (档案资料大整理, the fifth of the six campaigns): every monitored or alleviated
// household and every village keeps the documents the post-evaluation asks to see, as the
// county's lists name them. An archive with a listed item neither attached nor held on paper
// is a finding of low severity: the evaluators mark the gap, not a household in need. Items
// the lists do not name are not asked for ("不要无用的材料").
var _ = registerObjects(
	&ObjectRule{
		ID: "I2-51", Indicator: 2, Severity: Low, Kind: string(archive.KindHousehold),
		Title:   "户档案缺少应有的资料",
		Explain: "%s（%s）缺少 %d 项应有的资料：%s",
		Params:  archive.HouseholdParams,
		Basis: "后评估抽查农户时查阅户档案：监测户应有识别纳入程序的申请书、入户核查表、民主评议记录、公示照片、审批表和帮扶计划、走访记录、收入核算表，" +
			"风险已消除户另有风险消除审批表和公示照片，脱贫户应有帮扶计划、走访记录和收入核算表（清单为本省的要求，可按省、县调整）；" +
			"资料上传电子件或登记纸质存放位置的算已有，清单以外的材料不计；本县开始在系统中登记档案资料后才判断",
		Fix: "由村“两委”和驻村工作队对照清单补齐资料：能补做的按程序补做（补写说明，不得倒签日期），纸质资料登记存放位置，电子件上传到档案清单",
		Cases: []ObjectCase{
			{Desc: "监测户清单上的 8 项资料齐全（有的是纸质存档）", Object: archiveCase(archive.Monitored, archiveHas(archiveMonitoredItems...))},
			{Desc: "监测户缺审批表", Object: archiveCase(archive.Monitored, archiveHas("申请书", "入户核查表", "民主评议记录", "公示照片", "帮扶计划", "走访记录", "收入核算表")), Fires: true},
			{Desc: "风险已消除户有监测户的 8 项，缺风险消除审批表和公示照片", Object: archiveCase(archive.Eliminated, archiveHas(archiveMonitoredItems...)), Fires: true},
			{Desc: "风险已消除户 10 项齐全", Object: archiveCase(archive.Eliminated, archiveHas(append(archiveMonitoredItems, "风险消除审批表", "风险消除公示照片")...))},
			{Desc: "脱贫户（未监测）有帮扶计划、走访记录、收入核算表 3 项", Object: archiveCase(archive.Alleviated, archiveHas("帮扶计划", "走访记录", "收入核算表"))},
			{Desc: "脱贫户（未监测）有 3 项清单外的材料，缺收入核算表", Object: archiveCase(archive.Alleviated,
				archiveHas("帮扶计划", "走访记录", "户口本复印件", "慰问照片", "政策宣传单")), Fires: true},
			{Desc: "一般农户（从未监测）没有档案也不缺", Object: archiveCase(archive.None)},
		},
		Check: func(c *Context, o Object, emit Emit) {
			a := o.(*archive.Object)
			s := a.Status(archive.ListsFrom(c.P, true, false))
			if len(s.Missing) > 0 {
				emit(a.ID(), a.Label(), string(a.Category), len(s.Missing), joinCN(s.Missing))
			}
		},
	},
	&ObjectRule{
		ID: "I2-52", Indicator: 2, Severity: Low, Kind: string(archive.KindVillage),
		Title:   "村级档案缺少应有的资料",
		Explain: "%s缺少 %d 项应有的资料：%s",
		Params:  []policy.Name{policy.ArchiveVillage},
		Basis: "后评估到村查阅村级档案：村级台账、会议记录、项目公示、监测对象名单、帮扶责任人名单（清单为本省的要求，可按省、县调整）；" +
			"资料上传电子件或登记纸质存放位置的算已有，清单以外的材料不计；本县开始在系统中登记档案资料后才判断",
		Fix: "由村“两委”对照清单整理村级档案，缺的按实际补齐（会议记录、公示以当时的原件为准，不得补造），纸质资料登记存放位置",
		Cases: []ObjectCase{
			{Desc: "村级 5 项资料齐全", Object: archiveVillageCase(archiveHas("村级台账", "会议记录", "项目公示", "监测对象名单", "帮扶责任人名单"))},
			{Desc: "村级缺帮扶责任人名单", Object: archiveVillageCase(archiveHas("村级台账", "会议记录", "项目公示", "监测对象名单")), Fires: true},
			{Desc: "村级什么都没有整理", Object: archiveVillageCase(), Fires: true},
		},
		Check: func(c *Context, o Object, emit Emit) {
			a := o.(*archive.Object)
			s := a.Status(archive.ListsFrom(c.P, false, true))
			if len(s.Missing) > 0 {
				emit(a.ID(), a.Label(), len(s.Missing), joinCN(s.Missing))
			}
		},
	},
)

var archiveMonitoredItems = []string{"申请书", "入户核查表", "民主评议记录", "公示照片", "审批表", "帮扶计划", "走访记录", "收入核算表"}

// archiveCase is the archive of household H1 of the category, with nothing recorded unless
// the options add it.
func archiveCase(cat archive.Category, opts ...func(*archive.Checklist)) func() Object {
	return func() Object {
		o := &archive.Object{Checklist: archive.Checklist{Kind: archive.KindHousehold, County: region.Code(village).County(), Subject: hhNo,
			Village: village, Category: cat, Entries: map[string]archive.Entry{}}}
		for _, f := range opts {
			f(&o.Checklist)
		}
		return o
	}
}

// archiveVillageCase is the village's own archive, changed by the options.
func archiveVillageCase(opts ...func(*archive.Checklist)) func() Object {
	return func() Object {
		o := &archive.Object{Checklist: archive.Checklist{Kind: archive.KindVillage, County: region.Code(village).County(), Subject: village,
			Village: village, Entries: map[string]archive.Entry{}}}
		for _, f := range opts {
			f(&o.Checklist)
		}
		return o
	}
}

// archiveHas records the items as present, the odd ones on paper and the even ones attached.
func archiveHas(items ...string) func(*archive.Checklist) {
	return func(c *archive.Checklist) {
		for i, it := range items {
			e := archive.Entry{Item: it, Held: archive.File, FileID: "F" + it, At: registry.NewDate(2026, 11, 1).Time()}
			if i%2 == 0 {
				e.Held, e.FileID, e.Location = archive.Paper, "", "村委会档案室"
			}
			c.Entries[it] = e
		}
	}
}
