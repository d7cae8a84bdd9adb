package store

import (
	"context"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/relocation"
)

// SiteSupport is a follow-up record of a site's relocated household as the site's page lists
// it: with the household's village and head.
type SiteSupport struct {
	relocation.FollowUp
	Village region.Code
	Head    string
}

// SiteFollowUps lists the follow-up records of the relocated households of a site whose
// village lies in scope, newest first, at most limit of them, and how many there are in all:
// one query for the whole site rather than one per household.
func (s *Relocation) SiteFollowUps(ctx context.Context, county region.Code, siteID string, scope region.Code, limit int) ([]SiteSupport, int, error) {
	hwhere, hargs := householdScope(scope)
	from := ` FROM relocation_residents r JOIN households h ON h.county_code = r.county_code AND h.household_no = r.household_no
		JOIN relocation_followups f ON f.county_code = r.county_code AND f.household_no = r.household_no
		WHERE r.county_code = ? AND r.site_id = ? AND ` + hwhere
	args := append([]any{string(county), siteID}, hargs...)
	var total int
	if err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*)`+from), args...).Scan(&total); err != nil {
		return nil, 0, internal(err, "relocation.sitefollowups")
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT f.id, f.household_no, f.on_date, f.kind, f.content, f.by_whom, f.source, h.village_code,
		COALESCE((SELECT MIN(p.name) FROM persons p WHERE p.county_code = r.county_code AND p.household_no = r.household_no AND p.relation = '户主'), '')`+
		from+` ORDER BY f.on_date DESC, f.id DESC LIMIT ?`), append(args, limit)...)
	if err != nil {
		return nil, 0, internal(err, "relocation.sitefollowups")
	}
	defer rows.Close()
	var out []SiteSupport
	for rows.Next() {
		v := SiteSupport{FollowUp: relocation.FollowUp{County: county}}
		var village string
		if err := rows.Scan(&v.ID, &v.HouseholdNo, &v.On, &v.Kind, &v.Content, &v.By, &v.Source, &village, &v.Head); err != nil {
			return nil, 0, internal(err, "relocation.sitefollowups")
		}
		v.Village = region.Code(village)
		out = append(out, v)
	}
	return out, total, internal(rows.Err(), "relocation.sitefollowups")
}
