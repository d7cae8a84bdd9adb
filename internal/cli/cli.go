// Package cli is the gonggu command line: it parses a subcommand's flags, builds what the
// command needs (database, region tree, clock, logger) and runs it.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/store"
)

// Main holds what every command needs from the outside world, so that tests can run the
// commands with their own output, environment and clock.
type Main struct {
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
	Log    *slog.Logger
}

type command struct {
	name  string
	usage string
	run   func(ctx context.Context, m *Main, args []string) error
}

func (m *Main) commands() []command {
	return []command{
		{"demo", "用演示数据（嵌入式数据库 ./gonggu-demo.db）运行", runDemo},
		{"gen", "生成一个逼真的演示区域：gonggu gen --db 数据库 --area 区划代码 --households 户数 --seed 种子", runGen},
		{"migrate", "升级数据库结构：gonggu migrate --db 数据库", runMigrate},
		{"import", "导入全国系统导出的 xlsx/csv：gonggu import --db 数据库 [--partial] [--check] 文件…", runImport},
		{"export", "导出为全国系统格式：gonggu export registry --db 数据库 --region 区划代码 --out 文件.xlsx", runExport},
		{"backup", "备份整个数据库（不停机）：gonggu backup --db 数据库 --out 备份文件", runBackup},
		{"restore", "从备份恢复数据库：gonggu restore --db 数据库 --from 备份文件 [--force]", runRestore},
		{"rules", "列出筛查规则目录：gonggu rules [--format csv]", runRules},
		{"params", "查看或设置政策参数：gonggu params --db 数据库 [--region 区划代码] [--year 年度] [--set 名称=值]", runParams},
		{"screen", "筛查全部户：gonggu screen --db 数据库 [--region 区划代码]", runScreen},
		{"findings", "导出或说明筛查问题：gonggu findings --db 数据库 [--region] [--rule] [--status] --format csv|xlsx", runFindings},
		{"compare", "部门数据比对：gonggu compare --db 数据库 --list 医保|教育|住建|民政|公安|残联|人社|卫健|水利 [--region 区划代码] 文件", runCompare},
		{"ledger", "整改台账：gonggu ledger --db 数据库 --region 区划代码 [--status] [--overdue] [--out 文件.xlsx]", runLedger},
		{"scorecard", "后评估指标评分：gonggu scorecard --db 数据库 --region 区划代码 [--period 年月] --format csv|xlsx [--out 文件]", runScorecard},
		{"card", "明白卡：gonggu card --db 数据库 --region 区划代码 [--role leader|cadre] [--villages] --out 文件.html|.pdf", runCard},
		{"handbook", "户帮扶手册：gonggu handbook --db 数据库 --household 户编号|--village 村代码 [--size A4|A5] --out 文件.html|.pdf", runHandbook},
		{"sample", "后评估抽样演练：gonggu sample --db 数据库 --county 县代码 [--seed 种子] [--draws 次数]", runSample},
		{"recognition", "群众认可度：gonggu recognition --db 数据库 --region 区划代码 [--surveys 文件] [--petitions 文件] [--poor-villages 文件]", runRecognition},
		{"serve", "启动网页服务：gonggu serve --db 数据库 --addr :8080", runServe},
		{"user", "管理用户：gonggu user add|passwd|disable|list --db 数据库 …", runUser},
	}
}

// Run runs the subcommand named by args[0] and returns the process exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if m.Getenv == nil {
		m.Getenv = func(string) string { return "" }
	}
	if m.Now == nil {
		m.Now = time.Now
	}
	if m.Log == nil {
		// GONGGU_LOG=debug adds the timings of a run's phases (nothing personal is logged).
		level := slog.LevelInfo
		if m.Getenv("GONGGU_LOG") == "debug" {
			level = slog.LevelDebug
		}
		m.Log = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: level}))
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.usage()
		return 2
	}
	for _, c := range m.commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, m, args[1:])
		if err == nil {
			return 0
		}
		if errors.Is(err, flag.ErrHelp) {
			return 2
		}
		if errs.CodeOf(err) == errs.Internal {
			m.Log.Error("command failed", "command", c.name, "err", err)
		}
		fmt.Fprintf(m.Stderr, "gonggu %s: %s\n", c.name, errs.Message(err))
		return 1
	}
	fmt.Fprintf(m.Stderr, "gonggu: 未知命令「%s」\n", args[0])
	m.usage()
	return 2
}

func (m *Main) usage() {
	fmt.Fprintln(m.Stderr, "gonggu — 巩固拓展脱贫攻坚成果监测与后评估准备系统\n\n用法: gonggu 命令 [参数]\n\n命令:")
	cs := m.commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(m.Stderr, "  %-10s %s\n", c.name, c.usage)
	}
	fmt.Fprintln(m.Stderr, "\n--db 取 SQLite 文件路径或 postgres:// 地址；未给出时读环境变量 GONGGU_DB。")
}

// flags returns a flag set that reports errors in Chinese to Stderr.
func (m *Main) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	return fs
}

// dbFlag adds the --db flag with GONGGU_DB as its fallback.
func (m *Main) dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "数据库：SQLite 文件路径或 postgres:// 地址（默认取 GONGGU_DB）")
}

func (m *Main) openDB(ctx context.Context, dsn string) (*store.DB, error) {
	if dsn == "" {
		dsn = m.Getenv("GONGGU_DB")
	}
	if strings.TrimSpace(dsn) == "" {
		return nil, errs.E(errs.Invalid, "请用 --db 或环境变量 GONGGU_DB 指定数据库")
	}
	return store.Open(ctx, dsn, m.Now)
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errs.E(errs.Invalid, "参数有误：%v", err)
	}
	if fs.NArg() > 0 {
		return errs.E(errs.Invalid, "多余的参数：%s", strings.Join(fs.Args(), " "))
	}
	return nil
}

func runMigrate(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("migrate")
	dsn := m.dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(m.Stdout, "数据库结构已是最新。")
	return nil
}
