package funds

import (
	"slices"
	"strconv"
	"time"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// CountyYear is a county's transition funds (衔接资金) of one year: the money allocated to it
// and paid out of it, date by date, the approved amounts of the year's projects (and the year
// before's) for the industry share, and the province's averages to compare with. The rules
// on the expenditure rate and the industry share judge it.
type CountyYear struct {
	County region.Code
	Name   string // the county's name
	Year   int
	Flows  []Flow // the year's funds, by date
	// Industry and Total are the 衔接资金 approved for the year's projects: of 产业发展
	// projects, and of every project not stopped. LastIndustry and LastTotal are the year
	// before's.
	Industry, Total         registry.Money
	LastIndustry, LastTotal registry.Money
	Averages                []ProvinceAverage // the province's, of the year, by month
}

// Kind, ID, Region and Label make a county's year of funds an object the rules judge.
func (c *CountyYear) Kind() string        { return KindFunds }
func (c *CountyYear) ID() string          { return c.County.Prefix() + "-" + strconv.Itoa(c.Year) }
func (c *CountyYear) Region() region.Code { return c.County }
func (c *CountyYear) Label() string {
	return c.Name + " " + strconv.Itoa(c.Year) + " 年度衔接资金"
}

// Progress is the money allocated and paid by a date.
type Progress struct {
	Allocated, Paid registry.Money
}

// Rate returns the expenditure rate (支出率) in %: paid ÷ allocated; ok is false when nothing
// is allocated.
func (p Progress) Rate() (float64, bool) {
	if p.Allocated <= 0 {
		return 0, false
	}
	return float64(p.Paid) * 100 / float64(p.Allocated), true
}

// At returns the money allocated and paid on or before the date.
func (c *CountyYear) At(d registry.Date) Progress {
	var p Progress
	for _, f := range c.Flows {
		if d.Before(f.Date) {
			continue
		}
		switch f.Kind {
		case FlowAllocated:
			p.Allocated += f.Amount
		case FlowPaid:
			p.Paid += f.Amount
		}
	}
	return p
}

// MonthPoint is one month of the expenditure curve: the money allocated and paid by the
// month's end (or by the date the curve is drawn at, in that date's month), the rate, what
// the schedule asks by then, and the province's average of the month.
type MonthPoint struct {
	Month      int
	Day        int // the day of the month it is measured at when the month is not over, else 0
	Progress   Progress
	Rate       float64
	HasRate    bool
	Schedule   float64
	Average    float64
	HasAverage bool
}

// Curve returns the expenditure curve of the year's months as of a date: every month of the
// year up to the date's, the last measured at the date itself when its month is not over
// (what is due on a day of a month is the month's step in proportion to its days gone by,
// policy.Curve.On). A date after the year gives the twelve months.
func (c *CountyYear) Curve(sched policy.Curve, asOf registry.Date) []MonthPoint {
	var out []MonthPoint
	for m := 1; m <= 12; m++ {
		at := monthEnd(registry.NewMonth(c.Year, time.Month(m)))
		p := MonthPoint{Month: m, Schedule: sched.At(m)}
		if asOf.Before(at) {
			if asOf.Time().Year() < c.Year || int(asOf.Time().Month()) < m {
				break
			}
			at, p.Day, p.Schedule = asOf, asOf.Time().Day(), sched.On(c.Year, asOf.Time())
		}
		p.Progress = c.At(at)
		p.Rate, p.HasRate = p.Progress.Rate()
		for _, a := range c.Averages {
			if a.Month == m && p.Day == 0 {
				p.Average, p.HasAverage = a.Rate, true
			}
		}
		out = append(out, p)
		if p.Day != 0 {
			break
		}
	}
	return out
}

// AverageBy returns the province's latest average entered for a month up to m.
func (c *CountyYear) AverageBy(m int) (ProvinceAverage, bool) {
	var best ProvinceAverage
	ok := false
	for _, a := range c.Averages {
		if a.Month <= m && (!ok || a.Month > best.Month) {
			best, ok = a, true
		}
	}
	return best, ok
}

// Share returns part ÷ whole in %; ok is false when whole is not positive.
func Share(part, whole registry.Money) (float64, bool) {
	if whole <= 0 {
		return 0, false
	}
	return float64(part) * 100 / float64(whole), true
}

// IndustryShare returns the year's industry share, and LastShare the year before's.
func (c *CountyYear) IndustryShare() (float64, bool) { return Share(c.Industry, c.Total) }

// LastShare returns the industry share of the year before.
func (c *CountyYear) LastShare() (float64, bool) { return Share(c.LastIndustry, c.LastTotal) }

// Receipt is money received at a date.
type Receipt struct {
	Date   registry.Date
	Amount registry.Money
}

// Undistributed returns how much of the income received on or before due is not covered by
// the distributions made on or before asOf, and when the oldest receipt still uncovered came
// in. Distributions pay the oldest income first.
func Undistributed(receipts []Receipt, dists []Distribution, due, asOf registry.Date) (registry.Money, registry.Date) {
	var paid registry.Money
	for _, d := range dists {
		if !asOf.Before(d.Date) {
			paid += d.Amount
		}
	}
	rs := slices.Clone(receipts)
	slices.SortStableFunc(rs, func(a, b Receipt) int { return a.Date.Time().Compare(b.Date.Time()) })
	var left registry.Money
	var oldest registry.Date
	for _, r := range rs {
		if due.Before(r.Date) {
			break
		}
		take := min(paid, r.Amount)
		paid -= take
		if rest := r.Amount - take; rest > 0 {
			left += rest
			if oldest.IsZero() {
				oldest = r.Date
			}
		}
	}
	return left, oldest
}

// Receipts returns the asset's income as receipts.
func (a *Asset) Receipts() []Receipt {
	out := make([]Receipt, 0, len(a.Incomes))
	for _, in := range a.Incomes {
		out = append(out, Receipt{in.Received, in.Amount})
	}
	return out
}

// LastIncome returns the date the asset last received income with an amount, or the zero
// date.
func (a *Asset) LastIncome() registry.Date {
	var last registry.Date
	for _, in := range a.Incomes {
		if in.Amount > 0 && last.Before(in.Received) {
			last = in.Received
		}
	}
	return last
}

// IncomeTotal returns the asset's income received on or before a date.
func (a *Asset) IncomeTotal(asOf registry.Date) registry.Money {
	var t registry.Money
	for _, in := range a.Incomes {
		if !asOf.Before(in.Received) {
			t += in.Amount
		}
	}
	return t
}

// DistributedTotal returns what was distributed on or before a date.
func DistributedTotal(dists []Distribution, asOf registry.Date) registry.Money {
	var t registry.Money
	for _, d := range dists {
		if !asOf.Before(d.Date) {
			t += d.Amount
		}
	}
	return t
}

// Receipts returns the station's monthly income as receipts.
func (s *Station) Receipts() []Receipt {
	out := make([]Receipt, 0, len(s.Months))
	for _, m := range s.Months {
		if m.Income > 0 {
			out = append(out, Receipt{m.ReceivedOn(), m.Income})
		}
	}
	return out
}

// Yield is a station's yield over the months recorded in a window against its design.
type Yield struct {
	Months   int     // months with a record in the window
	KWh      float64 // their yield
	Expected float64 // the design's for as many months: ExpectedKWh ÷ 12 each
}

// Ratio returns KWh ÷ Expected in %; ok is false without a record or a design yield.
func (y Yield) Ratio() (float64, bool) {
	if y.Months == 0 || y.Expected <= 0 {
		return 0, false
	}
	return y.KWh * 100 / y.Expected, true
}

// YieldBefore returns the station's yield over the 12 months before the month of ref (the
// month itself is not complete).
func (s *Station) YieldBefore(ref registry.Date) Yield {
	cur := registry.MonthOf(ref.Time())
	var y Yield
	for _, m := range s.Months {
		if k := m.Month.MonthsUntil(cur); k >= 1 && k <= 12 {
			y.Months++
			y.KWh += m.KWh
		}
	}
	y.Expected = s.ExpectedKWh / 12 * float64(y.Months)
	return y
}

// LastOp returns the date of the station's latest maintenance, or the zero date.
func (s *Station) LastOp() registry.Date {
	var last registry.Date
	for _, o := range s.Ops {
		if last.Before(o.Date) {
			last = o.Date
		}
	}
	return last
}

// PostShare returns the share, in %, of the station's income distributed in a year that
// went to public-welfare posts and small public works, and the amount distributed; ok is
// false when nothing was distributed that year.
func (s *Station) PostShare(year int) (share float64, total registry.Money, ok bool) {
	var posts registry.Money
	for _, d := range s.Distributions {
		if d.Date.Time().Year() != year {
			continue
		}
		total += d.Amount
		if d.PostShare() {
			posts += d.Amount
		}
	}
	share, ok = Share(posts, total)
	return share, total, ok
}
