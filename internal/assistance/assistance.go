// Package assistance is the domain of the regular assistance of the rural low-income population
// (农村低收入人口常态化帮扶, DOMAIN.md section 6, indicator 7): the list of low-income families
// civil affairs keeps (低保, 特困, 低保边缘, 刚性支出困难), matched by ID number to the registry;
// the regular assistance records (phone calls and visits, what was done, the 帮扶手册 updated);
// and the small loans (小额信贷) of target households — the loans, the banks' list of households
// rated for credit (评级授信名单), and whether a household wants a loan, as recorded at visits.
//
// The package holds the types and their validation, what the domain knows about a household for
// the rules (Facts), the objects the object rules judge (a low-income family, a loan), and the
// county lists (lists.go). It reads no database: the SQL is internal/store/assistance.go.
package assistance

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Domain names the facts of this package: rules read them as House.Fact(assistance.Domain).
const Domain = "assistance"

// The kinds of object the rules judge here.
const (
	KindFamily = "low_income" // a low-income family
	KindLoan   = "loan"       // a small loan
)

// Categories are the categories of the rural low-income population.
var Categories = []string{"低保", "特困", "低保边缘", "刚性支出困难"}

// CategorySpell maps other spellings of the categories.
var CategorySpell = map[string]string{"农村低保": "低保", "最低生活保障": "低保", "低保户": "低保", "特困供养": "特困",
	"特困人员": "特困", "农村特困": "特困", "低保边缘户": "低保边缘", "低保边缘家庭": "低保边缘",
	"支出型困难": "刚性支出困难", "刚性支出困难家庭": "刚性支出困难", "支出型困难家庭": "刚性支出困难"}

// Ways are the ways of a regular assistance record.
var Ways = []string{"入户走访", "电话联系", "帮扶手册更新", "措施调整", "其他"}

// WaySpell maps other spellings of the ways.
var WaySpell = map[string]string{"走访": "入户走访", "入户": "入户走访", "上门": "入户走访", "电话": "电话联系", "电话回访": "电话联系",
	"手册更新": "帮扶手册更新", "更新帮扶手册": "帮扶手册更新", "调整措施": "措施调整"}

// LoanStatuses are the statuses of a loan.
var LoanStatuses = []string{"正常", "已还清", "逾期", "展期"}

// LoanStatusSpell maps other spellings of the statuses.
var LoanStatusSpell = map[string]string{"未到期": "正常", "在贷": "正常", "结清": "已还清", "已结清": "已还清", "还清": "已还清",
	"逾期未还": "逾期", "已逾期": "逾期", "续贷": "展期"}

// Limits of the texts, in characters.
const (
	MaxID   = listfile.MaxID
	MaxName = 100
	MaxNote = 500
)

// Family is a low-income family of the civil-affairs list, known by the ID number of its head.
type Family struct {
	ID       string // FamilyID of the head's ID key
	County   region.Code
	Village  region.Code
	Head     string
	HeadID   string // as written
	Size     int
	Category string // one of Categories
	Since    registry.Date
	// Ill says whether a member was hospitalised or diagnosed with a serious illness (住院或
	// 患大病), and IllOn when.
	Ill         registry.Flag
	IllOn       registry.Date
	HouseholdNo string // the registry household of the head's ID number, "" when none
	Source      string
}

// Validate checks the family.
func (f *Family) Validate() error {
	if f.Village.Level() == 0 || f.County != f.Village.County() {
		return errs.E(errs.Invalid, "低收入人口「%s」的所在地区「%s」无效", f.Head, f.Village)
	}
	if err := listfile.CheckText("户主姓名", f.Head, 50, true); err != nil {
		return err
	}
	if strings.TrimSpace(f.HeadID) == "" {
		return errs.E(errs.Invalid, "户主证件号码不能为空")
	}
	if !registry.In(Categories, f.Category) {
		return errs.E(errs.Invalid, "类别应为%s之一", strings.Join(Categories, "、"))
	}
	if f.Size < 0 {
		return errs.E(errs.Invalid, "家庭人口不能为负数")
	}
	return nil
}

// Record is a regular assistance record (常态化帮扶记录) of a family.
type Record struct {
	ID       string
	County   region.Code
	FamilyID string
	On       registry.Date
	Way      string // one of Ways
	By       string
	Done     string // what was done
	Source   string
}

// Validate checks the record.
func (r *Record) Validate() error {
	if r.FamilyID == "" {
		return errs.E(errs.Invalid, "帮扶记录缺少低收入家庭")
	}
	if r.On.IsZero() {
		return errs.E(errs.Invalid, "帮扶日期不能为空")
	}
	if !registry.In(Ways, r.Way) {
		return errs.E(errs.Invalid, "帮扶方式应为%s之一", strings.Join(Ways, "、"))
	}
	if err := listfile.CheckText("帮扶人", r.By, 50, false); err != nil {
		return err
	}
	return listfile.CheckText("帮扶内容", r.Done, MaxNote, true)
}

// Loan is a small loan (小额信贷) to a household.
type Loan struct {
	ID          string // 合同编号
	County      region.Code
	Village     region.Code
	HouseholdNo string // the registry household of the borrower, "" when none
	Borrower    string
	BorrowerID  string
	Bank        string
	Amount      registry.Money
	Issued, Due registry.Date
	Use         string
	Status      string // one of LoanStatuses
	Repaid      registry.Date
	Overdue     registry.Money // amount overdue
	Source      string
}

// Validate checks the loan.
func (l *Loan) Validate() error {
	if err := listfile.ValidID("合同编号", l.ID); err != nil {
		return err
	}
	if l.Village.Level() == 0 || l.County != l.Village.County() {
		return errs.E(errs.Invalid, "贷款「%s」的所在地区「%s」无效", l.ID, l.Village)
	}
	if err := listfile.CheckText("借款人", l.Borrower, 50, true); err != nil {
		return err
	}
	if l.Amount <= 0 {
		return errs.E(errs.Invalid, "贷款金额应大于 0")
	}
	if l.Issued.IsZero() {
		return errs.E(errs.Invalid, "放款日期不能为空")
	}
	if !l.Due.IsZero() && l.Due.Before(l.Issued) {
		return errs.E(errs.Invalid, "到期日期早于放款日期")
	}
	if !registry.In(LoanStatuses, l.Status) {
		return errs.E(errs.Invalid, "贷款状态应为%s之一", strings.Join(LoanStatuses, "、"))
	}
	for _, t := range [][2]string{{"贷款银行", l.Bank}, {"贷款用途", l.Use}} {
		if err := listfile.CheckText(t[0], t[1], MaxName, false); err != nil {
			return err
		}
	}
	return nil
}

// Outstanding reports whether the loan is not repaid.
func (l *Loan) Outstanding() bool { return l.Status != "已还清" }

// OverdueOn reports whether the loan is overdue on the day: marked 逾期, or past its due date
// and not repaid (a 展期 loan's due date is the extended one).
func (l *Loan) OverdueOn(d registry.Date) bool {
	if l.Status == "逾期" || l.Overdue > 0 {
		return l.Status != "已还清"
	}
	return l.Outstanding() && !l.Due.IsZero() && l.Due.Before(d)
}

// Wish is whether a household wants a small loan, as recorded at a visit (贷款意愿).
type Wish struct {
	County      region.Code
	HouseholdNo string
	On          registry.Date
	Wants       registry.Flag
	Note        string
	By          string
}

// Rated is a household on the banks' list of households rated for credit (评级授信名单).
type Rated struct {
	County      region.Code
	HouseholdNo string
	Name        string
	IDNumber    string
	Rating      string // 信用等级
	Limit       registry.Money
	On          registry.Date
}

// FamilyID returns the id of the family whose head has the ID key: stable across imports, and
// not showing the number.
func FamilyID(key string) string { return "F" + hashID(key) }

func hashID(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}
