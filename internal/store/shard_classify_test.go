package store_test

import (
	"slices"
	"testing"
)

// TestShardClassify pins what the shard test's reading of SQL says about the shapes gonggu's
// statements take, including the ones it must catch.
func TestShardClassify(t *testing.T) {
	keyed := map[string]bool{"households": true, "persons": true, "findings": true, "posts": true,
		"ledger_items": true, "ledger_findings": true}
	for _, tc := range []struct {
		name     string
		sql      string
		reach    shardReach
		unpinned []string
		sets     bool
	}{
		{"equality", `SELECT * FROM households WHERE county_code = ? AND household_no = ?`, reachOne, nil, false},
		{"qualified equality", `SELECT h.x FROM households h WHERE h.county_code = ?`, reachOne, nil, false},
		{"parameter on the left", `SELECT x FROM households WHERE ? = county_code`, reachOne, nil, false},
		{"IN list", `SELECT x FROM findings WHERE county_code IN (?, ?) AND status = 'open'`, reachOne, nil, false},
		{"range of counties", `SELECT COUNT(*) FROM households WHERE county_code >= ? AND county_code < ?`, reachRange, nil, false},
		{"no condition", `SELECT COUNT(*) FROM persons`, reachAll, []string{"persons"}, false},
		{"by number only", `SELECT county_code FROM households WHERE household_no = ?`, reachAll, []string{"households"}, false},
		{"county in the select list is no condition", `SELECT county_code, COUNT(*) FROM households GROUP BY county_code`,
			reachAll, []string{"households"}, false},
		{"a string mentioning county_code is no condition", `SELECT x FROM households WHERE note = 'county_code = 1'`,
			reachAll, []string{"households"}, false},
		{"reference tables only", `SELECT username FROM users WHERE username = ?`, reachOne, nil, false},
		{"join on the key", `SELECT p.name FROM households h JOIN persons p ON p.county_code = h.county_code AND
			p.household_no = h.household_no WHERE h.county_code = ?`, reachOne, nil, false},
		{"join not on the key", `SELECT p.name FROM persons p JOIN posts x ON x.id_key = p.id_number WHERE p.county_code = ?`,
			reachAll, []string{"posts"}, false},
		{"USING", `SELECT 1 FROM households JOIN persons USING (county_code, household_no) WHERE households.county_code = ?`,
			reachOne, nil, false},
		{"correlated subquery before the outer FROM", `SELECT h.no, (SELECT MIN(p.name) FROM persons p
			WHERE p.county_code = h.county_code AND p.household_no = h.household_no) FROM households h WHERE h.county_code = ?`,
			reachOne, nil, false},
		{"uncorrelated subquery", `SELECT x.a FROM posts x WHERE x.id_key IN (SELECT id_key FROM posts WHERE county_code = ?)`,
			reachAll, []string{"posts"}, false},
		{"UNION branches judged apart", `SELECT a FROM households WHERE county_code = ? UNION SELECT a FROM persons WHERE 1=1`,
			reachAll, []string{"persons"}, false},
		{"subquery in FROM", `SELECT v, COUNT(*) FROM (SELECT h.village_code AS v FROM (SELECT county_code, household_no
			FROM findings WHERE county_code = ?) x JOIN households h ON h.county_code = x.county_code) y GROUP BY v`,
			reachOne, nil, false},
		{"subquery in FROM, unpinned", `SELECT v FROM (SELECT county_code, household_no FROM findings WHERE status = 'open') x
			JOIN households h ON h.county_code = x.county_code`, reachAll, []string{"findings", "households"}, false},
		{"insert values", `INSERT INTO findings (county_code, id, rule_id) VALUES (?, ?, ?)`, reachOne, nil, false},
		{"insert without county", `INSERT INTO findings (id, rule_id) VALUES (?, ?)`, reachAll, []string{"findings"}, false},
		{"insert select", `INSERT INTO ledger_findings (county_code, item_id, finding_id) SELECT county_code, ?, id
			FROM findings WHERE county_code = ? AND status = 'open'`, reachOne, nil, false},
		{"upsert", `INSERT INTO findings (county_code, id) VALUES (?, ?) ON CONFLICT (county_code, id) DO UPDATE SET
			county_code = excluded.county_code`, reachOne, nil, false},
		{"update by key", `UPDATE findings SET status = 'closed' WHERE county_code = ? AND id = ?`, reachOne, nil, false},
		{"update by number", `UPDATE households SET version = version + 1 WHERE household_no = ?`, reachAll, []string{"households"}, false},
		{"update moving the county", `UPDATE households SET county_code = ?, village_code = ? WHERE county_code = ? AND household_no = ?`,
			reachOne, nil, true},
		{"delete", `DELETE FROM persons WHERE county_code = ? AND household_no = ?`, reachOne, nil, false},
		{"delete everything", `DELETE FROM persons`, reachAll, []string{"persons"}, false},
		{"PostgreSQL placeholders", `SELECT x FROM households WHERE county_code = $1`, reachOne, nil, false},
		{"not DML", `PRAGMA cache_size = -2000`, reachOne, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyStatement(tc.sql, keyed)
			if v.Reach != tc.reach || !slices.Equal(v.Unpinned, tc.unpinned) || v.SetsCounty != tc.sets {
				t.Errorf("reach %v, unpinned %v, sets county %v; want %v, %v, %v", v.Reach, v.Unpinned, v.SetsCounty,
					tc.reach, tc.unpinned, tc.sets)
			}
		})
	}
}
