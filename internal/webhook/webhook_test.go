package webhook_test

import (
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/webhook"
)

// TestVerifyRefusesWhatWasNotSigned pins the receiver's check that the
// delivery tests rely on: a signature verifies only for its own body,
// secret and a send time within the tolerance.
func TestVerifyRefusesWhatWasNotSigned(t *testing.T) {
	t.Parallel()
	sent := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
	body := []byte(`{"version":1,"type":"ledger.posted"}`)
	header := webhook.Sign("s3cret", sent, body)
	for _, c := range []struct {
		why    string
		secret string
		header string
		body   []byte
		now    time.Time
		want   bool
	}{
		{"as signed", "s3cret", header, body, sent.Add(time.Minute), true},
		{"another body", "s3cret", header, []byte(`{"version":1,"type":"ledger.posted","amount":1}`), sent, false},
		{"another secret", "other", header, body, sent, false},
		{"sent too long ago", "s3cret", header, body, sent.Add(6 * time.Minute), false},
		{"no signature", "s3cret", "", body, sent, false},
		{"a signature of another delivery", "s3cret", webhook.Sign("s3cret", sent.Add(-time.Second), []byte("x")), body, sent, false},
	} {
		if got := webhook.Verify(c.secret, c.header, c.body, c.now, 5*time.Minute); got != c.want {
			t.Errorf("%s: Verify = %v, want %v", c.why, got, c.want)
		}
	}
}
