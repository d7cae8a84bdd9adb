package archive

import (
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// RegisterRow is a row of a county's archive register (档案资料登记表): an item held on paper,
// of a household (户编号) or of a village's own archive (村代码).
type RegisterRow struct {
	HouseholdNo string
	Village     region.Code
	Item        string
	Location    string
	Note        string
}

// RegisterTable is how a county's archive register is read: the registers counties keep in a
// spreadsheet while they put their archives in order, one row per item on paper.
func RegisterTable() *tableimport.Table[RegisterRow] {
	return &tableimport.Table[RegisterRow]{
		Name: "档案资料登记表",
		Columns: []tableimport.Column[RegisterRow]{
			{Name: "户编号", Aliases: []string{"农户编号", "户码"}, Max: 40,
				Set: func(r *RegisterRow, v tableimport.Value) { r.HouseholdNo = v.Text }},
			{Name: "户主姓名", Aliases: []string{"户主", "姓名"}, Max: 50},
			{Name: "村代码", Aliases: []string{"村（社区）代码", "村级代码", "行政区划代码"}, Max: 12,
				Set: func(r *RegisterRow, v tableimport.Value) { r.Village = region.Code(v.Text) }},
			{Name: "资料名称", Aliases: []string{"资料", "档案资料", "材料名称"}, Required: true, NotBlank: true, Max: 50,
				Set: func(r *RegisterRow, v tableimport.Value) { r.Item = v.Text }},
			{Name: "存放位置", Aliases: []string{"纸质存放位置", "存放地点"}, Required: true, NotBlank: true, Max: maxLocation,
				Set: func(r *RegisterRow, v tableimport.Value) { r.Location = v.Text }},
			{Name: "备注", Max: maxNote, Set: func(r *RegisterRow, v tableimport.Value) { r.Note = v.Text }},
		},
		Check: func(r *RegisterRow) [][2]string {
			switch {
			case r.HouseholdNo == "" && r.Village == "":
				return [][2]string{{"", "户编号和村代码至少填一个：户档案填户编号，村级档案填村代码"}}
			case r.HouseholdNo != "" && r.Village != "":
				return [][2]string{{"", "户编号和村代码只填一个：户档案填户编号，村级档案填村代码"}}
			case r.Village != "" && r.Village.Level() != region.Village:
				return [][2]string{{"村代码", "不是 12 位的村级代码"}}
			}
			return nil
		},
		MaxRows: 200_000,
	}
}
