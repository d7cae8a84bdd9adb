package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/support"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// The county ledgers of the domain: import (the whole file checked, every row written or
// none, an error report), export in the same layout, and the blank templates.

type supportImportPage struct {
	Tabs     []supportTab
	Region   string
	Regions  []regionOption
	Kinds    []ledgerKind
	Kind     string
	Recent   []importView
	Notice   string
	Result   string
	Problems []tableimport.Problem
	More     int
	Report   string // the error report's link
	File     string
	CanFull  bool
}

func (supportImportPage) PageTitle() string { return "帮扶台账导入导出" }

type ledgerKind struct{ Kind, Title string }

type importView struct {
	store.ImportLog
	Title  string
	Region string
}

func ledgerKinds() []ledgerKind {
	var out []ledgerKind
	for _, k := range support.LedgerKinds {
		out = append(out, ledgerKind{k, support.LedgerTitles[k]})
	}
	return out
}

func (s *Server) supportImportPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.newImportPage(r, r.URL.Query())
	if err != nil {
		return err
	}
	p.Notice = doneNotice(r)
	if res := r.URL.Query().Get("result"); res != "" && p.Notice != "" {
		p.Notice = "导入完成：" + res + "。" + p.Notice
	}
	s.render(w, r, http.StatusOK, "support_import", p)
	return nil
}

func (s *Server) newImportPage(r *http.Request, v url.Values) (supportImportPage, error) {
	u := user(r)
	scope, err := requestedScope(r, v)
	if err != nil {
		return supportImportPage{}, err
	}
	p := supportImportPage{Tabs: supportTabs(u, "/support/import"), Region: string(scope), Regions: s.scopeChoices(u, scope),
		Kinds: ledgerKinds(), Kind: v.Get("kind"), CanFull: u.Can(auth.PermUnmask)}
	logs, err := s.support().Imports(r.Context(), scope, 20)
	if err != nil {
		return p, err
	}
	for _, l := range logs {
		p.Recent = append(p.Recent, importView{ImportLog: l, Title: support.LedgerTitles[l.Kind], Region: s.regionName(l.Region)})
	}
	return p, nil
}

// supportImport reads an uploaded ledger for a county (or a region in one): the whole file is
// checked cell by cell and against the database, and every row is written or, with a
// problem, none; a refused file's error report is kept for download.
func (s *Server) supportImport(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermImport); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return errs.E(errs.Invalid, "请选择 xlsx 或 csv 文件（不超过 20 MB）")
	}
	defer file.Close()
	scope, err := requestedScope(r, r.PostForm)
	if err != nil {
		return err
	}
	if scope.Level() < region.County {
		return errs.E(errs.Invalid, "帮扶台账按县导入，请选择一个县（或其中的乡镇、村）")
	}
	kind := r.PostForm.Get("kind")
	name := filepath.Base(hdr.Filename)
	rs := support.Resolver{Tree: s.cfg.Tree, Scope: scope}
	var out *importOutcome
	switch kind {
	case support.LedgerPairings:
		out, err = importLedger(r.Context(), support.Pairings, rs, name, file, hdr.Size, s.support().ImportPairings)
	case support.LedgerVisits:
		out, err = importLedger(r.Context(), support.Visits, rs, name, file, hdr.Size, s.support().ImportVisits)
	case support.LedgerTeams:
		out, err = importLedger(r.Context(), support.Teams, rs, name, file, hdr.Size, s.support().ImportTeams)
	case support.LedgerAttendance:
		out, err = importLedger(r.Context(), support.AttendanceLedger, rs, name, file, hdr.Size, s.support().ImportAttendance)
	case support.LedgerLeaves:
		out, err = importLedger(r.Context(), support.Leaves, rs, name, file, hdr.Size, s.support().ImportLeaves)
	case support.LedgerGrids:
		out, err = importLedger(r.Context(), support.GridsLedger, rs, name, file, hdr.Size, s.support().ImportGrids)
	default:
		return errs.E(errs.Invalid, "请选择要导入的台账")
	}
	if err != nil {
		return err
	}
	ctx := r.Context()
	l := &store.ImportLog{Region: scope, Kind: kind, File: name, Username: u.Username, Rows: out.rows, Problems: len(out.problems), Report: out.report}
	if out.res != nil {
		l.Written, l.Summary = out.res.Added+out.res.Changed, out.res.Summary()
	} else {
		l.Summary = fmt.Sprintf("有 %d 处错误，未写入任何数据", len(out.problems))
		if out.stopped {
			l.Summary += "（错误过多，其后的行未再检查）"
		}
	}
	if err := s.support().LogImport(ctx, l); err != nil {
		return err
	}
	if out.res == nil {
		p, err := s.newImportPage(r, r.PostForm)
		if err != nil {
			return err
		}
		p.File, p.Kind, p.Result = name, kind, l.Summary
		p.Problems = out.problems
		if len(p.Problems) > 50 {
			p.Problems, p.More = p.Problems[:50], len(p.Problems)-50
		}
		for i := range p.Problems {
			p.Problems[i].Value = auth.MaskText(p.Problems[i].Value)
		}
		p.Report = "/support/imports/" + url.PathEscape(l.ID) + "/report"
		s.render(w, r, http.StatusUnprocessableEntity, "support_import", p)
		return nil
	}
	var done rescreened
	if en := s.engine(); en != nil {
		if len(out.res.Households) > 0 {
			done = s.rescreenHouseholds(ctx, scope, out.res.Households)
		}
		obj := s.rescreenObjects(ctx, scope.County(), support.KindCadre, support.KindMember, support.KindGrid, support.KindGridMember)
		done.Opened, done.Closed = done.Opened+obj.Opened, done.Closed+obj.Closed
	}
	http.Redirect(w, r, doneURL("/support/import?region="+string(scope), done, "result", out.res.Summary()), http.StatusSeeOther)
	return nil
}

// importOutcome is what importing a file gave: the result, or the problems and the report.
type importOutcome struct {
	rows     int
	stopped  bool // too many problems: the rest of the file was not checked
	res      *store.ImportResult
	problems []tableimport.Problem
	report   []byte
}

// importLedger reads a file as the ledger and writes it with write.
func importLedger[T any](ctx context.Context, l *support.Ledger[T], rs support.Resolver, name string, file io.ReaderAt, size int64,
	write func(ctx context.Context, scope region.Code, source string, rows []tableimport.Row[T]) (*store.ImportResult, []tableimport.Problem, error)) (*importOutcome, error) {
	res, err := tableimport.Read(l.Table(rs), name, file, size)
	if err != nil {
		return nil, err
	}
	out := &importOutcome{rows: len(res.Rows) + len(res.Problems)}
	if res.OK() {
		written, probs, err := write(ctx, rs.Scope, name, res.Rows)
		if err != nil {
			return nil, err
		}
		if len(probs) == 0 {
			out.res = written
			return out, nil
		}
		res.Problems = append(res.Problems, probs...)
	}
	out.problems, out.stopped = res.Problems, res.Stopped
	var buf bytes.Buffer
	if err := res.WriteReport(&buf); err != nil {
		return nil, err
	}
	out.report = buf.Bytes()
	return out, nil
}

// supportImportReport downloads the error report of a refused import of the user's region.
func (s *Server) supportImportReport(w http.ResponseWriter, r *http.Request) error {
	l, err := s.support().ImportReport(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := auth.Scope(user(r), l.Region); err != nil {
		return err
	}
	name := filepath.Base(l.File)
	name = name[:len(name)-len(filepath.Ext(name))] + "_导入错误报告.xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"report.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(l.Report)
	return err
}

// supportExport writes a ledger of the user's region in its import layout; the phones masked,
// or in full for a role that may unmask (audited either way).
func (s *Server) supportExport(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, err := requestedScope(r, r.URL.Query())
	if err != nil {
		return err
	}
	kind := r.PathValue("kind")
	title, ok := support.LedgerTitles[kind]
	if !ok {
		return errs.E(errs.NotFound, "没有这种台账")
	}
	full := r.URL.Query().Get("full") == "1" && u.Can(auth.PermUnmask)
	mask := auth.MaskerFor(u, full)
	ctx := r.Context()
	head := s.cfg.Tree.FullName(scope) + " " + title
	place := func(p *support.Place) {
		if t, err := s.cfg.Tree.Get(p.Village.Up(region.Township)); err == nil {
			p.Township = t.Name
		}
		if v, err := s.cfg.Tree.Get(p.Village); err == nil {
			p.VillageName = v.Name
		}
		p.Code = string(p.Village)
	}
	var buf bytes.Buffer
	n := 0
	st := s.support()
	switch kind {
	case support.LedgerPairings:
		err = support.Pairings.Export(&buf, head, func(fn func(*support.PairingRecord) error) error {
			return st.EachPairingRecord(ctx, scope, func(rec *support.PairingRecord) error {
				n++
				rec.Cadre.Phone = mask.Phone(rec.Cadre.Phone)
				return fn(rec)
			})
		})
	case support.LedgerVisits:
		err = support.Visits.Export(&buf, head, func(fn func(*support.VisitRecord) error) error {
			return st.EachVisitRecord(ctx, scope, func(rec *support.VisitRecord) error {
				n++
				rec.VisitPhone = mask.Phone(rec.VisitPhone)
				if !full {
					maskVisit(&rec.Visit)
				}
				return fn(rec)
			})
		})
	case support.LedgerTeams:
		err = support.Teams.Export(&buf, head, func(fn func(*support.TeamRecord) error) error {
			return st.EachTeamRecord(ctx, scope, func(rec *support.TeamRecord) error {
				n++
				place(&rec.Place)
				rec.Cadre.Phone = mask.Phone(rec.Cadre.Phone)
				return fn(rec)
			})
		})
	case support.LedgerAttendance:
		err = support.AttendanceLedger.Export(&buf, head, func(fn func(*support.AttendanceRecord) error) error {
			return st.EachAttendanceRecord(ctx, scope, func(rec *support.AttendanceRecord) error {
				n++
				place(&rec.Place)
				rec.Phone = mask.Phone(rec.Phone)
				return fn(rec)
			})
		})
	case support.LedgerLeaves:
		err = support.Leaves.Export(&buf, head, func(fn func(*support.LeaveRecord) error) error {
			return st.EachLeaveRecord(ctx, scope, func(rec *support.LeaveRecord) error {
				n++
				place(&rec.Place)
				rec.Phone = mask.Phone(rec.Phone)
				return fn(rec)
			})
		})
	case support.LedgerGrids:
		err = support.GridsLedger.Export(&buf, head, func(fn func(*support.GridRecord) error) error {
			return st.EachGridRecord(ctx, scope, func(rec *support.GridRecord) error {
				n++
				place(&rec.Place)
				rec.Phone = mask.Phone(rec.Phone)
				return fn(rec)
			})
		})
	}
	if err != nil {
		return err
	}
	what := "电话已隐去中间几位"
	if full {
		what = "含完整电话"
	}
	if err := s.audit.Append(ctx, audit.Entry{Action: audit.Export, ObjectType: "support." + kind, Region: scope,
		Detail: fmt.Sprintf("导出%s %d 条（%s）", title, n, what)}); err != nil {
		return err
	}
	name := fmt.Sprintf("%s-%s-%s.xlsx", title, s.regionName(scope), s.now().In(chinaTime).Format("20060102"))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(buf.Bytes())
	return err
}

// supportTemplate downloads a ledger's blank template: its title row and header.
func (s *Server) supportTemplate(w http.ResponseWriter, r *http.Request) error {
	kind := r.PathValue("kind")
	title, ok := support.LedgerTitles[kind]
	if !ok {
		return errs.E(errs.NotFound, "没有这种台账")
	}
	none := func(any) error { return nil }
	var buf bytes.Buffer
	var err error
	switch kind {
	case support.LedgerPairings:
		err = support.Pairings.Export(&buf, title, func(func(*support.PairingRecord) error) error { return none(nil) })
	case support.LedgerVisits:
		err = support.Visits.Export(&buf, title, func(func(*support.VisitRecord) error) error { return none(nil) })
	case support.LedgerTeams:
		err = support.Teams.Export(&buf, title, func(func(*support.TeamRecord) error) error { return none(nil) })
	case support.LedgerAttendance:
		err = support.AttendanceLedger.Export(&buf, title, func(func(*support.AttendanceRecord) error) error { return none(nil) })
	case support.LedgerLeaves:
		err = support.Leaves.Export(&buf, title, func(func(*support.LeaveRecord) error) error { return none(nil) })
	case support.LedgerGrids:
		err = support.GridsLedger.Export(&buf, title, func(func(*support.GridRecord) error) error { return none(nil) })
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"template.xlsx\"; filename*=UTF-8''"+url.PathEscape(title+"导入模板.xlsx"))
	_, err = w.Write(buf.Bytes())
	return err
}
