package store_test

import (
	"strings"
)

// This file reads a SQL statement far enough to tell, for each county-keyed table it names,
// whether the statement pins it to one county (county_code = …, county_code IN (…), or a join
// on county_code to a table that is pinned), to a range of counties (the scope of a city or a
// province), or to nothing. It is not a SQL parser: it knows the shapes gonggu's hand-written
// SQL takes (SELECT … FROM … JOIN … ON/USING, subqueries, UNION, INSERT … VALUES/SELECT,
// UPDATE … SET … WHERE, DELETE, ON CONFLICT), and its own test (TestShardClassify) pins what
// it says about each of them. It reads conditions as if joined by AND: a county condition
// under OR or NOT still counts as pinning.

// shardReach is how many shards of a cluster distributed by county a statement reaches.
type shardReach int

const (
	reachOne   shardReach = iota // every county-keyed table is pinned to one county
	reachRange                   // some table is limited to a range of counties, none unlimited
	reachAll                     // some county-keyed table has no county condition at all
)

func (r shardReach) String() string {
	return [...]string{"one county", "a range of counties", "every county"}[r]
}

// sqlVerdict is what classifyStatement found in one statement.
type sqlVerdict struct {
	Kind  string     // select, insert, update, delete; "" for statements that are not DML
	Reach shardReach // over the county-keyed tables it names
	// Tables are the tables named, county-keyed or not, in order of appearance.
	Tables []string
	// Unpinned are the county-keyed tables with no county condition (reachAll).
	Unpinned []string
	// SetsCounty is true when an UPDATE assigns county_code, the distribution column, which
	// Citus refuses.
	SetsCounty bool
}

type sqlToken struct {
	text string // lower case, except string literals
	kind byte   // 'i' identifier or keyword, 'p' parameter, 's' string, 'n' number, 'o' operator or punctuation, 'f' a fmt verb
}

// tokenizeSQL splits a statement into tokens, dropping comments. Placeholders (?, $1) and
// fmt verbs (%s, %[1]s, %d) become tokens of their own.
func tokenizeSQL(q string) []sqlToken {
	var out []sqlToken
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			for i < len(q) && q[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			end := strings.Index(q[i+2:], "*/")
			if end < 0 {
				i = len(q)
			} else {
				i += end + 4
			}
		case c == '\'':
			j := i + 1
			for j < len(q) {
				if q[j] == '\'' {
					if j+1 < len(q) && q[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			out = append(out, sqlToken{q[i:min(j+1, len(q))], 's'})
			i = j + 1
		case c == '"':
			j := strings.IndexByte(q[i+1:], '"')
			if j < 0 {
				j = len(q) - i - 1
			}
			out = append(out, sqlToken{strings.ToLower(q[i+1 : i+1+j]), 'i'})
			i += j + 2
		case c == '?':
			out = append(out, sqlToken{"?", 'p'})
			i++
		case c == '$' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			out = append(out, sqlToken{"?", 'p'})
			i = j
		case c == '%':
			// A fmt verb: %s, %d, %v, %[2]s, %%.
			j := i + 1
			for j < len(q) && (q[j] == '[' || q[j] == ']' || (q[j] >= '0' && q[j] <= '9')) {
				j++
			}
			if j < len(q) {
				j++
			}
			out = append(out, sqlToken{q[i:j], 'f'})
			i = j
		case isIdentStart(c):
			j := i
			for j < len(q) && (isIdentStart(q[j]) || (q[j] >= '0' && q[j] <= '9')) {
				j++
			}
			out = append(out, sqlToken{strings.ToLower(q[i:j]), 'i'})
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(q) && (q[j] >= '0' && q[j] <= '9' || q[j] == '.') {
				j++
			}
			out = append(out, sqlToken{q[i:j], 'n'})
			i = j
		default:
			if i+1 < len(q) {
				switch two := q[i : i+2]; two {
				case ">=", "<=", "<>", "!=", "||", "::":
					out = append(out, sqlToken{two, 'o'})
					i += 2
					continue
				}
			}
			out = append(out, sqlToken{string(c), 'o'})
			i++
		}
	}
	return out
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

// sqlKeywords end a table reference's alias and start a clause.
var sqlKeywords = map[string]bool{
	"select": true, "from": true, "join": true, "inner": true, "left": true, "right": true, "full": true,
	"outer": true, "cross": true, "natural": true, "on": true, "using": true, "where": true, "group": true,
	"order": true, "having": true, "limit": true, "offset": true, "union": true, "except": true,
	"intersect": true, "set": true, "values": true, "returning": true, "into": true, "as": true,
	"and": true, "or": true, "not": true, "in": true, "is": true, "null": true, "exists": true,
	"by": true, "asc": true, "desc": true, "all": true, "distinct": true, "case": true, "when": true,
	"then": true, "else": true, "end": true, "do": true, "nothing": true, "conflict": true, "update": true,
	"delete": true, "insert": true, "for": true, "window": true, "over": true, "partition": true,
	"lateral": true, "indexed": true, "default": true,
}

type tableRef struct {
	name  string // "" for a subquery in FROM
	alias string
	scope int
	inner int // a subquery's scope; -1 for a table
}

// classifyStatement reads q. keyed says which tables are county-keyed; every other table
// is a reference or coordinator table and never limits where the statement runs.
func classifyStatement(q string, keyed map[string]bool) sqlVerdict {
	toks := tokenizeSQL(q)
	var v sqlVerdict
	if len(toks) == 0 {
		return v
	}
	switch toks[0].text {
	case "select", "insert", "update", "delete", "with":
		v.Kind = toks[0].text
	case "(":
		v.Kind = "select"
	default:
		return v
	}

	// Scopes: every parenthesis opens one (a subquery, a column list or just a grouped
	// condition); a UNION branch replaces its scope by a sibling. Unqualified columns resolve
	// to the tables of the nearest enclosing scope that has any.
	var parent, stack []int
	var clause map[int]string
	var derived map[int]bool // scopes opened where a table was expected: subqueries in FROM
	var using map[int]bool   // the column lists of USING
	var root map[int]int     // the first branch of a UNION, for each branch
	var refs []tableRef
	var expectTable bool // the next identifier names a table (after FROM, JOIN, INTO, UPDATE, a FROM-list comma)
	var insertCols int   // the scope of an INSERT's column list
	insertRef := -1
	uf := newUnionFind()
	eq := map[int]bool{}
	rng := map[int]bool{}

	cur := func() int { return stack[len(stack)-1] }
	newScope := func(p int) int {
		parent = append(parent, p)
		id := len(parent) - 1
		clause[id] = ""
		root[id] = id
		return id
	}
	// resolve finds the table reference a column belongs to: by its qualifier (alias or
	// table name, innermost first), or else the tables of the nearest scope with any. It
	// returns every candidate for an unqualified column, since a join's tables share it.
	resolve := func(qual string, scope int) []int {
		for s := scope; s >= 0; s = parent[s] {
			var found []int
			for i, r := range refs {
				if r.scope != s {
					continue
				}
				if qual == "" || r.alias == qual || (r.alias == "" && r.name == qual) {
					found = append(found, i)
				}
			}
			if len(found) > 0 {
				return found
			}
		}
		if qual != "" {
			for i, r := range refs {
				if r.alias == qual || r.name == qual {
					return []int{i}
				}
			}
		}
		return nil
	}
	// columnAt reads a possibly qualified column name starting at i; columnEndingAt one
	// ending at i.
	columnAt := func(i int) (qual, col string, ok bool) {
		if i < 0 || i >= len(toks) || toks[i].kind != 'i' {
			return "", "", false
		}
		if i+2 < len(toks) && toks[i+1].text == "." && toks[i+2].kind == 'i' {
			return toks[i].text, toks[i+2].text, true
		}
		return "", toks[i].text, true
	}
	columnEndingAt := func(i int) (qual, col string, ok bool) {
		if i < 0 || toks[i].kind != 'i' {
			return "", "", false
		}
		if i >= 2 && toks[i-1].text == "." && toks[i-2].kind == 'i' {
			return toks[i-2].text, toks[i].text, true
		}
		return "", toks[i].text, true
	}

	type cond struct {
		refs  []int
		other []int // a county_code column compared with equality: a join on the key
		kind  byte  // 'e' equality or IN, 'r' a range, 'j' join
	}
	var conds []cond

	// Two passes over the same scopes: the first finds the tables, the second the conditions,
	// since a subquery in the SELECT list names the outer query's tables before their FROM.
	for pass := range 2 {
		parent, stack, clause = []int{-1}, []int{0}, map[int]string{0: ""}
		derived, using, root = map[int]bool{}, map[int]bool{}, map[int]int{0: 0}
		expectTable, insertCols = false, -1
		for i := 0; i < len(toks); i++ {
			t := toks[i]
			s := cur()
			switch {
			case t.text == "(":
				id := newScope(s)
				stack = append(stack, id)
				derived[id], using[id] = expectTable, clause[s] == "using"
				if insertRef >= 0 && insertCols < 0 && i > 0 && toks[i-1].kind == 'i' && refs[insertRef].name == toks[i-1].text {
					insertCols = id
				}
				expectTable = false
				continue
			case t.text == ")":
				if len(stack) > 1 {
					stack = stack[:len(stack)-1]
				}
				if derived[s] {
					// FROM (SELECT …) x: x stands for the subquery's rows.
					j := i + 1
					if j < len(toks) && toks[j].text == "as" {
						j++
					}
					if j < len(toks) && toks[j].kind == 'i' && !sqlKeywords[toks[j].text] {
						if pass == 0 {
							refs = append(refs, tableRef{alias: toks[j].text, scope: cur(), inner: root[s]})
						}
						i = j
					}
				}
				continue
			case t.text == "union" || t.text == "except" || t.text == "intersect":
				id := newScope(parent[s])
				derived[id], root[id] = derived[s], root[s]
				stack[len(stack)-1] = id
				continue
			case t.text == ",":
				if clause[s] == "from" {
					expectTable = true
				}
				continue
			}
			if t.kind != 'i' {
				expectTable = false
				continue
			}
			switch t.text {
			case "from", "join":
				clause[s] = "from"
				expectTable = true
				continue
			case "into":
				clause[s] = "into"
				expectTable = true
				continue
			case "update":
				// UPDATE as a statement, not ON CONFLICT … DO UPDATE.
				if i == 0 {
					clause[s] = "update"
					expectTable = true
					continue
				}
				clause[s] = "set"
				continue
			case "where", "on", "having", "using":
				clause[s] = t.text
				expectTable = false
				continue
			case "set":
				clause[s] = "set"
				continue
			case "group", "order", "limit", "offset", "returning", "values", "select", "conflict":
				clause[s] = t.text
				expectTable = false
				continue
			}
			if expectTable {
				expectTable = false
				if sqlKeywords[t.text] {
					continue
				}
				name := t.text
				if i+2 < len(toks) && toks[i+1].text == "." && toks[i+2].kind == 'i' { // schema.table
					name = toks[i+2].text
					i += 2
				}
				r := tableRef{name: name, scope: s, inner: -1}
				j := i + 1
				if j < len(toks) && toks[j].text == "as" {
					j++
				}
				if j < len(toks) && toks[j].kind == 'i' && !sqlKeywords[toks[j].text] {
					r.alias = toks[j].text
					i = j
				}
				if pass == 0 {
					refs = append(refs, r)
					v.Tables = append(v.Tables, name)
					if clause[s] == "into" && v.Kind == "insert" && insertRef < 0 {
						insertRef = len(refs) - 1
					}
				}
				continue
			}
			if t.text != "county_code" || pass == 0 {
				continue
			}
			if i+1 < len(toks) && toks[i+1].text == "." {
				continue // a table or alias called county_code: not the column
			}
			qual, _, _ := columnEndingAt(i)
			start := i // the column's first token
			if qual != "" {
				start = i - 2
			}
			switch {
			case s == insertCols:
				// INSERT INTO t (county_code, …) VALUES: each row goes to its county's shard.
				conds = append(conds, cond{refs: []int{insertRef}, kind: 'e'})
				continue
			case clause[s] == "set":
				if i+1 < len(toks) && toks[i+1].text == "=" && v.Kind == "update" && !inConflict(toks, i) {
					v.SetsCounty = true
				}
				continue
			case using[s]:
				// JOIN … USING (county_code, …): the joined tables share the key.
				p := parent[s]
				var all []int
				for k, r := range refs {
					if r.scope == p {
						all = append(all, k)
					}
				}
				if len(all) > 1 {
					conds = append(conds, cond{refs: all[len(all)-1:], other: all[:len(all)-1], kind: 'j'})
				}
				continue
			}
			mine := resolve(qual, s)
			next := ""
			if i+1 < len(toks) {
				next = toks[i+1].text
			}
			switch next {
			case "=", "==":
				if oq, oc, ok := columnAt(i + 2); ok && oc == "county_code" {
					conds = append(conds, cond{refs: mine, other: resolve(oq, s), kind: 'j'})
					continue
				}
				conds = append(conds, cond{refs: mine, kind: 'e'})
				continue
			case "in":
				conds = append(conds, cond{refs: mine, kind: 'e'})
				continue
			case ">=", ">", "<", "<=", "between", "like", "glob":
				conds = append(conds, cond{refs: mine, kind: 'r'})
				continue
			}
			// The column on the right of a comparison.
			if start >= 1 {
				switch toks[start-1].text {
				case "=", "==":
					if _, oc, ok := columnEndingAt(start - 2); ok && oc == "county_code" {
						continue // a join, recorded from its left-hand side
					}
					conds = append(conds, cond{refs: mine, kind: 'e'})
				case ">=", ">", "<", "<=":
					conds = append(conds, cond{refs: mine, kind: 'r'})
				}
			}
		}
	}

	for _, c := range conds {
		for _, r := range c.refs {
			switch c.kind {
			case 'e':
				eq[r] = true
			case 'r':
				rng[r] = true
			case 'j':
				for _, o := range c.other {
					uf.union(r, o)
				}
			}
		}
	}
	// A subquery in FROM is pinned when everything in it is; its alias then pins what joins
	// it on county_code. Nested subqueries settle after a few rounds.
	within := func(scope, inner int) bool {
		for x := scope; x >= 0; x = parent[x] {
			if root[x] == inner {
				return true
			}
		}
		return false
	}
	reachOf := func(r int, groupEq, groupRng map[int]bool) shardReach {
		g := uf.find(r)
		switch {
		case groupEq[g]:
			return reachOne
		case groupRng[g]:
			return reachRange
		}
		return reachAll
	}
	var groupEq, groupRng map[int]bool
	for round := 0; round <= len(refs); round++ {
		groupEq, groupRng = map[int]bool{}, map[int]bool{}
		for r := range refs {
			if eq[r] {
				groupEq[uf.find(r)] = true
			}
			if rng[r] {
				groupRng[uf.find(r)] = true
			}
		}
		changed := false
		for d, dr := range refs {
			if dr.inner < 0 || eq[d] {
				continue
			}
			worst, found := reachOne, false
			for r, ref := range refs {
				if r != d && within(ref.scope, dr.inner) && (keyed[ref.name] || ref.inner >= 0) {
					found = true
					worst = max(worst, reachOf(r, groupEq, groupRng))
				}
			}
			switch {
			case found && worst == reachOne:
				eq[d], changed = true, true
			case found && worst == reachRange && !rng[d]:
				rng[d], changed = true, true
			}
		}
		if !changed {
			break
		}
	}
	for r, ref := range refs {
		if !keyed[ref.name] {
			continue
		}
		switch reachOf(r, groupEq, groupRng) {
		case reachRange:
			v.Reach = max(v.Reach, reachRange)
		case reachAll:
			v.Reach = reachAll
			v.Unpinned = append(v.Unpinned, ref.name)
		}
	}
	return v
}

// inConflict reports whether token i is inside an ON CONFLICT … DO UPDATE SET clause, whose
// assignments rewrite the conflicting row in place (county_code = excluded.county_code is the
// same value).
func inConflict(toks []sqlToken, i int) bool {
	for j := i; j >= 0; j-- {
		if toks[j].text == "conflict" {
			return true
		}
	}
	return false
}

type unionFind map[int]int

func newUnionFind() unionFind { return unionFind{} }

func (u unionFind) find(x int) int {
	for {
		p, ok := u[x]
		if !ok || p == x {
			return x
		}
		x = p
	}
}

func (u unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u[ra] = rb
	}
}
