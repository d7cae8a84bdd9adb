package auth

import "github.com/gonggu/gonggu/internal/region"

// Level returns the region level a role is bound to (a village cadre to a village), or 0 when
// the role may sit at any level.
func (r Role) Level() region.Level { return r.level() }
