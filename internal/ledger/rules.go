package ledger

import (
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// Who may do what on the ledger, always inside the user's region scope:
//
//   - create and assign items: administrators, city and county staff anywhere in their scope,
//     township staff for their own township;
//   - update progress and report an item fixed: the same, and village cadres and helpers (the
//     cadres who do the work) for items of their village;
//   - verify and close (销号), or send a fixed item back: administrators, city, county and
//     township staff, never the user who reported the item fixed; an item made from findings
//     closes only when screening has closed all of its findings;
//   - viewers and auditors only read.

func cadre(u *auth.User) bool {
	switch u.Role {
	case auth.RoleAdmin, auth.RoleCity, auth.RoleCounty, auth.RoleTownship:
		return true
	}
	return false
}

func inScope(u *auth.User, c region.Code) error {
	if u == nil || u.Disabled {
		return errs.E(errs.Unauthorized, "请先登录")
	}
	if !u.Region.Contains(c) {
		return errs.E(errs.Forbidden, "该整改事项不在您的管辖范围内")
	}
	return nil
}

// CanView returns nil when the user may see items of the region.
func CanView(u *auth.User, c region.Code) error { return inScope(u, c) }

// CanCreate returns nil when the user may put items of the region on the ledger, or assign
// them (change the responsible unit, person and deadline).
func CanCreate(u *auth.User, c region.Code) error {
	if err := inScope(u, c); err != nil {
		return err
	}
	if !cadre(u) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能新增或分派整改事项", u.Role.Name())
	}
	return nil
}

// CanUpdate returns nil when the user may record progress on the item.
func CanUpdate(u *auth.User, it *Item) error {
	if err := inScope(u, it.Region); err != nil {
		return err
	}
	if !cadre(u) && u.Role != auth.RoleVillage && u.Role != auth.RoleHelper {
		return errs.E(errs.Forbidden, "您的角色（%s）不能填报整改进展", u.Role.Name())
	}
	if it.Status == Closed {
		return errs.E(errs.Conflict, "该事项已销号，不能再修改")
	}
	return nil
}

// CheckTransition returns nil when the user may move the item to the status. It is the one
// place that holds the workflow's rules.
func CheckTransition(u *auth.User, it *Item, to Status) error {
	if err := inScope(u, it.Region); err != nil {
		return err
	}
	from := it.Status
	if from == to {
		return errs.E(errs.Conflict, "该事项已是「%s」", to.Label())
	}
	if from == Closed {
		return errs.E(errs.Conflict, "该事项已销号，不能再变更")
	}
	switch to {
	case Doing:
		if from == Fixed { // sent back by a verifier
			return checkVerifier(u, it, "退回")
		}
		return CanUpdate(u, it)
	case Fixed:
		return CanUpdate(u, it)
	case Closed:
		if err := checkVerifier(u, it, "销号"); err != nil {
			return err
		}
		if it.FromFindings() {
			if it.OpenFindings > 0 {
				return errs.E(errs.Conflict, "该事项还有 %d 个问题未经筛查消除，不能销号", it.OpenFindings)
			}
			return nil
		}
		if from != Fixed {
			return errs.E(errs.Conflict, "该事项尚未整改完成，不能销号")
		}
		return nil
	case Pending:
		return errs.E(errs.Conflict, "不能退回到「待整改」")
	}
	return errs.E(errs.Invalid, "未知的整改状态「%s」", to)
}

func checkVerifier(u *auth.User, it *Item, what string) error {
	if !cadre(u) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能审核%s", u.Role.Name(), what)
	}
	if !it.FromFindings() && it.FixedBy != "" && it.FixedBy == u.Username {
		return errs.E(errs.Forbidden, "整改完成由您本人填报，须由其他人员审核%s", what)
	}
	return nil
}
