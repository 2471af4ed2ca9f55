package webhook

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/jobs"
)

// DeliverKind is the job that POSTs one delivery.
const DeliverKind = "webhook.deliver"

// maxAttempts bounds the retries of one delivery (with the queue's
// doubling backoff, capped at an hour, about a day of trying).
const maxAttempts = 30

// Poster sends one POST and answers the receiver's status: the app's HTTP
// client (domain packages use no HTTP).
type Poster interface {
	Post(ctx context.Context, url string, body []byte, headers map[string]string) (status int, err error)
}

// Service holds the webhook use cases and delivers.
type Service struct {
	db     *db.DB
	audit  *audit.Log
	jobs   *jobs.Queue
	clock  clock.Clock
	poster Poster
	store  store
}

// NewService wires the webhook use cases and registers delivery on q.
func NewService(d *db.DB, a *audit.Log, q *jobs.Queue, c clock.Clock, p Poster) *Service {
	s := &Service{db: d, audit: a, jobs: q, clock: c, poster: p, store: store{db: d}}
	q.Handle(DeliverKind, s.deliver)
	return s
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// CreateSubscription subscribes an endpoint; the answer carries the secret
// its deliveries are signed with, shown this once.
func (s *Service) CreateSubscription(ctx context.Context, in SubscriptionInput) (Subscription, error) {
	if err := authz.CheckCtx(ctx, authz.ManageWebhooks, nil); err != nil {
		return Subscription{}, err
	}
	if err := in.validate(true); err != nil {
		return Subscription{}, err
	}
	a, now := authz.ActorFrom(ctx), s.clock.Now()
	sub := Subscription{ID: newID(), Owner: a.UserID, URL: *in.URL, EventTypes: *in.EventTypes, Scope: ScopeOwn, Active: true,
		CreatedAt: now, UpdatedAt: now, Secret: "whsec_" + rand.Text()}
	if a.HasRole(authz.RoleIntegrator) {
		sub.Scope = ScopeAll
	}
	if in.Active != nil {
		sub.Active = *in.Active
	}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createSubscription(ctx, sub); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: sub.Owner, Action: "webhook.create", ObjectType: "webhook",
			ObjectID: sub.ID, Summary: sub.URL})
	})
	return sub, err
}

// own returns one of the actor's subscriptions, without its secret.
func (s *Service) own(ctx context.Context, p authz.Permission, id string) (Subscription, error) {
	sub, err := s.store.findSubscription(ctx, id)
	if err != nil {
		return Subscription{}, err
	}
	if err := authz.CheckCtx(ctx, p, sub); err != nil {
		return Subscription{}, err
	}
	sub.Secret = ""
	return sub, nil
}

// FindSubscriptions lists the actor's subscriptions.
func (s *Service) FindSubscriptions(ctx context.Context) ([]Subscription, error) {
	if err := authz.CheckCtx(ctx, authz.ReadWebhooks, nil); err != nil {
		return nil, err
	}
	var w db.Where
	w.Add("owner_id = ?", authz.ActorFrom(ctx).UserID)
	subs, err := s.store.findSubscriptions(ctx, w)
	for i := range subs {
		subs[i].Secret = ""
	}
	return subs, err
}

// UpdateSubscription changes an endpoint, its event types or pauses it.
func (s *Service) UpdateSubscription(ctx context.Context, id string, in SubscriptionInput) (Subscription, error) {
	if err := authz.CheckCtx(ctx, authz.ManageWebhooks, nil); err != nil {
		return Subscription{}, err
	}
	if err := in.validate(false); err != nil {
		return Subscription{}, err
	}
	var out Subscription
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		sub, err := s.own(ctx, authz.ManageWebhooks, id)
		if err != nil {
			return err
		}
		if in.URL != nil {
			sub.URL = *in.URL
		}
		if in.EventTypes != nil {
			sub.EventTypes = *in.EventTypes
		}
		if in.Active != nil {
			sub.Active = *in.Active
		}
		sub.UpdatedAt = s.clock.Now()
		if err := s.store.updateSubscription(ctx, sub); err != nil {
			return err
		}
		out = sub
		return s.audit.Record(ctx, audit.Event{OwnerID: sub.Owner, Action: "webhook.update", ObjectType: "webhook",
			ObjectID: sub.ID, Summary: fmt.Sprintf("%s active=%v", sub.URL, sub.Active)})
	})
	return out, err
}

// DeleteSubscription removes an endpoint with its deliveries.
func (s *Service) DeleteSubscription(ctx context.Context, id string) error {
	if err := authz.CheckCtx(ctx, authz.ManageWebhooks, nil); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		sub, err := s.own(ctx, authz.ManageWebhooks, id)
		if err != nil {
			return err
		}
		if err := s.store.deleteSubscription(ctx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: sub.Owner, Action: "webhook.delete", ObjectType: "webhook",
			ObjectID: sub.ID, Summary: sub.URL})
	})
}

// FindDeliveries lists a subscription's deliveries newest first, each with
// its attempts.
func (s *Service) FindDeliveries(ctx context.Context, id string, page db.Page) ([]Delivery, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadWebhooks, nil); err != nil {
		return nil, "", err
	}
	if _, err := s.own(ctx, authz.ReadWebhooks, id); err != nil {
		return nil, "", err
	}
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	var w db.Where
	w.Add("d.subscription_id = ?", id)
	if !after.IsZero() {
		w.Keyset("d.created_at, d.id", "<", after.Time, after.ID)
	}
	ds, err := s.store.findDeliveries(ctx, w, limit)
	if err != nil {
		return nil, "", err
	}
	ds, next := db.Trim(ds, limit, func(d Delivery) (time.Time, string) { return d.CreatedAt, d.ID })
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	attempts, err := s.store.findAttempts(ctx, ids)
	for i := range ds {
		ds[i].Attempts = append([]Attempt{}, attempts[ds[i].ID]...)
	}
	return ds, next, err
}

// Replay sends a delivery again, with the same body (and event id).
func (s *Service) Replay(ctx context.Context, deliveryID string) (Delivery, error) {
	if err := authz.CheckCtx(ctx, authz.ManageWebhooks, nil); err != nil {
		return Delivery{}, err
	}
	var out Delivery
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		d, err := s.store.findDelivery(ctx, deliveryID)
		if err == nil {
			err = authz.CheckCtx(ctx, authz.ManageWebhooks, d)
		}
		if err != nil {
			return err
		}
		if _, err := s.jobs.Enqueue(ctx, DeliverKind, deliverJob{DeliveryID: d.ID, Replay: newID()},
			jobs.MaxAttempts(maxAttempts)); err != nil {
			return apperr.Wrap(err, "queue webhook replay")
		}
		out = d
		return s.audit.Record(ctx, audit.Event{OwnerID: d.owner, Action: "webhook.replay", ObjectType: "webhook_delivery",
			ObjectID: d.ID, Summary: d.EventType})
	})
	return out, err
}

// deliverJob is the payload of a DeliverKind job; a replay carries its own
// id, so that it sends even a delivery already delivered.
type deliverJob struct {
	DeliveryID string `json:"delivery_id"`
	Replay     string `json:"replay,omitempty"`
}

// Notified implements notify.Listener: every notification is an event of
// its kind about its account.
func (s *Service) Notified(ctx context.Context, userID, kind, title, body string) error {
	return s.Emit(ctx, userID, kind, map[string]string{"account_id": userID, "title": title, "body": body})
}

// Emit hands an event about an account to every active subscription that
// wants its type (the account's own and integrators'), in the caller's
// transaction: a delivery exists exactly when its event does.
func (s *Service) Emit(ctx context.Context, accountID, eventType string, data any) error {
	return s.EmitAll(ctx, []string{accountID}, eventType, data)
}

// PrefetchSubscriptions reads in ctx's transaction, in one query per kind,
// the subscriptions that events about accounts may go to, so that Emits
// about them later in the transaction ask nothing more (a batch of order
// events tells its creators' postings).
func (s *Service) PrefetchSubscriptions(ctx context.Context, accountIDs []string) error {
	_, err := s.store.findWanting(ctx, accountIDs)
	return err
}

// EmitAll is Emit for an event about several accounts (a task's parties):
// each subscription that wants it gets one delivery, however many of the
// accounts it belongs to.
func (s *Service) EmitAll(ctx context.Context, accountIDs []string, eventType string, data any) error {
	subs, err := s.store.findWanting(ctx, accountIDs)
	if err != nil || len(subs) == 0 {
		return err
	}
	now := s.clock.Now()
	event := newID()
	body, err := json.Marshal(map[string]any{"id": event, "type": eventType, "version": Version, "created_at": now, "data": data})
	if err != nil {
		return apperr.Wrap(err, "encode webhook event")
	}
	for _, sub := range subs {
		if !slices.Contains(sub.EventTypes, eventType) {
			continue
		}
		d := Delivery{ID: newID(), SubscriptionID: sub.ID, EventID: event, EventType: eventType, Body: body,
			State: StatePending, CreatedAt: now}
		if _, err := s.store.createDelivery(ctx, d); err != nil {
			return err
		}
		if _, err := s.jobs.Enqueue(ctx, DeliverKind, deliverJob{DeliveryID: d.ID}, jobs.MaxAttempts(maxAttempts),
			jobs.Dedupe(DeliverKind+":"+d.ID)); err != nil {
			return apperr.Wrap(err, "queue webhook delivery")
		}
	}
	return nil
}

// deliver is the DeliverKind job: it POSTs the delivery's body signed
// now, records the attempt, and fails (to be retried with backoff) unless
// the receiver answered 2xx. A delivery already delivered is not sent
// again, unless replayed: a worker that took over a job whose first worker
// died after recording its success sends nothing.
func (s *Service) deliver(ctx context.Context, j jobs.Job) error {
	var p deliverJob
	if err := j.Decode(&p); err != nil {
		return err
	}
	d, err := s.store.findDelivery(ctx, p.DeliveryID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil // the subscription was deleted
	}
	if err != nil || (d.State == StateDelivered && p.Replay == "") {
		return err
	}
	sub, err := s.store.findSubscription(ctx, d.SubscriptionID)
	if err != nil || !sub.Active {
		return err
	}
	now := s.clock.Now()
	status, perr := s.poster.Post(ctx, sub.URL, d.Body, map[string]string{"Content-Type": "application/json",
		SignatureHeader: Sign(sub.Secret, now, d.Body), "User-Agent": "Helio-Webhooks/1"})
	a := Attempt{At: now, StatusCode: status, Replay: p.Replay != ""}
	ok := perr == nil && status >= 200 && status < 300
	state, at := StateFailed, (*time.Time)(nil)
	switch {
	case ok:
		state, at = StateDelivered, &now
	case perr != nil:
		a.Error = perr.Error()
	default:
		a.Error = fmt.Sprintf("answered %d", status)
	}
	if d.State == StateDelivered {
		state = StateDelivered
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createAttempt(ctx, newID(), d.ID, a); err != nil {
			return err
		}
		return s.store.updateDeliveryState(ctx, d.ID, state, at)
	})
	if err != nil || ok {
		return err
	}
	return fmt.Errorf("webhook %s to %s: %s", d.ID, sub.URL, a.Error)
}
