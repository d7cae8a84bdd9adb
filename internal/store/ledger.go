package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/region"
)

// Ledger stores the rectification ledger. Every method that changes an item checks the
// context's user against the workflow's rules (package ledger), inside the transaction that
// writes the change, its history row and its audit row.
type Ledger struct {
	db  *DB
	log *AuditLog
}

// NewLedger returns the ledger store of db.
func NewLedger(db *DB) *Ledger { return &Ledger{db: db, log: NewAuditLog(db)} }

// MaxFileSize is the largest evidence file accepted.
const MaxFileSize = 10 << 20

// FileTypes are the content types of evidence files accepted, by what the content sniffs as.
var FileTypes = map[string]bool{
	"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true, "application/pdf": true,
	"application/zip": true, // docx, xlsx
}

var itemCols = "county_code, id, region_code, source, indicator, rule_id, description, unit, person, deadline, measures, progress, " +
	"status, parent_id, batch_id, created_by, created_at, updated_at, fixed_by, fixed_at, closed_by, closed_at"

func newItemID(county region.Code) string {
	var b [10]byte
	rand.Read(b[:])
	return county.Prefix() + "-" + idEncoding.EncodeToString(b[:])
}

func scanItem(sc scanner, it *ledger.Item) error {
	var county, reg, src, st string
	var created, updated string
	var fixed, closed sql.NullString
	if err := sc.Scan(&county, &it.ID, &reg, &src, &it.Indicator, &it.RuleID, &it.Description, &it.Unit, &it.Person,
		&it.Deadline, &it.Measures, &it.Progress, &st, &it.ParentID, &it.BatchID, &it.CreatedBy, &created, &updated,
		&it.FixedBy, &fixed, &it.ClosedBy, &closed); err != nil {
		return err
	}
	it.County, it.Region, it.Source, it.Status = region.Code(county), region.Code(reg), ledger.Source(src), ledger.Status(st)
	it.CreatedAt, it.UpdatedAt = parseTS(sql.NullString{String: created, Valid: true}), parseTS(sql.NullString{String: updated, Valid: true})
	it.FixedAt, it.ClosedAt = parseTS(fixed), parseTS(closed)
	return nil
}

func actor(ctx context.Context) *auth.User { return auth.UserFrom(ctx) }

// Create puts items on the ledger in one transaction, after checking that the context's user
// may create each of them: all are written, or none. The items get their ids, county, status
// (待整改 unless set to 整改中), creator and times.
func (l *Ledger) Create(ctx context.Context, items []*ledger.Item) error {
	u := actor(ctx)
	now := l.db.Now().UTC().Truncate(time.Second)
	batch := ""
	if len(items) > 0 {
		batch = newItemID(items[0].Region.County())
	}
	for i, it := range items {
		it.Clean()
		if err := ledger.CanCreate(u, it.Region); err != nil {
			return err
		}
		if err := it.Validate(); err != nil {
			if len(items) > 1 {
				return errs.E(errs.Invalid, "第 %d 项：%s", i+1, errs.Message(err))
			}
			return err
		}
		if it.Status != ledger.Doing {
			it.Status = ledger.Pending
		}
		it.County, it.ID, it.BatchID = it.Region.County(), newItemID(it.Region.County()), batch
		it.CreatedBy, it.CreatedAt, it.UpdatedAt = u.Username, now, now
	}
	return l.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, it := range items {
			if _, err := l.db.Exec(ctx, tx, `INSERT INTO ledger_items (`+itemCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				string(it.County), it.ID, string(it.Region), string(it.Source), it.Indicator, it.RuleID, it.Description, it.Unit,
				it.Person, it.Deadline, it.Measures, it.Progress, string(it.Status), it.ParentID, it.BatchID, it.CreatedBy,
				tsArg(now), tsArg(now), "", nil, "", nil); err != nil {
				return internal(err, "ledger.create")
			}
			for _, f := range it.FindingIDs {
				if _, err := l.db.Exec(ctx, tx, `INSERT INTO ledger_findings (county_code, item_id, finding_id) VALUES (?, ?, ?)`,
					string(it.County), it.ID, f); err != nil {
					return internal(err, "ledger.create")
				}
			}
			note := fmt.Sprintf("%s：%s", it.Source.Label(), clip(it.Description, 60))
			if it.ParentID != "" {
				note = "举一反三自 " + it.ParentID + "；" + note
			}
			if err := l.record(ctx, tx, it, "create", "", it.Status, note); err != nil {
				return err
			}
			if err := l.log.AppendTx(ctx, tx, audit.Entry{Action: audit.LedgerCreate, ObjectType: "ledger", ObjectID: it.ID,
				Region: it.Region, Detail: "新增整改事项（" + note + "）"}); err != nil {
				return err
			}
		}
		return nil
	})
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// record writes a history row.
func (l *Ledger) record(ctx context.Context, tx *sql.Tx, it *ledger.Item, action string, from, to ledger.Status, note string) error {
	now := l.db.Now()
	// seq orders the steps: several may share one second.
	_, err := l.db.Exec(ctx, tx, `INSERT INTO ledger_history (id, county_code, item_id, seq, at, username, action, from_status, to_status, note)
		VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ledger_history WHERE county_code = ? AND item_id = ?), ?, ?, ?, ?, ?, ?)`,
		audit.NewID(now), string(it.County), it.ID, string(it.County), it.ID, tsArg(now),
		audit.ActorFrom(ctx).Username, action, string(from), string(to), note)
	return internal(err, "ledger.history")
}

// Get returns an item with its findings and how many of them are still active, after checking
// that the context's user may see it.
func (l *Ledger) Get(ctx context.Context, id string) (*ledger.Item, error) {
	it, err := l.get(ctx, l.db.SQL, id)
	if err != nil {
		return nil, err
	}
	if err := ledger.CanView(actor(ctx), it.Region); err != nil {
		return nil, err
	}
	return it, nil
}

func (l *Ledger) get(ctx context.Context, q querier, id string) (*ledger.Item, error) {
	county, ok := countyOfID(id)
	if !ok {
		return nil, errs.E(errs.NotFound, "整改事项 %s 不存在", id)
	}
	it := &ledger.Item{}
	err := scanItem(q.QueryRowContext(ctx, l.db.Rebind(`SELECT `+itemCols+` FROM ledger_items WHERE county_code = ? AND id = ?`), string(county), id), it)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "整改事项 %s 不存在", id)
	}
	if err != nil {
		return nil, internal(err, "ledger.get")
	}
	rows, err := q.QueryContext(ctx, l.db.Rebind(`SELECT lf.finding_id, COALESCE(f.status, 'closed') FROM ledger_findings lf
		LEFT JOIN findings f ON f.county_code = lf.county_code AND f.id = lf.finding_id
		WHERE lf.county_code = ? AND lf.item_id = ? ORDER BY lf.finding_id`), string(county), id)
	if err != nil {
		return nil, internal(err, "ledger.get")
	}
	defer rows.Close()
	for rows.Next() {
		var fid, st string
		if err := rows.Scan(&fid, &st); err != nil {
			return nil, internal(err, "ledger.get")
		}
		it.FindingIDs = append(it.FindingIDs, fid)
		if st != string(StatusClosed) {
			it.OpenFindings++
		}
	}
	return it, internal(rows.Err(), "ledger.get")
}

// Change is an edit of an item's text fields. Nil fields stay as they are; the responsible
// unit, person and deadline are an assignment and need the right to create items.
type Change struct {
	Unit, Person, Deadline *string
	Measures, Progress     *string
}

// Update applies an edit to an item.
func (l *Ledger) Update(ctx context.Context, id string, ch Change) (*ledger.Item, error) {
	u := actor(ctx)
	var out *ledger.Item
	err := l.db.Tx(ctx, func(tx *sql.Tx) error {
		it, err := l.get(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := ledger.CanUpdate(u, it); err != nil {
			return err
		}
		before := *it
		var changed []string
		set := func(name string, dst *string, v *string) {
			if v != nil && strings.TrimSpace(*v) != *dst {
				*dst = strings.TrimSpace(*v)
				changed = append(changed, name)
			}
		}
		if ch.Deadline != nil {
			// The same date written another way (2026/12/31) is no change.
			if d, err := ledger.ParseDate(*ch.Deadline); err == nil {
				ch.Deadline = &d
			}
		}
		set("责任单位", &it.Unit, ch.Unit)
		set("责任人", &it.Person, ch.Person)
		set("整改时限", &it.Deadline, ch.Deadline)
		if it.Unit != before.Unit || it.Person != before.Person || it.Deadline != before.Deadline {
			if err := ledger.CanCreate(u, it.Region); err != nil {
				return errs.E(errs.Forbidden, "您不能变更责任单位、责任人或整改时限")
			}
		}
		set("整改措施", &it.Measures, ch.Measures)
		set("整改进展", &it.Progress, ch.Progress)
		it.Clean()
		if len(changed) == 0 {
			out = it
			return nil
		}
		if err := it.Validate(); err != nil {
			return err
		}
		it.UpdatedAt = l.db.Now().UTC().Truncate(time.Second)
		if _, err := l.db.Exec(ctx, tx, `UPDATE ledger_items SET unit = ?, person = ?, deadline = ?, measures = ?, progress = ?, updated_at = ?
			WHERE county_code = ? AND id = ?`, it.Unit, it.Person, it.Deadline, it.Measures, it.Progress, tsArg(it.UpdatedAt),
			string(it.County), it.ID); err != nil {
			return internal(err, "ledger.update")
		}
		note := "修改" + strings.Join(changed, "、")
		// The progress text gets a step of its own, in full: the exported 整改进展 lists them.
		progress := it.Progress != before.Progress
		if others := len(changed) - boolInt(progress); others > 0 {
			if err := l.record(ctx, tx, it, "update", it.Status, it.Status, note); err != nil {
				return err
			}
		}
		if progress {
			if err := l.record(ctx, tx, it, "progress", it.Status, it.Status, it.Progress); err != nil {
				return err
			}
			note += "：" + clip(it.Progress, 100)
		}
		out = it
		return l.log.AppendTx(ctx, tx, audit.Entry{Action: audit.LedgerUpdate, ObjectType: "ledger", ObjectID: it.ID, Region: it.Region, Detail: note})
	})
	return out, err
}

// Move moves an item to a status, after the workflow's checks (package ledger): who may, and
// for closing, that its findings are all closed or that the verifier is not the worker.
func (l *Ledger) Move(ctx context.Context, id string, to ledger.Status, note string) (*ledger.Item, error) {
	u := actor(ctx)
	note = strings.TrimSpace(note)
	var out *ledger.Item
	err := l.db.Tx(ctx, func(tx *sql.Tx) error {
		it, err := l.get(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := ledger.CheckTransition(u, it, to); err != nil {
			return err
		}
		if to == ledger.Fixed && note == "" && it.Progress == "" {
			return errs.E(errs.Invalid, "请填写整改情况")
		}
		from := it.Status
		now := l.db.Now().UTC().Truncate(time.Second)
		it.Status, it.UpdatedAt = to, now
		switch to {
		case ledger.Fixed:
			it.FixedBy, it.FixedAt = u.Username, now
			if note != "" {
				it.Progress = note
			}
		case ledger.Closed:
			it.ClosedBy, it.ClosedAt = u.Username, now
		case ledger.Doing:
			if from == ledger.Fixed {
				it.FixedBy, it.FixedAt = "", time.Time{}
			}
		}
		if _, err := l.db.Exec(ctx, tx, `UPDATE ledger_items SET status = ?, progress = ?, fixed_by = ?, fixed_at = ?, closed_by = ?, closed_at = ?, updated_at = ?
			WHERE county_code = ? AND id = ? AND status = ?`, string(it.Status), it.Progress, it.FixedBy, tsArg(it.FixedAt),
			it.ClosedBy, tsArg(it.ClosedAt), tsArg(now), string(it.County), it.ID, string(from)); err != nil {
			return internal(err, "ledger.move")
		}
		if err := l.record(ctx, tx, it, "status", from, to, note); err != nil {
			return err
		}
		out = it
		detail := fmt.Sprintf("整改状态 %s → %s", from.Label(), to.Label())
		if note != "" {
			detail += "：" + clip(note, 100)
		}
		return l.log.AppendTx(ctx, tx, audit.Entry{Action: audit.LedgerStatus, ObjectType: "ledger", ObjectID: it.ID, Region: it.Region, Detail: detail})
	})
	return out, err
}

// Event is one row of an item's history.
type Event struct {
	At       time.Time
	Username string
	Action   string // create, update, progress (the progress text, in full), status, file
	From, To ledger.Status
	Note     string
}

// History returns the steps of an item, oldest first. The caller has checked the scope (Get).
func (l *Ledger) History(ctx context.Context, it *ledger.Item) ([]Event, error) {
	rows, err := l.db.SQL.QueryContext(ctx, l.db.Rebind(`SELECT at, username, action, from_status, to_status, note FROM ledger_history
		WHERE county_code = ? AND item_id = ? ORDER BY seq`), string(it.County), it.ID)
	if err != nil {
		return nil, internal(err, "ledger.history")
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at, from, to string
		if err := rows.Scan(&at, &e.Username, &e.Action, &from, &to, &e.Note); err != nil {
			return nil, internal(err, "ledger.history")
		}
		e.At, e.From, e.To = parseTS(sql.NullString{String: at, Valid: true}), ledger.Status(from), ledger.Status(to)
		out = append(out, e)
	}
	return out, internal(rows.Err(), "ledger.history")
}

// Filter selects items. Zero fields select everything in the scope.
type Filter struct {
	Scope   region.Code // required: the user's allowed scope
	Status  ledger.Status
	Open    bool   // not closed (ignored when Status is set)
	Person  string // responsible person or unit contains
	Source  ledger.Source
	Rule    string
	Parent  string
	Batch   string    // items created together (Create's BatchID)
	Overdue time.Time // when set: overdue on that day
	Limit   int
	Offset  int
}

func (f Filter) where() (string, []any) {
	conds, args := scopeWhere(f.Scope)
	conds = append([]string{"1=1"}, conds...)
	switch {
	case f.Status != "":
		conds = append(conds, "status = ?")
		args = append(args, string(f.Status))
	case f.Open:
		conds = append(conds, "status <> 'closed'")
	}
	if f.Person != "" {
		conds = append(conds, "(person LIKE ? OR unit LIKE ?)")
		like := "%" + strings.NewReplacer("%", "", "_", "").Replace(f.Person) + "%"
		args = append(args, like, like)
	}
	if f.Source != "" {
		conds = append(conds, "source = ?")
		args = append(args, string(f.Source))
	}
	if f.Rule != "" {
		conds = append(conds, "rule_id = ?")
		args = append(args, f.Rule)
	}
	if f.Parent != "" {
		conds = append(conds, "parent_id = ?")
		args = append(args, f.Parent)
	}
	if f.Batch != "" {
		conds = append(conds, "batch_id = ?")
		args = append(args, f.Batch)
	}
	if !f.Overdue.IsZero() {
		conds = append(conds, "status IN ('pending', 'doing') AND deadline < ?")
		args = append(args, f.Overdue.In(ledger.China).Format(ledger.DateLayout))
	}
	return strings.Join(conds, " AND "), args
}

// Count returns how many items the filter selects.
func (l *Ledger) Count(ctx context.Context, f Filter) (int, error) {
	where, args := f.where()
	var n int
	err := l.db.SQL.QueryRowContext(ctx, l.db.Rebind("SELECT COUNT(*) FROM ledger_items WHERE "+where), args...).Scan(&n)
	return n, internal(err, "ledger.count")
}

// List returns a page of the items the filter selects, by deadline, and how many there are.
func (l *Ledger) List(ctx context.Context, f Filter) ([]ledger.Item, int, error) {
	total, err := l.Count(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var out []ledger.Item
	err = l.Each(ctx, f, func(it *ledger.Item) error { out = append(out, *it); return nil })
	return out, total, err
}

// Each streams the items the filter selects to fn, by deadline and region.
func (l *Ledger) Each(ctx context.Context, f Filter, fn func(*ledger.Item) error) error {
	where, args := f.where()
	q := `SELECT ` + itemCols + ` FROM ledger_items WHERE ` + where + ` ORDER BY deadline, region_code, created_at, id`
	if f.Limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := l.db.SQL.QueryContext(ctx, l.db.Rebind(q), args...)
	if err != nil {
		return internal(err, "ledger.list")
	}
	defer rows.Close()
	for rows.Next() {
		var it ledger.Item
		if err := scanItem(rows, &it); err != nil {
			return internal(err, "ledger.list")
		}
		if err := fn(&it); err != nil {
			return err
		}
	}
	return internal(rows.Err(), "ledger.list")
}

// Tracked returns which of the findings are already on the ledger in an item not yet closed,
// so that bulk creation and 举一反三 do not list a problem twice.
func (l *Ledger) Tracked(ctx context.Context, findingIDs []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(findingIDs); start += 500 {
		batch := findingIDs[start:min(start+500, len(findingIDs))]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := l.db.SQL.QueryContext(ctx, l.db.Rebind(`SELECT lf.finding_id FROM ledger_findings lf
			JOIN ledger_items i ON i.county_code = lf.county_code AND i.id = lf.item_id
			WHERE i.status <> 'closed' AND lf.finding_id IN (`+placeholders(len(batch))+`)`), args...)
		if err != nil {
			return nil, internal(err, "ledger.tracked")
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, internal(err, "ledger.tracked")
			}
			out[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal(err, "ledger.tracked")
		}
	}
	return out, nil
}

// File is an evidence file of an item, without its content.
type File struct {
	ID          string
	ItemID      string
	Name        string
	ContentType string
	Size        int
	UploadedBy  string
	UploadedAt  time.Time
}

// AddFile stores an evidence file for an item: at most MaxFileSize bytes, of a type in
// FileTypes (the declared type is not trusted: the caller passes the sniffed one).
func (l *Ledger) AddFile(ctx context.Context, itemID, name, contentType string, data []byte) (*File, error) {
	u := actor(ctx)
	name = strings.TrimSpace(name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		name = "佐证材料"
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
	var out *File
	err := l.db.Tx(ctx, func(tx *sql.Tx) error {
		it, err := l.get(ctx, tx, itemID)
		if err != nil {
			return err
		}
		if err := ledger.CanUpdate(u, it); err != nil {
			return err
		}
		now := l.db.Now().UTC().Truncate(time.Second)
		f := &File{ID: newItemID(it.County), ItemID: it.ID, Name: name, ContentType: contentType, Size: len(data),
			UploadedBy: u.Username, UploadedAt: now}
		if _, err := l.db.Exec(ctx, tx, `INSERT INTO ledger_files (id, county_code, item_id, name, content_type, size, data, uploaded_by, uploaded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, string(it.County), it.ID, f.Name, f.ContentType, f.Size, data, f.UploadedBy,
			tsArg(now)); err != nil {
			return internal(err, "ledger.file")
		}
		note := fmt.Sprintf("上传佐证材料「%s」（%d KB）", f.Name, (f.Size+1023)/1024)
		if err := l.record(ctx, tx, it, "file", it.Status, it.Status, note); err != nil {
			return err
		}
		out = f
		return l.log.AppendTx(ctx, tx, audit.Entry{Action: audit.LedgerFile, ObjectType: "ledger", ObjectID: it.ID, Region: it.Region, Detail: note})
	})
	return out, err
}

// Files lists the evidence files of an item. The caller has checked the scope (Get).
func (l *Ledger) Files(ctx context.Context, it *ledger.Item) ([]File, error) {
	rows, err := l.db.SQL.QueryContext(ctx, l.db.Rebind(`SELECT id, item_id, name, content_type, size, uploaded_by, uploaded_at
		FROM ledger_files WHERE county_code = ? AND item_id = ? ORDER BY uploaded_at, id`), string(it.County), it.ID)
	if err != nil {
		return nil, internal(err, "ledger.files")
	}
	defer rows.Close()
	var out []File
	for rows.Next() {
		var f File
		var at string
		if err := rows.Scan(&f.ID, &f.ItemID, &f.Name, &f.ContentType, &f.Size, &f.UploadedBy, &at); err != nil {
			return nil, internal(err, "ledger.files")
		}
		f.UploadedAt = parseTS(sql.NullString{String: at, Valid: true})
		out = append(out, f)
	}
	return out, internal(rows.Err(), "ledger.files")
}

// FileData returns an evidence file and its content, after checking that the context's user
// may see its item.
func (l *Ledger) FileData(ctx context.Context, itemID, fileID string) (*File, []byte, error) {
	it, err := l.Get(ctx, itemID)
	if err != nil {
		return nil, nil, err
	}
	f := &File{}
	var data []byte
	var at string
	err = l.db.SQL.QueryRowContext(ctx, l.db.Rebind(`SELECT id, item_id, name, content_type, size, uploaded_by, uploaded_at, data
		FROM ledger_files WHERE county_code = ? AND item_id = ? AND id = ?`), string(it.County), it.ID, fileID).Scan(
		&f.ID, &f.ItemID, &f.Name, &f.ContentType, &f.Size, &f.UploadedBy, &at, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errs.E(errs.NotFound, "佐证材料不存在")
	}
	if err != nil {
		return nil, nil, internal(err, "ledger.file")
	}
	f.UploadedAt = parseTS(sql.NullString{String: at, Valid: true})
	return f, data, nil
}

// Tracking is the ledger item a finding is on.
type Tracking struct {
	ItemID string
	Status ledger.Status
}

// Tracking returns the ledger item each of the findings is on, by finding id: the item not yet
// closed when there is one, else the latest closed one. Findings on no item are left out.
func (l *Ledger) Tracking(ctx context.Context, findingIDs []string) (map[string]Tracking, error) {
	out := map[string]Tracking{}
	for start := 0; start < len(findingIDs); start += 500 {
		batch := findingIDs[start:min(start+500, len(findingIDs))]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := l.db.SQL.QueryContext(ctx, l.db.Rebind(`SELECT lf.finding_id, i.id, i.status FROM ledger_findings lf
			JOIN ledger_items i ON i.county_code = lf.county_code AND i.id = lf.item_id
			WHERE lf.finding_id IN (`+placeholders(len(batch))+`) ORDER BY i.created_at, i.id`), args...)
		if err != nil {
			return nil, internal(err, "ledger.tracking")
		}
		for rows.Next() {
			var fid, id, st string
			if err := rows.Scan(&fid, &id, &st); err != nil {
				rows.Close()
				return nil, internal(err, "ledger.tracking")
			}
			// Later items win, except that a closed one never hides an open one.
			if have, ok := out[fid]; ok && have.Status != ledger.Closed && ledger.Status(st) == ledger.Closed {
				continue
			}
			out[fid] = Tracking{ItemID: id, Status: ledger.Status(st)}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal(err, "ledger.tracking")
		}
	}
	return out, nil
}

// ExportRows returns the items the filter selects (paging ignored), by deadline and region,
// as the exported 整改台账 lists them: each with the household of its finding and that
// household's 户主, and its progress notes (the notes of its steps and its progress texts,
// oldest first). The region names are the caller's to fill.
func (l *Ledger) ExportRows(ctx context.Context, f Filter) ([]ledger.Row, error) {
	f.Limit, f.Offset = 0, 0
	var rows []ledger.Row
	byCounty := map[region.Code][]any{}
	at := map[string]int{}
	err := l.Each(ctx, f, func(it *ledger.Item) error {
		x := *it
		at[x.ID] = len(rows)
		rows = append(rows, ledger.Row{Item: &x})
		byCounty[x.County] = append(byCounty[x.County], x.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for county, ids := range byCounty {
		for start := 0; start < len(ids); start += 500 {
			batch := append([]any{string(county)}, ids[start:min(start+500, len(ids))]...)
			in := placeholders(len(batch) - 1)
			if err := l.query(ctx, "ledger.exportHouseholds", `SELECT lf.item_id, MIN(f.household_no)
				FROM ledger_findings lf JOIN findings f ON f.county_code = lf.county_code AND f.id = lf.finding_id
				WHERE lf.county_code = ? AND lf.item_id IN (`+in+`) GROUP BY lf.item_id`, batch, func(sc scanner) error {
				var id, no string
				if err := sc.Scan(&id, &no); err != nil {
					return err
				}
				rows[at[id]].HouseholdNo = no
				return nil
			}); err != nil {
				return nil, err
			}
			if err := l.query(ctx, "ledger.exportNotes", `SELECT item_id, at, action, to_status, note FROM ledger_history
				WHERE county_code = ? AND item_id IN (`+in+`) AND note <> '' AND action IN ('status', 'progress') ORDER BY item_id, seq`,
				batch, func(sc scanner) error {
					var id, ts, action, to, note string
					if err := sc.Scan(&id, &ts, &action, &to, &note); err != nil {
						return err
					}
					what := "填报进展"
					if action == "status" {
						what = ledger.Status(to).Label()
					}
					r := &rows[at[id]]
					r.Notes = append(r.Notes, ledger.Note{At: parseTS(sql.NullString{String: ts, Valid: true}), What: what, Text: note})
					return nil
				}); err != nil {
				return nil, err
			}
		}
	}
	var keys []HouseholdKey
	for _, r := range rows {
		if r.HouseholdNo != "" {
			keys = append(keys, HouseholdKey{County: r.Item.County, No: r.HouseholdNo})
		}
	}
	heads, err := NewRegistry(l.db).Heads(ctx, keys)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Head = heads[rows[i].HouseholdNo]
	}
	return rows, nil
}

// query runs a query and calls fn on each row.
func (l *Ledger) query(ctx context.Context, op, q string, args []any, fn func(scanner) error) error {
	rows, err := l.db.SQL.QueryContext(ctx, l.db.Rebind(q), args...)
	if err != nil {
		return internal(err, op)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return internal(err, op)
		}
	}
	return internal(rows.Err(), op)
}
