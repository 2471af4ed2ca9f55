package webhook

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// store is the SQL of webhooks.
type store struct {
	db *db.DB
}

const subscriptionColumns = `id, owner_id, url, secret, event_types, scope, active, created_at, updated_at`

func scanSubscription(sc interface{ Scan(...any) error }) (Subscription, error) {
	var s Subscription
	var types string
	if err := sc.Scan(&s.ID, &s.Owner, &s.URL, &s.Secret, &types, &s.Scope, &s.Active, &s.CreatedAt, &s.UpdatedAt); err != nil {
		return Subscription{}, err
	}
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return s, json.Unmarshal([]byte(types), &s.EventTypes)
}

// createSubscription stores a new subscription.
func (s store) createSubscription(ctx context.Context, sub Subscription) error {
	forgetSubscriptions(ctx)
	types, _ := json.Marshal(sub.EventTypes)
	_, err := s.db.Exec(ctx, `INSERT INTO webhook_subscriptions (`+subscriptionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sub.ID, sub.Owner, sub.URL, sub.Secret, string(types), sub.Scope, sub.Active, sub.CreatedAt, sub.UpdatedAt)
	return apperr.WrapIf(err, "create webhook")
}

// updateSubscription stores a changed subscription.
func (s store) updateSubscription(ctx context.Context, sub Subscription) error {
	forgetSubscriptions(ctx)
	types, _ := json.Marshal(sub.EventTypes)
	_, err := s.db.Exec(ctx, `UPDATE webhook_subscriptions SET url = ?, event_types = ?, active = ?, updated_at = ? WHERE id = ?`,
		sub.URL, string(types), sub.Active, sub.UpdatedAt, sub.ID)
	return apperr.WrapIf(err, "update webhook")
}

// deleteSubscription removes a subscription with its deliveries.
func (s store) deleteSubscription(ctx context.Context, id string) error {
	forgetSubscriptions(ctx)
	_, err := s.db.Exec(ctx, `DELETE FROM webhook_subscriptions WHERE id = ?`, id)
	return apperr.WrapIf(err, "delete webhook")
}

// findSubscription returns one subscription.
func (s store) findSubscription(ctx context.Context, id string) (Subscription, error) {
	sub, err := scanSubscription(s.db.QueryRow(ctx, `SELECT `+subscriptionColumns+` FROM webhook_subscriptions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Subscription{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Webhook"))
	}
	return sub, apperr.WrapIf(err, "find webhook")
}

// findSubscriptions lists the active subscriptions w selects, oldest first.
func (s store) findSubscriptions(ctx context.Context, w db.Where) ([]Subscription, error) {
	rows, err := s.db.Query(ctx, `SELECT `+subscriptionColumns+` FROM webhook_subscriptions WHERE `+w.SQL()+
		` ORDER BY created_at, id`, w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "find webhooks")
	}
	defer rows.Close()
	var out []Subscription
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan webhook")
		}
		out = append(out, sub)
	}
	return out, apperr.WrapIf(rows.Err(), "find webhooks")
}

// subscriptionsKey keys a transaction's subscriptionCache (db.TxValue).
type subscriptionsKey struct{}

// subscriptionCache is what a transaction emitting events has read of the
// active subscriptions: the integrators' (scope all) and, per account, the
// account's own. A transaction that posts a hundred order events reads
// them once, not once per event; a change to a subscription in the
// transaction forgets them.
type subscriptionCache struct {
	all    []Subscription // nil until read
	owners map[string][]Subscription
}

func newSubscriptionCache() *subscriptionCache {
	return &subscriptionCache{owners: map[string][]Subscription{}}
}

// forgetSubscriptions drops ctx's transaction's subscriptionCache.
func forgetSubscriptions(ctx context.Context) {
	c, _ := db.TxValue(ctx, subscriptionsKey{}, newSubscriptionCache)
	*c = *newSubscriptionCache()
}

// findWanting answers the active subscriptions an event about accounts may
// go to: every integrator's (scope all) and the accounts' own, oldest
// first, read once per transaction.
func (s store) findWanting(ctx context.Context, accounts []string) ([]Subscription, error) {
	c, _ := db.TxValue(ctx, subscriptionsKey{}, newSubscriptionCache)
	if c.all == nil {
		var w db.Where
		w.Add("active = ? AND scope = ?", true, ScopeAll)
		all, err := s.findSubscriptions(ctx, w)
		if err != nil {
			return nil, err
		}
		c.all = append([]Subscription{}, all...)
	}
	var missing []string
	for _, a := range accounts {
		if _, ok := c.owners[a]; !ok && !slices.Contains(missing, a) {
			missing = append(missing, a)
		}
	}
	if len(missing) > 0 {
		var w db.Where
		in, args := db.InList(missing)
		w.Add("active = ? AND scope <> ? AND owner_id IN "+in, append([]any{true, ScopeAll}, args...)...)
		own, err := s.findSubscriptions(ctx, w)
		if err != nil {
			return nil, err
		}
		for _, a := range missing {
			c.owners[a] = []Subscription{}
		}
		for _, sub := range own {
			c.owners[sub.Owner] = append(c.owners[sub.Owner], sub)
		}
	}
	out := slices.Clone(c.all)
	for _, a := range slices.Compact(slices.Sorted(slices.Values(accounts))) {
		out = append(out, c.owners[a]...)
	}
	slices.SortFunc(out, func(a, b Subscription) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// createDelivery stores a delivery; false when the subscription already
// has this event.
func (s store) createDelivery(ctx context.Context, d Delivery) (bool, error) {
	res, err := s.db.Exec(ctx, `INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type, body, state, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id, event_id) DO NOTHING`,
		d.ID, d.SubscriptionID, d.EventID, d.EventType, string(d.Body), d.State, d.CreatedAt)
	if err != nil {
		return false, apperr.Wrap(err, "create webhook delivery")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "create webhook delivery")
}

const deliveryColumns = `d.id, d.subscription_id, d.event_id, d.event_type, d.body, d.state, d.created_at, d.delivered_at, s.owner_id`

func scanDelivery(sc interface{ Scan(...any) error }) (Delivery, error) {
	var d Delivery
	var body string
	var delivered sql.NullTime
	if err := sc.Scan(&d.ID, &d.SubscriptionID, &d.EventID, &d.EventType, &body, &d.State, &d.CreatedAt, &delivered,
		&d.owner); err != nil {
		return Delivery{}, err
	}
	d.Body, d.CreatedAt = json.RawMessage(body), d.CreatedAt.UTC()
	if delivered.Valid {
		t := delivered.Time.UTC()
		d.DeliveredAt = &t
	}
	return d, nil
}

// findDelivery returns one delivery without its attempts.
func (s store) findDelivery(ctx context.Context, id string) (Delivery, error) {
	d, err := scanDelivery(s.db.QueryRow(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries d
		JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Delivery"))
	}
	return d, apperr.WrapIf(err, "find webhook delivery")
}

// findDeliveries lists a subscription's deliveries newest first.
func (s store) findDeliveries(ctx context.Context, w db.Where, limit int) ([]Delivery, error) {
	lim, largs := s.db.Limit(limit + 1)
	rows, err := s.db.Query(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries d
		JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE `+w.SQL()+` ORDER BY d.created_at DESC, d.id DESC`+lim,
		append(w.Args(), largs...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find webhook deliveries")
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan webhook delivery")
		}
		out = append(out, d)
	}
	return out, apperr.WrapIf(rows.Err(), "find webhook deliveries")
}

// updateDeliveryState records a delivery's state after an attempt.
func (s store) updateDeliveryState(ctx context.Context, id, state string, delivered *time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, delivered_at = COALESCE(?, delivered_at)
		WHERE id = ?`, state, delivered, id)
	return apperr.WrapIf(err, "record webhook delivery")
}

// createAttempt stores one attempt.
func (s store) createAttempt(ctx context.Context, id, deliveryID string, a Attempt) error {
	_, err := s.db.Exec(ctx, `INSERT INTO webhook_attempts (id, delivery_id, at, status_code, error, replay) VALUES (?, ?, ?, ?, ?, ?)`,
		id, deliveryID, a.At, a.StatusCode, a.Error, a.Replay)
	return apperr.WrapIf(err, "record webhook attempt")
}

// findAttempts returns the attempts of the deliveries given, oldest first.
func (s store) findAttempts(ctx context.Context, ids []string) (map[string][]Attempt, error) {
	out := map[string][]Attempt{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := db.InList(ids)
	rows, err := s.db.Query(ctx, `SELECT delivery_id, at, status_code, error, replay FROM webhook_attempts
		WHERE delivery_id IN `+in+` ORDER BY at, id`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find webhook attempts")
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a Attempt
		if err := rows.Scan(&id, &a.At, &a.StatusCode, &a.Error, &a.Replay); err != nil {
			return nil, apperr.Wrap(err, "scan webhook attempt")
		}
		a.At = a.At.UTC()
		out[id] = append(out[id], a)
	}
	return out, apperr.WrapIf(rows.Err(), "find webhook attempts")
}
