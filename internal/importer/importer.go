// Package importer imports the national system's exports into the registry, in two steps.
//
// Stage reads every file once, decodes and checks each cell against the national format,
// resolves places to division codes, and spills the decoded rows to temporary files sorted by
// 户编号, so that a household's rows meet even when the file scatters them and a million rows
// never sit in memory. It then checks each household as a whole (its rows agree, its people
// are not listed twice, an income row's household exists) and counts the content defects. The
// result, Staged, says what is wrong, where, and why, in Chinese.
//
// Apply writes the staged households in one transaction: it reads the stored version of each
// household in batches, merges the file into it (only the columns the file has; people the file
// no longer lists are marked as left, not deleted), counts what was added, changed, unchanged
// and left, and commits, or leaves the database as it was on any error. Without Partial it
// refuses to write anything when the files have a blocking error; with Partial it skips the
// households that have one.
//
// The web layer calls the same steps as the command line: save the upload to a file →
// Stage (with Progress) → show the Report and offer Report.WriteXLSX for download → optionally
// Apply with DryRun to show what would change → Apply (with Progress; Partial when the user
// chooses to skip the households with errors) → show the Result and re-screen Result.Written
// → Close the Staged. Imports into one database should run one at a time.
package importer

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// Importer imports files into a database.
type Importer struct {
	DB   *store.DB
	Tree *region.Tree // the division codes the place names are resolved against
	Now  func() time.Time
	Log  *slog.Logger

	// TempDir holds the spill files of staging ("" for the system's temporary folder).
	TempDir string
	// DefaultYear is the year of income rows that have no 年度 (0: such rows are blocking).
	DefaultYear int
	// Username is recorded in the import log.
	Username string
	// Scope, when set, is the region the importing user may change: an import that would add a
	// household outside it, or overwrite one stored outside it (a 户编号 of another township
	// reused in the file), is refused as a whole.
	Scope region.Code

	// Progress, when set, is called as the work advances (at most every few thousand rows).
	Progress func(Progress)

	// AfterWrite, when set, is called after an import is committed, with the 户编号 of the
	// households it added or changed: the screening engine re-screens them there. Its error is
	// returned with the committed Result (the data stays imported; re-screening can be rerun).
	AfterWrite func(ctx context.Context, householdNos []string) error

	// runSize is the size of a spill run in bytes (tests make it small).
	runSize int
	// beforeCommit lets tests fail an import after it has written everything.
	beforeCommit func(ctx context.Context) error
}

// File is a file to import.
type File struct {
	Path string // where it is on disk
	Name string // what the user calls it, for reports ("" for the base of Path)
}

func (f File) name() string {
	if f.Name != "" {
		return f.Name
	}
	return filepath.Base(f.Path)
}

// Phase is a step of an import, for progress reports.
type Phase string

// The phases, in order.
const (
	PhaseRead  Phase = "read"  // reading and checking rows; Done and Total are bytes
	PhaseCheck Phase = "check" // checking households; Done counts households
	PhaseWrite Phase = "write" // writing; Done and Total count households
	PhaseIndex Phase = "index" // rebuilding indexes after a large load
)

// Label returns the phase in Chinese.
func (p Phase) Label() string {
	switch p {
	case PhaseRead:
		return "读取"
	case PhaseCheck:
		return "核对"
	case PhaseWrite:
		return "写入"
	case PhaseIndex:
		return "重建索引"
	}
	return string(p)
}

// Progress is a progress report.
type Progress struct {
	Phase       Phase
	File, Sheet string
	Done, Total int64
	Rows        int // rows read so far, in all files
}

// Options change what Apply does.
type Options struct {
	// Partial imports the households without blocking errors and skips the others.
	Partial bool
	// DryRun does everything but commit: the Result counts what the import would add,
	// change and mark as left, and the database stays as it is.
	DryRun bool
	// MarkLeft marks as left the current members of the file's households that the file no
	// longer lists. Without it they stay as they are and Result.Leaving lists them, for the
	// user to confirm: a file cut short or missing rows must not take people off the register
	// without a word. The command line sets it with --mark-left, the import page once the user
	// has seen the list and confirmed.
	MarkLeft bool
}

func (im *Importer) now() time.Time {
	if im.Now != nil {
		return im.Now()
	}
	return time.Now()
}

func (im *Importer) logger() *slog.Logger {
	if im.Log != nil {
		return im.Log
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

func (im *Importer) progress(p Progress) {
	if im.Progress != nil {
		im.Progress(p)
	}
}
