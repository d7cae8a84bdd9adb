package web

import (
	"io/fs"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
)

func (s *Server) routes() {
	m := s.mux
	m.Handle("GET /static/", s.public(s.staticFile))
	m.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})
	m.Handle("GET /login", s.public(s.loginPage))
	m.Handle("POST /login", s.public(s.login))
	m.Handle("POST /logout", s.authed(s.logout))

	m.Handle("GET /{$}", s.authed(s.home))
	m.Handle("GET /regions/{code}", s.authed(s.regionPage))

	m.Handle("GET /households", s.authed(s.searchPage))
	m.Handle("GET /households/{no}", s.authed(s.householdPage))
	m.Handle("POST /households/{no}/reveal", s.authed(s.reveal))
	m.Handle("GET /households/{no}/edit", s.authed(s.editHouseholdForm))
	m.Handle("POST /households/{no}/edit", s.authed(s.editHousehold))
	m.Handle("GET /households/{no}/persons/{pno}/edit", s.authed(s.editPersonForm))
	m.Handle("POST /households/{no}/persons/{pno}/edit", s.authed(s.editPerson))
	m.Handle("GET /households/{no}/incomes/{year}/edit", s.authed(s.editIncomeForm))
	m.Handle("POST /households/{no}/incomes/{year}/edit", s.authed(s.editIncome))
	m.Handle("GET /households/{no}/measures/{seq}/edit", s.authed(s.editMeasureForm))
	m.Handle("POST /households/{no}/measures/{seq}/edit", s.authed(s.editMeasure))
	m.Handle("POST /households/{no}/measures/{seq}/delete", s.authed(s.deleteMeasure))

	m.Handle("GET /findings", s.authed(s.findingsPage))
	m.Handle("GET /findings.xlsx", s.authed(s.findingsExport))
	m.Handle("POST /findings.xlsx", s.authed(s.findingsExport))
	m.Handle("POST /findings/{id}/waive", s.authed(s.waive))
	m.Handle("POST /findings/{id}/unwaive", s.authed(s.unwaive))

	s.ledgerRoutes()
	s.archiveRoutes()
	s.workPlanRoutes()
	s.ruleRoutes()
	s.supportRoutes()
	s.fundsRoutes()
	s.procedureRoutes()
	s.followupRoutes()
	s.compareRoutes()
	s.recognitionRoutes()

	m.Handle("GET /scorecard", s.authed(s.scorecardPage))
	m.Handle("GET /scorecard.xlsx", s.authed(s.scorecardExport))
	m.Handle("POST /scorecard/average", s.authed(s.saveProvinceAverage))

	m.Handle("GET /imports", s.authed(s.importsPage))
	m.Handle("POST /imports", s.authed(s.upload))
	m.Handle("GET /imports/{id}", s.authed(s.importPage))
	m.Handle("GET /imports/{id}/report", s.authed(s.importReport))
	m.Handle("POST /imports/{id}/apply", s.authed(s.applyImport))
	m.Handle("GET /import-templates/{table}", s.authed(s.importTemplate))

	m.Handle("GET /params", s.authed(s.paramsPage))
	m.Handle("POST /params", s.authed(s.saveParam))

	m.Handle("GET /audit", s.authed(s.auditPage))

	m.Handle("GET /users", s.authed(s.usersPage))
	m.Handle("POST /users", s.authed(s.addUser))
	m.Handle("GET /users/regions", s.authed(s.userRegionOptions))
	m.Handle("GET /users/template.xlsx", s.authed(s.usersTemplate))
	m.Handle("POST /users/bulk", s.authed(s.addUsers))
	m.Handle("POST /users/bulk/sheet", s.authed(s.issuedSheet))
	m.Handle("POST /users/{username}/password", s.authed(s.resetPassword))
	m.Handle("POST /users/{username}/disable", s.authed(s.disableUser))

	m.Handle("GET /api/me", s.authed(s.apiMe))
	m.Handle("GET /api/regions/{code}", s.authed(s.apiRegion))
	m.Handle("GET /api/households", s.authed(s.apiSearch))
	m.Handle("GET /api/households/{no}", s.authed(s.apiHousehold))
	m.Handle("GET /api/findings", s.authed(s.apiFindings))
	m.Handle("GET /api/scorecard", s.authed(s.apiScorecard))
	m.Handle("GET /api/", s.authed(s.apiNotFound))

	m.Handle("/", s.public(s.notFound))
}

// staticFiles serves the embedded static files.
var staticFiles = func() fs.FS {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed always has the folder
	}
	return sub
}()

// staticFile serves a file of static/. Anything else under /static/ is a 404 page: a path that
// is not valid UTF-8 or not a clean relative name (which http.FileServer answers with a 500),
// and a folder (which it would list).
func (s *Server) staticFile(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	if !utf8.ValidString(name) || !fs.ValidPath(name) {
		return errs.E(errs.NotFound, "文件不存在")
	}
	if st, err := fs.Stat(staticFiles, name); err != nil || st.IsDir() {
		return errs.E(errs.NotFound, "文件不存在")
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, staticFiles, name)
	return nil
}
