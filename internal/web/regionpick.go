package web

import (
	"strings"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/region"
)

// regionOption is a region offered by a region choice, named with the regions between it and
// the user's own (马营镇 石滩村民委员会), or indented under them in a tree.
type regionOption struct {
	Code  region.Code
	Name  string
	Level region.Level
}

// scopeChoices lists the regions a user may filter by, as a tree in code order: the user's
// region, its children, and for a city or province their children too; and the region chosen
// now (current, "" for none) with the regions above it and, when it is a township, its
// villages, so that a filter opened from a village stays on that village.
func (s *Server) scopeChoices(u *auth.User, current region.Code) []regionOption {
	top, err := s.cfg.Tree.Get(u.Region)
	if err != nil {
		return nil
	}
	if current != "" && (!u.Region.Contains(current) || !s.cfg.Tree.Has(current)) {
		current = ""
	}
	var out []regionOption
	var walk func(r region.Region, depth int)
	walk = func(r region.Region, depth int) {
		out = append(out, regionOption{Code: r.Code, Name: strings.Repeat("　", depth) + r.Name, Level: r.Level})
		open := depth == 0 || (depth == 1 && r.Level < region.Township) ||
			(current != "" && r.Code.Contains(current) && r.Level < region.Village)
		if !open {
			return
		}
		for _, c := range s.cfg.Tree.Children(r.Code) {
			walk(c, depth+1)
		}
	}
	walk(top, 0)
	return out
}

// maxRegionMatches bounds the regions a search of the region picker lists.
const maxRegionMatches = 60

// searchRegions returns the regions in the user's region (the region itself included) whose
// names contain q, down to the villages, each named with the regions between it and the
// user's (马营镇 石滩村民委员会), at most maxRegionMatches of them; below is the lowest level
// wanted (region.Village for all).
func (s *Server) searchRegions(u *auth.User, q string) []regionOption {
	q = strings.Join(strings.Fields(q), "")
	if q == "" {
		return nil
	}
	var out []regionOption
	top, err := s.cfg.Tree.Get(u.Region)
	if err != nil {
		return nil
	}
	if strings.Contains(top.Name, q) {
		out = append(out, regionOption{Code: top.Code, Name: top.Name, Level: top.Level})
	}
	for l := top.Level + 1; l <= region.Village && len(out) < maxRegionMatches; l++ {
		for _, r := range s.cfg.Tree.Descendants(u.Region, l) {
			if !strings.Contains(r.Name, q) {
				continue
			}
			out = append(out, regionOption{Code: r.Code, Name: s.pathName(u.Region, r), Level: r.Level})
			if len(out) == maxRegionMatches {
				break
			}
		}
	}
	return out
}

// pathName names r with the regions between top and it: 马营镇 石滩村民委员会 under 通渭县.
func (s *Server) pathName(top region.Code, r region.Region) string {
	var parts []string
	for _, a := range s.cfg.Tree.Ancestors(r.Code) {
		if top.Contains(a.Code) && a.Code != top {
			parts = append(parts, a.Name)
		}
	}
	return strings.Join(append(parts, r.Name), " ")
}
