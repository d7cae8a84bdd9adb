package keycard

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"io"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/printout"
	"github.com/gonggu/gonggu/internal/region"
)

//go:embed card.html
var templates embed.FS

var cardTemplate = template.Must(template.ParseFS(templates, "card.html"))

// Write prints the cards as one page, one A4 sheet each.
func Write(w io.Writer, cards []*Card) error {
	var body bytes.Buffer
	if err := cardTemplate.ExecuteTemplate(&body, "cards", cards); err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成明白卡")
	}
	title := "明白卡"
	if len(cards) == 1 {
		title = cards[0].Name + "明白卡"
	}
	return printout.Page(w, title, printout.A4, template.HTML(body.String()))
}

// Villages builds the cards of every village of a region (a county, a township) for a role,
// in code order, calling progress after each.
func Villages(ctx context.Context, src Sources, code region.Code, opt Options) ([]*Card, error) {
	var codes []region.Code
	if code.Level() == region.Village {
		codes = []region.Code{code}
	} else {
		for _, r := range src.Tree.Descendants(code, region.Village) {
			codes = append(codes, r.Code)
		}
	}
	if len(codes) > maxBatch {
		return nil, errs.E(errs.Invalid, "一次最多生成 %d 个村的明白卡，请按乡镇分批生成", maxBatch)
	}
	var out []*Card
	for _, c := range codes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		card, err := Build(ctx, src, c, opt)
		if err != nil {
			return nil, err
		}
		out = append(out, card)
	}
	return out, nil
}

// maxBatch bounds the cards made at once: every village of the largest counties.
const maxBatch = 1500
