package gen

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// DeptListConfig says how to draw a department's list from the registry: a realistic list as
// the department sends it, agreeing with the registry except for a planted share of rows that
// contradict it.
type DeptListConfig struct {
	Kind deptlists.Kind
	Seed uint64
	Year int
	// Rate is the share of the persons (households, villages) the department holds that the
	// list lists: 1 for a complete roster.
	Rate float64
	// Wrong is the share of listed rows that contradict the registry.
	Wrong float64
	// Outsiders are rows of people the registry does not hold (a department's list covers
	// every resident, not only the households of the registry).
	Outsiders int
	// Max bounds the rows (0: none).
	Max int
	// Ref is the day ages are counted at.
	Ref time.Time
}

// DeptList writes a department's list drawn from the registry of scope as a UTF-8 csv with a
// title row and the header departments write, and returns the number of data rows and how
// many of them contradict the registry.
func DeptList(ctx context.Context, db *store.DB, scope region.Code, cfg DeptListConfig, w io.Writer) (rows, wrong int, err error) {
	spec := deptlists.SpecOf(cfg.Kind)
	if spec == nil {
		_, err := deptlists.ParseKind(string(cfg.Kind))
		return 0, 0, err
	}
	if cfg.Year == 0 {
		cfg.Year = time.Now().Year()
	}
	if cfg.Ref.IsZero() {
		cfg.Ref = time.Date(cfg.Year, 11, 1, 0, 0, 0, 0, time.UTC)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := csv.NewWriter(bw)
	d := &deptWriter{cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed, 0x6465707431)), cw: cw}
	cw.Write([]string{fmt.Sprintf("%d 年%s（%s提供）", cfg.Year, spec.Title, spec.Department)})
	cw.Write(deptHeaders[cfg.Kind])
	counties, err := store.NewRegistry(db).Counties(ctx, scope)
	if err != nil {
		return 0, 0, err
	}
	lists := store.NewDeptLists(db)
	seen := map[region.Code]bool{}
	for _, county := range counties {
		cs := county
		if scope.Level() > region.County {
			cs = scope
		}
		err := lists.Match(ctx, county, cs, store.AllMatchColumns, func(h *store.MatchHousehold) error {
			if cfg.Max > 0 && d.rows >= cfg.Max {
				return errDeptListFull
			}
			if cfg.Kind == deptlists.Water {
				if !seen[h.Household.Village] {
					seen[h.Household.Village] = true
					d.village(h.Household.Village)
				}
				return nil
			}
			d.household(h)
			return nil
		})
		if err != nil && err != errDeptListFull {
			return 0, 0, err
		}
	}
	for i := 0; i < cfg.Outsiders; i++ {
		id := idno.Make("621121", time.Date(1950+d.r.IntN(60), time.Month(1+d.r.IntN(12)), 1+d.r.IntN(28), 0, 0, 0, 0, time.UTC), 900+d.r.IntN(99))
		d.write(registry.Person{Name: "外" + strconv.Itoa(i), IDNumber: id, ResidentMedical: registry.Yes, Health: "患有大病", WorkLocation: "县内"}, false)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return 0, 0, err
	}
	return d.rows, d.wrong, bw.Flush()
}

var errDeptListFull = fmt.Errorf("gen: list full")

// deptHeaders are the headers each department writes.
var deptHeaders = map[deptlists.Kind][]string{
	deptlists.Medical:    {"序号", "姓名", "身份证号码", "参保状态", "险种类型", "缴费状态", "参保年度"},
	deptlists.Education:  {"序号", "学生姓名", "身份证号", "学校名称", "年级", "学籍状态"},
	deptlists.Housing:    {"序号", "户主姓名", "户主身份证号码", "鉴定等级", "鉴定日期", "改造状态", "竣工日期"},
	deptlists.Civil:      {"序号", "姓名", "身份证号码", "救助类型", "保障状态", "起始日期", "保障金额"},
	deptlists.Police:     {"序号", "姓名", "公民身份号码", "注销原因", "注销日期", "迁往地"},
	deptlists.Disability: {"序号", "残疾人姓名", "残疾人证号", "残疾类别", "残疾等级", "发证日期"},
	deptlists.Labour:     {"序号", "姓名", "身份证号码", "就业状态", "就业地点", "就业单位", "公益性岗位"},
	deptlists.Health:     {"序号", "患者姓名", "身份证号码", "疾病名称", "病种类别", "入院日期", "医疗总费用", "合规自付费用", "年度"},
	deptlists.Water:      {"序号", "村代码", "供水方式", "水量是否达标", "水质是否达标", "用水方便程度是否达标", "供水保证率是否达标"},
}

type deptWriter struct {
	cfg         DeptListConfig
	r           *rand.Rand
	cw          *csv.Writer
	rows, wrong int
}

func (d *deptWriter) chance(p float64) bool { return d.r.Float64() < p }

func (d *deptWriter) date(y int) string {
	return fmt.Sprintf("%d-%02d-%02d", y, 1+d.r.IntN(12), 1+d.r.IntN(28))
}

func (d *deptWriter) emit(cells ...string) {
	d.rows++
	d.cw.Write(append([]string{strconv.Itoa(d.rows)}, cells...))
}

func (d *deptWriter) age(p *registry.Person) int {
	if n, err := idno.Parse(p.IDNumber); err == nil && !n.Birth.IsZero() {
		return idno.Age(n.Birth, d.cfg.Ref)
	}
	if !p.Birth.IsZero() {
		return idno.Age(p.Birth.Time(), d.cfg.Ref)
	}
	return -1
}

// household writes the rows of a household's members the department holds.
func (d *deptWriter) household(h *store.MatchHousehold) {
	hh := &h.Household
	if d.cfg.Kind == deptlists.Housing {
		if !deptTarget(hh) || !d.chance(d.cfg.Rate) || len(h.Persons) == 0 {
			return
		}
		head := &h.Persons[0]
		for i := range h.Persons {
			if h.Persons[i].IsHead() {
				head = &h.Persons[i]
			}
		}
		if deptlists.IDKey(head.IDNumber) == "" {
			return
		}
		grade, state, done := hh.HousingGrade, "无需改造", ""
		if grade == "" {
			grade = []string{"A", "A", "B", "B", "B"}[d.r.IntN(5)]
		}
		if grade == "C" || grade == "D" {
			state, done = "已改造", d.date(d.cfg.Year-1)
		}
		if d.chance(d.cfg.Wrong) && (grade == "A" || grade == "B") {
			grade, state, done = "C", "未改造", ""
			d.wrong++
		}
		d.emit(head.Name, head.IDNumber, grade+"级", d.date(d.cfg.Year-2), state, done)
		return
	}
	for i := range h.Persons {
		p := &h.Persons[i]
		if !p.Current() {
			continue
		}
		d.person(hh, p)
		if d.cfg.Max > 0 && d.rows >= d.cfg.Max {
			return
		}
	}
}

// deptTarget reports whether a household is 脱贫户 or monitored.
func deptTarget(h *registry.Household) bool {
	return h.Kind == registry.KindAlleviated || h.Category != ""
}

// person writes the rows the department holds about one person.
func (d *deptWriter) person(h *registry.Household, p *registry.Person) {
	switch d.cfg.Kind {
	case deptlists.Medical, deptlists.Police, deptlists.Labour:
		d.write(*p, true)
	case deptlists.Civil:
		switch {
		case p.Dibao == registry.Yes || p.Tekun == registry.Yes:
			d.write(*p, true)
		case !deptTarget(h) && d.chance(0.02):
			typ := "临时救助"
			if d.chance(0.5) {
				typ = "低保边缘家庭"
			}
			d.emit(p.Name, p.IDNumber, typ, "在保", d.date(d.cfg.Year), "2000")
		case d.chance(d.cfg.Wrong / 10):
			d.wrong++
			d.emit(p.Name, p.IDNumber, "农村低保", "在保", d.date(d.cfg.Year-1), "450")
		}
	case deptlists.Disability:
		if p.HasHealth("残疾") || (d.chance(d.cfg.Wrong/20) && d.counted()) {
			d.write(*p, true)
		}
	case deptlists.Education:
		if a := d.age(p); a >= 6 && a <= 18 && p.SchoolStatus != "" && p.SchoolStatus != "学龄前儿童" {
			d.write(*p, true)
		}
	case deptlists.Health:
		if p.HasHealth("患有大病") || p.HasHealth("长期慢性病") || (d.chance(d.cfg.Wrong/20) && d.counted()) {
			d.write(*p, true)
		}
	}
}

// counted counts a planted row.
func (d *deptWriter) counted() bool {
	d.wrong++
	return true
}

// write writes a person's row, as the registry says or, for a planted share, contradicting it.
func (d *deptWriter) write(p registry.Person, fromRegistry bool) {
	if fromRegistry && !d.chance(d.cfg.Rate) {
		return
	}
	if deptlists.IDKey(p.IDNumber) == "" {
		return // a department holds the right number; the registry's damaged ones match nobody
	}
	wrong := fromRegistry && d.chance(d.cfg.Wrong)
	y := d.cfg.Year
	switch d.cfg.Kind {
	case deptlists.Medical:
		state, typ, paid := "正常参保", "城乡居民基本医疗保险", "已缴费"
		if p.EmployeeMedical == registry.Yes {
			typ = "职工基本医疗保险"
		}
		if p.ResidentMedical != registry.Yes && p.EmployeeMedical != registry.Yes {
			return // the insured roster lists the insured
		}
		if wrong {
			d.wrong++
			if d.chance(0.5) {
				state = "停保"
			} else {
				paid = "未缴费"
			}
		}
		d.emit(p.Name, p.IDNumber, state, typ, paid, strconv.Itoa(y))
	case deptlists.Police:
		switch {
		case !p.DeceasedOn.IsZero():
			d.emit(p.Name, p.IDNumber, "死亡注销", p.DeceasedOn.String(), "")
		case wrong:
			d.wrong++
			if d.chance(0.7) {
				d.emit(p.Name, p.IDNumber, "死亡注销", d.date(y), "")
			} else {
				d.emit(p.Name, p.IDNumber, "迁出注销", d.date(y), "兰州市城关区")
			}
		}
	case deptlists.Labour:
		works := p.WorkMonths.N > 0 || p.WorkLocation != ""
		switch {
		case works:
			d.emit(p.Name, p.IDNumber, "已就业", p.WorkLocation, p.Employer, "")
		case wrong && p.LabourSkill == "普通劳动力":
			d.wrong++
			d.emit(p.Name, p.IDNumber, "已就业", "县内", "县城某建材厂", "")
		}
	case deptlists.Civil:
		if p.Dibao == registry.Yes {
			state := "在保"
			if wrong {
				d.wrong++
				state = "停保"
			}
			d.emit(p.Name, p.IDNumber, "农村低保", state, d.date(y-2), "450")
		}
		if p.Tekun == registry.Yes {
			d.emit(p.Name, p.IDNumber, "特困供养", "在保", d.date(y-3), "800")
		}
	case deptlists.Disability:
		cat, grade := p.DisabilityCategory, p.DisabilityGrade
		if cat == "" {
			cat = registry.DisabilityCategories[d.r.IntN(len(registry.DisabilityCategories))]
		}
		if grade == "" {
			grade = []string{"一级", "二级", "三级", "四级"}[d.r.IntN(4)]
		}
		d.emit(p.Name, p.IDNumber, cat, grade, d.date(y-3))
	case deptlists.Education:
		grade := map[string]string{"小学": fmt.Sprintf("%d年级", 1+d.r.IntN(6)), "七年级": "初一", "八年级": "初二", "九年级": "初三"}[p.SchoolStatus]
		if grade == "" {
			grade = p.SchoolStatus
		}
		state := "在读"
		if wrong {
			d.wrong++
			state = "辍学"
		}
		d.emit(p.Name, p.IDNumber, "某乡中心学校", grade, state)
	case deptlists.Health:
		cat, name, oop := "慢性病", "高血压", 800+d.r.IntN(3000)
		if p.HasHealth("患有大病") || !p.HasHealth("长期慢性病") {
			cat, name, oop = "大病", "恶性肿瘤", 8000+d.r.IntN(30000)
		}
		d.emit(p.Name, p.IDNumber, name, cat, d.date(y), strconv.Itoa(oop*3), strconv.Itoa(oop), strconv.Itoa(y))
	}
}

// village writes a 水利 row for a village.
func (d *deptWriter) village(v region.Code) {
	if !d.chance(d.cfg.Rate) {
		return
	}
	flags := []string{"是", "是", "是", "是"}
	if d.chance(d.cfg.Wrong) {
		d.wrong++
		flags[1] = "否"
	}
	way := "集中供水"
	if d.chance(0.2) {
		way = "分散供水"
	}
	d.emit(append([]string{string(v), way}, flags...)...)
}
