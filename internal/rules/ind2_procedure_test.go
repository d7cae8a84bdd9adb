package rules

import (
	"testing"

	"github.com/gonggu/gonggu/internal/policy"
)

// TestProcedureExplanations: each procedure rule's sentence names the procedure, the dates and
// the deadline it missed.
func TestProcedureExplanations(t *testing.T) {
	for _, tc := range []struct {
		rule string
		obj  func() Object
		want string
	}{
		{"I2-41", procCase(procLead(11, 22)), "户「H1」的识别纳入程序于 2026-11-22 发现线索（入户走访发现），至今未入户核实，已超过核实期限 2026-11-27"},
		{"I2-42", procCase(procLead(11, 12), procSteps(3)), "户「H1」的识别纳入程序于 2026-11-12 发现线索，至今未经县级审定，超过识别时限 2026-11-27"},
		{"I2-42", procCase(procLead(11, 1), procSteps(5), procCountyOn(11, 17)), "户「H1」的识别纳入程序于 2026-11-01 发现线索，2026-11-17 才经县级审定，超过识别时限 2026-11-16"},
		{"I2-43", procCase(procLead(11, 17), procSteps(3), procNotice(11, 20, 11, 24)), "户「H1」的识别纳入程序的村内公示 2026-11-24 期满，乡镇至今未审核，已超过审核期限 2026-11-27"},
		{"I2-44", procCase(procLead(11, 1), procSteps(5), procEliminate), "户「H1」的风险消除程序已于 2026-11-12 经县级审定，至今未录入全国防返贫监测信息系统，已超过录入期限 2026-11-17"},
	} {
		r := Objects().Get(tc.rule)
		c := &Context{P: policy.MustDefaults(2026).Restrict(r.Params), Ref: testRef, Year: 2026, World: NoWorld{}}
		var got []string
		ObjectCatalog{r}.Evaluate(c, tc.obj(), func(h ObjectHit) { got = append(got, h.Explanation) })
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: %q\nwant %q", tc.rule, got, tc.want)
		}
	}
}
