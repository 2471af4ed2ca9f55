package backoffice

import (
	"context"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/channel"
	"github.com/helio-platform/helio/internal/db"
)

// WithChannels adds the channel domain's applications to the queue.
func (q *Queue) WithChannels(c *channel.Service) *Queue {
	q.channels = c
	return q
}

// applicationItems makes channel applications review items with their SLA
// clocks, naming each applicant by nickname.
func (q *Queue) applicationItems(ctx context.Context, apps []channel.ChannelApplication) ([]Item, error) {
	ids := make([]string, len(apps))
	for i, a := range apps {
		ids[i] = a.UserID
	}
	users, err := q.accounts.FindIdentities(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Item, len(apps))
	for i, a := range apps {
		out[i] = q.item(ReviewItem{ID: a.ID, Kind: channel.KindApplication, UserID: a.UserID, Applicant: users[a.UserID].Nickname,
			Status: a.Status, SubmittedAt: a.SubmittedAt})
		out[i].ChannelApplication = &apps[i]
	}
	return out, nil
}

// findApplications is one page of the channel applications stream, oldest
// first (none without the channel domain).
func (q *Queue) findApplications(ctx context.Context, status string, pg db.Page) ([]Item, string, error) {
	if q.channels == nil {
		return nil, "", nil
	}
	apps, next, err := q.channels.FindApplications(ctx, channel.ChannelApplicationFilter{Status: status, Limit: pg.Limit, Cursor: pg.Cursor})
	if err != nil {
		return nil, "", err
	}
	out, err := q.applicationItems(ctx, apps)
	return out, next, err
}

// isApplication reports whether id names a channel application.
func (q *Queue) isApplication(ctx context.Context, id string) (channel.ChannelApplication, bool, error) {
	if q.channels == nil {
		return channel.ChannelApplication{}, false, nil
	}
	a, err := q.channels.FindApplication(ctx, id)
	if apperr.CodeOf(err) == apperr.NotFound {
		return channel.ChannelApplication{}, false, nil
	}
	return a, err == nil, err
}

// applicationItem is applicationItems for one application.
func (q *Queue) applicationItem(ctx context.Context, a channel.ChannelApplication, err error) (Item, error) {
	if err != nil {
		return Item{}, err
	}
	items, err := q.applicationItems(ctx, []channel.ChannelApplication{a})
	if err != nil {
		return Item{}, err
	}
	return items[0], nil
}
