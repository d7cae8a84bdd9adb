package screen

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/store"
)

func TestTiming2(t *testing.T) {
	dsn := os.Getenv("TIMING_DB")
	if dsn == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, _ := store.Open(ctx, dsn, time.Now)
	for _, w := range []int{1, 2} {
		en := New(db)
		en.Workers = w
		s := time.Now()
		sum, err := en.Run(ctx, Options{})
		t.Logf("workers %d: %v %v %d", w, time.Since(s), err, sum.Run.Kept)
	}
	rows, _ := db.SQL.Query("SELECT county_code, COUNT(*) FROM households GROUP BY county_code")
	for rows.Next() {
		var c string
		var n int
		rows.Scan(&c, &n)
		t.Log(c, n)
	}
}
