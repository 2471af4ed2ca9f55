package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/moderation"
)

type createContentInput struct {
	Body struct {
		Type string `json:"type" enum:"post,video,outfit,list,item"`
		content.Fields
	}
}

type contentOutput struct {
	Body content.Content
}

type updateContentInput struct {
	ID   string `path:"id"`
	Body struct {
		Version int `json:"version" doc:"the version the editor started from; another save since answers 409 with both texts kept"`
		content.Patch
	}
}

type versionsOutput struct {
	Body List[content.Version]
}

type restoreVersionInput struct {
	ID      string `path:"id"`
	Version int    `path:"version"`
}

type submitContentInput struct {
	ID   string `path:"id"`
	Body *struct {
		PublishAt *time.Time `json:"publish_at,omitempty" doc:"publish at this future time once approved"`
	}
}

type moderationRulesOutput struct {
	Body List[moderation.Rule]
}

type moderationRuleBody struct {
	Kind     string   `json:"kind" enum:"banned,sensitive,claim,contact,marketing"`
	Label    string   `json:"label"`
	Pattern  string   `json:"pattern" doc:"RE2 regular expression matched against folded text"`
	Severity string   `json:"severity" enum:"reject,review"`
	Scopes   []string `json:"scopes" enum:"profile,content,comment" doc:"the texts the rule applies to: creator names and bios (profile; such a rule must reject), content, comments"`
	Enabled  bool     `json:"enabled"`
}

func (b moderationRuleBody) rule(id string) moderation.Rule {
	return moderation.Rule{ID: id, Kind: b.Kind, Label: b.Label, Pattern: b.Pattern, Severity: b.Severity, Scopes: b.Scopes,
		Enabled: b.Enabled}
}

type moderationRuleInput struct {
	Body moderationRuleBody
}

type moderationRuleUpdateInput struct {
	ID   string `path:"id"`
	Body moderationRuleBody
}

type moderationRuleOutput struct {
	Body moderation.Rule
}

func (a *API) registerContents() {
	c := func() *content.Service { return a.deps.Contents }
	handle(a, Route{OperationID: "create-content", Method: http.MethodPost, Path: "/contents", Permission: authz.SaveDraft,
		Summary: "Start a draft of a type (version 1)", Status: http.StatusCreated, Idempotent: true},
		func(ctx context.Context, in *createContentInput) (*contentOutput, error) {
			ct, err := c().CreateContent(ctx, in.Body.Type, in.Body.Fields)
			return &contentOutput{Body: ct}, err
		})
	handle(a, Route{OperationID: "get-content", Method: http.MethodGet, Path: "/contents/{id}", Permission: authz.ReadContent,
		Summary: "One of my contents with its draft, status and findings"},
		func(ctx context.Context, in *messageIDInput) (*contentOutput, error) {
			ct, err := c().FindContentByID(ctx, in.ID)
			return &contentOutput{Body: ct}, err
		})
	handle(a, Route{OperationID: "update-content", Method: http.MethodPatch, Path: "/contents/{id}", Permission: authz.SaveDraft,
		Summary: "Save the draft (autosave); every save is a version; 409 when another save came first"},
		func(ctx context.Context, in *updateContentInput) (*contentOutput, error) {
			ct, err := c().UpdateContent(ctx, in.ID, in.Body.Version, in.Body.Patch)
			return &contentOutput{Body: ct}, err
		})
	handle(a, Route{OperationID: "list-content-versions", Method: http.MethodGet, Path: "/contents/{id}/versions",
		Permission: authz.ReadContent, Summary: "Every saved version, newest first"},
		func(ctx context.Context, in *messageIDInput) (*versionsOutput, error) {
			vs, err := c().FindVersions(ctx, in.ID)
			return &versionsOutput{Body: newList(vs, "")}, err
		})
	handle(a, Route{OperationID: "restore-content-version", Method: http.MethodPost, Path: "/contents/{id}/versions/{version}/restore",
		Permission: authz.SaveDraft, Summary: "Make an earlier version the draft again (as a new version)"},
		func(ctx context.Context, in *restoreVersionInput) (*contentOutput, error) {
			ct, err := c().RestoreVersion(ctx, in.ID, in.Version)
			return &contentOutput{Body: ct}, err
		})
	handle(a, Route{OperationID: "submit-content", Method: http.MethodPost, Path: "/contents/{id}/submit", Permission: authz.SaveDraft,
		Summary: "Submit for machine checks and review; needs certification and the type's capability; a rejecting finding answers 422 with its span"},
		func(ctx context.Context, in *submitContentInput) (*contentOutput, error) {
			var at *time.Time
			if in.Body != nil {
				at = in.Body.PublishAt
			}
			ct, err := c().Submit(ctx, in.ID, at)
			return &contentOutput{Body: ct}, err
		})
	m := func() *moderation.Service { return a.deps.Moderation }
	handle(a, Route{OperationID: "list-moderation-rules", Method: http.MethodGet, Path: "/moderation-rules",
		Permission: authz.ManageModeration, Summary: "Banned words, claim patterns and contact-detail patterns"},
		func(ctx context.Context, _ *struct{}) (*moderationRulesOutput, error) {
			rs, err := m().FindRules(ctx)
			return &moderationRulesOutput{Body: newList(rs, "")}, err
		})
	handle(a, Route{OperationID: "create-moderation-rule", Method: http.MethodPost, Path: "/moderation-rules",
		Permission: authz.ManageModeration, Summary: "Add a moderation rule", Status: http.StatusCreated},
		func(ctx context.Context, in *moderationRuleInput) (*moderationRuleOutput, error) {
			r, err := m().SaveRule(ctx, in.Body.rule(""))
			return &moderationRuleOutput{Body: r}, err
		})
	handle(a, Route{OperationID: "update-moderation-rule", Method: http.MethodPut, Path: "/moderation-rules/{id}",
		Permission: authz.ManageModeration, Summary: "Change a moderation rule (its history keeps every state)"},
		func(ctx context.Context, in *moderationRuleUpdateInput) (*moderationRuleOutput, error) {
			r, err := m().SaveRule(ctx, in.Body.rule(in.ID))
			return &moderationRuleOutput{Body: r}, err
		})
	handle(a, Route{OperationID: "moderation-rule-history", Method: http.MethodGet, Path: "/moderation-rules/{id}/history",
		Permission: authz.ManageModeration, Summary: "Every state a moderation rule had, newest first"},
		func(ctx context.Context, in *messageIDInput) (*moderationRulesOutput, error) {
			rs, err := m().FindRuleHistory(ctx, in.ID)
			return &moderationRulesOutput{Body: newList(rs, "")}, err
		})
}
