package web

import (
	"testing"

	"github.com/gonggu/gonggu/internal/importer"
)

// TestImportProgressNeverGoesBack: the progress bar of an import moves through reading,
// checking, the wait for the user and writing without ever going back, whatever the phases
// report.
func TestImportProgressNeverGoesBack(t *testing.T) {
	job := &importJob{}
	last := -1
	check := func(what string) {
		t.Helper()
		if job.st.Percent < last || job.st.Percent > 100 {
			t.Fatalf("%s: the bar went from %d to %d", what, last, job.st.Percent)
		}
		last = job.st.Percent
	}
	job.pass(0, 50)
	check("start")
	for _, p := range []importer.Progress{
		{Phase: importer.PhaseRead, Done: 10, Total: 100}, {Phase: importer.PhaseRead, Done: 90, Total: 100},
		{Phase: importer.PhaseRead, Done: 100, Total: 100}, {Phase: importer.PhaseCheck, Done: 0, Total: 40},
		{Phase: importer.PhaseCheck, Done: 40, Total: 40}, {Phase: importer.PhaseRead, Done: 5, Total: 100},
		{Phase: importer.PhaseRead, Done: 200, Total: 100}, {Phase: "unknown", Done: 1, Total: 2},
	} {
		job.advance(p)
		check(string(p.Phase))
	}
	if job.st.Percent > 50 {
		t.Errorf("reading and checking took the bar to %d, past its half", job.st.Percent)
	}
	job.pass(50, 50)
	check("write")
	for _, p := range []importer.Progress{
		{Phase: importer.PhaseWrite, Done: 1, Total: 10}, {Phase: importer.PhaseWrite, Done: 10, Total: 10},
		{Phase: importer.PhaseIndex, Done: 0, Total: 1}, {Phase: importer.PhaseIndex, Done: 1, Total: 1},
		{Phase: importer.PhaseWrite, Done: 0, Total: 10},
	} {
		job.advance(p)
		check(string(p.Phase))
	}
	if job.st.Percent < 90 || job.st.Percent == 100 {
		t.Errorf("after writing the bar shows %d", job.st.Percent)
	}
}
