package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

type paramsPage struct {
	Enabled bool
	Year    int
	Region  region.Region
	Regions []regionOption
	Params  []paramItem
}

func (paramsPage) PageTitle() string { return "政策参数" }

type paramItem struct {
	Param
	FromName string
}

func (s *Server) paramsScope(r *http.Request) (region.Code, int, error) {
	u := user(r)
	if err := auth.Require(u, auth.PermParams); err != nil {
		return "", 0, err
	}
	var requested region.Code
	if c := r.FormValue("region"); c != "" {
		code, err := region.ParseCode(c)
		if err != nil {
			return "", 0, err
		}
		requested = code
	}
	scope, err := auth.Scope(u, requested)
	if err != nil {
		return "", 0, err
	}
	year := s.now().Year()
	if y := r.FormValue("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2015 || n > year+1 {
			return "", 0, errs.E(errs.Invalid, "年度「%s」无效", y)
		}
		year = n
	}
	return scope, year, nil
}

func (s *Server) paramsPage(w http.ResponseWriter, r *http.Request) error {
	scope, year, err := s.paramsScope(r)
	if err != nil {
		return err
	}
	reg, err := s.cfg.Tree.Get(scope)
	if err != nil {
		return err
	}
	p := paramsPage{Enabled: s.cfg.Params != nil, Year: year, Region: reg, Regions: s.scopeChoices(user(r), scope)}
	if s.cfg.Params != nil {
		list, err := s.cfg.Params.List(r.Context(), scope, year)
		if err != nil {
			return err
		}
		for _, pr := range list {
			p.Params = append(p.Params, paramItem{Param: pr, FromName: s.sourceName(pr.Source)})
		}
	}
	s.render(w, r, http.StatusOK, "params", p)
	return nil
}

// sourceName turns a parameter's source ("默认", "6211（2026 年度）") into words with the
// region's name.
func (s *Server) sourceName(src string) string {
	if src == "默认" || src == "" {
		return "系统默认值"
	}
	prefix, rest, _ := strings.Cut(src, "（")
	if code, err := region.ParseCode(prefix); err == nil {
		if name := s.cfg.Tree.FullName(code); name != "" {
			return name + "（" + rest
		}
	}
	return src
}

func (s *Server) saveParam(w http.ResponseWriter, r *http.Request) error {
	scope, year, err := s.paramsScope(r)
	if err != nil {
		return err
	}
	if s.cfg.Params == nil {
		return errs.E(errs.NotFound, "政策参数功能尚未启用")
	}
	name, value := r.PostFormValue("name"), strings.TrimSpace(r.PostFormValue("value"))
	if err := s.cfg.Params.Set(r.Context(), scope, year, name, value); err != nil {
		return err
	}
	if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.ParamUpdate, ObjectType: "param", ObjectID: name,
		Region: scope, Detail: strconv.Itoa(year) + " 年参数 " + name + " 设为 " + value}); err != nil {
		return err
	}
	http.Redirect(w, r, "/params?region="+string(scope)+"&year="+strconv.Itoa(year)+"&msg=saved", http.StatusSeeOther)
	return nil
}
