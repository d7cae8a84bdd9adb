package nationalfmt

import "testing"

// TestPersonColumns: the member columns written once per household and repeated on each
// member's row are exactly those that do not depend on the member.
func TestPersonColumns(t *testing.T) {
	want := map[string]bool{"人口编号": true, "姓名": true, "证件号码": true, "与户主关系": true, "务工时间（月）": true,
		"离开日期": true, "未采集字段": true, "户编号": false, "户主姓名": false, "户主证件号码": false, "县": false,
		"户类型": false, "识别监测时间": false, "人均纯收入": false}
	seen := 0
	for j, c := range memberColumns {
		if w, ok := want[c.Name]; ok {
			seen++
			if personColumns[j] != w {
				t.Errorf("column %s: per person %v, want %v", c.Name, personColumns[j], w)
			}
		}
		if (c.Level == LevelPerson) != personColumns[j] && c.Name != "未采集字段" {
			t.Errorf("column %s (level %d): per person %v", c.Name, c.Level, personColumns[j])
		}
	}
	if seen < 10 {
		t.Errorf("only %d of the columns named here are written", seen)
	}
}
