package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestRulePages: the catalog and each rule's page say what the rule means — basis, what to do,
// its cases — with the parameters' values in force where the user works, and a finding on the
// household page carries its basis and 如何整改 with a link to its rule.
func TestRulePages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		c := f.login("county")
		i201 := rules.All().Get("I2-01")
		res := c.get("/rules")
		expect(t, "catalog", res, http.StatusOK, "I2-01", html.EscapeString(i201.Title), "I5-01")
		if n := strings.Count(res.body, `href="/rules/`); n < 2*(len(rules.All())+len(rules.Objects())) {
			t.Errorf("catalog links %d rules, want every one of %d", n/2, len(rules.All())+len(rules.Objects()))
		}
		res = c.get("/rules?indicator=2")
		expect(t, "indicator 2", res, http.StatusOK, "I2-01")
		if strings.Contains(res.body, `href="/rules/I1-01"`) {
			t.Error("indicator filter lets indicator 1 through")
		}
		expect(t, "bad indicator", c.get("/rules?indicator=11"), http.StatusBadRequest)

		// The monitoring line in force in the county, not the shipped default.
		if err := store.NewParams(f.db).Set(context.Background(), policy.Override{Prefix: "621121", Year: f.now.Year(),
			Name: policy.MonitorLine, Value: "7777", UpdatedBy: "county", UpdatedAt: f.now}); err != nil {
			t.Fatal(err)
		}
		expect(t, "rule page", c.get("/rules/I2-01"), http.StatusOK, "政策依据", html.EscapeString(i201.Basis),
			"如何整改", html.EscapeString(i201.Fix), "情形表", html.EscapeString(i201.Cases[0].Desc), "7777")
		expect(t, "object rule page", c.get("/rules/I5-01"), http.StatusOK, "政策依据", "如何整改")
		expect(t, "unknown rule", c.get("/rules/I9-99"), http.StatusNotFound)

		// A household without medical insurance: its finding says why and what to do.
		ctx := context.Background()
		reg := store.NewRegistry(f.db)
		a, err := reg.Get(ctx, "A0001")
		if err != nil {
			t.Fatal(err)
		}
		a.Persons[0].ResidentMedical, a.Persons[0].EmployeeMedical = registry.No, registry.No
		if err := reg.Put(ctx, a); err != nil {
			t.Fatal(err)
		}
		engine := screen.New(f.db)
		engine.Now = func() time.Time { return f.now }
		if _, err := engine.Run(ctx, screen.Options{}); err != nil {
			t.Fatal(err)
		}
		var hit *rules.Rule
		if err := store.NewFindings(f.db).Each(ctx, store.FindingFilter{HouseholdNo: "A0001"}, func(fd *store.Finding) error {
			if r := rules.All().Get(fd.RuleID); r != nil && hit == nil && r.Fix != "" {
				hit = r
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if hit == nil {
			t.Fatal("no finding with a fix on A0001")
		}
		expect(t, "household", c.get("/households/A0001"), http.StatusOK, "依据与整改办法",
			html.EscapeString(hit.Fix), `href="/rules/`+hit.ID+`"`)
		expect(t, "findings list links the rule", c.get("/findings?"+url.Values{"region": {string(county)}}.Encode()),
			http.StatusOK, `href="/rules/`+hit.ID+`"`)
	})
}

// TestHouseholdStartsProcedure: the household page leads a user who may edit to the monitoring
// procedure of the household, identification for a household not monitored.
func TestHouseholdStartsProcedure(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	page := f.login("county").get("/households/A0001")
	expect(t, "household", page, http.StatusOK, `href="/procedures/new?household=A0001"`, "识别纳入监测")
	expect(t, "the form it leads to", f.login("county").get("/procedures/new?household=A0001"), http.StatusOK, "A0001")
	if strings.Contains(f.login("auditor").get("/households/A0001").body, "/procedures/new") {
		t.Error("an auditor is offered to start a procedure")
	}
}
