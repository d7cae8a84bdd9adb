package nationalfmt

import (
	"reflect"
	"strings"
	"sync"

	"github.com/gonggu/gonggu/internal/registry"
)

// Field returns the registry field a column fills (see registry.Field), and false for columns
// that fill none (place names, keys, derived columns, dates gonggu keeps for itself). It is
// found from the field the column writes to, so an alias or a second column of the same
// field maps without a table of names.
func (c *Column) Field() (registry.Field, bool) {
	fieldsOnce.Do(buildFieldIndex)
	var probe Record
	f, ok := fieldIndex[fieldOffset(c.field(&probe), &probe)]
	return f, ok
}

// Collected returns the fields of the record kind that the table's columns marked present
// fill: what a sheet with those columns provides.
func (t *Table) Collected(present func(col int) bool, kind registry.Table) registry.FieldSet {
	fieldsOnce.Do(buildFieldIndex)
	var s registry.FieldSet
	for i, f := range columnFields[t] {
		if f >= 0 && registry.Field(f).Table() == kind && present(i) {
			s = s.With(registry.Field(f))
		}
	}
	return s
}

var (
	fieldsOnce sync.Once
	fieldIndex map[uintptr]registry.Field
	// columnFields is, per table and column, the field the column fills, or -1.
	columnFields map[*Table][]int16
)

// fieldOffset is the offset of the field p points to within the record r.
func fieldOffset(p any, r *Record) uintptr {
	return reflect.ValueOf(p).Pointer() - reflect.ValueOf(r).Pointer()
}

func buildFieldIndex() {
	var r Record
	h, p, in := &r.Household, &r.Person, &r.Income
	ptrs := map[any]registry.Field{
		&h.Kind: registry.HKind, &h.YearOut: registry.HYearOut, &h.DeclaredSize: registry.HDeclaredSize,
		&h.Category: registry.HCategory, &h.IdentifiedOn: registry.HIdentifiedOn, &h.Channel: registry.HChannel,
		&h.RiskRemark: registry.HRiskRemark, &h.RiskEliminated: registry.HRiskEliminated,
		&h.EliminationWay: registry.HEliminationWay, &h.EliminatedOn: registry.HEliminatedOn,
		&h.Dibao: registry.HDibao, &h.Tekun: registry.HTekun, &h.Relocated: registry.HRelocated,
		&h.RelocationSite: registry.HRelocationSite, &h.MilitaryFamily: registry.HMilitaryFamily,
		&h.NoLabourSupport: registry.HNoLabourSupport, &h.DevMeasureDone: registry.HDevMeasureDone,
		&h.Phone: registry.HPhone, &h.UnsafeHouse: registry.HUnsafeHouse, &h.HousingGrade: registry.HHousingGrade,
		&h.HousingAppraised: registry.HHousingAppraised, &h.WaterSafe: registry.HWaterSafe,
		&h.WaterIssue: registry.HWaterIssue, &h.Toilet: registry.HToilet, &h.Electricity: registry.HElectricity,
		&h.RoadHardened: registry.HRoadHardened, &h.HouseArea: registry.HHouseArea, &h.Grid: registry.HGrid,
		&h.Helper: registry.HHelper, &h.HelperPhone: registry.HHelperPhone, &h.Address: registry.HAddress,

		&p.Name: registry.PName, &p.IDType: registry.PIDType, &p.IDNumber: registry.PIDNumber,
		&p.Gender: registry.PGender, &p.Birth: registry.PBirth, &p.Relation: registry.PRelation,
		&p.Ethnicity: registry.PEthnicity, &p.Political: registry.PPolitical, &p.Education: registry.PEducation,
		&p.SchoolStatus: registry.PSchoolStatus, &p.DropoutReason: registry.PDropoutReason,
		&p.LabourSkill: registry.PLabourSkill, &p.Health: registry.PHealth,
		&p.DisabilityCategory: registry.PDisabilityCategory, &p.DisabilityGrade: registry.PDisabilityGrade,
		&p.WorkLocation: registry.PWorkLocation, &p.WorkMonths: registry.PWorkMonths, &p.Employer: registry.PEmployer,
		&p.WorkChannel: registry.PWorkChannel, &p.PostType: registry.PPostType, &p.PostMonths: registry.PPostMonths,
		&p.ResidentMedical: registry.PResidentMedical, &p.EmployeeMedical: registry.PEmployeeMedical,
		&p.CriticalIllness: registry.PCriticalIllness, &p.ResidentPension: registry.PResidentPension,
		&p.EmployeePension: registry.PEmployeePension, &p.Dibao: registry.PDibao, &p.Tekun: registry.PTekun,
		&p.Phone: registry.PPhone, &p.DeceasedOn: registry.PDeceasedOn,

		&in.Wages: registry.IWages, &in.PostWages: registry.IPostWages, &in.Business: registry.IBusiness,
		&in.Property: registry.IProperty, &in.Dividends: registry.IDividends, &in.Transfers: registry.ITransfers,
		&in.Pension: registry.IPension, &in.FamilyPlan: registry.IFamilyPlan, &in.EcoComp: registry.IEcoComp,
		&in.DibaoPay: registry.IDibaoPay, &in.TekunPay: registry.ITekunPay, &in.OtherTrans: registry.IOtherTrans,
		&in.BusinessExpense: registry.IBusinessExpense, &in.MedicalOOP: registry.IMedicalOOP,
		&in.EducationExp: registry.IEducationExp, &in.Size: registry.ISize,
		&in.ExpenseSubsidy: registry.IExpenseSubsidy, &in.DeclaredNet: registry.IDeclaredNet,
		&in.DeclaredPerCapita: registry.IDeclaredPerCapita,
	}
	for i := range r.Risks {
		ptrs[&r.Risks[i]] = registry.HRiskTypes
	}
	for i := range r.Measures {
		ptrs[&r.Measures[i]] = registry.HMeasures
	}
	fieldIndex = make(map[uintptr]registry.Field, len(ptrs))
	for ptr, f := range ptrs {
		fieldIndex[fieldOffset(ptr, &r)] = f
	}
	columnFields = map[*Table][]int16{}
	for _, t := range []*Table{Members, Incomes} {
		cols := make([]int16, len(t.Columns))
		for i := range t.Columns {
			cols[i] = -1
			if k := t.Columns[i].Kind; k == Derived || k == Ignored {
				continue
			}
			if f, ok := fieldIndex[fieldOffset(t.Columns[i].field(&r), &r)]; ok {
				cols[i] = int16(f)
			}
		}
		columnFields[t] = cols
	}
}

// UncollectedText names the fields of the sets, in table order, joined by 、.
func UncollectedText(h, p, in registry.FieldSet) string {
	var names []string
	for _, s := range []struct {
		set  registry.FieldSet
		kind registry.Table
	}{{h, registry.HouseholdTable}, {p, registry.PersonTable}, {in, registry.IncomeTable}} {
		for _, f := range s.set.List(s.kind) {
			names = append(names, f.Label())
		}
	}
	return strings.Join(names, "、")
}

// ParseUncollected reads what UncollectedText wrote: the fields of the record kind among the
// labels. Labels it does not know are ignored.
func ParseUncollected(text string, kind registry.Table) registry.FieldSet {
	var s registry.FieldSet
	if text == "" {
		return s
	}
	for _, label := range strings.Split(text, "、") {
		if f, ok := registry.FieldByLabel(strings.TrimSpace(label)); ok && f.Table() == kind {
			s = s.With(f)
		}
	}
	return s
}
