package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// keyed sends a JSON (or, with a []byte, raw) body with an Idempotency-Key.
func (w *creatorWorld) keyed(method, path, token, key string, body any) testkit.Answer {
	header := http.Header{"Idempotency-Key": {key}, "Content-Type": {"application/json"}}
	raw, ok := body.([]byte)
	if ok {
		header.Set("Content-Type", "application/octet-stream")
	} else {
		var err error
		raw, err = json.Marshal(body)
		testkit.Must(w.t, err)
	}
	return w.send(method, path, token, header, raw)
}

// TestRetriedCreatesAreIdempotent: a retried POST with the same
// Idempotency-Key and body answers the first answer (same id, marked
// replayed) and makes nothing new, for drafts, sign-ups and uploads; the
// same key with another body is a conflict; keys are per caller; a refused
// request keeps no key; an expired key acts anew.
func TestRetriedCreatesAreIdempotent(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok, _ := w.signUp("ida")
		other, _ := w.signUp("ivo")
		draft := map[string]any{"type": "post", "title": "重试"}

		first := w.keyed("POST", "/api/v1/contents", tok, "k-1", draft)
		first.Expect(t, http.StatusCreated, "")
		again := w.keyed("POST", "/api/v1/contents", tok, "k-1", draft)
		again.Expect(t, http.StatusCreated, "")
		if again.String("id") != first.String("id") || again.Header.Get("Idempotent-Replayed") != "true" ||
			first.Header.Get("Idempotent-Replayed") != "" || !bytes.Equal(again.Raw, first.Raw) {
			t.Fatalf("retry answered %s (%v), first %s", again.Raw, again.Header, first.Raw)
		}
		w.keyed("POST", "/api/v1/contents", tok, "k-1", map[string]any{"type": "post", "title": "别的"}).Expect(t, http.StatusConflict, "conflict")
		if n := w.count("contents"); n != 1 {
			t.Fatalf("%d drafts after retries, want 1", n)
		}
		w.keyed("POST", "/api/v1/contents", other, "k-1", draft).Expect(t, http.StatusCreated, "") // another caller's key
		w.keyed("POST", "/api/v1/contents", tok, "k-2", map[string]any{"type": "poem"}).Expect(t, 422, "invalid", "type")
		w.keyed("POST", "/api/v1/contents", tok, "k-2", draft).Expect(t, http.StatusCreated, "") // the refusal kept nothing

		// Sign-up and upload.
		signUp := map[string]any{"email": "iris@example.com", "nickname": "iris", "password": good}
		u1, u2 := w.keyed("POST", "/api/v1/users", "", "s-1", signUp), w.keyed("POST", "/api/v1/users", "", "s-1", signUp)
		if u1.Status != http.StatusCreated || u2.Status != http.StatusCreated || u1.String("id") != u2.String("id") {
			t.Fatalf("sign-up retried: %s / %s", u1.Raw, u2.Raw)
		}
		m1, m2 := w.keyed("POST", "/api/v1/media?purpose=content", tok, "m-1", pngBytes), w.keyed("POST", "/api/v1/media?purpose=content", tok, "m-1", pngBytes)
		if m1.Status != http.StatusCreated || m1.String("id") != m2.String("id") || m2.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("upload retried: %s / %s", m1.Raw, m2.Raw)
		}
		w.keyed("POST", "/api/v1/media?purpose=avatar", tok, "m-1", pngBytes).Expect(t, http.StatusConflict, "conflict")
		if n := w.count("media"); n != 1 {
			t.Fatalf("%d uploads, want 1", n)
		}

		// After the key's life, the key is free again (and deleted).
		w.env.Clock.Advance(24*time.Hour + time.Second)
		w.keyed("POST", "/api/v1/contents", tok, "k-1", map[string]any{"type": "post", "title": "别的"}).Expect(t, http.StatusCreated, "")
		// Left: ivo's k-1, the anonymous s-1 and ida's new k-1; ida's
		// expired k-2 and m-1 went as she used a key.
		if n := w.count("idempotency_keys"); n != 3 {
			t.Fatalf("%d keys after expiry, want 3", n)
		}
	})
}

// TestConcurrentRetriesMakeOneDraft: requests with one key sent at once
// make exactly one draft; every one answers its id.
func TestConcurrentRetriesMakeOneDraft(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok, _ := w.signUp("cat")
		const n = 6
		ids := make([]string, n)
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				a := w.keyed("POST", "/api/v1/contents", tok, "same", map[string]any{"type": "post", "title": "并发"})
				ids[i], statuses[i] = a.String("id"), a.Status
			})
		}
		wg.Wait()
		for i := range n {
			if statuses[i] != http.StatusCreated || ids[i] != ids[0] {
				t.Fatalf("answers: %v %v", statuses, ids)
			}
		}
		if c := w.count("contents"); c != 1 {
			t.Fatalf("%d drafts from one key, want 1", c)
		}
	})
}
