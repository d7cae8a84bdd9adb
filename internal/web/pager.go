package web

import (
	"net/url"
	"strconv"
)

// pages is the paging of a long list: links to the previous and next pages, to the first and
// last pages and the pages around the current one, and what a form needs to jump to any page.
type pages struct {
	Path       string
	Prev, Next string // "" where there is no such page
	Links      []pageLink
	Page       int // the current page, from 1
	Count      int // how many pages there are
	// Keep holds the list's other query parameters, for the hidden fields of the jump form.
	Keep [][2]string
}

type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool // stands for the pages left out before the next link
}

// Many reports whether there is more than one page.
func (p pages) Many() bool { return p.Count > 1 }

// paging returns the paging of a list at path whose query (without offset) is q, with total
// rows, per to a page, showing the page that starts at offset.
func paging(path string, q url.Values, offset, total, per int) pages {
	link := func(page int) string {
		q2 := url.Values{}
		for k, v := range q {
			q2[k] = v
		}
		q2.Del("offset")
		q2.Del("page")
		if page > 1 {
			q2.Set("offset", strconv.Itoa((page-1)*per))
		}
		if len(q2) == 0 {
			return path
		}
		return path + "?" + q2.Encode()
	}
	p := pages{Path: path, Count: max(1, total/per+min(total%per, 1))}
	p.Page = min(offset/per+1, p.Count)
	for k, vs := range q {
		if k == "offset" || k == "page" || k == "msg" {
			continue
		}
		for _, v := range vs {
			p.Keep = append(p.Keep, [2]string{k, v})
		}
	}
	if p.Page > 1 {
		p.Prev = link(p.Page - 1)
	}
	if p.Page < p.Count {
		p.Next = link(p.Page + 1)
	}
	// The first and last pages and two on either side of the current one.
	near := []int{1}
	for n := max(2, p.Page-2); n <= min(p.Count-1, p.Page+2); n++ {
		near = append(near, n)
	}
	if p.Count > 1 {
		near = append(near, p.Count)
	}
	last := 0
	for _, n := range near {
		if last != 0 && n > last+1 {
			p.Links = append(p.Links, pageLink{Gap: true})
		}
		p.Links = append(p.Links, pageLink{N: n, URL: link(n), Current: n == p.Page})
		last = n
	}
	return p
}

// maxPage bounds a page number asked for: far beyond any list.
const maxPage = 1 << 20

// pageOffset reads the list's position from the query: offset, or page (from 1, as the jump
// form sends it).
func pageOffset(q url.Values, per int) int {
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 0 {
		return (min(n, maxPage) - 1) * per
	}
	off, _ := strconv.Atoi(q.Get("offset"))
	return max(off, 0)
}
