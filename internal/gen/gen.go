// Package gen generates a synthetic area: households, people, incomes and assistance measures
// spread over the real villages of a region, with realistic distributions and, on request,
// known problems seeded into otherwise clean households. The demo, the tests of the screening
// rules and the benchmarks run on it.
//
// Generation is deterministic: the same Config (seed included) gives the same households, in
// the same order, on any machine. It streams: households are built village by village and
// handed over in batches, so an area of millions of households never sits in memory.
//
// # Distributions
//
// Households are spread over the area's villages with log-normal weights (σ 0.45), about 500
// per village at 1,000,000 households, numbered village code + 4-digit sequence; people are
// numbered household number + 2 digits.
//
//   - Size 1–8 people (11, 19, 21, 22, 15, 8, 3, 1 %; mean ≈ 3.5): single elderly people and
//     middle-aged bachelors, couples, nuclear families with the head's parents now and then, and
//     three-generation families led by an elder with a married son (or daughter and 女婿) and
//     grandchildren. Spouses are within 5 years of each other, children 20–35 years younger
//     than their mother, parents 20–35 years older than the head. 85 % of heads are men.
//   - 33 % 脱贫户 (脱贫年度 2014–2020, most in 2017–2019), 8 % of them relocated (易地扶贫搬迁).
//   - Monitoring: 12 % of 脱贫户 (脱贫不稳定户) and 2.2 % of 一般农户 (70 % 边缘易致贫户, 30 %
//     突发严重困难户), about 5 % of households; identified from 2020-06 to two months before the
//     reference date, by the three channels; about half eliminated (85 % 帮扶消除, 15 %
//     自然消除) 7–30 months after identification, never a household without labour. Risk types
//     (1–3) follow the facts: 因病 needs an ill member and medical costs, 因残 a disabled
//     member, 因学 a student, 缺劳动力 a household with little labour, 因务工就业不稳 a worker;
//     因自然灾害, 因意外事故, 因产业失败, 其他 and the resolved 因安全住房 / 因安全饮水 are drawn
//     freely.
//   - Names: weighted Gansu surnames; given names by sex and birth cohort; the family shares the
//     head's (or the husband's) surname. ID numbers from the county's address code (30 % of
//     in-married spouses and 3 % of others from another county of the province), unique in the
//     area. Disabled people carry a 20-digit disability certificate number (ID + category +
//     grade).
//   - Education by cohort (文盲 common among the elderly, 初中 and up for the young); students by
//     age at the last 1 September: 小学 6–11, 七–九年级 12–14, 高中 or 中职 15–17, 本科 or 高职
//     18–21; every child aged 6–15 is in school.
//   - Health: 88 % of 16–59-year-olds 健康, the rest 长期慢性病, 患有大病 or 残疾 (category and
//     grade); more illness and disability with age. Labour: 普通 (80 %) or 技能 (20 %) for healthy
//     16–59-year-olds out of school, 弱劳动力或半劳动力 for the chronically ill and mildly disabled
//     and for healthy 60–69-year-olds, 丧失劳动力 for the seriously ill or severely disabled under
//     60, 无劳动力 for children, students and the rest of the elderly.
//   - Work: in 脱贫 and monitored households everyone who can work has work (38 % 省外, 24 %
//     省内县外, 18 % 县内乡外, 20 % 乡镇内 for full labour; weak labour works near home), 85 % in
//     other households; months 6–11 away and 3–10 near home, with an employer and a channel.
//     About 9 % of target households with suitable labour hold one public-welfare post (aged
//     20–58, 6–12 months, 500–800 元 a month).
//   - Every member has exactly one basic medical insurance (职工 for about one in six people
//     working outside the county), 大病保险, and a pension from 16 out of school. 低保 for every
//     household without labour (特困供养 for 30 % of such single people), 10 % of other 脱贫户,
//     25 % of monitored and 1.5 % of other households. Phones: a unique mobile for every adult
//     (most over-75s too); the head's is the household's.
//   - Income for Year−1 and Year with every national component, derived from the people
//     (wages from work months, post wages, pensions, 低保金, 特困金, disability subsidies,
//     farming and its expenses, land rent and dividends), scaled to a per-capita net income of
//     9,300–28,000 元 (median 13,500) for 脱贫户, 9,300–60,000 (median 17,500) for others,
//     5,000–7,700 or 8,600–13,000 for unresolved monitored households, 9,000–15,000 for
//     突发严重困难户 and 9,300–17,000 for eliminated ones (never above 18,000 for monitored
//     households). Where nobody is full labour, income beyond what the land yields is support
//     from children (其他转移性收入). The previous year is 3–10 % lower, component by component,
//     so income never falls and its main source stays. Rigid expenditure: medical costs for the
//     ill (over 10,000 only for 突发严重困难户 因病) and education costs for students; households
//     that are not monitored stay above 9,300 per person after it.
//   - Housing graded A/B and appraised for every target household (C/D never lived in), safe
//     water, sanitary toilet, electricity, hardened road, a grid and, for target households, a
//     helper.
//   - Measures for 脱贫户 and monitored households, derived from the facts: 产业帮扶, 就业帮扶
//     for work away from home, 公益岗位帮扶 for post holders, 健康帮扶 for the ill (and the
//     premium subsidy for monitored households identified before the year), 教育帮扶 (雨露计划
//     for 中职/高职 students), 义务教育保障, 综合保障 for 低保/特困/severe disability, 搬迁,
//     historic 住房安全保障, 金融帮扶, 社会帮扶; a monitored household has a measure for each
//     of its risks and a development measure whenever it has labour.
//
// With ZeroRates the data passes every check of DOMAIN.md section 6 and PRACTICE.md that the
// registry's fields decide. Rates seeds the problems listed with the Problem constants.
package gen

import (
	"context"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// DefaultArea is 定西市 (Gansu): 7 counties, 1,987 villages, all formerly poverty counties.
const DefaultArea region.Code = "621100000000"

// Config says what to generate.
type Config struct {
	Area       region.Code // the region to fill; DefaultArea when blank
	Households int         // how many households
	Seed       uint64      // the same seed and config give the same data
	// Year is the current income year; the previous year's income is generated too. Zero
	// means the year of Ref.
	Year int
	// Ref is the reference date for ages and dates (the CLI passes the clock's now). Zero means
	// 1 October of Year.
	Ref time.Time
	// Rates are the rates of seeded problems: DefaultRates for a realistic share of problems,
	// ZeroRates (or nil) for clean data.
	Rates Rates
}

// Stats counts what was generated and lists the seeded problems.
type Stats struct {
	Households, Persons, Incomes, Measures int
	// Seeded lists, per problem, the subjects it was seeded into: 户编号 for household
	// problems, 人口编号 for person problems (see Problem.PersonLevel). Nothing stored marks
	// them; only this list knows.
	Seeded map[Problem][]string
}

// Generate builds cfg.Households households over the villages of cfg.Area in tree and passes
// them to emit in batches of batch households (the last may be shorter). Each batch is a new
// slice that emit may keep. It stops at the first error of emit or when ctx is done.
func Generate(ctx context.Context, tree *region.Tree, cfg Config, batch int, emit func([]registry.Aggregate) error) (Stats, error) {
	g, err := newGenerator(tree, cfg)
	if err != nil {
		return Stats{}, err
	}
	if batch <= 0 {
		batch = 1000
	}
	buf := make([]registry.Aggregate, 0, min(batch, cfg.Households))
	for vi := range g.villages {
		for seq := 1; seq <= g.villages[vi].households; seq++ {
			if len(buf) == 0 {
				if err := ctx.Err(); err != nil {
					return g.stats, err
				}
			}
			buf = append(buf, g.household(vi, seq))
			if len(buf) == batch {
				if err := emit(buf); err != nil {
					return g.stats, err
				}
				buf = make([]registry.Aggregate, 0, batch)
			}
		}
	}
	if len(buf) > 0 {
		if err := emit(buf); err != nil {
			return g.stats, err
		}
	}
	return g.stats, nil
}

// FillBatch is the number of households Fill writes in one transaction.
const FillBatch = 2000

// Fill generates the area of cfg and loads it into reg in batches of FillBatch households,
// generating the next batch while the previous one is written.
func Fill(ctx context.Context, reg *store.Registry, tree *region.Tree, cfg Config) (Stats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []registry.Aggregate, 1)
	written := make(chan error, 1)
	go func() {
		err := reg.Bulk(ctx, func(load func([]registry.Aggregate) error) error {
			var err error
			for b := range batches {
				if err == nil {
					if err = load(b); err != nil {
						cancel() // stops the generator; the remaining batches are drained unwritten
					}
				}
			}
			return err
		})
		if err != nil {
			cancel()
		}
		written <- err
	}()
	stats, genErr := Generate(ctx, tree, cfg, FillBatch, func(b []registry.Aggregate) error {
		select {
		case batches <- b:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	close(batches)
	if err := <-written; err != nil {
		return stats, err
	}
	if genErr != nil {
		return stats, genErr
	}
	return stats, nil
}

// withDefaults fills the blanks of cfg and checks it.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Area == "" {
		cfg.Area = DefaultArea
	}
	if cfg.Households <= 0 {
		return cfg, errs.E(errs.Invalid, "户数须为正数，现为 %d", cfg.Households)
	}
	if cfg.Year == 0 && cfg.Ref.IsZero() {
		return cfg, errs.E(errs.Invalid, "须指定收入年度或参考日期")
	}
	if cfg.Year == 0 {
		cfg.Year = cfg.Ref.Year()
	}
	if cfg.Ref.IsZero() {
		cfg.Ref = time.Date(cfg.Year, time.October, 1, 0, 0, 0, 0, time.UTC)
	}
	y, m, d := cfg.Ref.Date()
	cfg.Ref = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if cfg.Year < 2021 || cfg.Year > 2100 || cfg.Ref.Year() < 2021 {
		return cfg, errs.E(errs.Invalid, "收入年度 %d 或参考日期 %s 不在 2021 年以后", cfg.Year, cfg.Ref.Format("2006-01-02"))
	}
	return cfg, nil
}
