package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/discover"
)

// discoverData is the discover page with the period tabs it offers.
type discoverData struct {
	discover.Discovery
	Periods []string
	Cursor  string
}

func (c *Console) discoverPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := discoverData{Periods: discover.Periods, Cursor: q.Get("cursor")}
	found, err := c.deps.Discover.Discover(r.Context(), discover.Filter{Period: q.Get("period"),
		Page: db.Page{Cursor: d.Cursor}})
	d.Discovery = found
	if d.Period == "" {
		d.Period = discover.Period7d
	}
	c.show(w, r, "discover.html", page{Title: "Discover", Data: d}, err)
}

// explore is the other name people try for the discover page.
func (c *Console) explore(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/discover", http.StatusMovedPermanently)
}

// searchData is the search page: the question and a page of results,
// the creators as the cards the discover page shows too.
type searchData struct {
	discover.Results
	People []discover.RecommendedCreator
	Cursor string
}

func (c *Console) searchPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := searchData{Results: discover.Results{Q: q.Get("q"), Kind: q.Get("kind")}, Cursor: q.Get("cursor")}
	if d.Kind == "" {
		d.Kind = discover.KindContent
	}
	var err error
	if d.Q != "" { // before any question, the page is the form and what to try
		var found discover.Results
		found, err = c.deps.Discover.Search(r.Context(), discover.SearchFilter{Q: d.Q, Kind: d.Kind, Page: db.Page{Cursor: d.Cursor}})
		if err == nil {
			d.Results = found
		}
		for _, p := range found.Creators {
			d.People = append(d.People, discover.RecommendedCreator{Profile: p})
		}
	}
	c.show(w, r, "search.html", page{Title: "Search", Data: d}, err)
}

// initial is the first letter of a name, upper-cased, for the round badge
// shown where a person has no avatar.
func initial(name string) string {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(name))
	if r == utf8.RuneError {
		return "?"
	}
	return strings.ToUpper(string(r))
}
