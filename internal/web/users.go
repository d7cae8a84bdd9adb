package web

import (
	"net/http"
	"strings"

	"github.com/gonggu/gonggu/internal/accounts"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// The user page lets an administrator manage the users of the administrator's region: add
// one, reset a password, disable or enable. A new password is shown once, on the page that
// answers the form, and never put in a URL or a log.

type usersPage struct {
	Region   region.Region
	Users    []userRow
	Roles    []auth.Role
	Regions  []regionOption
	Notice   string // what the last action did
	Password string // a password to hand over, shown once
	Problem  string // why the last action was refused
	Form     map[string]string
}

func (usersPage) PageTitle() string { return "用户管理" }

type userRow struct {
	*auth.User
	RegionName string
	Self       bool
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, usersPage{})
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
	p.Region, p.Roles, p.Regions = reg, auth.Roles, s.scopeChoices(u, "")
	for _, x := range list {
		p.Users = append(p.Users, userRow{User: x, RegionName: s.cfg.Tree.FullName(x.Region), Self: x.Username == u.Username})
	}
	s.render(w, r, status, "users", p)
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
		return refuse(err)
	}
	if !u.Region.Contains(code) {
		return errs.E(errs.Forbidden, "只能为您管辖的地区（%s）新增用户", s.cfg.Tree.FullName(u.Region))
	}
	if _, err := s.cfg.Tree.Get(code); err != nil {
		return refuse(err)
	}
	pw := accounts.Password()
	nu := &auth.User{Username: form["username"], DisplayName: form["name"], Role: role, Region: code}
	if err := s.accts.Add(r.Context(), nu, pw); err != nil {
		return refuse(err)
	}
	return s.renderUsers(w, r, http.StatusOK, usersPage{Password: pw,
		Notice: "已新增用户 " + nu.Username + "（" + role.Name() + "，" + s.cfg.Tree.FullName(code) + "）。"})
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
