package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/support"
)

// Support stores the domain of internal/support: cadres and their pairings with households,
// visits, work teams with members, attendance, leave and spot checks, and grids. Every change
// writes its audit entry in the same transaction.
type Support struct{ db *DB }

// NewSupport returns the support store of db.
func NewSupport(db *DB) *Support { return &Support{db: db} }

// newSupportID returns a new id of a row of the domain: the county's 6 digits and random
// characters, like a finding's.
func newSupportID(county region.Code) string { return NewFindingID(county) }

// today returns the store's date in China.
func (s *Support) today() registry.Date { return registry.DateOf(s.db.Now().In(chinaZone)) }

// chinaZone is China Standard Time: the day a visit or a departure happens on.
var chinaZone = time.FixedZone("CST", 8*3600)

// auditTx appends an audit entry in the transaction.
func (s *Support) auditTx(ctx context.Context, tx *sql.Tx, e audit.Entry) error {
	return NewAuditLog(s.db).AppendTx(ctx, tx, e)
}

// Cadres.

const cadreCols = `cadre_id, county_code, region_code, name, unit, post, phone, level, status, status_on, username, source, updated_at`

func scanCadre(sc scanner, c *support.Cadre) error {
	var county, reg, updated string
	if err := sc.Scan(&c.ID, &county, &reg, &c.Name, &c.Unit, &c.Post, &c.Phone, &c.Level, &c.Status, &c.StatusOn,
		&c.Username, &c.Source, &updated); err != nil {
		return err
	}
	c.County, c.Region, c.Updated = region.Code(county), region.Code(reg), parseStamp(updated)
	return nil
}

// PutCadre adds a cadre (an empty ID) or updates one, and audits it.
func (s *Support) PutCadre(ctx context.Context, c *support.Cadre) error {
	c.Clean()
	c.County = c.Region.County()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.putCadre(ctx, tx, c); err != nil {
			return err
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.CadreUpdate, ObjectType: "cadre", ObjectID: c.ID, Region: c.Region,
			Detail: fmt.Sprintf("帮扶干部%s：%s，%s", c.Label(), blankDash(c.Level), c.Status)})
	})
}

func (s *Support) putCadre(ctx context.Context, tx *sql.Tx, c *support.Cadre) error {
	c.Updated = s.db.Now()
	if c.ID == "" {
		c.ID = newSupportID(c.County)
		_, err := s.db.Exec(ctx, tx, `INSERT INTO cadres (`+cadreCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, string(c.County), string(c.Region), c.Name, c.Unit, c.Post, c.Phone, c.Level, c.Status, c.StatusOn,
			c.Username, c.Source, stamp(c.Updated))
		return internal(err, "support.addCadre")
	}
	res, err := s.db.Exec(ctx, tx, `UPDATE cadres SET region_code = ?, name = ?, unit = ?, post = ?, phone = ?, level = ?, status = ?,
		status_on = ?, username = ?, updated_at = ? WHERE county_code = ? AND cadre_id = ?`,
		string(c.Region), c.Name, c.Unit, c.Post, c.Phone, c.Level, c.Status, c.StatusOn, c.Username, stamp(c.Updated),
		string(c.County), c.ID)
	if err != nil {
		return internal(err, "support.updateCadre")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "帮扶干部不存在")
	}
	return nil
}

// Cadre returns the cadre with the id.
func (s *Support) Cadre(ctx context.Context, id string) (*support.Cadre, error) {
	county, ok := countyOfID(id)
	if !ok {
		return nil, errs.E(errs.NotFound, "帮扶干部不存在")
	}
	c := &support.Cadre{}
	err := scanCadre(s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT `+cadreCols+` FROM cadres WHERE county_code = ? AND cadre_id = ?`),
		string(county), id), c)
	if err == sql.ErrNoRows {
		return nil, errs.E(errs.NotFound, "帮扶干部不存在")
	}
	return c, internal(err, "support.cadre")
}

// CadreOfUser returns the cadre a gonggu user is, or an errs.NotFound error.
func (s *Support) CadreOfUser(ctx context.Context, username string) (*support.Cadre, error) {
	c := &support.Cadre{}
	err := scanCadre(s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT `+cadreCols+` FROM cadres WHERE username = ?
		ORDER BY CASE WHEN status = '在岗' THEN 0 ELSE 1 END, updated_at DESC LIMIT 1`), username), c)
	if err == sql.ErrNoRows {
		return nil, errs.E(errs.NotFound, "您的账号还没有对应的帮扶干部，请县乡工作人员在“帮扶干部”中填写您的用户名")
	}
	return c, internal(err, "support.cadreOfUser")
}

// CadreRow is a cadre in a list, with the households paired with the cadre now.
type CadreRow struct {
	support.Cadre
	Households int
}

// CadreFilter selects cadres.
type CadreFilter struct {
	Scope  region.Code // cadres serving in the scope
	Status string      // "" for every status
	Name   string      // a part of the name
	Limit  int
	Offset int
}

// Cadres lists the cadres of the filter with their current households, and how many match.
func (s *Support) Cadres(ctx context.Context, f CadreFilter) ([]CadreRow, int, error) {
	where, args := regionWhere("c", f.Scope)
	if f.Status != "" {
		where += " AND c.status = ?"
		args = append(args, f.Status)
	}
	if f.Name != "" {
		where += " AND c.name LIKE ?"
		args = append(args, "%"+likeEscape(f.Name)+"%")
	}
	var total int
	if err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM cadres c WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, internal(err, "support.cadres")
	}
	if f.Limit <= 0 {
		f.Limit = 200
	}
	today := s.today()
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+prefixed("c", cadreCols)+`,
		(SELECT COUNT(*) FROM pairings p WHERE p.county_code = c.county_code AND p.cadre_id = c.cadre_id
			AND (p.start_on IS NULL OR p.start_on <= ?) AND (p.end_on IS NULL OR p.end_on > ?))
		FROM cadres c WHERE `+where+` ORDER BY c.region_code, c.name, c.cadre_id LIMIT ? OFFSET ?`),
		append(append([]any{today, today}, args...), f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, internal(err, "support.cadres")
	}
	defer rows.Close()
	var out []CadreRow
	for rows.Next() {
		var r CadreRow
		var county, reg, updated string
		c := &r.Cadre
		if err := rows.Scan(&c.ID, &county, &reg, &c.Name, &c.Unit, &c.Post, &c.Phone, &c.Level, &c.Status, &c.StatusOn,
			&c.Username, &c.Source, &updated, &r.Households); err != nil {
			return nil, 0, internal(err, "support.cadres")
		}
		c.County, c.Region, c.Updated = region.Code(county), region.Code(reg), parseStamp(updated)
		out = append(out, r)
	}
	return out, total, internal(rows.Err(), "support.cadres")
}

// regionWhere is the condition that a table's region_code lies in the scope, and the county
// first when the scope is within one.
func regionWhere(alias string, scope region.Code) (string, []any) {
	return regionColWhere(alias, "region_code", scope)
}

func regionColWhere(alias, col string, scope region.Code) (string, []any) {
	p := scope.Prefix()
	switch {
	case p == "":
		return "1=1", nil
	case len(p) < 6:
		return alias + ".county_code >= ? AND " + alias + ".county_code < ?", []any{p, prefixEnd(p)}
	case len(p) == 6:
		return alias + ".county_code = ?", []any{p + "000000"}
	default:
		return alias + ".county_code = ? AND " + alias + "." + col + " >= ? AND " + alias + "." + col + " < ?",
			[]any{string(scope.County()), p, prefixEnd(p)}
	}
}

func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ", ")
	for i, c := range parts {
		parts[i] = alias + "." + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

func likeEscape(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(strings.TrimSpace(s))
}

func blankDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Pairings.

const pairingCols = `pairing_id, county_code, household_no, village_code, cadre_id, start_on, end_on, end_reason, source`

func scanPairing(sc scanner, p *support.Pairing) error {
	var county, village string
	if err := sc.Scan(&p.ID, &county, &p.HouseholdNo, &village, &p.CadreID, &p.Start, &p.End, &p.EndReason, &p.Source); err != nil {
		return err
	}
	p.County, p.Village = region.Code(county), region.Code(village)
	return nil
}

// PairingRow is a pairing with its cadre and household as a list shows them.
type PairingRow struct {
	support.Pairing
	CadreName   string
	CadreUnit   string
	CadreStatus string
	Head        string // the household's 户主
}

// householdVillage returns the village of a household of the county, or errs.NotFound.
func (s *Support) householdVillage(ctx context.Context, q querier, no string) (region.Code, error) {
	var v string
	err := q.QueryRowContext(ctx, s.db.Rebind(`SELECT village_code FROM households WHERE household_no = ?`), no).Scan(&v)
	if err == sql.ErrNoRows {
		return "", errs.E(errs.NotFound, "户编号「%s」不存在", no)
	}
	return region.Code(v), internal(err, "support.household")
}

// Pair starts a pairing of a cadre in post with a household of the cadre's county.
func (s *Support) Pair(ctx context.Context, p *support.Pairing) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := s.cadreTx(ctx, tx, p.CadreID)
		if err != nil {
			return err
		}
		if !c.InPost() {
			return errs.E(errs.Invalid, "帮扶干部%s已%s，不能再结对", c.Label(), c.Status)
		}
		v, err := s.householdVillage(ctx, tx, p.HouseholdNo)
		if err != nil {
			return err
		}
		p.Village, p.County = v, v.County()
		if p.County != c.County {
			return errs.E(errs.Invalid, "帮扶干部%s不在户 %s 所在的县", c.Label(), p.HouseholdNo)
		}
		if p.Start.IsZero() {
			p.Start = s.today()
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if err := s.insertPairing(ctx, tx, p); err != nil {
			return err
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.PairingUpdate, ObjectType: "household", ObjectID: p.HouseholdNo, Region: p.Village,
			Detail: fmt.Sprintf("户 %s 与帮扶干部%s结对，自 %s 起", p.HouseholdNo, c.Label(), p.Start)})
	})
}

func (s *Support) insertPairing(ctx context.Context, tx *sql.Tx, p *support.Pairing) error {
	if p.ID == "" {
		p.ID = newSupportID(p.County)
	}
	_, err := s.db.Exec(ctx, tx, `INSERT INTO pairings (pairing_id, county_code, household_no, village_code, cadre_id, start_on, end_on,
		end_reason, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, string(p.County), p.HouseholdNo, string(p.Village),
		p.CadreID, p.Start, p.End, p.EndReason, p.Source, stamp(s.db.Now()))
	return internal(err, "support.pair")
}

func (s *Support) cadreTx(ctx context.Context, q querier, id string) (*support.Cadre, error) {
	county, ok := countyOfID(id)
	if !ok {
		return nil, errs.E(errs.NotFound, "帮扶干部不存在")
	}
	c := &support.Cadre{}
	err := scanCadre(q.QueryRowContext(ctx, s.db.Rebind(`SELECT `+cadreCols+` FROM cadres WHERE county_code = ? AND cadre_id = ?`),
		string(county), id), c)
	if err == sql.ErrNoRows {
		return nil, errs.E(errs.NotFound, "帮扶干部不存在")
	}
	return c, internal(err, "support.cadre")
}

// EndPairing ends a pairing in force on the day with the reason, and audits it.
func (s *Support) EndPairing(ctx context.Context, id string, on registry.Date, reason string) error {
	county, ok := countyOfID(id)
	if !ok {
		return errs.E(errs.NotFound, "帮扶关系不存在")
	}
	if !registry.In(support.EndReasons, reason) {
		return errs.E(errs.Invalid, "解除原因应为%s之一", strings.Join(support.EndReasons, "、"))
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var p support.Pairing
		err := scanPairing(tx.QueryRowContext(ctx, s.db.Rebind(`SELECT `+pairingCols+` FROM pairings WHERE county_code = ? AND pairing_id = ?`),
			string(county), id), &p)
		if err == sql.ErrNoRows {
			return errs.E(errs.NotFound, "帮扶关系不存在")
		}
		if err != nil {
			return internal(err, "support.endPairing")
		}
		if !p.End.IsZero() {
			return errs.E(errs.Conflict, "该帮扶关系已于 %s 解除", p.End)
		}
		if !p.Start.IsZero() && on.Before(p.Start) {
			return errs.E(errs.Invalid, "解除日期早于结对日期 %s", p.Start)
		}
		if _, err := s.db.Exec(ctx, tx, `UPDATE pairings SET end_on = ?, end_reason = ?, updated_at = ? WHERE county_code = ? AND pairing_id = ?`,
			on, reason, stamp(s.db.Now()), string(county), id); err != nil {
			return internal(err, "support.endPairing")
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.PairingUpdate, ObjectType: "household", ObjectID: p.HouseholdNo, Region: p.Village,
			Detail: fmt.Sprintf("户 %s 的帮扶关系于 %s 解除（%s）", p.HouseholdNo, on, reason)})
	})
}

// Handover hands the households of a cadre who is leaving (or has left) to another cadre in
// post: the departing cadre's pairings in force end on the day with the cadre's status as the
// reason (工作调整 while the cadre is still in post), and new ones begin the same day. nos, when
// not empty, limits it to those households. It returns the households handed over.
func (s *Support) Handover(ctx context.Context, fromID, toID string, on registry.Date, nos []string) (int, error) {
	if fromID == toID {
		return 0, errs.E(errs.Invalid, "请选择另一名帮扶干部")
	}
	n := 0
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		from, err := s.cadreTx(ctx, tx, fromID)
		if err != nil {
			return err
		}
		to, err := s.cadreTx(ctx, tx, toID)
		if err != nil {
			return err
		}
		if !to.InPost() {
			return errs.E(errs.Invalid, "帮扶干部%s已%s，不能接手", to.Label(), to.Status)
		}
		if to.County != from.County {
			return errs.E(errs.Invalid, "两名帮扶干部不在同一个县")
		}
		reason := from.Status
		if from.InPost() {
			reason = "工作调整"
		}
		active, err := s.pairingsOf(ctx, tx, from.County, "cadre_id = ?", fromID)
		if err != nil {
			return err
		}
		only := map[string]bool{}
		for _, no := range nos {
			only[no] = true
		}
		var moved []string
		for _, p := range active {
			if !p.End.IsZero() || (len(only) > 0 && !only[p.HouseholdNo]) {
				continue
			}
			end := on
			if !p.Start.IsZero() && end.Before(p.Start) {
				end = p.Start
			}
			if _, err := s.db.Exec(ctx, tx, `UPDATE pairings SET end_on = ?, end_reason = ?, updated_at = ? WHERE county_code = ? AND pairing_id = ?`,
				end, reason, stamp(s.db.Now()), string(p.County), p.ID); err != nil {
				return internal(err, "support.handover")
			}
			np := support.Pairing{County: p.County, HouseholdNo: p.HouseholdNo, Village: p.Village, CadreID: toID, Start: end,
				Source: "交接自" + from.Name}
			if err := s.insertPairing(ctx, tx, &np); err != nil {
				return err
			}
			moved = append(moved, p.HouseholdNo)
		}
		if len(moved) == 0 {
			return errs.E(errs.Invalid, "帮扶干部%s名下没有需要交接的户", from.Label())
		}
		n = len(moved)
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.PairingUpdate, ObjectType: "cadre", ObjectID: fromID, Region: from.Region,
			Detail: fmt.Sprintf("帮扶干部%s的 %d 户于 %s 交接给%s：%s", from.Label(), n, on, to.Label(), strings.Join(moved, "、"))})
	})
	return n, err
}

// pairingsOf reads the pairings of a county that match a condition.
func (s *Support) pairingsOf(ctx context.Context, q querier, county region.Code, cond string, args ...any) ([]support.Pairing, error) {
	rows, err := q.QueryContext(ctx, s.db.Rebind(`SELECT `+pairingCols+` FROM pairings WHERE county_code = ? AND `+cond+
		` ORDER BY household_no, start_on`), append([]any{string(county)}, args...)...)
	if err != nil {
		return nil, internal(err, "support.pairings")
	}
	defer rows.Close()
	var out []support.Pairing
	for rows.Next() {
		var p support.Pairing
		if err := scanPairing(rows, &p); err != nil {
			return nil, internal(err, "support.pairings")
		}
		out = append(out, p)
	}
	return out, internal(rows.Err(), "support.pairings")
}

// HouseholdPairings returns a household's pairings, current and ended, newest first, with
// their cadres.
func (s *Support) HouseholdPairings(ctx context.Context, no string) ([]PairingRow, error) {
	return s.pairingRows(ctx, `p.household_no = ?`, []any{no}, "p.start_on DESC")
}

// CadrePairings returns a cadre's pairings, current and ended, with the households' heads.
func (s *Support) CadrePairings(ctx context.Context, cadreID string) ([]PairingRow, error) {
	county, ok := countyOfID(cadreID)
	if !ok {
		return nil, errs.E(errs.NotFound, "帮扶干部不存在")
	}
	return s.pairingRows(ctx, `p.county_code = ? AND p.cadre_id = ?`, []any{string(county), cadreID}, "p.end_on IS NOT NULL, p.household_no")
}

func (s *Support) pairingRows(ctx context.Context, cond string, args []any, order string) ([]PairingRow, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+prefixed("p", pairingCols)+`, c.name, c.unit, c.status,
		COALESCE((SELECT MIN(hp.name) FROM persons hp WHERE hp.county_code = p.county_code AND hp.household_no = p.household_no AND hp.relation = '户主'), '')
		FROM pairings p JOIN cadres c ON c.county_code = p.county_code AND c.cadre_id = p.cadre_id
		WHERE `+cond+` ORDER BY `+order), args...)
	if err != nil {
		return nil, internal(err, "support.pairingRows")
	}
	defer rows.Close()
	var out []PairingRow
	for rows.Next() {
		var r PairingRow
		var county, village string
		p := &r.Pairing
		if err := rows.Scan(&p.ID, &county, &p.HouseholdNo, &village, &p.CadreID, &p.Start, &p.End, &p.EndReason, &p.Source,
			&r.CadreName, &r.CadreUnit, &r.CadreStatus, &r.Head); err != nil {
			return nil, internal(err, "support.pairingRows")
		}
		p.County, p.Village = region.Code(county), region.Code(village)
		out = append(out, r)
	}
	return out, internal(rows.Err(), "support.pairingRows")
}

// Visits.

const visitCols = `visit_id, county_code, household_no, village_code, cadre_id, visited_on, way, needs_met, needs_note, measures_done,
	hardship, hardship_note, help_given, policy_told, knows_cadre, knows_team, notes, client_key, source, created_by, created_at`

func visitArgs(v *support.Visit) []any {
	return []any{v.ID, string(v.County), v.HouseholdNo, string(v.Village), v.CadreID, v.On, v.Way, v.NeedsMet, v.NeedsNote, v.MeasuresDone,
		v.Hardship, v.HardshipNote, v.HelpGiven, v.PolicyTold, v.KnowsCadre, v.KnowsTeam, v.Notes, v.Key, v.Source, v.CreatedBy, stamp(v.Created)}
}

func scanVisit(sc scanner, v *support.Visit, extra ...any) error {
	var county, village, created string
	dest := append([]any{&v.ID, &county, &v.HouseholdNo, &village, &v.CadreID, &v.On, &v.Way, &v.NeedsMet, &v.NeedsNote, &v.MeasuresDone,
		&v.Hardship, &v.HardshipNote, &v.HelpGiven, &v.PolicyTold, &v.KnowsCadre, &v.KnowsTeam, &v.Notes, &v.Key, &v.Source,
		&v.CreatedBy, &created}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	v.County, v.Village, v.Created = region.Code(county), region.Code(village), parseStamp(created)
	return nil
}

// MaxPhoto bounds a visit's photo: a phone's picture scaled down before it is sent.
const MaxPhoto = 1 << 20

// AddVisit records a visit to a household by a cadre (with a photo, or nil), and audits it.
// The household's village comes from the registry; the cadre must be of its county. A visit
// whose idempotency key (Visit.Key) was stored before is not stored again: AddVisit returns
// false and fills v with the stored visit. A key stored for another household or by another
// user is a conflict.
func (s *Support) AddVisit(ctx context.Context, v *support.Visit, photo []byte, photoType string) (bool, error) {
	v.Clean()
	if err := v.Validate(s.today()); err != nil {
		return false, err
	}
	if len(photo) > MaxPhoto {
		return false, errs.E(errs.Invalid, "照片超过 1 MB，请缩小后再上传")
	}
	village, err := s.householdVillage(ctx, s.db.SQL, v.HouseholdNo)
	if err != nil {
		return false, err
	}
	v.Village, v.County = village, village.County()
	if dup, err := s.visitByKey(ctx, v); dup || err != nil {
		return false, err
	}
	created := true
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := s.cadreTx(ctx, tx, v.CadreID)
		if err != nil {
			return err
		}
		if c.County != v.County {
			return errs.E(errs.Invalid, "走访干部%s不在户 %s 所在的县", c.Label(), v.HouseholdNo)
		}
		v.Visitor = c.Name
		v.ID = newSupportID(v.County)
		v.Created = s.db.Now()
		if v.CreatedBy == "" {
			v.CreatedBy = audit.ActorFrom(ctx).Username
		}
		if _, err := s.db.Exec(ctx, tx, `INSERT INTO visits (`+visitCols+`) VALUES (`+placeholders(21)+`)`, visitArgs(v)...); err != nil {
			return internal(err, "support.addVisit")
		}
		if len(photo) > 0 {
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO visit_photos (county_code, visit_id, content_type, data) VALUES (?, ?, ?, ?)`,
				string(v.County), v.ID, photoType, photo); err != nil {
				return internal(err, "support.addVisit")
			}
			v.HasPhoto = true
		}
		detail := fmt.Sprintf("户 %s：%s %s走访（%s）", v.HouseholdNo, v.On, v.Way, c.Name)
		if p := v.ProblemText(); p != "" {
			detail += "，" + p
		}
		return s.auditTx(ctx, tx, audit.Entry{Action: audit.VisitAdd, ObjectType: "household", ObjectID: v.HouseholdNo, Region: v.Village, Detail: detail})
	})
	if err != nil && v.Key != "" {
		// The same visit sent twice at once: the other request stored it.
		if dup, derr := s.visitByKey(ctx, v); dup && derr == nil {
			return false, nil
		}
	}
	return created && err == nil, err
}

// visitByKey fills v with the visit stored under its key, if any: true when there is one.
func (s *Support) visitByKey(ctx context.Context, v *support.Visit) (bool, error) {
	if v.Key == "" {
		return false, nil
	}
	var old support.Visit
	err := scanVisit(s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT `+visitCols+` FROM visits WHERE county_code = ? AND client_key = ?`),
		string(v.County), v.Key), &old)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, internal(err, "support.visitByKey")
	}
	if old.HouseholdNo != v.HouseholdNo || (v.CreatedBy != "" && old.CreatedBy != v.CreatedBy) {
		return false, errs.E(errs.Conflict, "走访记录编号重复，请重新填写")
	}
	*v = old
	return true, nil
}

// VisitFilter selects visits.
type VisitFilter struct {
	Scope       region.Code
	HouseholdNo string
	CadreID     string
	From, To    registry.Date // both included; blank for no bound
	Limit       int
	Offset      int
}

// VisitRow is a visit as lists show it, with its household's head.
type VisitRow struct {
	support.Visit
	Head string
}

// Visits lists the visits of the filter, newest first, and how many match.
func (s *Support) Visits(ctx context.Context, f VisitFilter) ([]VisitRow, int, error) {
	where, args := regionColWhere("v", "village_code", f.Scope)
	if f.HouseholdNo != "" {
		where += " AND v.household_no = ?"
		args = append(args, f.HouseholdNo)
	}
	if f.CadreID != "" {
		where += " AND v.cadre_id = ?"
		args = append(args, f.CadreID)
	}
	if !f.From.IsZero() {
		where += " AND v.visited_on >= ?"
		args = append(args, f.From)
	}
	if !f.To.IsZero() {
		where += " AND v.visited_on <= ?"
		args = append(args, f.To)
	}
	var total int
	if err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM visits v WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, internal(err, "support.visits")
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT `+prefixed("v", visitCols)+`, COALESCE(c.name, ''),
		COALESCE((SELECT MIN(hp.name) FROM persons hp WHERE hp.county_code = v.county_code AND hp.household_no = v.household_no AND hp.relation = '户主'), ''),
		CASE WHEN EXISTS (SELECT 1 FROM visit_photos vp WHERE vp.county_code = v.county_code AND vp.visit_id = v.visit_id) THEN 1 ELSE 0 END
		FROM visits v LEFT JOIN cadres c ON c.county_code = v.county_code AND c.cadre_id = v.cadre_id
		WHERE `+where+` ORDER BY v.visited_on DESC, v.created_at DESC LIMIT ? OFFSET ?`), append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, internal(err, "support.visits")
	}
	defer rows.Close()
	var out []VisitRow
	for rows.Next() {
		var r VisitRow
		var photo int
		if err := scanVisit(rows, &r.Visit, &r.Visitor, &r.Head, &photo); err != nil {
			return nil, 0, internal(err, "support.visits")
		}
		r.HasPhoto = photo == 1
		out = append(out, r)
	}
	return out, total, internal(rows.Err(), "support.visits")
}

// VisitPhoto returns a visit's photo and its content type.
func (s *Support) VisitPhoto(ctx context.Context, id string) (region.Code, string, []byte, error) {
	county, ok := countyOfID(id)
	if !ok {
		return "", "", nil, errs.E(errs.NotFound, "照片不存在")
	}
	var village, ctype string
	var data []byte
	err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT v.village_code, p.content_type, p.data FROM visit_photos p
		JOIN visits v ON v.county_code = p.county_code AND v.visit_id = p.visit_id WHERE p.county_code = ? AND p.visit_id = ?`),
		string(county), id).Scan(&village, &ctype, &data)
	if err == sql.ErrNoRows {
		return "", "", nil, errs.E(errs.NotFound, "照片不存在")
	}
	return region.Code(village), ctype, data, internal(err, "support.visitPhoto")
}
