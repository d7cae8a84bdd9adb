// Package auth holds gonggu's users, roles and region scopes: who may log in, what each role
// may do, which part of the region tree a user sees, how personal data is masked for them, and
// the login service with its sessions, password hashing and throttling.
package auth

import (
	"strings"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// Role is what a user is in the bureau's organisation; it decides what the user may do.
type Role string

// The roles of gonggu.
const (
	RoleAdmin    Role = "admin"    // 系统管理员: users, policy parameters, everything in scope
	RoleCity     Role = "city"     // 市级乡村振兴部门
	RoleCounty   Role = "county"   // 县级乡村振兴部门
	RoleTownship Role = "township" // 乡镇工作人员
	RoleVillage  Role = "village"  // 村干部、驻村工作队
	RoleHelper   Role = "helper"   // 帮扶责任人、网格员
	RoleViewer   Role = "viewer"   // 行业部门（只读）
	RoleAuditor  Role = "auditor"  // 审计人员（只读，查看审计日志）
)

// Roles lists the roles in the order forms and help show them.
var Roles = []Role{RoleAdmin, RoleCity, RoleCounty, RoleTownship, RoleVillage, RoleHelper, RoleViewer, RoleAuditor}

var roleNames = map[Role]string{
	RoleAdmin:    "系统管理员",
	RoleCity:     "市级业务人员",
	RoleCounty:   "县级业务人员",
	RoleTownship: "乡镇工作人员",
	RoleVillage:  "村干部",
	RoleHelper:   "帮扶责任人",
	RoleViewer:   "行业部门查看",
	RoleAuditor:  "审计人员",
}

// Name returns the role's Chinese name.
func (r Role) Name() string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return string(r)
}

// ParseRole reads a role by its identifier or its Chinese name.
func ParseRole(s string) (Role, error) {
	s = strings.TrimSpace(s)
	for _, r := range Roles {
		if string(r) == s || roleNames[r] == s {
			return r, nil
		}
	}
	var names []string
	for _, r := range Roles {
		names = append(names, string(r)+"（"+r.Name()+"）")
	}
	return "", errs.E(errs.Invalid, "未知的角色「%s」，可选：%s", s, strings.Join(names, "、"))
}

// level returns the region level a role is bound to, 0 when the role may sit at any level.
func (r Role) level() region.Level {
	switch r {
	case RoleCity:
		return region.City
	case RoleCounty:
		return region.County
	case RoleTownship:
		return region.Township
	case RoleVillage, RoleHelper:
		return region.Village
	}
	return 0
}

// Perm is something a role may do.
type Perm int

// The permissions. Seeing the registry of one's own scope needs none.
const (
	PermEdit   Perm = iota + 1 // change households, people, incomes, measures
	PermUnmask                 // see full ID numbers and phone numbers (each view audited)
	PermWaive                  // waive a finding with a reason (例外说明)
	PermImport                 // upload national exports
	PermParams                 // change policy parameters
	PermAudit                  // browse the audit log
	PermUsers                  // add users of one's region, reset their passwords, disable them
)

var perms = map[Role][]Perm{
	RoleAdmin:    {PermEdit, PermUnmask, PermWaive, PermImport, PermParams, PermAudit, PermUsers},
	RoleCity:     {PermEdit, PermUnmask, PermWaive, PermImport},
	RoleCounty:   {PermEdit, PermUnmask, PermWaive, PermImport},
	RoleTownship: {PermEdit, PermUnmask, PermWaive},
	RoleVillage:  {PermEdit, PermUnmask},
	RoleHelper:   {PermEdit},
	RoleViewer:   nil,
	RoleAuditor:  {PermAudit},
}

// Can reports whether the role has the permission.
func (r Role) Can(p Perm) bool {
	for _, q := range perms[r] {
		if q == p {
			return true
		}
	}
	return false
}

// User is a person who logs in to gonggu. Every user is bound to one region and sees only its
// subtree.
type User struct {
	Username     string
	DisplayName  string
	Role         Role
	Region       region.Code
	PasswordHash string
	Disabled     bool
}

// Can reports whether the user's role has the permission.
func (u *User) Can(p Perm) bool { return u != nil && !u.Disabled && u.Role.Can(p) }

// Name returns the display name, or the username when there is none.
func (u *User) Name() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Username
}

// Validate checks the username, the role and that the region suits the role.
func (u *User) Validate() error {
	if err := ValidUsername(u.Username); err != nil {
		return err
	}
	if _, ok := roleNames[u.Role]; !ok {
		return errs.E(errs.Invalid, "未知的角色「%s」", u.Role)
	}
	if u.Region.Level() == 0 {
		return errs.E(errs.Invalid, "用户 %s 的行政区划代码「%s」无效", u.Username, u.Region)
	}
	if l := u.Role.level(); l != 0 && u.Region.Level() != l {
		return errs.E(errs.Invalid, "%s 只能绑定到%s级行政区划，「%s」是%s级", u.Role.Name(), l, u.Region, u.Region.Level())
	}
	if utf8.RuneCountInString(u.DisplayName) > maxDisplayName {
		return errs.E(errs.Invalid, "姓名超过 %d 个字符", maxDisplayName)
	}
	return nil
}

// maxDisplayName is the longest display name, in characters: a person's name, as in the
// registry.
const maxDisplayName = 50

// ValidUsername checks a username: 2 to 32 letters, digits, '.', '_' or '-'.
func ValidUsername(s string) error {
	if len(s) < 2 || len(s) > 32 {
		return errs.E(errs.Invalid, "用户名须为 2 到 32 个字符")
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return errs.E(errs.Invalid, "用户名只能包含英文字母、数字和 . _ -")
		}
	}
	return nil
}
