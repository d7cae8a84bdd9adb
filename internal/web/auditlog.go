package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

type auditPage struct {
	Entries  []auditItem
	Actions  []audit.Action
	Regions  []regionOption
	Username string
	Action   string
	Region   string
	From, To string
	Next     string
}

func (auditPage) PageTitle() string { return "审计日志" }

type auditItem struct {
	audit.Entry
	RegionName string
}

const auditPerPage = 100

// auditPage lets auditors browse and filter the audit log of their region.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermAudit); err != nil {
		return err
	}
	q := r.URL.Query()
	var requested region.Code
	if c := q.Get("region"); c != "" {
		code, err := region.ParseCode(c)
		if err != nil {
			return err
		}
		requested = code
	}
	scope, err := auth.Scope(u, requested)
	if err != nil {
		return err
	}
	f := audit.Filter{Region: scope, Username: q.Get("user"), Action: audit.Action(q.Get("action")),
		Before: q.Get("before"), Limit: auditPerPage}
	p := auditPage{Actions: audit.Actions, Regions: s.scopeChoices(u, scope), Username: f.Username, Action: q.Get("action"),
		Region: q.Get("region"), From: q.Get("from"), To: q.Get("to")}
	if p.From != "" {
		t, err := time.ParseInLocation("2006-01-02", p.From, chinaTime)
		if err != nil {
			return errs.E(errs.Invalid, "起始日期「%s」无效", p.From)
		}
		f.From = t
	}
	if p.To != "" {
		t, err := time.ParseInLocation("2006-01-02", p.To, chinaTime)
		if err != nil {
			return errs.E(errs.Invalid, "截止日期「%s」无效", p.To)
		}
		f.To = t.AddDate(0, 0, 1)
	}
	list, err := s.audit.List(r.Context(), f)
	if err != nil {
		return err
	}
	for _, e := range list {
		// A detail quotes what users typed (a waiver's reason, an old and a new address): the
		// numbers in it are masked like everywhere else, even for auditors.
		e.Detail = auth.MaskText(e.Detail)
		p.Entries = append(p.Entries, auditItem{Entry: e, RegionName: s.cfg.Tree.FullName(e.Region)})
	}
	if len(list) == auditPerPage {
		q2 := url.Values{}
		for k, v := range q {
			q2[k] = v
		}
		q2.Set("before", list[len(list)-1].ID)
		p.Next = "/audit?" + q2.Encode()
	}
	s.render(w, r, http.StatusOK, "audit", p)
	return nil
}
