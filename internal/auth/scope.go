package auth

import (
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// Scope turns a requested region into the region the user may see: the user's own region when
// none is requested, the requested one when it lies in the user's subtree, and an
// errs.Forbidden error otherwise. Every page, API route and export goes through it.
func Scope(u *User, requested region.Code) (region.Code, error) {
	if u == nil || u.Disabled {
		return "", errs.E(errs.Unauthorized, "请先登录")
	}
	if requested == "" {
		return u.Region, nil
	}
	if requested.Level() == 0 {
		return "", errs.E(errs.Invalid, "行政区划代码「%s」无效", requested)
	}
	if !u.Region.Contains(requested) {
		return "", errs.E(errs.Forbidden, "您没有查看该地区数据的权限")
	}
	return requested, nil
}

// CheckVillage returns nil when the village (of a household, finding or import row) lies in
// the user's subtree, and errs.Forbidden otherwise.
func CheckVillage(u *User, village region.Code) error {
	_, err := Scope(u, village)
	if err != nil && errs.Is(err, errs.Invalid) {
		return errs.E(errs.Forbidden, "您没有查看该户数据的权限")
	}
	return err
}

// Require returns errs.Forbidden when the user's role lacks the permission.
func Require(u *User, p Perm) error {
	if u == nil || u.Disabled {
		return errs.E(errs.Unauthorized, "请先登录")
	}
	if !u.Can(p) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能进行此操作", u.Role.Name())
	}
	return nil
}
