// Package webhook sends the platform's events to integrators' endpoints
// (API.md): a subscription names an HTTPS address and the event types it
// wants; every event it wants becomes a delivery, POSTed as JSON
// {"id","type","version","created_at","data"} with the header
// Helio-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body"> under the
// subscription's secret, retried with backoff until the endpoint answers
// 2xx. Each delivery keeps its attempts and can be replayed; every attempt
// and replay sends the same body, so receivers drop duplicates by id.
//
// Events come from the message centre (every notification, in its
// transaction) and from any domain through Emit.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/notify"
)

// Version is the version of the delivery body's shape.
const Version = 1

// SignatureHeader carries a delivery's signature.
const SignatureHeader = "Helio-Signature"

// Domain events that are not notifications, emitted by their domains in
// the transaction of the change (docs/webhooks.md describes their data).
const (
	// EventLedgerPosted is a commission order event (paid, refunded,
	// cancelled) posted to the ledger.
	EventLedgerPosted = "ledger.posted"
	// EventSettlementFinished is a finished settlement run's totals for
	// one creator.
	EventSettlementFinished = "settlement.finished"
	// EventTaskTransitioned is a task order reaching a new state.
	EventTaskTransitioned = "task.transitioned"
)

// EventTypes are the events a subscription may ask for: the message
// centre's kinds of notification (reviews, levels, log-in alerts,
// restrictions, appeals, exports), then the domain events.
var EventTypes = append(slices.Clip(notify.Kinds), EventLedgerPosted, EventSettlementFinished, EventTaskTransitioned)

// Scopes of a subscription: an integrator's receives every account's
// events, anyone else's only its own.
const (
	ScopeAll = "all"
	ScopeOwn = "own"
)

// Delivery states.
const (
	StatePending   = "pending"
	StateDelivered = "delivered"
	StateFailed    = "failed"
)

// Subscription is an endpoint and the events it wants.
type Subscription struct {
	ID         string    `json:"id"`
	Owner      string    `json:"owner_id"`
	URL        string    `json:"url"`
	EventTypes []string  `json:"event_types"`
	Scope      string    `json:"scope" enum:"all,own"`
	Active     bool      `json:"active"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	// Secret signs the deliveries; it is shown once, when created.
	Secret string `json:"secret,omitempty"`
}

// OwnerID makes a subscription an authz.Object of its owner.
func (s Subscription) OwnerID() string { return s.Owner }

// SubscriptionInput creates or changes a subscription; on a change, what
// is left out stays as it is.
type SubscriptionInput struct {
	URL        *string   `json:"url,omitempty" doc:"https address (http only for localhost)"`
	EventTypes *[]string `json:"event_types,omitempty"`
	Active     *bool     `json:"active,omitempty"`
}

func (in SubscriptionInput) validate(creating bool) error {
	var v apperr.Validation
	if in.URL != nil || creating {
		u := ""
		if in.URL != nil {
			u = strings.TrimSpace(*in.URL)
		}
		p, err := url.Parse(u)
		local := err == nil && (p.Hostname() == "localhost" || p.Hostname() == "127.0.0.1")
		if err != nil || p.Host == "" || !(p.Scheme == "https" || p.Scheme == "http" && local) || len(u) > 500 {
			v.Reject("url", "must be an https address such as https://example.com/hooks")
		}
	}
	if in.EventTypes != nil || creating {
		if in.EventTypes == nil || len(*in.EventTypes) == 0 {
			v.Reject("event_types", "choose at least one event type")
		} else {
			for _, t := range *in.EventTypes {
				if !slices.Contains(EventTypes, t) {
					v.Reject("event_types", "%s is not an event type", t)
					break
				}
			}
		}
	}
	return v.Err()
}

// Delivery is one event sent to one subscription, with its attempts.
type Delivery struct {
	ID             string          `json:"id"`
	SubscriptionID string          `json:"subscription_id"`
	EventID        string          `json:"event_id"`
	EventType      string          `json:"event_type"`
	State          string          `json:"state" enum:"pending,delivered,failed"`
	Attempts       []Attempt       `json:"attempts"`
	Body           json.RawMessage `json:"body"`
	CreatedAt      time.Time       `json:"created_at"`
	DeliveredAt    *time.Time      `json:"delivered_at"`
	owner          string
}

// OwnerID makes a delivery an authz.Object of its subscription's owner.
func (d Delivery) OwnerID() string { return d.owner }

// Attempt is one POST of a delivery and the receiver's answer.
type Attempt struct {
	At         time.Time `json:"at"`
	StatusCode int       `json:"status_code" doc:"0 when no answer came"`
	Error      string    `json:"error,omitempty"`
	Replay     bool      `json:"replay"`
}

// Sign returns the Helio-Signature value of body sent at t under secret.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether header is a valid signature of body under secret
// made within tolerance of now: what a receiver checks.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) bool {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, val, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			ts = val
		case "v1":
			sig = val
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return false
	}
	at := time.Unix(sec, 0)
	if now.Sub(at) > tolerance || at.Sub(now) > tolerance {
		return false
	}
	want := Sign(secret, at, body)
	return hmac.Equal([]byte(want), []byte("t="+ts+",v1="+sig))
}
