package region

import "testing"

// TestPlaceIn: each place PlaceIn writes resolves back to the area it was asked for.
func TestPlaceIn(t *testing.T) {
	tree, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	r := NewWorkAreaResolver(tree)
	for _, home := range []Code{"621121100201", "330212001001", "110105001001"} {
		for _, area := range []WorkArea{AreaTownship, AreaCountyOtherTownship, AreaCounty, AreaProvince, AreaOtherProvince, AreaAbroad} {
			for pick := range 5 {
				place := tree.PlaceIn(area, home, pick)
				if place == "" {
					t.Fatalf("%s from %s: no place", area, home)
				}
				got, _, err := r.WorkArea(place, home)
				if err != nil || got != area {
					t.Errorf("%s from %s: %q resolves to %q (%v)", area, home, place, got, err)
				}
			}
		}
	}
}
