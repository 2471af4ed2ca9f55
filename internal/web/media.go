package web

import (
	"io"
	"net/http"
	"strconv"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/i18n"
)

// serveMedia answers an uploaded file with its sniffed content type. A file
// never changes under its id, so public files are cached for a year;
// certification documents are private and never cached.
func (c *Console) serveMedia(w http.ResponseWriter, r *http.Request) {
	m, rc, err := c.deps.Media.Open(r.Context(), r.PathValue("id"))
	if err != nil {
		e := apperr.From(err)
		http.Error(w, e.MessageIn(i18n.FromContext(r.Context())), apperr.HTTPStatus(e.Code))
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", m.ContentType)
	w.Header().Set("Content-Length", strconv.FormatInt(m.Size, 10))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "sandbox")
	if m.Public() {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	_, _ = io.Copy(w, rc)
}
