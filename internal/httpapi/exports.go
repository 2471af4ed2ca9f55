package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/export"
)

type exportInput struct {
	Body export.ExportInput
}

type exportOutput struct {
	Body export.Export
}

type exportsOutput struct {
	Body List[export.Export]
}

func (a *API) registerExports() {
	s := func() *export.Service { return a.deps.Exports }
	handle(a, retrySafe(Route{OperationID: "create-export", Method: http.MethodPost, Path: "/exports",
		Permission: authz.CreateExport, Status: http.StatusAccepted,
		Summary: "Export my content with versions, comments, earnings and ledger lines, audit trail, task orders, or all of them, as CSV or JSON; answers the job"}),
		func(ctx context.Context, in *exportInput) (*exportOutput, error) {
			e, err := s().CreateExport(ctx, in.Body)
			return &exportOutput{Body: e}, err
		})
	handle(a, Route{OperationID: "list-exports", Method: http.MethodGet, Path: "/exports", Permission: authz.ReadExport,
		Summary: "My exports, newest first, with their progress"},
		func(ctx context.Context, in *PageQuery) (*exportsOutput, error) {
			items, next, err := s().FindExports(ctx, pageOf(*in))
			return &exportsOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "get-export", Method: http.MethodGet, Path: "/exports/{id}", Permission: authz.ReadExport,
		Summary: "An export's state and progress (done of total), and its file's address once done"},
		func(ctx context.Context, in *idInput) (*exportOutput, error) {
			e, err := s().FindExportByID(ctx, in.ID)
			return &exportOutput{Body: e}, err
		})
	handle(a, Route{OperationID: "download-export", Method: http.MethodGet, Path: "/exports/{id}/file", Permission: authz.ReadExport,
		Summary: "Download a finished export's file (CSV with a byte-order mark, or JSON), streamed"},
		func(ctx context.Context, in *idInput) (*huma.StreamResponse, error) {
			e, err := s().FindFile(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &huma.StreamResponse{Body: func(hctx huma.Context) {
				hctx.SetHeader("Content-Type", e.ContentType())
				hctx.SetHeader("Content-Disposition", `attachment; filename="`+e.FileName()+`"`)
				hctx.SetHeader("Cache-Control", "private, no-store")
				if err := s().CopyFile(hctx.Context(), e, hctx.BodyWriter()); err != nil {
					a.deps.Logger.ErrorContext(hctx.Context(), "stream export", "export", e.ID, "err", err)
				}
			}}, nil
		})
}
