package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/feed"
)

type followInput struct {
	AccountID string `path:"account_id"`
	Body      *struct {
		Special bool `json:"special,omitempty" doc:"a special follow: the account's posts also fill the special tab"`
	}
}

type relationOutput struct {
	Body feed.Relation
}

type unfollowInput struct {
	AccountID string `path:"account_id"`
}

type followsInput struct {
	ID string `path:"id"`
	PageQuery
}

type followsOutput struct {
	Body List[feed.Follow]
}

type feedInput struct {
	Tab string `query:"tab" enum:"all,new,video,special,creators,subscriptions" doc:"all (default), new arrivals (content placing products), video, special follows, creators (no shops), subscriptions (what followed accounts pushed to their subscription channel)"`
	PageQuery
}

type feedOutput struct {
	Body List[feed.Push]
}

type homepageOutput struct {
	Body feed.Homepage
}

func (a *API) registerFeed() {
	f := func() *feed.Service { return a.deps.Feed }
	handle(a, Route{OperationID: "follow", Method: http.MethodPut, Path: "/follows/{account_id}", Permission: authz.Follow,
		Summary: "Follow an account, or change whether the follow is special; recent posts fill the feed at once"},
		func(ctx context.Context, in *followInput) (*relationOutput, error) {
			special := in.Body != nil && in.Body.Special
			r, err := f().Follow(ctx, in.AccountID, special)
			return &relationOutput{Body: r}, err
		})
	handle(a, Route{OperationID: "unfollow", Method: http.MethodDelete, Path: "/follows/{account_id}", Permission: authz.Follow,
		Summary: "Stop following an account; its posts leave the feed at once", Status: http.StatusNoContent},
		func(ctx context.Context, in *unfollowInput) (*struct{}, error) {
			return nil, f().Unfollow(ctx, in.AccountID)
		})
	handle(a, Route{OperationID: "read-feed", Method: http.MethodGet, Path: "/feed", Permission: authz.ReadFeed,
		Summary: "The follower feed: content pushed by followed accounts, newest first, by tab"},
		func(ctx context.Context, in *feedInput) (*feedOutput, error) {
			items, next, err := f().FindFeed(ctx, in.Tab, pageOf(in.PageQuery))
			return &feedOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "get-homepage", Method: http.MethodGet, Path: "/accounts/{id}", Permission: authz.ReadPublished,
		Summary: "An account's homepage: profile, follower and following counts, the reader's follow, first page of content"},
		func(ctx context.Context, in *idInput) (*homepageOutput, error) {
			h, err := f().FindHomepage(ctx, in.ID)
			return &homepageOutput{Body: h}, err
		})
	lists := []struct {
		name, summary string
		find          func(context.Context, string, db.Page) ([]feed.Follow, string, error)
	}{
		{"followers", "An account's followers, newest first", f().FindFollowers},
		{"following", "The accounts an account follows, newest first (special marks only on one's own list)", f().FindFollowing},
	}
	for _, l := range lists {
		handle(a, Route{OperationID: "list-" + l.name, Method: http.MethodGet, Path: "/accounts/{id}/" + l.name,
			Permission: authz.ReadPublished, Summary: l.summary},
			func(ctx context.Context, in *followsInput) (*followsOutput, error) {
				items, next, err := l.find(ctx, in.ID, pageOf(in.PageQuery))
				return &followsOutput{Body: newList(items, next)}, err
			})
	}
}
