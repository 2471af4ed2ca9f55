package web_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestConsoleAnswersCarrySecurityHeaders checks a page, a redirect and a
// refusal of the console for the Content-Security-Policy and its company.
func TestConsoleAnswersCarrySecurityHeaders(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, testkit.Open(t, db.SQLite))
	for _, path := range []string{"/login", "/contents", "/c/missing", "/login?next=%00"} {
		w := env.Do(httptest.NewRequest("GET", path, nil))
		h := w.Header()
		if csp := h.Get("Content-Security-Policy"); csp == "" || !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("GET %s (%d): headers %v", path, w.Code, h)
		}
	}
}
