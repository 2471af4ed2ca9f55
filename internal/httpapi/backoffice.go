package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/export"
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

// AuditQuery selects audit events (API.md's filters).
type AuditQuery struct {
	Owner      string `query:"owner" doc:"account whose trail to read (operators only)"`
	Actor      string `query:"actor" doc:"who acted"`
	SubAccount string `query:"sub_account" doc:"which sub-account acted"`
	Action     string `query:"action" doc:"such as session.login"`
	Object     string `query:"object" doc:"the id of the object acted on"`
	From       string `query:"from" doc:"RFC 3339 time or date (YYYY-MM-DD), inclusive"`
	To         string `query:"to" doc:"RFC 3339 time (exclusive) or date (inclusive)"`
}

// Filter validates the query into an audit filter.
func (q AuditQuery) Filter() (audit.Filter, error) { return audit.Query(q).Filter() }

type auditInput struct {
	PageQuery
	AuditQuery
}

type auditCSVInput struct {
	AuditQuery
}

// auditExportOutput points to the audit export job the audit CSV started.
type auditExportOutput struct {
	Location string `header:"Location"`
	Body     export.Export
}

type csvOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
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
			f, err := in.Filter()
			if err != nil {
				return nil, err
			}
			f.Page = pageOf(in.PageQuery)
			items, next, err := a.deps.Audit.Search(ctx, f)
			if err != nil {
				return nil, err
			}
			return &auditOutput{Body: newList(items, next)}, nil
		})
	handle(a, Route{OperationID: "export-audit-events", Method: http.MethodGet, Path: "/audit-events.csv",
		Permission: authz.ReadOwnAudit, Status: http.StatusSeeOther,
		Summary: "The audit trail as CSV (same filters, newest first): starts an audit export job and points to it (its file once done)"},
		func(ctx context.Context, in *auditCSVInput) (*auditExportOutput, error) {
			e, err := a.deps.Exports.CreateAuditExport(ctx, audit.Query(in.AuditQuery))
			if err != nil {
				return nil, err
			}
			return &auditExportOutput{Location: "/api/v1/exports/" + e.ID, Body: e}, nil
		})
}
