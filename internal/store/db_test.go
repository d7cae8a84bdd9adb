package store

import "testing"

func TestRebind(t *testing.T) {
	pg := &DB{Dialect: Postgres}
	lite := &DB{Dialect: SQLite}
	q := "SELECT a FROM t WHERE b = ? AND c IN (?, ?)"
	if got := pg.Rebind(q); got != "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)" {
		t.Errorf("postgres: %s", got)
	}
	if got := lite.Rebind(q); got != q {
		t.Errorf("sqlite: %s", got)
	}
}

func TestPrefixEnd(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"6211", "6212"}, {"621129", "62113"}, {"62", "63"}, {"99", "99\xff"},
	} {
		if got := prefixEnd(tc.in); got != tc.want {
			t.Errorf("prefixEnd(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitStatements(t *testing.T) {
	got := splitStatements("-- a comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n")
	if len(got) != 2 || got[0] != "CREATE TABLE a (x INT);" {
		t.Fatalf("%q", got)
	}
	// A function body's semicolons at line ends stay inside its statement.
	fn := "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    RETURN NULL;\nEND\n$$;"
	got = splitStatements(fn + "\nCREATE TRIGGER t AFTER INSERT ON a FOR EACH STATEMENT EXECUTE FUNCTION f();\n")
	if len(got) != 2 || got[0] != fn {
		t.Fatalf("%q", got)
	}
}

func TestIsPostgres(t *testing.T) {
	for dsn, want := range map[string]bool{
		"postgres://u@h/db": true, "postgresql://h/db": true, "gonggu.db": false, "/tmp/x.db": false,
	} {
		if IsPostgres(dsn) != want {
			t.Errorf("IsPostgres(%q) != %v", dsn, want)
		}
	}
}

func TestPgDSN(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://u@h:5432/db", "postgres://u@h:5432/db?random_page_cost=1.1"},
		{"postgres://u@h/db?sslmode=disable", "postgres://u@h/db?random_page_cost=1.1&sslmode=disable"},
		// A server on spinning disks says so itself.
		{"postgresql://u@h/db?random_page_cost=4", "postgresql://u@h/db?random_page_cost=4"},
	} {
		if got := pgDSN(tc.in); got != tc.want {
			t.Errorf("pgDSN(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
