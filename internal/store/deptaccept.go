package store

import (
	"context"
	"database/sql"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/registry"
)

// DeptAccept is a cadre's accept of what a department says about a person (or, for household
// and village lists, the household): the household as the accept changed it, the version it
// was loaded at, and the records and fields the department's value set, for their provenance.
type DeptAccept struct {
	Household *registry.Aggregate
	Expect    int64  // the stored version the household was loaded at
	PersonNo  string // "" for the household
	Kind      deptlists.Kind
	Fills     []DeptFill // the fields set, by record, with the list they came from
	Source    string     // the list as the provenance names it: 医保部门名单（参保名单.xlsx）
}

// Accept writes a cadre's accept in one transaction: the household over the version the cadre
// saw (errs.Conflict when another save came first, errs.NotFound when no list of the kind
// concerns the household any more), the provenance of the fields set, the decision, the audit
// entry, and the raise of the registry's data version. Nothing is written unless all of it is.
func (s *DeptLists) Accept(ctx context.Context, acc *DeptAccept, e audit.Entry) error {
	a := acc.Household
	if a == nil || acc.Expect < 1 {
		return errs.E(errs.Invalid, "没有要采纳部门数据的户或其版本")
	}
	if err := a.Validate(); err != nil {
		return err
	}
	no, county := a.Household.No, a.Household.County()
	e.ObjectType, e.ObjectID, e.Region = "household", no, a.Household.Village
	stored := a.Household.Version
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// The version check is the transaction's first write to the household (PutTx), so that
		// of two accepts (or an accept and an edit) started from one version only one stores.
		if err := NewRegistry(s.db).PutTx(ctx, tx, a, acc.Expect); err != nil {
			return err
		}
		// The department's rows must still be stored: a roster imported meanwhile may have
		// replaced them, and the cadre accepted what the page showed.
		var n int
		if err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM dept_rows
			WHERE county_code = ? AND household_no = ? AND kind = ?`), string(county), no, string(acc.Kind)).Scan(&n); err != nil {
			return internal(err, "deptlists.accept rows")
		}
		if n == 0 {
			return errs.E(errs.NotFound, "这一户已没有%s部门数据，请刷新页面", acc.Kind)
		}
		if err := s.AcceptTx(ctx, tx, county, no, acc.PersonNo, acc.Kind, acc.Fills, acc.Source); err != nil {
			return err
		}
		if err := NewAuditLog(s.db).AppendTx(ctx, tx, e); err != nil {
			return err
		}
		return s.db.BumpDataVersion(ctx, tx, "registry")
	})
	if err != nil {
		// PutTx raised the version on the aggregate before the transaction was rolled back.
		a.Household.Version = stored
	}
	return err
}
