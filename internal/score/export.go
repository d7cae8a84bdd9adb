package score

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/csvout"
	"github.com/gonggu/gonggu/internal/errs"
)

// NoData is what the scorecard says for an indicator whose data gonggu does not hold, and
// NotApplicable for one whose rate has nothing to measure in the region (no relocated
// households for indicator 3, no monitored or missed households for indicator 2).
const (
	NoData        = "暂无数据"
	NotApplicable = "无适用对象"
)

// Text returns the headline rate with its unit, or why there is none.
func (v Value) Text() string {
	switch {
	case !v.HasData:
		return NoData
	case !v.Measured || (len(v.Components) > 0 && !v.Components[0].Measured):
		return NotApplicable
	}
	return num(v.Rate) + string(v.Unit)
}

// Text returns the part's rate with its unit, or why there is none.
func (c Component) Text() string {
	if !c.Measured {
		return NotApplicable
	}
	return num(c.Rate) + string(c.Unit)
}

// Header returns the columns of the scorecard table: region_code, region_name, total, rank,
// gap, then each indicator's headline rate and score, then the data-quality rate, how many
// indicators are scored, the full marks of those, the change since the previous period, and
// the rates of the further parts of composite indicators (i2_no_measure_rate, …).
func Header() []string {
	h := []string{"region_code", "region_name", "total", "rank", "gap"}
	for i := 1; i <= 10; i++ {
		h = append(h, fmt.Sprintf("i%d_rate", i), fmt.Sprintf("i%d_score", i))
	}
	h = append(h, "dq_rate", "scored", "max", "change")
	for _, m := range Measures {
		for _, p := range m.Parts[min(1, len(m.Parts)):] {
			h = append(h, fmt.Sprintf("i%d_%s_rate", m.Indicator, p.Key))
		}
	}
	return h
}

// HeaderCN returns the columns in Chinese, for the xlsx export.
func HeaderCN() []string {
	h := []string{"区划代码", "地区", "总分", "排名", "与满分差距"}
	for i := 1; i <= 10; i++ {
		m := Measures[i]
		h = append(h, fmt.Sprintf("%d.%s（%s）", i, m.Rate, m.Unit), fmt.Sprintf("%d.%s 得分", i, m.Title))
	}
	h = append(h, "数据质量问题户（‰）", "计分指标数", "计分指标满分", "较上期变化")
	for _, m := range Measures {
		for _, p := range m.Parts[min(1, len(m.Parts)):] {
			h = append(h, fmt.Sprintf("%d.%s（%s）", m.Indicator, p.Rate, p.Unit))
		}
	}
	return h
}

// Cells returns a row of the table as text: rates and scores with two decimals, 暂无数据 for
// an indicator not measured.
func (r Row) Cells() []string {
	out := []string{string(r.Region), r.Name, num(r.Total), rank(r.Rank), num(r.Gap)}
	for i := 1; i <= 10; i++ {
		v := r.Values[i]
		if !v.Measured {
			out = append(out, v.Text(), "")
			continue
		}
		out = append(out, num(v.Rate), num(v.Score))
	}
	dq := r.Values[0].Text()
	if r.Values[0].Measured {
		dq = num(r.Values[0].Rate)
	}
	change := ""
	if r.HasPrev {
		change = num(r.Change)
	}
	out = append(out, dq, strconv.Itoa(r.Scored), num(r.Max), change)
	for i, m := range Measures {
		for k := 1; k < len(m.Parts); k++ {
			cs := r.Values[i].Components
			switch {
			case !r.Values[i].HasData:
				out = append(out, NoData)
			case k >= len(cs) || !cs[k].Measured:
				out = append(out, NotApplicable)
			default:
				out = append(out, num(cs[k].Rate))
			}
		}
	}
	return out
}

func num(f float64) string { return strconv.FormatFloat(round2(f), 'f', -1, 64) }

func rank(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// WriteCSV writes the card's children, in rank order, as CSV with the Header.
func WriteCSV(w io.Writer, c *Card) error {
	cw := csvout.NewWriter(w)
	cw.Write(Header())
	for _, r := range c.Children {
		cw.Write(r.Cells())
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写出评分表")
	}
	return nil
}

// WriteXLSX writes the card as a workbook: the children in rank order under a Chinese header,
// then the region's own row, streamed with excelize's StreamWriter.
func WriteXLSX(w io.Writer, c *Card) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := "指标评分"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	sw.SetColWidth(1, 1, 14)
	sw.SetColWidth(2, 2, 18)
	sw.SetColWidth(6, 30, 14)
	row := 1
	put := func(cells []string) error {
		vals := make([]any, len(cells))
		for i, s := range cells {
			if f, err := strconv.ParseFloat(s, 64); err == nil && i >= 2 {
				vals[i] = f
			} else {
				vals[i] = s
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, vals)
	}
	title := fmt.Sprintf("%s %s 期后评估指标评分（已计分 %d 项，满分 %s 分）", c.Parent.Name, c.Period, c.Parent.Scored, num(c.Parent.Max))
	if err := put([]string{title}); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	if err := put(HeaderCN()); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	for _, r := range c.Children {
		if err := put(r.Cells()); err != nil {
			return errs.Wrap(err, errs.Internal, "无法生成表格")
		}
	}
	parent := c.Parent.Cells()
	parent[1] += "（合计）"
	if err := put(parent); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	if err := sw.Flush(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	if err := x.Write(w); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写出表格")
	}
	return nil
}
