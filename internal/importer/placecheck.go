package importer

import (
	"strings"

	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/region"
)

// placeProblem checks the village a member row's place resolved to (its 12-digit code)
// against two things, and returns the blocking problem when one fails:
//
//   - the importing user's region (Scope): a row of another county is outside it, which is
//     what the user must be told, rather than that its names do not exist;
//   - the row's 户编号: the national system numbers a household after its village (the village's
//     12 digits and a serial number), so a 户编号 whose first 12 digits name another county,
//     township or village than the row's place is a mistake in one or the other, and
//     importing it would make a new household of it.
//
// A 户编号 that does not start with 12 digits, or whose prefix is a code the division tree does
// not know within the same county (an older village code after a merger), is not checked.
func (im *Importer) placeProblem(no, village string) *nationalfmt.Problem {
	v := region.Code(village)
	if v == "" {
		return nil
	}
	if im.Scope != "" && !im.Scope.Contains(v) {
		return &nationalfmt.Problem{Col: nationalfmt.Members.Column("村"), Value: im.placeName(v), Blocking: true,
			Reason: "本行所在地「" + im.placeName(v) + "」不在您的管辖范围（" + im.placeName(im.Scope) + "）内，不能导入；" +
				"请只导入本地区的数据，或由上级地区的用户导入"}
	}
	if len(no) < 12 || strings.Trim(no[:12], "0123456789") != "" {
		return nil
	}
	prefix, err := region.ParseCode(no[:12])
	if err != nil || prefix == v {
		return nil
	}
	known := im.Tree.Has(prefix)
	if !known && prefix.County() == v.County() {
		return nil
	}
	what := "村"
	switch {
	case prefix.County() != v.County():
		what = "县"
	case prefix.Up(region.Township) != v.Up(region.Township):
		what = "乡镇"
	}
	named := no[:12]
	if known {
		named = im.placeName(prefix) + "（" + no[:12] + "）"
	}
	return &nationalfmt.Problem{Col: nationalfmt.Members.Column("户编号"), Value: no, Blocking: true,
		Reason: "户编号 " + no + " 的前 12 位是" + named + "的区划代码，与本行所在地「" + im.placeName(v) + "」不是同一个" + what +
			"：户编号或省市县乡村各列有一处填错，请核对后改正（不改正将被当作另一户导入）"}
}

// placeName names a region for a message: its full name, or its code when the tree does not
// know it.
func (im *Importer) placeName(c region.Code) string {
	if n := im.Tree.FullName(c); n != "" {
		return n
	}
	return string(c)
}
