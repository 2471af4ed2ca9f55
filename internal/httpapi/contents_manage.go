package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
)

type listContentsInput struct {
	PageQuery
	Type     string    `query:"type" doc:"post, video, outfit, list or item"`
	Status   string    `query:"status" doc:"draft, in_review, scheduled, published or rejected"`
	Category string    `query:"category"`
	From     time.Time `query:"from" doc:"created at or after (RFC 3339)"`
	To       time.Time `query:"to" doc:"created before (RFC 3339)"`
	Q        string    `query:"q" doc:"text in the title or body"`
}

type listContentsOutput struct {
	Body struct {
		List[content.Content]
		// Types are the type tabs with their counts; Categories the custom
		// categories with theirs.
		Types      []content.Count `json:"types"`
		Categories []content.Count `json:"categories"`
	}
}

type searchContentsInput struct {
	PageQuery
	Q string `query:"q" required:"true" minLength:"1" doc:"text in the title or body"`
}

type contentsOutput struct {
	Body List[content.Content]
}

type pushInput struct {
	ID   string `path:"id"`
	Body struct {
		Targets []string `json:"targets" doc:"feed, subscription (at most 1 a day by default) and/or homepage"`
	}
}

type withdrawPushInput struct {
	ID   string `path:"id"`
	Body *struct {
		Targets []string `json:"targets,omitempty" doc:"the targets to withdraw from: feed, subscription and/or homepage; every target when absent"`
	}
}

type publishedOutput struct {
	Body List[content.Published]
}

type trashOutput struct {
	Body List[content.Trashed]
}

type accountContentsInput struct {
	ID string `path:"id"`
	PageQuery
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (a *API) registerContentManagement() {
	c := func() *content.Service { return a.deps.Contents }
	handle(a, Route{OperationID: "list-contents", Method: http.MethodGet, Path: "/contents", Permission: authz.ReadContent,
		Summary: "My contents, newest change first, with the type tabs and categories and their counts"},
		func(ctx context.Context, in *listContentsInput) (*listContentsOutput, error) {
			l, err := c().FindContents(ctx, content.Filter{Type: in.Type, Status: in.Status, Category: in.Category,
				From: timeOrNil(in.From), To: timeOrNil(in.To), Q: in.Q, Page: pageOf(in.PageQuery)})
			out := &listContentsOutput{}
			out.Body.List, out.Body.Types, out.Body.Categories = newList(l.Items, l.Next), l.Types, l.Categories
			return out, err
		})
	handle(a, Route{OperationID: "search-all-contents", Method: http.MethodGet, Path: "/contents/search", Permission: authz.ReviewContent,
		Summary: "Operators search every account's content by title and body (trigram index)"},
		func(ctx context.Context, in *searchContentsInput) (*contentsOutput, error) {
			l, err := c().FindContents(ctx, content.Filter{Q: in.Q, All: true, Page: pageOf(in.PageQuery)})
			return &contentsOutput{Body: newList(l.Items, l.Next)}, err
		})
	handle(a, Route{OperationID: "push-content", Method: http.MethodPost, Path: "/contents/{id}/push", Permission: authz.ManageContent,
		Summary: "Push published content to the follower feed, the subscription channel or the homepage"},
		func(ctx context.Context, in *pushInput) (*contentOutput, error) {
			ct, err := c().Push(ctx, in.ID, in.Body.Targets)
			return &contentOutput{Body: ct}, err
		})
	handle(a, Route{OperationID: "withdraw-content-push", Method: http.MethodPost, Path: "/contents/{id}/withdraw-push",
		Permission: authz.ManageContent, Summary: "Withdraw the pushes of a content to some targets, or to all"},
		func(ctx context.Context, in *withdrawPushInput) (*contentOutput, error) {
			var targets []string
			if in.Body != nil {
				targets = in.Body.Targets
			}
			ct, err := c().WithdrawPush(ctx, in.ID, targets)
			return &contentOutput{Body: ct}, err
		})
	for _, f := range []struct {
		path, flag string
		on         bool
	}{{"feature", "featured", true}, {"unfeature", "featured", false}, {"pin", "pinned", true}, {"unpin", "pinned", false}} {
		handle(a, Route{OperationID: f.path + "-content", Method: http.MethodPost, Path: "/contents/{id}/" + f.path,
			Permission: authz.ManageContent, Summary: "Mark published content " + f.flag + " (or take the mark away) on the homepage"},
			func(ctx context.Context, in *messageIDInput) (*contentOutput, error) {
				ct, err := c().SetFlag(ctx, in.ID, f.flag, f.on)
				return &contentOutput{Body: ct}, err
			})
	}
	handle(a, Route{OperationID: "withdraw-content", Method: http.MethodPost, Path: "/contents/{id}/withdraw",
		Permission: authz.ManageContent, Summary: "Take published content down; its pushes are withdrawn; it can be submitted again"},
		func(ctx context.Context, in *messageIDInput) (*contentOutput, error) {
			ct, err := c().Withdraw(ctx, in.ID)
			return &contentOutput{Body: ct}, err
		})
	handle(a, Route{OperationID: "delete-content", Method: http.MethodDelete, Path: "/contents/{id}", Permission: authz.DeleteContent,
		Summary: "Delete content (it can be restored from the trash for 30 days)", Status: http.StatusNoContent},
		func(ctx context.Context, in *messageIDInput) (*struct{}, error) {
			return &struct{}{}, c().DeleteContent(ctx, in.ID)
		})
	handle(a, Route{OperationID: "list-trash", Method: http.MethodGet, Path: "/contents/trash", Permission: authz.RestoreContent,
		Summary: "One's deleted content that can still be restored, with the days left, most recently deleted first"},
		func(ctx context.Context, in *PageQuery) (*trashOutput, error) {
			items, next, err := c().Trash(ctx, pageOf(*in))
			return &trashOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "restore-content", Method: http.MethodPost, Path: "/contents/{id}/restore",
		Permission: authz.RestoreContent, Summary: "Restore content deleted less than 30 days ago: one's own, or (reviewers) anyone's"},
		func(ctx context.Context, in *messageIDInput) (*contentOutput, error) {
			ct, err := c().RestoreContent(ctx, in.ID)
			return &contentOutput{Body: ct}, err
		})
	handle(a, Route{OperationID: "list-account-contents", Method: http.MethodGet, Path: "/accounts/{id}/contents",
		Permission: authz.ReadPublished, Summary: "An account's published content: pinned first, then featured, then newest"},
		func(ctx context.Context, in *accountContentsInput) (*publishedOutput, error) {
			items, next, err := c().FindPublished(ctx, in.ID, pageOf(in.PageQuery))
			return &publishedOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "read-published-content", Method: http.MethodGet, Path: "/contents/{id}/published",
		Permission: authz.ReadPublished, Summary: "A reader opens published content (counted as a view)"},
		func(ctx context.Context, in *idInput) (*readOutput, error) {
			p, err := c().ReadPublished(ctx, in.ID)
			return &readOutput{Body: p}, err
		})
	handle(a, Route{OperationID: "click-product", Method: http.MethodPost, Path: "/contents/{id}/product-clicks",
		Permission: authz.ReadPublished, Summary: "A reader clicks a product mounted in published content (counted)",
		Status: http.StatusNoContent},
		func(ctx context.Context, in *productClickInput) (*struct{}, error) {
			_, err := c().ClickProduct(ctx, in.ID, in.Body.ProductID)
			return nil, err
		})
}

type readOutput struct {
	Body content.Published
}

type productClickInput struct {
	ID   string `path:"id"`
	Body struct {
		ProductID string `json:"product_id"`
	}
}
