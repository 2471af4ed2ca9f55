package level

import (
	"context"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// seeded loads version 1 of every rule table as migrated.
func seeded(t *testing.T, d *db.DB) Rules {
	var r Rules
	for _, name := range Tables {
		tab, err := store{db: d}.findTable(context.Background(), name, 1)
		testkit.Must(t, err)
		*r.table(name) = tab
	}
	return r
}

// spec is SPEC §7.2's threshold table: level → creator index, content
// value, fan value (-1: none).
var spec = map[string][3]int{"L6": {800, 700, 750}, "L5": {700, 600, 600}, "L4": {600, 500, 450},
	"L3": {450, 450, 300}, "L2": {350, 350, 200}, "L1": {250, 250, -1}}

// TestThresholdBoundaries: exactly at a level's three thresholds an account
// has that level; one point below any one of them, the level below.
func TestThresholdBoundaries(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		th := seeded(t, d).Thresholds
		if got := Decide(Scores{}, th); got != "L0" {
			t.Fatalf("zero scores: %s", got)
		}
		for i := 1; i < len(Levels); i++ {
			level, want := Levels[i], spec[Levels[i]]
			for j, score := range ThresholdScores {
				p, ok := th.Points(level, score)
				if want[j] < 0 && ok || want[j] >= 0 && (!ok || p != want[j]) {
					t.Fatalf("%s %s: %d %v, want %d", level, score, p, ok, want[j])
				}
			}
			at := Scores{CreatorIndex: want[0], ContentValue: want[1], FanValue: max(want[2], 0)}
			if got := Decide(at, th); got != level {
				t.Fatalf("at the thresholds of %s: %s", level, got)
			}
			for j, score := range ThresholdScores {
				if want[j] < 0 {
					continue
				}
				below := at
				*map[string]*int{CreatorIndex: &below.CreatorIndex, ContentValue: &below.ContentValue, FanValue: &below.FanValue}[score]--
				if got := Decide(below, th); got != Levels[i-1] {
					t.Fatalf("one point below %s's %s: %s, want %s", level, score, got, Levels[i-1])
				}
			}
		}
	})
}

// privilegeSpec is SPEC §7.3's table in its column order (authz.Privileges):
// Y yes, N no, P priority, C chance, D default only.
var privilegeSpec = map[string]string{
	"L6": "YYYYYYYYYYPPYPP", "L5": "YYYYYYYYYYPPYPP", "L4": "YYYYYYYYNYCPYPC", "L3": "YYYYYNYYNYCCYPC",
	"L2": "YYYYYNYYNYCCYCN", "L1": "YYYYNNNNNNCNNNN", "L0": "YDNNNNNNNNNNNNN"}

// privilegePermission is the permission that asks for each privilege.
var privilegePermission = map[string]authz.Permission{
	authz.PrivPublish: authz.PublishGraphicPost, authz.PrivHomepage: authz.PushHomepage,
	authz.PrivRoleApplication: authz.ApplyRole, authz.PrivSearchDirectLink: authz.UseSearchDirectLink,
	authz.PrivGroupChat: authz.OpenGroupChat, authz.PrivContentAccount: authz.OpenContentAccount,
	authz.PrivTaskMarketplace: authz.JoinTaskMarketplace, authz.PrivCPSSettlement: authz.SettleCommission,
	authz.PrivFanReach: authz.UseFanReach, authz.PrivFanPinning: authz.PinForFans,
	authz.PrivFeedRecommendation: authz.RecommendInFeed, authz.PrivAccountDiscovery: authz.DiscoverInFeed,
	authz.PrivFeedTopics: authz.UseFeedTopics, authz.PrivChannelDisplay: authz.DisplayInChannel,
	authz.PrivTargetedCoop: authz.CooperateTargeted,
}

// TestPrivilegeTable checks each of the 105 cells of the seeded privilege
// table against SPEC §7.3 and what authz decides for an actor of that level:
// allowed where the cell holds the privilege, else refused naming the
// lowest level that holds it.
func TestPrivilegeTable(t *testing.T) {
	t.Parallel()
	codes := map[byte]string{'Y': authz.ValueYes, 'N': authz.ValueNo, 'P': authz.ValuePriority, 'C': authz.ValueChance,
		'D': authz.ValueDefault}
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		p := seeded(t, d).Privileges
		cells := 0
		for _, level := range Levels {
			l := p.Authz(level)
			actor := authz.Actor{UserID: "u", Certified: true, Capabilities: map[string]bool{authz.CapGraphicPost: true},
				Level: l, Privileges: l.Held()}
			for i, priv := range authz.Privileges {
				cells++
				want := codes[privilegeSpec[level][i]]
				if got := p.Value(level, priv); got != want {
					t.Errorf("%s %s: %s, want %s", level, priv, got, want)
				}
				err := authz.Check(actor, privilegePermission[priv], nil)
				if authz.Holds(want) != (err == nil) {
					t.Errorf("%s %s (%s): %v", level, priv, want, err)
				}
				if err == nil {
					continue
				}
				need := ""
				for _, at := range Levels {
					if strings.ContainsRune("YPC", rune(privilegeSpec[at][i])) {
						need = at
						break
					}
				}
				e := apperr.From(err)
				if m, _ := e.Details["missing"].(map[string]string); m["level"] != need ||
					!strings.Contains(e.MessageIn("en"), "needs level "+need+"; you are "+level) {
					t.Errorf("%s %s refusal: %v %v", level, priv, e.MessageIn("en"), e.Details)
				}
			}
		}
		if cells != 105 {
			t.Fatalf("%d cells", cells)
		}
		if w := p.RankWeights(); w[authz.ValuePriority] != 100 || w[authz.ValueChance] != 30 {
			t.Fatalf("rank weights: %v", w)
		}
	})
}

// TestWorkedExample computes the example of docs/levels.md.
func TestWorkedExample(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		r := seeded(t, d)
		in := Inputs{WindowDays: 30, Published: 12, PublishedInWindow: 8, DomainFocus: "outfits", InFocus: 9, Views: 2400,
			Likes: 150, Comments: 40, Favourites: 30, Shares: 10, Interactions: 230, ProductClicks: 60, MountedProducts: 4,
			Followers: 180, Effective: 45, Returning: 16, FanInteractions: 120, Rejections: 1, HiddenComments: 2}
		got := Compute(in, r.Weights)
		want := Scores{CreatorIndex: 629, ContentValue: 625, FanValue: 498, DomainFocus: 750, CommercialValue: 358, AccountHealth: 910}
		if got != want {
			t.Fatalf("scores %+v, want %+v", got, want)
		}
		if l := Decide(got, r.Thresholds); l != "L4" {
			t.Fatalf("level %s", l)
		}
		e := explain(Standing{Level: "L4", Scores: got, Inputs: in, ThresholdsVersion: 1, WeightsVersion: 1}, r)
		if e.Next == nil || e.Next.Level != "L5" || len(e.Next.Missing) != 2 || e.Next.Missing[CreatorIndex] != 71 ||
			e.Next.Missing[FanValue] != 102 {
			t.Fatalf("next: %+v", e.Next)
		}
		for _, h := range e.Next.Hints {
			next := in
			levers[h.Score].add(&next, h.More)
			fewer := in
			levers[h.Score].add(&fewer, h.More-1)
			if h.More <= 0 && h.Score != ContentValue || Compute(next, r.Weights).Get(h.Score) < h.Need || Compute(fewer, r.Weights).Get(h.Score) >= h.Need {
				t.Fatalf("hint %+v is not the smallest amount", h)
			}
		}
		if e.NextPrivileges[authz.PrivFanReach] != true || e.Privileges[authz.PrivFeedRecommendation] != authz.ValueChance {
			t.Fatalf("privileges %v, next %v", e.Privileges, e.NextPrivileges)
		}
	})
}

// TestRulesValidation: a proposal must keep the table's shape.
func TestRulesValidation(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		r := seeded(t, d)
		_, _, err := RulesInput{Thresholds: map[string]map[string]int{"L2": {CreatorIndex: 1200}, "L9": {}},
			Privileges: map[string]map[string]string{"L0": {authz.PrivPublish: "sometimes"}},
			Weights:    map[string]int{"window_days": 0}}.proposed(r)
		if f := apperr.From(err).Fields; f["thresholds"].String() == "" || f["privileges"].String() == "" || f["weights"].String() == "" {
			t.Fatalf("invalid proposal: %v", err)
		}
		next, changed, err := RulesInput{Thresholds: map[string]map[string]int{
			"L1": {CreatorIndex: 250, ContentValue: 250}, "L2": {CreatorIndex: 350, ContentValue: 350, FanValue: 150},
			"L3": {CreatorIndex: 450, ContentValue: 450, FanValue: 300}, "L4": {CreatorIndex: 600, ContentValue: 500, FanValue: 450},
			"L5": {CreatorIndex: 700, ContentValue: 600, FanValue: 600}, "L6": {CreatorIndex: 800, ContentValue: 700, FanValue: 750}}}.proposed(r)
		testkit.Must(t, err)
		if len(changed) != 1 || changed[0] != TableThresholds || next.Thresholds.Version != 2 {
			t.Fatalf("changed %v, version %d", changed, next.Thresholds.Version)
		}
	})
}
