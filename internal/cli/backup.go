package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/store"
)

// runBackup writes a consistent copy of the whole database (registry, findings, ledger, users,
// audit log, parameters) while it stays in use: gonggu backup --db DB --out FILE.
func runBackup(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("backup")
	dsnFlag := m.dbFlag(fs)
	out := fs.String("out", "", "备份文件（不能已存在；建议带上日期，如 gonggu-20261204.db）")
	if err := parse(fs, args); err != nil {
		return err
	}
	dsn, err := m.dsn(*dsnFlag)
	if err != nil {
		return err
	}
	if *out == "" {
		return errs.E(errs.Invalid, "请用 --out 给出备份文件")
	}
	start := time.Now()
	m.Log.Info("backup", "db", store.RedactDSN(dsn), "out", *out)
	c, err := store.Backup(ctx, dsn, *out, store.BackupOptions{})
	if err != nil {
		return err
	}
	size := ""
	if st, err := os.Stat(*out); err == nil {
		size = fmt.Sprintf("，%.1f MB", float64(st.Size())/(1<<20))
	}
	fmt.Fprintf(m.Stdout, "已备份到 %s（%s%s，用时 %s）。\n", *out, contents(c), size, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(m.Stdout, "恢复：gonggu restore --db 数据库 --from %s\n", *out)
	fmt.Fprintln(m.Stdout, "备份含全部身份证号码和电话，请妥善保管。")
	return nil
}

// runRestore puts a backup made by gonggu backup in place of a database:
// gonggu restore --db DB --from FILE [--force].
func runRestore(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("restore")
	dsnFlag := m.dbFlag(fs)
	from := fs.String("from", "", "gonggu backup 生成的备份文件")
	force := fs.Bool("force", false, "替换已有的数据库（须先停止使用它的 gonggu serve）")
	if err := parse(fs, args); err != nil {
		return err
	}
	dsn, err := m.dsn(*dsnFlag)
	if err != nil {
		return err
	}
	if *from == "" {
		return errs.E(errs.Invalid, "请用 --from 给出备份文件")
	}
	start := time.Now()
	m.Log.Info("restore", "db", store.RedactDSN(dsn), "from", *from, "force", *force)
	res, err := store.Restore(ctx, dsn, *from, store.BackupOptions{Force: *force, Now: m.Now})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已从 %s 恢复数据库 %s（%s，数据库结构版本 %d，用时 %s）。\n", *from, store.RedactDSN(dsn),
		contents(res.Contents), res.Version, time.Since(start).Round(time.Millisecond))
	if res.Aside != "" {
		fmt.Fprintf(m.Stdout, "原数据库已改名保留为 %s，确认无误后可删除。\n", res.Aside)
	}
	return nil
}

// dsn returns the database the --db flag or GONGGU_DB names.
func (m *Main) dsn(flag string) (string, error) {
	dsn := strings.TrimSpace(flag)
	if dsn == "" {
		dsn = strings.TrimSpace(m.Getenv("GONGGU_DB"))
	}
	if dsn == "" {
		return "", errs.E(errs.Invalid, "请用 --db 或环境变量 GONGGU_DB 指定数据库")
	}
	return dsn, nil
}

func contents(c store.Contents) string {
	return fmt.Sprintf("%s 户、%s 人、%s 个排查问题、%s 条整改台账、%s 个用户",
		count(c.Households), count(c.Persons), count(c.Findings), count(c.LedgerItems), count(c.Users))
}
