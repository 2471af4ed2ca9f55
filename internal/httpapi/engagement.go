package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
)

type commentInput struct {
	ID   string `path:"id"`
	Body struct {
		Body     string `json:"body"`
		ParentID string `json:"parent_id,omitempty" doc:"the comment this replies to"`
	}
}

type commentOutput struct {
	Body content.Comment
}

type commentsOutput struct {
	Body List[content.Comment]
}

type statsOutput struct {
	Body content.Stats
}

type shareOutput struct {
	Body content.Share
}

func (a *API) registerEngagement() {
	c := func() *content.Service { return a.deps.Contents }
	handle(a, Route{OperationID: "create-comment", Method: http.MethodPost, Path: "/contents/{id}/comments", Permission: authz.Comment,
		Summary: "Comment on published content or reply to a comment; the machine checks refuse or hold it", Status: http.StatusCreated},
		func(ctx context.Context, in *commentInput) (*commentOutput, error) {
			cm, err := c().AddComment(ctx, in.ID, in.Body.ParentID, in.Body.Body)
			return &commentOutput{Body: cm}, err
		})
	handle(a, Route{OperationID: "list-comments", Method: http.MethodGet, Path: "/contents/{id}/comments", Permission: authz.ReadPublished,
		Summary: "Comments, pinned first; the creator and operators also see held and hidden ones"},
		func(ctx context.Context, in *messageIDInput) (*commentsOutput, error) {
			items, err := c().FindComments(ctx, in.ID)
			return &commentsOutput{Body: newList(items, "")}, err
		})
	for _, action := range []string{"hide", "show", "pin", "unpin", "reward"} {
		handle(a, Route{OperationID: action + "-comment", Method: http.MethodPost, Path: "/comments/{id}/" + action,
			Permission: authz.ModerateComments, Summary: "The creator (or, to hide and show, an operator) " + action + "s a comment"},
			func(ctx context.Context, in *messageIDInput) (*commentOutput, error) {
				cm, err := c().ModerateComment(ctx, in.ID, action)
				return &commentOutput{Body: cm}, err
			})
	}
	for _, kind := range []string{content.ReactionLike, content.ReactionFavourite} {
		for method, on := range map[string]bool{http.MethodPut: true, http.MethodDelete: false} {
			verb := map[bool]string{true: "add", false: "remove"}[on]
			handle(a, Route{OperationID: verb + "-" + kind, Method: method, Path: "/contents/{id}/" + kind, Permission: authz.React,
				Summary: "My " + kind + " of published content (" + verb + "); answers the counts"},
				func(ctx context.Context, in *messageIDInput) (*statsOutput, error) {
					st, err := c().React(ctx, in.ID, kind, on)
					return &statsOutput{Body: st}, err
				})
		}
	}
	handle(a, Route{OperationID: "create-share", Method: http.MethodPost, Path: "/contents/{id}/shares", Permission: authz.React,
		Summary: "A share code and link for other platforms; clicks through it count for the content", Status: http.StatusCreated},
		func(ctx context.Context, in *messageIDInput) (*shareOutput, error) {
			sh, err := c().CreateShare(ctx, in.ID)
			return &shareOutput{Body: sh}, err
		})
	handle(a, Route{OperationID: "content-stats", Method: http.MethodGet, Path: "/contents/{id}/stats", Permission: authz.ReadStats,
		Summary: "Analyse: likes, favourites, comments, shares and share clicks so far"},
		func(ctx context.Context, in *messageIDInput) (*statsOutput, error) {
			st, err := c().FindStats(ctx, in.ID)
			return &statsOutput{Body: st}, err
		})
}
