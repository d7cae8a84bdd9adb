package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/accounts"
	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

const userUsage = `用法:
  gonggu user add --db 数据库 --username 用户名 --role 角色 --region 区划代码 [--name 姓名]
  gonggu user passwd --db 数据库 --username 用户名
  gonggu user disable --db 数据库 --username 用户名 [--enable]
  gonggu user list --db 数据库 [--region 区划代码]

密码取环境变量 GONGGU_PASSWORD；未设置时生成一个随机密码并显示一次。
角色: admin（系统管理员） city（市级业务人员） county（县级业务人员） township（乡镇工作人员）
      village（村干部） helper（帮扶责任人） viewer（行业部门查看） auditor（审计人员）`

func runUser(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(m.Stderr, userUsage)
		return errs.E(errs.Invalid, "请给出子命令 add、passwd、disable 或 list")
	}
	sub, args := args[0], args[1:]
	fs := m.flags("user " + sub)
	dsn := m.dbFlag(fs)
	username := fs.String("username", "", "用户名（英文字母、数字和 . _ -）")
	var role, code, name *string
	var enable *bool
	switch sub {
	case "add":
		role = fs.String("role", "", "角色")
		code = fs.String("region", "", "管辖的行政区划代码")
		name = fs.String("name", "", "姓名")
	case "disable":
		enable = fs.Bool("enable", false, "重新启用")
	case "list":
		code = fs.String("region", "", "只列出该区划内的用户")
	case "passwd":
	default:
		fmt.Fprintln(m.Stderr, userUsage)
		return errs.E(errs.Invalid, "未知的子命令「%s」", sub)
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if sub != "list" && *username == "" {
		return errs.E(errs.Invalid, "请用 --username 给出用户名")
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	acc := accounts.New(db)
	ctx = audit.WithActor(ctx, audit.Actor{Username: "（命令行）"})
	switch sub {
	case "add":
		r, err := auth.ParseRole(*role)
		if err != nil {
			return err
		}
		c, err := region.ParseCode(*code)
		if err != nil {
			return err
		}
		pw, shown, err := m.newPassword()
		if err != nil {
			return err
		}
		u := &auth.User{Username: *username, DisplayName: strings.TrimSpace(*name), Role: r, Region: c}
		if err := acc.Add(ctx, u, pw); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "已新增用户 %s：%s，管辖 %s。\n", u.Username, r.Name(), c)
		if shown {
			fmt.Fprintf(m.Stdout, "初始密码：%s（只显示这一次，请转交本人并提醒修改）\n", pw)
		}
	case "passwd":
		pw, shown, err := m.newPassword()
		if err != nil {
			return err
		}
		u, err := acc.SetPassword(ctx, *username, pw)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "已重设用户 %s 的密码，其已登录的会话全部失效。\n", u.Username)
		if shown {
			fmt.Fprintf(m.Stdout, "新密码：%s（只显示这一次）\n", pw)
		}
	case "disable":
		u, what, err := acc.SetDisabled(ctx, *username, !*enable)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "用户 %s：%s。\n", u.Username, what)
	case "list":
		var scope region.Code
		if *code != "" {
			if scope, err = region.ParseCode(*code); err != nil {
				return err
			}
		}
		list, err := acc.List(ctx, scope)
		if err != nil {
			return err
		}
		for _, u := range list {
			state := "启用"
			if u.Disabled {
				state = "停用"
			}
			fmt.Fprintf(m.Stdout, "%-20s %-12s %s %-8s %s\n", u.Username, padName(u.Role.Name(), 12), u.Region, state, u.DisplayName)
		}
		fmt.Fprintf(m.Stdout, "共 %d 个用户。\n", len(list))
	}
	return nil
}

// newPassword returns the password from GONGGU_PASSWORD, checked, or a random one that the
// caller shows once.
func (m *Main) newPassword() (pw string, shown bool, err error) {
	if pw = m.Getenv("GONGGU_PASSWORD"); pw != "" {
		return pw, false, auth.ValidPassword(pw)
	}
	return accounts.Password(), true, nil
}
