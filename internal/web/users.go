package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/accounts"
	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// The user page lets an administrator manage the users of the administrator's region: add
// one, bound to any region down to a village picked by name (with search), add many from an
// xlsx list, reset a password, disable or enable. New passwords are shown once, on the page
// that answers the form (and for a list, in a sheet downloaded from that page), and never put
// in a URL, a log or the database.

type usersPage struct {
	Region   region.Region
	Users    []userRow
	Roles    []auth.Role
	Regions  []regionOption
	Search   string // the region search typed ("" for none)
	Notice   string // what the last action did
	Password string // a password to hand over, shown once
	Problem  string // why the last action was refused
	Problems []string
	Form     map[string]string
	Issued   []issuedRow // accounts made from a list, with their passwords, shown once
}

func (usersPage) PageTitle() string { return "用户管理" }

type userRow struct {
	*auth.User
	RegionName string
	Self       bool
}

type issuedRow struct {
	accounts.Issued
	RoleName   string
	RegionName string
	Masked     string // the phone, masked for the page
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, usersPage{Search: strings.TrimSpace(r.URL.Query().Get("rq"))})
}

// renderUsers shows the users of the administrator's region with the outcome of an action.
func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, p usersPage) error {
	u := user(r)
	if err := auth.Require(u, auth.PermUsers); err != nil {
		return err
	}
	reg, err := s.cfg.Tree.Get(u.Region)
	if err != nil {
		return err
	}
	list, err := s.accts.List(r.Context(), u.Region)
	if err != nil {
		return err
	}
	p.Region, p.Roles = reg, auth.Roles
	p.Regions = s.userRegions(u, p.Search, p.Form["region"])
	for _, x := range list {
		p.Users = append(p.Users, userRow{User: x, RegionName: s.cfg.Tree.FullName(x.Region), Self: x.Username == u.Username})
	}
	s.render(w, r, status, "users", p)
	return nil
}

// userRegions is what the region choice of the new user's form offers: the regions whose
// names contain the search, or without one the administrator's region and the levels below
// it; and the region chosen before, so that a form shown again keeps it.
func (s *Server) userRegions(u *auth.User, search, chosen string) []regionOption {
	var out []regionOption
	if search != "" {
		out = s.searchRegions(u, search)
	} else {
		out = s.scopeChoices(u, "")
	}
	if c, err := region.ParseCode(chosen); err == nil && u.Region.Contains(c) {
		for _, o := range out {
			if o.Code == c {
				return out
			}
		}
		if reg, err := s.cfg.Tree.Get(c); err == nil {
			out = append([]regionOption{{Code: c, Name: s.pathName(u.Region, reg), Level: reg.Level}}, out...)
		}
	}
	return out
}

// userRegionOptions answers the region search of the user form (htmx) with the options.
func (s *Server) userRegionOptions(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermUsers); err != nil {
		return err
	}
	s.renderBlock(w, r, "users", "regionoptions", usersPage{Regions: s.userRegions(u, strings.TrimSpace(r.URL.Query().Get("rq")), "")})
	return nil
}

// target returns the user named in the path when it lies in the administrator's region.
func (s *Server) target(r *http.Request) (*auth.User, error) {
	u := user(r)
	if err := auth.Require(u, auth.PermUsers); err != nil {
		return nil, err
	}
	t, err := s.accts.Users.User(r.Context(), r.PathValue("username"))
	if err != nil {
		return nil, err
	}
	if !u.Region.Contains(t.Region) {
		return nil, errs.E(errs.Forbidden, "用户 %s 不在您管辖的地区内", t.Username)
	}
	return t, nil
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermUsers); err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range []string{"username", "name", "role", "region"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	refuse := func(err error) error {
		if code := errs.CodeOf(err); code == errs.Invalid || code == errs.Conflict || code == errs.NotFound {
			return s.renderUsers(w, r, http.StatusBadRequest, usersPage{Problem: errs.Message(err), Form: form})
		}
		return err
	}
	role, err := auth.ParseRole(form["role"])
	if err != nil {
		return refuse(err)
	}
	code, err := region.ParseCode(form["region"])
	if err != nil {
		return refuse(errs.E(errs.Invalid, "请选择管辖地区"))
	}
	if !u.Region.Contains(code) {
		return errs.E(errs.Forbidden, "只能为您管辖的地区（%s）新增用户", s.cfg.Tree.FullName(u.Region))
	}
	reg, err := s.cfg.Tree.Get(code)
	if err != nil {
		return refuse(err)
	}
	if l := role.Level(); l != 0 && reg.Level != l {
		return refuse(errs.E(errs.Invalid, "%s须绑定到%s，「%s」是%s：请在“管辖地区”中选择%s，可输入名称搜索", role.Name(),
			accounts.LevelWord(l), s.pathName(u.Region, reg), accounts.LevelWord(reg.Level), accounts.LevelWord(l)))
	}
	pw := accounts.Password()
	nu := &auth.User{Username: form["username"], DisplayName: form["name"], Role: role, Region: code}
	if err := s.accts.Add(r.Context(), nu, pw); err != nil {
		return refuse(err)
	}
	return s.renderUsers(w, r, http.StatusOK, usersPage{Password: pw,
		Notice: "已新增用户 " + nu.Username + "（" + role.Name() + "，" + s.cfg.Tree.FullName(code) + "）。"})
}

// maxList bounds an uploaded list of accounts.
const maxList = 5 << 20

// addUsers creates the accounts of an uploaded list (xlsx or csv), all or none: the page then
// shows each with its password, once, and offers them as a sheet to download from that page.
func (s *Server) addUsers(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermUsers); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return s.renderUsers(w, r, http.StatusBadRequest, usersPage{Problem: "请选择名单文件（xlsx 或 csv）"})
	}
	defer file.Close()
	name := filepath.Base(hdr.Filename)
	refuse := func(err error) error {
		if code := errs.CodeOf(err); code == errs.Invalid || code == errs.Conflict || code == errs.Forbidden {
			p := usersPage{Problem: errs.Message(err)}
			var le *accounts.ListError
			if errors.As(err, &le) {
				p.Problem = "名单「" + name + "」有问题，未新增任何用户："
				for _, e := range le.Rows {
					p.Problems = append(p.Problems, e.String())
				}
			}
			return s.renderUsers(w, r, http.StatusBadRequest, p)
		}
		return err
	}
	if hdr.Size > maxList {
		return refuse(errs.E(errs.Invalid, "名单文件不能超过 %d MB", maxList>>20))
	}
	list, err := accounts.ReadList(name, file, hdr.Size, s.cfg.Tree, u.Region)
	if err != nil {
		return refuse(err)
	}
	issued, err := s.accts.AddAll(r.Context(), list, "名单 "+name)
	if err != nil {
		return refuse(err)
	}
	p := usersPage{Notice: "已按名单「" + name + "」新增 " + strconv.Itoa(len(issued)) + " 个用户。"}
	for _, x := range issued {
		p.Issued = append(p.Issued, issuedRow{Issued: x, RoleName: x.Role.Name(), RegionName: s.cfg.Tree.FullName(x.Region),
			Masked: auth.MaskPhone(x.Phone)})
	}
	return s.renderUsers(w, r, http.StatusOK, p)
}

// issuedSheet turns the accounts the page shows after a list into a sheet to download: the
// page posts them back (the server keeps no password), and the download is audited.
func (s *Server) issuedSheet(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermUsers); err != nil {
		return err
	}
	f := r.PostForm
	users := f["username"]
	if len(users) == 0 || len(users) > accounts.MaxList {
		return errs.E(errs.Invalid, "没有可下载的新账号")
	}
	at := func(k string, i int) string {
		if vs := f[k]; i < len(vs) {
			return vs[i]
		}
		return ""
	}
	rows := make([][]string, len(users))
	for i, name := range users {
		rows[i] = []string{name, at("password", i), at("name", i), at("phone", i), at("role", i), at("region", i)}
	}
	var buf bytes.Buffer
	if err := accounts.WriteIssued(&buf, rows); err != nil {
		return err
	}
	if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.Export, ObjectType: "user", Region: u.Region,
		Detail: "下载新账号及初始密码表（" + strconv.Itoa(len(users)) + " 个账号：" + strings.Join(users, "、") + "）"}); err != nil {
		return err
	}
	name := "新账号初始密码-" + s.now().In(chinaTime).Format("20060102-1504") + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"accounts.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err := w.Write(buf.Bytes())
	return err
}

// usersTemplate downloads the blank list of accounts.
func (s *Server) usersTemplate(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Require(user(r), auth.PermUsers); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := accounts.WriteTemplate(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"users-template.xlsx\"; filename*=UTF-8''"+url.PathEscape("批量新增用户名单模板.xlsx"))
	_, err := w.Write(buf.Bytes())
	return err
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	t, err := s.target(r)
	if err != nil {
		return err
	}
	pw := accounts.Password()
	if _, err := s.accts.SetPassword(r.Context(), t.Username, pw); err != nil {
		return err
	}
	if s.cfg.Auth != nil {
		s.cfg.Auth.ForgetUser(t.Username)
	}
	return s.renderUsers(w, r, http.StatusOK, usersPage{Password: pw,
		Notice: "已重设用户 " + t.Username + " 的密码，其已登录的会话全部失效。"})
}

func (s *Server) disableUser(w http.ResponseWriter, r *http.Request) error {
	t, err := s.target(r)
	if err != nil {
		return err
	}
	disable := r.PostFormValue("enable") == ""
	if disable && t.Username == user(r).Username {
		return errs.E(errs.Conflict, "不能停用自己的账号")
	}
	_, what, err := s.accts.SetDisabled(r.Context(), t.Username, disable)
	if err != nil {
		return err
	}
	if s.cfg.Auth != nil {
		s.cfg.Auth.ForgetUser(t.Username)
	}
	return s.renderUsers(w, r, http.StatusOK, usersPage{Notice: "用户 " + t.Username + "：" + what + "。"})
}
