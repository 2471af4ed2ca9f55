package channel

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/level"
)

// Activity is an official, themed call for content (SPEC §6.3).
type Activity struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Themes    []string `json:"themes" doc:"theme tags"`
	RulesText string   `json:"rules_text" doc:"description with the content rules"`
	ChannelID string   `json:"channel_id,omitempty"`
	// Placement is the resource accepted content is shown in, such as
	// "mobile home focus banner".
	Placement     string    `json:"placement"`
	SubmitFrom    time.Time `json:"submit_from"`
	Deadline      time.Time `json:"deadline" doc:"when submissions close"`
	PlacementFrom time.Time `json:"placement_from"`
	PlacementTo   time.Time `json:"placement_to"`
	// MinLevel, Roles and Categories are the eligibility: the lowest level,
	// the role certifications (any of them; none for any creator) and the
	// content categories taken (none for any).
	MinLevel   string     `json:"min_level" enum:"L0,L1,L2,L3,L4,L5,L6"`
	Roles      []string   `json:"roles"`
	Categories []string   `json:"categories"`
	Capacities []Capacity `json:"capacities" doc:"optional capacity per product category"`
	Invitation *Invite    `json:"invitation" doc:"who is invited; null when nobody is"`
	// Creators counts the creators who submitted; Submissions the contents.
	Creators      int       `json:"creators"`
	Submissions   int       `json:"submissions"`
	SaturationPPM int       `json:"saturation_ppm" doc:"how full the fullest category is, in parts per million"`
	State         string    `json:"state" enum:"upcoming,open,closing_soon,closed"`
	Version       int       `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Capacity is how many submissions an activity takes in one product
// category, and how many it has.
type Capacity struct {
	Category string `json:"category"`
	Capacity int    `json:"capacity"`
	Used     int    `json:"used"`
	Full     bool   `json:"full"`
}

// Invite is who an activity invites: accounts at MinLevel or above whose
// fan value (fan-operation ability) and content value (content quality)
// reach the given scores (SPEC §6.3; the levels domain's scores).
type Invite struct {
	MinLevel        string `json:"min_level" enum:"L0,L1,L2,L3,L4,L5,L6"`
	MinFanValue     int    `json:"min_fan_value"`
	MinContentValue int    `json:"min_content_value"`
}

// Activity states, from the clock.
const (
	StateUpcoming    = "upcoming"
	StateOpen        = "open"
	StateClosingSoon = "closing_soon"
	StateClosed      = "closed"
)

// stateAt is the activity's state at now; closing soon when the deadline is
// within soon.
func (a Activity) stateAt(now time.Time, soon time.Duration) string {
	switch {
	case now.Before(a.SubmitFrom):
		return StateUpcoming
	case !now.Before(a.Deadline):
		return StateClosed
	case a.Deadline.Sub(now) <= soon:
		return StateClosingSoon
	}
	return StateOpen
}

// Sorts of the activity list (SPEC §6.3).
const (
	SortNewest         = "newest"
	SortHottest        = "hottest"
	SortSaturation     = "saturation"
	SortDeadline       = "deadline"
	SortPlacementStart = "placement_start"
)

// Sorts lists the sorts of the activity list.
var Sorts = []string{SortNewest, SortHottest, SortSaturation, SortDeadline, SortPlacementStart}

// Views of the activity list.
const (
	ViewAll     = "all"
	ViewInvited = "invited"
	ViewMine    = "mine"
)

// ActivityFilter selects and orders activities. Deadline and placement-start
// sorts list only activities whose deadline or placement start is still
// ahead ("nearest" ones); the others list every activity.
type ActivityFilter struct {
	Sort    string
	Q       string
	Theme   string
	Channel string
	View    string
	Limit   int
	Cursor  string
}

func (f *ActivityFilter) validate() error {
	var v apperr.Validation
	if f.Sort == "" {
		f.Sort = SortNewest
	}
	if f.View == "" {
		f.View = ViewAll
	}
	f.Q, f.Theme = strings.TrimSpace(f.Q), strings.TrimSpace(f.Theme)
	if !slices.Contains(Sorts, f.Sort) {
		v.Reject("sort", "must be one of %s", strings.Join(Sorts, ", "))
	}
	if f.View != ViewAll && f.View != ViewInvited && f.View != ViewMine {
		v.Reject("view", "must be all, invited or mine")
	}
	if len([]rune(f.Q)) > 100 {
		v.Reject("q", "at most %d characters", 100)
	}
	return v.Err()
}

// ActivityInput creates an activity or saves a new version of one.
type ActivityInput struct {
	Title         string          `required:"false" json:"title"`
	Themes        []string        `required:"false" json:"themes"`
	RulesText     string          `required:"false" json:"rules_text"`
	ChannelID     string          `json:"channel_id,omitempty"`
	Placement     string          `required:"false" json:"placement"`
	SubmitFrom    time.Time       `required:"false" json:"submit_from"`
	Deadline      time.Time       `required:"false" json:"deadline"`
	PlacementFrom time.Time       `required:"false" json:"placement_from"`
	PlacementTo   time.Time       `required:"false" json:"placement_to"`
	MinLevel      string          `json:"min_level,omitempty" enum:"L0,L1,L2,L3,L4,L5,L6" doc:"L0 (default) takes every level"`
	Roles         []string        `json:"roles,omitempty"`
	Categories    []string        `json:"categories,omitempty"`
	Capacities    []CapacityInput `json:"capacities,omitempty"`
	Invitation    *Invite         `json:"invitation,omitempty"`
}

// CapacityInput is a capacity for one category.
type CapacityInput struct {
	Category string `required:"false" json:"category"`
	Capacity int    `required:"false" json:"capacity"`
}

// Bounds of activity fields.
const (
	MaxTitle     = 80
	MaxRulesText = 4000
	MaxThemes    = 10
	MaxCapacity  = 1_000_000
)

func (in *ActivityInput) validate() error {
	var v apperr.Validation
	in.Title, in.RulesText, in.Placement = strings.TrimSpace(in.Title), strings.TrimSpace(in.RulesText), strings.TrimSpace(in.Placement)
	in.ChannelID = strings.TrimSpace(in.ChannelID)
	textField(&v, "title", in.Title, MaxTitle)
	textField(&v, "rules_text", in.RulesText, MaxRulesText)
	textField(&v, "placement", in.Placement, MaxName)
	in.Themes, in.Roles, in.Categories = cleanList(in.Themes), cleanList(in.Roles), cleanList(in.Categories)
	if len(in.Themes) == 0 {
		v.Reject("themes", "give at least one theme tag")
	}
	if len(in.Themes) > MaxThemes {
		v.Reject("themes", "at most %d theme tags", MaxThemes)
	}
	for _, f := range []struct {
		name string
		t    time.Time
	}{{"submit_from", in.SubmitFrom}, {"deadline", in.Deadline}, {"placement_from", in.PlacementFrom}, {"placement_to", in.PlacementTo}} {
		if f.t.IsZero() {
			v.Reject(f.name, "is required")
		}
	}
	if !in.Deadline.IsZero() && !in.Deadline.After(in.SubmitFrom) {
		v.Reject("deadline", "must be after the start of submissions")
	}
	if !in.PlacementTo.IsZero() && !in.PlacementTo.After(in.PlacementFrom) {
		v.Reject("placement_to", "must be after the start of placement")
	}
	if in.MinLevel == "" {
		in.MinLevel = level.Levels[0]
	}
	if !slices.Contains(level.Levels, in.MinLevel) {
		v.Reject("min_level", "levels are L0 to L6")
	}
	seen := map[string]bool{}
	for i := range in.Capacities {
		c := &in.Capacities[i]
		c.Category = strings.TrimSpace(c.Category)
		field := fmt.Sprintf("capacities[%d]", i)
		if c.Category == "" {
			v.Reject(field+".category", "is required")
		} else if seen[c.Category] {
			v.Reject(field+".category", "two capacities for %s", c.Category)
		}
		seen[c.Category] = true
		if c.Capacity < 1 || c.Capacity > MaxCapacity {
			v.Reject(field+".capacity", "must be 1 to %d", MaxCapacity)
		}
	}
	if inv := in.Invitation; inv != nil {
		if !slices.Contains(level.Levels, inv.MinLevel) {
			v.Reject("invitation.min_level", "levels are L0 to L6")
		}
		for name, n := range map[string]int{"invitation.min_fan_value": inv.MinFanValue, "invitation.min_content_value": inv.MinContentValue} {
			if n < 0 || n > level.MaxScore {
				v.Reject(name, "must be 0 to %d", level.MaxScore)
			}
		}
	}
	return v.Err()
}

// levelRank is a level's place in level.Levels (L0 is 0), or -1.
func levelRank(l string) int { return slices.Index(level.Levels, l) }

// levelName is the level at rank n in level.Levels (L0 out of range).
func levelName(n int) string {
	if n < 0 || n >= len(level.Levels) {
		return level.Levels[0]
	}
	return level.Levels[n]
}

// saturation is how full the fullest category is, in parts per million.
func saturation(caps []Capacity) int {
	var out int
	for _, c := range caps {
		out = max(out, c.Used*1_000_000/c.Capacity)
	}
	return out
}

// ActivitySubmissionInput submits content to an activity in a product
// category.
type ActivitySubmissionInput struct {
	ContentID string `required:"false" json:"content_id"`
	Category  string `required:"false" json:"category" doc:"the product category the content is about"`
}

// ActivitySubmission is one content submitted to an activity.
type ActivitySubmission struct {
	ID            string    `json:"id"`
	ActivityID    string    `json:"activity_id"`
	ActivityTitle string    `json:"activity_title"`
	AccountID     string    `json:"account_id"`
	ContentID     string    `json:"content_id"`
	ContentTitle  string    `json:"content_title"`
	Category      string    `json:"category"`
	CreatedAt     time.Time `json:"created_at"`
}

// Invitations is the caller's invitation standing: its level and the
// scores invitations follow, and how many open activities invite it.
type Invitations struct {
	Level        string `json:"level"`
	FanValue     int    `json:"fan_value"`
	ContentValue int    `json:"content_value"`
	Count        int    `json:"count"`
}
