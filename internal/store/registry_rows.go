package store

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The column lists below and the row and scan functions beside them must stay in the same
// order: one list serves INSERT, COPY and SELECT.

var householdCols = []string{"county_code", "household_no", "village_code", "address", "kind",
	"year_out", "declared_size", "category", "identified_on", "channel", "risk_types", "risk_remark",
	"risk_eliminated", "elimination_way", "eliminated_on", "dibao", "tekun", "relocated",
	"relocation_site", "military_family", "no_labour_support", "dev_measure_done", "phone",
	"unsafe_house", "housing_grade", "housing_appraised", "water_safe", "water_issue", "toilet",
	"electricity", "road_hardened", "house_area", "grid", "helper", "helper_phone", "version", "uncollected"}

// householdRow is the row of a household stored under the version given, which the store
// decides: a household's Version says what it was read as, not what it is written as.
func householdRow(h *registry.Household, version int64) []any {
	return []any{string(h.County()), h.No, string(h.Village), h.Address, h.Kind,
		int64(h.YearOut), int64(h.DeclaredSize), h.Category, monthArg(h.IdentifiedOn), h.Channel,
		strings.Join(h.RiskTypes, ","), h.RiskRemark,
		flagArg(h.RiskEliminated), h.EliminationWay, monthArg(h.EliminatedOn), flagArg(h.Dibao),
		flagArg(h.Tekun), flagArg(h.Relocated),
		h.RelocationSite, flagArg(h.MilitaryFamily), flagArg(h.NoLabourSupport), h.DevMeasureDone, h.Phone,
		flagArg(h.UnsafeHouse), h.HousingGrade, dateArg(h.HousingAppraised), flagArg(h.WaterSafe), h.WaterIssue,
		flagArg(h.Toilet), flagArg(h.Electricity), flagArg(h.RoadHardened), h.HouseArea, h.Grid, h.Helper,
		h.HelperPhone, version, int64(h.Uncollected)}
}

type scanner interface{ Scan(dest ...any) error }

func scanHousehold(sc scanner, h *registry.Household) error {
	var county, village, risks string
	err := sc.Scan(&county, &h.No, &village, &h.Address, &h.Kind,
		&h.YearOut, &h.DeclaredSize, &h.Category, &h.IdentifiedOn, &h.Channel, &risks, &h.RiskRemark,
		&h.RiskEliminated, &h.EliminationWay, &h.EliminatedOn, &h.Dibao, &h.Tekun, &h.Relocated,
		&h.RelocationSite, &h.MilitaryFamily, &h.NoLabourSupport, &h.DevMeasureDone, &h.Phone,
		&h.UnsafeHouse, &h.HousingGrade, &h.HousingAppraised, &h.WaterSafe, &h.WaterIssue, &h.Toilet,
		&h.Electricity, &h.RoadHardened, &h.HouseArea, &h.Grid, &h.Helper, &h.HelperPhone, &h.Version, &h.Uncollected)
	if err != nil {
		return err
	}
	h.Village = region.Code(village)
	h.RiskTypes = nil
	if risks != "" {
		h.RiskTypes = strings.Split(risks, ",")
	}
	return nil
}

var personCols = []string{"county_code", "household_no", "person_no", "name", "id_type", "id_number",
	"gender", "birth", "relation", "ethnicity", "political", "education", "school_status",
	"dropout_reason", "labour_skill", "health", "disability_category", "disability_grade",
	"work_location", "work_months", "employer", "work_channel", "post_type", "post_months",
	"resident_medical", "employee_medical", "critical_illness", "resident_pension",
	"employee_pension", "dibao", "tekun", "phone", "deceased_on", "left_on", "uncollected"}

func personRow(county region.Code, p *registry.Person) []any {
	return []any{string(county), p.HouseholdNo, p.No, p.Name, p.IDType, p.IDNumber,
		p.Gender, dateArg(p.Birth), p.Relation, p.Ethnicity, p.Political, p.Education, p.SchoolStatus,
		p.DropoutReason, p.LabourSkill, p.Health, p.DisabilityCategory, p.DisabilityGrade,
		p.WorkLocation, countArg(p.WorkMonths), p.Employer, p.WorkChannel, p.PostType, countArg(p.PostMonths),
		flagArg(p.ResidentMedical), flagArg(p.EmployeeMedical), flagArg(p.CriticalIllness), flagArg(p.ResidentPension),
		flagArg(p.EmployeePension), flagArg(p.Dibao), flagArg(p.Tekun), p.Phone, dateArg(p.DeceasedOn), dateArg(p.LeftOn),
		int64(p.Uncollected)}
}

func scanPerson(sc scanner, county *string, p *registry.Person) error {
	return sc.Scan(county, &p.HouseholdNo, &p.No, &p.Name, &p.IDType, &p.IDNumber,
		&p.Gender, &p.Birth, &p.Relation, &p.Ethnicity, &p.Political, &p.Education, &p.SchoolStatus,
		&p.DropoutReason, &p.LabourSkill, &p.Health, &p.DisabilityCategory, &p.DisabilityGrade,
		&p.WorkLocation, &p.WorkMonths, &p.Employer, &p.WorkChannel, &p.PostType, &p.PostMonths,
		&p.ResidentMedical, &p.EmployeeMedical, &p.CriticalIllness, &p.ResidentPension,
		&p.EmployeePension, &p.Dibao, &p.Tekun, &p.Phone, &p.DeceasedOn, &p.LeftOn, &p.Uncollected)
}

var incomeCols = []string{"county_code", "household_no", "year", "wages", "post_wages", "business",
	"property", "dividends", "transfers", "pension", "family_plan", "eco_comp", "dibao_pay",
	"tekun_pay", "other_transfers", "business_expense", "medical_oop", "education_exp", "size", "uncollected",
	"expense_subsidy", "declared_net", "declared_per_capita"}

func incomeRow(county region.Code, in *registry.Income) []any {
	return []any{string(county), in.HouseholdNo, int64(in.Year), int64(in.Wages), int64(in.PostWages),
		int64(in.Business), int64(in.Property), int64(in.Dividends), int64(in.Transfers), int64(in.Pension),
		int64(in.FamilyPlan), int64(in.EcoComp), int64(in.DibaoPay), int64(in.TekunPay), int64(in.OtherTrans),
		int64(in.BusinessExpense), int64(in.MedicalOOP), int64(in.EducationExp), int64(in.Size), int64(in.Uncollected),
		int64(in.ExpenseSubsidy), statedArg(in.DeclaredNet), statedArg(in.DeclaredPerCapita)}
}

func scanIncome(sc scanner, county *string, in *registry.Income) error {
	return sc.Scan(county, &in.HouseholdNo, &in.Year, &in.Wages, &in.PostWages, &in.Business,
		&in.Property, &in.Dividends, &in.Transfers, &in.Pension, &in.FamilyPlan, &in.EcoComp, &in.DibaoPay,
		&in.TekunPay, &in.OtherTrans, &in.BusinessExpense, &in.MedicalOOP, &in.EducationExp, &in.Size, &in.Uncollected,
		&in.ExpenseSubsidy, &in.DeclaredNet, &in.DeclaredPerCapita)
}

// statedArg is an amount a file states, or NULL when it states none.
func statedArg(s registry.Stated) any {
	if !s.Given {
		return nil
	}
	return int64(s.Amount)
}

var measureCols = []string{"county_code", "household_no", "seq", "type", "description", "start_on",
	"end_on", "amount"}

func measureRow(county region.Code, m *registry.Measure) []any {
	return []any{string(county), m.HouseholdNo, int64(m.Seq), m.Type, m.Description, dateArg(m.Start),
		dateArg(m.End), int64(m.Amount)}
}

func scanMeasure(sc scanner, county *string, m *registry.Measure) error {
	return sc.Scan(county, &m.HouseholdNo, &m.Seq, &m.Type, &m.Description, &m.Start, &m.End, &m.Amount)
}

// The arg helpers turn domain values into plain driver values, so that the same row serves
// database/sql and pgx's COPY, which would otherwise encode a Flag by its underlying integer.

func flagArg(f registry.Flag) any {
	switch f {
	case registry.Yes:
		return int64(1)
	case registry.No:
		return int64(0)
	}
	return nil
}

func dateArg(d registry.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func monthArg(m registry.Month) any {
	if m.IsZero() {
		return nil
	}
	return m.String()
}

func countArg(c registry.Count) any {
	if !c.Valid {
		return nil
	}
	return int64(c.N)
}

// unpacker reads the fields of a packed row (see registry_scan.go) in column order, as the
// scan functions above read a row's columns. A NULL arrives as "", which for every nullable
// column means what NULL means: no date, no month, no count, an unknown flag, no amount
// stated.
type unpacker struct {
	f   []string
	i   int
	err error
}

func (u *unpacker) text() string {
	s := u.f[u.i]
	u.i++
	return s
}

func (u *unpacker) fail(what string, err error) {
	if u.err == nil {
		u.err = fmt.Errorf("column %d (%s): %w", u.i, what, err)
	}
}

func (u *unpacker) int64() int64 {
	s := u.text()
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		u.fail("integer", err)
	}
	return n
}

func (u *unpacker) int() int { return int(u.int64()) }

func (u *unpacker) money() registry.Money { return registry.Money(u.int64()) }

func (u *unpacker) flag() registry.Flag {
	switch s := u.text(); s {
	case "":
		return registry.Unknown
	case "0":
		return registry.No
	case "1":
		return registry.Yes
	default:
		var f registry.Flag
		n, err := strconv.ParseInt(s, 10, 64)
		if err == nil {
			err = f.Scan(n)
		}
		if err != nil {
			u.fail("flag", err)
		}
		return f
	}
}

func (u *unpacker) date() registry.Date {
	var d registry.Date
	if s := u.text(); s != "" {
		if err := d.Scan(s); err != nil {
			u.fail("date", err)
		}
	}
	return d
}

func (u *unpacker) month() registry.Month {
	var m registry.Month
	if s := u.text(); s != "" {
		if err := m.Scan(s); err != nil {
			u.fail("month", err)
		}
	}
	return m
}

func (u *unpacker) count() registry.Count {
	if u.f[u.i] == "" {
		u.i++
		return registry.Count{}
	}
	return registry.CountOf(u.int())
}

func (u *unpacker) stated() registry.Stated {
	if u.f[u.i] == "" {
		u.i++
		return registry.Stated{}
	}
	return registry.StatedOf(u.money())
}

func (u *unpacker) float() float64 {
	s := u.text()
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		u.fail("number", err)
	}
	return f
}

func (u *unpacker) fieldSet() registry.FieldSet { return registry.FieldSet(u.int64()) }

// decodeHousehold is scanHousehold over a packed row.
func decodeHousehold(f []string, h *registry.Household) error {
	u := unpacker{f: f, i: 1} // county_code is derived from the village
	h.No, h.Village, h.Address, h.Kind = u.text(), region.Code(u.text()), u.text(), u.text()
	h.YearOut, h.DeclaredSize, h.Category, h.IdentifiedOn, h.Channel = u.int(), u.int(), u.text(), u.month(), u.text()
	if risks := u.text(); risks != "" {
		h.RiskTypes = strings.Split(risks, ",")
	}
	h.RiskRemark, h.RiskEliminated, h.EliminationWay, h.EliminatedOn = u.text(), u.flag(), u.text(), u.month()
	h.Dibao, h.Tekun, h.Relocated, h.RelocationSite, h.MilitaryFamily = u.flag(), u.flag(), u.flag(), u.text(), u.flag()
	h.NoLabourSupport, h.DevMeasureDone, h.Phone = u.flag(), u.text(), u.text()
	h.UnsafeHouse, h.HousingGrade, h.HousingAppraised, h.WaterSafe, h.WaterIssue = u.flag(), u.text(), u.date(), u.flag(), u.text()
	h.Toilet, h.Electricity, h.RoadHardened, h.HouseArea = u.flag(), u.flag(), u.flag(), u.float()
	h.Grid, h.Helper, h.HelperPhone, h.Version, h.Uncollected = u.text(), u.text(), u.text(), u.int64(), u.fieldSet()
	return u.err
}

// decodePerson is scanPerson over a packed row.
func decodePerson(f []string, p *registry.Person) error {
	u := unpacker{f: f, i: 1}
	p.HouseholdNo, p.No, p.Name, p.IDType, p.IDNumber = u.text(), u.text(), u.text(), u.text(), u.text()
	p.Gender, p.Birth, p.Relation, p.Ethnicity, p.Political = u.text(), u.date(), u.text(), u.text(), u.text()
	p.Education, p.SchoolStatus, p.DropoutReason, p.LabourSkill, p.Health = u.text(), u.text(), u.text(), u.text(), u.text()
	p.DisabilityCategory, p.DisabilityGrade, p.WorkLocation, p.WorkMonths = u.text(), u.text(), u.text(), u.count()
	p.Employer, p.WorkChannel, p.PostType, p.PostMonths = u.text(), u.text(), u.text(), u.count()
	p.ResidentMedical, p.EmployeeMedical, p.CriticalIllness = u.flag(), u.flag(), u.flag()
	p.ResidentPension, p.EmployeePension, p.Dibao, p.Tekun = u.flag(), u.flag(), u.flag(), u.flag()
	p.Phone, p.DeceasedOn, p.LeftOn, p.Uncollected = u.text(), u.date(), u.date(), u.fieldSet()
	return u.err
}

// decodeIncome is scanIncome over a packed row.
func decodeIncome(f []string, in *registry.Income) error {
	u := unpacker{f: f, i: 1}
	in.HouseholdNo, in.Year = u.text(), u.int()
	in.Wages, in.PostWages, in.Business, in.Property, in.Dividends = u.money(), u.money(), u.money(), u.money(), u.money()
	in.Transfers, in.Pension, in.FamilyPlan, in.EcoComp = u.money(), u.money(), u.money(), u.money()
	in.DibaoPay, in.TekunPay, in.OtherTrans, in.BusinessExpense = u.money(), u.money(), u.money(), u.money()
	in.MedicalOOP, in.EducationExp, in.Size, in.Uncollected = u.money(), u.money(), u.int(), u.fieldSet()
	in.ExpenseSubsidy, in.DeclaredNet, in.DeclaredPerCapita = u.money(), u.stated(), u.stated()
	return u.err
}

// decodeMeasure is scanMeasure over a packed row.
func decodeMeasure(f []string, m *registry.Measure) error {
	u := unpacker{f: f, i: 1}
	m.HouseholdNo, m.Seq, m.Type, m.Description = u.text(), u.int(), u.text(), u.text()
	m.Start, m.End, m.Amount = u.date(), u.date(), u.money()
	return u.err
}
