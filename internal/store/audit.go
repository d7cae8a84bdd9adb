package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/region"
)

// AuditLog stores the audit log.
type AuditLog struct{ db *DB }

// NewAuditLog returns the audit log of db.
func NewAuditLog(db *DB) *AuditLog { return &AuditLog{db: db} }

// Append records an entry, completed from the context's actor.
func (l *AuditLog) Append(ctx context.Context, e audit.Entry) error {
	return l.db.Tx(ctx, func(tx *sql.Tx) error { return l.AppendTx(ctx, tx, e) })
}

// AppendTx records an entry inside the caller's transaction, so that a change and its audit
// row are committed together or not at all.
func (l *AuditLog) AppendTx(ctx context.Context, tx *sql.Tx, e audit.Entry) error {
	e.Fill(ctx, l.db.Now())
	// A detail quotes what users typed: it is clipped rather than refused, so that a change
	// is never lost for the length of its description.
	e.Detail = clip(e.Detail, MaxAuditDetail-1)
	_, err := l.db.Exec(ctx, tx, `INSERT INTO audit_log (id, at, username, request_id, ip, action, object_type, object_id, region_code, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, stamp(e.At), e.Username, e.RequestID, e.IP, string(e.Action),
		e.ObjectType, e.ObjectID, string(e.Region), e.Detail)
	return internal(err, "audit.append")
}

// MaxAuditDetail is the most characters an audit entry's detail keeps, the ellipsis of a cut
// included.
const MaxAuditDetail = 2000

// List returns the entries that match the filter, newest first.
func (l *AuditLog) List(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	var where []string
	var args []any
	if p := f.Region.Prefix(); p != "" {
		where = append(where, "region_code >= ? AND region_code < ?")
		args = append(args, p, prefixEnd(p))
	}
	if f.Username != "" {
		where = append(where, "username = ?")
		args = append(args, strings.ToLower(f.Username))
	}
	if f.Action != "" {
		where = append(where, "action = ?")
		args = append(args, string(f.Action))
	}
	if f.Object != "" {
		where = append(where, "object_type = ? AND object_id = ?")
		args = append(args, f.Object, f.ObjectID)
	}
	if !f.From.IsZero() {
		where = append(where, "id >= ?")
		args = append(args, audit.NewID(f.From)[:14])
	}
	if !f.To.IsZero() {
		where = append(where, "id < ?")
		args = append(args, audit.NewID(f.To)[:14])
	}
	if f.Changes {
		var marks []string
		for _, a := range audit.Actions {
			if !a.IsChange() {
				marks = append(marks, "?")
				args = append(args, string(a))
			}
		}
		where = append(where, "action NOT IN ("+strings.Join(marks, ", ")+")")
	}
	if f.Before != "" {
		where = append(where, "id < ?")
		args = append(args, f.Before)
	}
	q := `SELECT id, at, username, request_id, ip, action, object_type, object_id, region_code, detail FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, limit)
	rows, err := l.db.SQL.QueryContext(ctx, l.db.Rebind(q), args...)
	if err != nil {
		return nil, internal(err, "audit.list")
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at, action, code string
		if err := rows.Scan(&e.ID, &at, &e.Username, &e.RequestID, &e.IP, &action, &e.ObjectType, &e.ObjectID, &code, &e.Detail); err != nil {
			return nil, internal(err, "audit.list")
		}
		e.At, e.Action, e.Region = parseStamp(at), audit.Action(action), region.Code(code)
		out = append(out, e)
	}
	return out, internal(rows.Err(), "audit.list")
}

// DataVersion returns the version of the named data ('registry'), which BumpDataVersion
// raises on every write: caches of figures computed from the data key on it.
func (db *DB) DataVersion(ctx context.Context, name string) (int64, error) {
	var v int64
	err := db.SQL.QueryRowContext(ctx, db.Rebind(`SELECT version FROM data_versions WHERE name = ?`), name).Scan(&v)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return v, internal(err, "data_version")
}

// BumpDataVersion raises the version of the named data inside the caller's transaction.
func (db *DB) BumpDataVersion(ctx context.Context, tx *sql.Tx, name string) error {
	res, err := db.Exec(ctx, tx, `UPDATE data_versions SET version = version + 1 WHERE name = ?`, name)
	if err != nil {
		return internal(err, "data_version.bump")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		_, err = db.Exec(ctx, tx, `INSERT INTO data_versions (name, version) VALUES (?, 1)`, name)
	}
	return internal(err, "data_version.bump")
}
