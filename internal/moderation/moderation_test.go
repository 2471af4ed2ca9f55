package moderation_test

import (
	"context"
	"testing"

	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/moderation"
	"github.com/helio-platform/helio/internal/testkit"
)

func TestSeededRulesFindSpans(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		s := moderation.NewService(d, audit.New(d, clock.NewFake(testkit.Epoch)), clock.NewFake(testkit.Epoch))
		cases := []struct {
			text, rule, span string
			start            int
		}{
			{"这款茶一周瘦10斤", "Slimming claim", "一周瘦10斤", 3},
			{"这款茶１周瘦１０斤！", "Slimming claim", "１周瘦１０斤", 3},
			{"三天 减 5 KG", "Slimming claim", "三天 减 5 KG", 0},
			{"此药包治百病", "Cure claim", "包治", 2},
			{"100％有效", "Guaranteed effect", "100％有效", 0},
			{"全网最好", "Absolute claim", "最好", 2},
			{"电话 138 1234 5678", "Phone number", "138 1234 5678", 3},
		}
		for _, c := range cases {
			fs, err := s.Check(context.Background(), moderation.Text{Field: "body", Value: c.text})
			testkit.Must(t, err)
			if len(fs) == 0 || fs[0].Rule != c.rule || fs[0].Text != c.span || fs[0].Start != c.start {
				t.Errorf("%s: %+v", c.text, fs)
			}
		}
		fs, err := s.Check(context.Background(), moderation.Text{Field: "body", Value: "今天跑了五公里，很开心"})
		testkit.Must(t, err)
		if len(fs) != 0 {
			t.Errorf("clean text: %+v", fs)
		}
	})
}
