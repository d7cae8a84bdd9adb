package cli

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/store"
)

// runScorecard prints or writes the post-evaluation scorecard of a region's children, refreshes
// it, or stores province averages to compare with.
//
//	gonggu scorecard --db DB --region CODE [--period YYYY-MM] [--format csv|xlsx] [--out F]
//	gonggu scorecard --db DB --region CODE --refresh
//	gonggu scorecard --db DB --region CODE [--period YYYY-MM] --set-province-average 2=1.5,1=3
func runScorecard(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("scorecard")
	dsn := m.dbFlag(fs)
	code := fs.String("region", "", "评分该区划的下一级（省、市、县、乡镇）")
	period := fs.String("period", "", "期次 YYYY-MM；默认为最近一期（设置全省平均值时默认为本月）")
	format := fs.String("format", "csv", "输出格式：csv 或 xlsx")
	out := fs.String("out", "", "输出文件；不给则写到标准输出（xlsx 须给出）")
	refresh := fs.Bool("refresh", false, "按当前问题和台账重新计算本期指标")
	avg := fs.String("set-province-average", "", "设置全省平均值：指标=比率[,指标=比率…]，比率的单位同评分表（‰ 或 %）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *code == "" {
		return errs.E(errs.Invalid, "请用 --region 给出区划代码")
	}
	scope, err := region.ParseCode(*code)
	if err != nil {
		return err
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := score.New(db, loadTree(scope))
	svc.Now = m.Now
	switch {
	case *avg != "":
		return setProvinceAverages(ctx, m, svc, scope, *period, *avg)
	case *refresh:
		p, err := svc.Refresh(ctx, scope)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "已重新计算 %s 期的指标。\n", p)
		return nil
	}
	if *format != "csv" && *format != "xlsx" {
		return errs.E(errs.Invalid, "--format 应为 csv 或 xlsx")
	}
	if *format == "xlsx" && *out == "" {
		return errs.E(errs.Invalid, "xlsx 须用 --out 给出文件")
	}
	card, err := svc.Card(ctx, scope, *period)
	if err != nil {
		return err
	}
	if card.Period == "" {
		return errs.E(errs.NotFound, "%s 还没有评分：请先运行 gonggu screen（或 gonggu scorecard --refresh）", scope)
	}
	w := m.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return errs.Wrap(err, errs.Invalid, "无法创建文件 %s", *out)
		}
		defer f.Close()
		w = f
	}
	if *format == "xlsx" {
		err = score.WriteXLSX(w, card)
	} else {
		err = score.WriteCSV(w, card)
	}
	if err != nil {
		return err
	}
	if *out != "" {
		fmt.Fprintf(m.Stdout, "已将 %s %s 期 %d 个下级地区的评分写到 %s（已计分 %d 项指标，满分 %s 分）。\n",
			card.Parent.Name, card.Period, len(card.Children), *out, card.Parent.Scored, strconv.FormatFloat(card.Parent.Max, 'f', -1, 64))
	}
	return nil
}

func setProvinceAverages(ctx context.Context, m *Main, svc *score.Service, scope region.Code, period, spec string) error {
	if period == "" {
		period = score.PeriodOf(m.Now())
	}
	prov := scope.Up(region.Province)
	ctx = audit.WithActor(ctx, audit.Actor{Username: "（命令行）"})
	for _, part := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		i, err1 := strconv.Atoi(strings.TrimSpace(k))
		rate, err2 := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err1 != nil || err2 != nil {
			return errs.E(errs.Invalid, "全省平均值应写成 指标=比率（如 2=1.5），而不是「%s」", part)
		}
		if err := svc.Scores.SetProvinceAverage(ctx, prov, period, i, rate, "（命令行）"); err != nil {
			return err
		}
		if err := store.NewAuditLog(svc.Scores.DB()).Append(ctx, audit.Entry{Action: audit.ParamUpdate, ObjectType: "province_average",
			ObjectID: strconv.Itoa(i), Region: prov, Detail: fmt.Sprintf("%s 期指标 %d 全省平均值设为 %s", period, i, v)}); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "已设置 %s 期指标 %d 的全省平均值：%s\n", period, i, strings.TrimSpace(v))
	}
	return nil
}
