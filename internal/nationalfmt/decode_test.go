package nationalfmt_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/workbook"
)

var ref = time.Date(2024, 11, 20, 0, 0, 0, 0, time.UTC)

func tongwei(t testing.TB) *region.Tree {
	t.Helper()
	tree, err := region.LoadArea("621121000000")
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// decodedRow is a data row of a testdata file with what the decoder made of it.
type decodedRow struct {
	num   int
	rec   nationalfmt.Record
	probs []nationalfmt.Problem
}

type decodedSheet struct {
	name   string
	header *nationalfmt.Header
	rows   []decodedRow
}

// readFile decodes every sheet of a file the way the importer does, places included.
func readFile(t *testing.T, path string) []decodedSheet {
	t.Helper()
	book, err := workbook.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	places := &nationalfmt.Places{Tree: tongwei(t)}
	var out []decodedSheet
	for i, name := range book.Sheets() {
		sh, err := book.Sheet(i)
		if err != nil {
			t.Fatal(err)
		}
		var all [][]string
		var nums []int
		for sh.Next() {
			r := sh.Row()
			for len(all) < r.Num {
				all = append(all, nil)
			}
			all[r.Num-1] = slices.Clone(r.Cells)
			nums = append(nums, r.Num)
		}
		if err := sh.Err(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sh.Close()
		h := nationalfmt.Detect(all[:min(20, len(all))], nationalfmt.MatchOptions{})
		ds := decodedSheet{name: name, header: h}
		if h == nil || len(h.Missing) > 0 {
			out = append(out, ds)
			continue
		}
		dec := &nationalfmt.Decoder{Table: h.Table, Ref: ref}
		for num := h.Row + 1; num <= len(all); num++ {
			fields := h.Fields(all[num-1], nil)
			if len(fields) <= 1 {
				continue // blank rows and the footer
			}
			var r decodedRow
			r.num = num
			r.probs = dec.Decode(fields, &r.rec, nil)
			if h.Table == nationalfmt.Members {
				v, p := places.Resolve(&r.rec)
				r.rec.Village = v
				if p != nil {
					r.probs = append(r.probs, *p)
				}
			}
			ds.rows = append(ds.rows, r)
		}
		out = append(out, ds)
	}
	return out
}

func blocking(t *nationalfmt.Table, probs []nationalfmt.Problem) []string {
	var out []string
	for _, p := range probs {
		if p.Blocking {
			out = append(out, colName(t, p.Col)+": "+p.Reason)
		}
	}
	return out
}

func defects(probs []nationalfmt.Problem) []string {
	var out []string
	for _, p := range probs {
		if !p.Blocking && !p.Spelled {
			out = append(out, p.Defect)
		}
	}
	return out
}

func colName(t *nationalfmt.Table, col int) string {
	if col < 0 {
		return "-"
	}
	return t.Columns[col].Name
}

// TestDecodeMembers decodes the clean member export: every row decodes, the places resolve,
// and the content defects the fixture has are found, not blocked.
func TestDecodeMembers(t *testing.T) {
	for _, file := range []string{"members.xlsx", "members_utf8bom.csv", "members_gb18030.csv"} {
		t.Run(file, func(t *testing.T) {
			sheets := readFile(t, "testdata/"+file)
			s := sheets[0]
			if s.header == nil || s.header.Table != nationalfmt.Members {
				t.Fatalf("no member header found")
			}
			if s.header.Row != 1 && s.header.Row != 2 {
				t.Errorf("header row %d", s.header.Row)
			}
			if len(s.header.Unknown) > 0 || len(s.header.Missing) > 0 {
				t.Errorf("unknown %v missing %v", s.header.Unknown, s.header.Missing)
			}
			if len(s.rows) != 10 {
				t.Fatalf("%d rows, want 10", len(s.rows))
			}
			var allDefects []string
			for _, r := range s.rows {
				if b := blocking(nationalfmt.Members, r.probs); len(b) > 0 {
					t.Errorf("row %d blocked: %v", r.num, b)
				}
				if len(r.rec.Village) != 12 {
					t.Errorf("row %d: village %q", r.num, r.rec.Village)
				}
				allDefects = append(allDefects, defects(r.probs)...)
			}
			slices.Sort(allDefects)
			want := []string{"「文化程度」不在全国标准取值中", "仍是15位旧身份证号码，应升级为18位", "性别与证件号码不符",
				"证件号码只有17位，末位的X丢失了", "证件号码校验码错误"}
			slices.Sort(want)
			if !slices.Equal(allDefects, want) {
				t.Errorf("defects\n got %q\nwant %q", allDefects, want)
			}
			byNo := map[string]*nationalfmt.Record{}
			for i := range s.rows {
				byNo[s.rows[i].rec.Person.No] = &s.rows[i].rec
			}
			w := byNo["621121101201000101"]
			if w == nil {
				t.Fatal("王建国 missing")
			}
			if w.Village != "621121101201" || w.Household.No != "6211211012010001" || w.Person.Name != "王建国" ||
				w.Person.Gender != "男" || w.Person.Birth != registry.NewDate(1968, 3, 12) ||
				w.Person.ResidentMedical != registry.Yes || w.Person.EmployeeMedical != registry.No ||
				w.Household.Kind != registry.KindAlleviated || w.Household.YearOut != 2019 ||
				w.Income.Year != 2024 || w.Income.Wages != registry.Yuan(36000) || !w.HasIncome ||
				w.Measures[0] != "种植补贴" || w.Household.DeclaredSize != 4 {
				t.Errorf("王建国 decoded as %+v", w)
			}
			z := byNo["621121101201000201"]
			if z.Household.Category != registry.MonUnstable || z.Household.IdentifiedOn != registry.NewMonth(2023, 3) ||
				!slices.Equal(z.Household.RiskTypes, []string{"因病"}) || z.Household.RiskEliminated != registry.No ||
				z.Person.Dibao != registry.Yes {
				t.Errorf("张秀英 decoded as %+v", z)
			}
			c := byNo["621121101202000301"]
			if c.Person.PostMonths != registry.CountOf(12) || c.Person.WorkMonths != registry.CountOf(11) ||
				c.Household.EliminatedOn != registry.NewMonth(2024, 6) || c.Household.Kind != registry.KindOrdinary {
				t.Errorf("陈志强 decoded as %+v", c)
			}
		})
	}
}

// TestDecodeBroken checks that each kind of damage in broken.xlsx is blocking, on the right
// row and column, with a reason a cadre can act on.
func TestDecodeBroken(t *testing.T) {
	s := readFile(t, "testdata/broken.xlsx")[0]
	if s.header == nil {
		t.Fatal("no header")
	}
	var unknown []string
	for _, j := range s.header.Unknown {
		unknown = append(unknown, s.header.Names[j])
	}
	if !slices.Equal(unknown, []string{"理赔收入", "备注"}) {
		t.Errorf("unknown columns %v", unknown)
	}
	got := map[int][]string{}
	for _, r := range s.rows {
		if b := blocking(nationalfmt.Members, r.probs); len(b) > 0 {
			got[r.num] = b
		}
	}
	// Data starts on row 3 (title on 1, header on 2).
	want := map[int][]string{
		3:  {"工资性收入: 「三万六」不是金额"},
		4:  {"证件号码: 证件号码第15位之后被表格软件改成了0"},
		5:  {"证件号码: 证件号码被表格软件转成了科学计数法，后几位已丢失"},
		7:  {"务工时间（月）: 「半年」不是整数"},
		8:  {"出生日期: 「19800230」不是有效日期"},
		9:  {"识别监测时间: 「202313」不是有效年月"},
		10: {"户联系电话: 联系电话被表格软件转成了科学计数法", "村: 村「马营新村」在 通渭县 马营镇 下不存在，相近的有：马营村民委员会"},
		11: {"村: 村「马营新村」在 通渭县 马营镇 下不存在，相近的有：马营村民委员会"},
		12: {"户编号: 户编号为空"},
	}
	for num, w := range want {
		g := got[num]
		if len(g) != len(w) {
			t.Errorf("row %d: got %q, want %q", num, g, w)
			continue
		}
		for i := range w {
			if !strings.HasPrefix(g[i], w[i]) {
				t.Errorf("row %d: got %q, want prefix %q", num, g[i], w[i])
			}
		}
	}
	for num, g := range got {
		if _, ok := want[num]; !ok {
			t.Errorf("row %d unexpectedly blocked: %q", num, g)
		}
	}
	// The date cell reads as a date.
	for _, r := range s.rows {
		if r.num == 9 && r.rec.Person.Birth != registry.NewDate(2016, 3, 5) {
			t.Errorf("date cell decoded as %v", r.rec.Person.Birth)
		}
	}
}

func TestDecodeMissingColumns(t *testing.T) {
	s := readFile(t, "testdata/missing_columns.xlsx")[0]
	if s.header == nil {
		t.Fatal("no header")
	}
	if got := fmt.Sprint(s.header.Missing); got != "[人口编号 村（或行政区划代码）]" {
		t.Errorf("missing %s", got)
	}
}

func TestDecodeIncomes(t *testing.T) {
	s := readFile(t, "testdata/incomes.xlsx")[0]
	if s.header == nil || s.header.Table != nationalfmt.Incomes {
		t.Fatalf("income header not found: %+v", s.header)
	}
	if len(s.rows) != 8 {
		t.Fatalf("%d rows", len(s.rows))
	}
	r := s.rows[1].rec
	if r.Household.No != "6211211012010001" || r.Income.Year != 2024 || r.Income.Wages != registry.Yuan(36000) ||
		r.Income.Size != 4 || r.Income.MedicalOOP != registry.Yuan(1200) || !r.HasIncome {
		t.Errorf("income row decoded as %+v", r)
	}
	if p := s.rows[0].rec.Income; p.Wages != registry.Yuan(32400) || p.Year != 2023 {
		t.Errorf("2023 row: %+v", p)
	}
}
