// Package webhooktest is an integrator's endpoint for tests: it checks
// each delivery's Helio-Signature and keeps the events it accepted.
package webhooktest

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/helio-platform/helio/internal/webhook"
)

// Receiver is an http.Handler verifying deliveries under Secret at Now.
type Receiver struct {
	mu sync.Mutex
	// Secret is the subscription's signing secret.
	Secret string
	// Now is the receiver's clock (the test's fake clock).
	Now      func() time.Time
	accepted []map[string]any
	bad      int
}

// ServeHTTP answers 401 to a delivery whose signature does not verify and
// 200 to the others, keeping their decoded bodies.
func (rc *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var ev map[string]any
	if !webhook.Verify(rc.Secret, r.Header.Get(webhook.SignatureHeader), body, rc.Now(), 5*time.Minute) ||
		json.Unmarshal(body, &ev) != nil {
		rc.bad++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	rc.accepted = append(rc.accepted, ev)
}

// Events answers the accepted events of type eventType ("" for all), in
// the order they came.
func (rc *Receiver) Events(eventType string) []map[string]any {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []map[string]any
	for _, ev := range rc.accepted {
		if eventType == "" || ev["type"] == eventType {
			out = append(out, ev)
		}
	}
	return out
}

// Bad is how many deliveries failed the signature check.
func (rc *Receiver) Bad() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.bad
}
