package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/assistance"
	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/employment"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/relocation"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// The county lists of relocation, employment and assistance: each read through its listfile
// description (the bounded reader, every cell of the whole file checked, places resolved in the
// county), written by its store in one transaction with the audit entry, or refused whole with
// the problems by row and column and an error report to download; the import logged; and each
// list exported in the layout it is imported in.

// The domains of the lists, as the import log keys them.
const (
	domainRelocation = "relocation"
	domainEmployment = "employment"
	domainAssistance = "assistance"
)

var followupDomains = []struct{ Key, Title string }{
	{domainRelocation, "易地搬迁后续扶持"}, {domainEmployment, "就业帮扶"}, {domainAssistance, "低收入人口和小额信贷"},
}

// followupList is a county list the pages import and export.
type followupList struct {
	Domain, Key, Title, Help string
	// kinds are the objects the list changes, screened again after an import.
	kinds []string
	blank func(w io.Writer) error
	imp   func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error)
	exp   func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error)
}

// listOutcome is what importing a file gave: the rows written, or the problems and the error
// report; and the households whose facts the rows change.
type listOutcome struct {
	rows     int
	problems []tableimport.Problem
	stopped  bool
	report   []byte
	nos      []string // households the rows name
	keys     []string // ID keys of the people the rows name
}

// importRows reads a file as the list, resolves each record (prep: places, row numbers) and
// writes the records with put, which either writes them all with the audit entry or returns
// the rows it refuses. A store's refusal of a record (errs.Invalid) refuses the file too.
func importRows[T any](l *listfile.List[T], check func(*T) [][2]string, name string, file io.ReaderAt, size int64,
	prep func(rec *T, row int), put func(rows []T) ([]listfile.Miss, error), who func(*T) (no, key string)) (*listOutcome, error) {
	res, err := l.Read(name, file, size, check)
	if err != nil {
		return nil, err
	}
	out := &listOutcome{rows: len(res.Rows)}
	if res.OK() {
		rows := make([]T, len(res.Rows))
		for i, r := range res.Rows {
			rows[i] = *r.Rec
			prep(&rows[i], r.Num)
		}
		misses, err := put(rows)
		if err != nil && !errs.Is(err, errs.Invalid) {
			return nil, err
		}
		if err != nil {
			res.Problems = append(res.Problems, tableimport.Problem{Reason: errs.Message(err)})
		}
		listfile.Refuse(res, misses)
		if res.OK() {
			for i := range rows {
				if who == nil {
					break
				}
				no, key := who(&rows[i])
				if no != "" {
					out.nos = append(out.nos, no)
				}
				if key = listfile.IDKey(key); key != "" {
					out.keys = append(out.keys, key)
				}
			}
			return out, nil
		}
	}
	out.problems, out.stopped = res.Problems, res.Stopped
	var buf bytes.Buffer
	if err := res.WriteReport(&buf); err != nil {
		return nil, err
	}
	out.report = buf.Bytes()
	return out, nil
}

// placeCheck resolves a row's place (乡镇 and 村, or 区划代码) in the county into the record's
// region, or names the column that cannot be resolved.
func placeCheck[T any](pl listfile.Places, get func(*T) (*listfile.Place, *region.Code)) func(*T) [][2]string {
	return func(rec *T) [][2]string {
		place, code := get(rec)
		c, reason := pl.Resolve(*place)
		if reason != "" {
			col := "乡镇"
			switch {
			case strings.TrimSpace(place.Code) != "":
				col = "区划代码"
			case strings.TrimSpace(place.Village) != "":
				col = "村"
			}
			return [][2]string{{col, reason}}
		}
		*code = c
		return nil
	}
}

// exportRows writes the list with the records each gives, counting them.
func exportRows[T any](l *listfile.List[T], w io.Writer, mask listfile.Mask, each func(emit func(*T) error) error) (int, error) {
	n := 0
	err := l.Write(w, mask, func(emit func(*T) error) error {
		return each(func(r *T) error {
			n++
			return emit(r)
		})
	})
	return n, err
}

// anyRows adapts a store's EachExport, which gives rows as any, to a list's records.
func anyRows[T any](each func(fn func(any) error) error) func(emit func(*T) error) error {
	return func(emit func(*T) error) error {
		return each(func(v any) error {
			r, ok := v.(*T)
			if !ok {
				return errs.E(errs.Internal, "导出的行类型不符")
			}
			return emit(r)
		})
	}
}

func (s *Server) listPlaces(county region.Code) listfile.Places {
	return listfile.Places{Tree: s.cfg.Tree, County: county}
}

// followupLists are the lists, in the order the pages offer them.
func followupLists() []followupList {
	return []followupList{
		{Domain: domainRelocation, Key: "sites", kinds: []string{relocation.KindSite},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				pl := s.listPlaces(county)
				return importRows(relocation.SiteList(pl.Names), placeCheck(pl, func(r *relocation.SiteRow) (*listfile.Place, *region.Code) { return &r.Place, &r.Region }),
					name, file, size, func(r *relocation.SiteRow, n int) { r.Row = n },
					func(rows []relocation.SiteRow) ([]listfile.Miss, error) {
						return nil, s.relocation().PutSites(ctx, county, rows, name, e)
					}, nil)
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(relocation.SiteList(s.listPlaces("").Names), w, mask, func(emit func(*relocation.SiteRow) error) error {
					return s.relocation().EachExport(ctx, "sites", scope, emit, nil, nil, nil)
				})
			}},
		{Domain: domainRelocation, Key: "facilities", kinds: []string{relocation.KindSite},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				return importRows(relocation.FacilityList(), nil, name, file, size, func(r *relocation.FacilityRow, n int) { r.Row = n },
					func(rows []relocation.FacilityRow) ([]listfile.Miss, error) {
						return s.relocation().PutFacilities(ctx, county, rows, e)
					}, nil)
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(relocation.FacilityList(), w, mask, func(emit func(*relocation.FacilityRow) error) error {
					return s.relocation().EachExport(ctx, "facilities", scope, nil, emit, nil, nil)
				})
			}},
		{Domain: domainRelocation, Key: "residents", kinds: []string{relocation.KindSite},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				return importRows(relocation.ResidentList(), nil, name, file, size, func(r *relocation.ResidentRow, n int) { r.Row = n },
					func(rows []relocation.ResidentRow) ([]listfile.Miss, error) {
						return s.relocation().PutResidents(ctx, county, rows, e)
					}, func(r *relocation.ResidentRow) (string, string) { return r.HouseholdNo, "" })
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(relocation.ResidentList(), w, mask, func(emit func(*relocation.ResidentRow) error) error {
					return s.relocation().EachExport(ctx, "residents", scope, nil, nil, emit, nil)
				})
			}},
		{Domain: domainRelocation, Key: "followups", kinds: []string{relocation.KindSite},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				return importRows(relocation.FollowUpList(), nil, name, file, size, func(r *relocation.FollowUpRow, n int) { r.Row = n },
					func(rows []relocation.FollowUpRow) ([]listfile.Miss, error) {
						return s.relocation().PutFollowUps(ctx, county, rows, name, e)
					}, func(r *relocation.FollowUpRow) (string, string) { return r.HouseholdNo, "" })
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(relocation.FollowUpList(), w, mask, func(emit func(*relocation.FollowUpRow) error) error {
					return s.relocation().EachExport(ctx, "followups", scope, nil, nil, nil, emit)
				})
			}},
		{Domain: domainEmployment, Key: "posts", kinds: []string{employment.KindPost, employment.KindVillagePosts, employment.KindPostRegion, relocation.KindSite},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				pl := s.listPlaces(county)
				return importRows(employment.PostList(pl.Names), placeCheck(pl, func(r *employment.PostRow) (*listfile.Place, *region.Code) { return &r.Place, &r.Village }),
					name, file, size, func(r *employment.PostRow, n int) { r.Row = n },
					func(rows []employment.PostRow) ([]listfile.Miss, error) {
						return nil, s.employment().PutPosts(ctx, county, rows, name, e)
					}, func(r *employment.PostRow) (string, string) { return "", r.HolderID })
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(employment.PostList(s.listPlaces("").Names), w, mask, anyRows[employment.PostRow](func(fn func(any) error) error {
					return s.employment().EachExport(ctx, "posts", scope, fn)
				}))
			}},
		{Domain: domainEmployment, Key: "pays", kinds: []string{employment.KindPost},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				return importRows(employment.PayList(), nil, name, file, size, func(r *employment.PayRow, n int) { r.Row = n },
					func(rows []employment.PayRow) ([]listfile.Miss, error) {
						return s.employment().PutPays(ctx, county, rows, e)
					}, nil)
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(employment.PayList(), w, mask, anyRows[employment.PayRow](func(fn func(any) error) error {
					return s.employment().EachExport(ctx, "pays", scope, fn)
				}))
			}},
		{Domain: domainEmployment, Key: "workshops", kinds: []string{employment.KindWorkshop},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				pl := s.listPlaces(county)
				return importRows(employment.WorkshopList(pl.Names), placeCheck(pl, func(r *employment.WorkshopRow) (*listfile.Place, *region.Code) { return &r.Place, &r.Village }),
					name, file, size, func(r *employment.WorkshopRow, n int) { r.Row = n },
					func(rows []employment.WorkshopRow) ([]listfile.Miss, error) {
						return nil, s.employment().PutWorkshops(ctx, county, rows, name, e)
					}, nil)
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(employment.WorkshopList(s.listPlaces("").Names), w, mask, anyRows[employment.WorkshopRow](func(fn func(any) error) error {
					return s.employment().EachExport(ctx, "workshops", scope, fn)
				}))
			}},
		{Domain: domainEmployment, Key: "workers", kinds: []string{employment.KindWorkshop},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				return importRows(employment.WorkerList(), nil, name, file, size, func(r *employment.WorkerRow, n int) { r.Row = n },
					func(rows []employment.WorkerRow) ([]listfile.Miss, error) {
						return s.employment().PutWorkers(ctx, county, rows, e)
					}, func(r *employment.WorkerRow) (string, string) { return "", r.IDNumber })
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(employment.WorkerList(), w, mask, anyRows[employment.WorkerRow](func(fn func(any) error) error {
					return s.employment().EachExport(ctx, "workers", scope, fn)
				}))
			}},
		{Domain: domainEmployment, Key: "figures", kinds: []string{employment.KindRegion},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				pl := s.listPlaces(county)
				return importRows(employment.FigureList(pl.Names), placeCheck(pl, func(r *employment.FigureRow) (*listfile.Place, *region.Code) { return &r.Place, &r.Region }),
					name, file, size, func(r *employment.FigureRow, n int) { r.Row, r.County = n, county },
					func(rows []employment.FigureRow) ([]listfile.Miss, error) {
						return nil, s.employment().PutFigures(ctx, county, rows, name, e)
					}, nil)
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(employment.FigureList(s.listPlaces("").Names), w, mask, anyRows[employment.FigureRow](func(fn func(any) error) error {
					return s.employment().EachExport(ctx, "figures", scope, fn)
				}))
			}},
		{Domain: domainEmployment, Key: "needs", kinds: []string{employment.KindNeed},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				pl := s.listPlaces(county)
				return importRows(employment.NeedList(pl.Names), placeCheck(pl, func(r *employment.NeedRow) (*listfile.Place, *region.Code) { return &r.Place, &r.Village }),
					name, file, size, func(r *employment.NeedRow, n int) { r.Row = n },
					func(rows []employment.NeedRow) ([]listfile.Miss, error) {
						return nil, s.employment().PutNeeds(ctx, county, rows, name, e)
					}, nil)
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(employment.NeedList(s.listPlaces("").Names), w, mask, anyRows[employment.NeedRow](func(fn func(any) error) error {
					return s.employment().EachExport(ctx, "needs", scope, fn)
				}))
			}},
		{Domain: domainAssistance, Key: "families", kinds: []string{assistance.KindFamily},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				pl := s.listPlaces(county)
				return importRows(assistance.FamilyList(pl.Names), placeCheck(pl, func(r *assistance.FamilyRow) (*listfile.Place, *region.Code) { return &r.Place, &r.Village }),
					name, file, size, func(r *assistance.FamilyRow, n int) { r.Row = n },
					func(rows []assistance.FamilyRow) ([]listfile.Miss, error) {
						return nil, s.assistance().PutFamilies(ctx, county, rows, name, e)
					}, func(r *assistance.FamilyRow) (string, string) { return r.HouseholdNo, r.HeadID })
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(assistance.FamilyList(s.listPlaces("").Names), w, mask, anyRows[assistance.FamilyRow](func(fn func(any) error) error {
					return s.assistance().EachExport(ctx, "families", scope, fn)
				}))
			}},
		{Domain: domainAssistance, Key: "records", kinds: []string{assistance.KindFamily},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				return importRows(assistance.RecordList(), nil, name, file, size, func(r *assistance.RecordRow, n int) { r.Row = n },
					func(rows []assistance.RecordRow) ([]listfile.Miss, error) {
						return s.assistance().PutRecords(ctx, county, rows, name, e)
					}, func(r *assistance.RecordRow) (string, string) { return "", r.HeadID })
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(assistance.RecordList(), w, mask, anyRows[assistance.RecordRow](func(fn func(any) error) error {
					return s.assistance().EachExport(ctx, "records", scope, fn)
				}))
			}},
		{Domain: domainAssistance, Key: "loans", kinds: []string{assistance.KindLoan},
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				pl := s.listPlaces(county)
				return importRows(assistance.LoanList(pl.Names), placeCheck(pl, func(r *assistance.LoanRow) (*listfile.Place, *region.Code) { return &r.Place, &r.Village }),
					name, file, size, func(r *assistance.LoanRow, n int) { r.Row = n },
					func(rows []assistance.LoanRow) ([]listfile.Miss, error) {
						return s.assistance().PutLoans(ctx, county, rows, name, e)
					}, func(r *assistance.LoanRow) (string, string) { return r.HouseholdNo, r.BorrowerID })
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(assistance.LoanList(s.listPlaces("").Names), w, mask, anyRows[assistance.LoanRow](func(fn func(any) error) error {
					return s.assistance().EachExport(ctx, "loans", scope, fn)
				}))
			}},
		{Domain: domainAssistance, Key: "wishes", kinds: nil,
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				return importRows(assistance.WishList(), nil, name, file, size, func(r *assistance.WishRow, n int) { r.Row = n },
					func(rows []assistance.WishRow) ([]listfile.Miss, error) {
						return s.assistance().PutWishes(ctx, county, rows, e)
					}, func(r *assistance.WishRow) (string, string) { return r.HouseholdNo, r.HeadID })
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(assistance.WishList(), w, mask, anyRows[assistance.WishRow](func(fn func(any) error) error {
					return s.assistance().EachExport(ctx, "wishes", scope, fn)
				}))
			}},
		{Domain: domainAssistance, Key: "ratings", kinds: nil,
			imp: func(ctx context.Context, s *Server, county region.Code, name string, file io.ReaderAt, size int64, e audit.Entry) (*listOutcome, error) {
				return importRows(assistance.RatedList(), nil, name, file, size, func(r *assistance.RatedRow, n int) { r.Row = n },
					func(rows []assistance.RatedRow) ([]listfile.Miss, error) {
						return s.assistance().PutRatings(ctx, county, rows, e)
					}, func(r *assistance.RatedRow) (string, string) { return r.HouseholdNo, "" })
			},
			exp: func(ctx context.Context, s *Server, w io.Writer, scope region.Code, mask listfile.Mask) (int, error) {
				return exportRows(assistance.RatedList(), w, mask, anyRows[assistance.RatedRow](func(fn func(any) error) error {
					return s.assistance().EachExport(ctx, "ratings", scope, fn)
				}))
			}},
	}
}

// listInfo is what the pages show of a list: its title, what a row is, and its blank template
// (the headers alone).
type listInfo struct {
	key, title, help string
	blank            func(w io.Writer) error
}

func infoOf[T any](l *listfile.List[T]) listInfo {
	return listInfo{key: l.Key, title: l.Title, help: l.Help, blank: func(w io.Writer) error {
		return l.Write(w, nil, func(func(*T) error) error { return nil })
	}}
}

// listInfos describes each list by its key, from the domain packages' descriptions.
func listInfos() map[string]listInfo {
	names := func(region.Code) (string, string) { return "", "" }
	out := map[string]listInfo{}
	for _, m := range []listInfo{
		infoOf(relocation.SiteList(names)), infoOf(relocation.FacilityList()), infoOf(relocation.ResidentList()),
		infoOf(relocation.FollowUpList()), infoOf(employment.PostList(names)), infoOf(employment.PayList()),
		infoOf(employment.WorkshopList(names)), infoOf(employment.WorkerList()), infoOf(employment.FigureList(names)),
		infoOf(employment.NeedList(names)), infoOf(assistance.FamilyList(names)), infoOf(assistance.RecordList()),
		infoOf(assistance.LoanList(names)), infoOf(assistance.WishList()), infoOf(assistance.RatedList()),
	} {
		out[m.key] = m
	}
	return out
}

// allLists are the lists with their titles.
var allLists = func() []followupList {
	ls := followupLists()
	infos := listInfos()
	for i := range ls {
		in := infos[ls[i].Key]
		ls[i].Title, ls[i].Help, ls[i].blank = in.title, in.help, in.blank
	}
	return ls
}()

// listOf returns a list of a domain by its key.
func listOf(domain, key string) (followupList, bool) {
	for _, l := range allLists {
		if l.Domain == domain && l.Key == key {
			return l, true
		}
	}
	return followupList{}, false
}

// ---- the page

type followupImportsPage struct {
	Tabs      []followupTab
	Groups    []followupListGroup
	Counties  []regionOption
	County    region.Code
	Regions   []regionOption
	List      string // domain/key chosen
	CanImport bool
	CanFull   bool
	Recent    []followupImportRow
	Refused   string // the refused file's name
	Problems  []string
	More      int
	Report    string
	Notice    string
}

type followupListGroup struct {
	Title string
	Lists []followupList
}

type followupImportRow struct {
	store.ListImport
	Title      string
	CountyName string
	When       string
	ReportURL  string
}

func (followupImportsPage) PageTitle() string { return "搬迁就业台账导入导出" }

func (s *Server) newFollowupImportsPage(r *http.Request) (followupImportsPage, error) {
	u := user(r)
	p := followupImportsPage{Tabs: followupTabs("/followup/imports", ""), Counties: s.fundsCounties(u), Regions: s.scopeChoices(u, ""),
		CanImport: auth.Require(u, auth.PermImport) == nil, CanFull: u.Can(auth.PermUnmask)}
	if len(p.Counties) == 1 {
		p.County = p.Counties[0].Code
	}
	for _, d := range followupDomains {
		g := followupListGroup{Title: d.Title}
		for _, l := range allLists {
			if l.Domain == d.Key {
				g.Lists = append(g.Lists, l)
			}
		}
		p.Groups = append(p.Groups, g)
	}
	if q := r.URL.Query(); q.Get("done") != "" {
		p.Notice = "已导入：" + q.Get("result") + "。" + doneNotice(r)
	}
	// The log of the user's county (or the counties within the user's region).
	logs := store.NewListImports(s.cfg.DB)
	for _, d := range followupDomains {
		recent, err := logs.Recent(r.Context(), d.Key, u.Region, 20)
		if err != nil {
			return p, err
		}
		for _, im := range recent {
			row := followupImportRow{ListImport: im, CountyName: s.regionName(im.County), When: im.At}
			if l, ok := listOf(im.Domain, im.List); ok {
				row.Title = l.Title
			}
			if t, err := time.Parse("2006-01-02T15:04:05.000000Z", im.At); err == nil {
				row.When = t.In(chinaTime).Format("2006-01-02 15:04")
			}
			// A township's staff see the county's log, and the reports only from the county up.
			if _, err := auth.Scope(u, im.County); im.Report != nil && err == nil {
				row.ReportURL = "/followup/imports/" + im.Domain + "/" + url.PathEscape(im.ID) + "/report"
			}
			p.Recent = append(p.Recent, row)
		}
	}
	sort.SliceStable(p.Recent, func(i, j int) bool { return p.Recent[i].At > p.Recent[j].At })
	if len(p.Recent) > 20 {
		p.Recent = p.Recent[:20]
	}
	return p, nil
}

func (s *Server) followupImports(w http.ResponseWriter, r *http.Request) error {
	p, err := s.newFollowupImportsPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "followup_imports", p)
	return nil
}

// splitList reads a list chosen as domain/key.
func splitList(v string) (followupList, error) {
	domain, key, _ := strings.Cut(v, "/")
	l, ok := listOf(domain, key)
	if !ok {
		return l, errs.E(errs.Invalid, "请选择要导入的台账")
	}
	return l, nil
}

// followupUpload reads a county list and writes it whole, or shows its problems with the
// error report to download; either way the import is logged.
func (s *Server) followupUpload(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermImport); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return errs.E(errs.Invalid, "请选择 xlsx 或 csv 文件（不超过 20 MB）")
	}
	defer file.Close()
	l, err := splitList(r.FormValue("list"))
	if err != nil {
		return err
	}
	county, err := region.ParseCode(r.FormValue("county"))
	if err != nil || county.Level() != region.County {
		return errs.E(errs.Invalid, "请选择县（区）")
	}
	if _, err := auth.Scope(u, county); err != nil {
		return errs.E(errs.Forbidden, "您没有向该县导入数据的权限")
	}
	ctx := r.Context()
	name := filepath.Base(hdr.Filename)
	e := audit.Entry{Action: audit.Import, ObjectType: l.Domain + "." + l.Key, ObjectID: name, Region: county,
		Detail: fmt.Sprintf("导入%s%s「%s」", s.regionName(county), l.Title, name)}
	out, err := l.imp(ctx, s, county, name, file, hdr.Size, e)
	if err != nil {
		return err
	}
	im := &store.ListImport{County: county, Domain: l.Domain, List: l.Key, File: name, Rows: out.rows, Problems: len(out.problems), Report: out.report}
	if out.report == nil {
		im.Summary = fmt.Sprintf("%s「%s」%d 行", l.Title, name, out.rows)
	} else {
		im.Summary = fmt.Sprintf("有 %d 处错误，未写入任何数据", len(out.problems))
		if out.stopped {
			im.Summary += "（错误过多，其后的行未再检查）"
		}
	}
	id, err := store.NewListImports(s.cfg.DB).Record(ctx, im)
	if err != nil {
		return err
	}
	if out.report != nil {
		p, err := s.newFollowupImportsPage(r)
		if err != nil {
			return err
		}
		p.Refused, p.County, p.List = name, county, l.Domain+"/"+l.Key
		p.Report = "/followup/imports/" + l.Domain + "/" + url.PathEscape(id) + "/report"
		for i, pr := range out.problems {
			if i == 50 {
				p.More = len(out.problems) - 50
				break
			}
			p.Problems = append(p.Problems, auth.MaskText(pr.String()))
		}
		s.render(w, r, http.StatusUnprocessableEntity, "followup_imports", p)
		return nil
	}
	nos := out.nos
	if len(out.keys) > 0 {
		more, err := store.HouseholdsOf(ctx, s.cfg.DB, county, out.keys)
		if err != nil {
			return err
		}
		nos = append(nos, more...)
	}
	done := s.rescreenHouseholds(ctx, county, dedupe(nos))
	obj := s.rescreenObjects(ctx, county, l.kinds...)
	done.Opened, done.Closed = done.Opened+obj.Opened, done.Closed+obj.Closed
	http.Redirect(w, r, doneURL("/followup/imports", done, "result", im.Summary), http.StatusSeeOther)
	return nil
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// followupReport sends a refused import's error report to a user of its county or above.
func (s *Server) followupReport(w http.ResponseWriter, r *http.Request) error {
	domain := r.PathValue("domain")
	if domain != domainRelocation && domain != domainEmployment && domain != domainAssistance {
		return errs.E(errs.NotFound, "页面不存在")
	}
	im, err := store.NewListImports(s.cfg.DB).Report(r.Context(), domain, r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := auth.Scope(user(r), im.County); err != nil {
		return errs.E(errs.Forbidden, "您没有查看该县导入记录的权限")
	}
	name := strings.TrimSuffix(im.File, filepath.Ext(im.File)) + "-错误报告.xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"report.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(im.Report)
	return err
}

// followupExport writes a list of a region within the user's in its import layout: ID and
// phone numbers masked, or in full for a role that may see them and asks (audited either way);
// or, with template=1, the list's blank template.
func (s *Server) followupExport(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	q := r.URL.Query()
	domain, key, _ := strings.Cut(q.Get("list"), "/")
	l, ok := listOf(domain, key)
	if !ok {
		return errs.E(errs.Invalid, "请选择要导出的台账")
	}
	if q.Get("template") == "1" {
		var buf bytes.Buffer
		if err := l.blank(&buf); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", "attachment; filename=\"template.xlsx\"; filename*=UTF-8''"+url.PathEscape(l.Title+"导入模板.xlsx"))
		_, err := w.Write(buf.Bytes())
		return err
	}
	scope, err := requestedScope(r, q)
	if err != nil {
		return err
	}
	full := q.Get("full") == "1"
	if full {
		if err := auth.Require(u, auth.PermUnmask); err != nil {
			return err
		}
	}
	m := auth.MaskerFor(u, full)
	mask := func(kind tableimport.Kind, v string) string {
		if kind == tableimport.Phone {
			return m.Phone(v)
		}
		return m.ID(v)
	}
	var buf bytes.Buffer
	n, err := l.exp(r.Context(), s, &buf, scope, mask)
	if err != nil {
		return err
	}
	what := "证件号码和电话已隐去中间几位"
	if m.Full {
		what = "含完整证件号码和电话"
	}
	name := s.regionName(scope)
	if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.Export, ObjectType: l.Domain + "." + l.Key, Region: scope,
		Detail: fmt.Sprintf("导出%s%s %d 条（%s）", name, l.Title, n, what)}); err != nil {
		return err
	}
	file := fmt.Sprintf("%s-%s-%s.xlsx", name, l.Title, s.now().In(chinaTime).Format("20060102"))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"list.xlsx\"; filename*=UTF-8''"+url.PathEscape(file))
	_, err = w.Write(buf.Bytes())
	return err
}
