// Package notify tells people about things: the message centre (an inbox
// per user, kept in the messages table) and outgoing messages (email, text)
// handed to a Sender. Notify writes the inbox row and enqueues the outgoing
// message as a durable job in the caller's transaction, so a notification
// exists exactly when the change it reports does, and delivery is retried
// until the sender accepts it. One-time codes never go through the job
// table: SendNow delivers them directly.
//
// This is a platform package: it does not check authorization. The domain
// service that calls it has already decided who may be told what.
package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/jobs"
)

// SendKind is the job kind that delivers an outgoing Message.
const SendKind = "notify.send"

// Inbox is one message in a user's message centre, its Title and Body
// rendered in the reader's language (i18n.FromContext): each is stored as a
// message id, the body with the parameters of its format (messages stored
// before parameters were kept carry none and read as stored).
type Inbox struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

// Service writes and reads the message centre and sends outgoing messages.
type Service struct {
	db        *db.DB
	clock     clock.Clock
	queue     *jobs.Queue
	sender    Sender
	listeners []Listener
	contacts  Contacts
}

// Listener hears of every notification in the transaction that writes it:
// the webhooks send the same events to integrators (SPEC §10).
type Listener interface {
	Notified(ctx context.Context, userID, kind, title, body string) error
}

// Listen adds l to the listeners of every later notification.
func (s *Service) Listen(l Listener) { s.listeners = append(s.listeners, l) }

// New returns a Service and registers its SendKind handler on q, so the
// process that builds it delivers queued messages through s.
func New(d *db.DB, c clock.Clock, q *jobs.Queue, s Sender) *Service {
	svc := &Service{db: d, clock: c, queue: q, sender: s}
	q.Handle(SendKind, svc.deliver)
	return svc
}

// Notify puts a message of kind in the message centre of userID (a main
// account) and queues out (when not nil) and the texts and e-mails the
// person chose for kind, as their notification preferences say (by default:
// the message centre, and out's channel). Both happen in ctx's transaction
// (or a new one). title and body are message ids, stored as given and
// translated when shown. out must not carry a one-time code: codes go
// through SendNow so that they are never stored.
func (s *Service) Notify(ctx context.Context, userID, kind string, title, body string, out *Message) error {
	return s.NotifyStaff(ctx, userID, "", kind, title, body, out)
}

// NotifyStaff is Notify for one staff member: the message goes to the
// message centre of subAccountID (of main account userID) alone; "" is the
// main account itself.
func (s *Service) NotifyStaff(ctx context.Context, userID, subAccountID, kind string, title, body string, out *Message) error {
	return s.NotifyStaffText(ctx, userID, subAccountID, kind, i18n.Text{Format: title}, i18n.Text{Format: body}, out)
}

// NotifyStaffText is NotifyStaff for a body with parameters: the message
// centre keeps body's message id and its arguments (as text) apart, so that
// each reader sees it in their own language. Listeners hear it in English.
func (s *Service) NotifyStaffText(ctx context.Context, userID, subAccountID, kind string, titleText, bodyText i18n.Text, out *Message) error {
	if userID == "" || kind == "" {
		return errors.New("notify: a message needs a user and a kind")
	}
	if out != nil && out.Code != "" {
		return errors.New("notify: one-time codes must go through SendNow, not the job queue")
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		// A staff member's messages follow no preferences: the person's
		// choices are the main account's, for the main account's messages.
		p := defaultPreference(kind, out)
		if subAccountID == "" {
			var err error
			if p, err = s.preferenceOf(ctx, userID, kind, out); err != nil {
				return err
			}
		}
		id := newMessageID()
		title, body := titleText.Format, bodyText.String()
		if p.InApp {
			args, err := encodeArgs(bodyText.Args)
			if err != nil {
				return err
			}
			if _, err := s.db.Exec(ctx, `INSERT INTO messages (id, user_id, sub_account_id, kind, title, body, body_args, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, userID, subAccountID, kind, title, bodyText.Format, args, s.clock.Now()); err != nil {
				return fmt.Errorf("notify: store %s message: %w", kind, err)
			}
		}
		for _, l := range s.listeners {
			if err := l.Notified(ctx, userID, kind, title, body); err != nil {
				return err
			}
		}
		msgs, err := s.outgoing(ctx, userID, kind, title, body, p, out)
		if err != nil {
			return err
		}
		return s.enqueue(ctx, id, msgs)
	})
}

// storedArg is one argument of a stored body: its text, and whether that
// text is itself a message id (an i18n.Text argument, translated too).
type storedArg struct {
	Text  string `json:"text"`
	MsgID bool   `json:"msgid,omitempty"`
}

// encodeArgs keeps a body's arguments as a JSON list ("" when there are
// none, as for every message id without parameters).
func encodeArgs(args []any) (string, error) {
	if len(args) == 0 {
		return "", nil
	}
	stored := make([]storedArg, len(args))
	for i, a := range args {
		if t, ok := a.(i18n.Text); ok && len(t.Args) == 0 {
			stored[i] = storedArg{Text: t.Format, MsgID: true}
		} else {
			stored[i] = storedArg{Text: fmt.Sprint(a)}
		}
	}
	raw, err := json.Marshal(stored)
	if err != nil {
		return "", fmt.Errorf("notify: encode message arguments: %w", err)
	}
	return string(raw), nil
}

// decodeArgs rebuilds a stored body: its message id and the arguments kept
// by encodeArgs.
func decodeArgs(format, encoded string) (i18n.Text, error) {
	t := i18n.Text{Format: format}
	if encoded == "" {
		return t, nil
	}
	var stored []storedArg
	if err := json.Unmarshal([]byte(encoded), &stored); err != nil {
		return t, fmt.Errorf("notify: decode message arguments: %w", err)
	}
	for _, a := range stored {
		if a.MsgID {
			t.Args = append(t.Args, i18n.Text{Format: a.Text})
		} else {
			t.Args = append(t.Args, a.Text)
		}
	}
	return t, nil
}

// SendNow delivers m at once, outside the job queue. Use it for one-time
// codes, which must not be stored, and report its error to the person
// waiting for the code.
func (s *Service) SendNow(ctx context.Context, m Message) error {
	if err := s.sender.Send(ctx, m); err != nil {
		return fmt.Errorf("notify: send %s by %s: %w", m.Kind, m.Channel, err)
	}
	return nil
}

// deliver is the SendKind job handler.
func (s *Service) deliver(ctx context.Context, j jobs.Job) error {
	var m Message
	if err := j.Decode(&m); err != nil {
		return err
	}
	return s.SendNow(ctx, m)
}

// FindMessages lists the reader's messages newest first, one page at a time.
func (s *Service) FindMessages(ctx context.Context, r Reader, page db.Page) ([]Inbox, string, error) {
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	w := r.where()
	if !after.IsZero() {
		w.Keyset("created_at, id", "<", after.Time, after.ID)
	}
	rows, err := s.db.Query(ctx, `SELECT id, kind, title, body, body_args, created_at, read_at FROM messages WHERE `+w.SQL()+`
		ORDER BY created_at DESC, id DESC LIMIT ?`, append(w.Args(), limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("notify: find messages: %w", err)
	}
	defer rows.Close()
	var out []Inbox
	lang := i18n.FromContext(ctx)
	for rows.Next() {
		var m Inbox
		var readAt sql.NullTime
		var args string
		if err := rows.Scan(&m.ID, &m.Kind, &m.Title, &m.Body, &args, &m.CreatedAt, &readAt); err != nil {
			return nil, "", fmt.Errorf("notify: find messages: %w", err)
		}
		body, err := decodeArgs(m.Body, args)
		if err != nil {
			return nil, "", err
		}
		m.Title, m.Body = i18n.T(m.Title).In(lang), body.In(lang)
		m.CreatedAt = m.CreatedAt.UTC()
		if readAt.Valid {
			t := readAt.Time.UTC()
			m.ReadAt = &t
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("notify: find messages: %w", err)
	}
	out, next := db.Trim(out, limit, func(m Inbox) (time.Time, string) { return m.CreatedAt, m.ID })
	return out, next, nil
}

// UnreadCount counts the reader's messages not yet read.
func (s *Service) UnreadCount(ctx context.Context, r Reader) (int, error) {
	w := r.where()
	w.Add("read_at IS NULL")
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM messages WHERE `+w.SQL(), w.Args()...).Scan(&n); err != nil {
		return 0, fmt.Errorf("notify: count unread messages: %w", err)
	}
	return n, nil
}

// MarkRead marks one of the reader's messages read; marking it again keeps
// the first reading time. A message that does not exist or is not the
// reader's is NotFound, so ids cannot be probed.
func (s *Service) MarkRead(ctx context.Context, r Reader, messageID string) error {
	w := r.where()
	w.Add("id = ?", messageID)
	res, err := s.db.Exec(ctx, `UPDATE messages SET read_at = COALESCE(read_at, ?) WHERE `+w.SQL(),
		append([]any{s.clock.Now()}, w.Args()...)...)
	if err != nil {
		return fmt.Errorf("notify: mark message read: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("notify: mark message read: %w", err)
	}
	if n == 0 {
		return apperr.New(apperr.NotFound, "Message not found.")
	}
	return nil
}
