// Package discover is how fans find creators and content they do not follow
// yet (the Console issue, item 3): a discover page of recommended creators,
// the most engaged content of a period and the newest content, and search
// over creators' names and published content. It only reads what the
// content and creator domains make public, through their services; it owns
// no table.
package discover

import (
	"time"

	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
)

// Periods a discover page looks back over for engagement.
const (
	Period7d  = "7d"
	Period30d = "30d"
	Period90d = "90d"
)

// Periods lists the periods in the order a page offers them.
var Periods = []string{Period7d, Period30d, Period90d}

// periodDays is the length of each period in days.
var periodDays = map[string]int{Period7d: 7, Period30d: 30, Period90d: 90}

// Search kinds: published content, or creators by name.
const (
	KindContent  = "content"
	KindCreators = "creators"
)

// ContentCard is one published content as a reader sees it in a list: the
// published snapshot, its author's public profile and, on the discover
// page, the engagement it drew in the period.
type ContentCard struct {
	content.Published
	Author creator.Profile `json:"author"`
	// Engagement is likes, favourites, visible comments and shares by
	// others in the period (0 outside the most-engaged list).
	Engagement int `json:"engagement"`
}

// RecommendedCreator is a recommended creator: the public profile with the
// engagement their published content drew in the period.
type RecommendedCreator struct {
	creator.Profile
	Engagement int `json:"engagement"`
	// Posts is how many of their contents drew it.
	Posts int `json:"posts"`
}

// Filter asks for a discover page.
type Filter struct {
	// Period is 7d, 30d or 90d (7d when empty).
	Period string
	// Page pages the newest content.
	Page db.Page
}

// Discovery is a discover page: recommended creators and the most engaged
// content of the period (the top ones), and a page of the newest content.
type Discovery struct {
	Period   string               `json:"period"`
	Since    time.Time            `json:"since"`
	Creators []RecommendedCreator `json:"creators"`
	Engaged  []ContentCard        `json:"engaged"`
	Newest   []ContentCard        `json:"-"`
	// Next is the cursor of the newest content's next page.
	Next string `json:"-"`
}

// SearchFilter asks for a page of search results.
type SearchFilter struct {
	// Q is the text looked for; it is required.
	Q string
	// Kind is content (the default) or creators.
	Kind string
	Page db.Page
}

// Results is a page of search results: Contents for kind content,
// Creators for kind creators.
type Results struct {
	Q        string
	Kind     string
	Contents []ContentCard
	Creators []creator.Profile
	Next     string
}
