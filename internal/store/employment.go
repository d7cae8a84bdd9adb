package store

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/employment"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Employment keeps the public-welfare posts and their pay, the employment workshops and their
// workers, the employment figures by region and year, and the work needs (migration 0041).
// People are matched across departments, lists and the registry by their ID key (the first 18
// characters of the ID number, upper case): the names each department writes may differ.
type Employment struct{ db *DB }

// NewEmployment returns the employment store of db.
func NewEmployment(db *DB) *Employment { return &Employment{db: db} }

// PutPosts writes the posts of a 公益性岗位台账 file (by 岗位编号) in one transaction.
func (s *Employment) PutPosts(ctx context.Context, county region.Code, rows []employment.PostRow, source string, e audit.Entry) error {
	now := stamp(s.db.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range rows {
			p := &rows[i].Post
			p.County, p.Source = county, source
			if err := s.putPost(ctx, tx, p, now); err != nil {
				return errs.E(errs.Invalid, "第 %d 行：%s", rows[i].Row, errs.Message(err))
			}
		}
		return auditTx(ctx, s.db, tx, e)
	})
}

func (s *Employment) putPost(ctx context.Context, tx *sql.Tx, p *employment.Post, now string) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, tx, `DELETE FROM posts WHERE county_code = ? AND post_id = ?`, string(p.County), p.ID); err != nil {
		return internal(err, "employment.posts")
	}
	_, err := s.db.Exec(ctx, tx, `INSERT INTO posts (county_code, post_id, region_code, type, title, department, unit, pay, funding,
		start_on, end_on, holder, holder_id, id_key, phone, site_id, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(p.County), p.ID, string(p.Village), p.Type, p.Title, p.Department, p.Unit, int64(p.Pay), p.Funding, p.Start, p.End,
		p.Holder, p.HolderID, keyOf(p.HolderID), p.Phone, p.SiteID, p.Source, now)
	return internal(err, "employment.posts")
}

// PutPays writes the months of a 岗位补贴发放记录 file. Every post it names must be in the
// county's list.
func (s *Employment) PutPays(ctx context.Context, county region.Code, rows []employment.PayRow, e audit.Entry) ([]listfile.Miss, error) {
	return s.withMisses(ctx, e, func(tx *sql.Tx) ([]listfile.Miss, error) {
		var misses []listfile.Miss
		known := map[string]bool{}
		for i := range rows {
			p := &rows[i].Pay
			ok, seen := known[p.PostID]
			if !seen {
				var n int
				if err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM posts WHERE county_code = ? AND post_id = ?`),
					string(county), p.PostID).Scan(&n); err != nil {
					return nil, internal(err, "employment.pays")
				}
				ok, known[p.PostID] = n > 0, n > 0
			}
			if !ok {
				misses = append(misses, listfile.Miss{Row: rows[i].Row, Header: "岗位编号", Value: p.PostID,
					Reason: "本县的公益性岗位台账中没有编号为「" + p.PostID + "」的岗位，请先导入岗位台账"})
				continue
			}
			if _, err := s.db.Exec(ctx, tx, `DELETE FROM post_pays WHERE county_code = ? AND post_id = ? AND month = ?`, string(county), p.PostID, p.Month); err != nil {
				return nil, internal(err, "employment.pays")
			}
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO post_pays (county_code, post_id, month, worked, due, paid, paid_on) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				string(county), p.PostID, p.Month, p.Worked, int64(p.Due), int64(p.Paid), p.PaidOn); err != nil {
				return nil, internal(err, "employment.pays")
			}
		}
		return misses, nil
	})
}

// withMisses runs fn in a transaction that is rolled back when fn finds misses; the audit entry
// is appended when it finds none.
func (s *Employment) withMisses(ctx context.Context, e audit.Entry, fn func(tx *sql.Tx) ([]listfile.Miss, error)) ([]listfile.Miss, error) {
	var misses []listfile.Miss
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if misses, err = fn(tx); err != nil {
			return err
		}
		if len(misses) > 0 {
			return errMisses
		}
		return auditTx(ctx, s.db, tx, e)
	})
	if err == errMisses {
		return misses, nil
	}
	return nil, err
}

// PutWorkshops writes the workshops of a 就业帮扶车间台账 file (by 车间编号).
func (s *Employment) PutWorkshops(ctx context.Context, county region.Code, rows []employment.WorkshopRow, source string, e audit.Entry) error {
	now := stamp(s.db.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range rows {
			w := &rows[i].Workshop
			w.County, w.Source = county, source
			if err := w.Validate(); err != nil {
				return errs.E(errs.Invalid, "第 %d 行：%s", rows[i].Row, errs.Message(err))
			}
			if _, err := s.db.Exec(ctx, tx, `DELETE FROM workshops WHERE county_code = ? AND workshop_id = ?`, string(county), w.ID); err != nil {
				return internal(err, "employment.workshops")
			}
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO workshops (county_code, workshop_id, region_code, name, owner, industry, status,
				recognized, hired, subsidy, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				string(county), w.ID, string(w.Village), w.Name, w.Owner, w.Industry, w.Status, w.Recognized, w.Hired,
				int64(w.Subsidy), source, now); err != nil {
				return internal(err, "employment.workshops")
			}
		}
		return auditTx(ctx, s.db, tx, e)
	})
}

// PutWorkers replaces the workers of the workshops a 车间务工人员名单 file names.
func (s *Employment) PutWorkers(ctx context.Context, county region.Code, rows []employment.WorkerRow, e audit.Entry) ([]listfile.Miss, error) {
	return s.withMisses(ctx, e, func(tx *sql.Tx) ([]listfile.Miss, error) {
		var misses []listfile.Miss
		seq := map[string]int{} // workshop → last seq; -1 missing
		for i := range rows {
			w := &rows[i].Worker
			n, seen := seq[w.WorkshopID]
			if !seen {
				var c int
				if err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM workshops WHERE county_code = ? AND workshop_id = ?`),
					string(county), w.WorkshopID).Scan(&c); err != nil {
					return nil, internal(err, "employment.workers")
				}
				if c == 0 {
					n = -1
				} else if _, err := s.db.Exec(ctx, tx, `DELETE FROM workshop_workers WHERE county_code = ? AND workshop_id = ?`, string(county), w.WorkshopID); err != nil {
					return nil, internal(err, "employment.workers")
				}
				seq[w.WorkshopID] = n
			}
			if n < 0 {
				misses = append(misses, listfile.Miss{Row: rows[i].Row, Header: "车间编号", Value: w.WorkshopID,
					Reason: "本县的就业帮扶车间台账中没有编号为「" + w.WorkshopID + "」的车间，请先导入车间台账"})
				continue
			}
			seq[w.WorkshopID] = n + 1
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO workshop_workers (county_code, workshop_id, seq, name, id_number, id_key, start_on, end_on,
				months, wage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(county), w.WorkshopID, n+1, w.Name, w.IDNumber, keyOf(w.IDNumber),
				w.Start, w.End, w.Months, int64(w.Wage)); err != nil {
				return nil, internal(err, "employment.workers")
			}
		}
		return misses, nil
	})
}

// PutFigures writes the figures of a 务工监测 file (by region and year).
func (s *Employment) PutFigures(ctx context.Context, county region.Code, rows []employment.FigureRow, source string, e audit.Entry) error {
	now := stamp(s.db.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range rows {
			f := &rows[i].Figure
			if f.Region.Level() < region.Township || f.Region.County() != county {
				return errs.E(errs.Invalid, "第 %d 行：务工监测应按乡镇或村填写", rows[i].Row)
			}
			if _, err := s.db.Exec(ctx, tx, `DELETE FROM employment_figures WHERE county_code = ? AND region_code = ? AND year = ?`,
				string(county), string(f.Region), f.Year); err != nil {
				return internal(err, "employment.figures")
			}
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO employment_figures (county_code, region_code, year, labour, employed, source, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, string(county), string(f.Region), f.Year, f.Labour, f.Employed, source, now); err != nil {
				return internal(err, "employment.figures")
			}
		}
		return auditTx(ctx, s.db, tx, e)
	})
}

// PutNeeds writes the needs of a 就业需求登记 file (a person's need of a day replaces the one
// recorded before).
func (s *Employment) PutNeeds(ctx context.Context, county region.Code, rows []employment.NeedRow, source string, e audit.Entry) error {
	now := stamp(s.db.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range rows {
			n := &rows[i].Need
			n.County, n.Source = county, source
			n.ID = employment.NeedID(keyOf(n.IDNumber), n.Registered)
			if err := s.putNeed(ctx, tx, n, now); err != nil {
				return errs.E(errs.Invalid, "第 %d 行：%s", rows[i].Row, errs.Message(err))
			}
		}
		return auditTx(ctx, s.db, tx, e)
	})
}

func (s *Employment) putNeed(ctx context.Context, tx *sql.Tx, n *employment.Need, now string) error {
	if err := n.Validate(); err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, tx, `DELETE FROM work_needs WHERE county_code = ? AND need_id = ?`, string(n.County), n.ID); err != nil {
		return internal(err, "employment.needs")
	}
	_, err := s.db.Exec(ctx, tx, `INSERT INTO work_needs (county_code, need_id, region_code, name, id_number, id_key, phone, registered, wish,
		status, closed_on, note, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(n.County), n.ID, string(n.Village), n.Name, n.IDNumber, keyOf(n.IDNumber), n.Phone, n.Registered, n.Wish, n.Status,
		n.ClosedOn, n.Note, n.Source, now)
	return internal(err, "employment.needs")
}

// UpdateNeed changes a need's status (已推荐, 已就业 …) and note (the web form), with its audit
// entry; the need's day of closing is the day it becomes 已就业 or 已放弃.
func (s *Employment) UpdateNeed(ctx context.Context, county region.Code, id, status, note string, e audit.Entry) (*employment.Need, error) {
	var out *employment.Need
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		n, err := s.need(ctx, tx, county, id)
		if err != nil {
			return err
		}
		n.Status, n.Note = status, note
		n.ClosedOn = registry.Date{}
		if employment.Closed(status) {
			n.ClosedOn = registry.DateOf(s.db.Now().In(cstZone))
		}
		if err := s.putNeed(ctx, tx, n, stamp(s.db.Now())); err != nil {
			return err
		}
		out = n
		return auditTx(ctx, s.db, tx, e)
	})
	return out, err
}

// cstZone is China Standard Time, the calendar the bureaus' days are counted in.
var cstZone = time.FixedZone("CST", 8*3600)

const needCols = `n.county_code, n.need_id, n.region_code, n.name, n.id_number, n.phone, n.registered, n.wish, n.status, n.closed_on, n.note, n.source`

func scanNeed(sc scanner) (*employment.Need, error) {
	n := &employment.Need{}
	var county, reg string
	if err := sc.Scan(&county, &n.ID, &reg, &n.Name, &n.IDNumber, &n.Phone, &n.Registered, &n.Wish, &n.Status, &n.ClosedOn, &n.Note, &n.Source); err != nil {
		return nil, err
	}
	n.County, n.Village = region.Code(county), region.Code(reg)
	return n, nil
}

func (s *Employment) need(ctx context.Context, tx *sql.Tx, county region.Code, id string) (*employment.Need, error) {
	n, err := scanNeed(tx.QueryRowContext(ctx, s.db.Rebind(`SELECT `+needCols+` FROM work_needs n WHERE n.county_code = ? AND n.need_id = ?`), string(county), id))
	if err == sql.ErrNoRows {
		return nil, errs.E(errs.NotFound, "没有这条就业需求")
	}
	return n, internal(err, "employment.need")
}

// Need returns a need of the county, or errs.NotFound.
func (s *Employment) Need(ctx context.Context, county region.Code, id string) (*employment.Need, error) {
	var n *employment.Need
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = s.need(ctx, tx, county, id)
		return err
	})
	return n, err
}

// Needs lists the needs in scope, the open ones first, the oldest first.
func (s *Employment) Needs(ctx context.Context, scope region.Code, openOnly bool) ([]*employment.Need, error) {
	where, args := listScope("n", "region_code", scope)
	if openOnly {
		where += " AND n.status IN (?, ?)"
		args = append(args, employment.NeedOpen, employment.NeedReferred)
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+needCols+` FROM work_needs n WHERE `+where+`
		ORDER BY CASE WHEN n.status IN ('已就业', '已放弃') THEN 1 ELSE 0 END, n.registered, n.need_id LIMIT 2000`), args...)
	if err != nil {
		return nil, internal(err, "employment.needs")
	}
	defer rows.Close()
	var out []*employment.Need
	for rows.Next() {
		n, err := scanNeed(rows)
		if err != nil {
			return nil, internal(err, "employment.needs")
		}
		out = append(out, n)
	}
	return out, internal(rows.Err(), "employment.needs")
}

const postCols = `x.county_code, x.post_id, x.region_code, x.type, x.title, x.department, x.unit, x.pay, x.funding, x.start_on, x.end_on,
	x.holder, x.holder_id, x.phone, x.site_id, x.source`

func scanPost(sc scanner) (*employment.Post, error) {
	p := &employment.Post{}
	var county, reg string
	if err := sc.Scan(&county, &p.ID, &reg, &p.Type, &p.Title, &p.Department, &p.Unit, &p.Pay, &p.Funding, &p.Start, &p.End,
		&p.Holder, &p.HolderID, &p.Phone, &p.SiteID, &p.Source); err != nil {
		return nil, err
	}
	p.County, p.Village = region.Code(county), region.Code(reg)
	return p, nil
}

// PostFilter selects posts.
type PostFilter struct {
	Scope      region.Code
	Key        string // the holder's ID key: every post of the person, in any county
	Department string
	ActiveOn   registry.Date // only the posts held on the day; zero for all
	Limit      int
}

// Posts lists the posts that match the filter, by region and number.
func (s *Employment) Posts(ctx context.Context, f PostFilter) ([]*employment.Post, error) {
	where, args := listScope("x", "region_code", f.Scope)
	if f.Key != "" {
		// A person's posts are searched everywhere: each department files its own list.
		where, args = "x.id_key = ?", []any{f.Key}
	}
	if f.Department != "" {
		where += " AND x.department = ?"
		args = append(args, f.Department)
	}
	if !f.ActiveOn.IsZero() {
		where += " AND (x.start_on IS NULL OR x.start_on <= ?) AND (x.end_on IS NULL OR x.end_on > ?)"
		args = append(args, f.ActiveOn, f.ActiveOn)
	}
	if f.Limit <= 0 {
		f.Limit = 5000
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+postCols+` FROM posts x WHERE `+where+`
		ORDER BY x.region_code, x.post_id LIMIT ?`), append(args, f.Limit)...)
	if err != nil {
		return nil, internal(err, "employment.posts")
	}
	defer rows.Close()
	var out []*employment.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, internal(err, "employment.posts")
		}
		out = append(out, p)
	}
	return out, internal(rows.Err(), "employment.posts")
}

// Post returns a post of the county with its pay record, or errs.NotFound.
func (s *Employment) Post(ctx context.Context, county region.Code, id string) (*employment.Post, []employment.Pay, error) {
	p, err := scanPost(s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT `+postCols+` FROM posts x WHERE x.county_code = ? AND x.post_id = ?`),
		string(county), id))
	if err == sql.ErrNoRows {
		return nil, nil, errs.E(errs.NotFound, "没有编号为「%s」的岗位", id)
	}
	if err != nil {
		return nil, nil, internal(err, "employment.post")
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT month, worked, due, paid, paid_on FROM post_pays
		WHERE county_code = ? AND post_id = ? ORDER BY month DESC`), string(county), id)
	if err != nil {
		return nil, nil, internal(err, "employment.pays")
	}
	defer rows.Close()
	var pays []employment.Pay
	for rows.Next() {
		pay := employment.Pay{County: county, PostID: id}
		if err := rows.Scan(&pay.Month, &pay.Worked, &pay.Due, &pay.Paid, &pay.PaidOn); err != nil {
			return nil, nil, internal(err, "employment.pays")
		}
		pays = append(pays, pay)
	}
	return p, pays, internal(rows.Err(), "employment.pays")
}

// holders returns what the registry says of the people with the ID keys the query gives
// (one column): their household and work, the current person of the county first.
func (s *Employment) holders(ctx context.Context, county region.Code, keys string, args ...any) (map[string]*employment.HolderFact, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT upper(substr(p.id_number, 1, 18)), p.household_no, p.name, h.village_code,
		p.work_location, p.work_months, CASE WHEN `+targetCond+` THEN 1 ELSE 0 END, CASE WHEN p.county_code = ? THEN 0 ELSE 1 END
		FROM persons p JOIN households h ON h.county_code = p.county_code AND h.household_no = p.household_no
		WHERE p.left_on IS NULL AND p.deceased_on IS NULL AND upper(substr(p.id_number, 1, 18)) IN (`+keys+`)
		ORDER BY 8, p.household_no`), append([]any{string(county)}, args...)...)
	if err != nil {
		return nil, internal(err, "employment.holders")
	}
	defer rows.Close()
	out := map[string]*employment.HolderFact{}
	for rows.Next() {
		var key, village string
		var target, other int
		h := &employment.HolderFact{}
		if err := rows.Scan(&key, &h.HouseholdNo, &h.Name, &village, &h.WorkLocation, &h.WorkMonths, &target, &other); err != nil {
			return nil, internal(err, "employment.holders")
		}
		h.Home, h.Target = region.Code(village), target == 1
		if out[key] == nil {
			out[key] = h
		}
	}
	return out, internal(rows.Err(), "employment.holders")
}

// EachPost calls fn with every post of the county in scope held on the day, as the object rules
// judge it: with the holder's other posts in force (any department, any county), what the
// registry says of the holder, and the post's latest paid month.
func (s *Employment) EachPost(ctx context.Context, county, scope region.Code, day registry.Date, fn func(*employment.PostObject) error) error {
	where, args := listScope("x", "region_code", scope)
	if scope.Level() < region.County {
		where, args = "x.county_code = ?", []any{string(county)}
	}
	active := " AND (x.start_on IS NULL OR x.start_on <= ?) AND (x.end_on IS NULL OR x.end_on > ?)"
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+postCols+`, x.id_key FROM posts x WHERE `+where+active+` ORDER BY x.post_id`),
		append(args, day, day)...)
	if err != nil {
		return internal(err, "employment.eachpost")
	}
	var list []*employment.PostObject
	for rows.Next() {
		o := &employment.PostObject{}
		var county, reg string
		p := &o.Post
		if err := rows.Scan(&county, &p.ID, &reg, &p.Type, &p.Title, &p.Department, &p.Unit, &p.Pay, &p.Funding, &p.Start, &p.End,
			&p.Holder, &p.HolderID, &p.Phone, &p.SiteID, &p.Source, &o.Key); err != nil {
			rows.Close()
			return internal(err, "employment.eachpost")
		}
		p.County, p.Village = region.Code(county), region.Code(reg)
		list = append(list, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "employment.eachpost")
	}
	if len(list) == 0 {
		return nil
	}
	// Every post in force of the county's holders, wherever it is.
	keysOf := `SELECT id_key FROM posts WHERE county_code = ?`
	orows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+postCols+`, x.id_key FROM posts x
		WHERE x.id_key IN (`+keysOf+`) AND x.id_key <> ''`+active), string(county), day, day)
	if err != nil {
		return internal(err, "employment.eachpost")
	}
	byKey := map[string][]employment.Post{}
	for orows.Next() {
		var key, c, reg string
		p := employment.Post{}
		if err := orows.Scan(&c, &p.ID, &reg, &p.Type, &p.Title, &p.Department, &p.Unit, &p.Pay, &p.Funding, &p.Start, &p.End,
			&p.Holder, &p.HolderID, &p.Phone, &p.SiteID, &p.Source, &key); err != nil {
			orows.Close()
			return internal(err, "employment.eachpost")
		}
		p.County, p.Village = region.Code(c), region.Code(reg)
		byKey[key] = append(byKey[key], p)
	}
	orows.Close()
	if err := orows.Err(); err != nil {
		return internal(err, "employment.eachpost")
	}
	holders, err := s.holders(ctx, county, keysOf, string(county))
	if err != nil {
		return err
	}
	var kept int
	if err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM post_pays WHERE county_code = ?`), string(county)).Scan(&kept); err != nil {
		return internal(err, "employment.pays")
	}
	paid := map[string]registry.Month{}
	if kept > 0 {
		prows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT post_id, MAX(month) FROM post_pays WHERE county_code = ? AND paid > 0 GROUP BY post_id`), string(county))
		if err != nil {
			return internal(err, "employment.pays")
		}
		for prows.Next() {
			var id string
			var m registry.Month
			if err := prows.Scan(&id, &m); err != nil {
				prows.Close()
				return internal(err, "employment.pays")
			}
			paid[id] = m
		}
		prows.Close()
		if err := prows.Err(); err != nil {
			return internal(err, "employment.pays")
		}
	}
	for _, o := range list {
		all := byKey[o.Key]
		sort.Slice(all, func(i, j int) bool {
			if all[i].County != all[j].County {
				return all[i].County < all[j].County
			}
			return all[i].ID < all[j].ID
		})
		o.First = true
		for _, p := range all {
			if p.County == o.County && p.ID == o.Post.ID {
				continue
			}
			o.Others = append(o.Others, p)
			if p.County < o.County || (p.County == o.County && p.ID < o.Post.ID) {
				o.First = false
			}
		}
		o.Holder = holders[o.Key]
		o.PaysKept, o.LastPaid = kept > 0, paid[o.Post.ID]
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// EachVillagePosts calls fn with every village of the county in scope that has posts in force
// on the day, with its labour-capable target people.
func (s *Employment) EachVillagePosts(ctx context.Context, county, scope region.Code, day registry.Date, names func(region.Code) string,
	fn func(*employment.VillagePosts) error) error {
	where, args := listScope("x", "region_code", scope)
	if scope.Level() < region.County {
		where, args = "x.county_code = ?", []any{string(county)}
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT x.region_code, COUNT(*),
		(SELECT COUNT(*) FROM households h JOIN persons p ON p.county_code = h.county_code AND p.household_no = h.household_no
			WHERE h.county_code = x.county_code AND h.village_code = x.region_code AND `+targetCond+` AND `+labourCond+`)
		FROM posts x WHERE `+where+` AND substr(x.region_code, 10, 3) <> '000'
		AND (x.start_on IS NULL OR x.start_on <= ?) AND (x.end_on IS NULL OR x.end_on > ?)
		GROUP BY x.county_code, x.region_code ORDER BY x.region_code`), append(args, day, day)...)
	if err != nil {
		return internal(err, "employment.villageposts")
	}
	var list []*employment.VillagePosts
	for rows.Next() {
		v := &employment.VillagePosts{}
		var code string
		if err := rows.Scan(&code, &v.Posts, &v.Labour); err != nil {
			rows.Close()
			return internal(err, "employment.villageposts")
		}
		v.Village = region.Code(code)
		v.Name = names(v.Village)
		list = append(list, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "employment.villageposts")
	}
	for _, v := range list {
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

// PostCounts returns the posts of the county held on the day and on the same day a year
// before, by township (and the county's own under the county code).
func (s *Employment) PostCounts(ctx context.Context, county region.Code, day registry.Date) (now, then map[region.Code]int, err error) {
	yearAgo := registry.DateOf(day.Time().AddDate(-1, 0, 0))
	now, then = map[region.Code]int{}, map[region.Code]int{}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT region_code,
		CASE WHEN (start_on IS NULL OR start_on <= ?) AND (end_on IS NULL OR end_on > ?) THEN 1 ELSE 0 END,
		CASE WHEN (start_on IS NULL OR start_on <= ?) AND (end_on IS NULL OR end_on > ?) THEN 1 ELSE 0 END
		FROM posts WHERE county_code = ?`), day, day, yearAgo, yearAgo, string(county))
	if err != nil {
		return nil, nil, internal(err, "employment.postcounts")
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var a, b int
		if err := rows.Scan(&code, &a, &b); err != nil {
			return nil, nil, internal(err, "employment.postcounts")
		}
		c := region.Code(code)
		for _, r := range []region.Code{county, c.Up(region.Township)} {
			if r != "" && r.Level() >= region.County {
				now[r] += a
				then[r] += b
			}
		}
	}
	return now, then, internal(rows.Err(), "employment.postcounts")
}

// WorkshopSummary is a workshop as the list shows it.
type WorkshopSummary struct {
	employment.Workshop
	Workers, Target int // in force on the day; of them members of target households
}

const workshopCols = `w.county_code, w.workshop_id, w.region_code, w.name, w.owner, w.industry, w.status, w.recognized, w.hired, w.subsidy, w.source`

func scanWorkshop(sc scanner, w *employment.Workshop, more ...any) error {
	var county, reg string
	if err := sc.Scan(append([]any{&county, &w.ID, &reg, &w.Name, &w.Owner, &w.Industry, &w.Status, &w.Recognized, &w.Hired, &w.Subsidy, &w.Source}, more...)...); err != nil {
		return err
	}
	w.County, w.Village = region.Code(county), region.Code(reg)
	return nil
}

// activeWorker is the SQL condition of a worker (k) in force on the day (two arguments).
const activeWorker = `(k.start_on IS NULL OR k.start_on <= ?) AND (k.end_on IS NULL OR k.end_on > ?)`

// targetWorker is the SQL condition of a worker (k) who is a current member of a target
// household of the registry.
const targetWorker = `EXISTS (SELECT 1 FROM persons p JOIN households h ON h.county_code = p.county_code AND h.household_no = p.household_no
	WHERE upper(substr(p.id_number, 1, 18)) = k.id_key AND p.left_on IS NULL AND p.deceased_on IS NULL AND ` + targetCond + `)`

// Workshops lists the workshops in scope with their workers on the day.
func (s *Employment) Workshops(ctx context.Context, scope region.Code, day registry.Date) ([]WorkshopSummary, error) {
	where, args := listScope("w", "region_code", scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+workshopCols+`,
		(SELECT COUNT(*) FROM workshop_workers k WHERE k.county_code = w.county_code AND k.workshop_id = w.workshop_id AND `+activeWorker+`),
		(SELECT COUNT(*) FROM workshop_workers k WHERE k.county_code = w.county_code AND k.workshop_id = w.workshop_id AND `+activeWorker+` AND `+targetWorker+`)
		FROM workshops w WHERE `+where+` ORDER BY w.region_code, w.name`), append([]any{day, day, day, day}, args...)...)
	if err != nil {
		return nil, internal(err, "employment.workshops")
	}
	defer rows.Close()
	var out []WorkshopSummary
	for rows.Next() {
		var v WorkshopSummary
		if err := scanWorkshop(rows, &v.Workshop, &v.Workers, &v.Target); err != nil {
			return nil, internal(err, "employment.workshops")
		}
		out = append(out, v)
	}
	return out, internal(rows.Err(), "employment.workshops")
}

// Workshop returns a workshop of the county with its workers, or errs.NotFound.
func (s *Employment) Workshop(ctx context.Context, county region.Code, id string) (*employment.Workshop, []employment.Worker, error) {
	w := &employment.Workshop{}
	err := scanWorkshop(s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT `+workshopCols+` FROM workshops w WHERE w.county_code = ? AND w.workshop_id = ?`),
		string(county), id), w)
	if err == sql.ErrNoRows {
		return nil, nil, errs.E(errs.NotFound, "没有编号为「%s」的就业帮扶车间", id)
	}
	if err != nil {
		return nil, nil, internal(err, "employment.workshop")
	}
	workers, err := s.workers(ctx, county, id)
	return w, workers, err
}

func (s *Employment) workers(ctx context.Context, county region.Code, id string) ([]employment.Worker, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT workshop_id, name, id_number, start_on, end_on, months, wage
		FROM workshop_workers WHERE county_code = ? AND (workshop_id = ? OR ? = '') ORDER BY workshop_id, seq`), string(county), id, id)
	if err != nil {
		return nil, internal(err, "employment.workers")
	}
	defer rows.Close()
	var out []employment.Worker
	for rows.Next() {
		k := employment.Worker{County: county}
		if err := rows.Scan(&k.WorkshopID, &k.Name, &k.IDNumber, &k.Start, &k.End, &k.Months, &k.Wage); err != nil {
			return nil, internal(err, "employment.workers")
		}
		out = append(out, k)
	}
	return out, internal(rows.Err(), "employment.workers")
}

// EachWorkshop calls fn with every workshop of the county in scope as the object rules judge
// it: its target workers on the day and a year before, and for each worker in force what the
// registry says of the person and the other workshop that counts the person at the same time.
func (s *Employment) EachWorkshop(ctx context.Context, county, scope region.Code, day registry.Date, fn func(*employment.WorkshopObject) error) error {
	where, args := listScope("w", "region_code", scope)
	if scope.Level() < region.County {
		where, args = "w.county_code = ?", []any{string(county)}
	}
	yearAgo := registry.DateOf(day.Time().AddDate(-1, 0, 0))
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+workshopCols+`,
		(SELECT COUNT(*) FROM workshop_workers k WHERE k.county_code = w.county_code AND k.workshop_id = w.workshop_id AND `+activeWorker+`),
		(SELECT COUNT(*) FROM workshop_workers k WHERE k.county_code = w.county_code AND k.workshop_id = w.workshop_id AND `+activeWorker+` AND `+targetWorker+`),
		(SELECT COUNT(*) FROM workshop_workers k WHERE k.county_code = w.county_code AND k.workshop_id = w.workshop_id AND `+activeWorker+` AND `+targetWorker+`)
		FROM workshops w WHERE `+where+` ORDER BY w.workshop_id`), append([]any{day, day, day, day, yearAgo, yearAgo}, args...)...)
	if err != nil {
		return internal(err, "employment.eachworkshop")
	}
	var list []*employment.WorkshopObject
	by := map[string]*employment.WorkshopObject{}
	for rows.Next() {
		o := &employment.WorkshopObject{}
		if err := scanWorkshop(rows, &o.Workshop, &o.Workers, &o.Target, &o.TargetThen); err != nil {
			rows.Close()
			return internal(err, "employment.eachworkshop")
		}
		list = append(list, o)
		by[o.Workshop.ID] = o
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "employment.eachworkshop")
	}
	if len(list) == 0 {
		return nil
	}
	var kept int
	if err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM workshop_workers WHERE county_code = ?`), string(county)).Scan(&kept); err != nil {
		return internal(err, "employment.workers")
	}
	// The workers in force and, for each, the other workshops that count them at the same time.
	krows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT k.workshop_id, k.name, k.id_key,
		COALESCE((SELECT MIN(w2.name) FROM workshop_workers k2 JOIN workshops w2 ON w2.county_code = k2.county_code AND w2.workshop_id = k2.workshop_id
			WHERE k2.id_key = k.id_key AND k.id_key <> '' AND NOT (k2.county_code = k.county_code AND k2.workshop_id = k.workshop_id)
			AND (k2.start_on IS NULL OR k2.start_on <= ?) AND (k2.end_on IS NULL OR k2.end_on > ?)), '')
		FROM workshop_workers k WHERE k.county_code = ? AND `+activeWorker+` ORDER BY k.workshop_id, k.seq`), day, day, string(county), day, day)
	if err != nil {
		return internal(err, "employment.workers")
	}
	type worker struct{ workshop, name, key, other string }
	var ws []worker
	for krows.Next() {
		var w worker
		if err := krows.Scan(&w.workshop, &w.name, &w.key, &w.other); err != nil {
			krows.Close()
			return internal(err, "employment.workers")
		}
		ws = append(ws, w)
	}
	krows.Close()
	if err := krows.Err(); err != nil {
		return internal(err, "employment.workers")
	}
	holders, err := s.holders(ctx, county, `SELECT id_key FROM workshop_workers WHERE county_code = ?`, string(county))
	if err != nil {
		return err
	}
	for _, w := range ws {
		o := by[w.workshop]
		if o == nil {
			continue
		}
		o.Staff = append(o.Staff, employment.WorkerFact{Name: w.name, Holder: holders[w.key], Other: w.other})
	}
	for _, o := range list {
		o.WorkersKept = kept > 0
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// Figures are the employment figures of a region's villages (and townships that report as a
// whole) for two years: this year's counted from the registry unless the 务工监测 gives it.
type Figures struct {
	Year       int
	Now, Prev  map[region.Code]employment.Figure
	Registered bool // this year's figures come (at least in part) from the registry
}

// Sum pools the figures of the regions under code (or code itself).
func (f *Figures) Sum(code region.Code, prev bool) (labour, employed int, known bool) {
	m := f.Now
	if prev {
		m = f.Prev
	}
	for c, fg := range m {
		if code.Contains(c) {
			labour, employed, known = labour+fg.Labour, employed+fg.Employed, true
		}
	}
	return labour, employed, known
}

// FiguresKnown reports whether the county holds 务工监测 figures of the year.
func (s *Employment) FiguresKnown(ctx context.Context, county region.Code, year int) (bool, error) {
	var n int
	err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM employment_figures
		WHERE county_code = ? AND year = ? LIMIT 1) x`), string(county), year).Scan(&n)
	return n > 0, internal(err, "employment.figuresKnown")
}

// Figures returns the employment figures of scope for the year and the year before. A
// township's own figure stands for its villages only when none of them has one that year.
func (s *Employment) Figures(ctx context.Context, scope region.Code, year int) (*Figures, error) {
	out, err := s.listedFigures(ctx, scope, year)
	if err != nil {
		return nil, err
	}
	return out, s.registryFigures(ctx, scope, out)
}

// listedFigures returns the figures the 务工监测 lists give for the year and the year before.
func (s *Employment) listedFigures(ctx context.Context, scope region.Code, year int) (*Figures, error) {
	out := &Figures{Year: year, Now: map[region.Code]employment.Figure{}, Prev: map[region.Code]employment.Figure{}}
	where, args := listScope("e", "region_code", scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT e.county_code, e.region_code, e.year, e.labour, e.employed, e.source
		FROM employment_figures e WHERE `+where+` AND e.year IN (?, ?)`), append(args, year, year-1)...)
	if err != nil {
		return nil, internal(err, "employment.figures")
	}
	defer rows.Close()
	for rows.Next() {
		var f employment.Figure
		var county, reg string
		if err := rows.Scan(&county, &reg, &f.Year, &f.Labour, &f.Employed, &f.Source); err != nil {
			return nil, internal(err, "employment.figures")
		}
		f.County, f.Region = region.Code(county), region.Code(reg)
		if f.Year == year {
			out.Now[f.Region] = f
		} else {
			out.Prev[f.Region] = f
		}
	}
	return out, internal(rows.Err(), "employment.figures")
}

// registryFigures adds this year's figures from the registry where the lists do not give
// them, and drops the townships' own figures that villages shadow.
func (s *Employment) registryFigures(ctx context.Context, scope region.Code, out *Figures) error {
	hwhere, hargs := householdScope(scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT h.county_code, h.village_code, COUNT(*), SUM(CASE WHEN `+workingCond+` THEN 1 ELSE 0 END)
		FROM households h JOIN persons p ON p.county_code = h.county_code AND p.household_no = h.household_no
		WHERE `+hwhere+` AND `+targetCond+` AND `+labourCond+` GROUP BY h.county_code, h.village_code`), hargs...)
	if err != nil {
		return internal(err, "employment.figures")
	}
	for rows.Next() {
		var county, v string
		f := employment.Figure{Year: out.Year, Source: employment.FromRegistry}
		if err := rows.Scan(&county, &v, &f.Labour, &f.Employed); err != nil {
			rows.Close()
			return internal(err, "employment.figures")
		}
		f.County, f.Region = region.Code(county), region.Code(v)
		if _, ok := out.Now[f.Region]; !ok && !township(out.Now, f.Region) {
			out.Now[f.Region] = f
			out.Registered = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "employment.figures")
	}
	dropShadowed(out.Now)
	dropShadowed(out.Prev)
	return nil
}

// township reports whether the figures hold the township of village as a whole.
func township(m map[region.Code]employment.Figure, village region.Code) bool {
	_, ok := m[village.Up(region.Township)]
	return ok && village.Level() == region.Village
}

// dropShadowed removes the townships' own figures where some of their villages have one.
func dropShadowed(m map[region.Code]employment.Figure) {
	for c := range m {
		if c.Level() != region.Village {
			continue
		}
		if t := c.Up(region.Township); t != "" {
			if _, ok := m[t]; ok {
				delete(m, t)
			}
		}
	}
}

// EmploymentCounter counts, by village, this year's employed target labour against last
// year's (num this year, den last year): the employment part of indicator 6, in % of last
// year. A village without last year's figure has no count; a township's own figure is not
// counted.
func EmploymentCounter() VillageCounter {
	return counterOn{count: func(ctx context.Context, db *DB, scope region.Code) (map[region.Code][2]int, error) {
		year := db.Now().In(cstZone).Year()
		e := NewEmployment(db)
		f, err := e.listedFigures(ctx, scope, year)
		if err != nil {
			return nil, err
		}
		out := map[region.Code][2]int{}
		counted := false
		for c, prev := range f.Prev {
			counted = counted || (c.Level() == region.Village && prev.Employed > 0)
		}
		if !counted {
			// No village has last year's figure to be counted against: this year's from the
			// registry, a join of the households with every member, would be read for nothing.
			return out, nil
		}
		if err := e.registryFigures(ctx, scope, f); err != nil {
			return nil, err
		}
		for c, prev := range f.Prev {
			if c.Level() != region.Village || prev.Employed <= 0 {
				continue
			}
			out[c] = [2]int{f.Now[c].Employed, prev.Employed}
		}
		return out, nil
	}}
}

// PostCounter counts, by village, the posts held today and those with an open finding of the
// rules: the posts part of indicator 6.
func PostCounter(rules []string) VillageCounter {
	return counterOn{count: func(ctx context.Context, db *DB, scope region.Code) (map[region.Code][2]int, error) {
		day := registry.DateOf(db.Now().In(cstZone))
		return objectsWithFindings(ctx, db, scope, "posts", "post_id", employment.KindPost, rules,
			"(o.start_on IS NULL OR o.start_on <= ?) AND (o.end_on IS NULL OR o.end_on > ?)", day, day)
	}}
}

// WorkshopCounter counts, by village, the workshops and those with an open finding of the
// rules: the workshops part of indicator 6.
func WorkshopCounter(rules []string) VillageCounter {
	return counterOn{count: func(ctx context.Context, db *DB, scope region.Code) (map[region.Code][2]int, error) {
		return objectsWithFindings(ctx, db, scope, "workshops", "workshop_id", employment.KindWorkshop, rules, "")
	}}
}

// Facts returns, for the households of the county in scope (or the households nos) whose
// members hold a post or work at a workshop on the day, what employs each member, by 户编号.
// A county that keeps neither list gives nothing.
func (s *Employment) Facts(ctx context.Context, county, scope region.Code, nos []string, day registry.Date) (map[string]*employment.Facts, error) {
	var posts, workers int
	if err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT (SELECT COUNT(*) FROM posts WHERE county_code = ?),
		(SELECT COUNT(*) FROM workshop_workers WHERE county_code = ?)`), string(county), string(county)).Scan(&posts, &workers); err != nil {
		return nil, internal(err, "employment.facts")
	}
	out := map[string]*employment.Facts{}
	if posts == 0 && workers == 0 {
		return out, nil
	}
	pwhere := "p.county_code = ?"
	args := []any{string(county)}
	if scope.Level() > region.County {
		pwhere += " AND p.household_no IN (SELECT household_no FROM households WHERE county_code = ? AND village_code >= ? AND village_code < ?)"
		args = append(args, string(county), scope.Prefix(), prefixEnd(scope.Prefix()))
	}
	if nos != nil {
		if len(nos) == 0 {
			return out, nil
		}
		pwhere += " AND p.household_no IN (" + placeholders(len(nos)) + ")"
		for _, n := range nos {
			args = append(args, n)
		}
	}
	q := `SELECT p.household_no, x.id_key, '岗位「' || x.title || '」（' || x.department || '）' FROM persons p
		JOIN posts x ON x.id_key = upper(substr(p.id_number, 1, 18))
		WHERE ` + pwhere + ` AND (x.start_on IS NULL OR x.start_on <= ?) AND (x.end_on IS NULL OR x.end_on > ?)
		UNION ALL
		SELECT p.household_no, k.id_key, '车间「' || w.name || '」' FROM persons p
		JOIN workshop_workers k ON k.id_key = upper(substr(p.id_number, 1, 18))
		JOIN workshops w ON w.county_code = k.county_code AND w.workshop_id = k.workshop_id
		WHERE ` + pwhere + ` AND ` + activeWorker
	all := append(append(append([]any{}, args...), day, day), args...)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q), append(all, day, day)...)
	if err != nil {
		return nil, internal(err, "employment.facts")
	}
	defer rows.Close()
	for rows.Next() {
		var no, key, job string
		if err := rows.Scan(&no, &key, &job); err != nil {
			return nil, internal(err, "employment.facts")
		}
		f := out[no]
		if f == nil {
			f = &employment.Facts{Posts: posts > 0, Workshops: workers > 0, Jobs: map[string][]string{}}
			out[no] = f
		}
		f.Jobs[key] = append(f.Jobs[key], job)
	}
	return out, internal(rows.Err(), "employment.facts")
}

// Kept reports which of the domain's lists the county keeps, for the rules that read the
// absence of a record as a fact: posts, pay records, workshops' workers.
func (s *Employment) Kept(ctx context.Context, county region.Code) (posts, pays, workers bool, err error) {
	var a, b, c int
	err = s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT (SELECT COUNT(*) FROM posts WHERE county_code = ?),
		(SELECT COUNT(*) FROM post_pays WHERE county_code = ?), (SELECT COUNT(*) FROM workshop_workers WHERE county_code = ?)`),
		string(county), string(county), string(county)).Scan(&a, &b, &c)
	return a > 0, b > 0, c > 0, internal(err, "employment.kept")
}

// EachExport calls the function of the list (its key) with its rows in scope, as the export
// writes them.
func (s *Employment) EachExport(ctx context.Context, list string, scope region.Code, fn func(any) error) error {
	switch list {
	case "posts":
		ps, err := s.Posts(ctx, PostFilter{Scope: scope, Limit: 500000})
		if err != nil {
			return err
		}
		for _, p := range ps {
			if err := fn(&employment.PostRow{Post: *p}); err != nil {
				return err
			}
		}
		return nil
	case "pays":
		where, args := listScope("x", "region_code", scope)
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT y.post_id, y.month, y.worked, y.due, y.paid, y.paid_on FROM post_pays y
			JOIN posts x ON x.county_code = y.county_code AND x.post_id = y.post_id WHERE `+where+` ORDER BY y.county_code, y.post_id, y.month`), args...)
		if err != nil {
			return internal(err, "employment.export")
		}
		defer rows.Close()
		for rows.Next() {
			var r employment.PayRow
			if err := rows.Scan(&r.PostID, &r.Month, &r.Worked, &r.Due, &r.Paid, &r.PaidOn); err != nil {
				return internal(err, "employment.export")
			}
			if err := fn(&r); err != nil {
				return err
			}
		}
		return internal(rows.Err(), "employment.export")
	case "workshops":
		ws, err := s.Workshops(ctx, scope, registry.DateOf(s.db.Now()))
		if err != nil {
			return err
		}
		for _, w := range ws {
			if err := fn(&employment.WorkshopRow{Workshop: w.Workshop}); err != nil {
				return err
			}
		}
		return nil
	case "workers":
		where, args := listScope("w", "region_code", scope)
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT k.workshop_id, k.name, k.id_number, k.start_on, k.end_on, k.months, k.wage
			FROM workshop_workers k JOIN workshops w ON w.county_code = k.county_code AND w.workshop_id = k.workshop_id
			WHERE `+where+` ORDER BY k.county_code, k.workshop_id, k.seq`), args...)
		if err != nil {
			return internal(err, "employment.export")
		}
		defer rows.Close()
		for rows.Next() {
			var r employment.WorkerRow
			if err := rows.Scan(&r.WorkshopID, &r.Name, &r.IDNumber, &r.Start, &r.End, &r.Months, &r.Wage); err != nil {
				return internal(err, "employment.export")
			}
			if err := fn(&r); err != nil {
				return err
			}
		}
		return internal(rows.Err(), "employment.export")
	case "figures":
		where, args := listScope("e", "region_code", scope)
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT e.region_code, e.year, e.labour, e.employed FROM employment_figures e
			WHERE `+where+` ORDER BY e.year, e.region_code`), args...)
		if err != nil {
			return internal(err, "employment.export")
		}
		defer rows.Close()
		for rows.Next() {
			var r employment.FigureRow
			var reg string
			if err := rows.Scan(&reg, &r.Year, &r.Labour, &r.Employed); err != nil {
				return internal(err, "employment.export")
			}
			r.Region = region.Code(reg)
			if err := fn(&r); err != nil {
				return err
			}
		}
		return internal(rows.Err(), "employment.export")
	case "needs":
		ns, err := s.Needs(ctx, scope, false)
		if err != nil {
			return err
		}
		for _, n := range ns {
			if err := fn(&employment.NeedRow{Need: *n}); err != nil {
				return err
			}
		}
		return nil
	}
	return errs.E(errs.NotFound, "没有名为「%s」的清单", list)
}

// Vacancies are the posts and workshops a need may be referred to: the running workshops of
// the need's township, and the posts of its township whose holder has left (ended within the
// last year and not taken again under the same number).
func (s *Employment) Vacancies(ctx context.Context, n *employment.Need, day registry.Date) (workshops []employment.Workshop, posts []employment.Post, err error) {
	town := n.Village.Up(region.Township)
	if town == "" {
		return nil, nil, nil
	}
	ws, err := s.Workshops(ctx, town, day)
	if err != nil {
		return nil, nil, err
	}
	for _, w := range ws {
		if w.Status == employment.Running {
			workshops = append(workshops, w.Workshop)
		}
	}
	yearAgo := registry.DateOf(day.Time().AddDate(-1, 0, 0))
	where, args := listScope("x", "region_code", town)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+postCols+` FROM posts x WHERE `+where+`
		AND x.end_on IS NOT NULL AND x.end_on <= ? AND x.end_on > ? ORDER BY x.end_on DESC LIMIT 20`), append(args, day, yearAgo)...)
	if err != nil {
		return nil, nil, internal(err, "employment.vacancies")
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, nil, internal(err, "employment.vacancies")
		}
		p.Holder, p.HolderID, p.Phone = "", "", ""
		posts = append(posts, *p)
	}
	return workshops, posts, internal(rows.Err(), "employment.vacancies")
}
