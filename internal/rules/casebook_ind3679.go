package rules

import (
	"strings"

	"github.com/gonggu/gonggu/internal/employment"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/relocation"
)

// Case-building helpers of the rules of indicators 3, 6, 7 and 9: each changes a casebook
// household the way a case describes it. Members are indexed as in the casebook: 0 the head
// (P1), 1 the wife (P2), 2 the son (P3).

// atWork gives member i a work place (务工所在地 as written) and months of work.
func atWork(i int, place string, months int) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.WorkLocation, p.WorkMonths = place, registry.CountOf(months) })
}

// notWorking clears member i's work record: no place, months, employer or channel.
func notWorking(i int) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) {
		p.WorkLocation, p.WorkMonths, p.Employer, p.WorkChannel = "", registry.Count{}, "", ""
	})
}

// allIdle clears every member's work record.
func allIdle(a *registry.Aggregate) {
	for i := range a.Persons {
		notWorking(i)(a)
	}
}

// jobOf gives member i an employer (务工企业名称) and a channel (就业渠道).
func jobOf(i int, employer, channel string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.Employer, p.WorkChannel = employer, channel })
}

// phoneIs gives member i the phone, as written.
func phoneIs(i int, phone string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.Phone = phone })
}

// skillOf gives member i the 劳动技能.
func skillOf(i int, s string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.LabourSkill = s })
}

// healthIs gives member i the 健康状况.
func healthIs(i int, h string) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.Health = h })
}

// disabilityCert gives member i a 20-digit disability certificate number (残疾人证): the ID number
// with the category (1–7) and grade (1–4) digits, health 残疾 and the category and grade
// columns.
func disabilityCert(i, category, grade int) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) {
		p.IDType = "残疾人证"
		p.IDNumber = p.IDNumber[:18] + string(rune('0'+category)) + string(rune('0'+grade))
		p.Health = "残疾"
		p.DisabilityCategory = registry.DisabilityCategories[category-1]
		p.DisabilityGrade = []string{"一级", "二级", "三级", "四级"}[grade-1]
	})
}

// insured sets member i's 城乡居民 and 城镇职工 basic medical insurance.
func insured(i int, resident, employee registry.Flag) func(a *registry.Aggregate) {
	return person(i, func(p *registry.Person) { p.ResidentMedical, p.EmployeeMedical = resident, employee })
}

// withMeasure adds a measure of the type with the description, without dates (as the national
// export gives it).
func withMeasure(typ, desc string) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		a.Measures = append(a.Measures, registry.Measure{HouseholdNo: hhNo, Seq: len(a.Measures) + 1, Type: typ, Description: desc})
	}
}

// clearMeasures removes every measure.
func clearMeasures(a *registry.Aggregate) { a.Measures = nil }

// relocatedHH makes the household a poverty-relocation household of the 城关 site.
func relocatedHH(a *registry.Aggregate) {
	a.Household.Relocated, a.Household.RelocationSite = registry.Yes, "城关安置点"
}

// businessIn sets the year's 生产经营性收入.
func businessIn(year int, yuan int64) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { a.Income(year).Business = registry.Yuan(yuan) }
}

// incomeYears keeps the income records of the years given, adding a copy of the latest for
// a year the household has none of.
func incomeYears(years ...int) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		last := a.Incomes[len(a.Incomes)-1]
		var kept []registry.Income
		for _, y := range years {
			in := last
			if have := a.Income(y); have != nil {
				in = *have
			}
			in.Year = y
			kept = append(kept, in)
		}
		a.Incomes = kept
	}
}

// notCollected marks the person fields as never provided by any source, on every member.
func notCollected(fs ...registry.Field) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		for i := range a.Persons {
			a.Persons[i].Uncollected = a.Persons[i].Uncollected.With(fs...)
		}
	}
}

// phoneWorld is a registry in which the head's phone, 13912345678, is given by members of n
// households.
func phoneWorld(n int) World { return fakeWorld{phones: map[string]int{"13912345678": n}} }

// postsWorld is a registry in which member i's ID number is held by a person of another
// household too, and posts of the holders have a public-welfare post.
func postsWorld(i, posts int) World {
	k := strings.ToUpper(base().Persons[i].IDNumber[:18])
	return fakeWorld{ids: map[string][]string{k: {hhNo, "H9"}}, posts: map[string]int{k: posts}}
}

// tekunPay adds the year's 特困人员救助供养金 to its 转移性收入.
func tekunPay(year int, yuan int64) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		in := a.Income(year)
		in.TekunPay, in.Transfers = registry.Yuan(yuan), in.Transfers+registry.Yuan(yuan)
	}
}

// tekunAged makes the head a healthy 特困 person of the age (born on 2 January), not working.
func tekunAged(age int) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) {
		born(0, 2026-age, 1, 2)(a)
		p := &a.Persons[0]
		p.Tekun, p.WorkMonths, p.WorkLocation, p.Employer, p.WorkChannel = registry.Yes, registry.Count{}, "", "", ""
	}
}

// monitoredOrdinary is monitored as an ordinary household: an 边缘易致贫户-like household
// under monitoring that is not 脱贫户.
func monitoredOrdinary() *registry.Aggregate {
	a := monitored()
	a.Household.Kind, a.Household.YearOut = registry.KindOrdinary, 0
	return a
}

// wagesOf sets the 2026 工资性收入, in fen.
func wagesOf(fen int64) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { a.Income(2026).Wages = registry.Money(fen) }
}

// perCapitaOf sets the year's income so that 人均纯收入 is yuan (household of 3).
func perCapitaOf(year int, yuan int64) func(a *registry.Aggregate) {
	return func(a *registry.Aggregate) { setPerCapita(a, year, yuan) }
}

// leftSchool makes member i born on the date, out of school with 文化程度 初中 and 普通劳动力.
func leftSchool(i, y, m, d int) func(a *registry.Aggregate) {
	return both(born(i, y, m, d), person(i, func(p *registry.Person) {
		p.Education, p.SchoolStatus, p.LabourSkill = "初中", "", "普通劳动力"
	}))
}

// The ID keys of the casebook's head and wife, as the domains' lists match people.
var (
	headKey   = id(1981, 5, 10, 11)
	spouseKey = id(1983, 3, 2, 12)
)

// listJob is what the employment lists know of a household: the member with the key holds
// the job.
func listJob(key, job string) *employment.Facts {
	return &employment.Facts{Posts: true, Workshops: true, Jobs: map[string][]string{key: {job}}}
}

// followUps is a relocated household of the 城关 site whose follow-up records are one of the
// kind on the day.
func followUps(kind string, y, m, d int) *relocation.Facts {
	return &relocation.Facts{Sites: true, FollowUps: true, Site: "城关安置点",
		Support: []relocation.Support{{On: registry.NewDate(y, monthOf(m), d), Kind: kind}}}
}
