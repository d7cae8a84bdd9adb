package registry

import "github.com/gonggu/gonggu/internal/errs"

// A source provides some facts of a household and not others: the national export of 2023
// carries no 住房安全等级, 卫生厕所 or 入户道路, which come from the housing bureau's appraisal
// list and from home visits. A fact no source has provided is not collected, which is a
// different state from a blank answer: rules must not read a field nobody has collected as
// "no", and missing-data checks count only the fields a source had.
//
// Each household, person and income record keeps the set of its fields that no source has
// provided yet (Uncollected, a FieldSet over the Fields below): an import whose file lacks a
// column leaves the field uncollected on the records it creates and as it was on the records
// it updates; a column a file has, a department list or a user's edit collects it. The empty
// set, what a record entered whole (a form, the generator) and every row stored before
// provenance was kept have, means every field is collected.

// Field is a fact of the registry that a source may or may not have provided. Household
// fields are 0–63, person fields 64–127, income fields 128–191: each record's Known set holds
// the bits of its own table.
type Field uint8

// Household fields.
const (
	HKind Field = iota
	HYearOut
	HDeclaredSize
	HCategory
	HIdentifiedOn
	HChannel
	HRiskTypes
	HRiskRemark
	HRiskEliminated
	HEliminationWay
	HEliminatedOn
	HDibao
	HTekun
	HRelocated
	HRelocationSite
	HMilitaryFamily
	HNoLabourSupport
	HDevMeasureDone
	HPhone
	HUnsafeHouse
	HHousingGrade
	HHousingAppraised
	HWaterSafe
	HWaterIssue
	HToilet
	HElectricity
	HRoadHardened
	HHouseArea
	HGrid
	HHelper
	HHelperPhone
	HAddress
	HMeasures // the assistance-measure columns: whether the household has a measure of a type
	hEnd
)

// Person fields.
const (
	PName Field = 64 + iota
	PIDType
	PIDNumber
	PGender
	PBirth
	PRelation
	PEthnicity
	PPolitical
	PEducation
	PSchoolStatus
	PDropoutReason
	PLabourSkill
	PHealth
	PDisabilityCategory
	PDisabilityGrade
	PWorkLocation
	PWorkMonths
	PEmployer
	PWorkChannel
	PPostType
	PPostMonths
	PResidentMedical
	PEmployeeMedical
	PCriticalIllness
	PResidentPension
	PEmployeePension
	PDibao
	PTekun
	PPhone
	PDeceasedOn
	pEnd
)

// Income fields.
const (
	IWages Field = 128 + iota
	IPostWages
	IBusiness
	IProperty
	IDividends
	ITransfers
	IPension
	IFamilyPlan
	IEcoComp
	IDibaoPay
	ITekunPay
	IOtherTrans
	IBusinessExpense
	IMedicalOOP
	IEducationExp
	ISize
	IExpenseSubsidy
	IDeclaredNet
	IDeclaredPerCapita
	iEnd
)

// Table is the record kind a field belongs to.
type Table uint8

// The record kinds.
const (
	HouseholdTable Table = iota
	PersonTable
	IncomeTable
)

// Table returns the record kind of the field.
func (f Field) Table() Table { return Table(f >> 6) }

func (f Field) bit() FieldSet { return 1 << (f & 63) }

// FieldSet is a set of the fields of one table.
type FieldSet uint64

// AllFields is the set of every field of a table.
const AllFields = ^FieldSet(0)

// Has reports whether the field is in the set.
func (s FieldSet) Has(f Field) bool { return s&f.bit() != 0 }

// With returns the set with the fields added.
func (s FieldSet) With(fs ...Field) FieldSet {
	for _, f := range fs {
		s |= f.bit()
	}
	return s
}

// Without returns the set without the fields.
func (s FieldSet) Without(fs ...Field) FieldSet {
	for _, f := range fs {
		s &^= f.bit()
	}
	return s
}

// List returns the fields of table t in the set, in order.
func (s FieldSet) List(t Table) []Field {
	var out []Field
	for _, f := range Fields(t) {
		if s.Has(f) {
			out = append(out, f)
		}
	}
	return out
}

// Scan reads a set stored as an integer.
func (s *FieldSet) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s = 0
	case int64:
		*s = FieldSet(v)
	case int32:
		*s = FieldSet(v)
	default:
		return errs.E(errs.Internal, "field set: unexpected %T", src)
	}
	return nil
}

// AllOf returns the set of every field of a table: what a record lacks when no source has
// provided anything of it.
func AllOf(t Table) FieldSet { return FieldSet(0).With(Fields(t)...) }

// FieldInfo says what a field is called and where its data comes from when the national
// export does not carry it.
type FieldInfo struct {
	Label string // the field's name as the national export's column has it
	// Source names where a county gets the field when its exports lack it: the department
	// list or the visit that provides it ("" for fields of the national export itself).
	Source string
}

// Where a county gets the fields the national export leaves out.
const (
	SourceHousing    = "住建部门农村房屋安全鉴定名单"
	SourceVisit      = "入户核查（走访记录）"
	SourceWater      = "水利部门农村供水名单"
	SourceDisability = "残联残疾人证信息"
	SourceMedical    = "医保部门报销结算数据"
	SourcePolice     = "公安部门户籍注销（死亡）名单"
	SourceGrid       = "县乡网格划分与帮扶责任人名单"
	SourceCivil      = "民政部门低保特困名单"
	SourceRelocation = "易地扶贫搬迁安置台账"
)

var fieldInfo = map[Field]FieldInfo{
	HKind:             {Label: "户类型"},
	HYearOut:          {Label: "脱贫年度"},
	HDeclaredSize:     {Label: "家庭人口数"},
	HCategory:         {Label: "监测对象类别"},
	HIdentifiedOn:     {Label: "识别监测时间"},
	HChannel:          {Label: "识别渠道"},
	HRiskTypes:        {Label: "风险类型"},
	HRiskRemark:       {Label: "风险备注"},
	HRiskEliminated:   {Label: "风险是否已消除"},
	HEliminationWay:   {Label: "风险消除方式"},
	HEliminatedOn:     {Label: "消除监测时间"},
	HDibao:            {Label: "户是否享受低保", Source: SourceCivil},
	HTekun:            {Label: "户是否特困供养", Source: SourceCivil},
	HRelocated:        {Label: "是否易地扶贫搬迁户", Source: SourceRelocation},
	HRelocationSite:   {Label: "安置点名称", Source: SourceRelocation},
	HMilitaryFamily:   {Label: "是否军烈属"},
	HNoLabourSupport:  {Label: "整户无劳动能力兜底保障户"},
	HDevMeasureDone:   {Label: "实施开发式帮扶措施情况"},
	HPhone:            {Label: "户联系电话"},
	HUnsafeHouse:      {Label: "是否危房户", Source: SourceHousing},
	HHousingGrade:     {Label: "住房安全等级", Source: SourceHousing},
	HHousingAppraised: {Label: "住房鉴定日期", Source: SourceHousing},
	HWaterSafe:        {Label: "是否解决安全饮用水", Source: SourceWater},
	HWaterIssue:       {Label: "饮水不安全原因", Source: SourceWater},
	HToilet:           {Label: "是否有卫生厕所", Source: SourceVisit},
	HElectricity:      {Label: "是否通生活用电", Source: SourceVisit},
	HRoadHardened:     {Label: "入户道路是否硬化", Source: SourceVisit},
	HHouseArea:        {Label: "住房面积", Source: SourceVisit},
	HGrid:             {Label: "网格", Source: SourceGrid},
	HHelper:           {Label: "帮扶责任人", Source: SourceGrid},
	HHelperPhone:      {Label: "帮扶责任人联系电话", Source: SourceGrid},
	HAddress:          {Label: "详细地址"},
	HMeasures:         {Label: "帮扶措施"},

	PName:               {Label: "姓名"},
	PIDType:             {Label: "证件类型"},
	PIDNumber:           {Label: "证件号码"},
	PGender:             {Label: "性别"},
	PBirth:              {Label: "出生日期"},
	PRelation:           {Label: "与户主关系"},
	PEthnicity:          {Label: "民族"},
	PPolitical:          {Label: "政治面貌"},
	PEducation:          {Label: "文化程度"},
	PSchoolStatus:       {Label: "在校生状况"},
	PDropoutReason:      {Label: "失学或辍学原因"},
	PLabourSkill:        {Label: "劳动技能"},
	PHealth:             {Label: "健康状况"},
	PDisabilityCategory: {Label: "残疾类别", Source: SourceDisability},
	PDisabilityGrade:    {Label: "残疾等级", Source: SourceDisability},
	PWorkLocation:       {Label: "务工所在地"},
	PWorkMonths:         {Label: "务工时间（月）"},
	PEmployer:           {Label: "务工企业名称"},
	PWorkChannel:        {Label: "就业渠道"},
	PPostType:           {Label: "公益性岗位类型"},
	PPostMonths:         {Label: "公益性岗位(月数)"},
	PResidentMedical:    {Label: "是否参加城乡居民基本医疗保险"},
	PEmployeeMedical:    {Label: "是否参加城镇职工基本医疗保险"},
	PCriticalIllness:    {Label: "是否参加大病保险"},
	PResidentPension:    {Label: "是否参加城乡居民基本养老保险"},
	PEmployeePension:    {Label: "是否参加城镇职工基本养老保险"},
	PDibao:              {Label: "是否享受低保"},
	PTekun:              {Label: "是否特困供养人员"},
	PPhone:              {Label: "成员联系电话"},
	PDeceasedOn:         {Label: "死亡日期", Source: SourcePolice},

	IWages:             {Label: "工资性收入"},
	IPostWages:         {Label: "公益性岗位收入"},
	IBusiness:          {Label: "生产经营性收入"},
	IProperty:          {Label: "财产性收入"},
	IDividends:         {Label: "资产收益扶贫分红收入"},
	ITransfers:         {Label: "转移性收入"},
	IPension:           {Label: "养老金或离退休金"},
	IFamilyPlan:        {Label: "计划生育金"},
	IEcoComp:           {Label: "生态补偿金"},
	IDibaoPay:          {Label: "最低生活保障金"},
	ITekunPay:          {Label: "特困人员救助供养金"},
	IOtherTrans:        {Label: "其他转移性收入"},
	IBusinessExpense:   {Label: "生产经营性支出"},
	IMedicalOOP:        {Label: "合规自付医疗支出", Source: SourceMedical},
	IEducationExp:      {Label: "教育支出"},
	ISize:              {Label: "家庭人口数（收入年度）"},
	IExpenseSubsidy:    {Label: "专项用于减少生产经营性支出的补贴"},
	IDeclaredNet:       {Label: "纯收入"},
	IDeclaredPerCapita: {Label: "人均纯收入"},
}

// Info returns what the field is called and where it comes from.
func (f Field) Info() FieldInfo { return fieldInfo[f] }

// Label returns the field's name.
func (f Field) Label() string { return fieldInfo[f].Label }

// tableBounds are the first field and the end of each table's fields.
var tableBounds = [...][2]Field{HouseholdTable: {0, hEnd}, PersonTable: {64, pEnd}, IncomeTable: {128, iEnd}}

// Fields returns every field of a table, in order.
func Fields(t Table) []Field {
	var out []Field
	for f := tableBounds[t][0]; f < tableBounds[t][1]; f++ {
		out = append(out, f)
	}
	return out
}

// FieldByLabel returns the field with the label.
func FieldByLabel(label string) (Field, bool) {
	for f, in := range fieldInfo {
		if in.Label == label {
			return f, true
		}
	}
	return 0, false
}
