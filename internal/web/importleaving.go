package web

import (
	"context"

	"github.com/gonggu/gonggu/internal/region"
)

// ImportLeaving is implemented by the Imports that ask before they mark people as left: an
// import lists the current members of the file's households that the file no longer lists
// (they may have left, or the file may have lost them: cut short, rows deleted), and marks them
// as left only when the user confirms on the import page.
type ImportLeaving interface {
	// Leaving returns the people an import found missing from its file's households.
	Leaving(ctx context.Context, id string) (ImportLeavers, error)
	// MarkLeft marks them as left: the import's file is imported again with the people it
	// no longer lists marked as left. The work is queued like an upload; Status follows it.
	MarkLeft(ctx context.Context, id string) error
}

// ImportLeavers are the people an import found missing from its file's households.
type ImportLeavers struct {
	Total  int            // how many
	People []ImportLeaver // the first of them (at most importer.MaxLeaving)
	// Short counts the households whose rows list fewer members than their 家庭人口数: the
	// file itself says people are missing from it.
	Short int
	// Marked is set once they have been marked as left; Pending while they wait for the
	// user's word (false once marked, or when the import was abandoned or expired).
	Marked, Pending bool
}

// ImportLeaver is one person an import found missing from its file.
type ImportLeaver struct {
	HouseholdNo, PersonNo, Name string
	Village                     region.Code
	// Declared and Listed are the household's 家庭人口数 and the members the file lists, when
	// the file lists fewer than it declares (0 otherwise).
	Declared, Listed int
}
