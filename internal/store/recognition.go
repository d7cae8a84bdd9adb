package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// Recognition stores the domain of internal/recognition: satisfaction surveys and petitions.
// Every change writes its audit entry in the same transaction.
type Recognition struct {
	db  *DB
	log *AuditLog
}

// NewRecognition returns the recognition store of db.
func NewRecognition(db *DB) *Recognition { return &Recognition{db: db, log: NewAuditLog(db)} }

// Today returns the store's date in China.
func (r *Recognition) Today() registry.Date { return registry.DateOf(r.db.Now().In(ledger.China)) }

// recScope returns the condition that limits a table keyed by county_code to a region, with
// col the column of the rows' village or region: whole counties by the key, a township or
// village by col's code range as well.
func recScope(col string, scope region.Code) (string, []any) {
	p := scope.Prefix()
	switch {
	case p == "":
		return "1=1", nil
	case len(p) < 6:
		return "county_code >= ? AND county_code < ?", []any{p, prefixEnd(p)}
	case len(p) == 6:
		return "county_code = ?", []any{string(scope.County())}
	}
	return "county_code = ? AND " + col + " >= ? AND " + col + " < ?", []any{string(scope.County()), p, prefixEnd(p)}
}

// householdPlace returns the county and village of a household of the registry.
func (r *Recognition) householdPlace(ctx context.Context, no string) (region.Code, error) {
	var v string
	err := r.db.SQL.QueryRowContext(ctx, r.db.Rebind(`SELECT village_code FROM households WHERE household_no = ?`), no).Scan(&v)
	if err == sql.ErrNoRows {
		return "", errs.E(errs.NotFound, "户编号 %s 不在农户库中", no)
	}
	return region.Code(v), internal(err, "recognition.household")
}

// Surveys.

const surveyCols = `survey_id, county_code, household_no, village_code, surveyed_on, round, way, surveyor, overall,
	food, education, medical, housing, water, knows_helper, knows_team, complaints, note, followup_on, followup_by,
	followup_note, client_key, source, created_by, created_at`

func surveyArgs(s *recognition.Survey) []any {
	return []any{s.ID, string(s.County), s.HouseholdNo, string(s.Village), s.On, s.Round, s.Way, s.Surveyor, s.Overall,
		s.Food, s.Education, s.Medical, s.Housing, s.Water, s.KnowsHelper, s.KnowsTeam, strings.Join(s.Complaints, ","), s.Note,
		s.FollowUpOn, s.FollowUpBy, s.FollowUpNote, s.Key, s.Source, s.CreatedBy, stamp(s.Created)}
}

func scanSurvey(sc scanner, s *recognition.Survey, extra ...any) error {
	var county, village, complaints, created string
	dest := append([]any{&s.ID, &county, &s.HouseholdNo, &village, &s.On, &s.Round, &s.Way, &s.Surveyor, &s.Overall,
		&s.Food, &s.Education, &s.Medical, &s.Housing, &s.Water, &s.KnowsHelper, &s.KnowsTeam, &complaints, &s.Note,
		&s.FollowUpOn, &s.FollowUpBy, &s.FollowUpNote, &s.Key, &s.Source, &s.CreatedBy, &created}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	s.County, s.Village, s.Created = region.Code(county), region.Code(village), parseStamp(created)
	s.Complaints = nil
	if complaints != "" {
		s.Complaints = strings.Split(complaints, ",")
	}
	return nil
}

// upsertSurvey writes a survey: a household's survey of the same day and round is replaced
// (keeping its id).
func (r *Recognition) upsertSurvey(ctx context.Context, tx *sql.Tx, s *recognition.Survey) error {
	_, err := r.db.Exec(ctx, tx, `INSERT INTO surveys (`+surveyCols+`) VALUES (`+placeholders(25)+`)
		ON CONFLICT (county_code, household_no, surveyed_on, round) DO UPDATE SET way = excluded.way,
		surveyor = excluded.surveyor, overall = excluded.overall, food = excluded.food, education = excluded.education,
		medical = excluded.medical, housing = excluded.housing, water = excluded.water, knows_helper = excluded.knows_helper,
		knows_team = excluded.knows_team, complaints = excluded.complaints, note = excluded.note,
		followup_on = COALESCE(excluded.followup_on, surveys.followup_on),
		followup_by = CASE WHEN excluded.followup_on IS NULL THEN surveys.followup_by ELSE excluded.followup_by END,
		followup_note = CASE WHEN excluded.followup_on IS NULL THEN surveys.followup_note ELSE excluded.followup_note END,
		source = excluded.source`, surveyArgs(s)...)
	return internal(err, "recognition.putSurvey")
}

// AddSurvey records a survey of a household (entered on a phone or a desk), and audits it. The
// household's village comes from the registry. A survey whose idempotency key was stored
// before is not stored again: AddSurvey returns false and fills s with the stored survey. A
// household's survey of the same day and round is replaced.
func (r *Recognition) AddSurvey(ctx context.Context, s *recognition.Survey) (bool, error) {
	s.Clean()
	village, err := r.householdPlace(ctx, s.HouseholdNo)
	if err != nil {
		return false, err
	}
	s.Village, s.County = village, village.County()
	if err := s.Validate(r.Today()); err != nil {
		return false, err
	}
	if dup, err := r.surveyByKey(ctx, s); dup || err != nil {
		return false, err
	}
	s.ID, s.Created = NewFindingID(s.County), r.db.Now()
	if s.CreatedBy == "" {
		s.CreatedBy = audit.ActorFrom(ctx).Username
	}
	if s.Source == "" {
		s.Source = "录入：" + s.CreatedBy
	}
	err = r.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := r.upsertSurvey(ctx, tx, s); err != nil {
			return err
		}
		detail := fmt.Sprintf("户 %s：%s 调查，总体%s", s.HouseholdNo, s.On, s.OverallLabel())
		if len(s.Complaints) > 0 {
			detail += "，诉求：" + strings.Join(s.Complaints, "、")
		}
		return r.log.AppendTx(ctx, tx, audit.Entry{Action: audit.SurveyAdd, ObjectType: "household", ObjectID: s.HouseholdNo,
			Region: s.Village, Detail: detail})
	})
	if err != nil && s.Key != "" {
		// The same survey sent twice at once: the other request stored it.
		if dup, derr := r.surveyByKey(ctx, s); dup && derr == nil {
			return false, nil
		}
	}
	return err == nil, err
}

// surveyByKey fills s with the survey stored under its key, if any: true when there is one.
func (r *Recognition) surveyByKey(ctx context.Context, s *recognition.Survey) (bool, error) {
	if s.Key == "" {
		return false, nil
	}
	var old recognition.Survey
	err := scanSurvey(r.db.SQL.QueryRowContext(ctx, r.db.Rebind(`SELECT `+surveyCols+` FROM surveys WHERE county_code = ? AND client_key = ?`),
		string(s.County), s.Key), &old)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, internal(err, "recognition.surveyByKey")
	}
	if old.HouseholdNo != s.HouseholdNo {
		return false, errs.E(errs.Conflict, "调查记录编号重复，请重新填写")
	}
	*s = old
	return true, nil
}

// Survey returns a survey by its id.
func (r *Recognition) Survey(ctx context.Context, id string) (*recognition.Survey, error) {
	county, ok := countyOfID(id)
	if !ok {
		return nil, errs.E(errs.NotFound, "调查记录不存在")
	}
	var s recognition.Survey
	err := scanSurvey(r.db.SQL.QueryRowContext(ctx, r.db.Rebind(`SELECT `+surveyCols+` FROM surveys WHERE county_code = ? AND survey_id = ?`),
		string(county), id), &s)
	if err == sql.ErrNoRows {
		return nil, errs.E(errs.NotFound, "调查记录不存在")
	}
	return &s, internal(err, "recognition.survey")
}

// FollowUp records the follow-up visit (回访) of a survey, and audits it.
func (r *Recognition) FollowUp(ctx context.Context, id string, on registry.Date, by, note string) (*recognition.Survey, error) {
	s, err := r.Survey(ctx, id)
	if err != nil {
		return nil, err
	}
	s.FollowUpOn, s.FollowUpBy, s.FollowUpNote = on, strings.TrimSpace(by), strings.TrimSpace(note)
	if s.FollowUpBy == "" {
		return nil, errs.E(errs.Invalid, "请填写回访人")
	}
	if err := s.Validate(r.Today()); err != nil {
		return nil, err
	}
	return s, r.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := r.db.Exec(ctx, tx, `UPDATE surveys SET followup_on = ?, followup_by = ?, followup_note = ?
			WHERE county_code = ? AND survey_id = ?`, s.FollowUpOn, s.FollowUpBy, s.FollowUpNote, string(s.County), s.ID); err != nil {
			return internal(err, "recognition.followUp")
		}
		return r.log.AppendTx(ctx, tx, audit.Entry{Action: audit.SurveyFollowUp, ObjectType: "household", ObjectID: s.HouseholdNo,
			Region: s.Village, Detail: fmt.Sprintf("户 %s：%s 调查的回访，%s 由%s回访", s.HouseholdNo, s.On, on, s.FollowUpBy)})
	})
}

// SurveyFilter selects surveys.
type SurveyFilter struct {
	Scope        region.Code
	HouseholdNo  string
	Since        registry.Date // surveyed on or after; blank for no bound
	Dissatisfied int           // when > 0: overall answer below it
	NoFollowUp   bool          // not followed up
	Limit        int
	Offset       int
}

// SurveyRow is a survey as lists show it, with its household's head.
type SurveyRow struct {
	recognition.Survey
	Head string
}

// Surveys lists the surveys of the filter, newest first, and how many match.
func (r *Recognition) Surveys(ctx context.Context, f SurveyFilter) ([]SurveyRow, int, error) {
	where, args := recScope("village_code", f.Scope)
	if f.HouseholdNo != "" {
		where += " AND household_no = ?"
		args = append(args, f.HouseholdNo)
	}
	if !f.Since.IsZero() {
		where += " AND surveyed_on >= ?"
		args = append(args, f.Since)
	}
	if f.Dissatisfied > 0 {
		where += " AND overall < ?"
		args = append(args, f.Dissatisfied)
	}
	if f.NoFollowUp {
		where += " AND followup_on IS NULL"
	}
	var total int
	if err := r.db.SQL.QueryRowContext(ctx, r.db.Rebind(`SELECT COUNT(*) FROM surveys WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, internal(err, "recognition.surveys")
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT `+surveyCols+`,
		COALESCE((SELECT MIN(p.name) FROM persons p WHERE p.county_code = surveys.county_code AND p.household_no = surveys.household_no
		AND p.relation = '户主'), '') FROM surveys WHERE `+where+` ORDER BY surveyed_on DESC, created_at DESC LIMIT ? OFFSET ?`),
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, internal(err, "recognition.surveys")
	}
	defer rows.Close()
	var out []SurveyRow
	for rows.Next() {
		var s SurveyRow
		if err := scanSurvey(rows, &s.Survey, &s.Head); err != nil {
			return nil, 0, internal(err, "recognition.surveys")
		}
		out = append(out, s)
	}
	return out, total, internal(rows.Err(), "recognition.surveys")
}

// Answers returns the answers of the surveys of scope taken on or after since, by village.
func (r *Recognition) Answers(ctx context.Context, scope region.Code, since registry.Date) (map[region.Code][]recognition.Answer, error) {
	where, args := recScope("village_code", scope)
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT village_code, household_no, surveyed_on, overall, food, education,
		medical, housing, water, knows_helper, knows_team, complaints FROM surveys WHERE `+where+` AND surveyed_on >= ?
		ORDER BY village_code, household_no, surveyed_on`), append(args, since)...)
	if err != nil {
		return nil, internal(err, "recognition.answers")
	}
	defer rows.Close()
	out := map[region.Code][]recognition.Answer{}
	for rows.Next() {
		var v, complaints string
		var a recognition.Answer
		if err := rows.Scan(&v, &a.HouseholdNo, &a.On, &a.Overall, &a.Guarantees[0], &a.Guarantees[1], &a.Guarantees[2],
			&a.Guarantees[3], &a.Guarantees[4], &a.KnowsHelper, &a.KnowsTeam, &complaints); err != nil {
			return nil, internal(err, "recognition.answers")
		}
		if complaints != "" {
			a.Complaints = strings.Split(complaints, ",")
		}
		out[region.Code(v)] = append(out[region.Code(v)], a)
	}
	return out, internal(rows.Err(), "recognition.answers")
}

// HasSurveys reports whether the county keeps satisfaction surveys: it has any since the day.
func (r *Recognition) HasSurveys(ctx context.Context, county region.Code, since registry.Date) (bool, error) {
	var n int
	err := r.db.SQL.QueryRowContext(ctx, r.db.Rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM surveys WHERE county_code = ?
		AND surveyed_on >= ? LIMIT 1) x`), string(county), since).Scan(&n)
	return n > 0, internal(err, "recognition.hasSurveys")
}

// RecognitionImport is what an import of a list stored.
type RecognitionImport struct {
	File    string
	Rows    int
	Added   int // new records
	Updated int // records of the list stored before, replaced
}

// ImportSurveys stores the surveys of a list read by recognition.SurveyTable for the scope: all
// of them in one transaction, or, when a household is not in the registry or not in the
// scope, none (the problems name the rows). It audits the import.
func (r *Recognition) ImportSurveys(ctx context.Context, scope region.Code, file string, rows []tableimport.Row[recognition.SurveyRow]) (RecognitionImport, []tableimport.Problem, error) {
	res := RecognitionImport{File: file, Rows: len(rows)}
	if scope.Level() < region.County {
		return res, nil, errs.E(errs.Invalid, "请选择一个县（或其下的乡镇、村）导入调查表")
	}
	places, err := r.villagesOf(ctx, scope.County())
	if err != nil {
		return res, nil, err
	}
	var problems []tableimport.Problem
	for _, row := range rows {
		s := &row.Rec.Survey
		v, ok := places[s.HouseholdNo]
		switch {
		case !ok:
			problems = append(problems, tableimport.Problem{Row: row.Num, Value: s.HouseholdNo, Reason: "户编号不在本县农户库中"})
		case !scope.Contains(v):
			problems = append(problems, tableimport.Problem{Row: row.Num, Value: s.HouseholdNo, Reason: "该户不在您的管辖范围内"})
		}
		s.Village, s.County = v, scope.County()
	}
	if len(problems) > 0 {
		return res, problems, nil
	}
	user := audit.ActorFrom(ctx).Username
	now := r.db.Now()
	err = r.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, row := range rows {
			s := &row.Rec.Survey
			var id string
			err := tx.QueryRowContext(ctx, r.db.Rebind(`SELECT survey_id FROM surveys WHERE county_code = ? AND household_no = ?
				AND surveyed_on = ? AND round = ?`), string(s.County), s.HouseholdNo, s.On, s.Round).Scan(&id)
			switch {
			case err == sql.ErrNoRows:
				res.Added++
			case err != nil:
				return internal(err, "recognition.importSurveys")
			default:
				res.Updated++
			}
			s.ID, s.Source, s.CreatedBy, s.Created = NewFindingID(s.County), "导入："+file, user, now
			if err := r.upsertSurvey(ctx, tx, s); err != nil {
				return err
			}
		}
		return r.log.AppendTx(ctx, tx, audit.Entry{Action: audit.Import, ObjectType: "surveys", ObjectID: file, Region: scope,
			Detail: fmt.Sprintf("导入满意度调查表「%s」：%d 行，新增 %d 条，更新 %d 条", file, len(rows), res.Added, res.Updated)})
	})
	return res, nil, err
}

// villagesOf returns the village of every household of a county, by 户编号.
func (r *Recognition) villagesOf(ctx context.Context, county region.Code) (map[string]region.Code, error) {
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT household_no, village_code FROM households WHERE county_code = ?`), string(county))
	if err != nil {
		return nil, internal(err, "recognition.villages")
	}
	defer rows.Close()
	out := map[string]region.Code{}
	for rows.Next() {
		var no, v string
		if err := rows.Scan(&no, &v); err != nil {
			return nil, internal(err, "recognition.villages")
		}
		out[no] = region.Code(v)
	}
	return out, internal(rows.Err(), "recognition.villages")
}

// Petitions.

const petitionCols = `petition_id, county_code, region_code, kind, ref, title, content, topic, petitioner, phone,
	household_no, unit, received_on, accepted_on, verified_on, verified_by, verify_note, extend_days, concluded_on,
	conclusion, ledger_item, source, created_by, created_at, updated_at, version`

func petitionArgs(p *recognition.Petition, version int) []any {
	return []any{p.ID, string(p.County), string(p.Region), p.Kind, p.Ref, p.Title, p.Content, p.Topic, p.Petitioner, p.Phone,
		p.HouseholdNo, p.Unit, p.ReceivedOn, p.AcceptedOn, p.VerifiedOn, p.VerifiedBy, p.VerifyNote, p.ExtendDays, p.ConcludedOn,
		p.Conclusion, p.LedgerItem, p.Source, p.CreatedBy, stamp(p.Created), stamp(p.Updated), version}
}

func scanPetition(sc scanner, p *recognition.Petition, version *int) error {
	var county, reg, created, updated string
	if err := sc.Scan(&p.ID, &county, &reg, &p.Kind, &p.Ref, &p.Title, &p.Content, &p.Topic, &p.Petitioner, &p.Phone,
		&p.HouseholdNo, &p.Unit, &p.ReceivedOn, &p.AcceptedOn, &p.VerifiedOn, &p.VerifiedBy, &p.VerifyNote, &p.ExtendDays,
		&p.ConcludedOn, &p.Conclusion, &p.LedgerItem, &p.Source, &p.CreatedBy, &created, &updated, version); err != nil {
		return err
	}
	p.County, p.Region, p.Created, p.Updated = region.Code(county), region.Code(reg), parseStamp(created), parseStamp(updated)
	return nil
}

// preparePetition cleans and checks a petition, placing it in its household's village when it
// concerns one.
func (r *Recognition) preparePetition(ctx context.Context, p *recognition.Petition) error {
	p.Clean()
	if p.HouseholdNo != "" {
		v, err := r.householdPlace(ctx, p.HouseholdNo)
		if err != nil {
			return err
		}
		p.Region = v
	}
	p.County = p.Region.County()
	return p.Validate(r.Today())
}

// PutPetition adds a petition (an empty ID) or updates one stored at the version given, and
// audits it; it returns the stored version. An update of a petition changed since the version
// was read is a conflict.
func (r *Recognition) PutPetition(ctx context.Context, p *recognition.Petition, version int) (int, error) {
	if err := r.preparePetition(ctx, p); err != nil {
		return 0, err
	}
	now := r.db.Now()
	p.Updated = now
	var stored int
	err := r.db.Tx(ctx, func(tx *sql.Tx) error {
		if p.ID == "" {
			p.ID, p.Created = NewFindingID(p.County), now
			if p.CreatedBy == "" {
				p.CreatedBy = audit.ActorFrom(ctx).Username
			}
			if p.Source == "" {
				p.Source = "录入：" + p.CreatedBy
			}
			if _, err := r.db.Exec(ctx, tx, `INSERT INTO petitions (`+petitionCols+`) VALUES (`+placeholders(26)+`)`, petitionArgs(p, 1)...); err != nil {
				if p.Ref != "" && isDuplicate(err) {
					return errs.E(errs.Conflict, "编号为 %s 的信访事项已登记", p.Ref)
				}
				return internal(err, "recognition.putPetition")
			}
			stored = 1
			return r.log.AppendTx(ctx, tx, audit.Entry{Action: audit.PetitionAdd, ObjectType: "petition", ObjectID: p.ID,
				Region: p.Region, Detail: fmt.Sprintf("登记%s：%s（收到 %s）", p.Kind, clip(p.Title, 60), p.ReceivedOn)})
		}
		old, oldVersion, err := r.petition(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if oldVersion != version {
			return errs.E(errs.Conflict, "该信访事项已被他人修改，请刷新后重试")
		}
		if old.County != p.County {
			return errs.E(errs.Invalid, "信访事项不能改到其他县")
		}
		p.Created, p.CreatedBy, p.Source = old.Created, old.CreatedBy, old.Source
		stored = version + 1
		args := petitionArgs(p, stored)
		if _, err := r.db.Exec(ctx, tx, `UPDATE petitions SET region_code = ?, kind = ?, ref = ?, title = ?, content = ?, topic = ?,
			petitioner = ?, phone = ?, household_no = ?, unit = ?, received_on = ?, accepted_on = ?, verified_on = ?, verified_by = ?,
			verify_note = ?, extend_days = ?, concluded_on = ?, conclusion = ?, ledger_item = ?, updated_at = ?, version = ?
			WHERE county_code = ? AND petition_id = ?`,
			append(append(args[2:21:21], args[24], stored), string(p.County), p.ID)...); err != nil {
			if isDuplicate(err) {
				return errs.E(errs.Conflict, "编号为 %s 的信访事项已登记", p.Ref)
			}
			return internal(err, "recognition.putPetition")
		}
		return r.log.AppendTx(ctx, tx, audit.Entry{Action: audit.PetitionUpdate, ObjectType: "petition", ObjectID: p.ID,
			Region: p.Region, Detail: "办理信访事项「" + clip(p.Title, 40) + "」：" + petitionChanges(old, p)})
	})
	return stored, err
}

// petitionChanges describes what an update changed, in Chinese.
func petitionChanges(a, b *recognition.Petition) string {
	var out []string
	for _, c := range []struct {
		label  string
		before any
		after  any
	}{{"受理日期", a.AcceptedOn, b.AcceptedOn}, {"实地核实日期", a.VerifiedOn, b.VerifiedOn}, {"核实人", a.VerifiedBy, b.VerifiedBy},
		{"延期天数", a.ExtendDays, b.ExtendDays}, {"办结日期", a.ConcludedOn, b.ConcludedOn}, {"承办单位", a.Unit, b.Unit},
		{"诉求类别", a.Topic, b.Topic}, {"所涉地区", a.Region, b.Region}, {"所涉户", a.HouseholdNo, b.HouseholdNo},
		{"整改事项", a.LedgerItem, b.LedgerItem}} {
		if fmt.Sprint(c.before) != fmt.Sprint(c.after) {
			out = append(out, fmt.Sprintf("%s %v → %v", c.label, dash(fmt.Sprint(c.before)), dash(fmt.Sprint(c.after))))
		}
	}
	for _, c := range []struct{ label, before, after string }{{"事项摘要", a.Title, b.Title}, {"核实情况", a.VerifyNote, b.VerifyNote},
		{"办结意见", a.Conclusion, b.Conclusion}, {"诉求内容", a.Content, b.Content}} {
		if c.before != c.after {
			out = append(out, "修改"+c.label)
		}
	}
	if len(out) == 0 {
		return "无变化"
	}
	return strings.Join(out, "；")
}

// Petition returns a petition by its id, with its version.
func (r *Recognition) Petition(ctx context.Context, id string) (*recognition.Petition, int, error) {
	return r.petition(ctx, r.db.SQL, id)
}

func (r *Recognition) petition(ctx context.Context, q querier, id string) (*recognition.Petition, int, error) {
	county, ok := countyOfID(id)
	if !ok {
		return nil, 0, errs.E(errs.NotFound, "信访事项不存在")
	}
	var p recognition.Petition
	var version int
	err := scanPetition(q.QueryRowContext(ctx, r.db.Rebind(`SELECT `+petitionCols+` FROM petitions WHERE county_code = ? AND petition_id = ?`),
		string(county), id), &p, &version)
	if err == sql.ErrNoRows {
		return nil, 0, errs.E(errs.NotFound, "信访事项不存在")
	}
	return &p, version, internal(err, "recognition.petition")
}

// PetitionFilter selects petitions.
type PetitionFilter struct {
	Scope       region.Code
	HouseholdNo string
	Open        bool // not concluded
	Since       registry.Date
	Limit       int
	Offset      int
}

// Petitions lists the petitions of the filter, the open ones first and the oldest first among
// them, and how many match.
func (r *Recognition) Petitions(ctx context.Context, f PetitionFilter) ([]recognition.Petition, int, error) {
	where, args := recScope("region_code", f.Scope)
	if f.HouseholdNo != "" {
		where += " AND household_no = ?"
		args = append(args, f.HouseholdNo)
	}
	if f.Open {
		where += " AND concluded_on IS NULL"
	}
	if !f.Since.IsZero() {
		where += " AND received_on >= ?"
		args = append(args, f.Since)
	}
	var total int
	if err := r.db.SQL.QueryRowContext(ctx, r.db.Rebind(`SELECT COUNT(*) FROM petitions WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, internal(err, "recognition.petitions")
	}
	q := `SELECT ` + petitionCols + ` FROM petitions WHERE ` + where + `
		ORDER BY CASE WHEN concluded_on IS NULL THEN 0 ELSE 1 END, received_on, petition_id`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(q), args...)
	if err != nil {
		return nil, 0, internal(err, "recognition.petitions")
	}
	defer rows.Close()
	var out []recognition.Petition
	for rows.Next() {
		var p recognition.Petition
		var v int
		if err := scanPetition(rows, &p, &v); err != nil {
			return nil, 0, internal(err, "recognition.petitions")
		}
		out = append(out, p)
	}
	return out, total, internal(rows.Err(), "recognition.petitions")
}

// ImportPetitions stores the petitions of a list read by recognition.PetitionTable for the
// scope (a county or below): all of them in one transaction, or none when a row's place or
// household cannot be found in the scope (the problems name the rows). A petition whose
// number (信访件编号) is stored already is updated. It audits the import.
func (r *Recognition) ImportPetitions(ctx context.Context, scope region.Code, tree *region.Tree, file string,
	rows []tableimport.Row[recognition.PetitionRow]) (RecognitionImport, []tableimport.Problem, error) {
	res := RecognitionImport{File: file, Rows: len(rows)}
	if scope.Level() < region.County {
		return res, nil, errs.E(errs.Invalid, "请选择一个县（或其下的乡镇、村）导入信访事项登记表")
	}
	county := scope.County()
	places, err := r.villagesOf(ctx, county)
	if err != nil {
		return res, nil, err
	}
	today := r.Today()
	var problems []tableimport.Problem
	for _, row := range rows {
		p := row.Rec
		bad := func(value, reason string) {
			problems = append(problems, tableimport.Problem{Row: row.Num, Value: value, Reason: reason})
		}
		switch {
		case p.HouseholdNo != "":
			v, ok := places[p.HouseholdNo]
			if !ok {
				bad(p.HouseholdNo, "户编号不在本县农户库中")
				continue
			}
			p.Region = v
		case p.Code != "":
			p.Region = region.Code(p.Code)
		default:
			names := p.Names()
			if c, err := tree.Get(county); err == nil {
				names.County = c.Name
			}
			code, err := tree.Resolve(names)
			if err != nil {
				bad(p.Township+p.Village, errs.Message(err))
				continue
			}
			p.Region = code
		}
		if !scope.Contains(p.Region) {
			bad(string(p.Region), "所涉地区不在您的管辖范围内")
			continue
		}
		p.County = county
		if err := p.Validate(today); err != nil {
			bad("", errs.Message(err))
		}
	}
	if len(problems) > 0 {
		return res, problems, nil
	}
	user := audit.ActorFrom(ctx).Username
	now := r.db.Now()
	err = r.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, row := range rows {
			p := &row.Rec.Petition
			p.Source, p.CreatedBy, p.Created, p.Updated = "导入："+file, user, now, now
			var id, ledgerItem string
			err := sql.ErrNoRows
			if p.Ref != "" {
				err = tx.QueryRowContext(ctx, r.db.Rebind(`SELECT petition_id, ledger_item FROM petitions WHERE county_code = ? AND ref = ?`),
					string(county), p.Ref).Scan(&id, &ledgerItem)
			}
			switch {
			case err == sql.ErrNoRows:
				p.ID = NewFindingID(county)
				if _, err := r.db.Exec(ctx, tx, `INSERT INTO petitions (`+petitionCols+`) VALUES (`+placeholders(26)+`)`, petitionArgs(p, 1)...); err != nil {
					return internal(err, "recognition.importPetitions")
				}
				res.Added++
			case err != nil:
				return internal(err, "recognition.importPetitions")
			default:
				p.ID, p.LedgerItem = id, ledgerItem
				args := petitionArgs(p, 0)
				if _, err := r.db.Exec(ctx, tx, `UPDATE petitions SET region_code = ?, kind = ?, ref = ?, title = ?, content = ?,
					topic = ?, petitioner = ?, phone = ?, household_no = ?, unit = ?, received_on = ?, accepted_on = ?, verified_on = ?,
					verified_by = ?, verify_note = ?, extend_days = ?, concluded_on = ?, conclusion = ?, ledger_item = ?, updated_at = ?,
					version = version + 1 WHERE county_code = ? AND petition_id = ?`,
					append(append(args[2:21:21], args[24]), string(county), id)...); err != nil {
					return internal(err, "recognition.importPetitions")
				}
				res.Updated++
			}
		}
		return r.log.AppendTx(ctx, tx, audit.Entry{Action: audit.Import, ObjectType: "petitions", ObjectID: file, Region: scope,
			Detail: fmt.Sprintf("导入信访事项登记表「%s」：%d 行，新增 %d 件，更新 %d 件", file, len(rows), res.Added, res.Updated)})
	})
	return res, nil, err
}

// Facts returns what the domain knows about the households of county in scope (or the
// households nos only, when nos is not nil): each one's latest survey and its petitions, by
// 户编号. Households with neither are left out; every household is told whether the county
// keeps surveys (Facts.Surveys) when it keeps any since the day.
func (r *Recognition) Facts(ctx context.Context, county, scope region.Code, nos []string, since registry.Date) (map[string]*recognition.Facts, error) {
	kept, err := r.HasSurveys(ctx, county, since)
	if err != nil {
		return nil, err
	}
	out := map[string]*recognition.Facts{}
	get := func(no string) *recognition.Facts {
		f := out[no]
		if f == nil {
			f = &recognition.Facts{Surveys: kept}
			out[no] = f
		}
		return f
	}
	if scope.Level() < region.County {
		scope = county
	}
	where, args := recScope("village_code", scope)
	if nos != nil {
		if len(nos) == 0 {
			return out, nil
		}
		where += " AND household_no IN (" + placeholders(len(nos)) + ")"
		for _, no := range nos {
			args = append(args, no)
		}
	}
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT `+surveyCols+` FROM surveys WHERE `+where+`
		ORDER BY household_no, surveyed_on, created_at`), args...)
	if err != nil {
		return nil, internal(err, "recognition.facts")
	}
	for rows.Next() {
		var s recognition.Survey
		if err := scanSurvey(rows, &s); err != nil {
			rows.Close()
			return nil, internal(err, "recognition.facts")
		}
		get(s.HouseholdNo).Last = &s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err, "recognition.facts")
	}
	pwhere := strings.Replace(where, "village_code", "region_code", -1)
	rows, err = r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT household_no, petition_id, kind, title, received_on FROM petitions
		WHERE `+pwhere+` AND household_no <> '' ORDER BY household_no, received_on`), args...)
	if err != nil {
		return nil, internal(err, "recognition.facts")
	}
	defer rows.Close()
	for rows.Next() {
		var no string
		var p recognition.PetitionFact
		if err := rows.Scan(&no, &p.ID, &p.Kind, &p.Title, &p.ReceivedOn); err != nil {
			return nil, internal(err, "recognition.facts")
		}
		f := get(no)
		f.Petitions = append(f.Petitions, p)
	}
	return out, internal(rows.Err(), "recognition.facts")
}

// VillageObjects calls fn for each village of county in scope with target households or
// answers, with its answers of the surveys taken on or after since, when the county keeps
// surveys (any since the day); a county that keeps none has none judged.
func (r *Recognition) VillageObjects(ctx context.Context, county, scope region.Code, since registry.Date, targetKinds []string,
	fn func(*recognition.VillageAnswers) error) error {
	kept, err := r.HasSurveys(ctx, county, since)
	if err != nil || !kept {
		return err
	}
	if scope.Level() < region.County {
		scope = county
	}
	answers, err := r.Answers(ctx, scope, since)
	if err != nil {
		return err
	}
	targets, err := r.targetsByVillage(ctx, scope, targetKinds)
	if err != nil {
		return err
	}
	var villages []region.Code
	for v := range targets {
		villages = append(villages, v)
	}
	for v := range answers {
		if _, ok := targets[v]; !ok {
			villages = append(villages, v)
		}
	}
	slices.Sort(villages)
	for _, v := range villages {
		if err := fn(&recognition.VillageAnswers{Village: v, Households: targets[v], Answers: answers[v]}); err != nil {
			return err
		}
	}
	return nil
}

// targetsByVillage counts the 脱贫户 and monitored households of each village of scope.
func (r *Recognition) targetsByVillage(ctx context.Context, scope region.Code, kinds []string) (map[region.Code]int, error) {
	where, args := householdScope(scope)
	cond := "h.category <> ''"
	if len(kinds) > 0 {
		cond = "(h.category <> '' OR h.kind IN (" + placeholders(len(kinds)) + "))"
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT h.village_code, COUNT(*) FROM households h WHERE `+where+` AND `+cond+`
		GROUP BY h.village_code`), args...)
	if err != nil {
		return nil, internal(err, "recognition.targets")
	}
	defer rows.Close()
	out := map[region.Code]int{}
	for rows.Next() {
		var v string
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			return nil, internal(err, "recognition.targets")
		}
		out[region.Code(v)] = n
	}
	return out, internal(rows.Err(), "recognition.targets")
}

// ComplaintObjects calls fn for each category of complaint raised in a village of county in
// scope in the surveys taken on or after since, with its mentions.
func (r *Recognition) ComplaintObjects(ctx context.Context, county, scope region.Code, since registry.Date, fn func(*recognition.Complaint) error) error {
	if scope.Level() < region.County {
		scope = county
	}
	answers, err := r.Answers(ctx, scope, since)
	if err != nil {
		return err
	}
	var villages []region.Code
	for v := range answers {
		villages = append(villages, v)
	}
	slices.Sort(villages)
	for _, v := range villages {
		by := map[string]*recognition.Complaint{}
		for _, a := range answers[v] {
			for _, c := range a.Complaints {
				o := by[c]
				if o == nil {
					o = &recognition.Complaint{Village: v, Category: c}
					by[c] = o
				}
				o.Mentions = append(o.Mentions, recognition.Mention{HouseholdNo: a.HouseholdNo, On: a.On})
			}
		}
		for _, c := range recognition.Categories {
			if o := by[c]; o != nil {
				if err := fn(o); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// PetitionObjects calls fn for each petition of county in scope.
func (r *Recognition) PetitionObjects(ctx context.Context, county, scope region.Code, fn func(*recognition.PetitionObject) error) error {
	if scope.Level() < region.County {
		scope = county
	}
	ps, _, err := r.Petitions(ctx, PetitionFilter{Scope: scope})
	if err != nil {
		return err
	}
	for i := range ps {
		if err := fn(&recognition.PetitionObject{Petition: ps[i]}); err != nil {
			return err
		}
	}
	return nil
}

// The scorecard's parts of indicator 10 (internal/score): each counts its rate village by
// village as a VillageCounter over the store of the refresh (DBCounter).

// Counter parts of indicator 10.
const (
	PartSatisfaction = "satisfaction"
	PartKnows        = "knows"
	PartPetitions    = "petitions"
)

// RecognitionCounter counts one part of indicator 10 per village: satisfaction (households
// satisfied of those whose latest survey in the window answered), knowing the cadres
// (households that know their helper and the work team, from the latest visit in the window
// where the county keeps visits, from the latest survey otherwise) or
// petitions handled in time (of the petitions due in the window). It counts in the database
// it is bound to (On, DBCounter), with each county's parameters of the current year.
type RecognitionCounter struct {
	Part   string
	Visits recognition.Visits // the visits domain; nil: RecognitionVisits of the database
	db     *DB
}

// On returns the counter counting in db.
func (c RecognitionCounter) On(db *DB) VillageCounter {
	c.db = db
	if c.Visits == nil {
		c.Visits = RecognitionVisits(db)
	}
	return c
}

// CountVillages counts the part in every village of scope.
func (c RecognitionCounter) CountVillages(ctx context.Context, scope region.Code) (map[region.Code][2]int, error) {
	if c.db == nil {
		return nil, errs.E(errs.Internal, "认可度计数未绑定数据库")
	}
	r := NewRecognition(c.db)
	counties, err := r.counties(ctx, scope)
	if err != nil {
		return nil, err
	}
	out := map[region.Code][2]int{}
	now := c.db.Now().In(ledger.China)
	today := registry.DateOf(now)
	params := NewParams(c.db)
	for _, county := range counties {
		ps, err := params.Resolve(ctx, county, now.Year())
		if err != nil {
			return nil, err
		}
		in := county
		if scope.Level() > region.County {
			in = scope
		}
		switch c.Part {
		case PartSatisfaction:
			err = r.countSatisfaction(ctx, in, ps, today, out)
		case PartKnows:
			err = r.countKnows(ctx, county, in, ps, today, c.Visits, out)
		case PartPetitions:
			err = r.countPetitions(ctx, in, ps, today, out)
		default:
			err = errs.E(errs.Internal, "未知的认可度计数「%s」", c.Part)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// counties returns the counties of scope with surveys or petitions.
func (r *Recognition) counties(ctx context.Context, scope region.Code) ([]region.Code, error) {
	where, args := recScope("region_code", scope)
	if scope.Level() > region.County {
		where, args = "county_code = ?", []any{string(scope.County())}
	}
	rows, err := r.db.SQL.QueryContext(ctx, r.db.Rebind(`SELECT DISTINCT county_code FROM surveys WHERE `+where+`
		UNION SELECT DISTINCT county_code FROM petitions WHERE `+where+` ORDER BY 1`), append(args, args...)...)
	if err != nil {
		return nil, internal(err, "recognition.counties")
	}
	defer rows.Close()
	var out []region.Code
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, internal(err, "recognition.counties")
		}
		out = append(out, region.Code(c))
	}
	return out, internal(rows.Err(), "recognition.counties")
}

func (r *Recognition) countSatisfaction(ctx context.Context, scope region.Code, ps *policy.Set, today registry.Date, out map[region.Code][2]int) error {
	answers, err := r.Answers(ctx, scope, recognition.Since(ps, today))
	if err != nil {
		return err
	}
	for v, as := range answers {
		t := recognition.TallyOf(recognition.Latest(as, recognition.Since(ps, today)), ps)
		if t.Satisfied.N > 0 {
			out[v] = [2]int{t.Satisfied.Yes, t.Satisfied.N}
		}
	}
	return nil
}

func (r *Recognition) countKnows(ctx context.Context, county, scope region.Code, ps *policy.Set, today registry.Date,
	visits recognition.Visits, out map[region.Code][2]int) error {
	since := monthsBefore(today, ps.Int(policy.KnowsWindowMonths))
	if visits != nil {
		byHousehold, kept, err := visits.Visits(ctx, county, scope, nil, since)
		if err != nil {
			return err
		}
		if kept {
			places, err := r.villagesOf(ctx, county)
			if err != nil {
				return err
			}
			counts := map[region.Code][2]int{}
			for no, vs := range byHousehold {
				v, ok := places[no]
				if !ok || !scope.Contains(v) {
					continue
				}
				// The latest visit that asked.
				for i := len(vs) - 1; i >= 0; i-- {
					if vs[i].KnowsCadre == registry.Unknown {
						continue
					}
					c := counts[v]
					c[1]++
					if vs[i].KnowsCadre == registry.Yes && vs[i].KnowsTeam != registry.No {
						c[0]++
					}
					counts[v] = c
					break
				}
			}
			for v, c := range counts {
				out[v] = c
			}
			return nil
		}
	}
	answers, err := r.Answers(ctx, scope, since)
	if err != nil {
		return err
	}
	for v, as := range answers {
		t := recognition.TallyOf(recognition.Latest(as, since), ps)
		if t.Knows.N > 0 {
			out[v] = [2]int{t.Knows.Yes, t.Knows.N}
		}
	}
	return nil
}

func (r *Recognition) countPetitions(ctx context.Context, scope region.Code, ps *policy.Set, today registry.Date, out map[region.Code][2]int) error {
	since := monthsBefore(today, ps.Int(policy.SurveyWindowMonths))
	list, _, err := r.Petitions(ctx, PetitionFilter{Scope: scope, Since: monthsBefore(since, 3)})
	if err != nil {
		return err
	}
	for i := range list {
		p := &list[i]
		if p.Region.Level() != region.Village || !p.Due(ps, today) {
			continue
		}
		// Counted in the window in which it fell due: concluded, or its deadline passed.
		due := p.ConcludedOn
		if due.IsZero() {
			due = p.DeadlinesOf(ps).Conclude
		}
		if due.Before(since) {
			continue
		}
		c := out[p.Region]
		c[1]++
		if p.InTime(ps) {
			c[0]++
		}
		out[p.Region] = c
	}
	return nil
}

// monthsBefore returns the day n months before d.
func monthsBefore(d registry.Date, n int) registry.Date { return recognition.AddMonths(d, -n) }

// isDuplicate reports whether err is a unique constraint's violation, on either engine.
func isDuplicate(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// dash writes a blank value as "—".
func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
