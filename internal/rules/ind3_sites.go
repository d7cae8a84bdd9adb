package rules

import (
	"fmt"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/relocation"
)

// Indicator 3, the resettlement sites (安置点): every facility of a site has a custodian and
// upkeep funding, and somebody — a property manager or public-welfare posts — keeps the site
// clean and its facilities cared for.
var _ = registerObjects(
	&ObjectRule{
		ID: "I3-04", Indicator: 3, Severity: Medium, Kind: relocation.KindSite,
		Title:   "安置点配套设施无人管护或无管护经费",
		Explain: "%s有 %d 项配套设施%s",
		Basis: "易地扶贫搬迁安置点的配套设施应明确管护主体、落实管护经费，防止设施闲置损坏（后评估“易地搬迁后续扶持”指标：安置点无人管护或无管护经费）；" +
			"管护经费以台账中的金额或经费来源为准",
		Fix: "由县搬迁后续扶持部门会同乡镇逐项明确配套设施的管护责任单位和责任人，把管护经费纳入预算或从设施收益、村集体经济中列支，更新配套设施管护台账",
		Cases: []ObjectCase{
			{Desc: "安置点 3 项设施都有管护责任人和管护经费", Object: siteCase()},
			{Desc: "安置点的「社区卫生服务站」没有管护责任人", Object: siteCase(siteUnkept("社区卫生服务站", "", 20000, "")), Fires: true},
			{Desc: "安置点的「扶贫车间厂房」有管护责任人，但没有管护经费，也没有经费来源", Object: siteCase(siteUnkept("扶贫车间厂房", "县工业园区管委会", 0, "")), Fires: true},
			{Desc: "安置点的「文化广场」管护经费为 0，经费来源为「村集体经济收益」", Object: siteCase(siteUnkept("文化广场", "城关社区", 0, "村集体经济收益"))},
		},
		Check: func(c *Context, o Object, emit Emit) {
			s := o.(*relocation.SiteObject)
			var what []string
			for _, f := range s.Facilities {
				switch {
				case f.Custodian == "" && !f.Funded():
					what = append(what, "「"+f.Name+"」无管护责任人、无管护经费")
				case f.Custodian == "":
					what = append(what, "「"+f.Name+"」无管护责任人")
				case !f.Funded():
					what = append(what, "「"+f.Name+"」无管护经费")
				}
			}
			if len(what) > 0 {
				emit(s.ID(), s.Label(), len(what), "："+joinCN(what))
			}
		},
	},
	&ObjectRule{
		ID: "I3-05", Indicator: 3, Severity: Medium, Kind: relocation.KindSite,
		Title:   "安置点保洁和设施看护无人负责",
		Explain: "%s安置 %d 户，没有物业管理单位，也没有公益性岗位负责保洁和设施看护",
		Basis: "安置点社区的环境卫生和公共设施日常看护应由物业服务或公益性岗位承担（后评估“易地搬迁后续扶持”指标）；" +
			"只在县里建有公益性岗位台账时判断：岗位以台账中登记在该安置点、当日在岗的为准",
		Fix: "为安置点落实物业服务单位，或从搬迁群众中开发保洁、设施看护等公益性岗位（在岗位台账中登记所在安置点编号）",
		Cases: []ObjectCase{
			{Desc: "安置点有物业管理单位「城关物业公司」", Object: siteCase()},
			{Desc: "安置点没有物业管理单位，有 2 个公益性岗位负责保洁", Object: siteCase(siteManager(""), siteCarePosts(2))},
			{Desc: "安置点没有物业管理单位，也没有在岗的保洁、看护岗位", Object: siteCase(siteManager(""), siteCarePosts(0)), Fires: true},
			{Desc: "安置点没有物业管理单位，县里没有公益性岗位台账（未采集）", Object: siteCase(siteManager(""), func(s *relocation.SiteObject) { s.PostsKept = false })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			s := o.(*relocation.SiteObject)
			if s.Manager == "" && s.PostsKept && s.CarePosts == 0 {
				emit(s.ID(), s.Label(), max(s.Residents, s.Households))
			}
		},
	},
)

// siteCase is a resettlement site of 120 households with a property manager and three facilities
// each with a custodian and funding, changed by the options.
func siteCase(opts ...func(*relocation.SiteObject)) func() Object {
	return func() Object {
		s := &relocation.SiteObject{
			Site: relocation.Site{ID: "AZD01", County: region.Code(village).County(), Region: village, Name: "城关安置点", Way: "城镇安置",
				Households: 120, People: 480, Built: registry.NewDate(2019, 10, 1), Manager: "城关物业公司"},
			Residents: 118, PostsKept: true,
		}
		for i, n := range []string{"社区卫生服务站", "扶贫车间厂房", "文化广场"} {
			s.Facilities = append(s.Facilities, relocation.Facility{SiteID: "AZD01", Name: n, Custodian: fmt.Sprintf("管护员%d", i+1),
				Funding: registry.Yuan(20000)})
		}
		for _, o := range opts {
			o(s)
		}
		return s
	}
}

// siteUnkept replaces the site's facility of the name with one kept as given.
func siteUnkept(name, custodian string, yuan int64, source string) func(*relocation.SiteObject) {
	return func(s *relocation.SiteObject) {
		for i := range s.Facilities {
			if s.Facilities[i].Name == name {
				s.Facilities[i].Custodian, s.Facilities[i].Funding, s.Facilities[i].Source = custodian, registry.Yuan(yuan), source
			}
		}
	}
}

func siteManager(m string) func(*relocation.SiteObject) {
	return func(s *relocation.SiteObject) { s.Manager = m }
}

func siteCarePosts(n int) func(*relocation.SiteObject) {
	return func(s *relocation.SiteObject) { s.CarePosts = n }
}
