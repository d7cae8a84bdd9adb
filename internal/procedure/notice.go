package procedure

import (
	"bytes"
	"embed"
	"html/template"
	"io"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/printout"
	"github.com/gonggu/gonggu/internal/registry"
)

//go:embed notice.html
var noticeFS embed.FS

var noticeTemplate = template.Must(template.New("notice").Funcs(template.FuncMap{"add": func(a, b int) int { return a + b }}).
	ParseFS(noticeFS, "notice.html"))

// BulletinRow is one household on a village notice (村内公示): what a public posting may show.
// It has no field for an ID number, a phone, a bank account or a health state, so none can be
// printed by mistake.
type BulletinRow struct {
	Name     string // the head's name, masked by NoticeName
	Village  string
	Category string
	Way      string // elimination only
}

// Bulletin is one printed village notice (公示) of one kind of procedure.
type Bulletin struct {
	Title     string
	Place     string // the village's full name
	Intro     string
	Eliminate bool
	Rows      []BulletinRow
	From      string // the notice's first and last day, "" while not posted yet
	Until     string
	Days      int    // the statutory days
	Signer    string // 某某村民委员会
}

// NewBulletin returns the notice of the procedures (of one kind, in one village) whose heads are
// named in heads (by 户编号), with the statutory days and the village's names: the full one
// for the header and its own for the rows and the signature. Names are masked here, so a
// caller cannot forget to. When every procedure recorded the same notice period it is shown;
// otherwise the dates are left blank to be filled in by hand.
func NewBulletin(ps []*Procedure, heads map[string]string, days int, place, village string) *Bulletin {
	n := &Bulletin{Place: place, Days: days, Signer: village}
	if !strings.HasSuffix(village, "委员会") {
		n.Signer += "村民委员会"
	}
	if len(ps) > 0 && ps[0].Kind == Eliminate {
		n.Eliminate = true
		n.Title = "关于防返贫监测对象风险消除的公示"
		n.Intro = "下列农户家庭收入持续稳定、“两不愁三保障”和饮水安全有保障，拟标注为风险消除，"
	} else {
		n.Title = "关于防返贫监测对象识别纳入的公示"
		n.Intro = "下列农户拟纳入防返贫监测对象，"
	}
	var from, until registry.Date
	same := true
	for i, p := range ps {
		n.Rows = append(n.Rows, BulletinRow{Name: NoticeName(heads[p.HouseholdNo]), Village: village, Category: p.Category, Way: p.Way})
		var f, u registry.Date
		if r := p.Record(Notice); r != nil {
			f, u = r.On, r.Until
		}
		if i == 0 {
			from, until = f, u
		} else if f != from || u != until {
			same = false
		}
	}
	if same && !from.IsZero() {
		n.From, n.Until = from.String(), until.String()
	}
	return n
}

// WriteBulletins prints the notices as one page, one A4 sheet each (internal/printout).
func WriteBulletins(w io.Writer, ns []*Bulletin) error {
	var body bytes.Buffer
	if err := noticeTemplate.ExecuteTemplate(&body, "notices", ns); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成公示")
	}
	title := "公示"
	if len(ns) == 1 {
		title = ns[0].Title
	}
	return printout.Page(w, title, printout.A4, template.HTML(body.String()))
}
