package gen

import (
	"context"

	"github.com/gonggu/gonggu/internal/archive"
	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// The archives of a generated area (internal/archive): village by village, how far the
// archive campaign got. Some villages have every household's and the village's own items in
// order, some miss an item here and there (the 收入核算表 not yet made, the 公示照片 lost), a few
// have barely started; a few items of the complete villages are scanned and attached, the rest
// are on paper in the village office. Written through the store's bulk registration, in one
// transaction per county; the same seed gives the same archives.

// ArchiveConfig says what archives to generate.
type ArchiveConfig struct {
	Area region.Code
	Seed uint64
}

// ArchiveStats counts what was generated.
type ArchiveStats struct {
	Villages, Complete, Items, Files int
}

// archiveShelves are where a village keeps its papers.
var archiveShelves = []string{"村委会档案室 1 号柜", "村委会档案室 2 号柜", "村党群服务中心资料室", "乡镇档案室（代管）"}

// archivePNG is a small valid PNG (1×1, white): the scanned page a demo item attaches.
var archivePNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" +
	"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\r\xefF\xb8\x00\x00\x00\x00IEND\xaeB`\x82")

// FillArchives generates the archives of the households and villages of cfg.Area stored in db.
func FillArchives(ctx context.Context, db *store.DB, tree *region.Tree, cfg ArchiveConfig) (ArchiveStats, error) {
	var st ArchiveStats
	ctx = audit.WithActor(ctx, audit.Actor{Username: "demo"})
	as := store.NewArchives(db)
	counties := tree.Descendants(cfg.Area, region.County)
	if cfg.Area.Level() == region.County {
		counties = []region.Region{{Code: cfg.Area, Level: region.County}}
	}
	for _, c := range counties {
		l, err := as.Lists(ctx, c.Code)
		if err != nil {
			return st, err
		}
		r := genRand(cfg.Seed, "archive", string(c.Code))
		// A village's shape: 0 complete, 1 a few gaps, 2 many gaps, 3 barely started.
		shape := map[region.Code]int{}
		var villages []*archive.Checklist
		if err := as.Each(ctx, c.Code, c.Code, archive.KindVillage, func(cl *archive.Checklist) error {
			s := []int{0, 0, 0, 0, 1, 1, 1, 2, 3}[r.IntN(9)]
			shape[cl.Village] = s
			// The village's own papers are kept in order unless its archive work is far behind.
			own := 0
			if s >= 2 {
				own = s - 1
			}
			cl.Entries = fillItems(r.IntN, l.Village, own, archiveShelves[r.IntN(len(archiveShelves))])
			villages = append(villages, cl)
			st.Villages++
			if s == 0 {
				st.Complete++
			}
			return nil
		}); err != nil {
			return st, err
		}
		var attach []*archive.Checklist
		lists := villages
		if err := as.Each(ctx, c.Code, c.Code, archive.KindHousehold, func(cl *archive.Checklist) error {
			s := shape[cl.Village]
			if s == 1 && r.IntN(4) > 0 {
				s = 0 // a few gaps: most households of such a village are in order
			}
			cl.Entries = fillItems(r.IntN, cl.Required(l), s, "村委会档案室 "+string(rune('1'+r.IntN(3)))+" 号柜")
			lists = append(lists, cl)
			if shape[cl.Village] == 0 && len(attach) < 6 && len(cl.Entries) > 0 {
				attach = append(attach, cl)
			}
			return nil
		}); err != nil {
			return st, err
		}
		n, err := as.Record(ctx, c.Code, lists)
		if err != nil {
			return st, err
		}
		st.Items += n
		// A few complete archives have their approval form scanned and attached.
		for _, cl := range attach {
			for _, it := range cl.Required(l) {
				if it != "审批表" && it != "帮扶计划" {
					continue
				}
				if _, err := as.Attach(ctx, cl, it, it+"（扫描件）.png", "image/png", archivePNG, "演示扫描件"); err != nil {
					return st, err
				}
				st.Files++
				break
			}
		}
	}
	return st, nil
}

// fillItems returns the entries of the items present in an archive of the shape: all of them
// (0), all but one item in two (1), about half (2), or one in five (3).
func fillItems(intn func(int) int, items []string, shape int, shelf string) map[string]archive.Entry {
	out := map[string]archive.Entry{}
	miss := -1
	if shape == 1 && len(items) > 0 {
		miss = intn(len(items))
	}
	for i, it := range items {
		keep := true
		switch shape {
		case 1:
			keep = i != miss
		case 2:
			keep = intn(2) == 0
		case 3:
			keep = intn(5) == 0
		}
		if keep {
			out[it] = archive.Entry{Item: it, Held: archive.Paper, Location: shelf}
		}
	}
	return out
}
