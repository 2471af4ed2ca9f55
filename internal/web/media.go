package web

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/helio-platform/helio/internal/httpx"
	"github.com/helio-platform/helio/internal/media"
)

// serveMedia answers an uploaded file with its sniffed content type. A file
// never changes under its id, so public files are cached for a year;
// certification documents are private and never cached.
func (c *Console) serveMedia(w http.ResponseWriter, r *http.Request) {
	c.sendMedia(w, r, c.deps.Media.Open)
}

// serveThumbnail answers the thumbnail of a content image.
func (c *Console) serveThumbnail(w http.ResponseWriter, r *http.Request) {
	c.sendMedia(w, r, c.deps.Media.OpenThumbnail)
}

// sendMedia writes the file open finds for the request's id.
func (c *Console) sendMedia(w http.ResponseWriter, r *http.Request,
	open func(ctx context.Context, id string) (media.Media, io.ReadCloser, error)) {
	m, rc, err := open(r.Context(), r.PathValue("id"))
	if err != nil {
		pr := httpx.ProblemOf(r.Context(), err)
		http.Error(w, pr.Message, pr.Status)
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", m.ContentType)
	if m.Size >= 0 {
		w.Header().Set("Content-Length", strconv.FormatInt(m.Size, 10))
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "sandbox")
	if m.Public() {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	_, _ = io.Copy(w, rc)
}
