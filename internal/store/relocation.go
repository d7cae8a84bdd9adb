package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/relocation"
)

// Relocation keeps the resettlement sites, their facilities and relocated households, and the
// follow-up support records (migration 0040).
type Relocation struct{ db *DB }

// NewRelocation returns the relocation store of db.
func NewRelocation(db *DB) *Relocation { return &Relocation{db: db} }

// PutSites writes the sites of a 安置点台账 file in one transaction with its audit entry.
func (s *Relocation) PutSites(ctx context.Context, county region.Code, rows []relocation.SiteRow, source string, e audit.Entry) error {
	now := stamp(s.db.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range rows {
			st := &rows[i].Site
			st.County, st.Source = county, source
			if err := st.Validate(); err != nil {
				return errs.E(errs.Invalid, "第 %d 行：%s", rows[i].Row, errs.Message(err))
			}
			if _, err := s.db.Exec(ctx, tx, `DELETE FROM relocation_sites WHERE county_code = ? AND site_id = ?`, string(county), st.ID); err != nil {
				return internal(err, "relocation.sites")
			}
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO relocation_sites (county_code, site_id, region_code, name, way, households,
				people, built_on, manager, services, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				string(county), st.ID, string(st.Region), st.Name, st.Way, st.Households, st.People, st.Built, st.Manager,
				st.Services, source, now); err != nil {
				return internal(err, "relocation.sites")
			}
		}
		return auditTx(ctx, s.db, tx, e)
	})
}

// siteExists reports whether the county has the site.
func (s *Relocation) siteExists(ctx context.Context, tx *sql.Tx, county region.Code, id string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM relocation_sites WHERE county_code = ? AND site_id = ?`),
		string(county), id).Scan(&n)
	return n > 0, internal(err, "relocation.site")
}

// missingSite is the Miss of a row that names a site the county lacks.
func missingSite(row int, id string) listfile.Miss {
	return listfile.Miss{Row: row, Header: "安置点编号", Value: id, Reason: "本县的安置点台账中没有编号为「" + id + "」的安置点，请先导入安置点台账"}
}

// PutFacilities replaces the facilities of the sites a 配套设施管护台账 file names. When a row
// names a site the county lacks, nothing is written and the misses say which.
func (s *Relocation) PutFacilities(ctx context.Context, county region.Code, rows []relocation.FacilityRow, e audit.Entry) ([]listfile.Miss, error) {
	var misses []listfile.Miss
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		cleared := map[string]int{}
		for i := range rows {
			f := &rows[i].Facility
			f.County = county
			if err := f.Validate(); err != nil {
				return errs.E(errs.Invalid, "第 %d 行：%s", rows[i].Row, errs.Message(err))
			}
			seq, seen := cleared[f.SiteID]
			if !seen {
				ok, err := s.siteExists(ctx, tx, county, f.SiteID)
				if err != nil {
					return err
				}
				if !ok {
					misses = append(misses, missingSite(rows[i].Row, f.SiteID))
					cleared[f.SiteID] = -1
					continue
				}
				if _, err := s.db.Exec(ctx, tx, `DELETE FROM relocation_facilities WHERE county_code = ? AND site_id = ?`, string(county), f.SiteID); err != nil {
					return internal(err, "relocation.facilities")
				}
			}
			if seq < 0 {
				misses = append(misses, missingSite(rows[i].Row, f.SiteID))
				continue
			}
			seq++
			cleared[f.SiteID] = seq
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO relocation_facilities (county_code, site_id, seq, name, kind, custodian, phone,
				funding, fund_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(county), f.SiteID, seq, f.Name, f.Kind, f.Custodian,
				f.Phone, int64(f.Funding), f.Source); err != nil {
				return internal(err, "relocation.facilities")
			}
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

// errMisses rolls back a transaction whose file named things that do not exist.
var errMisses = errs.E(errs.Invalid, "文件中有不存在的对象")

// auditTx appends the entry in the transaction, unless it is blank (a demo fill).
func auditTx(ctx context.Context, db *DB, tx *sql.Tx, e audit.Entry) error {
	if e.Action == "" {
		return nil
	}
	return NewAuditLog(db).AppendTx(ctx, tx, e)
}

// PutResidents links the households of a 搬迁户安置名单 file to their sites (a household lives at
// one site: a new link replaces the old). Households are found by 户编号, or by a member's ID
// number. The registry's own 是否易地扶贫搬迁户 is left as its sources give it.
func (s *Relocation) PutResidents(ctx context.Context, county region.Code, rows []relocation.ResidentRow, e audit.Entry) ([]listfile.Miss, error) {
	var misses []listfile.Miss
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		sites := map[string]string{} // id → name, "" when missing
		for i := range rows {
			r := &rows[i]
			name, seen := sites[r.SiteID]
			if !seen {
				err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT name FROM relocation_sites WHERE county_code = ? AND site_id = ?`),
					string(county), r.SiteID).Scan(&name)
				if err != nil && err != sql.ErrNoRows {
					return internal(err, "relocation.residents")
				}
				sites[r.SiteID] = name
			}
			if name == "" {
				misses = append(misses, missingSite(r.Row, r.SiteID))
				continue
			}
			no, err := householdOf(ctx, s.db, tx, county, r.HouseholdNo, keyOf(r.HeadID))
			if err != nil {
				return err
			}
			if no == "" {
				misses = append(misses, missingHousehold(r.Row, r.HouseholdNo, r.HeadID))
				continue
			}
			r.HouseholdNo, r.County = no, county
			if _, err := s.db.Exec(ctx, tx, `DELETE FROM relocation_residents WHERE county_code = ? AND household_no = ?`, string(county), no); err != nil {
				return internal(err, "relocation.residents")
			}
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO relocation_residents (county_code, household_no, site_id, people, moved_in)
				VALUES (?, ?, ?, ?, ?)`, string(county), no, r.SiteID, r.People, r.MovedIn); err != nil {
				return internal(err, "relocation.residents")
			}
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

// PutFollowUps writes the records of a 后续扶持记录 file; a record of the same household, day and
// kind is replaced.
func (s *Relocation) PutFollowUps(ctx context.Context, county region.Code, rows []relocation.FollowUpRow, source string, e audit.Entry) ([]listfile.Miss, error) {
	var misses []listfile.Miss
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range rows {
			r := &rows[i]
			no, err := householdOf(ctx, s.db, tx, county, r.HouseholdNo, keyOf(r.HeadID))
			if err != nil {
				return err
			}
			if no == "" {
				misses = append(misses, missingHousehold(r.Row, r.HouseholdNo, r.HeadID))
				continue
			}
			r.HouseholdNo, r.County, r.Source = no, county, source
			if err := s.putFollowUp(ctx, tx, &r.FollowUp); err != nil {
				return errs.E(errs.Invalid, "第 %d 行：%s", r.Row, errs.Message(err))
			}
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

func (s *Relocation) putFollowUp(ctx context.Context, tx *sql.Tx, f *relocation.FollowUp) error {
	if err := f.Validate(); err != nil {
		return err
	}
	if f.ID == "" {
		f.ID = audit.NewID(s.db.Now())
	}
	if _, err := s.db.Exec(ctx, tx, `DELETE FROM relocation_followups WHERE county_code = ? AND household_no = ? AND on_date = ? AND kind = ?`,
		string(f.County), f.HouseholdNo, f.On, f.Kind); err != nil {
		return internal(err, "relocation.followup")
	}
	_, err := s.db.Exec(ctx, tx, `INSERT INTO relocation_followups (county_code, id, household_no, on_date, kind, content, by_whom, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, string(f.County), f.ID, f.HouseholdNo, f.On, f.Kind, f.Content, f.By, f.Source)
	return internal(err, "relocation.followup")
}

// AddFollowUp records one follow-up support given to a relocated household (the web form),
// with its audit entry, in one transaction.
func (s *Relocation) AddFollowUp(ctx context.Context, f *relocation.FollowUp, e audit.Entry) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		no, err := householdOf(ctx, s.db, tx, f.County, f.HouseholdNo, "")
		if err != nil {
			return err
		}
		if no == "" {
			return errs.E(errs.NotFound, "本县的农户中没有户编号「%s」", f.HouseholdNo)
		}
		if err := s.putFollowUp(ctx, tx, f); err != nil {
			return err
		}
		return auditTx(ctx, s.db, tx, e)
	})
}

// SiteSummary is a site as the list shows it.
type SiteSummary struct {
	relocation.Site
	Facilities, Unkept int // facilities, and of them those without custodian or funding
	Residents          int
	People             int // people of the relocated households the site lists (current members)
}

const siteCols = `s.county_code, s.site_id, s.region_code, s.name, s.way, s.households, s.people, s.built_on, s.manager, s.services, s.source`

func scanSite(sc scanner, st *relocation.Site) error {
	var county, reg string
	if err := sc.Scan(&county, &st.ID, &reg, &st.Name, &st.Way, &st.Households, &st.People, &st.Built, &st.Manager, &st.Services, &st.Source); err != nil {
		return err
	}
	st.County, st.Region = region.Code(county), region.Code(reg)
	return nil
}

// Sites lists the sites in scope with their counts, by region and name.
func (s *Relocation) Sites(ctx context.Context, scope region.Code) ([]SiteSummary, error) {
	where, args := listScope("s", "region_code", scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+siteCols+`,
		(SELECT COUNT(*) FROM relocation_facilities f WHERE f.county_code = s.county_code AND f.site_id = s.site_id),
		(SELECT COUNT(*) FROM relocation_facilities f WHERE f.county_code = s.county_code AND f.site_id = s.site_id
			AND (f.custodian = '' OR (f.funding = 0 AND f.fund_source = ''))),
		(SELECT COUNT(*) FROM relocation_residents r WHERE r.county_code = s.county_code AND r.site_id = s.site_id),
		(SELECT COUNT(*) FROM relocation_residents r JOIN persons p ON p.county_code = r.county_code AND p.household_no = r.household_no
			AND p.left_on IS NULL AND p.deceased_on IS NULL WHERE r.county_code = s.county_code AND r.site_id = s.site_id)
		FROM relocation_sites s WHERE `+where+` ORDER BY s.region_code, s.name`), args...)
	if err != nil {
		return nil, internal(err, "relocation.list")
	}
	defer rows.Close()
	var out []SiteSummary
	for rows.Next() {
		var v SiteSummary
		var county, reg string
		if err := rows.Scan(&county, &v.ID, &reg, &v.Name, &v.Way, &v.Households, &v.Site.People, &v.Built, &v.Manager, &v.Services,
			&v.Source, &v.Facilities, &v.Unkept, &v.Residents, &v.People); err != nil {
			return nil, internal(err, "relocation.list")
		}
		v.County, v.Region = region.Code(county), region.Code(reg)
		out = append(out, v)
	}
	return out, internal(rows.Err(), "relocation.list")
}

// Site returns a site of the county with its facilities, or errs.NotFound.
func (s *Relocation) Site(ctx context.Context, county region.Code, id string) (*relocation.SiteObject, error) {
	var out *relocation.SiteObject
	err := s.eachSite(ctx, county, county, id, func(o *relocation.SiteObject) error { out = o; return nil })
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, errs.E(errs.NotFound, "没有编号为「%s」的安置点", id)
	}
	return out, nil
}

// EachSite calls fn with every site of the county in scope as the object rules judge it.
func (s *Relocation) EachSite(ctx context.Context, county, scope region.Code, fn func(*relocation.SiteObject) error) error {
	return s.eachSite(ctx, county, scope, "", fn)
}

func (s *Relocation) eachSite(ctx context.Context, county, scope region.Code, id string, fn func(*relocation.SiteObject) error) error {
	where, args := listScope("s", "region_code", scope)
	if scope.Level() < region.County {
		where, args = "s.county_code = ?", []any{string(county)}
	}
	if id != "" {
		where += " AND s.site_id = ?"
		args = append(args, id)
	}
	var sites []*relocation.SiteObject
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+siteCols+`,
		(SELECT COUNT(*) FROM relocation_residents r WHERE r.county_code = s.county_code AND r.site_id = s.site_id)
		FROM relocation_sites s WHERE `+where+` ORDER BY s.site_id`), args...)
	if err != nil {
		return internal(err, "relocation.sites")
	}
	for rows.Next() {
		o := &relocation.SiteObject{}
		var county, reg string
		if err := rows.Scan(&county, &o.Site.ID, &reg, &o.Name, &o.Way, &o.Households, &o.People, &o.Built, &o.Manager, &o.Services,
			&o.Source, &o.Residents); err != nil {
			rows.Close()
			return internal(err, "relocation.sites")
		}
		o.County, o.Site.Region = region.Code(county), region.Code(reg)
		sites = append(sites, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "relocation.sites")
	}
	if len(sites) == 0 {
		return nil
	}
	by := map[string]*relocation.SiteObject{}
	for _, o := range sites {
		by[o.Site.ID] = o
	}
	frows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT site_id, name, kind, custodian, phone, funding, fund_source
		FROM relocation_facilities WHERE county_code = ? ORDER BY site_id, seq`), string(county))
	if err != nil {
		return internal(err, "relocation.facilities")
	}
	for frows.Next() {
		f := relocation.Facility{County: county}
		if err := frows.Scan(&f.SiteID, &f.Name, &f.Kind, &f.Custodian, &f.Phone, &f.Funding, &f.Source); err != nil {
			frows.Close()
			return internal(err, "relocation.facilities")
		}
		if o := by[f.SiteID]; o != nil {
			o.Facilities = append(o.Facilities, f)
		}
	}
	frows.Close()
	if err := frows.Err(); err != nil {
		return internal(err, "relocation.facilities")
	}
	// The posts that look after each site: in force on the day, from the county's post list.
	day := registry.DateOf(s.db.Now())
	var posts int
	if err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM posts WHERE county_code = ?`), string(county)).Scan(&posts); err != nil {
		return internal(err, "relocation.posts")
	}
	prows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT site_id, COUNT(*) FROM posts WHERE county_code = ? AND site_id <> ''
		AND (start_on IS NULL OR start_on <= ?) AND (end_on IS NULL OR end_on > ?) GROUP BY site_id`), string(county), day, day)
	if err != nil {
		return internal(err, "relocation.posts")
	}
	for prows.Next() {
		var id string
		var n int
		if err := prows.Scan(&id, &n); err != nil {
			prows.Close()
			return internal(err, "relocation.posts")
		}
		if o := by[id]; o != nil {
			o.CarePosts = n
		}
	}
	prows.Close()
	if err := prows.Err(); err != nil {
		return internal(err, "relocation.posts")
	}
	for _, o := range sites {
		o.PostsKept = posts > 0
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// ResidentView is a relocated household of a site as its page lists it.
type ResidentView struct {
	HouseholdNo string
	Village     region.Code
	Head        string
	People      int // current members
	Able        int // of them 普通 or 技能 labour
	Working     int // of them with work months, a work place or a post
	MovedIn     registry.Date
	LastSupport registry.Date
	Supports    int
}

// Residents lists the relocated households of a site with their labour and their latest
// follow-up support.
func (s *Relocation) Residents(ctx context.Context, county region.Code, siteID string) ([]ResidentView, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT r.household_no, h.village_code, r.moved_in,
		COALESCE((SELECT MIN(p.name) FROM persons p WHERE p.county_code = r.county_code AND p.household_no = r.household_no AND p.relation = '户主'), ''),
		(SELECT COUNT(*) FROM persons p WHERE p.county_code = r.county_code AND p.household_no = r.household_no AND p.left_on IS NULL AND p.deceased_on IS NULL),
		(SELECT COUNT(*) FROM persons p WHERE p.county_code = r.county_code AND p.household_no = r.household_no AND p.left_on IS NULL AND p.deceased_on IS NULL
			AND p.labour_skill IN ('普通劳动力', '技能劳动力')),
		(SELECT COUNT(*) FROM persons p WHERE p.county_code = r.county_code AND p.household_no = r.household_no AND p.left_on IS NULL AND p.deceased_on IS NULL
			AND (COALESCE(p.work_months, 0) > 0 OR p.work_location <> '' OR p.post_type <> '')),
		(SELECT MAX(f.on_date) FROM relocation_followups f WHERE f.county_code = r.county_code AND f.household_no = r.household_no),
		(SELECT COUNT(*) FROM relocation_followups f WHERE f.county_code = r.county_code AND f.household_no = r.household_no)
		FROM relocation_residents r JOIN households h ON h.county_code = r.county_code AND h.household_no = r.household_no
		WHERE r.county_code = ? AND r.site_id = ? ORDER BY h.village_code, r.household_no`), string(county), siteID)
	if err != nil {
		return nil, internal(err, "relocation.residents")
	}
	defer rows.Close()
	var out []ResidentView
	for rows.Next() {
		var v ResidentView
		var village string
		if err := rows.Scan(&v.HouseholdNo, &village, &v.MovedIn, &v.Head, &v.People, &v.Able, &v.Working, &v.LastSupport, &v.Supports); err != nil {
			return nil, internal(err, "relocation.residents")
		}
		v.Village = region.Code(village)
		out = append(out, v)
	}
	return out, internal(rows.Err(), "relocation.residents")
}

// FollowUps lists the follow-up records of a household, newest first.
func (s *Relocation) FollowUps(ctx context.Context, county region.Code, no string) ([]relocation.FollowUp, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT id, household_no, on_date, kind, content, by_whom, source
		FROM relocation_followups WHERE county_code = ? AND household_no = ? ORDER BY on_date DESC, id DESC`), string(county), no)
	if err != nil {
		return nil, internal(err, "relocation.followups")
	}
	defer rows.Close()
	var out []relocation.FollowUp
	for rows.Next() {
		f := relocation.FollowUp{County: county}
		if err := rows.Scan(&f.ID, &f.HouseholdNo, &f.On, &f.Kind, &f.Content, &f.By, &f.Source); err != nil {
			return nil, internal(err, "relocation.followups")
		}
		out = append(out, f)
	}
	return out, internal(rows.Err(), "relocation.followups")
}

// SiteOf returns the site a household of the county is linked to, or "" when none.
func (s *Relocation) SiteOf(ctx context.Context, county region.Code, no string) (string, error) {
	var id string
	err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT site_id FROM relocation_residents WHERE county_code = ? AND household_no = ?`),
		string(county), no).Scan(&id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return id, internal(err, "relocation.siteof")
}

// Facts returns what the domain knows about the relocated households of the county in scope
// (or the households nos), by 户编号: the site that lists each, and its follow-up records. A
// county that keeps neither list gives nothing.
func (s *Relocation) Facts(ctx context.Context, county, scope region.Code, nos []string) (map[string]*relocation.Facts, error) {
	var sites, ups int
	if err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT (SELECT COUNT(*) FROM relocation_residents WHERE county_code = ?),
		(SELECT COUNT(*) FROM relocation_followups WHERE county_code = ?)`), string(county), string(county)).Scan(&sites, &ups); err != nil {
		return nil, internal(err, "relocation.facts")
	}
	out := map[string]*relocation.Facts{}
	if sites == 0 && ups == 0 {
		return out, nil
	}
	hwhere, hargs := householdScope(scope)
	if scope.Level() < region.County {
		hwhere, hargs = "h.county_code = ?", []any{string(county)}
	}
	where := "h.county_code = ? AND h.relocated = 1 AND " + hwhere
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
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT h.household_no, COALESCE(st.name, ''), f.on_date, COALESCE(f.kind, '')
		FROM households h
		LEFT JOIN relocation_residents r ON r.county_code = h.county_code AND r.household_no = h.household_no
		LEFT JOIN relocation_sites st ON st.county_code = r.county_code AND st.site_id = r.site_id
		LEFT JOIN relocation_followups f ON f.county_code = h.county_code AND f.household_no = h.household_no
		WHERE `+where+` ORDER BY h.household_no, f.on_date`), args...)
	if err != nil {
		return nil, internal(err, "relocation.facts")
	}
	defer rows.Close()
	for rows.Next() {
		var no, site, kind string
		var on registry.Date
		if err := rows.Scan(&no, &site, &on, &kind); err != nil {
			return nil, internal(err, "relocation.facts")
		}
		f := out[no]
		if f == nil {
			f = &relocation.Facts{Sites: sites > 0, FollowUps: ups > 0, Site: site}
			out[no] = f
		}
		if !on.IsZero() {
			f.Support = append(f.Support, relocation.Support{On: on, Kind: kind})
		}
	}
	return out, internal(rows.Err(), "relocation.facts")
}

// EachExport calls fn with the rows of a list (its key) in scope, as the export writes them.
func (s *Relocation) EachExport(ctx context.Context, list string, scope region.Code, sites func(*relocation.SiteRow) error,
	facilities func(*relocation.FacilityRow) error, residents func(*relocation.ResidentRow) error, ups func(*relocation.FollowUpRow) error) error {
	where, args := listScope("s", "region_code", scope)
	switch list {
	case "sites":
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+siteCols+` FROM relocation_sites s WHERE `+where+` ORDER BY s.county_code, s.site_id`), args...)
		if err != nil {
			return internal(err, "relocation.export")
		}
		defer rows.Close()
		for rows.Next() {
			var r relocation.SiteRow
			if err := scanSite(rows, &r.Site); err != nil {
				return internal(err, "relocation.export")
			}
			if err := sites(&r); err != nil {
				return err
			}
		}
		return internal(rows.Err(), "relocation.export")
	case "facilities":
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT f.site_id, f.name, f.kind, f.custodian, f.phone, f.funding, f.fund_source
			FROM relocation_facilities f JOIN relocation_sites s ON s.county_code = f.county_code AND s.site_id = f.site_id
			WHERE `+where+` ORDER BY f.county_code, f.site_id, f.seq`), args...)
		if err != nil {
			return internal(err, "relocation.export")
		}
		defer rows.Close()
		for rows.Next() {
			var r relocation.FacilityRow
			if err := rows.Scan(&r.SiteID, &r.Name, &r.Kind, &r.Custodian, &r.Phone, &r.Funding, &r.Source); err != nil {
				return internal(err, "relocation.export")
			}
			if err := facilities(&r); err != nil {
				return err
			}
		}
		return internal(rows.Err(), "relocation.export")
	case "residents", "followups":
		hwhere, hargs := householdScope(scope)
		q := `SELECT r.site_id, r.household_no, r.people, r.moved_in,
			COALESCE((SELECT MIN(p.name) FROM persons p WHERE p.county_code = r.county_code AND p.household_no = r.household_no AND p.relation = '户主'), ''),
			COALESCE((SELECT MIN(p.id_number) FROM persons p WHERE p.county_code = r.county_code AND p.household_no = r.household_no AND p.relation = '户主'), '')
			FROM relocation_residents r JOIN households h ON h.county_code = r.county_code AND h.household_no = r.household_no
			WHERE ` + hwhere + ` ORDER BY r.county_code, r.site_id, r.household_no`
		if list == "followups" {
			q = `SELECT f.kind, f.household_no, f.on_date, f.content, f.by_whom,
				COALESCE((SELECT MIN(p.name) FROM persons p WHERE p.county_code = f.county_code AND p.household_no = f.household_no AND p.relation = '户主'), ''),
				COALESCE((SELECT MIN(p.id_number) FROM persons p WHERE p.county_code = f.county_code AND p.household_no = f.household_no AND p.relation = '户主'), '')
				FROM relocation_followups f JOIN households h ON h.county_code = f.county_code AND h.household_no = f.household_no
				WHERE ` + hwhere + ` ORDER BY f.county_code, f.household_no, f.on_date`
		}
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q), hargs...)
		if err != nil {
			return internal(err, "relocation.export")
		}
		defer rows.Close()
		for rows.Next() {
			if list == "residents" {
				var r relocation.ResidentRow
				if err := rows.Scan(&r.SiteID, &r.HouseholdNo, &r.People, &r.MovedIn, &r.HeadName, &r.HeadID); err != nil {
					return internal(err, "relocation.export")
				}
				if err := residents(&r); err != nil {
					return err
				}
				continue
			}
			var r relocation.FollowUpRow
			if err := rows.Scan(&r.Kind, &r.HouseholdNo, &r.On, &r.Content, &r.By, &r.HeadName, &r.HeadID); err != nil {
				return internal(err, "relocation.export")
			}
			if err := ups(&r); err != nil {
				return err
			}
		}
		return internal(rows.Err(), "relocation.export")
	}
	return errs.E(errs.NotFound, "没有名为「%s」的清单", list)
}

// SiteCounter counts, by village, the sites and those with an open finding of the rules: the
// sites part of indicator 3 (a store.DBCounter).
func SiteCounter(rules []string) VillageCounter {
	return counterOn{count: func(ctx context.Context, db *DB, scope region.Code) (map[region.Code][2]int, error) {
		return objectsWithFindings(ctx, db, scope, "relocation_sites", "site_id", relocation.KindSite, rules, "")
	}}
}

// FollowUpCounter counts, by village, the relocated households the sites list and those of
// them with a follow-up record in the year before the day the count is made: the coverage part
// of indicator 3.
func FollowUpCounter() VillageCounter {
	return counterOn{count: func(ctx context.Context, db *DB, scope region.Code) (map[region.Code][2]int, error) {
		since := registry.DateOf(db.Now().AddDate(-1, 0, 0))
		hwhere, hargs := householdScope(scope)
		q := fmt.Sprintf(`SELECT h.village_code, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM relocation_followups f
			WHERE f.county_code = r.county_code AND f.household_no = r.household_no AND f.on_date >= ?) THEN 1 ELSE 0 END)
			FROM relocation_residents r JOIN households h ON h.county_code = r.county_code AND h.household_no = r.household_no
			WHERE %s GROUP BY h.village_code`, strings.ReplaceAll(hwhere, "h.county_code", "r.county_code"))
		return countByVillage(ctx, db, q, append([]any{since}, hargs...))
	}}
}
