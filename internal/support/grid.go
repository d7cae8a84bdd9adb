package support

import (
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The roles of a grid member.
const (
	GridLeader = "网格长"
	GridWorker = "网格员"
)

// GridRoles lists the roles of a grid member.
var GridRoles = []string{GridLeader, GridWorker}

// Grid is a part of a village (网格) whose households a few grid members look after: they
// know every family and report a hardship as soon as it appears.
type Grid struct {
	ID      string
	County  region.Code
	Village region.Code
	Name    string
	Source  string
}

// Validate checks the grid.
func (g *Grid) Validate() error {
	if g.Village.Level() != region.Village || g.County != g.Village.County() {
		return errs.E(errs.Invalid, "网格的所在村「%s」无效", g.Village)
	}
	return text("网格名称", g.Name, maxUnit, true)
}

// GridMember is a cadre who looks after a grid. A grid member confirms the role: the
// evaluators found grid members who did not know they were.
type GridMember struct {
	County    region.Code
	GridID    string
	CadreID   string
	Name      string // the cadre's name, as shown
	Role      string
	Confirmed registry.Date // when the member confirmed the role; blank until then
}

// Validate checks the member.
func (m *GridMember) Validate() error {
	if m.GridID == "" || m.CadreID == "" {
		return errs.E(errs.Invalid, "网格员缺少网格或人员")
	}
	if m.Role == "" {
		m.Role = GridWorker
	}
	if !registry.In(GridRoles, m.Role) {
		return errs.E(errs.Invalid, "网格职务应为网格长或网格员，不是「%s」", m.Role)
	}
	return nil
}
