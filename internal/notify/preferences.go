package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/jobs"
)

// Kinds are the kinds of notification a person chooses channels for
// (SPEC §10): reviews, invitations and levels, log-in alerts,
// restrictions and appeals, exports, certification and account events.
var Kinds = []string{"review.content", "review.certification", "review.capability", "review.brand_entry",
	"review.appeal", "content.approved", "level.changed", "login_alert", "restriction.created", "restriction.lifted",
	"export.ready", "certification.expired", "creator_account.opened", "creator_account.profile_change", "welcome"}

// Preference is what a person chose for one kind of notification.
type Preference struct {
	Kind  string `json:"kind"`
	InApp bool   `json:"in_app"`
	SMS   bool   `json:"sms"`
	Email bool   `json:"email"`
}

// Contacts tells where a person receives texts and e-mails (the account
// domain, wired by the app).
type Contacts interface {
	ContactOf(ctx context.Context, userID string) (phone, email string, err error)
}

// WithContacts lets Notify send the texts and e-mails people chose.
func (s *Service) WithContacts(c Contacts) { s.contacts = c }

// defaultPreference is a kind's choice before the person made one: in the
// message centre, and by the channel the caller sends on (log-in alerts).
func defaultPreference(kind string, out *Message) Preference {
	p := Preference{Kind: kind, InApp: true}
	if out != nil {
		p.SMS, p.Email = out.Channel == ChannelSMS, out.Channel == ChannelEmail
	}
	return p
}

// preferenceOf returns userID's choice for kind.
func (s *Service) preferenceOf(ctx context.Context, userID, kind string, out *Message) (Preference, error) {
	p := defaultPreference(kind, out)
	err := s.db.QueryRow(ctx, `SELECT in_app, sms, email FROM notification_preferences WHERE user_id = ? AND kind = ?`,
		userID, kind).Scan(&p.InApp, &p.SMS, &p.Email)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Preference{}, fmt.Errorf("notify: find preference: %w", err)
	}
	return p, nil
}

// outgoing are the messages p asks for: the caller's own on its channel,
// and on each other chosen channel a message to the person's address.
func (s *Service) outgoing(ctx context.Context, userID, kind, title, body string, p Preference, out *Message) ([]Message, error) {
	var msgs []Message
	want := map[string]bool{ChannelSMS: p.SMS, ChannelEmail: p.Email}
	if out != nil && want[out.Channel] {
		m := *out
		if m.Kind == "" {
			m.Kind = kind
		}
		msgs = append(msgs, m)
		want[out.Channel] = false
	}
	if (!want[ChannelSMS] && !want[ChannelEmail]) || s.contacts == nil {
		return msgs, nil
	}
	phone, email, err := s.contacts.ContactOf(ctx, userID)
	if err != nil {
		return nil, err
	}
	for _, c := range []struct{ channel, to string }{{ChannelSMS, phone}, {ChannelEmail, email}} {
		if want[c.channel] && c.to != "" {
			msgs = append(msgs, Message{To: c.to, Channel: c.channel, Kind: kind, Text: title + "\n" + body})
		}
	}
	return msgs, nil
}

// enqueue queues the outgoing messages of one notification, each once:
// a retried transaction or job finds the same dedupe key.
func (s *Service) enqueue(ctx context.Context, messageID string, msgs []Message) error {
	for _, m := range msgs {
		if _, err := s.queue.Enqueue(ctx, SendKind, m, jobs.Dedupe(SendKind+":"+messageID+":"+m.Channel)); err != nil {
			return fmt.Errorf("notify: queue %s message: %w", m.Kind, err)
		}
	}
	return nil
}

// FindPreferences answers the actor's choice for every kind.
func (s *Service) FindPreferences(ctx context.Context) ([]Preference, error) {
	if err := authz.CheckCtx(ctx, authz.ReadMessages, nil); err != nil {
		return nil, err
	}
	me := authz.ActorFrom(ctx).UserID
	out := make([]Preference, len(Kinds))
	for i, k := range Kinds {
		p, err := s.preferenceOf(ctx, me, k, s.defaultOut(k))
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

// defaultOut is the channel a kind is sent on without being asked.
func (s *Service) defaultOut(kind string) *Message {
	if kind == "login_alert" {
		return &Message{Channel: ChannelEmail}
	}
	return nil
}

// UpdatePreferences stores the actor's choices for the kinds given; the
// others keep theirs.
func (s *Service) UpdatePreferences(ctx context.Context, prefs []Preference) ([]Preference, error) {
	if err := authz.CheckCtx(ctx, authz.UpdateMessages, nil); err != nil {
		return nil, err
	}
	var v apperr.Validation
	if len(prefs) == 0 {
		v.Reject("items", "give at least one kind")
	}
	for _, p := range prefs {
		if !slices.Contains(Kinds, p.Kind) {
			v.Reject("items", "%s is not a kind of notification", p.Kind)
			break
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	me, now := authz.ActorFrom(ctx).UserID, s.clock.Now()
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		for _, p := range prefs {
			if _, err := s.db.Exec(ctx, `INSERT INTO notification_preferences (user_id, kind, in_app, sms, email, updated_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, kind) DO UPDATE SET in_app = excluded.in_app, sms = excluded.sms,
				email = excluded.email, updated_at = excluded.updated_at`, me, p.Kind, p.InApp, p.SMS, p.Email, now); err != nil {
				return fmt.Errorf("notify: store preference: %w", err)
			}
		}
		return audit.New(s.db, s.clock).Record(ctx, audit.Event{OwnerID: me, Action: "notification_preferences.update",
			ObjectType: "notification_preferences", ObjectID: me, Summary: fmt.Sprintf("%d kinds", len(prefs))})
	})
	if err != nil {
		return nil, err
	}
	return s.FindPreferences(ctx)
}

func newMessageID() string { return uuid.Must(uuid.NewV7()).String() }
