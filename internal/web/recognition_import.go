package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/sample"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// The imports of a county's survey and petition lists and its list of 脱贫村, through the same
// column tables and store methods as `gonggu recognition`: the whole file is checked, then
// stored in one transaction or not at all; a refused file's error report is kept
// (store.ListImports) for download.

// recDomain is the domain of the recognition lists in the import log.
const recDomain = "recognition"

// The lists a county imports.
var recLists = []struct{ Key, Title, Help string }{
	{"surveys", "群众满意度调查表", "每行一户一次调查：户编号、调查日期、总体满意度必填；同一户同一日期同一轮次再次导入时替换原记录。"},
	{"petitions", "信访事项登记表", "每行一件信访事项或媒体、督查反映的问题：来源、收到日期、事项摘要必填；所涉地区用区划代码、乡镇和村名或户编号之一；信访件编号相同的再次导入时更新原记录。"},
	{"poor", "脱贫村名单", "每行一个脱贫村：村的区划代码，或乡镇和村名；按县导入，替换该县原有名单（抽样演练按名单分层抽村）。"},
}

type recImportRow struct {
	store.ListImport
	Title      string
	CountyName string
	At         string
}

type recImportPage struct {
	Tabs      []supportTab
	Regions   []regionOption
	Region    region.Code
	Lists     []recListView
	Recent    []recImportRow
	CanImport bool
	File      string
	Problems  []string
	More      int
	Report    string
	Notice    string
}

type recListView struct {
	Key, Title, Help string
	Heads            []string
}

func (recImportPage) PageTitle() string { return "认可度数据导入" }

func (s *Server) recImportData(r *http.Request, scope region.Code) (recImportPage, error) {
	u := user(r)
	p := recImportPage{Tabs: recTabs(u, "/recognition/import"), Regions: s.scopeChoices(u, scope), Region: scope,
		CanImport: u.Can(auth.PermImport), Notice: recNotice(r)}
	heads := map[string][]string{"surveys": recognition.SurveyColumns, "petitions": recognition.PetitionColumns, "poor": {"区划代码", "乡镇", "村"}}
	for _, l := range recLists {
		p.Lists = append(p.Lists, recListView{Key: l.Key, Title: l.Title, Help: l.Help, Heads: heads[l.Key]})
	}
	recent, err := store.NewListImports(s.cfg.DB).Recent(r.Context(), recDomain, scope, 20)
	if err != nil {
		return p, err
	}
	for _, im := range recent {
		row := recImportRow{ListImport: im, CountyName: s.regionName(im.County), At: im.At, Title: im.List}
		for _, l := range recLists {
			if l.Key == im.List {
				row.Title = l.Title
			}
		}
		if t, err := time.Parse(time.RFC3339Nano, im.At); err == nil {
			row.At = t.In(chinaTime).Format("2006-01-02 15:04")
		}
		row.Summary = auth.MaskText(row.Summary)
		p.Recent = append(p.Recent, row)
	}
	return p, nil
}

func (s *Server) recImportPage(w http.ResponseWriter, r *http.Request) error {
	scope, err := requestedScope(r, r.URL.Query())
	if err != nil {
		return err
	}
	p, err := s.recImportData(r, scope)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "recognition_import", p)
	return nil
}

// recImport reads an uploaded list for a county (or a township or village in one) and stores
// it whole, or shows its problems with the error report to download.
func (s *Server) recImport(w http.ResponseWriter, r *http.Request) error {
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
		return errs.E(errs.Invalid, "请选择一个县（或其下的乡镇、村）导入")
	}
	ctx := r.Context()
	name := filepath.Base(hdr.Filename)
	today := s.rec().Today()
	var (
		problems []tableimport.Problem
		stopped  bool
		res      store.RecognitionImport
		nos      []string
		kinds    []string
		report   bytes.Buffer
		title    string
	)
	list := r.PostFormValue("list")
	switch list {
	case "surveys":
		title, kinds = "群众满意度调查表", []string{recognition.KindVillage, recognition.KindComplaint}
		read, err := tableimport.Read(recognition.SurveyTable(today), name, file, hdr.Size)
		if err != nil {
			return err
		}
		if read.OK() {
			if res, read.Problems, err = s.rec().ImportSurveys(ctx, scope, name, read.Rows); err != nil {
				return err
			}
			for _, row := range read.Rows {
				nos = append(nos, row.Rec.HouseholdNo)
			}
		}
		problems, stopped = read.Problems, read.Stopped
		if !read.OK() {
			if err := read.WriteReport(&report); err != nil {
				return err
			}
		}
	case "petitions":
		title, kinds = "信访事项登记表", []string{recognition.KindPetition}
		read, err := tableimport.Read(recognition.PetitionTable(today), name, file, hdr.Size)
		if err != nil {
			return err
		}
		if read.OK() {
			if res, read.Problems, err = s.rec().ImportPetitions(ctx, scope, s.cfg.Tree, name, read.Rows); err != nil {
				return err
			}
			for _, row := range read.Rows {
				if row.Rec.HouseholdNo != "" {
					nos = append(nos, row.Rec.HouseholdNo)
				}
			}
		}
		problems, stopped = read.Problems, read.Stopped
		if !read.OK() {
			if err := read.WriteReport(&report); err != nil {
				return err
			}
		}
	case "poor":
		title = "脱贫村名单"
		if scope.Level() != region.County {
			return errs.E(errs.Invalid, "脱贫村名单须按县导入，请选择县")
		}
		read, err := tableimport.Read(sample.PoorTable(), name, file, hdr.Size)
		if err != nil {
			return err
		}
		if read.OK() {
			codes, probs := sample.ResolvePoor(s.cfg.Tree, scope, read.Rows)
			read.Problems = probs
			if len(probs) == 0 {
				if err := store.NewSample(s.cfg.DB).SetPoorVillages(ctx, scope, codes, name); err != nil {
					return err
				}
				res = store.RecognitionImport{File: name, Rows: len(read.Rows), Added: len(codes)}
			}
		}
		problems, stopped = read.Problems, read.Stopped
		if !read.OK() {
			if err := read.WriteReport(&report); err != nil {
				return err
			}
		}
	default:
		return errs.E(errs.Invalid, "请选择要导入的表")
	}
	im := &store.ListImport{County: scope.County(), Domain: recDomain, List: list, File: name, Rows: res.Rows, Problems: len(problems)}
	if len(problems) > 0 {
		im.Summary = fmt.Sprintf("有 %d 处错误，未写入任何数据", len(problems))
		if stopped {
			im.Summary += "（错误过多，其后的行未再检查）"
		}
		im.Report = report.Bytes()
	} else if list == "poor" {
		im.Summary = fmt.Sprintf("%d 行，脱贫村 %d 个（替换原名单）", res.Rows, res.Added)
	} else {
		im.Summary = fmt.Sprintf("%d 行，新增 %d 条，更新 %d 条", res.Rows, res.Added, res.Updated)
	}
	id, err := store.NewListImports(s.cfg.DB).Record(ctx, im)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		p, err := s.recImportData(r, scope)
		if err != nil {
			return err
		}
		p.File, p.Report = name, "/recognition/import/"+url.PathEscape(id)+"/report"
		for i, pr := range problems {
			if i == 50 {
				p.More = len(problems) - 50
				break
			}
			p.Problems = append(p.Problems, auth.MaskText(pr.String()))
		}
		s.render(w, r, http.StatusUnprocessableEntity, "recognition_import", p)
		return nil
	}
	done := s.recRescreen(ctx, scope.County(), nos, kinds...)
	what := fmt.Sprintf("%s「%s」%s", title, name, im.Summary)
	http.Redirect(w, r, doneURL("/recognition/import?region="+url.QueryEscape(string(scope)), done, "result", what), http.StatusSeeOther)
	return nil
}

// recImportReport sends a refused import's error report.
func (s *Server) recImportReport(w http.ResponseWriter, r *http.Request) error {
	im, err := store.NewListImports(s.cfg.DB).Report(r.Context(), recDomain, r.PathValue("id"))
	if err != nil {
		return err
	}
	// The report holds the file's cells, of the whole county: for the county's users and above.
	if _, err := auth.Scope(user(r), im.County); err != nil {
		return errs.E(errs.NotFound, "没有这次导入的错误报告")
	}
	name := filepath.Base(im.File)
	name = name[:len(name)-len(filepath.Ext(name))] + "_导入错误报告.xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"report.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(im.Report)
	return err
}
