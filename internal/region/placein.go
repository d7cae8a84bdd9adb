package region

// Places outside the household's province that workers of the poor western counties most
// often go to, as the 2023 export writes them: county-level, with province and city.
var farPlaces = []string{"浙江省宁波市鄞州区", "广东省深圳市宝安区", "江苏省苏州市昆山市", "新疆维吾尔自治区昌吉回族自治州昌吉市",
	"福建省厦门市集美区", "上海市浦东新区", "天津市滨海新区", "内蒙古自治区鄂尔多斯市东胜区"}

// Countries abroad that workers go to.
var abroadPlaces = []string{"日本", "新加坡", "阿联酋"}

// PlaceIn returns a place, written as the 2023 national export writes 务工所在地 (the county or
// district with its province and city, or the township for work near home), that lies in the
// area relative to the village home. pick chooses among the places that fit, so that a
// generator spreads its workers; the same pick gives the same place. It returns "" when the
// tree holds no fitting place (an area tree without another county of the province).
func (t *Tree) PlaceIn(area WorkArea, home Code, pick int) string {
	if pick < 0 {
		pick = -pick
	}
	county, town := home.Up(County), home.Up(Township)
	switch area {
	case AreaTownship:
		return t.FullName(town)
	case AreaCounty:
		return t.FullName(county)
	case AreaCountyOtherTownship:
		var others []Region
		for _, r := range t.Children(county) {
			if r.Code != town {
				others = append(others, r)
			}
		}
		if len(others) == 0 {
			return ""
		}
		return t.FullName(others[pick%len(others)].Code)
	case AreaProvince:
		var others []Region
		for _, r := range t.Descendants(home.Up(Province), County) {
			if r.Code != county {
				others = append(others, r)
			}
		}
		if len(others) == 0 {
			return ""
		}
		return t.FullName(others[pick%len(others)].Code)
	case AreaOtherProvince:
		prov := t.FullName(home.Up(Province))
		var fits []string
		for _, p := range farPlaces {
			if prov == "" || len(p) < len(prov) || p[:len(prov)] != prov {
				fits = append(fits, p)
			}
		}
		return fits[pick%len(fits)]
	case AreaAbroad:
		return abroadPlaces[pick%len(abroadPlaces)]
	}
	return ""
}
