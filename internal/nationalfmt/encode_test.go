package nationalfmt_test

import (
	"path/filepath"
	"testing"

	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/nationalfmt/nftest"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// fullHousehold fills every field a column carries.
func fullHousehold() registry.Aggregate {
	no := "6211211012010007"
	h := registry.Household{No: no, Village: "621121101201", Address: "东关村三社12号", Kind: registry.KindAlleviated,
		YearOut: 2019, DeclaredSize: 2, Category: registry.MonSudden, IdentifiedOn: registry.NewMonth(2024, 2),
		Channel: "部门筛查预警", RiskTypes: []string{"因病", "因意外事故", "其他"}, RiskRemark: "车祸",
		RiskEliminated: registry.No, Dibao: registry.Yes, Tekun: registry.No, Relocated: registry.Yes,
		RelocationSite: "平襄镇安置点", MilitaryFamily: registry.No, NoLabourSupport: registry.No,
		DevMeasureDone: "已实施", Phone: "13993210007", UnsafeHouse: registry.No, HousingGrade: "B",
		HousingAppraised: registry.NewDate(2023, 5, 6), WaterSafe: registry.No, WaterIssue: "水质,水量",
		Toilet: registry.Yes, Electricity: registry.Yes, RoadHardened: registry.No, HouseArea: 86.5,
		Grid: "东关第二网格", Helper: "李干部", HelperPhone: "13909320001"}
	p := registry.Person{No: no + "01", HouseholdNo: no, Name: "赵有福", IDType: "残疾人证",
		IDNumber: nftest.ID("19700101", 15) + "42", Gender: "男", Birth: registry.NewDate(1970, 1, 1), Relation: "户主",
		Ethnicity: "回族", Political: "群众", Education: "小学", DropoutReason: "", LabourSkill: "弱劳动力或半劳动力",
		Health: "残疾,患有大病", DisabilityCategory: "肢体残疾", DisabilityGrade: "二级", WorkLocation: "乡镇内",
		WorkMonths: registry.CountOf(3), Employer: "东关村扶贫车间", WorkChannel: "帮扶车间", PostType: "乡村公益性岗位",
		PostMonths: registry.CountOf(0), ResidentMedical: registry.Yes, EmployeeMedical: registry.No,
		CriticalIllness: registry.Yes, ResidentPension: registry.Yes, EmployeePension: registry.No,
		Dibao: registry.Yes, Tekun: registry.No, Phone: "13993210007"}
	q := registry.Person{No: no + "02", HouseholdNo: no, Name: "赵小花", IDNumber: nftest.ID("20100505", 22),
		Gender: "女", Birth: registry.NewDate(2010, 5, 5), Relation: "之女", SchoolStatus: "九年级",
		DropoutReason: "", DeceasedOn: registry.NewDate(2024, 8, 1), LeftOn: registry.NewDate(2024, 9, 1)}
	a := registry.Aggregate{Household: h, Persons: []registry.Person{p, q},
		Incomes: []registry.Income{
			{HouseholdNo: no, Year: 2023, Wages: registry.Yuan(8000), Size: 2},
			{HouseholdNo: no, Year: 2024, Wages: 950050, PostWages: registry.Yuan(3000), Business: registry.Yuan(1200),
				Property: registry.Yuan(300), Dividends: registry.Yuan(300), Transfers: registry.Yuan(7400),
				Pension: registry.Yuan(1200), FamilyPlan: registry.Yuan(600), EcoComp: registry.Yuan(400),
				DibaoPay: registry.Yuan(4200), TekunPay: 0, OtherTrans: registry.Yuan(1000),
				BusinessExpense: registry.Yuan(500), MedicalOOP: registry.Yuan(26000), EducationExp: registry.Yuan(1500), Size: 2},
		},
		Measures: []registry.Measure{
			{HouseholdNo: no, Seq: 1, Type: registry.MeasureHealth, Description: "医疗救助,大病保险倾斜"},
			{HouseholdNo: no, Seq: 2, Type: registry.MeasureSocialSecurity, Description: "低保"},
		}}
	return a
}

// TestEncodeRoundTrip writes a household with every field set, reads the file back and checks
// that every column decodes to what was written.
func TestEncodeRoundTrip(t *testing.T) {
	tree := tongwei(t)
	w, err := nationalfmt.NewWriter(nationalfmt.NamesFrom(tree))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	a := fullHousehold()
	if err := w.Write(&a); err != nil {
		t.Fatal(err)
	}
	if st := w.Stats(); st != (nationalfmt.WriteStats{Households: 1, Persons: 2, Incomes: 2}) {
		t.Errorf("stats %+v", st)
	}
	path := filepath.Join(t.TempDir(), "export.xlsx")
	if err := w.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	sheets := readFile(t, path)
	if len(sheets) != 2 || sheets[0].header.Table != nationalfmt.Members || sheets[1].header.Table != nationalfmt.Incomes {
		t.Fatalf("sheets %+v", sheets)
	}
	m := sheets[0]
	if len(m.header.Unknown) != 0 || len(m.header.Duplicate) != 0 || len(m.rows) != 2 {
		t.Fatalf("member sheet: unknown %v, %d rows", m.header.Unknown, len(m.rows))
	}
	// The expected record of each person, as the encoder builds it.
	var want nationalfmt.Record
	want.SetHousehold(&a.Household)
	want.Place = [5]string{"甘肃省", "定西市", "通渭县", "马营镇", "东关村民委员会"}
	want.Code = string(a.Household.Village)
	want.SetMeasures(a.Measures)
	want.SetIncome(&a.Incomes[1])
	for i, r := range m.rows {
		for _, p := range r.probs {
			if p.Blocking {
				t.Errorf("row %d blocked: %s", r.num, p.Reason)
			}
		}
		want.Person = a.Persons[i]
		for j := range nationalfmt.Members.Columns {
			c := &nationalfmt.Members.Columns[j]
			if c.Kind == nationalfmt.Derived {
				continue
			}
			if g, w := c.Format(&r.rec), c.Format(&want); g != w {
				t.Errorf("row %d column %s: %q, want %q", r.num, c.Name, g, w)
			}
		}
		if r.rec.Village != "621121101201" {
			t.Errorf("village %q", r.rec.Village)
		}
	}
	in := sheets[1]
	if len(in.rows) != 2 || in.rows[1].rec.Income != a.Incomes[1] || in.rows[0].rec.Income != a.Incomes[0] {
		t.Errorf("income rows %+v", in.rows)
	}
}

func TestNamesFrom(t *testing.T) {
	names := nationalfmt.NamesFrom(tongwei(t))
	if got := names(region.Code("621121101201")); got != [5]string{"甘肃省", "定西市", "通渭县", "马营镇", "东关村民委员会"} {
		t.Errorf("names %q", got)
	}
}
