package level

import (
	"context"
	"time"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/i18n"
)

// ChannelsLink is where public-traffic applications will be made once
// channels land (SPEC §6.2).
const ChannelsLink = "/channels"

// Task is one newcomer task (SPEC §6.5), ticked from the account's data:
// Have of Need, done when Have reaches Need.
type Task struct {
	ID    string `json:"id" enum:"publish_quality,gain_fans,stay_active,public_traffic"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
	Have  int    `json:"have"`
	Need  int    `json:"need"`
	Link  string `json:"link"`
	// Note explains what counts, or why the task cannot be done yet.
	Note string  `json:"note"`
	Rule RuleRef `json:"rule"`
}

// NewcomerTasks returns the actor's four newcomer tasks, in order, ticked
// from its current content and followers under the newcomer_tasks table.
func (s *Service) NewcomerTasks(ctx context.Context) ([]Task, error) {
	if err := authz.CheckCtx(ctx, authz.ReadLevel, nil); err != nil {
		return nil, err
	}
	r, err := s.rules(ctx)
	if err != nil {
		return nil, err
	}
	me, lang, c := authz.ActorFrom(ctx).UserID, i18n.FromContext(ctx), r.Tasks
	window := c.get("active.window_days")
	stats, err := s.contents.StatsByOwners(ctx, []string{me}, s.clock.Now().Add(-time.Duration(window)*24*time.Hour))
	if err != nil {
		return nil, err
	}
	fans, err := s.feed.FollowerStatsOf(ctx, []string{me}, nil)
	if err != nil {
		return nil, err
	}
	st, err := s.standingOf(ctx, me, r)
	if err != nil {
		return nil, err
	}
	published, minValue := stats[me].Published, c.get("publish.min_content_value")
	if st.Scores.ContentValue < minValue {
		// Content below the quality bar does not count yet.
		published = 0
	}
	task := func(id string, title, note i18n.Text, have, need int, link string) Task {
		return Task{ID: id, Title: title.In(lang), Note: note.In(lang), Have: have, Need: need, Done: have >= need,
			Link: link, Rule: c.Rule()}
	}
	return []Task{
		task("publish_quality", i18n.T("Publish quality content"),
			i18n.T("Published content that passed review, with a content value of at least %d.", minValue),
			published, c.get("publish.min_published"), "/contents"),
		task("gain_fans", i18n.T("Gain fans"), i18n.T("Followers of your account."),
			fans[me].Followers, c.get("fans.min_followers"), "/accounts/"+me),
		task("stay_active", i18n.T("Stay active"), i18n.T("Contents published in the last %d days.", window),
			stats[me].PublishedSince, c.get("active.min_published"), "/contents"),
		{ID: "public_traffic", Title: i18n.T("Apply for public traffic").In(lang),
			Note: i18n.T("Channel applications open when channels arrive; this task cannot be done yet.").In(lang),
			Need: 1, Link: ChannelsLink, Rule: c.Rule()},
	}, nil
}
