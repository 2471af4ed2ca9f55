package httpx

import (
	"testing"

	"github.com/helio-platform/helio/internal/apperr"
)

func TestStatus(t *testing.T) {
	want := map[apperr.Code]int{apperr.Invalid: 422, apperr.Unauthenticated: 401, apperr.StepUpRequired: 401,
		apperr.Forbidden: 403, apperr.NotFound: 404, apperr.Conflict: 409, apperr.RateLimited: 429, apperr.TooLarge: 413,
		apperr.Internal: 500, apperr.Unavailable: 503, "bogus": 500}
	for c, s := range want {
		if got := Status(c); got != s {
			t.Errorf("Status(%s) = %d, want %d", c, got, s)
		}
	}
}
