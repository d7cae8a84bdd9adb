package web

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

type findingsPage struct {
	Enabled    bool
	Filter     FindingFilter
	Region     string
	Regions    []region.Region
	Indicators []Indicator
	Rules      []Rule
	Items      []findingItem
	Total      int
	Prev, Next string
	Export     string
	Query      string
}

func (findingsPage) PageTitle() string { return "问题清单" }

type findingItem struct {
	Finding
	Village string
}

const findingsPerPage = 100

// findingFilter reads the filter of the findings list and its export from the query, with the
// region turned into the user's allowed scope.
func (s *Server) findingFilter(r *http.Request) (FindingFilter, error) {
	q := r.URL.Query()
	var requested region.Code
	if c := q.Get("region"); c != "" {
		code, err := region.ParseCode(c)
		if err != nil {
			return FindingFilter{}, err
		}
		requested = code
	}
	scope, err := auth.Scope(user(r), requested)
	if err != nil {
		return FindingFilter{}, err
	}
	f := FindingFilter{Scope: scope, Indicator: q.Get("indicator"), Rule: q.Get("rule"), Severity: q.Get("severity"),
		Status: q.Get("status"), Limit: findingsPerPage}
	switch f.Status {
	case "", "open":
		f.Status = "open"
	case "waived", "closed", "all":
	default:
		return f, errs.E(errs.Invalid, "未知的状态「%s」", f.Status)
	}
	if f.Severity != "" && f.Severity != "high" && f.Severity != "medium" && f.Severity != "low" {
		return f, errs.E(errs.Invalid, "未知的严重程度「%s」", f.Severity)
	}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	if f.Offset < 0 {
		f.Offset = 0
	}
	return f, nil
}

func (s *Server) findingsPage(w http.ResponseWriter, r *http.Request) error {
	sc := s.cfg.Screening
	u := user(r)
	f, err := s.findingFilter(r)
	if err != nil {
		return err
	}
	p := findingsPage{Enabled: sc != nil, Filter: f, Region: string(f.Scope), Regions: s.scopeChoices(u)}
	if f.Scope == u.Region {
		p.Region = ""
	}
	if sc == nil {
		s.render(w, r, http.StatusOK, "findings", p)
		return nil
	}
	p.Indicators, p.Rules = sc.Catalog()
	list, total, err := sc.List(r.Context(), f)
	if err != nil {
		return err
	}
	p.Total = total
	for _, fd := range list {
		p.Items = append(p.Items, findingItem{Finding: maskFinding(fd), Village: s.villageName(fd.Region)})
	}
	q := r.URL.Query()
	q.Del("offset")
	p.Query = q.Encode()
	p.Export = "/findings.xlsx?" + p.Query
	p.Prev, p.Next = pager("/findings", q, f.Offset, len(list), total, findingsPerPage)
	s.render(w, r, http.StatusOK, "findings", p)
	return nil
}

// pager returns the links to the previous and next pages of a list at path whose page at
// offset shows n of total rows, per to a page; a link is "" where there is no such page.
func pager(path string, q url.Values, offset, n, total, per int) (prev, next string) {
	link := func(offset int) string {
		q2 := url.Values{}
		for k, v := range q {
			q2[k] = v
		}
		q2.Set("offset", strconv.Itoa(offset))
		return path + "?" + q2.Encode()
	}
	if offset > 0 {
		prev = link(max(0, offset-per))
	}
	if offset+n < total {
		next = link(offset + per)
	}
	return prev, next
}

// scopeChoices lists the regions a user may filter by: the user's region and two levels
// below it.
func (s *Server) scopeChoices(u *auth.User) []region.Region {
	reg, err := s.cfg.Tree.Get(u.Region)
	if err != nil {
		return nil
	}
	out := []region.Region{reg}
	for _, c := range s.cfg.Tree.Children(u.Region) {
		out = append(out, c)
		if c.Level < region.Township {
			out = append(out, s.cfg.Tree.Children(c.Code)...)
		}
	}
	return out
}

// findingsExport writes the filtered list as an xlsx file, every row of it, with personal
// numbers masked, and records the export in the audit log.
func (s *Server) findingsExport(w http.ResponseWriter, r *http.Request) error {
	sc := s.cfg.Screening
	if sc == nil {
		return errs.E(errs.NotFound, "排查功能尚未启用")
	}
	f, err := s.findingFilter(r)
	if err != nil {
		return err
	}
	f.Offset, f.Limit = 0, 1000000
	list, total, err := sc.List(r.Context(), f)
	if err != nil {
		return err
	}
	if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.Export, ObjectType: "findings", Region: f.Scope,
		Detail: fmt.Sprintf("导出问题清单 %d 条（%s）", total, describeFilter(f, s))}); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "问题清单"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	sw.SetColWidth(1, 1, 6)
	sw.SetColWidth(2, 2, 28)
	sw.SetColWidth(3, 4, 20)
	sw.SetColWidth(5, 6, 24)
	sw.SetColWidth(8, 8, 60)
	header := []any{"序号", "地区", "户编号", "对象", "指标", "规则", "严重程度", "说明", "状态", "发现时间", "例外说明"}
	if err := sw.SetRow("A1", header); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	for i, fd := range list {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		fd = maskFinding(fd)
		row := []any{i + 1, s.cfg.Tree.FullName(fd.Region), fd.HouseholdNo, fd.Subject, fd.IndicatorName,
			fd.RuleTitle, fd.SeverityLabel, fd.Explanation, fd.StatusLabel, fd.Found.In(chinaTime).Format("2006-01-02"), fd.WaiveReason}
		if err := sw.SetRow(cell, row); err != nil {
			return errs.Wrap(err, errs.Internal, "无法生成表格")
		}
	}
	if err := sw.Flush(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	name := fmt.Sprintf("问题清单-%s-%s.xlsx", s.regionName(f.Scope), s.now().In(chinaTime).Format("20060102"))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"findings.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	return x.Write(w)
}

// maskFinding masks the ID numbers and phones in a finding's free texts: its explanation, its
// subject as shown and the reason a user typed when waiving it. Lists, the API and exports
// show findings so to every role; only the audited reveal of a household shows them in full.
func maskFinding(fd Finding) Finding {
	fd.Subject = auth.MaskText(fd.Subject)
	fd.Explanation = auth.MaskText(fd.Explanation)
	fd.WaiveReason = auth.MaskText(fd.WaiveReason)
	return fd
}

func (s *Server) regionName(c region.Code) string {
	if reg, err := s.cfg.Tree.Get(c); err == nil {
		return reg.Name
	}
	return string(c)
}

func describeFilter(f FindingFilter, s *Server) string {
	parts := []string{"地区：" + s.regionName(f.Scope)}
	if f.Indicator != "" {
		parts = append(parts, "指标："+f.Indicator)
	}
	if f.Rule != "" {
		parts = append(parts, "规则："+f.Rule)
	}
	if f.Severity != "" {
		parts = append(parts, "严重程度："+f.Severity)
	}
	parts = append(parts, "状态："+f.Status)
	return strings.Join(parts, "，")
}

// waivable returns the finding of the request's id when the user may waive it: the role
// allows it and the finding lies in the user's region.
func (s *Server) waivable(r *http.Request) (Screening, Finding, error) {
	sc := s.cfg.Screening
	if sc == nil {
		return nil, Finding{}, errs.E(errs.NotFound, "排查功能尚未启用")
	}
	u := user(r)
	if err := auth.Require(u, auth.PermWaive); err != nil {
		return nil, Finding{}, err
	}
	fd, err := sc.Finding(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, Finding{}, err
	}
	return sc, fd, auth.CheckVillage(u, fd.Region)
}

// waive records an accepted exception for an open finding in the user's scope.
func (s *Server) waive(w http.ResponseWriter, r *http.Request) error {
	sc, fd, err := s.waivable(r)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if utf8.RuneCountInString(reason) < 5 {
		return errs.E(errs.Invalid, "请填写例外说明（至少 5 个字），说明为什么这不是问题")
	}
	if utf8.RuneCountInString(reason) > 500 {
		return errs.E(errs.Invalid, "例外说明不能超过 500 个字")
	}
	if err := sc.Waive(r.Context(), fd.ID, reason); err != nil {
		return err
	}
	return s.afterWaive(w, r, fd, audit.Entry{Action: audit.FindingWaive, Detail: "问题「" + fd.RuleTitle + "」登记例外：" + reason}, "waived")
}

// unwaive withdraws the exception of a waived finding in the user's scope: it is open again.
func (s *Server) unwaive(w http.ResponseWriter, r *http.Request) error {
	sc, fd, err := s.waivable(r)
	if err != nil {
		return err
	}
	if fd.Status != "waived" {
		return errs.E(errs.Conflict, "这个问题没有例外说明可以撤销")
	}
	if err := sc.Unwaive(r.Context(), fd.ID); err != nil {
		return err
	}
	return s.afterWaive(w, r, fd, audit.Entry{Action: audit.FindingReopen, Detail: "问题「" + fd.RuleTitle + "」撤销例外说明"}, "unwaived")
}

// afterWaive audits a change of a finding's exception, marks the figures stale and returns
// to the page the form came from.
func (s *Server) afterWaive(w http.ResponseWriter, r *http.Request, fd Finding, e audit.Entry, msg string) error {
	e.ObjectType, e.ObjectID, e.Region = "household", fd.HouseholdNo, fd.Region
	err := s.cfg.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if err := s.audit.AppendTx(r.Context(), tx, e); err != nil {
			return err
		}
		return s.cfg.DB.BumpDataVersion(r.Context(), tx, "registry")
	})
	if err != nil {
		return err
	}
	s.figures.invalidate(fd.Region)
	s.scores.stale(fd.Region)
	back := safeNext(r.PostFormValue("back"))
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+"msg="+msg, http.StatusSeeOther)
	return nil
}
