package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/archive"
	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// Archives stores the archive checklists (package archive) of households and villages. The
// lists of items in force come from the county's policy parameters; every change checks the
// item against them, and writes its audit row in the transaction that makes it. The caller
// has checked that the user may see the household or village.
type Archives struct {
	db  *DB
	log *AuditLog
}

// NewArchives returns the archive store of db.
func NewArchives(db *DB) *Archives { return &Archives{db: db, log: NewAuditLog(db)} }

// Lists returns the item lists in force in the county this year.
func (a *Archives) Lists(ctx context.Context, county region.Code) (archive.Lists, error) {
	p, err := NewParams(a.db).Resolve(ctx, county.County(), a.db.Now().In(ledger.China).Year())
	if err != nil {
		return archive.Lists{}, err
	}
	return archive.ListsFrom(p, true, true), nil
}

// Household returns the checklist of the household with the 户编号.
func (a *Archives) Household(ctx context.Context, no string) (*archive.Checklist, error) {
	cl := &archive.Checklist{Kind: archive.KindHousehold, Subject: no}
	var county, village, kind, category string
	var elim registry.Flag
	err := a.db.SQL.QueryRowContext(ctx, a.db.Rebind(`SELECT county_code, village_code, kind, category, risk_eliminated
		FROM households WHERE household_no = ?`), no).Scan(&county, &village, &kind, &category, &elim)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "户 %s 不存在", no)
	}
	if err != nil {
		return nil, internal(err, "archive.household")
	}
	cl.County, cl.Village, cl.Category = region.Code(county), region.Code(village), archive.CategoryOf(kind, category, elim)
	if cl.Entries, err = a.entries(ctx, cl.County, cl.Kind, no); err != nil {
		return nil, err
	}
	return cl, nil
}

// Village returns the village's own checklist.
func (a *Archives) Village(ctx context.Context, village region.Code) (*archive.Checklist, error) {
	if village.Level() != region.Village {
		return nil, errs.E(errs.NotFound, "「%s」不是村级代码", village)
	}
	cl := &archive.Checklist{Kind: archive.KindVillage, County: village.County(), Subject: string(village), Village: village}
	var err error
	if cl.Entries, err = a.entries(ctx, cl.County, cl.Kind, cl.Subject); err != nil {
		return nil, err
	}
	return cl, nil
}

const archiveEntryCols = `e.subject_id, e.item, e.held, e.location, e.file_id, COALESCE(f.name, ''), COALESCE(f.size, 0), e.note,
	e.updated_by, e.updated_at`

const archiveEntryFrom = `FROM archive_entries e LEFT JOIN archive_files f ON f.county_code = e.county_code AND f.id = e.file_id`

func scanArchiveEntry(sc scanner) (string, archive.Entry, error) {
	var subject, held, at string
	var e archive.Entry
	err := sc.Scan(&subject, &e.Item, &held, &e.Location, &e.FileID, &e.FileName, &e.FileSize, &e.Note, &e.By, &at)
	e.Held, e.At = archive.Held(held), parseTS(sql.NullString{String: at, Valid: true})
	return subject, e, err
}

func (a *Archives) entries(ctx context.Context, county region.Code, kind archive.Kind, subject string) (map[string]archive.Entry, error) {
	rows, err := a.db.SQL.QueryContext(ctx, a.db.Rebind(`SELECT `+archiveEntryCols+` `+archiveEntryFrom+`
		WHERE e.county_code = ? AND e.subject_kind = ? AND e.subject_id = ?`), string(county), string(kind), subject)
	if err != nil {
		return nil, internal(err, "archive.entries")
	}
	defer rows.Close()
	out := map[string]archive.Entry{}
	for rows.Next() {
		_, e, err := scanArchiveEntry(rows)
		if err != nil {
			return nil, internal(err, "archive.entries")
		}
		out[e.Item] = e
	}
	return out, internal(rows.Err(), "archive.entries")
}

// villageRange is the condition on a village code column that keeps a scope at county level or
// below.
func villageRange(col string, scope region.Code) (string, []any) {
	p := scope.Prefix()
	if len(p) < 6 {
		return "1=1", nil
	}
	return col + " >= ? AND " + col + " < ?", []any{p, prefixEnd(p)}
}

// Each calls fn with the checklists of one kind in county that lie in scope (the county, or a
// township or village in it): every household that owes an archive (monitored, or alleviated),
// by village and number, or every village that has households in the registry.
func (a *Archives) Each(ctx context.Context, county, scope region.Code, kind archive.Kind, fn func(*archive.Checklist) error) error {
	county = county.County()
	vw, vargs := villageRange("e.village_code", scope)
	rows, err := a.db.SQL.QueryContext(ctx, a.db.Rebind(`SELECT `+archiveEntryCols+` `+archiveEntryFrom+`
		WHERE e.county_code = ? AND e.subject_kind = ? AND `+vw), append([]any{string(county), string(kind)}, vargs...)...)
	if err != nil {
		return internal(err, "archive.each")
	}
	bySubject := map[string]map[string]archive.Entry{}
	for rows.Next() {
		subject, e, err := scanArchiveEntry(rows)
		if err != nil {
			rows.Close()
			return internal(err, "archive.each")
		}
		if bySubject[subject] == nil {
			bySubject[subject] = map[string]archive.Entry{}
		}
		bySubject[subject][e.Item] = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "archive.each")
	}
	hw, hargs := villageRange("h.village_code", scope)
	args := append([]any{string(county)}, hargs...)
	if kind == archive.KindVillage {
		// Collected first: fn may query the database, which a SQLite connection held by an
		// open result set would make wait.
		var villages []string
		rows, err := a.db.SQL.QueryContext(ctx, a.db.Rebind(`SELECT DISTINCT h.village_code FROM households h
			WHERE h.county_code = ? AND `+hw+` ORDER BY h.village_code`), args...)
		if err != nil {
			return internal(err, "archive.villages")
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return internal(err, "archive.villages")
			}
			villages = append(villages, v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal(err, "archive.villages")
		}
		for _, v := range villages {
			cl := &archive.Checklist{Kind: kind, County: county, Subject: v, Village: region.Code(v), Entries: bySubject[v]}
			if err := fn(cl); err != nil {
				return err
			}
		}
		return nil
	}
	rows, err = a.db.SQL.QueryContext(ctx, a.db.Rebind(`SELECT h.household_no, h.village_code, h.kind, h.category, h.risk_eliminated
		FROM households h WHERE h.county_code = ? AND `+hw+` AND (h.category <> '' OR h.kind = ?)
		ORDER BY h.village_code, h.household_no`), append(args, registry.KindAlleviated)...)
	if err != nil {
		return internal(err, "archive.households")
	}
	var list []*archive.Checklist
	for rows.Next() {
		var no, v, k, cat string
		var elim registry.Flag
		if err := rows.Scan(&no, &v, &k, &cat, &elim); err != nil {
			rows.Close()
			return internal(err, "archive.households")
		}
		c := archive.CategoryOf(k, cat, elim)
		if c == archive.None {
			continue
		}
		list = append(list, &archive.Checklist{Kind: kind, County: county, Subject: no, Village: region.Code(v), Category: c,
			Entries: bySubject[no]})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return internal(err, "archive.households")
	}
	for _, cl := range list {
		if err := fn(cl); err != nil {
			return err
		}
	}
	return nil
}

// Counties returns the counties of the scope that have households.
func (a *Archives) Counties(ctx context.Context, scope region.Code) ([]region.Code, error) {
	return countiesOf(ctx, a.db, scope)
}

// ArchiveTally is the completeness of the archives below one region: of its households' and
// of its villages' own.
type ArchiveTally struct {
	Households, Villages archive.Tally
}

// All returns the two tallies together.
func (t ArchiveTally) All() archive.Tally {
	all := t.Households
	all.Merge(t.Villages)
	return all
}

// Completeness tallies the archives of the scope by child region: the first childLen digits of
// the village code (9 for townships, 12 for villages), each county measured against its own
// lists.
func (a *Archives) Completeness(ctx context.Context, scope region.Code, childLen int) (map[string]*ArchiveTally, error) {
	counties, err := a.Counties(ctx, scope)
	if err != nil {
		return nil, err
	}
	out := map[string]*ArchiveTally{}
	at := func(v region.Code) *ArchiveTally {
		k := string(v)[:min(childLen, len(v))]
		if out[k] == nil {
			out[k] = &ArchiveTally{}
		}
		return out[k]
	}
	for _, c := range counties {
		l, err := a.Lists(ctx, c)
		if err != nil {
			return nil, err
		}
		if err := a.Each(ctx, c, scope, archive.KindHousehold, func(cl *archive.Checklist) error {
			at(cl.Village).Households.Add(cl.Status(l))
			return nil
		}); err != nil {
			return nil, err
		}
		if err := a.Each(ctx, c, scope, archive.KindVillage, func(cl *archive.Checklist) error {
			at(cl.Village).Villages.Add(cl.Status(l))
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// listed checks the item against the lists in force for the checklist.
func (a *Archives) listed(ctx context.Context, cl *archive.Checklist, item string) error {
	l, err := a.Lists(ctx, cl.County)
	if err != nil {
		return err
	}
	return cl.Listed(l, item)
}

// MarkPaper records a listed item of the checklist as held on paper at e.Location, replacing
// what was recorded for it (an attached file is deleted).
func (a *Archives) MarkPaper(ctx context.Context, cl *archive.Checklist, e archive.Entry) error {
	e.Held, e.FileID = archive.Paper, ""
	if err := e.Validate(); err != nil {
		return err
	}
	if err := a.listed(ctx, cl, e.Item); err != nil {
		return err
	}
	detail := fmt.Sprintf("%s：「%s」纸质存档（%s）", archiveSubject(cl), e.Item, e.Location)
	return a.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := a.dropFiles(ctx, tx, cl, e.Item); err != nil {
			return err
		}
		if err := a.put(ctx, tx, cl, e); err != nil {
			return err
		}
		return a.audit(ctx, tx, cl, detail)
	})
}

// Attach stores a file for a listed item of the checklist and records the item as attached,
// replacing what was recorded for it: at most MaxFileSize bytes, of a type in FileTypes (the
// declared type is not trusted: the caller passes the type the content sniffs as), as the
// ledger's evidence files.
func (a *Archives) Attach(ctx context.Context, cl *archive.Checklist, item, name, contentType string, data []byte, note string) (*archive.Entry, error) {
	name = strings.TrimSpace(name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		name = item
	}
	name = clip(name, 100)
	if len(data) == 0 {
		return nil, errs.E(errs.Invalid, "请选择要上传的文件")
	}
	if len(data) > MaxFileSize {
		return nil, errs.E(errs.Invalid, "文件不能超过 %d MB", MaxFileSize>>20)
	}
	if !FileTypes[contentType] {
		return nil, errs.E(errs.Invalid, "只能上传图片（JPG、PNG）、PDF 或 Office 文档")
	}
	e := archive.Entry{Item: item, Held: archive.File, Note: note, FileName: name, FileSize: len(data)}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if err := a.listed(ctx, cl, item); err != nil {
		return nil, err
	}
	e.FileID = newItemID(cl.County)
	detail := fmt.Sprintf("%s：「%s」上传电子件「%s」（%d KB）", archiveSubject(cl), item, name, (len(data)+1023)/1024)
	err := a.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := a.dropFiles(ctx, tx, cl, item); err != nil {
			return err
		}
		if _, err := a.db.Exec(ctx, tx, `INSERT INTO archive_files (county_code, id, subject_kind, subject_id, item, name, content_type,
			size, data, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(cl.County), e.FileID, string(cl.Kind),
			cl.Subject, item, name, contentType, len(data), data, audit.ActorFrom(ctx).Username, tsArg(a.now())); err != nil {
			return internal(err, "archive.file")
		}
		if err := a.put(ctx, tx, cl, e); err != nil {
			return err
		}
		return a.audit(ctx, tx, cl, detail)
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// Clear records a listed item of the checklist as missing again (a paper that was not there
// after all, a wrong file), deleting its file.
func (a *Archives) Clear(ctx context.Context, cl *archive.Checklist, item string) error {
	if err := a.listed(ctx, cl, item); err != nil {
		return err
	}
	return a.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := a.dropFiles(ctx, tx, cl, item); err != nil {
			return err
		}
		res, err := a.db.Exec(ctx, tx, `DELETE FROM archive_entries WHERE county_code = ? AND subject_kind = ? AND subject_id = ? AND item = ?`,
			string(cl.County), string(cl.Kind), cl.Subject, item)
		if err != nil {
			return internal(err, "archive.clear")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.Conflict, "「%s」本来就登记为缺失", item)
		}
		return a.audit(ctx, tx, cl, fmt.Sprintf("%s：「%s」改为缺失", archiveSubject(cl), item))
	})
}

func (a *Archives) now() time.Time { return a.db.Now().UTC().Truncate(time.Second) }

func (a *Archives) put(ctx context.Context, tx *sql.Tx, cl *archive.Checklist, e archive.Entry) error {
	_, err := a.db.Exec(ctx, tx, `INSERT INTO archive_entries (county_code, subject_kind, subject_id, item, village_code, held, location,
		file_id, note, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (county_code, subject_kind, subject_id, item) DO UPDATE SET village_code = excluded.village_code, held = excluded.held,
		location = excluded.location, file_id = excluded.file_id, note = excluded.note, updated_by = excluded.updated_by,
		updated_at = excluded.updated_at`, string(cl.County), string(cl.Kind), cl.Subject, e.Item, string(cl.Village), string(e.Held),
		e.Location, e.FileID, e.Note, audit.ActorFrom(ctx).Username, tsArg(a.now()))
	return internal(err, "archive.put")
}

func (a *Archives) dropFiles(ctx context.Context, tx *sql.Tx, cl *archive.Checklist, item string) error {
	_, err := a.db.Exec(ctx, tx, `DELETE FROM archive_files WHERE county_code = ? AND subject_kind = ? AND subject_id = ? AND item = ?`,
		string(cl.County), string(cl.Kind), cl.Subject, item)
	return internal(err, "archive.files")
}

func (a *Archives) audit(ctx context.Context, tx *sql.Tx, cl *archive.Checklist, detail string) error {
	return a.log.AppendTx(ctx, tx, audit.Entry{Action: audit.ArchiveUpdate, ObjectType: string(cl.Kind), ObjectID: cl.Subject,
		Region: cl.Village, Detail: detail})
}

func archiveSubject(cl *archive.Checklist) string {
	if cl.Kind == archive.KindVillage {
		return "村级档案"
	}
	return "户 " + cl.Subject + " 档案"
}

// FileData returns the attached file of a checklist's item and its content.
func (a *Archives) FileData(ctx context.Context, cl *archive.Checklist, item string) (name, contentType string, data []byte, err error) {
	e, ok := cl.Entries[item]
	if !ok || e.Held != archive.File {
		return "", "", nil, errs.E(errs.NotFound, "「%s」没有上传电子件", item)
	}
	err = a.db.SQL.QueryRowContext(ctx, a.db.Rebind(`SELECT name, content_type, data FROM archive_files
		WHERE county_code = ? AND id = ? AND subject_kind = ? AND subject_id = ?`), string(cl.County), e.FileID, string(cl.Kind), cl.Subject).
		Scan(&name, &contentType, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil, errs.E(errs.NotFound, "「%s」的电子件不存在", item)
	}
	if err != nil {
		return "", "", nil, internal(err, "archive.file")
	}
	return name, contentType, data, nil
}

// Record writes the paper entries of many checklists of one county in one transaction, with
// one audit row: the bulk registration of archives already kept on paper (and the demo's).
// Every entry must be a listed item of its checklist held on paper at a stated place; an
// entry replaces what was recorded for its item.
func (a *Archives) Record(ctx context.Context, county region.Code, lists []*archive.Checklist) (int, error) {
	l, err := a.Lists(ctx, county)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, cl := range lists {
		if cl.County != county.County() {
			return 0, errs.E(errs.Invalid, "%s不属于本县", archiveSubject(cl))
		}
		for item, e := range cl.Entries {
			e.Item, e.Held, e.FileID = item, archive.Paper, ""
			if err := e.Validate(); err != nil {
				return 0, err
			}
			if err := cl.Listed(l, item); err != nil {
				return 0, err
			}
			cl.Entries[item] = e
			n++
		}
	}
	if n == 0 {
		return 0, nil
	}
	return n, a.db.Tx(ctx, func(tx *sql.Tx) error {
		// A register mostly records items of archives that hold no file: the files' delete is
		// skipped unless the county holds some, which keeps a county's register one statement
		// a row.
		var files int
		if err := tx.QueryRowContext(ctx, a.db.Rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM archive_files WHERE county_code = ? LIMIT 1) x`),
			string(county.County())).Scan(&files); err != nil {
			return internal(err, "archive.record")
		}
		for _, cl := range lists {
			for _, e := range cl.Entries {
				if files == 0 {
					if err := a.put(ctx, tx, cl, e); err != nil {
						return err
					}
					continue
				}
				if err := a.dropFiles(ctx, tx, cl, e.Item); err != nil {
					return err
				}
				if err := a.put(ctx, tx, cl, e); err != nil {
					return err
				}
			}
		}
		return a.log.AppendTx(ctx, tx, audit.Entry{Action: audit.ArchiveUpdate, ObjectType: "archive", ObjectID: string(county.County()),
			Region: county.County(), Detail: fmt.Sprintf("批量登记纸质档案资料 %d 项（%d 份档案）", n, len(lists))})
	})
}

// Started reports whether the county has recorded any archive item: until it has, its
// archives are not collected in gonggu, which is unknown rather than empty.
func (a *Archives) Started(ctx context.Context, county region.Code) (bool, error) {
	var n int
	err := a.db.SQL.QueryRowContext(ctx, a.db.Rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM archive_entries WHERE county_code = ? LIMIT 1) x`),
		string(county.County())).Scan(&n)
	return n > 0, internal(err, "archive.started")
}

// Import records a county's archive register, all rows or none: each row names a household
// or a village of the scope (within one county) and a listed item it holds on paper. The
// problems are those of rows that name nothing known, a place outside the scope or another
// county, or an unlisted item; with any, nothing is written.
func (a *Archives) Import(ctx context.Context, scope region.Code, rows []tableimport.Row[archive.RegisterRow]) (int, []tableimport.Problem, error) {
	if scope.Level() < region.County {
		return 0, nil, errs.E(errs.Invalid, "请选择一个县（或其下的乡镇、村）导入档案资料登记表")
	}
	county := scope.County()
	l, err := a.Lists(ctx, county)
	if err != nil {
		return 0, nil, err
	}
	batch := map[string]*archive.Checklist{}
	var order []*archive.Checklist
	var problems []tableimport.Problem
	for _, r := range rows {
		key := "h" + r.Rec.HouseholdNo
		if r.Rec.HouseholdNo == "" {
			key = "v" + string(r.Rec.Village)
		}
		cl := batch[key]
		if cl == nil {
			var stored *archive.Checklist
			if r.Rec.HouseholdNo != "" {
				stored, err = a.Household(ctx, r.Rec.HouseholdNo)
			} else {
				stored, err = a.Village(ctx, r.Rec.Village)
			}
			switch {
			case errs.Is(err, errs.NotFound):
				problems = append(problems, tableimport.Problem{Row: r.Num, Reason: errs.Message(err)})
				continue
			case err != nil:
				return 0, nil, err
			case !scope.Contains(stored.Village):
				problems = append(problems, tableimport.Problem{Row: r.Num, Reason: "不在本次导入的地区内（" + string(scope) + "），不能在这里导入"})
				continue
			}
			// Only the rows' items are written: what the checklist already holds stays.
			cl = &archive.Checklist{Kind: stored.Kind, County: stored.County, Subject: stored.Subject, Village: stored.Village,
				Category: stored.Category, Entries: map[string]archive.Entry{}}
			batch[key] = cl
			order = append(order, cl)
		}
		if err := cl.Listed(l, r.Rec.Item); err != nil {
			problems = append(problems, tableimport.Problem{Row: r.Num, Value: r.Rec.Item, Reason: errs.Message(err)})
			continue
		}
		cl.Entries[r.Rec.Item] = archive.Entry{Item: r.Rec.Item, Held: archive.Paper, Location: r.Rec.Location, Note: r.Rec.Note}
	}
	if len(problems) > 0 {
		return 0, problems, nil
	}
	n, err := a.Record(ctx, county, order)
	return n, nil, err
}
