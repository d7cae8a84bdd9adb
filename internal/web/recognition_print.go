package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/handbook"
	"github.com/gonggu/gonggu/internal/keycard"
	"github.com/gonggu/gonggu/internal/printout"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/score"
)

// The printed pages: the 明白卡 of a region and the 户帮扶手册 of a household, made by the same
// producers as `gonggu card` and `gonggu handbook` (internal/keycard, internal/handbook) and
// sent as the self-contained page internal/printout frames, with its A4 (or A5) print style
// and its own content security policy. Names are masked unless a user whose role may unmask
// asks for them in full (a POST from the page); every print is audited.

// printFull reads whether a print asks for names in full: only by a POST (an intended act,
// never a link followed or prefetched), and only for a role that may unmask.
func printFull(r *http.Request) (bool, error) {
	if r.Method != http.MethodPost || r.PostFormValue("full") != "1" {
		return false, nil
	}
	if err := auth.Require(user(r), auth.PermUnmask); err != nil {
		return false, err
	}
	return true, nil
}

// printValue reads a parameter of a print from the query, or the form of a POST.
func printValue(r *http.Request, name string) string {
	if r.Method == http.MethodPost {
		return r.PostFormValue(name)
	}
	return r.URL.Query().Get(name)
}

func maskedWord(full bool) string {
	if full {
		return "姓名全显"
	}
	return "姓名脱敏"
}

// sendPrinted writes a printed page with the policy that lets it carry its own style.
func sendPrinted(w http.ResponseWriter, page []byte) error {
	w.Header().Set("Content-Security-Policy", printout.CSP())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := w.Write(page)
	return err
}

// recCard prints the 明白卡 of a region for a role, or one for each of its villages.
func (s *Server) recCard(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	full, err := printFull(r)
	if err != nil {
		return err
	}
	var requested region.Code
	if c := strings.TrimSpace(printValue(r, "region")); c != "" {
		if requested, err = region.ParseCode(c); err != nil {
			return err
		}
	}
	scope, err := auth.Scope(u, requested)
	if err != nil {
		return err
	}
	if scope.Level() < region.County {
		return errs.E(errs.Invalid, "明白卡按县、乡镇或村生成，请选择一个县（或其下的乡镇、村）")
	}
	role, err := keycard.ParseRole(printValue(r, "role"))
	if err != nil {
		return err
	}
	ctx := r.Context()
	src := keycard.Sources{DB: s.cfg.DB, Tree: s.cfg.Tree, Scores: s.cfg.Scorecard}
	opt := keycard.Options{Role: role, Now: s.now(), FullNames: full, Save: true}
	var cards []*keycard.Card
	if printValue(r, "villages") == "1" {
		if cards, err = keycard.Villages(ctx, src, scope, opt); err != nil {
			return err
		}
	} else {
		c, err := keycard.Build(ctx, src, scope, opt)
		if err != nil {
			return err
		}
		cards = []*keycard.Card{c}
	}
	if err := s.audit.Append(ctx, audit.Entry{Action: audit.PrintOut, ObjectType: "card", ObjectID: string(scope), Region: scope,
		Detail: fmt.Sprintf("生成明白卡（%s，%d 张，%s）", role.Label(), len(cards), maskedWord(full))}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := keycard.Write(&buf, cards); err != nil {
		return err
	}
	return sendPrinted(w, buf.Bytes())
}

// maxHandbooks bounds the handbooks printed at once: the target households of a large village.
const maxHandbooks = 600

// recHandbooks prints the 户帮扶手册 of every 脱贫户 and monitored household of a village, as
// `gonggu handbook --village` does.
func (s *Server) recHandbooks(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	full, err := printFull(r)
	if err != nil {
		return err
	}
	paper, err := printout.ParseSize(printValue(r, "size"))
	if err != nil {
		return err
	}
	village, err := region.ParseCode(strings.TrimSpace(printValue(r, "village")))
	if err != nil || village.Level() != region.Village {
		return errs.E(errs.Invalid, "请选择一个村")
	}
	if err := auth.CheckVillage(u, village); err != nil {
		return err
	}
	ctx := r.Context()
	rows, err := s.reg.VillageHouseholds(ctx, village)
	if err != nil {
		return err
	}
	src := handbook.Sources{DB: s.cfg.DB, Tree: s.cfg.Tree, Support: handbook.StoreSupport(s.cfg.DB)}
	var books []*handbook.Handbook
	for _, h := range rows {
		if h.Category == "" && !slices.Contains(score.TargetKinds, h.Kind) {
			continue
		}
		if len(books) == maxHandbooks {
			return errs.E(errs.Invalid, "一次最多打印 %d 册，请逐户打印", maxHandbooks)
		}
		b, err := handbook.Build(ctx, src, h.No, handbook.Options{Now: s.now(), FullNames: full})
		if err != nil {
			return err
		}
		books = append(books, b)
	}
	if len(books) == 0 {
		return errs.E(errs.NotFound, "该村没有脱贫户和监测户")
	}
	if err := s.audit.Append(ctx, audit.Entry{Action: audit.PrintOut, ObjectType: "handbook", ObjectID: string(village), Region: village,
		Detail: fmt.Sprintf("生成户帮扶手册 %d 册（%s，%s）", len(books), paper, maskedWord(full))}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := handbook.Write(&buf, books, paper); err != nil {
		return err
	}
	return sendPrinted(w, buf.Bytes())
}

// recHandbook prints the 户帮扶手册 of a household the user may see.
func (s *Server) recHandbook(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	full, err := printFull(r)
	if err != nil {
		return err
	}
	paper, err := printout.ParseSize(printValue(r, "size"))
	if err != nil {
		return err
	}
	ctx := r.Context()
	no := r.PathValue("no")
	if no == "" {
		no = strings.TrimSpace(r.URL.Query().Get("no")) // the page's form, which cannot build the path
	}
	village, err := s.recHousehold(ctx, u, no)
	if err != nil {
		return err
	}
	src := handbook.Sources{DB: s.cfg.DB, Tree: s.cfg.Tree, Support: handbook.StoreSupport(s.cfg.DB)}
	b, err := handbook.Build(ctx, src, no, handbook.Options{Now: s.now(), FullNames: full})
	if err != nil {
		return err
	}
	if err := s.audit.Append(ctx, audit.Entry{Action: audit.PrintOut, ObjectType: "handbook", ObjectID: no, Region: village,
		Detail: fmt.Sprintf("生成户帮扶手册 1 册（%s，%s）", paper, maskedWord(full))}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := handbook.Write(&buf, []*handbook.Handbook{b}, paper); err != nil {
		return err
	}
	return sendPrinted(w, buf.Bytes())
}
