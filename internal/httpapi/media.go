package httpapi

import (
	"bytes"
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/media"
)

type mediaInput struct {
	Purpose string `query:"purpose" enum:"avatar,document,content" required:"true"`
	RawBody []byte `contentType:"application/octet-stream"`
}

type mediaOutput struct {
	Body media.Media
}

func (a *API) registerMedia() {
	handle(a, Route{OperationID: "upload-media", Method: http.MethodPost, Path: "/media", Permission: authz.UploadMedia,
		Status: http.StatusCreated, MaxBody: a.deps.MaxUpload, Idempotent: true,
		Summary: "Upload an image, a video or a document (the body is the file); answers its id and URL"},
		func(ctx context.Context, in *mediaInput) (*mediaOutput, error) {
			m, err := a.deps.Media.Upload(ctx, in.Purpose, bytes.NewReader(in.RawBody))
			return &mediaOutput{Body: m}, err
		})
}
