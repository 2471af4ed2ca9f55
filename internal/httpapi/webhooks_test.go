package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
	"github.com/helio-platform/helio/internal/webhook"
)

// webhookMatrix is the permission matrix of the webhook routes.
var webhookMatrix = map[string]string{
	"GET /api/v1/webhooks":                         "L...DDDDDDDDGDD..D",
	"POST /api/v1/webhooks":                        "L...DDDDDDDDGDD..D",
	"PATCH /api/v1/webhooks/{id}":                  "L...DDDDDDDDGDD..D",
	"DELETE /api/v1/webhooks/{id}":                 "L...DDDDDDDDGDD..D",
	"GET /api/v1/webhooks/{id}/deliveries":         "L...DDDDDDDDGDD..D",
	"POST /api/v1/webhooks/deliveries/{id}/replay": "L...DDDDDDDDGDD..D",
}

func init() { maps.Copy(matrix, webhookMatrix) }

// receiver is an integrator's endpoint: it verifies each delivery's
// signature with the subscription's secret, answers the statuses it is
// given in turn (then 200) and keeps the event ids it accepted.
type receiver struct {
	mu       sync.Mutex
	secret   string
	answers  []int
	accepted []map[string]any
	bad      int
	now      func() time.Time
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if !webhook.Verify(rc.secret, r.Header.Get(webhook.SignatureHeader), body, rc.now(), 5*time.Minute) {
		rc.bad++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if len(rc.answers) > 0 {
		status := rc.answers[0]
		rc.answers = rc.answers[1:]
		w.WriteHeader(status)
		return
	}
	var ev map[string]any
	_ = json.Unmarshal(body, &ev)
	rc.accepted = append(rc.accepted, ev)
}

// TestWebhookSignedRetriedReplayedNeverTwice: a creator subscribes to
// restrictions; the operator's restriction is delivered signed, retried
// after the receiver's 500 until it answers 200; a second worker taking
// the job over sends nothing more; a replay sends the same event id again;
// every attempt is listed; another account cannot see the deliveries.
func TestWebhookSignedRetriedReplayedNeverTwice(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		leo, _ := w.signUp("leo")
		other, _ := w.signUp("noah")
		rc := &receiver{answers: []int{500}, now: w.env.Clock.Now}
		srv := httptest.NewServer(rc)
		defer srv.Close()

		w.call("POST", "/api/v1/webhooks", leo, map[string]any{"url": "ftp://example.com", "event_types": []string{"nope"}}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "event_types", "url")
		sub := w.call("POST", "/api/v1/webhooks", leo, map[string]any{"url": srv.URL + "/hooks",
			"event_types": []string{"restriction.created", "restriction.lifted"}})
		sub.Expect(t, http.StatusCreated, "")
		rc.secret = sub.String("secret")
		if sub.String("scope") != "own" || len(rc.secret) < 20 {
			t.Fatalf("subscription: %s", sub.Raw)
		}
		if list := w.call("GET", "/api/v1/webhooks", leo, nil); len(list.Body["items"].([]any)) != 1 ||
			list.Body["items"].([]any)[0].(map[string]any)["secret"] != nil {
			t.Fatalf("the list shows the secret: %s", list.Raw)
		}

		w.call("POST", "/api/v1/restrictions", w.ops, map[string]any{"account_id": "leo", "kind": "publish", "reason": "刷量"}).
			Expect(t, http.StatusCreated, "")
		w.env.DrainJobs(t)
		w.env.Clock.Advance(time.Minute)
		w.env.DrainJobs(t)
		if len(rc.accepted) != 1 || rc.bad != 0 {
			t.Fatalf("accepted %d, bad signatures %d", len(rc.accepted), rc.bad)
		}
		ev := rc.accepted[0]
		if ev["type"] != "restriction.created" || ev["version"] != float64(1) || ev["data"].(map[string]any)["title"] == "" {
			t.Fatalf("event: %v", ev)
		}
		path := "/api/v1/webhooks/" + sub.String("id") + "/deliveries"
		ds := w.call("GET", path, leo, nil)
		items := ds.Body["items"].([]any)
		dv := items[0].(map[string]any)
		attempts := dv["attempts"].([]any)
		if len(items) != 1 || dv["state"] != "delivered" || len(attempts) != 2 ||
			attempts[0].(map[string]any)["status_code"] != float64(500) || attempts[1].(map[string]any)["status_code"] != float64(200) {
			t.Fatalf("deliveries: %s", ds.Raw)
		}

		// A worker taking over the delivery's job after the first recorded
		// its success sends nothing.
		_, err := w.env.Jobs.Enqueue(context.Background(), webhook.DeliverKind, map[string]string{"delivery_id": dv["id"].(string)})
		testkit.Must(t, err)
		w.env.DrainJobs(t)
		if len(rc.accepted) != 1 {
			t.Fatalf("delivered twice: %d", len(rc.accepted))
		}

		w.call("GET", path, other, nil).Expect(t, http.StatusNotFound, "not_found")
		w.call("POST", "/api/v1/webhooks/deliveries/"+dv["id"].(string)+"/replay", other, nil).Expect(t, http.StatusNotFound, "not_found")
		w.call("POST", "/api/v1/webhooks/deliveries/"+dv["id"].(string)+"/replay", leo, nil).Expect(t, http.StatusAccepted, "")
		w.env.DrainJobs(t)
		if len(rc.accepted) != 2 || rc.accepted[1]["id"] != ev["id"] {
			t.Fatalf("replay: %v", rc.accepted)
		}
		ds = w.call("GET", path, leo, nil)
		attempts = ds.Body["items"].([]any)[0].(map[string]any)["attempts"].([]any)
		if len(attempts) != 3 || attempts[2].(map[string]any)["replay"] != true {
			t.Fatalf("attempts after the replay: %s", ds.Raw)
		}

		w.call("PATCH", "/api/v1/webhooks/"+sub.String("id"), leo, map[string]any{"active": false}).Expect(t, http.StatusOK, "")
		w.call("DELETE", "/api/v1/webhooks/"+sub.String("id"), other, nil).Expect(t, http.StatusNotFound, "not_found")
		w.call("DELETE", "/api/v1/webhooks/"+sub.String("id"), leo, nil).Expect(t, http.StatusNoContent, "")
	})
}
