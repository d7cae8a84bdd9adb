package rules

import (
	"testing"
	"time"
)

// TestListDayIsChinaDay: a list imported at 07:38 on 5 December in China (23:38 UTC the day
// before) is told as imported on 5 December.
func TestListDayIsChinaDay(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 12, 4, 23, 38, 0, 0, time.UTC), "2026-12-05"},
		{time.Date(2026, 12, 4, 15, 59, 0, 0, time.UTC), "2026-12-04"},
		{time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC), "2026-12-05"},
	} {
		if got := listDay(c.at); got != c.want {
			t.Errorf("%s: %s, want %s", c.at, got, c.want)
		}
	}
}
