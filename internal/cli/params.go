package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/csvout"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// multiFlag collects a repeated flag.
type multiFlag []string

func (f *multiFlag) String() string     { return strings.Join(*f, ",") }
func (f *multiFlag) Set(v string) error { *f = append(*f, v); return nil }

// runParams lists the policy parameters in force in a region and year, or sets and unsets
// overrides for a region prefix and year.
func runParams(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("params")
	dsn := m.dbFlag(fs)
	code := fs.String("region", "", "区划代码：查看时为要查看的县（或其上级），设置时为适用区域（省、市或县；不给为全国）")
	year := fs.Int("year", 0, "年度：查看时默认为今年；设置时默认为 0，即各年度通用")
	format := fs.String("format", "text", "查看的输出格式：text 或 csv")
	by := fs.String("by", "", "设置人")
	var sets, unsets multiFlag
	fs.Var(&sets, "set", "设置参数：名称=值（可重复）")
	fs.Var(&unsets, "unset", "删除本区域本年度对该参数的设置，恢复上级或默认值（可重复）")
	if err := parse(fs, args); err != nil {
		return err
	}
	var area region.Code
	if *code != "" {
		c, err := region.ParseCode(*code)
		if err != nil {
			return err
		}
		area = c
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ps := store.NewParams(db)

	if len(sets) > 0 || len(unsets) > 0 {
		ctx = audit.WithActor(ctx, audit.Actor{Username: "（命令行）" + *by})
		log := store.NewAuditLog(db)
		if area.Level() > region.County {
			return errs.E(errs.Invalid, "参数只能按省、市、县设置，不能按乡镇或村设置")
		}
		prefix := area.Prefix()
		for _, s := range sets {
			name, value, ok := strings.Cut(s, "=")
			if !ok {
				return errs.E(errs.Invalid, "--set 应写作 名称=值，而不是「%s」", s)
			}
			o := policy.Override{Prefix: prefix, Year: *year, Name: policy.Name(strings.TrimSpace(name)), Value: value, UpdatedBy: *by}
			if err := ps.Set(ctx, o); err != nil {
				return err
			}
			if err := log.Append(ctx, audit.Entry{Action: audit.ParamUpdate, ObjectType: "param", ObjectID: string(o.Name), Region: area,
				Detail: fmt.Sprintf("%s 设为 %s（%s，%s）", o.Name, strings.TrimSpace(value), where(prefix), yearText(*year))}); err != nil {
				return err
			}
			title, unit := paramTitle(o.Name)
			fmt.Fprintf(m.Stdout, "已设置 %s（%s）= %s %s，适用于%s、%s。\n", o.Name, title, strings.TrimSpace(value), unit, where(prefix), yearText(*year))
		}
		for _, n := range unsets {
			if err := ps.Unset(ctx, prefix, *year, policy.Name(n)); err != nil {
				return err
			}
			if err := log.Append(ctx, audit.Entry{Action: audit.ParamUpdate, ObjectType: "param", ObjectID: n, Region: area,
				Detail: fmt.Sprintf("删除 %s 的设置（%s，%s）", n, where(prefix), yearText(*year))}); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "已删除 %s 在%s、%s的设置。\n", n, where(prefix), yearText(*year))
		}
		fmt.Fprintln(m.Stdout, "参数变更在下次筛查（gonggu screen）时生效。")
		return nil
	}

	y := *year
	if y == 0 {
		y = m.Now().Year()
	}
	county := area
	if area.Level() > region.County {
		county = area.County()
	}
	set, err := ps.Resolve(ctx, county, y)
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		w := csvout.NewWriter(m.Stdout)
		w.Write([]string{"name", "value", "unit", "default", "source", "title"})
		for _, p := range policy.Defaults {
			w.Write([]string{string(p.Name), set.Text(p.Name), p.Unit, p.Default, set.Source(p.Name), p.Title})
		}
		w.Flush()
		return w.Error()
	case "text":
		fmt.Fprintf(m.Stdout, "%s %d 年度的政策参数（按区域从具体到一般取值：县 > 市 > 省 > 全国 > 默认）\n\n", where(county.Prefix()), y)
		for _, p := range policy.Defaults {
			mark := ""
			if set.Text(p.Name) != p.Default {
				mark = "（默认 " + p.Default + "）"
			}
			fmt.Fprintf(m.Stdout, "  %-28s %10s %-6s %-16s %s%s\n", p.Name, set.Text(p.Name), p.Unit, set.Source(p.Name), p.Title, mark)
		}
		fmt.Fprintln(m.Stdout, "\n设置：gonggu params --db 数据库 --region 区划代码 [--year 年度] --set 名称=值")
		return nil
	}
	return errs.E(errs.Invalid, "--format 应为 text 或 csv")
}

func where(prefix string) string {
	if prefix == "" {
		return "全国"
	}
	return "区划 " + prefix
}

func yearText(y int) string {
	if y == 0 {
		return "各年度"
	}
	return fmt.Sprintf("%d 年度", y)
}
