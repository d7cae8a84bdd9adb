package cli

import (
	"context"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// domains wire the domains around the registry into the screening engine: each adds the
// objects its rules judge (screen.ObjectSource) and the facts it knows about households
// (screen.Facts). A new domain adds its line here.
var domains = []func(db *store.DB, e *screen.Engine){wireRecognition, wireDuties, wireRelocation, wireEmployment, wireAssistance, wireFunds, wireSupport, wireProcedure, wireArchives, wireWorkPlan}

// newEngine returns the screening engine over db with every domain wired in: the one engine
// the commands and the web use.
func (m *Main) newEngine(db *store.DB) *screen.Engine {
	e := screen.New(db)
	e.Now, e.Log = m.Now, m.Log
	for _, wire := range domains {
		wire(db, e)
	}
	return e
}

// demoFills fill a domain's demo data (cadres and visits, projects and funds …) for the demo
// area after its households are generated, before it is screened. A new domain adds its line
// here.
var demoFills = []func(ctx context.Context, m *Main, db *store.DB, tree *region.Tree, area region.Code) error{fillSupport, fillFollowup, fillFundsDemo, fillRecognition, fillProcedures, fillArchives, fillWorkPlan, fillDeptLists}
