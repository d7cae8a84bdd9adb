package assistance

import (
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Facts is what the domain knows about one household of the registry, for the household rules
// (House.Fact(Domain), type-asserted to *Facts). A household appears when its county keeps one
// of the lists; the flags say which, and a rule reads the absence of a record only where the
// list is kept.
type Facts struct {
	// LowIncome: the county keeps the low-income list; Families are the household's entries on
	// it (matched by the ID numbers of its members), with the day of their latest assistance
	// record (zero when none).
	LowIncome bool
	Families  []FamilyFact
	// Loans: the county keeps its small-loan ledger; Loans are the household's.
	Loans     bool
	LoanFacts []LoanFact
	// Wishes: the county records loan wishes at visits; Wish is the latest, nil when none.
	Wishes bool
	Wish   *Wish
	// Ratings: the county keeps the banks' credit rating list; Rated whether the household is
	// on it.
	Ratings bool
	Rated   bool
}

// FamilyFact is a household's entry on the low-income list.
type FamilyFact struct {
	Category   string
	LastRecord registry.Date
}

// LoanFact is a loan of the household as the rules read it.
type LoanFact struct {
	Issued      registry.Date
	Outstanding bool
}

// LoanSince reports whether the household was lent money on or after the day, or owes a loan.
func (f *Facts) LoanSince(d registry.Date) bool {
	for _, l := range f.LoanFacts {
		if l.Outstanding || !l.Issued.Before(d) {
			return true
		}
	}
	return false
}

// Assisted reports whether the household is on the low-income list or has an assistance
// record on or after the day.
func (f *Facts) Assisted(d registry.Date) bool {
	for _, fm := range f.Families {
		if fm.Category != "" || !fm.LastRecord.IsZero() && !fm.LastRecord.Before(d) {
			return true
		}
	}
	return false
}

// FamilyObject is a low-income family as the object rules judge it: with its assistance
// records' days.
type FamilyObject struct {
	Family
	Records []registry.Date // oldest first
}

// Kind returns KindFamily.
func (f *FamilyObject) Kind() string { return KindFamily }

// ID returns the family's id.
func (f *FamilyObject) ID() string { return f.Family.ID }

// Region returns the family's village.
func (f *FamilyObject) Region() region.Code { return f.Village }

// Label names the family.
func (f *FamilyObject) Label() string { return f.Category + "家庭「" + f.Head + "」" }

// Last returns the day of the family's latest record, zero when none.
func (f *FamilyObject) Last() registry.Date {
	if len(f.Records) == 0 {
		return registry.Date{}
	}
	return f.Records[len(f.Records)-1]
}

// FirstSince returns the first record on or after the day, zero when none.
func (f *FamilyObject) FirstSince(d registry.Date) registry.Date {
	for _, r := range f.Records {
		if !r.Before(d) {
			return r
		}
	}
	return registry.Date{}
}

// LoanObject is a loan as the object rules judge it.
type LoanObject struct {
	Loan
}

// Kind returns KindLoan.
func (l *LoanObject) Kind() string { return KindLoan }

// ID returns the loan's contract number.
func (l *LoanObject) ID() string { return l.Loan.ID }

// Region returns the borrower's village.
func (l *LoanObject) Region() region.Code { return l.Village }

// Label names the loan.
func (l *LoanObject) Label() string { return "小额信贷「" + l.Loan.ID + "」" }
