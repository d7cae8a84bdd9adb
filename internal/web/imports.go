package web

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/nationalfmt"
)

// maxUpload bounds an uploaded national export: a county's member export is a few tens of MB.
const maxUpload = 256 << 20

type importsPage struct {
	Enabled bool
	Recent  []ImportStatus
	Scope   string
}

func (importsPage) PageTitle() string { return "数据导入" }

type importPage struct {
	ImportStatus
	CSRF string
}

func (p importPage) PageTitle() string { return "导入：" + p.Filename }

func (s *Server) importsPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermImport); err != nil {
		return err
	}
	p := importsPage{Enabled: s.cfg.Imports != nil, Scope: s.cfg.Tree.FullName(u.Region)}
	if s.cfg.Imports != nil {
		var err error
		if p.Recent, err = s.cfg.Imports.Recent(r.Context(), u.Region, 20); err != nil {
			return err
		}
		for i := range p.Recent {
			maskImport(&p.Recent[i])
		}
	}
	s.render(w, r, http.StatusOK, "imports", p)
	return nil
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermImport); err != nil {
		return err
	}
	if s.cfg.Imports == nil {
		return errs.E(errs.NotFound, "导入功能尚未启用")
	}
	// The body was bounded to maxUpload and parsed by the CSRF check; the file part is on
	// disk or in memory already.
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return errs.E(errs.Invalid, "请选择要导入的文件")
	}
	defer file.Close()
	name := filepath.Base(hdr.Filename)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".csv":
	default:
		return errs.E(errs.Invalid, "只能导入 xlsx 或 csv 文件，「%s」不是", name)
	}
	id, err := s.cfg.Imports.Start(r.Context(), name, file, u.Region)
	if err != nil {
		return err
	}
	if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.Import, ObjectType: "import", ObjectID: id,
		Region: u.Region, Detail: "上传导入文件 " + name}); err != nil {
		return err
	}
	http.Redirect(w, r, "/imports/"+url.PathEscape(id), http.StatusSeeOther)
	return nil
}

// loadImport returns an import of the user's scope.
func (s *Server) loadImport(r *http.Request) (ImportStatus, error) {
	u := user(r)
	if err := auth.Require(u, auth.PermImport); err != nil {
		return ImportStatus{}, err
	}
	if s.cfg.Imports == nil {
		return ImportStatus{}, errs.E(errs.NotFound, "导入功能尚未启用")
	}
	st, err := s.cfg.Imports.Status(r.Context(), r.PathValue("id"))
	if err != nil {
		return st, err
	}
	if _, err := auth.Scope(u, st.Scope); err != nil {
		return st, err
	}
	return st, nil
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	st, err := s.loadImport(r)
	if err != nil {
		return err
	}
	maskImport(&st)
	p := importPage{ImportStatus: st}
	if sess := sessionFrom(r.Context()); sess != nil {
		p.CSRF = sess.CSRF
	}
	if st.Done {
		s.figures.invalidate(st.Scope)
	}
	if r.Header.Get("HX-Request") != "" {
		s.renderBlock(w, r, "import", "importstatus", p)
		return nil
	}
	s.render(w, r, http.StatusOK, "import", p)
	return nil
}

// maskImport masks the ID numbers and phones an import's messages quote from the file's cells
// (a phone turned into scientific notation, an ID number with a wrong check character). The
// status is a copy: its slices are replaced, not written into.
func maskImport(st *ImportStatus) {
	st.Failed = auth.MaskText(st.Failed)
	for _, list := range []*[]string{&st.Issues, &st.Summary} {
		masked := make([]string, len(*list))
		for i, line := range *list {
			masked[i] = auth.MaskText(line)
		}
		*list = masked
	}
}

// applyImport carries out the user's decision on an import that waits: confirm the import of a
// file without blocking errors, write the households without errors of one with some, or give
// up.
func (s *Server) applyImport(w http.ResponseWriter, r *http.Request) error {
	st, err := s.loadImport(r)
	if err != nil {
		return err
	}
	var what string
	switch {
	case r.PostFormValue("confirm") == "1":
		err, what = s.cfg.Imports.Confirm(r.Context(), st.ID), "确认导入 "+st.Filename
	case r.PostFormValue("partial") == "1":
		err, what = s.cfg.Imports.Apply(r.Context(), st.ID, true), "只导入没有错误的户："+st.Filename
	default:
		err, what = s.cfg.Imports.Apply(r.Context(), st.ID, false), "放弃导入 "+st.Filename
	}
	if err != nil {
		return err
	}
	if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.Import, ObjectType: "import", ObjectID: st.ID,
		Region: st.Scope, Detail: what}); err != nil {
		return err
	}
	http.Redirect(w, r, "/imports/"+url.PathEscape(st.ID), http.StatusSeeOther)
	return nil
}

// importTemplate downloads the blank sheet of a file the import page reads: the national
// member table (成员表) or the income table (收入表), with their canonical headers.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Require(user(r), auth.PermImport); err != nil {
		return err
	}
	var t *nationalfmt.Table
	switch r.PathValue("table") {
	case "members.xlsx":
		t = nationalfmt.Members
	case "incomes.xlsx":
		t = nationalfmt.Incomes
	default:
		return errs.E(errs.NotFound, "没有这种导入模板")
	}
	var buf bytes.Buffer
	if err := writeBlank(&buf, t); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"template.xlsx\"; filename*=UTF-8''"+url.PathEscape(t.Name+"导入模板.xlsx"))
	_, err := w.Write(buf.Bytes())
	return err
}

// writeBlank writes a blank sheet of a national table: the canonical headers of the columns the
// import reads (the national export's, then gonggu's own), required ones marked, header frozen.
func writeBlank(out io.Writer, t *nationalfmt.Table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Name
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}, Alignment: &excelize.Alignment{WrapText: true}})
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	required, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Color: []string{"FCE4D6"}, Pattern: 1}, Alignment: &excelize.Alignment{WrapText: true}})
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成表格")
	}
	n := 0
	for _, ext := range []bool{false, true} {
		for i := range t.Columns {
			c := &t.Columns[i]
			if c.Ext != ext || !c.Written() || c.Kind == nationalfmt.Derived || c.Name == "未采集字段" {
				continue
			}
			n++
			cell, _ := excelize.CoordinatesToCellName(n, 1)
			f.SetCellValue(sheet, cell, c.Name)
			style := head
			if c.Required {
				style = required
			}
			f.SetCellStyle(sheet, cell, cell, style)
			col, _ := excelize.ColumnNumberToName(n)
			f.SetColWidth(sheet, col, col, 14)
		}
	}
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	if _, err := f.WriteTo(out); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写出表格")
	}
	return nil
}

func (s *Server) importReport(w http.ResponseWriter, r *http.Request) error {
	st, err := s.loadImport(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	name, err := s.cfg.Imports.Report(r.Context(), st.ID, &buf)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"report.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(buf.Bytes())
	return err
}
