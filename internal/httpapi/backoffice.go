package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
)

// Overview is the back office's first page: platform counts.
type Overview struct {
	Users int       `json:"users"`
	Jobs  JobCounts `json:"jobs"`
}

// JobCounts tells how the job queue stands.
type JobCounts struct {
	Queued  int `json:"queued"`
	Running int `json:"running"`
	Failed  int `json:"failed"`
}

type overviewOutput struct {
	Body Overview
}

type auditInput struct {
	PageQuery
	Owner  string `query:"owner" doc:"account whose trail to read (operators only)"`
	Actor  string `query:"actor" doc:"who acted"`
	Action string `query:"action" doc:"such as session.login"`
	From   string `query:"from" doc:"RFC 3339 time, inclusive"`
	To     string `query:"to" doc:"RFC 3339 time, exclusive"`
}

type auditOutput struct {
	Body List[audit.Event]
}

func (a *API) registerBackoffice() {
	handle(a, Route{OperationID: "backoffice-overview", Method: http.MethodGet, Path: "/backoffice/overview",
		Permission: authz.ViewBackoffice, Summary: "Platform counts for operators"},
		func(ctx context.Context, _ *struct{}) (*overviewOutput, error) {
			users, err := a.deps.Accounts.Count(ctx)
			if err != nil {
				return nil, err
			}
			q, r, f, err := a.deps.Jobs.Depth(ctx)
			if err != nil {
				return nil, apperr.Wrap(err, "job depth")
			}
			return &overviewOutput{Body: Overview{Users: users, Jobs: JobCounts{Queued: q, Running: r, Failed: f}}}, nil
		})
	handle(a, Route{OperationID: "list-audit-events", Method: http.MethodGet, Path: "/audit-events",
		Permission: authz.ReadOwnAudit, Summary: "The audit trail: one's own, or every account's for operators"},
		func(ctx context.Context, in *auditInput) (*auditOutput, error) {
			f := audit.Filter{OwnerID: in.Owner, ActorID: in.Actor, Action: in.Action,
				Page: pageOf(in.PageQuery)}
			var v apperr.Validation
			f.From = parseTime(&v, "from", in.From)
			f.To = parseTime(&v, "to", in.To)
			if err := v.Err(); err != nil {
				return nil, err
			}
			items, next, err := a.deps.Audit.Search(ctx, f)
			if err != nil {
				return nil, err
			}
			return &auditOutput{Body: newList(items, next)}, nil
		})
}

func parseTime(v *apperr.Validation, field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		v.Reject(field, "must be an RFC 3339 time such as 2026-03-01T00:00:00Z")
	}
	return t.UTC()
}
