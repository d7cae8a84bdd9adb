package store

import (
	"context"
	"database/sql"

	"github.com/gonggu/gonggu/internal/assistance"
	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Assistance keeps the low-income list from civil affairs, its regular assistance records, and
// the small loans with the loan wishes and the credit rating list (migration 0042). A family is
// matched to the registry by the ID key of its head: the household of a current member who
// holds it.
type Assistance struct{ db *DB }

// NewAssistance returns the assistance store of db.
func NewAssistance(db *DB) *Assistance { return &Assistance{db: db} }

// withMisses runs fn in a transaction rolled back when fn finds misses; the audit entry is
// appended when it finds none.
func (s *Assistance) withMisses(ctx context.Context, e audit.Entry, fn func(tx *sql.Tx) ([]listfile.Miss, error)) ([]listfile.Miss, error) {
	return NewEmployment(s.db).withMisses(ctx, e, fn)
}

// PutFamilies writes the families of a 农村低收入人口名单 file (by the head's ID number), each
// matched to the registry household of its head.
func (s *Assistance) PutFamilies(ctx context.Context, county region.Code, rows []assistance.FamilyRow, source string, e audit.Entry) error {
	now := stamp(s.db.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range rows {
			f := &rows[i].Family
			f.County, f.Source = county, source
			key := keyOf(f.HeadID)
			if key == "" {
				return errs.E(errs.Invalid, "第 %d 行：户主证件号码应有 18 位", rows[i].Row)
			}
			f.ID = assistance.FamilyID(key)
			if err := f.Validate(); err != nil {
				return errs.E(errs.Invalid, "第 %d 行：%s", rows[i].Row, errs.Message(err))
			}
			no, err := householdOf(ctx, s.db, tx, county, "", key)
			if err != nil {
				return err
			}
			f.HouseholdNo = no
			if _, err := s.db.Exec(ctx, tx, `DELETE FROM low_income_families WHERE county_code = ? AND family_id = ?`, string(county), f.ID); err != nil {
				return internal(err, "assistance.families")
			}
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO low_income_families (county_code, family_id, region_code, head, head_id, id_key, size,
				category, since, ill, ill_on, household_no, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				string(county), f.ID, string(f.Village), f.Head, f.HeadID, key, f.Size, f.Category, f.Since, f.Ill, f.IllOn, no, source, now); err != nil {
				return internal(err, "assistance.families")
			}
		}
		return auditTx(ctx, s.db, tx, e)
	})
}

// familyOf returns the id of the county's family whose head has the ID key, "" when none.
func (s *Assistance) familyOf(ctx context.Context, tx *sql.Tx, county region.Code, key string) (string, error) {
	var id string
	err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT family_id FROM low_income_families WHERE county_code = ? AND id_key = ?`),
		string(county), key).Scan(&id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return id, internal(err, "assistance.family")
}

// PutRecords writes the records of a 常态化帮扶记录 file; every family it names must be on the
// county's list. A record of the same family, day and way is replaced.
func (s *Assistance) PutRecords(ctx context.Context, county region.Code, rows []assistance.RecordRow, source string, e audit.Entry) ([]listfile.Miss, error) {
	return s.withMisses(ctx, e, func(tx *sql.Tx) ([]listfile.Miss, error) {
		var misses []listfile.Miss
		for i := range rows {
			r := &rows[i]
			id, err := s.familyOf(ctx, tx, county, keyOf(r.HeadID))
			if err != nil {
				return nil, err
			}
			if id == "" {
				misses = append(misses, listfile.Miss{Row: r.Row, Header: "户主证件号码",
					Reason: "本县的农村低收入人口名单中没有这个户主证件号码（按前 18 位比对），请先导入名单"})
				continue
			}
			r.County, r.FamilyID, r.Source = county, id, source
			if err := s.putRecord(ctx, tx, &r.Record); err != nil {
				return nil, errs.E(errs.Invalid, "第 %d 行：%s", r.Row, errs.Message(err))
			}
		}
		return misses, nil
	})
}

func (s *Assistance) putRecord(ctx context.Context, tx *sql.Tx, r *assistance.Record) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if r.ID == "" {
		r.ID = audit.NewID(s.db.Now())
	}
	if _, err := s.db.Exec(ctx, tx, `DELETE FROM assistance_records WHERE county_code = ? AND family_id = ? AND on_date = ? AND way = ?`,
		string(r.County), r.FamilyID, r.On, r.Way); err != nil {
		return internal(err, "assistance.record")
	}
	_, err := s.db.Exec(ctx, tx, `INSERT INTO assistance_records (county_code, id, family_id, on_date, way, by_whom, done, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, string(r.County), r.ID, r.FamilyID, r.On, r.Way, r.By, r.Done, r.Source)
	return internal(err, "assistance.record")
}

// AddRecord records one regular assistance of a family (the web form) with its audit entry.
func (s *Assistance) AddRecord(ctx context.Context, r *assistance.Record, e audit.Entry) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM low_income_families WHERE county_code = ? AND family_id = ?`),
			string(r.County), r.FamilyID).Scan(&n); err != nil {
			return internal(err, "assistance.record")
		}
		if n == 0 {
			return errs.E(errs.NotFound, "没有这户低收入家庭")
		}
		if err := s.putRecord(ctx, tx, r); err != nil {
			return err
		}
		return auditTx(ctx, s.db, tx, e)
	})
}

// PutLoans writes the loans of a 小额信贷台账 file (by 合同编号), each matched to the registry
// household of its 户编号, or of its borrower's ID number.
func (s *Assistance) PutLoans(ctx context.Context, county region.Code, rows []assistance.LoanRow, source string, e audit.Entry) ([]listfile.Miss, error) {
	now := stamp(s.db.Now())
	return s.withMisses(ctx, e, func(tx *sql.Tx) ([]listfile.Miss, error) {
		var misses []listfile.Miss
		for i := range rows {
			l := &rows[i].Loan
			l.County, l.Source = county, source
			if err := l.Validate(); err != nil {
				return nil, errs.E(errs.Invalid, "第 %d 行：%s", rows[i].Row, errs.Message(err))
			}
			no, err := householdOf(ctx, s.db, tx, county, l.HouseholdNo, keyOf(l.BorrowerID))
			if err != nil {
				return nil, err
			}
			if no == "" && l.HouseholdNo != "" {
				misses = append(misses, missingHousehold(rows[i].Row, l.HouseholdNo, ""))
				continue
			}
			l.HouseholdNo = no
			if _, err := s.db.Exec(ctx, tx, `DELETE FROM loans WHERE county_code = ? AND loan_id = ?`, string(county), l.ID); err != nil {
				return nil, internal(err, "assistance.loans")
			}
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO loans (county_code, loan_id, region_code, household_no, borrower, borrower_id, id_key, bank,
				amount, issued_on, due_on, use_of, status, repaid_on, overdue, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				string(county), l.ID, string(l.Village), no, l.Borrower, l.BorrowerID, keyOf(l.BorrowerID), l.Bank, int64(l.Amount), l.Issued,
				l.Due, l.Use, l.Status, l.Repaid, int64(l.Overdue), source, now); err != nil {
				return nil, internal(err, "assistance.loans")
			}
		}
		return misses, nil
	})
}

// PutWishes writes the loan wishes of a 贷款意愿登记 file (by household and day).
func (s *Assistance) PutWishes(ctx context.Context, county region.Code, rows []assistance.WishRow, e audit.Entry) ([]listfile.Miss, error) {
	return s.withMisses(ctx, e, func(tx *sql.Tx) ([]listfile.Miss, error) {
		var misses []listfile.Miss
		for i := range rows {
			w := &rows[i]
			no, err := householdOf(ctx, s.db, tx, county, w.HouseholdNo, keyOf(w.HeadID))
			if err != nil {
				return nil, err
			}
			if no == "" {
				misses = append(misses, missingHousehold(w.Row, w.HouseholdNo, w.HeadID))
				continue
			}
			w.County, w.HouseholdNo = county, no
			if err := s.putWish(ctx, tx, &w.Wish); err != nil {
				return nil, err
			}
		}
		return misses, nil
	})
}

func (s *Assistance) putWish(ctx context.Context, tx *sql.Tx, w *assistance.Wish) error {
	if w.Wants == registry.Unknown || w.On.IsZero() {
		return errs.E(errs.Invalid, "贷款意愿应填写走访日期和是否有意愿")
	}
	if err := listfile.CheckText("说明", w.Note, assistance.MaxNote, false); err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, tx, `DELETE FROM loan_wishes WHERE county_code = ? AND household_no = ? AND on_date = ?`,
		string(w.County), w.HouseholdNo, w.On); err != nil {
		return internal(err, "assistance.wishes")
	}
	_, err := s.db.Exec(ctx, tx, `INSERT INTO loan_wishes (county_code, household_no, on_date, wants, note, by_whom) VALUES (?, ?, ?, ?, ?, ?)`,
		string(w.County), w.HouseholdNo, w.On, w.Wants, w.Note, w.By)
	return internal(err, "assistance.wishes")
}

// AddWish records a household's loan wish at a visit (the web form) with its audit entry.
func (s *Assistance) AddWish(ctx context.Context, w *assistance.Wish, e audit.Entry) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		no, err := householdOf(ctx, s.db, tx, w.County, w.HouseholdNo, "")
		if err != nil {
			return err
		}
		if no == "" {
			return errs.E(errs.NotFound, "本县的农户中没有户编号「%s」", w.HouseholdNo)
		}
		if err := s.putWish(ctx, tx, w); err != nil {
			return err
		}
		return auditTx(ctx, s.db, tx, e)
	})
}

// PutRatings writes the households of a 评级授信名单 file.
func (s *Assistance) PutRatings(ctx context.Context, county region.Code, rows []assistance.RatedRow, e audit.Entry) ([]listfile.Miss, error) {
	return s.withMisses(ctx, e, func(tx *sql.Tx) ([]listfile.Miss, error) {
		var misses []listfile.Miss
		for i := range rows {
			r := &rows[i].Rated
			no, err := householdOf(ctx, s.db, tx, county, r.HouseholdNo, "")
			if err != nil {
				return nil, err
			}
			if no == "" {
				misses = append(misses, missingHousehold(rows[i].Row, r.HouseholdNo, ""))
				continue
			}
			if _, err := s.db.Exec(ctx, tx, `DELETE FROM loan_ratings WHERE county_code = ? AND household_no = ?`, string(county), no); err != nil {
				return nil, internal(err, "assistance.ratings")
			}
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO loan_ratings (county_code, household_no, name, id_number, rating, credit_limit, rated_on)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, string(county), no, r.Name, r.IDNumber, r.Rating, int64(r.Limit), r.On); err != nil {
				return nil, internal(err, "assistance.ratings")
			}
		}
		return misses, nil
	})
}

const familyCols = `f.county_code, f.family_id, f.region_code, f.head, f.head_id, f.size, f.category, f.since, f.ill, f.ill_on, f.household_no, f.source`

func scanFamily(sc scanner, f *assistance.Family, more ...any) error {
	var county, reg string
	if err := sc.Scan(append([]any{&county, &f.ID, &reg, &f.Head, &f.HeadID, &f.Size, &f.Category, &f.Since, &f.Ill, &f.IllOn,
		&f.HouseholdNo, &f.Source}, more...)...); err != nil {
		return err
	}
	f.County, f.Village = region.Code(county), region.Code(reg)
	return nil
}

// FamilySummary is a low-income family as the list shows it.
type FamilySummary struct {
	assistance.Family
	Records int
	Last    registry.Date
}

// Families lists the families in scope (of one category when given), by village and head.
func (s *Assistance) Families(ctx context.Context, scope region.Code, category string, limit int) ([]FamilySummary, error) {
	where, args := listScope("f", "region_code", scope)
	if category != "" {
		where += " AND f.category = ?"
		args = append(args, category)
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+familyCols+`,
		(SELECT COUNT(*) FROM assistance_records r WHERE r.county_code = f.county_code AND r.family_id = f.family_id),
		(SELECT MAX(r.on_date) FROM assistance_records r WHERE r.county_code = f.county_code AND r.family_id = f.family_id)
		FROM low_income_families f WHERE `+where+` ORDER BY f.region_code, f.head LIMIT ?`), append(args, limit)...)
	if err != nil {
		return nil, internal(err, "assistance.families")
	}
	defer rows.Close()
	var out []FamilySummary
	for rows.Next() {
		var v FamilySummary
		if err := scanFamily(rows, &v.Family, &v.Records, &v.Last); err != nil {
			return nil, internal(err, "assistance.families")
		}
		out = append(out, v)
	}
	return out, internal(rows.Err(), "assistance.families")
}

// Family returns a family of the county with its records, newest first, or errs.NotFound.
func (s *Assistance) Family(ctx context.Context, county region.Code, id string) (*assistance.Family, []assistance.Record, error) {
	f := &assistance.Family{}
	err := scanFamily(s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT `+familyCols+` FROM low_income_families f WHERE f.county_code = ? AND f.family_id = ?`),
		string(county), id), f)
	if err == sql.ErrNoRows {
		return nil, nil, errs.E(errs.NotFound, "没有这户低收入家庭")
	}
	if err != nil {
		return nil, nil, internal(err, "assistance.family")
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT id, on_date, way, by_whom, done, source FROM assistance_records
		WHERE county_code = ? AND family_id = ? ORDER BY on_date DESC, id DESC`), string(county), id)
	if err != nil {
		return nil, nil, internal(err, "assistance.records")
	}
	defer rows.Close()
	var recs []assistance.Record
	for rows.Next() {
		r := assistance.Record{County: county, FamilyID: id}
		if err := rows.Scan(&r.ID, &r.On, &r.Way, &r.By, &r.Done, &r.Source); err != nil {
			return nil, nil, internal(err, "assistance.records")
		}
		recs = append(recs, r)
	}
	return f, recs, internal(rows.Err(), "assistance.records")
}

// FamilyCounts counts the families in scope by category, and those matched to the registry.
func (s *Assistance) FamilyCounts(ctx context.Context, scope region.Code) (byCategory map[string]int, matched int, err error) {
	where, args := listScope("f", "region_code", scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT f.category, COUNT(*), SUM(CASE WHEN f.household_no <> '' THEN 1 ELSE 0 END)
		FROM low_income_families f WHERE `+where+` GROUP BY f.category`), args...)
	if err != nil {
		return nil, 0, internal(err, "assistance.counts")
	}
	defer rows.Close()
	byCategory = map[string]int{}
	for rows.Next() {
		var c string
		var n, m int
		if err := rows.Scan(&c, &n, &m); err != nil {
			return nil, 0, internal(err, "assistance.counts")
		}
		byCategory[c], matched = n, matched+m
	}
	return byCategory, matched, internal(rows.Err(), "assistance.counts")
}

// EachFamily calls fn with every family of the county in scope as the object rules judge it.
func (s *Assistance) EachFamily(ctx context.Context, county, scope region.Code, fn func(*assistance.FamilyObject) error) error {
	where, args := listScope("f", "region_code", scope)
	if scope.Level() < region.County {
		where, args = "f.county_code = ?", []any{string(county)}
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+familyCols+`, r.on_date FROM low_income_families f
		LEFT JOIN assistance_records r ON r.county_code = f.county_code AND r.family_id = f.family_id
		WHERE `+where+` ORDER BY f.family_id, r.on_date`), args...)
	if err != nil {
		return internal(err, "assistance.eachfamily")
	}
	var list []*assistance.FamilyObject
	var cur *assistance.FamilyObject
	for rows.Next() {
		o := &assistance.FamilyObject{}
		var on registry.Date
		if err := scanFamily(rows, &o.Family, &on); err != nil {
			rows.Close()
			return internal(err, "assistance.eachfamily")
		}
		if cur == nil || cur.Family.ID != o.Family.ID {
			cur = o
			list = append(list, o)
		}
		if !on.IsZero() {
			cur.Records = append(cur.Records, on)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "assistance.eachfamily")
	}
	for _, o := range list {
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

const loanCols = `l.county_code, l.loan_id, l.region_code, l.household_no, l.borrower, l.borrower_id, l.bank, l.amount, l.issued_on, l.due_on,
	l.use_of, l.status, l.repaid_on, l.overdue, l.source`

func scanLoan(sc scanner) (*assistance.Loan, error) {
	l := &assistance.Loan{}
	var county, reg string
	if err := sc.Scan(&county, &l.ID, &reg, &l.HouseholdNo, &l.Borrower, &l.BorrowerID, &l.Bank, &l.Amount, &l.Issued, &l.Due, &l.Use,
		&l.Status, &l.Repaid, &l.Overdue, &l.Source); err != nil {
		return nil, err
	}
	l.County, l.Village = region.Code(county), region.Code(reg)
	return l, nil
}

// Loans lists the loans in scope (the outstanding ones only when asked), by village and
// contract.
func (s *Assistance) Loans(ctx context.Context, scope region.Code, outstanding bool, limit int) ([]*assistance.Loan, error) {
	where, args := listScope("l", "region_code", scope)
	if outstanding {
		where += " AND l.status <> '已还清'"
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+loanCols+` FROM loans l WHERE `+where+` ORDER BY l.region_code, l.loan_id LIMIT ?`),
		append(args, limit)...)
	if err != nil {
		return nil, internal(err, "assistance.loans")
	}
	defer rows.Close()
	var out []*assistance.Loan
	for rows.Next() {
		l, err := scanLoan(rows)
		if err != nil {
			return nil, internal(err, "assistance.loans")
		}
		out = append(out, l)
	}
	return out, internal(rows.Err(), "assistance.loans")
}

// EachLoan calls fn with every outstanding loan of the county in scope.
func (s *Assistance) EachLoan(ctx context.Context, county, scope region.Code, fn func(*assistance.LoanObject) error) error {
	if scope.Level() < region.County {
		scope = county
	}
	ls, err := s.Loans(ctx, scope, true, 1_000_000)
	if err != nil {
		return err
	}
	for _, l := range ls {
		if err := fn(&assistance.LoanObject{Loan: *l}); err != nil {
			return err
		}
	}
	return nil
}

// Wishes lists the loan wishes of a household, newest first.
func (s *Assistance) Wishes(ctx context.Context, county region.Code, no string) ([]assistance.Wish, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT on_date, wants, note, by_whom FROM loan_wishes
		WHERE county_code = ? AND household_no = ? ORDER BY on_date DESC`), string(county), no)
	if err != nil {
		return nil, internal(err, "assistance.wishes")
	}
	defer rows.Close()
	var out []assistance.Wish
	for rows.Next() {
		w := assistance.Wish{County: county, HouseholdNo: no}
		if err := rows.Scan(&w.On, &w.Wants, &w.Note, &w.By); err != nil {
			return nil, internal(err, "assistance.wishes")
		}
		out = append(out, w)
	}
	return out, internal(rows.Err(), "assistance.wishes")
}

// Facts returns what the domain knows about the households of the county in scope (or the
// households nos), by 户编号: their entries on the low-income list with the latest record, their
// loans, their latest loan wish and whether the banks rated them. A county that keeps none of
// the lists gives nothing; a household in a county that keeps some is given the flags even
// when it appears on none, so that the rules can read the absence.
func (s *Assistance) Facts(ctx context.Context, county, scope region.Code, nos []string) (map[string]*assistance.Facts, error) {
	var fams, loans, wishes, ratings int
	if err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT (SELECT COUNT(*) FROM low_income_families WHERE county_code = ?),
		(SELECT COUNT(*) FROM loans WHERE county_code = ?), (SELECT COUNT(*) FROM loan_wishes WHERE county_code = ?),
		(SELECT COUNT(*) FROM loan_ratings WHERE county_code = ?)`), string(county), string(county), string(county), string(county)).
		Scan(&fams, &loans, &wishes, &ratings); err != nil {
		return nil, internal(err, "assistance.facts")
	}
	out := map[string]*assistance.Facts{}
	if fams+loans+wishes+ratings == 0 {
		return out, nil
	}
	hwhere, hargs := householdScope(scope)
	if scope.Level() <= region.County {
		hwhere, hargs = "1=1", nil
	}
	where := "h.county_code = ? AND " + hwhere
	args := append([]any{string(county)}, hargs...)
	if nos != nil {
		if len(nos) == 0 {
			return out, nil
		}
		where += " AND h.household_no IN (" + placeholders(len(nos)) + ")"
		for _, n := range nos {
			args = append(args, n)
		}
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT h.household_no,
		CASE WHEN EXISTS (SELECT 1 FROM loan_ratings r WHERE r.county_code = h.county_code AND r.household_no = h.household_no) THEN 1 ELSE 0 END
		FROM households h WHERE `+where), args...)
	if err != nil {
		return nil, internal(err, "assistance.facts")
	}
	for rows.Next() {
		var no string
		var rated int
		if err := rows.Scan(&no, &rated); err != nil {
			rows.Close()
			return nil, internal(err, "assistance.facts")
		}
		out[no] = &assistance.Facts{LowIncome: fams > 0, Loans: loans > 0, Wishes: wishes > 0, Ratings: ratings > 0, Rated: rated == 1}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err, "assistance.facts")
	}
	each := func(q string, fn func(rows *sql.Rows) error) error {
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q), string(county))
		if err != nil {
			return internal(err, "assistance.facts")
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows); err != nil {
				return internal(err, "assistance.facts")
			}
		}
		return internal(rows.Err(), "assistance.facts")
	}
	if fams > 0 {
		err := each(`SELECT f.household_no, f.category, (SELECT MAX(r.on_date) FROM assistance_records r
			WHERE r.county_code = f.county_code AND r.family_id = f.family_id)
			FROM low_income_families f WHERE f.county_code = ? AND f.household_no <> ''`, func(rows *sql.Rows) error {
			var no string
			var ff assistance.FamilyFact
			if err := rows.Scan(&no, &ff.Category, &ff.LastRecord); err != nil {
				return err
			}
			if f := out[no]; f != nil {
				f.Families = append(f.Families, ff)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if loans > 0 {
		err := each(`SELECT household_no, issued_on, CASE WHEN status <> '已还清' THEN 1 ELSE 0 END FROM loans
			WHERE county_code = ? AND household_no <> ''`, func(rows *sql.Rows) error {
			var no string
			var lf assistance.LoanFact
			var open int
			if err := rows.Scan(&no, &lf.Issued, &open); err != nil {
				return err
			}
			lf.Outstanding = open == 1
			if f := out[no]; f != nil {
				f.LoanFacts = append(f.LoanFacts, lf)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if wishes > 0 {
		err := each(`SELECT household_no, on_date, wants, note, by_whom FROM loan_wishes WHERE county_code = ? ORDER BY household_no, on_date`,
			func(rows *sql.Rows) error {
				w := &assistance.Wish{County: county}
				if err := rows.Scan(&w.HouseholdNo, &w.On, &w.Wants, &w.Note, &w.By); err != nil {
					return err
				}
				if f := out[w.HouseholdNo]; f != nil {
					f.Wish = w // the latest: the rows are by day
				}
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FamilyCounter counts, by village, the low-income families and those with an open finding of
// the rules: the low-income part of indicator 7.
func FamilyCounter(rules []string) VillageCounter {
	return counterOn{count: func(ctx context.Context, db *DB, scope region.Code) (map[region.Code][2]int, error) {
		return objectsWithFindings(ctx, db, scope, "low_income_families", "family_id", assistance.KindFamily, rules, "")
	}}
}

// LoanCounter counts, by village, the outstanding loans and those with an open finding of the
// rules (overdue): the loans part of indicator 7.
func LoanCounter(rules []string) VillageCounter {
	return counterOn{count: func(ctx context.Context, db *DB, scope region.Code) (map[region.Code][2]int, error) {
		return objectsWithFindings(ctx, db, scope, "loans", "loan_id", assistance.KindLoan, rules, "o.status <> '已还清'")
	}}
}

// EachExport calls fn with the rows of a list (its key) in scope, as the export writes them.
func (s *Assistance) EachExport(ctx context.Context, list string, scope region.Code, fn func(any) error) error {
	switch list {
	case "families":
		fs, err := s.Families(ctx, scope, "", 1_000_000)
		if err != nil {
			return err
		}
		for _, f := range fs {
			if err := fn(&assistance.FamilyRow{Family: f.Family}); err != nil {
				return err
			}
		}
		return nil
	case "records":
		where, args := listScope("f", "region_code", scope)
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT f.head, f.head_id, r.on_date, r.way, r.by_whom, r.done
			FROM assistance_records r JOIN low_income_families f ON f.county_code = r.county_code AND f.family_id = r.family_id
			WHERE `+where+` ORDER BY r.county_code, f.family_id, r.on_date`), args...)
		if err != nil {
			return internal(err, "assistance.export")
		}
		defer rows.Close()
		for rows.Next() {
			var r assistance.RecordRow
			if err := rows.Scan(&r.Head, &r.HeadID, &r.On, &r.Way, &r.By, &r.Done); err != nil {
				return internal(err, "assistance.export")
			}
			if err := fn(&r); err != nil {
				return err
			}
		}
		return internal(rows.Err(), "assistance.export")
	case "loans":
		ls, err := s.Loans(ctx, scope, false, 1_000_000)
		if err != nil {
			return err
		}
		for _, l := range ls {
			if err := fn(&assistance.LoanRow{Loan: *l}); err != nil {
				return err
			}
		}
		return nil
	case "wishes", "ratings":
		hwhere, hargs := householdScope(scope)
		q := `SELECT w.household_no, w.on_date, w.wants, w.note, w.by_whom FROM loan_wishes w
			JOIN households h ON h.county_code = w.county_code AND h.household_no = w.household_no WHERE ` + hwhere + ` ORDER BY w.county_code, w.household_no, w.on_date`
		if list == "ratings" {
			q = `SELECT w.household_no, w.name, w.id_number, w.rating, w.credit_limit, w.rated_on FROM loan_ratings w
				JOIN households h ON h.county_code = w.county_code AND h.household_no = w.household_no WHERE ` + hwhere + ` ORDER BY w.county_code, w.household_no`
		}
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q), hargs...)
		if err != nil {
			return internal(err, "assistance.export")
		}
		defer rows.Close()
		for rows.Next() {
			if list == "wishes" {
				var r assistance.WishRow
				if err := rows.Scan(&r.HouseholdNo, &r.On, &r.Wants, &r.Note, &r.By); err != nil {
					return internal(err, "assistance.export")
				}
				if err := fn(&r); err != nil {
					return err
				}
				continue
			}
			var r assistance.RatedRow
			if err := rows.Scan(&r.HouseholdNo, &r.Name, &r.IDNumber, &r.Rating, &r.Limit, &r.On); err != nil {
				return internal(err, "assistance.export")
			}
			if err := fn(&r); err != nil {
				return err
			}
		}
		return internal(rows.Err(), "assistance.export")
	}
	return errs.E(errs.NotFound, "没有名为「%s」的清单", list)
}
