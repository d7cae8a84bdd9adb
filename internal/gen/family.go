package gen

// kin adds the members of a household under construction: relations, ages, sexes and
// surnames. The head is always the first member.
type kin struct {
	g *generator
	h *house
}

// add appends a member and returns its age (clamped to 0–96) and surname.
func (k kin) add(rel string, age int, male bool, surname string) (int, string) {
	age = max(0, min(age, 96))
	k.h.members = append(k.h.members, member{rel: rel, age: age, male: male, surname: surname, loc: -1})
	return age, surname
}

// other returns a surname of another family.
func (k kin) other() string {
	for {
		if s := k.g.pickW(surnames); s != k.h.surname {
			return s
		}
	}
}

// spouseAge returns the age of the spouse of someone of the age: within 5 years, the wife
// usually younger.
func (k kin) spouseAge(age int, husband bool) int {
	if husband {
		return age - k.g.between(-2, 5)
	}
	return age + k.g.between(-2, 5)
}

// childAge returns the age of a child of a mother of the age: 20–35 years younger.
func (k kin) childAge(mother int) int {
	return mother - k.g.between(20, min(35, max(20, mother)))
}

// children adds n children of a mother of the age, with the relation sons or daughters.
func (k kin) children(n, mother int, surname, sons, daughters string) {
	for range n {
		male := k.g.chance(0.52)
		rel := daughters
		if male {
			rel = sons
		}
		k.add(rel, k.childAge(mother), male, surname)
	}
}

// family draws the members' relations, ages and sexes: 1–8 people (mean ≈ 3.5).
func (g *generator) family(h *house) {
	k := kin{g, h}
	size := 1 + g.pickInt([]int{11, 19, 21, 22, 15, 8, 3, 1})
	switch {
	case size == 1:
		if g.chance(0.6) {
			k.add("户主", g.between(60, 88), g.chance(0.45), h.surname) // widowed
		} else {
			k.add("户主", g.between(30, 59), g.chance(0.8), h.surname) // unmarried
		}
	case size == 2:
		k.pair()
	case g.chance(0.62):
		k.nuclear(size)
	default:
		k.stem(size)
	}
}

// pair builds a household of two: a couple, a single parent and child, or an adult child
// with a widowed parent.
func (k kin) pair() {
	g, h := k.g, k.h
	switch r := g.r.Float64(); {
	case r < 0.62:
		headMale := g.chance(0.92)
		age := g.between(58, 85)
		if r >= 0.45 {
			age = g.between(40, 60)
		}
		k.add("户主", age, headMale, h.surname)
		k.add("配偶", k.spouseAge(age, headMale), !headMale, k.other())
	case r < 0.82:
		headMale := g.chance(0.5)
		age := g.between(38, 65)
		k.add("户主", age, headMale, h.surname)
		mother, surname := age, h.surname
		if headMale {
			mother = age - g.between(0, 5)
		} else if g.chance(0.7) {
			surname = k.other() // the late husband's
		}
		k.children(1, mother, surname, "之子", "之女")
	default:
		age := g.between(28, 50)
		k.add("户主", age, g.chance(0.9), h.surname)
		if g.chance(0.7) {
			k.add("之母", age+g.between(22, 35), false, k.other())
		} else {
			k.add("之父", age+g.between(22, 35), true, h.surname)
		}
	}
}

// nuclear builds a head with spouse (usually), children and sometimes the head's parents.
func (k kin) nuclear(size int) {
	g, h := k.g, k.h
	headMale := g.chance(0.92)
	age := g.between(26, 56)
	k.add("户主", age, headMale, h.surname)
	mother, childSurname := age, h.surname
	spouse := headMale && g.chance(0.93) || !headMale && g.chance(0.3)
	spouseAge, spouseSurname := 0, ""
	switch {
	case spouse:
		spouseAge, spouseSurname = k.add("配偶", k.spouseAge(age, headMale), !headMale, k.other())
		if headMale {
			mother = spouseAge
		} else {
			childSurname = spouseSurname
		}
	case headMale:
		mother = age - g.between(0, 5)
	case g.chance(0.7):
		childSurname = k.other() // the late husband's
	}
	var parents int
	switch {
	case size >= 5:
		parents = g.pickInt([]int{55, 30, 15})
	case size == 4:
		parents = g.pickInt([]int{75, 20, 5})
	default:
		parents = g.pickInt([]int{85, 15})
	}
	n := size - 1 - parents // children
	if spouse {
		n--
	}
	for n < 1 && parents > 0 {
		parents--
		n++
	}
	if n >= 2 && g.chance(0.03) {
		k.add("之兄弟姐妹", age+g.between(-8, 8), g.chance(0.6), h.surname)
		n--
	}
	k.children(n, max(mother, 20), childSurname, "之子", "之女")
	if parents == 0 {
		return
	}
	// A married woman heading the household may live with her husband's parents.
	base, father, mo, fs := age, "之父", "之母", h.surname
	if !headMale && spouse && g.chance(0.5) {
		base, father, mo, fs = spouseAge, "之公公", "之婆婆", spouseSurname
	}
	fa := base + g.between(22, 35)
	ma := max(base+20, fa-g.between(0, 5))
	switch {
	case parents == 2:
		k.add(father, fa, true, fs)
		k.add(mo, ma, false, k.other())
	case g.chance(0.7):
		k.add(mo, ma, false, k.other())
	default:
		k.add(father, fa, true, fs)
	}
}

// stem builds an elder head with spouse (usually), a married son and daughter-in-law (or a
// daughter and 女婿), grandchildren and maybe an unmarried child.
func (k kin) stem(size int) {
	g, h := k.g, k.h
	headMale := g.chance(0.85)
	age := g.between(50, 78)
	k.add("户主", age, headMale, h.surname)
	mother := age
	line := h.surname // the surname of the head's children
	spouse := headMale && size >= 4 && g.chance(0.8)
	switch {
	case spouse:
		mother, _ = k.add("配偶", k.spouseAge(age, true), false, k.other())
	case headMale:
		mother = age - g.between(0, 5)
	default:
		line = k.other() // the late husband's
	}
	mother = max(mother, 45)
	cAge := g.between(max(25, mother-35), mother-20)
	n := size - 3 // grandchildren and unmarried children
	if spouse {
		n--
	}
	if g.chance(0.08) {
		// A daughter with a husband who married into the family (上门女婿).
		d, _ := k.add("之女", cAge, false, line)
		_, hus := k.add("之女婿", k.spouseAge(cAge, false), true, k.other())
		k.children(n, max(d, 20), hus, "之外孙子", "之外孙女")
		return
	}
	k.add("之子", cAge, true, line)
	dil, _ := k.add("之儿媳", k.spouseAge(cAge, true), false, k.other())
	if n >= 1 && g.chance(0.15) {
		male := g.chance(0.5)
		rel := "之女"
		if male {
			rel = "之子"
		}
		k.add(rel, k.childAge(mother), male, line)
		n--
	}
	k.children(n, max(dil, 20), line, "之孙子", "之孙女")
}
