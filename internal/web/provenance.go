package web

import "github.com/gonggu/gonggu/internal/registry"

// The registry field each form field provides: a user who saves a form has collected every
// field on it (registry.Field), blank or not.
var (
	householdFormFields = map[string]registry.Field{
		"address": registry.HAddress, "kind": registry.HKind, "year_out": registry.HYearOut,
		"category": registry.HCategory, "identified_on": registry.HIdentifiedOn, "channel": registry.HChannel,
		"risk_types": registry.HRiskTypes, "risk_eliminated": registry.HRiskEliminated,
		"elimination_way": registry.HEliminationWay, "eliminated_on": registry.HEliminatedOn,
		"dibao": registry.HDibao, "tekun": registry.HTekun, "relocated": registry.HRelocated,
		"relocation_site": registry.HRelocationSite, "no_labour_support": registry.HNoLabourSupport,
		"phone": registry.HPhone, "unsafe_house": registry.HUnsafeHouse, "housing_grade": registry.HHousingGrade,
		"housing_appraised": registry.HHousingAppraised, "water_safe": registry.HWaterSafe,
		"water_issue": registry.HWaterIssue, "toilet": registry.HToilet, "grid": registry.HGrid,
		"helper": registry.HHelper, "helper_phone": registry.HHelperPhone,
	}
	personFormFields = map[string]registry.Field{
		"name": registry.PName, "id_type": registry.PIDType, "id_number": registry.PIDNumber,
		"gender": registry.PGender, "birth": registry.PBirth, "relation": registry.PRelation,
		"ethnicity": registry.PEthnicity, "political": registry.PPolitical, "education": registry.PEducation,
		"school_status": registry.PSchoolStatus, "labour_skill": registry.PLabourSkill, "health": registry.PHealth,
		"disability_category": registry.PDisabilityCategory, "work_location": registry.PWorkLocation,
		"work_months": registry.PWorkMonths, "employer": registry.PEmployer, "post_type": registry.PPostType,
		"post_months": registry.PPostMonths, "resident_medical": registry.PResidentMedical,
		"employee_medical": registry.PEmployeeMedical, "critical_illness": registry.PCriticalIllness,
		"resident_pension": registry.PResidentPension, "dibao": registry.PDibao, "tekun": registry.PTekun,
		"phone": registry.PPhone, "deceased_on": registry.PDeceasedOn,
	}
	incomeFormFields = map[string]registry.Field{
		"wages": registry.IWages, "post_wages": registry.IPostWages, "business": registry.IBusiness,
		"property": registry.IProperty, "dividends": registry.IDividends, "transfers": registry.ITransfers,
		"pension": registry.IPension, "family_plan": registry.IFamilyPlan, "eco_comp": registry.IEcoComp,
		"dibao_pay": registry.IDibaoPay, "tekun_pay": registry.ITekunPay, "other_transfers": registry.IOtherTrans,
		"business_expense": registry.IBusinessExpense, "medical_oop": registry.IMedicalOOP,
		"education_exp": registry.IEducationExp, "size": registry.ISize,
	}
)

// collectedBy returns the fields a form's specs provide.
func collectedBy[T any](specs []spec[T], fields map[string]registry.Field) registry.FieldSet {
	var s registry.FieldSet
	for _, sp := range specs {
		if f, ok := fields[sp.name]; ok {
			s = s.With(f)
		}
	}
	return s
}
