package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creative"
)

type topicsOutput struct {
	Body struct {
		Items []creative.Topic `json:"items"`
	}
}

type topicOutput struct{ Body creative.Topic }

type topicInput struct{ Body creative.TopicInput }

type topicPatchInput struct {
	ID   string `path:"id"`
	Body creative.TopicInput
}

type rankingInput struct {
	Kind   string `query:"kind" enum:"content,creator" doc:"content (default) or creator"`
	Period string `query:"period" enum:"day,week" doc:"day (default: since the platform's midnight) or week (the last 7 days)"`
	Limit  int    `query:"limit" doc:"places, 1 to 100 (default 20)"`
}

type rankingOutput struct{ Body creative.Ranking }

type personasOutput struct {
	Body struct {
		Items []creative.Persona `json:"items"`
	}
}

type personaOutput struct{ Body creative.Persona }

type personaInput struct{ Body creative.PersonaInput }

type personaPatchInput struct {
	ID   string `path:"id"`
	Body creative.PersonaInput
}

type draftOutput struct{ Body content.Content }

type insightVersionsOutput struct {
	Body struct {
		Items []creative.InsightVersion `json:"items"`
	}
}

func (a *API) registerInsights() {
	c := func() *creative.Service { return a.deps.Creative }
	topic := func(t creative.Topic) *topicOutput { return &topicOutput{Body: t} }
	persona := func(p creative.Persona) *personaOutput { return &personaOutput{Body: p} }
	draft := func(d content.Content) *draftOutput { return &draftOutput{Body: d} }
	handle(a, Route{OperationID: "list-hot-topics", Method: http.MethodGet, Path: "/insights/hot-topics", Permission: authz.ReadInsights,
		Summary: "Hot topics ranked by their heat index over the window (docs/creative.md)"},
		func(ctx context.Context, _ *struct{}) (*topicsOutput, error) {
			items, err := c().FindTopics(ctx)
			return result(items, err, func(items []creative.Topic) *topicsOutput {
				out := &topicsOutput{}
				out.Body.Items = items
				return out
			})
		})
	handle(a, Route{OperationID: "create-hot-topic", Method: http.MethodPost, Path: "/insights/hot-topics", Permission: authz.ManageInsights,
		Summary: "Create a hot topic (version 1)", Status: http.StatusCreated, Idempotent: true},
		func(ctx context.Context, in *topicInput) (*topicOutput, error) {
			t, err := c().CreateTopic(ctx, in.Body)
			return result(t, err, topic)
		})
	handle(a, Route{OperationID: "update-hot-topic", Method: http.MethodPatch, Path: "/insights/hot-topics/{id}", Permission: authz.ManageInsights,
		Summary: "Save a new version of a hot topic"},
		func(ctx context.Context, in *topicPatchInput) (*topicOutput, error) {
			t, err := c().UpdateTopic(ctx, in.ID, in.Body)
			return result(t, err, topic)
		})
	handle(a, Route{OperationID: "create-draft-for-topic", Method: http.MethodPost, Path: "/insights/hot-topics/{id}/drafts",
		Permission: authz.CreateForAudience, Summary: "Create for it: a draft titled with the topic's hashtag", Status: http.StatusCreated, Idempotent: true},
		func(ctx context.Context, in *messageIDInput) (*draftOutput, error) {
			d, err := c().CreateDraftFor(ctx, "topic", in.ID)
			return result(d, err, draft)
		})
	handle(a, Route{OperationID: "get-ranking", Method: http.MethodGet, Path: "/insights/rankings", Permission: authz.ReadInsights,
		Summary: "Top contents or creators by engagement today or this week"},
		func(ctx context.Context, in *rankingInput) (*rankingOutput, error) {
			r, err := c().FindRanking(ctx, in.Kind, in.Period, in.Limit)
			return result(r, err, func(r creative.Ranking) *rankingOutput { return &rankingOutput{Body: r} })
		})
	handle(a, Route{OperationID: "list-personas", Method: http.MethodGet, Path: "/insights/personas", Permission: authz.ReadInsights,
		Summary: "Audience personas, each with the share of my fans it covers"},
		func(ctx context.Context, _ *struct{}) (*personasOutput, error) {
			items, err := c().FindPersonas(ctx)
			return result(items, err, func(items []creative.Persona) *personasOutput {
				out := &personasOutput{}
				out.Body.Items = items
				return out
			})
		})
	handle(a, Route{OperationID: "get-persona", Method: http.MethodGet, Path: "/insights/personas/{id}", Permission: authz.ReadInsights,
		Summary: "A persona with its coverage of my fans"},
		func(ctx context.Context, in *messageIDInput) (*personaOutput, error) {
			p, err := c().FindPersonaByID(ctx, in.ID)
			return result(p, err, persona)
		})
	handle(a, Route{OperationID: "create-persona", Method: http.MethodPost, Path: "/insights/personas", Permission: authz.ManageInsights,
		Summary: "Create an audience persona (version 1)", Status: http.StatusCreated, Idempotent: true},
		func(ctx context.Context, in *personaInput) (*personaOutput, error) {
			p, err := c().CreatePersona(ctx, in.Body)
			return result(p, err, persona)
		})
	handle(a, Route{OperationID: "update-persona", Method: http.MethodPatch, Path: "/insights/personas/{id}", Permission: authz.ManageInsights,
		Summary: "Save a new version of an audience persona"},
		func(ctx context.Context, in *personaPatchInput) (*personaOutput, error) {
			p, err := c().UpdatePersona(ctx, in.ID, in.Body)
			return result(p, err, persona)
		})
	for _, kind := range []struct{ name, path string }{{"topic", "hot-topics"}, {"persona", "personas"}} {
		handle(a, Route{OperationID: "list-" + kind.name + "-versions", Method: http.MethodGet, Path: "/insights/" + kind.path + "/{id}/versions",
			Permission: authz.ManageInsights, Summary: "Every saved version of a " + kind.name + ", newest first"},
			func(ctx context.Context, in *messageIDInput) (*insightVersionsOutput, error) {
				v, err := c().FindVersions(ctx, kind.name, in.ID)
				return result(v, err, func(v []creative.InsightVersion) *insightVersionsOutput {
					out := &insightVersionsOutput{}
					out.Body.Items = v
					return out
				})
			})
	}
	handle(a, Route{OperationID: "create-draft-for-persona", Method: http.MethodPost, Path: "/insights/personas/{id}/drafts",
		Permission: authz.CreateForAudience, Summary: "Create for them: a draft in the persona's category", Status: http.StatusCreated, Idempotent: true},
		func(ctx context.Context, in *messageIDInput) (*draftOutput, error) {
			d, err := c().CreateDraftFor(ctx, "persona", in.ID)
			return result(d, err, draft)
		})
}
