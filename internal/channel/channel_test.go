package channel

import (
	"slices"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
)

// TestEachConditionKind: each kind of condition, alone in a clause, is met
// by a matching fact and unmet, with its reason code, by another.
func TestEachConditionKind(t *testing.T) {
	for _, c := range []struct {
		cond      RuleCondition
		yes, no   Facts
		wantRefus string
	}{
		{RuleCondition{CondRole, []string{"fashion_editor"}}, Facts{Roles: []string{"artisan", "fashion_editor"}}, Facts{Roles: []string{"artisan"}}, "role_not_certified"},
		{RuleCondition{CondLevel, []string{"L2", "L3"}}, Facts{Level: "L3"}, Facts{Level: "L1"}, "level_not_in_set"},
		{RuleCondition{CondDomainFocus, []string{"outfits"}}, Facts{DomainFocus: "outfits"}, Facts{}, "domain_focus_not_in_set"},
		{RuleCondition{CondAccountType, []string{"merchant"}}, Facts{AccountTypes: []string{"creator", "merchant"}}, Facts{AccountTypes: []string{"brand"}}, "account_type_not_in_set"},
		{RuleCondition{CondCapability, []string{"short_video"}}, Facts{Capabilities: []string{"short_video"}}, Facts{Capabilities: []string{"graphic_post"}}, "capability_not_held"},
	} {
		r := EligibilityRule{Clauses: []RuleClause{{Conditions: []RuleCondition{c.cond}}}}
		if ok, res := r.Evaluate(c.yes); !ok || !res[0].Met || res[0].ReasonCode != "" || !res[0].Conditions[0].Met {
			t.Errorf("%s met: %v %+v", c.cond.Kind, ok, res)
		}
		ok, res := r.Evaluate(c.no)
		if ok || res[0].Met || res[0].ReasonCode != c.wantRefus || res[0].Conditions[0].ReasonCode != c.wantRefus || res[0].Conditions[0].Have == nil {
			t.Errorf("%s unmet: %v %+v", c.cond.Kind, ok, res)
		}
	}
	if ok, _ := (EligibilityRule{}).Evaluate(Facts{}); !ok {
		t.Error("an empty rule refused")
	}
}

// TestRuleValidation: unknown kinds, empty values and unknown levels are
// refused by field.
func TestRuleValidation(t *testing.T) {
	in := ChannelInput{Slug: "Bad Slug", Name: "x", Description: "d", SubChannels: []SubChannelInput{{Name: "a", DailyQuota: 0}},
		Rule: EligibilityRule{Clauses: []RuleClause{{}, {Conditions: []RuleCondition{{Kind: "age"}, {Kind: CondLevel, Values: []string{"L9"}},
			{Kind: CondRole}}}}}}
	err := apperr.From(in.validate())
	want := []string{"eligibility.clauses[0]", "eligibility.clauses[1].conditions[0].kind", "eligibility.clauses[1].conditions[1].values",
		"eligibility.clauses[1].conditions[2].values", "slug", "sub_channels[0].daily_quota"}
	if got := err.FieldNames(); !slices.Equal(slices.Sorted(slices.Values(got)), want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
}

// TestActivityState: upcoming, open, closing soon and closed at their edges.
func TestActivityState(t *testing.T) {
	t0 := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	a := Activity{SubmitFrom: t0, Deadline: t0.Add(72 * time.Hour)}
	for at, want := range map[time.Duration]string{-time.Second: StateUpcoming, 0: StateOpen, 24*time.Hour - time.Second: StateOpen,
		24 * time.Hour: StateClosingSoon, 72*time.Hour - time.Second: StateClosingSoon, 72 * time.Hour: StateClosed} {
		if got := a.stateAt(t0.Add(at), 48*time.Hour); got != want {
			t.Errorf("at %v: %s, want %s", at, got, want)
		}
	}
}
