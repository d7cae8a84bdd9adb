// Command mkdata builds divisions.txt.gz, the division codes that package region embeds, from
// the five CSV files of the national statistical division codes (provinces.csv, cities.csv,
// areas.csv, streets.csv, villages.csv.gz).
//
// The output is a gzip file of sorted lines "code<TAB>name", codes at their natural length
// (2, 4, 6, 9 or 12 digits), so that a region's subtree follows it. It is written as one gzip
// member per province, like BGZF: the header of each member carries an extra subfield "GG"
// with the member's size in bytes (uint32, little endian) and the 2-digit province code, so a
// reader can go straight to one province. `gzip -dc` still reads the whole file.
//
// A code whose last segment is zero (东莞市 441900 under 4419, 金门县 350527000 under 350527) has
// the same 12-digit form as its parent; such a row is dropped and its children hang from the
// parent.
//
// Usage: go run ./internal/mkdata -src ../../../shared/data/divisions -out divisions.txt.gz
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type row struct{ code, name string }

func main() {
	src := flag.String("src", "../../../shared/data/divisions", "folder with the five division files")
	out := flag.String("out", "divisions.txt.gz", "file to write")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mkdata:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	files := []struct {
		name   string
		digits int
		parent string // column holding the parent code; "" for provinces
	}{
		{"provinces.csv", 2, ""},
		{"cities.csv", 4, "provinceCode"},
		{"areas.csv", 6, "cityCode"},
		{"streets.csv", 9, "areaCode"},
		{"villages.csv.gz", 12, "streetCode"},
	}
	seen := map[string]string{}
	var rows []row
	for _, f := range files {
		rs, err := readFile(filepath.Join(src, f.name), f.digits, f.parent)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if _, dup := seen[r.code]; dup {
				return fmt.Errorf("%s: duplicate code %s", f.name, r.code)
			}
			seen[r.code] = r.name
		}
		rows = append(rows, rs...)
		fmt.Fprintf(os.Stderr, "%s: %d rows\n", f.name, len(rs))
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].code < rows[j].code })

	kept := rows[:0]
	for _, r := range rows {
		if len(r.code) > 2 && strings.Trim(r.code[segStart(len(r.code)):], "0") == "" {
			fmt.Fprintf(os.Stderr, "dropped %s %s: same 12-digit code as its parent\n", r.code, r.name)
			continue
		}
		kept = append(kept, r)
	}

	var file bytes.Buffer
	for i := 0; i < len(kept); {
		j := i + 1
		for j < len(kept) && kept[j].code[:2] == kept[i].code[:2] {
			j++
		}
		if err := writeMember(&file, kept[i:j]); err != nil {
			return err
		}
		i = j
	}
	fmt.Fprintf(os.Stderr, "%s: %d regions, %d bytes\n", out, len(kept), file.Len())
	return os.WriteFile(out, file.Bytes(), 0o644)
}

// segStart returns where the last segment of a code of n digits starts.
func segStart(n int) int {
	if n > 6 {
		return n - 3
	}
	return n - 2
}

func readFile(path string, digits int, parentCol string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := func(name string) int {
		for i, h := range header {
			if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) == name {
				return i
			}
		}
		return -1
	}
	ci, ni, pi := col("code"), col("name"), -1
	if parentCol != "" {
		pi = col(parentCol)
	}
	if ci < 0 || ni < 0 || (parentCol != "" && pi < 0) {
		return nil, fmt.Errorf("%s: missing columns in header %q", path, header)
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		code, name := strings.TrimSpace(rec[ci]), strings.TrimSpace(rec[ni])
		if len(code) != digits || strings.Trim(code, "0123456789") != "" {
			return nil, fmt.Errorf("%s: bad code %q", path, code)
		}
		if name == "" || strings.ContainsAny(name, "\t\r\n") {
			return nil, fmt.Errorf("%s: bad name %q for %s", path, name, code)
		}
		if pi >= 0 && !strings.HasPrefix(code, strings.TrimSpace(rec[pi])) {
			return nil, fmt.Errorf("%s: code %s does not start with its parent %s", path, code, rec[pi])
		}
		rows = append(rows, row{code, name})
	}
	return rows, nil
}

// writeMember appends one gzip member holding the rows of one province.
func writeMember(w *bytes.Buffer, rows []row) error {
	var m bytes.Buffer
	zw, err := gzip.NewWriterLevel(&m, gzip.BestCompression)
	if err != nil {
		return err
	}
	// Placeholder size, patched below: "GG", length 6, size (4 bytes), province (2 bytes).
	zw.Extra = []byte{'G', 'G', 6, 0, 0, 0, 0, 0, rows[0].code[0], rows[0].code[1]}
	for _, r := range rows {
		if _, err := fmt.Fprintf(zw, "%s\t%s\n", r.code, r.name); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	b := m.Bytes()
	// Fixed header (10 bytes), XLEN (2 bytes), subfield id and length (4 bytes): size at 16.
	binary.LittleEndian.PutUint32(b[16:20], uint32(len(b)))
	w.Write(b)
	return nil
}
