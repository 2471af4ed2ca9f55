// Package creative owns the creative centre (SPEC §6.4): hot topics ranked
// by a heat index computed from the platform's own engagement over a
// window, content and creator rankings by day and week, and audience
// personas (operator-managed) with the share of the caller's fans each
// covers; "create for them" starts a draft tagged with the topic or
// persona. Topics and personas keep every version operators saved.
//
// Heat and ranking score (docs/creative.md): over the window, each
// like or favourite counts 2, each visible comment 3 and each share 5,
// made by people other than the owner on published content.
package creative

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/content"
)

// Weights of the heat index and ranking score.
const (
	WeightLike      = 2
	WeightFavourite = 2
	WeightComment   = 3
	WeightShare     = 5
)

// score is an engaged content's heat contribution.
func score(e content.Engaged) int {
	return WeightLike*e.Likes + WeightFavourite*e.Favourites + WeightComment*e.Comments + WeightShare*e.Shares
}

// Statuses of topics and personas.
const (
	StatusActive = "active"
	StatusHidden = "hidden"
)

// Topic is a hot topic: content whose title or body holds one of its
// keywords counts towards its heat.
type Topic struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Keywords    []string  `json:"keywords"`
	Description string    `json:"description"`
	Status      string    `json:"status" enum:"active,hidden"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Rank (from 1) and Heat are computed at each request over the window.
	Rank     int `json:"rank"`
	Heat     int `json:"heat"`
	Contents int `json:"contents" doc:"matching contents with engagement in the window"`
}

// TopicInput creates a topic or saves a new version of one.
type TopicInput struct {
	Title       string   `required:"false" json:"title"`
	Keywords    []string `required:"false" json:"keywords"`
	Description string   `required:"false" json:"description"`
	Status      string   `json:"status,omitempty" enum:"active,hidden"`
}

// Persona dimensions (SPEC §6.4).
var Dimensions = []string{"life_stage", "identity", "interest", "category", "consumption", "style"}

// Persona is an audience persona: people who read and interact with its
// categories.
type Persona struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Dimension   string    `json:"dimension" enum:"life_stage,identity,interest,category,consumption,style"`
	Description string    `json:"description"`
	Categories  []string  `json:"categories" doc:"the content categories its members read and interact with"`
	Status      string    `json:"status" enum:"active,hidden"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Coverage is the share of the caller's fans the persona covers; null
	// for anonymous callers.
	Coverage *Coverage `json:"coverage"`
}

// Coverage is how many of an account's fans interacted with a persona's
// categories in the window, of how many fans.
type Coverage struct {
	Fans      int `json:"fans" doc:"the account's followers counted (at most the configured cap)"`
	Covered   int `json:"covered"`
	ShareBP   int `json:"share_bp" doc:"covered / fans in basis points"`
	WindowDay int `json:"window_days"`
}

// PersonaInput creates a persona or saves a new version of one.
type PersonaInput struct {
	Name        string   `required:"false" json:"name"`
	Dimension   string   `required:"false" json:"dimension"`
	Description string   `required:"false" json:"description"`
	Categories  []string `required:"false" json:"categories"`
	Status      string   `json:"status,omitempty" enum:"active,hidden"`
}

// Ranking kinds and periods.
const (
	KindContent = "content"
	KindCreator = "creator"
	PeriodDay   = "day"
	PeriodWeek  = "week"
)

// RankEntry is one place of a ranking.
type RankEntry struct {
	Rank      int    `json:"rank"`
	ID        string `json:"id" doc:"the content's or creator's id"`
	Name      string `json:"name" doc:"the content's title or the creator's nickname"`
	CreatorID string `json:"creator_id"`
	Score     int    `json:"score"`
}

// Ranking is a ranking of a kind over a period.
type Ranking struct {
	Kind    string      `json:"kind" enum:"content,creator"`
	Period  string      `json:"period" enum:"day,week"`
	Since   time.Time   `json:"since"`
	Entries []RankEntry `json:"entries"`
}

// Bounds of topics and personas.
const (
	MaxTitle       = 40
	MaxDescription = 500
	MaxKeywords    = 10
)

// clean trims the values, dropping empty ones and repeats.
func clean(in []string) []string {
	out := []string{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func text(v *apperr.Validation, field, s string, max int) {
	if s == "" {
		v.Reject(field, "is required")
	} else if utf8.RuneCountInString(s) > max {
		v.Reject(field, "at most %d characters", max)
	}
}

func status(v *apperr.Validation, s *string) {
	if *s == "" {
		*s = StatusActive
	}
	if *s != StatusActive && *s != StatusHidden {
		v.Reject("status", "must be active or hidden")
	}
}

func (in *TopicInput) validate() error {
	var v apperr.Validation
	in.Title, in.Description, in.Keywords = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description), clean(in.Keywords)
	text(&v, "title", in.Title, MaxTitle)
	if utf8.RuneCountInString(in.Description) > MaxDescription {
		v.Reject("description", "at most %d characters", MaxDescription)
	}
	if len(in.Keywords) == 0 || len(in.Keywords) > MaxKeywords {
		v.Reject("keywords", "give 1 to %d keywords", MaxKeywords)
	}
	status(&v, &in.Status)
	return v.Err()
}

func (in *PersonaInput) validate() error {
	var v apperr.Validation
	in.Name, in.Description, in.Categories = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description), clean(in.Categories)
	text(&v, "name", in.Name, MaxTitle)
	text(&v, "description", in.Description, MaxDescription)
	if !slices.Contains(Dimensions, in.Dimension) {
		v.Reject("dimension", "must be one of %s", strings.Join(Dimensions, ", "))
	}
	if len(in.Categories) == 0 || len(in.Categories) > MaxKeywords {
		v.Reject("categories", "give 1 to %d categories", MaxKeywords)
	}
	status(&v, &in.Status)
	return v.Err()
}

// matches reports whether e's title or body holds one of keywords
// (case-insensitively).
func matches(e content.Engaged, keywords []string) bool {
	hay := strings.ToLower(e.Title + "\n" + e.Body)
	return slices.ContainsFunc(keywords, func(k string) bool { return strings.Contains(hay, strings.ToLower(k)) })
}
