package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/csvout"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/rules"
)

// runRules lists the rule catalog: as CSV for tools, or as a table grouped by indicator.
func runRules(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("rules")
	format := fs.String("format", "text", "输出格式：text、csv 或 md（即 docs/rules.md）")
	if err := parse(fs, args); err != nil {
		return err
	}
	cat := rules.All()
	switch *format {
	case "csv":
		w := csvout.NewWriter(m.Stdout)
		w.Write([]string{"rule_id", "indicator", "severity", "subject_kind", "title", "basis", "fields", "params"})
		for _, r := range cat {
			w.Write([]string{r.ID, rules.IndicatorName(r.Indicator), r.Severity.String(), string(r.Subject), r.Title,
				r.Basis, r.FieldLabels(), r.ParamLabels()})
		}
		w.Flush()
		return w.Error()
	case "text":
		last := -1
		for _, r := range cat {
			if r.Indicator != last {
				last = r.Indicator
				n := 0
				for _, x := range cat {
					if x.Indicator == r.Indicator {
						n++
					}
				}
				head := "数据质量"
				if r.Indicator != rules.DataQuality {
					head = fmt.Sprintf("指标 %d %s", r.Indicator, rules.IndicatorTitles[r.Indicator])
				}
				fmt.Fprintf(m.Stdout, "\n%s（%d 条）\n", head, n)
			}
			params := ""
			if len(r.Params) > 0 {
				names := make([]string, len(r.Params))
				for i, p := range r.Params {
					names[i] = string(p)
				}
				params = "  参数：" + strings.Join(names, "、")
			}
			fmt.Fprintf(m.Stdout, "  %-6s %s %s %s%s\n", r.ID, r.Severity.Label(), r.Subject.Label(), r.Title, params)
		}
		fmt.Fprintf(m.Stdout, "\n共 %d 条规则；参数的默认值和当前值见 gonggu params，每条规则的依据和情形表见 gonggu rules --format md。\n", len(cat))
		return nil
	case "md":
		return rules.WriteDoc(m.Stdout, cat)
	}
	return errs.E(errs.Invalid, "--format 应为 text、csv 或 md")
}

// paramTitle returns a parameter's title and unit for listings.
func paramTitle(n policy.Name) (string, string) {
	p, _ := policy.Lookup(n)
	return p.Title, p.Unit
}
