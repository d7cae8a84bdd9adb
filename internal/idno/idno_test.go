package idno_test

import (
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/idno"
)

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestCheckChar(t *testing.T) {
	// Expected characters were worked out by hand from the weights, e.g. for 11010519491231002:
	// 7·1+9·1+10·0+5·1+8·0+4·5+2·1+1·9+6·4+3·9+7·1+9·2+10·3+5·1+8·0+4·0+2·2 = 167 ≡ 2 (mod 11) → X.
	tests := []struct {
		name    string
		first17 string
		want    byte
	}{
		{"GB 11643 example, X", "11010519491231002", 'X'},
		{"born 1880", "44052418800101001", '4'},
		{"Dingxi, Lintao", "62112119850315123", '1'},
		{"Wuhan", "42010119811201123", '8'},
		{"born on 29 Feb 2000", "62112120000229004", '9'},
		{"first day of 1900", "62112119000101001", '0'},
		{"sum divisible by 11", "62010219750601400", '0'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := idno.CheckChar(tt.first17)
			if err != nil {
				t.Fatalf("CheckChar(%q): %v", tt.first17, err)
			}
			if got != tt.want {
				t.Errorf("CheckChar(%q) = %c, want %c", tt.first17, got, tt.want)
			}
		})
	}
}

func TestCheckCharRejects(t *testing.T) {
	for name, in := range map[string]string{
		"empty":        "",
		"16 digits":    "1101051949123100",
		"18 digits":    "11010519491231002X",
		"letter":       "1101051949123100A",
		"full-width":   "１1010519491231002",
		"lower-x 17th": "1101051949123100x",
	} {
		t.Run(name, func(t *testing.T) {
			if c, err := idno.CheckChar(in); err == nil {
				t.Errorf("CheckChar(%q) = %c, want an error", in, c)
			} else if !errs.Is(err, errs.Invalid) {
				t.Errorf("CheckChar(%q) error code = %s, want invalid", in, errs.CodeOf(err))
			}
		})
	}
}

func TestUpgrade15(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"GB 11643 example", "110105491231002", "11010519491231002X"},
		{"Henan", "410105491231002", "410105194912310020"},
		{"Dingxi", "621121850315123", "621121198503151231"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := idno.Upgrade15(tt.in)
			if err != nil {
				t.Fatalf("Upgrade15(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Upgrade15(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	for _, in := range []string{"", "11010549123100", "1101054912310021", "11010549123100X", " 110105491231002"} {
		if got, err := idno.Upgrade15(in); err == nil {
			t.Errorf("Upgrade15(%q) = %q, want an error", in, got)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want idno.Number
	}{
		{
			name: "18 digits ending in X",
			raw:  "11010519491231002X",
			want: idno.Number{ID: "11010519491231002X", Kind: idno.ID18, AddressCode: "110105",
				Birth: date(1949, 12, 31)},
		},
		{
			name: "lower-case x",
			raw:  "11010519491231002x",
			want: idno.Number{ID: "11010519491231002X", Kind: idno.ID18, AddressCode: "110105",
				Birth: date(1949, 12, 31)},
		},
		{
			name: "spaces, tab and ideographic space around",
			raw:  " \t621121198503151231\u3000",
			want: idno.Number{ID: "621121198503151231", Kind: idno.ID18, AddressCode: "621121",
				Birth: date(1985, 3, 15), Male: true},
		},
		{
			name: "born before 1900 still parses",
			raw:  "440524188001010014",
			want: idno.Number{ID: "440524188001010014", Kind: idno.ID18, AddressCode: "440524",
				Birth: date(1880, 1, 1), Male: true},
		},
		{
			name: "wrong check character still parses",
			raw:  "110105194912310021",
			want: idno.Number{ID: "110105194912310021", Kind: idno.ID18, AddressCode: "110105",
				Birth: date(1949, 12, 31)},
		},
		{
			name: "no such date: zero birth",
			raw:  "621121202302290020",
			want: idno.Number{ID: "621121202302290020", Kind: idno.ID18, AddressCode: "621121"},
		},
		{
			name: "15 digits upgraded",
			raw:  "621121850315123",
			want: idno.Number{ID: "621121198503151231", Kind: idno.ID15, AddressCode: "621121",
				Birth: date(1985, 3, 15), Male: true},
		},
		{
			name: "disability certificate, 20 digits",
			raw:  "62112119850315123114",
			want: idno.Number{ID: "621121198503151231", Kind: idno.Disability20, AddressCode: "621121",
				Birth: date(1985, 3, 15), Male: true, DisabilityCategory: 1, DisabilityGrade: 4},
		},
		{
			name: "disability certificate on an X ID, lower case",
			raw:  "11010519491231002x72",
			want: idno.Number{ID: "11010519491231002X", Kind: idno.Disability20, AddressCode: "110105",
				Birth: date(1949, 12, 31), DisabilityCategory: 7, DisabilityGrade: 2},
		},
		{
			name: "disability certificate, 22 characters",
			raw:  "4201011981120112384" + "3B1",
			want: idno.Number{ID: "420101198112011238", Kind: idno.Disability22, AddressCode: "420101",
				Birth: date(1981, 12, 1), Male: true, DisabilityCategory: 4, DisabilityGrade: 3},
		},
		{
			name: "disability category 8 parses, Check rejects it",
			raw:  "62112119850315123181",
			want: idno.Number{ID: "621121198503151231", Kind: idno.Disability20, AddressCode: "621121",
				Birth: date(1985, 3, 15), Male: true, DisabilityCategory: 8, DisabilityGrade: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := idno.Parse(tt.raw)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.raw, err)
			}
			tt.want.Raw = tt.raw
			if got != tt.want {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.raw, got, tt.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		raw  string
	}{
		{"empty", ""},
		{"only spaces", "   "},
		{"17 digits", "11010519491231002"},
		{"19 digits", "1101051949123100211"},
		{"scientific notation", "4.10105194912E+17"},
		{"letter inside", "1101051949123100A2"},
		{"X not last", "1101051949123100X2"},
		{"X in a 15-digit number", "11010549123100X"},
		{"Y as check character", "11010519491231002Y"},
		{"full-width digit", "１10105194912310021"},
		{"Chinese character", "11010519491231002号"},
		{"space inside", "110105 19491231002X"},
		{"letter as disability category", "11010519491231002XA1"},
		{"punctuation in the 22-character tail", "11010519491231002X11-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := idno.Parse(tt.raw)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", tt.raw, n)
			}
			if !errs.Is(err, errs.Invalid) {
				t.Errorf("Parse(%q) error code = %s, want invalid", tt.raw, errs.CodeOf(err))
			}
			if errs.Message(err) == "" {
				t.Errorf("Parse(%q) error has no message", tt.raw)
			}
		})
	}
}

func TestParseErrorNamesPosition(t *testing.T) {
	_, err := idno.Parse("1101051949123100A2")
	if got, want := errs.Message(err), "证件号码第17位“A”不是合法字符"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	_, err = idno.Parse("11010519491231002")
	if got, want := errs.Message(err), "证件号码长度为17位，应为18位（旧号码15位，残疾人证号20或22位）"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestMake(t *testing.T) {
	tests := []struct {
		name    string
		address string
		birth   time.Time
		seq     int
		want    string
	}{
		{"GB 11643 example", "110105", date(1949, 12, 31), 2, "11010519491231002X"},
		{"12-digit division code cut to 6", "621121100201", date(1985, 3, 15), 123, "621121198503151231"},
		{"valid ID ending in 000", "620102", date(1975, 6, 1), 400, "620102197506014000"},
		{"time of day ignored", "420101", time.Date(1981, 12, 1, 23, 59, 0, 0, time.UTC), 123, "420101198112011238"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := idno.Make(tt.address, tt.birth, tt.seq)
			if got != tt.want {
				t.Fatalf("Make = %q, want %q", got, tt.want)
			}
			n, err := idno.Parse(got)
			if err != nil {
				t.Fatalf("Parse(Make) %q: %v", got, err)
			}
			if d := idno.Check(got, date(2025, 9, 1)); d != nil {
				t.Errorf("Check(Make) %q = %v, want no defect", got, d)
			}
			if n.Male != (tt.seq%2 == 1) {
				t.Errorf("Male = %v for seq %d", n.Male, tt.seq)
			}
		})
	}
}

func TestMakePanics(t *testing.T) {
	tests := []struct {
		name    string
		address string
		birth   time.Time
		seq     int
	}{
		{"short address", "62112", date(1985, 3, 15), 1},
		{"letter in address", "62112A", date(1985, 3, 15), 1},
		{"negative seq", "621121", date(1985, 3, 15), -1},
		{"seq 1000", "621121", date(1985, 3, 15), 1000},
		{"5-digit year", "621121", date(10000, 1, 1), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Make(%q, %v, %d) did not panic", tt.address, tt.birth, tt.seq)
				}
			}()
			idno.Make(tt.address, tt.birth, tt.seq)
		})
	}
}

func TestAge(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name       string
		birth, ref time.Time
		want       int
	}{
		{"day before birthday", date(1985, 3, 15), date(2025, 3, 14), 39},
		{"on birthday", date(1985, 3, 15), date(2025, 3, 15), 40},
		{"earlier month", date(1985, 3, 15), date(2025, 2, 28), 39},
		{"later month", date(1985, 3, 15), date(2025, 9, 1), 40},
		{"born 29 Feb, 28 Feb of a common year", date(2000, 2, 29), date(2023, 2, 28), 22},
		{"born 29 Feb, 1 Mar of a common year", date(2000, 2, 29), date(2023, 3, 1), 23},
		{"born 29 Feb, 29 Feb of a leap year", date(2000, 2, 29), date(2024, 2, 29), 24},
		{"born on the reference date", date(2024, 9, 1), date(2024, 9, 1), 0},
		{"ref before birth", date(2024, 9, 2), date(2024, 9, 1), -1},
		{"ref in local time reads its own calendar day", date(1985, 3, 15),
			time.Date(2025, 3, 15, 0, 30, 0, 0, shanghai), 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := idno.Age(tt.birth, tt.ref); got != tt.want {
				t.Errorf("Age(%v, %v) = %d, want %d", tt.birth, tt.ref, got, tt.want)
			}
		})
	}
}

func TestSex(t *testing.T) {
	tests := []struct {
		raw  string
		want string
	}{
		{"11010519491231002X", "女"},
		{"621121198503151231", "男"},
		{"621121850315123", "男"},
		{"620102197506014000", "女"},
	}
	for _, tt := range tests {
		n, err := idno.Parse(tt.raw)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.raw, err)
		}
		if got := idno.Sex(n); got != tt.want {
			t.Errorf("Sex(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
	if got := idno.Sex(idno.Number{}); got != "" {
		t.Errorf("Sex of the zero Number = %q, want empty", got)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[idno.Kind]string{
		idno.ID18: "18位身份证号码", idno.ID15: "15位旧身份证号码",
		idno.Disability20: "20位残疾人证号", idno.Disability22: "22位残疾人证号", 0: "未知",
	} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}
