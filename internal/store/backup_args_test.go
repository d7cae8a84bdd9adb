package store

import (
	"slices"
	"strings"
	"testing"
)

// TestPgCommand: the URL pg_dump gets has no password (it goes to PGPASSWORD) and nothing
// libpq would refuse; search_path becomes the schema to dump.
func TestPgCommand(t *testing.T) {
	for _, tc := range []struct {
		name, dsn, url, password, schema string
	}{
		{"plain", "postgres://gonggu@db.example:5432/gonggu?sslmode=disable",
			"postgres://gonggu@db.example:5432/gonggu?sslmode=disable", "", ""},
		{"password in user info", "postgres://gonggu:p%40ss@db.example/gonggu",
			"postgres://gonggu@db.example/gonggu", "p@ss", ""},
		{"password in query", "postgresql://gonggu@db.example/gonggu?password=pw&sslmode=require",
			"postgresql://gonggu@db.example/gonggu?sslmode=require", "pw", ""},
		{"pgx settings", "postgres://u:pw@h/d?search_path=county_6211,public&pool_max_conns=4&application_name=g",
			"postgres://u@h/d?application_name=g", "pw", "county_6211"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pg, err := pgCommand(tc.dsn, "/opt/pg/bin", "pg_dump")
			if err != nil {
				t.Fatal(err)
			}
			if pg.url != tc.url || pg.schema != tc.schema || pg.path != "/opt/pg/bin/pg_dump" {
				t.Errorf("url %q schema %q path %q", pg.url, pg.schema, pg.path)
			}
			has := slices.ContainsFunc(pg.env, func(s string) bool { return s == "PGPASSWORD="+tc.password })
			if has != (tc.password != "") {
				t.Errorf("PGPASSWORD set: %v, want password %q", has, tc.password)
			}
			if tc.password != "" && strings.Contains(RedactDSN(tc.dsn), tc.password) {
				t.Errorf("RedactDSN(%q) = %q", tc.dsn, RedactDSN(tc.dsn))
			}
		})
	}
	if got := RedactDSN("/var/lib/gonggu/gonggu.db"); got != "/var/lib/gonggu/gonggu.db" {
		t.Errorf("a file path redacted to %q", got)
	}
}

func TestArchiveSchema(t *testing.T) {
	list := `;
; Archive created at 2026-12-04 18:00:00 UTC
215; 1259 28603 TABLE public households gonggu
3343; 0 28603 TABLE DATA public households gonggu
3344; 0 28604 TABLE DATA public schema_migrations gonggu
`
	if s, ok := archiveSchema([]byte(list)); !ok || s != "public" {
		t.Errorf("archiveSchema = %q, %v", s, ok)
	}
	if _, ok := archiveSchema([]byte("3343; 0 1 TABLE DATA public t x\n")); ok {
		t.Error("an archive without gonggu's tables passes")
	}
}
