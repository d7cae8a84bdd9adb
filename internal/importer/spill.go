package importer

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/nationalfmt"
)

// stagedRow is a decoded row as the spill keeps it: the non-blank cells by table column, so
// that the check and apply passes decode it again exactly as the read pass did.
type stagedRow struct {
	householdNo string
	sheet       int // index into Staged.sheets
	row         int
	blocked     bool
	village     string // resolved 12-digit village code ("" when unresolved or not a member row)
	fields      []nationalfmt.Field
}

// encode appends the row's record to b.
func (r *stagedRow) encode(b []byte) []byte {
	b = appendString(b, r.householdNo)
	b = binary.AppendUvarint(b, uint64(r.sheet))
	b = binary.AppendUvarint(b, uint64(r.row))
	if r.blocked {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = appendString(b, r.village)
	b = binary.AppendUvarint(b, uint64(len(r.fields)))
	for _, f := range r.fields {
		b = binary.AppendUvarint(b, uint64(f.Col))
		b = appendString(b, f.Value)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// decode reads a record written by encode into r.
func (r *stagedRow) decode(b []byte) error {
	d := decoder{b: b}
	r.householdNo = d.str()
	r.sheet = int(d.uint())
	r.row = int(d.uint())
	r.blocked = d.byte() == 1
	r.village = d.str()
	n := int(d.uint())
	if d.err != nil || n > len(b) {
		return errs.E(errs.Internal, "暂存数据损坏")
	}
	r.fields = r.fields[:0]
	for range n {
		col := int(d.uint())
		r.fields = append(r.fields, nationalfmt.Field{Col: col, Value: d.str()})
	}
	if d.err != nil {
		return errs.Wrap(d.err, errs.Internal, "暂存数据损坏")
	}
	return nil
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errors.New("bad varint")
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.err = errors.New("short record")
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) str() string {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.err = errors.New("short record")
		d.b = nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// spill sorts records by key with bounded memory: records collect in a buffer, each full buffer
// is sorted and written to a run file, and the runs are merged when read. Records with equal
// keys come out in the order they went in.
type spill struct {
	dir   string
	limit int
	buf   []byte
	refs  []spillRef
	runs  []string
	count int
}

type spillRef struct {
	key        string
	start, end int
}

func newSpill(tempDir string, limit int) (*spill, error) {
	dir, err := os.MkdirTemp(tempDir, "gonggu-import-")
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法创建临时文件夹")
	}
	if limit <= 0 {
		limit = 64 << 20
	}
	return &spill{dir: dir, limit: limit}, nil
}

// add adds a record with its sort key.
func (s *spill) add(key string, rec []byte) error {
	start := len(s.buf)
	s.buf = append(s.buf, rec...)
	s.refs = append(s.refs, spillRef{key: key, start: start, end: len(s.buf)})
	s.count++
	if len(s.buf) >= s.limit {
		return s.flush()
	}
	return nil
}

func (s *spill) sortRefs() {
	slices.SortStableFunc(s.refs, func(a, b spillRef) int { return strings.Compare(a.key, b.key) })
}

// flush sorts the buffered records and writes them as a run.
func (s *spill) flush() error {
	if len(s.refs) == 0 {
		return nil
	}
	s.sortRefs()
	name := filepath.Join(s.dir, "run-"+itoa(len(s.runs)))
	f, err := os.Create(name)
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入临时文件")
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var lenBuf []byte
	for _, r := range s.refs {
		lenBuf = binary.AppendUvarint(lenBuf[:0], uint64(r.end-r.start))
		w.Write(lenBuf)
		w.Write(s.buf[r.start:r.end])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return errs.Wrap(err, errs.Internal, "无法写入临时文件（磁盘空间不足？）")
	}
	if err := f.Close(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入临时文件")
	}
	s.runs = append(s.runs, name)
	s.buf, s.refs = s.buf[:0], s.refs[:0]
	return nil
}

// finish prepares the spill for reading: the records of the last buffer are sorted, and kept
// in memory when there are no runs on disk.
func (s *spill) finish() error {
	if len(s.runs) == 0 {
		s.sortRefs()
		return nil
	}
	if err := s.flush(); err != nil {
		return err
	}
	s.buf, s.refs = nil, nil // the runs hold everything now
	return nil
}

// Close removes the run files.
func (s *spill) Close() error { return os.RemoveAll(s.dir) }

// reader returns a reader of the records in key order. A spill can be read several times.
func (s *spill) reader() (*spillReader, error) {
	r := &spillReader{}
	if len(s.runs) == 0 {
		r.mem, r.buf = s.refs, s.buf
		return r, nil
	}
	for i, name := range s.runs {
		f, err := os.Open(name)
		if err != nil {
			r.Close()
			return nil, errs.Wrap(err, errs.Internal, "无法读取临时文件")
		}
		c := &runCursor{f: f, r: bufio.NewReaderSize(f, 256<<10), run: i}
		r.files = append(r.files, f)
		if err := c.advance(); err != nil {
			r.Close()
			return nil, err
		}
		if c.rec != nil {
			r.heap = append(r.heap, c)
		}
	}
	heap.Init(&r.heap)
	return r, nil
}

// spillReader yields the spilled records in key order.
type spillReader struct {
	mem   []spillRef
	buf   []byte
	pos   int
	heap  cursorHeap
	files []*os.File
	last  *runCursor
}

// next returns the next record, or nil at the end. The record is valid until the next call.
func (r *spillReader) next() ([]byte, error) {
	if r.mem != nil || r.files == nil {
		if r.pos >= len(r.mem) {
			return nil, nil
		}
		ref := r.mem[r.pos]
		r.pos++
		return r.buf[ref.start:ref.end], nil
	}
	if r.last != nil {
		if err := r.last.advance(); err != nil {
			return nil, err
		}
		if r.last.rec != nil {
			heap.Push(&r.heap, r.last)
		}
		r.last = nil
	}
	if len(r.heap) == 0 {
		return nil, nil
	}
	c := heap.Pop(&r.heap).(*runCursor)
	r.last = c
	return c.rec, nil
}

func (r *spillReader) Close() error {
	for _, f := range r.files {
		f.Close()
	}
	return nil
}

type runCursor struct {
	f   *os.File
	r   *bufio.Reader
	run int
	buf []byte
	rec []byte
	key []byte
}

func (c *runCursor) advance() error {
	n, err := binary.ReadUvarint(c.r)
	if errors.Is(err, io.EOF) {
		c.rec = nil
		return nil
	}
	if err != nil {
		return errs.Wrap(err, errs.Internal, "临时文件损坏")
	}
	if cap(c.buf) < int(n) {
		c.buf = make([]byte, n)
	}
	c.buf = c.buf[:n]
	if _, err := io.ReadFull(c.r, c.buf); err != nil {
		return errs.Wrap(err, errs.Internal, "临时文件损坏")
	}
	c.rec = c.buf
	d := decoder{b: c.rec}
	k := d.uint()
	if d.err != nil || k > uint64(len(d.b)) {
		return errs.E(errs.Internal, "临时文件损坏")
	}
	c.key = d.b[:k]
	return nil
}

type cursorHeap []*runCursor

func (h cursorHeap) Len() int { return len(h) }
func (h cursorHeap) Less(i, j int) bool {
	if c := bytes.Compare(h[i].key, h[j].key); c != 0 {
		return c < 0
	}
	return h[i].run < h[j].run
}
func (h cursorHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *cursorHeap) Push(x any)   { *h = append(*h, x.(*runCursor)) }
func (h *cursorHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}
