package web

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
)

// Fuzz targets for what the web application reads from query strings and forms.
//
// FuzzListFilters: the filters of the findings list and the ledger (and the pager under
// them) never panic, give the same result for the same query, refuse only with errs.Invalid
// (or errs.Forbidden for a region outside the user's), and give an offset that is not
// negative, a scope inside the user's region, and known statuses and severities.
//
// FuzzFormField: every field parser of the edit forms refuses only with errs.Invalid, and a
// value it accepts survives the form's round trip: shown again in the form and submitted
// unchanged, it parses without error to the same value (a cadre who opens a form and saves
// without touching it gets neither errors nor changes).
//
// FuzzBind: binding a whole submitted form never panics and is deterministic.

func fuzzRequest(query string, u *auth.User) *http.Request {
	r := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/findings", RawQuery: query}, Header: http.Header{}}
	return r.WithContext(auth.WithUser(context.Background(), u))
}

func FuzzListFilters(f *testing.F) {
	for _, q := range []string{"", "status=open", "region=621121100000&severity=high&offset=100", "status=waived&rule=DQ-05",
		"indicator=dq", "indicator=11", "offset=-5", "offset=99999999999999999999", "region=1100", "region=６２１１２１",
		"status=pending&person=张", "status=已销号&overdue=1", "status=bogus", "region=%zz", "a=1;b=2"} {
		f.Add(q, false)
		f.Add(q, true)
	}
	now := func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) }
	s := &Server{now: now}
	f.Fuzz(func(t *testing.T, query string, township bool) {
		u := &auth.User{Username: "county", Role: auth.RoleCounty, Region: "621121000000"}
		if township {
			u = &auth.User{Username: "town", Role: auth.RoleTownship, Region: "621121100000"}
		}
		allowed := func(err error) bool { return errs.Is(err, errs.Invalid) || errs.Is(err, errs.Forbidden) }

		ff, err := s.findingFilter(fuzzRequest(query, u))
		ff2, err2 := s.findingFilter(fuzzRequest(query, u))
		if !reflect.DeepEqual(ff, ff2) || (err == nil) != (err2 == nil) {
			t.Fatalf("findingFilter(%q) not deterministic: %+v %v, then %+v %v", query, ff, err, ff2, err2)
		}
		if err != nil && !allowed(err) {
			t.Fatalf("findingFilter(%q): %v", query, err)
		}
		if err == nil {
			if ff.Offset < 0 || ff.Limit != findingsPerPage || !u.Region.Contains(ff.Scope) {
				t.Fatalf("findingFilter(%q) = %+v", query, ff)
			}
			if !slices.Contains([]string{"open", "waived", "closed", "all"}, ff.Status) ||
				!slices.Contains([]string{"", "high", "medium", "low"}, ff.Severity) {
				t.Fatalf("findingFilter(%q) = %+v", query, ff)
			}
			if _, err := parseIndicator(ff.Indicator); err != nil && !errs.Is(err, errs.Invalid) {
				t.Fatalf("parseIndicator(%q): %v", ff.Indicator, err)
			}
			q, _ := url.ParseQuery(query)
			// A page at the offset shows what there is of total, at most a page.
			for _, more := range []int{0, 1, findingsPerPage, findingsPerPage + 1} {
				if ff.Offset > math.MaxInt-more {
					continue
				}
				total := ff.Offset + more
				checkPager(t, q, ff.Offset, min(more, findingsPerPage), total)
			}
			checkPager(t, q, ff.Offset, 0, 0)
		}

		lf, err := s.ledgerFilter(fuzzRequest(query, u))
		lf2, err2 := s.ledgerFilter(fuzzRequest(query, u))
		if !reflect.DeepEqual(lf, lf2) || (err == nil) != (err2 == nil) {
			t.Fatalf("ledgerFilter(%q) not deterministic: %+v %v, then %+v %v", query, lf, err, lf2, err2)
		}
		if err != nil && !allowed(err) {
			t.Fatalf("ledgerFilter(%q): %v", query, err)
		}
		if err == nil {
			if lf.Offset < 0 || lf.Limit != ledgerPerPage || !u.Region.Contains(lf.Scope) {
				t.Fatalf("ledgerFilter(%q) = %+v", query, lf)
			}
			if lf.Status != "" {
				if _, err := ledger.ParseStatus(string(lf.Status)); err != nil {
					t.Fatalf("ledgerFilter(%q) = %+v", query, lf)
				}
			}
		}
	})
}

// checkPager checks the links under a list page: offsets in them are not negative, lie
// within the list, move forward for the next page and back for the previous one, and keep the
// query's filter.
func checkPager(t *testing.T, q url.Values, offset, n, total int) {
	t.Helper()
	p := paging("/findings", q, offset, total, findingsPerPage)
	links := []struct {
		href string
		dir  int
	}{{p.Prev, -1}, {p.Next, 1}}
	for _, l := range p.Links {
		if !l.Gap {
			links = append(links, struct {
				href string
				dir  int
			}{l.URL, 0})
		}
	}
	for _, link := range links {
		if link.href == "" {
			continue
		}
		u, err := url.Parse(link.href)
		if err != nil || u.Path != "/findings" {
			t.Fatalf("paging(%v, %d, %d) link %q", q, offset, total, link.href)
		}
		lq := u.Query()
		o := 0
		if lq.Has("offset") {
			if o, err = strconv.Atoi(lq.Get("offset")); err != nil {
				t.Fatalf("paging(%v, %d, %d) link %q", q, offset, total, link.href)
			}
		}
		if o < 0 || o > 0 && o >= total || link.dir > 0 && o <= offset || link.dir < 0 && o >= offset {
			t.Fatalf("paging(%v, %d, %d) link %q", q, offset, total, link.href)
		}
		lq.Del("offset")
		want := url.Values{}
		for k, v := range q {
			if k != "offset" && k != "page" {
				want[k] = v
			}
		}
		if lq.Encode() != want.Encode() {
			t.Fatalf("paging(%v, %d, %d) link %q lost the filter", q, offset, total, link.href)
		}
	}
}

// formField is one spec of one of the edit forms, typed away so that the fuzz target can pick
// any of them.
type formField struct {
	name string
	// roundTrip submits v in the form into a fresh record: parseErr is the field parser's
	// error, refused whether the form refused v. When it did not, it shows the record in
	// the form, submits what is shown into another fresh record and returns the problem of
	// that and both values.
	roundTrip func(v string) (parseErr error, refused bool, problem, before, after string)
}

func formFieldsOf[T any](specs []spec[T]) []formField {
	var out []formField
	for i := range specs {
		sp := specs[i]
		one := []spec[T]{sp}
		out = append(out, formField{name: sp.name, roundTrip: func(v string) (error, bool, string, string, string) {
			var probe T
			parseErr := sp.set(&probe, strings.TrimSpace(v))
			var rec T
			if problems := bind(one, &rec, url.Values{sp.name: {v}}, formView{}); problems[sp.name] != "" {
				return parseErr, true, "", "", ""
			}
			shown := fields(one, &rec, nil, nil, formView{})[0]
			form := url.Values{}
			switch sp.kind {
			case multiField:
				form[sp.name] = shown.Values
			case secretField:
				form.Set(sp.name, sp.get(&rec)) // shown masked: the user types it again
			default:
				form.Set(sp.name, shown.Value)
			}
			var rec2 T
			problems := bind(one, &rec2, form, formView{})
			return parseErr, false, problems[sp.name], sp.get(&rec), sp.get(&rec2)
		}})
	}
	return out
}

var allFormFields = func() []formField {
	var out []formField
	out = append(out, formFieldsOf(householdSpecs)...)
	out = append(out, formFieldsOf(personSpecs)...)
	out = append(out, formFieldsOf(incomeSpecs)...)
	return append(out, formFieldsOf(measureSpecs)...)
}()

func FuzzFormField(f *testing.F) {
	for _, v := range []string{"", "2019", "2024-03", "2024年3月", "2024-02-30", "是", "否", "1", "8,000.50", "-5", "1e3",
		"12", "13", "13993210001", "62110219900101123x", "因病,因学", "20240101", "１２", "3.5", "0x10"} {
		for i := 0; i < len(allFormFields); i += 7 {
			f.Add(uint8(i), v)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, v string) {
		ff := allFormFields[int(which)%len(allFormFields)]
		parseErr, refused, problem, before, after := ff.roundTrip(v)
		if parseErr != nil && !errs.Is(parseErr, errs.Invalid) {
			t.Fatalf("%s: parsing %q: %v is not errs.Invalid", ff.name, v, parseErr)
		}
		if refused {
			return
		}
		if problem != "" || before != after {
			t.Fatalf("%s: %q was taken as %q; shown and submitted again it gives %q (%s)", ff.name, v, before, after, problem)
		}
	})
}

func FuzzBind(f *testing.F) {
	for _, q := range []string{"", "address=东关村&kind=脱贫户&year_out=2019&dibao=否&phone=",
		"name=周建国&birth=1978-05-06&health=健康&health=残疾&work_months=10",
		"wages=52,000&size=2&post_wages=100", "type=就业帮扶&start=2025-03-01&amount=600", "risk_types=因病&risk_types=x"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, query string) {
		form, _ := url.ParseQuery(query)
		checkBind(t, householdSpecs, form)
		checkBind(t, personSpecs, form)
		checkBind(t, incomeSpecs, form)
		checkBind(t, measureSpecs, form)
	})
}

func checkBind[T any](t *testing.T, specs []spec[T], form url.Values) {
	t.Helper()
	var a, b T
	pa, pb := bind(specs, &a, form, formView{}), bind(specs, &b, form, formView{})
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(pa, pb) {
		t.Fatalf("bind(%v) not deterministic: %+v %v, then %+v %v", form, a, pa, b, pb)
	}
}
