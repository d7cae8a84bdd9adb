package rules

import (
	"testing"

	"github.com/gonggu/gonggu/internal/registry"
)

var ind3Tested = []string{"I3-01"}

func TestI3_01RelocatedNobodyWorking(t *testing.T) {
	relocated := func(a *registry.Aggregate) {
		a.Household.Relocated, a.Household.RelocationSite = registry.Yes, "城关安置点"
	}
	noWork := func(a *registry.Aggregate) {
		for i := range a.Persons {
			a.Persons[i].WorkLocation, a.Persons[i].WorkMonths = "", registry.Count{}
		}
	}
	runCases(t, "I3-01", []ruleCase{
		{name: "relocated, working", mut: relocated},
		{name: "relocated, nobody works", mut: both(relocated, noWork), want: []string{hhNo}, text: "2 名普通或技能劳动力，就业的只有 0 人，少于 1 人"},
		{name: "relocated, one post holder", mut: both(relocated, noWork, post(0, "乡村公益性岗位", 12))},
		{name: "relocated without labour", mut: both(relocated, noWork, labour("丧失劳动力"))},
		{name: "not relocated", mut: noWork},
	})
}
