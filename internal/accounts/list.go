package accounts

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/workbook"
)

// A list of accounts to create at once (批量新增用户): one row per person with 姓名, 手机号码,
// 角色 and the region the account is bound to — a village by its name (with its township when
// the name alone is not unique) or by its 12-digit code — and an optional 用户名. It is read
// through the bounded workbook reader every upload goes through, checked whole, and created
// all or none.

// ListColumns is the header of the list, as the blank template has it.
var ListColumns = []string{"姓名", "手机号码", "角色", "乡镇", "村", "用户名"}

// listAliases are other headers taken for the columns.
var listAliases = map[string]string{"电话": "手机号码", "联系电话": "手机号码", "手机": "手机号码", "手机号": "手机号码",
	"乡（镇）": "乡镇", "乡": "乡镇", "镇": "乡镇", "村（社区）": "村", "村/社区": "村", "管辖地区": "村", "地区": "村", "区划代码": "村",
	"账号": "用户名", "登录名": "用户名"}

// MaxList bounds the rows of one list: a county's village cadres are a few hundred, and each
// password is hashed on the request.
const MaxList = 500

// NewAccount is a row of a list: the account it asks for.
type NewAccount struct {
	Row      int // the row number in the sheet
	Name     string
	Phone    string
	Role     auth.Role
	Region   region.Code
	Username string // given, or made by Number
}

// RowError is a problem of a row of a list.
type RowError struct {
	Row int
	Msg string
}

func (e RowError) String() string { return fmt.Sprintf("第 %d 行：%s", e.Row, e.Msg) }

// ListError lists every problem of a list; no account of it is created.
type ListError struct{ Rows []RowError }

func (e *ListError) Error() string {
	var b strings.Builder
	for i, r := range e.Rows {
		if i == 20 {
			fmt.Fprintf(&b, "……共 %d 处", len(e.Rows))
			break
		}
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(r.String())
	}
	return b.String()
}

// ReadList reads a list of accounts named name, of size bytes, for an administrator of scope:
// every region must lie in scope and suit the role (a village cadre's a village). It returns
// the accounts, or an errs.Invalid error wrapping a *ListError with every problem found.
func ReadList(name string, r io.ReaderAt, size int64, tree *region.Tree, scope region.Code) ([]NewAccount, error) {
	book, err := workbook.OpenReader(name, r, size)
	if err != nil {
		return nil, err
	}
	defer book.Close()
	sheet, err := book.Sheet(0)
	if err != nil {
		return nil, err
	}
	defer sheet.Close()
	var out []NewAccount
	var problems []RowError
	at := map[string]int{}
	header := false
	for sheet.Next() {
		row := sheet.Row()
		if !header {
			for i, c := range row.Cells {
				c = strings.Join(strings.Fields(c), "")
				if alias, ok := listAliases[c]; ok {
					c = alias
				}
				if _, ok := at[c]; !ok {
					at[c] = i
				}
			}
			if _, ok := at["姓名"]; !ok {
				if row.Num >= 10 {
					break
				}
				at = map[string]int{}
				continue
			}
			header = true
			var missing []string
			for _, c := range []string{"角色", "村"} {
				if _, ok := at[c]; !ok {
					missing = append(missing, "「"+c+"」")
				}
			}
			if len(missing) > 0 {
				return nil, errs.E(errs.Invalid, "「%s」第 %d 行的表头缺少%s列（表头应为：%s）", name, row.Num, strings.Join(missing, ""), strings.Join(ListColumns, "、"))
			}
			continue
		}
		cell := func(col string) string {
			if i, ok := at[col]; ok && i < len(row.Cells) {
				return strings.TrimSpace(row.Cells[i])
			}
			return ""
		}
		if cell("姓名")+cell("角色")+cell("村")+cell("乡镇")+cell("手机号码")+cell("用户名") == "" {
			continue
		}
		if len(out)+len(problems) >= MaxList {
			return nil, errs.E(errs.Invalid, "「%s」超过 %d 行，请分批导入", name, MaxList)
		}
		a, msgs := checkRow(row.Num, cell, tree, scope)
		for _, m := range msgs {
			problems = append(problems, RowError{Row: row.Num, Msg: m})
		}
		if len(msgs) == 0 {
			out = append(out, a)
		}
	}
	if err := sheet.Err(); err != nil {
		return nil, err
	}
	if !header {
		return nil, errs.E(errs.Invalid, "「%s」的前几行中没有找到表头：表头应为 %s", name, strings.Join(ListColumns, "、"))
	}
	seen := map[string]int{}
	for _, a := range out {
		if a.Username == "" {
			continue
		}
		if first, ok := seen[a.Username]; ok {
			problems = append(problems, RowError{Row: a.Row, Msg: fmt.Sprintf("用户名 %s 与第 %d 行重复", a.Username, first)})
		}
		seen[a.Username] = a.Row
	}
	if len(problems) > 0 {
		e := &ListError{Rows: problems}
		return nil, errs.Wrap(e, errs.Invalid, "名单有 %d 处问题，未新增任何用户：%s", len(problems), e.Error())
	}
	if len(out) == 0 {
		return nil, errs.E(errs.Invalid, "「%s」中没有要新增的用户", name)
	}
	return out, nil
}

// checkRow reads one row of a list.
func checkRow(num int, cell func(string) string, tree *region.Tree, scope region.Code) (NewAccount, []string) {
	a := NewAccount{Row: num, Name: cell("姓名"), Username: strings.ToLower(cell("用户名"))}
	var msgs []string
	if a.Name == "" {
		msgs = append(msgs, "请填写姓名")
	} else if len([]rune(a.Name)) > 50 {
		msgs = append(msgs, "姓名超过 50 个字符")
	}
	if p := cell("手机号码"); p != "" {
		if n := idno.NormalizePhone(p); idno.ValidMobile(n) {
			a.Phone = n
		} else {
			msgs = append(msgs, fmt.Sprintf("手机号码「%s」不是 11 位手机号", p))
		}
	}
	role, err := auth.ParseRole(cell("角色"))
	if err != nil {
		msgs = append(msgs, fmt.Sprintf("角色「%s」无效，可填：村干部、帮扶责任人、乡镇工作人员、县级业务人员等", cell("角色")))
	} else {
		a.Role = role
	}
	code, err := Place(tree, scope, cell("乡镇"), cell("村"))
	switch {
	case err != nil:
		msgs = append(msgs, errs.Message(err))
	case err == nil && role != "":
		if l := role.Level(); l != 0 && code.Level() != l {
			msgs = append(msgs, fmt.Sprintf("%s须绑定到%s，「%s」是%s", role.Name(), levelWord(l), tree.FullName(code), levelWord(code.Level())))
		}
	}
	a.Region = code
	if a.Username != "" {
		if err := auth.ValidUsername(a.Username); err != nil {
			msgs = append(msgs, errs.Message(err))
		}
	}
	return a, msgs
}

// Place resolves the region a row of a list names within scope: a 12-digit division code in
// the village column, or the names of a township and a village (the village alone when its
// name is unique in scope; the township alone for an account bound to a township).
func Place(tree *region.Tree, scope region.Code, township, village string) (region.Code, error) {
	if c, err := region.ParseCode(village); err == nil && strings.Trim(village, "0123456789") == "" {
		if !tree.Has(c) {
			return "", errs.E(errs.Invalid, "区划代码 %s 不存在", village)
		}
		if !scope.Contains(c) {
			return "", errs.E(errs.Forbidden, "「%s」不在您管辖的地区（%s）内", tree.FullName(c), tree.FullName(scope))
		}
		return c, nil
	}
	if township == "" && village == "" {
		return "", errs.E(errs.Invalid, "请填写村（或乡镇）")
	}
	top, err := tree.Get(scope)
	if err != nil {
		return "", err
	}
	var ns region.Names
	set := func(l region.Level, name string) {
		switch l {
		case region.Province:
			ns.Province = name
		case region.City:
			ns.City = name
		case region.County:
			ns.County = name
		case region.Township:
			ns.Township = name
		case region.Village:
			ns.Village = name
		}
	}
	for _, a := range tree.Ancestors(scope) {
		set(a.Level, a.Name)
	}
	set(top.Level, top.Name)
	if top.Level < region.Township {
		set(region.Township, township)
	}
	set(region.Village, village)
	c, err := tree.Resolve(ns)
	if err != nil && township == "" && top.Level < region.Township {
		// A township's name written in the village column, for an account bound to it.
		ns.Township, ns.Village = village, ""
		if tc, terr := tree.Resolve(ns); terr == nil {
			c, err = tc, nil
		}
	}
	if err != nil {
		return "", errs.E(errs.CodeOf(err), "在%s%s", tree.FullName(scope), errs.Message(err))
	}
	if !scope.Contains(c) {
		return "", errs.E(errs.Forbidden, "「%s」不在您管辖的地区（%s）内", tree.FullName(c), tree.FullName(scope))
	}
	return c, nil
}

func levelWord(l region.Level) string {
	switch l {
	case region.Province:
		return "省"
	case region.City:
		return "市"
	case region.County:
		return "县（区）"
	case region.Township:
		return "乡镇"
	case region.Village:
		return "村"
	}
	return "地区"
}

// LevelWord names a region level as the pages say it: 村, 乡镇, 县（区）.
func LevelWord(l region.Level) string { return levelWord(l) }

// Issued is an account created from a list, with its password to hand over once.
type Issued struct {
	NewAccount
	Password string
}

// usernamePrefix is how generated usernames start, by role.
var usernamePrefix = map[auth.Role]string{auth.RoleAdmin: "gly", auth.RoleCity: "shi", auth.RoleCounty: "xian",
	auth.RoleTownship: "xz", auth.RoleVillage: "cun", auth.RoleHelper: "bf", auth.RoleViewer: "ck", auth.RoleAuditor: "sj"}

// AddAll creates the accounts of a list in one transaction, all or none, each with a new
// random password and an audit row; accounts without a username get one made of their role and
// region and the first free number (cun621121100201-1). It returns the accounts with their
// passwords, which are shown once and never stored.
func (s *Service) AddAll(ctx context.Context, list []NewAccount, source string) ([]Issued, error) {
	used := map[string]bool{}
	var given []string
	for _, a := range list {
		if a.Username != "" {
			given = append(given, a.Username)
			used[a.Username] = true
		}
	}
	taken, err := s.Users.Taken(ctx, given)
	if err != nil {
		return nil, err
	}
	var problems []RowError
	for _, a := range list {
		if taken[a.Username] {
			problems = append(problems, RowError{Row: a.Row, Msg: "用户名 " + a.Username + " 已存在"})
		}
	}
	if len(problems) > 0 {
		e := &ListError{Rows: problems}
		return nil, errs.Wrap(e, errs.Conflict, "名单有 %d 处问题，未新增任何用户：%s", len(problems), e.Error())
	}
	out := make([]Issued, len(list))
	users := make([]*auth.User, len(list))
	for i, a := range list {
		if a.Username == "" {
			prefix := usernamePrefix[a.Role] + a.Region.Prefix() + "-"
			existing, err := s.Users.UsernamesLike(ctx, prefix)
			if err != nil {
				return nil, err
			}
			for _, n := range existing {
				used[n] = true
			}
			for n := 1; ; n++ {
				if name := prefix + strconv.Itoa(n); !used[name] {
					a.Username = name
					break
				}
			}
			used[a.Username] = true
		}
		pw := Password()
		hash, err := auth.HashPassword(pw, s.Hash)
		if err != nil {
			return nil, err
		}
		out[i] = Issued{NewAccount: a, Password: pw}
		users[i] = &auth.User{Username: a.Username, DisplayName: a.Name, Role: a.Role, Region: a.Region, PasswordHash: hash}
	}
	err = s.Users.CreateAll(ctx, users, func(tx *sql.Tx, u *auth.User) error {
		return s.Audit.AppendTx(ctx, tx, audit.Entry{Action: audit.UserAdd, ObjectType: "user", ObjectID: u.Username, Region: u.Region,
			Detail: fmt.Sprintf("批量新增用户 %s（%s，%s，%s）", u.Username, u.DisplayName, u.Role.Name(), source)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// WriteTemplate writes the blank list of accounts, with one example row.
func WriteTemplate(w io.Writer) error {
	return writeSheet(w, "批量新增用户", ListColumns, [][]string{{"张三", "13900000000", "村干部", "马营镇", "石滩村", ""}},
		[]float64{10, 14, 14, 14, 20, 24})
}

// WriteIssued writes the sheet of new accounts and their passwords, to be handed over once.
func WriteIssued(w io.Writer, rows [][]string) error {
	return writeSheet(w, "新账号密码", []string{"用户名", "初始密码", "姓名", "手机号码", "角色", "管辖地区"}, rows,
		[]float64{24, 16, 10, 14, 14, 40})
}

func writeSheet(w io.Writer, name string, head []string, rows [][]string, widths []float64) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	for i, wd := range widths {
		sw.SetColWidth(i+1, i+1, wd)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	put := func(n int, cells []string) error {
		vs := make([]any, len(cells))
		for i, c := range cells {
			vs[i] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(cell, vs)
	}
	if err := put(1, head); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	for i, r := range rows {
		if err := put(i+2, r); err != nil {
			return errs.Wrap(err, errs.Internal, "无法生成表格")
		}
	}
	if err := sw.Flush(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	if _, err := f.WriteTo(w); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写出表格")
	}
	return nil
}
