package recognition

import (
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// The lists counties keep of surveys and petitions, read through tableimport: a whole file is
// checked before anything is stored, and stored in one transaction or not at all
// (store.Recognition.ImportSurveys, ImportPetitions).

// scaleSpell maps every spelling of a point of the scale to its label, for the Enum column.
var scaleSpell = func() map[string]string {
	m := map[string]string{}
	for s, n := range ScaleSpellings {
		m[s] = ScaleLabels[n]
	}
	return m
}()

// SurveyTable is the column table of a 满意度调查表 as of today (no survey in the future).
func SurveyTable(today registry.Date) *tableimport.Table[SurveyRow] {
	flag := func(name string, aliases []string, f func(*Survey) *registry.Flag) tableimport.Column[SurveyRow] {
		return tableimport.Column[SurveyRow]{Name: name, Aliases: aliases, Kind: tableimport.Flag,
			Set: func(r *SurveyRow, v tableimport.Value) { *f(&r.Survey) = v.Flag }}
	}
	cols := []tableimport.Column[SurveyRow]{
		{Name: "户编号", Aliases: []string{"农户编号", "户码"}, Required: true, NotBlank: true, Max: maxName,
			Set: func(r *SurveyRow, v tableimport.Value) { r.HouseholdNo = v.Text }},
		{Name: "户主姓名", Aliases: []string{"户主", "姓名"}, Max: maxName},
		{Name: "调查日期", Aliases: []string{"走访日期", "填表日期", "日期"}, Kind: tableimport.Date, Required: true, NotBlank: true,
			Set: func(r *SurveyRow, v tableimport.Value) { r.On = v.Date }},
		{Name: "调查轮次", Aliases: []string{"轮次", "批次"}, Max: maxRound, Set: func(r *SurveyRow, v tableimport.Value) { r.Round = v.Text }},
		{Name: "调查方式", Aliases: []string{"方式"}, Kind: tableimport.Enum, Enum: Ways, Spell: WaySpellings,
			Set: func(r *SurveyRow, v tableimport.Value) { r.Way = v.Text }},
		{Name: "调查人", Aliases: []string{"调查员", "走访人"}, Max: maxName, Set: func(r *SurveyRow, v tableimport.Value) { r.Surveyor = v.Text }},
		{Name: "总体满意度", Aliases: []string{"满意度", "对帮扶工作是否满意", "总体评价"}, Kind: tableimport.Enum, Enum: ScaleLabels[1:],
			Spell: scaleSpell, Required: true, NotBlank: true,
			Set: func(r *SurveyRow, v tableimport.Value) { r.Overall = ScaleSpellings[v.Text] }},
		flag("吃穿满意", []string{"对吃穿是否满意", "不愁吃不愁穿满意"}, func(s *Survey) *registry.Flag { return &s.Food }),
		flag("义务教育满意", []string{"对义务教育是否满意"}, func(s *Survey) *registry.Flag { return &s.Education }),
		flag("基本医疗满意", []string{"对基本医疗是否满意"}, func(s *Survey) *registry.Flag { return &s.Medical }),
		flag("住房安全满意", []string{"对住房安全是否满意"}, func(s *Survey) *registry.Flag { return &s.Housing }),
		flag("饮水安全满意", []string{"对饮水安全是否满意"}, func(s *Survey) *registry.Flag { return &s.Water }),
		flag("认识帮扶责任人", []string{"是否认识帮扶责任人", "认识帮扶干部", "是否认识帮扶干部"}, func(s *Survey) *registry.Flag { return &s.KnowsHelper }),
		flag("知道驻村工作队", []string{"是否知道驻村工作队", "认识驻村工作队", "是否认识驻村工作队"}, func(s *Survey) *registry.Flag { return &s.KnowsTeam }),
		{Name: "诉求类别", Aliases: []string{"反映问题类别", "基础设施和人居环境诉求", "诉求"}, Max: 200,
			Set: func(r *SurveyRow, v tableimport.Value) { r.Complaints = []string{v.Text} }},
		{Name: "意见建议", Aliases: []string{"意见和建议", "备注"}, Max: maxNote, Set: func(r *SurveyRow, v tableimport.Value) { r.Note = v.Text }},
		{Name: "回访日期", Kind: tableimport.Date, Set: func(r *SurveyRow, v tableimport.Value) { r.FollowUpOn = v.Date }},
		{Name: "回访人", Max: maxName, Set: func(r *SurveyRow, v tableimport.Value) { r.FollowUpBy = v.Text }},
		{Name: "回访情况", Max: maxNote, Set: func(r *SurveyRow, v tableimport.Value) { r.FollowUpNote = v.Text }},
	}
	return &tableimport.Table[SurveyRow]{Name: "群众满意度调查表", Columns: cols, Check: func(r *SurveyRow) [][2]string {
		var out [][2]string
		if len(r.Complaints) > 0 {
			cats, unknown := ParseCategories(r.Complaints[0])
			if len(unknown) > 0 {
				out = append(out, [2]string{"诉求类别", "「" + strings.Join(unknown, "、") + "」不是诉求类别，应为" + strings.Join(Categories, "、")})
			}
			r.Complaints = cats
		}
		r.Clean()
		if err := r.validate(today); err != nil {
			out = append(out, [2]string{"", errs.Message(err)})
		}
		return out
	}}
}

// SurveyRow is a row of a survey list: a survey whose village the store fills from the
// household.
type SurveyRow struct{ Survey }

// SurveyColumns are the headers of the survey list's template, in order.
var SurveyColumns = []string{"户编号", "户主姓名", "调查日期", "调查轮次", "调查方式", "调查人", "总体满意度", "吃穿满意", "义务教育满意",
	"基本医疗满意", "住房安全满意", "饮水安全满意", "认识帮扶责任人", "知道驻村工作队", "诉求类别", "意见建议", "回访日期", "回访人", "回访情况"}

// PetitionRow is a row of a petition list: a petition and where its matter lies, as the list
// names it (a household, a division code, or township and village names), which the store
// resolves.
type PetitionRow struct {
	Petition
	Code, Township, Village string
}

// Names returns the township and village names of the row for region.Tree.Resolve.
func (r *PetitionRow) Names() region.Names {
	return region.Names{Township: r.Township, Village: r.Village}
}

// PetitionTable is the column table of a 信访事项登记表 as of today.
func PetitionTable(today registry.Date) *tableimport.Table[PetitionRow] {
	txt := func(name string, aliases []string, max int, f func(*PetitionRow) *string) tableimport.Column[PetitionRow] {
		return tableimport.Column[PetitionRow]{Name: name, Aliases: aliases, Max: max,
			Set: func(r *PetitionRow, v tableimport.Value) { *f(r) = v.Text }}
	}
	date := func(name string, aliases []string, required bool, f func(*Petition) *registry.Date) tableimport.Column[PetitionRow] {
		return tableimport.Column[PetitionRow]{Name: name, Aliases: aliases, Kind: tableimport.Date, Required: required, NotBlank: required,
			Set: func(r *PetitionRow, v tableimport.Value) { *f(&r.Petition) = v.Date }}
	}
	kinds := map[string]string{}
	for k, v := range KindSpellings {
		kinds[k] = v
	}
	cols := []tableimport.Column[PetitionRow]{
		txt("信访件编号", []string{"编号", "件号", "登记编号"}, maxName, func(r *PetitionRow) *string { return &r.Ref }),
		{Name: "来源", Aliases: []string{"信访形式", "来源渠道", "问题来源"}, Kind: tableimport.Enum, Enum: Kinds, Spell: kinds,
			Required: true, NotBlank: true, Set: func(r *PetitionRow, v tableimport.Value) { r.Kind = v.Text }},
		date("收到日期", []string{"登记日期", "来信来访日期", "交办日期"}, true, func(p *Petition) *registry.Date { return &p.ReceivedOn }),
		txt("区划代码", []string{"行政区划代码", "所涉地区代码"}, 20, func(r *PetitionRow) *string { return &r.Code }),
		txt("乡镇", []string{"所在乡镇", "乡(镇)"}, maxName, func(r *PetitionRow) *string { return &r.Township }),
		txt("村", []string{"所在村", "行政村"}, maxName, func(r *PetitionRow) *string { return &r.Village }),
		txt("户编号", []string{"所涉户编号"}, maxName, func(r *PetitionRow) *string { return &r.HouseholdNo }),
		{Name: "事项摘要", Aliases: []string{"信访事项", "问题摘要", "反映问题"}, Max: 200, Required: true, NotBlank: true,
			Set: func(r *PetitionRow, v tableimport.Value) { r.Title = v.Text }},
		txt("诉求内容", []string{"主要诉求", "问题描述"}, 4000, func(r *PetitionRow) *string { return &r.Content }),
		{Name: "诉求类别", Aliases: []string{"问题类别", "类别"}, Kind: tableimport.Enum, Enum: Topics, Spell: CategorySpellings,
			Set: func(r *PetitionRow, v tableimport.Value) { r.Topic = v.Text }},
		txt("信访人", []string{"信访人姓名", "反映人"}, maxName, func(r *PetitionRow) *string { return &r.Petitioner }),
		{Name: "联系电话", Aliases: []string{"信访人电话"}, Kind: tableimport.Phone, Set: func(r *PetitionRow, v tableimport.Value) { r.Phone = v.Text }},
		txt("承办单位", []string{"责任单位", "交办单位"}, 100, func(r *PetitionRow) *string { return &r.Unit }),
		date("受理日期", nil, false, func(p *Petition) *registry.Date { return &p.AcceptedOn }),
		date("实地核实日期", []string{"核实日期"}, false, func(p *Petition) *registry.Date { return &p.VerifiedOn }),
		txt("核实人", nil, maxName, func(r *PetitionRow) *string { return &r.VerifiedBy }),
		txt("核实情况", nil, maxNote, func(r *PetitionRow) *string { return &r.VerifyNote }),
		{Name: "延期天数", Kind: tableimport.Int, Set: func(r *PetitionRow, v tableimport.Value) { r.ExtendDays = v.Int }},
		date("办结日期", nil, false, func(p *Petition) *registry.Date { return &p.ConcludedOn }),
		txt("办结意见", []string{"办理结果", "答复意见"}, maxNote, func(r *PetitionRow) *string { return &r.Conclusion }),
	}
	return &tableimport.Table[PetitionRow]{Name: "信访事项登记表", Columns: cols, Check: func(r *PetitionRow) [][2]string {
		r.Clean()
		if r.Code == "" && r.Township == "" && r.Village == "" && r.HouseholdNo == "" {
			return [][2]string{{"", "请填写区划代码、乡镇和村名或户编号之一，说明事项所涉地区"}}
		}
		if r.Code != "" {
			if _, err := region.ParseCode(r.Code); err != nil {
				return [][2]string{{"区划代码", "不是 12 位行政区划代码"}}
			}
		}
		// The region is the store's to resolve: validate the rest with a stand-in.
		p := r.Petition
		p.County, p.Region = "621121000000", "621121000000"
		if err := p.Validate(today); err != nil {
			return [][2]string{{"", errs.Message(err)}}
		}
		return nil
	}}
}

// PetitionColumns are the headers of the petition list's template, in order.
var PetitionColumns = []string{"信访件编号", "来源", "收到日期", "区划代码", "乡镇", "村", "户编号", "事项摘要", "诉求内容", "诉求类别",
	"信访人", "联系电话", "承办单位", "受理日期", "实地核实日期", "核实人", "核实情况", "延期天数", "办结日期", "办结意见"}
