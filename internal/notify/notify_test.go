package notify_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/notify"
	"github.com/helio-platform/helio/internal/testkit"
)

// fixture is a notify Service writing outgoing messages to a file.
type fixture struct {
	d      *db.DB
	clock  *clock.Fake
	queue  *jobs.Queue
	svc    *notify.Service
	outbox string
}

func newFixture(t *testing.T, d *db.DB) fixture {
	t.Helper()
	clk := clock.NewFake(testkit.Epoch)
	q := jobs.New(d, clk, jobs.Options{Logger: slog.New(slog.DiscardHandler)})
	outbox := filepath.Join(t.TempDir(), "outbox.jsonl")
	sender, err := notify.NewSender("file:"+outbox, "", "", nil)
	testkit.Must(t, err)
	return fixture{d: d, clock: clk, queue: q, svc: notify.New(d, clk, q, sender), outbox: outbox}
}

// createUser inserts a bare login identity for messages to belong to.
func createUser(t *testing.T, d *db.DB) string {
	t.Helper()
	id := uuid.Must(uuid.NewV7()).String()
	name := testkit.Name("u")
	_, err := d.Exec(context.Background(), `INSERT INTO users
		(id, nickname, nickname_key, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, name, name, "x", testkit.Epoch, testkit.Epoch)
	testkit.Must(t, err)
	return id
}

func readOutbox(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	testkit.Must(t, err)
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m map[string]any
		testkit.Must(t, json.Unmarshal(sc.Bytes(), &m))
		out = append(out, m)
	}
	testkit.Must(t, sc.Err())
	return out
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	testkit.Must(t, d.QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n))
	return n
}

func TestNotifyStoresAndSends(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		user := createUser(t, d)
		out := &notify.Message{To: "mei@example.com", Channel: notify.ChannelEmail, Text: "Your article was approved."}
		testkit.Must(t, f.svc.Notify(ctx, user, "content.approved", "Article approved", "Your article was approved.", out))

		msgs, next, err := f.svc.FindMessages(ctx, notify.Reader{UserID: user}, db.Page{})
		testkit.Must(t, err)
		if len(msgs) != 1 || next != "" {
			t.Fatalf("inbox = %+v, next %q", msgs, next)
		}
		m := msgs[0]
		if m.Kind != "content.approved" || m.Title != "Article approved" || m.ReadAt != nil ||
			!m.CreatedAt.Equal(testkit.Epoch) {
			t.Fatalf("inbox message = %+v", m)
		}
		if lines := readOutbox(t, f.outbox); len(lines) != 0 {
			t.Fatalf("sent %d messages before the job ran", len(lines))
		}

		ran, err := f.queue.RunOnce(ctx, "w")
		testkit.Must(t, err)
		if !ran {
			t.Fatal("no delivery job was queued")
		}
		lines := readOutbox(t, f.outbox)
		if len(lines) != 1 {
			t.Fatalf("outbox has %d lines, want 1", len(lines))
		}
		want := map[string]any{"to": "mei@example.com", "channel": "email", "kind": "content.approved",
			"text": "Your article was approved.", "code": ""}
		for k, v := range want {
			if lines[0][k] != v {
				t.Errorf("outbox %s = %v, want %v", k, lines[0][k], v)
			}
		}
		if len(lines[0]) != len(want) {
			t.Errorf("outbox line has fields %v", lines[0])
		}
	})
}

func TestNotifyRollsBackWithCaller(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		user := createUser(t, d)
		boom := errors.New("boom")
		err := d.WithTx(ctx, func(ctx context.Context) error {
			out := &notify.Message{To: "+8613800000000", Channel: notify.ChannelSMS, Text: "hello"}
			if err := f.svc.Notify(ctx, user, "welcome", "Welcome", "Welcome to Helio.", out); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("WithTx = %v", err)
		}
		if n := count(t, d, "messages"); n != 0 {
			t.Fatalf("rolled back: %d messages remain", n)
		}
		if n := count(t, d, "jobs"); n != 0 {
			t.Fatalf("rolled back: %d jobs remain", n)
		}
	})
}

func TestOneTimeCodesSkipTheQueue(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		user := createUser(t, d)
		code := &notify.Message{To: "+8613800000000", Channel: notify.ChannelSMS, Kind: "auth.code", Code: "493817"}
		if err := f.svc.Notify(ctx, user, "auth.code", "Code", "Code", code); err == nil {
			t.Fatal("Notify queued a one-time code")
		}
		testkit.Must(t, f.svc.SendNow(ctx, *code))
		if n := count(t, d, "jobs"); n != 0 {
			t.Fatalf("SendNow stored %d jobs", n)
		}
		lines := readOutbox(t, f.outbox)
		if len(lines) != 1 || lines[0]["code"] != "493817" {
			t.Fatalf("outbox = %v", lines)
		}
	})
}

func TestFindMessagesPages(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		user, other := createUser(t, d), createUser(t, d)
		for i := range 25 {
			// Pairs share a timestamp, so the id must break ties.
			if i%2 == 0 {
				f.clock.Advance(time.Second)
			}
			testkit.Must(t, f.svc.Notify(ctx, user, "k", "t", "b", nil))
		}
		testkit.Must(t, f.svc.Notify(ctx, other, "k", "t", "b", nil))

		seen := map[string]bool{}
		var sizes []int
		var prev *notify.Inbox
		page := db.Page{Limit: 10}
		for {
			msgs, next, err := f.svc.FindMessages(ctx, notify.Reader{UserID: user}, page)
			testkit.Must(t, err)
			sizes = append(sizes, len(msgs))
			for _, m := range msgs {
				if seen[m.ID] {
					t.Fatalf("message %s listed twice", m.ID)
				}
				seen[m.ID] = true
				if prev != nil && (m.CreatedAt.After(prev.CreatedAt) ||
					(m.CreatedAt.Equal(prev.CreatedAt) && m.ID > prev.ID)) {
					t.Fatalf("%s listed after the older %s", m.ID, prev.ID)
				}
				prev = &m
			}
			if next == "" {
				break
			}
			page.Cursor = next
		}
		if len(sizes) != 3 || sizes[0] != 10 || sizes[1] != 10 || sizes[2] != 5 || len(seen) != 25 {
			t.Fatalf("pages of %v, %d distinct messages; want 10, 10, 5", sizes, len(seen))
		}
		if _, _, err := f.svc.FindMessages(ctx, notify.Reader{UserID: user}, db.Page{Limit: 1000}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("limit 1000 = %v, want invalid", err)
		}
	})
}

func TestMarkRead(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		owner, stranger := createUser(t, d), createUser(t, d)
		testkit.Must(t, f.svc.Notify(ctx, owner, "k", "t", "b", nil))
		testkit.Must(t, f.svc.Notify(ctx, owner, "k", "t", "b", nil))
		msgs, _, err := f.svc.FindMessages(ctx, notify.Reader{UserID: owner}, db.Page{})
		testkit.Must(t, err)
		target := msgs[0].ID

		if err := f.svc.MarkRead(ctx, notify.Reader{UserID: stranger}, target); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("MarkRead of another's message = %v, want not found", err)
		}
		if err := f.svc.MarkRead(ctx, notify.Reader{UserID: owner}, "no-such-id"); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("MarkRead of a missing message = %v, want not found", err)
		}
		if n, err := f.svc.UnreadCount(ctx, notify.Reader{UserID: owner}); err != nil || n != 2 {
			t.Fatalf("UnreadCount = %d, %v; want 2", n, err)
		}

		readAt := f.clock.Now()
		testkit.Must(t, f.svc.MarkRead(ctx, notify.Reader{UserID: owner}, target))
		f.clock.Advance(time.Hour)
		testkit.Must(t, f.svc.MarkRead(ctx, notify.Reader{UserID: owner}, target))
		if n, err := f.svc.UnreadCount(ctx, notify.Reader{UserID: owner}); err != nil || n != 1 {
			t.Fatalf("UnreadCount = %d, %v; want 1", n, err)
		}
		msgs, _, err = f.svc.FindMessages(ctx, notify.Reader{UserID: owner}, db.Page{})
		testkit.Must(t, err)
		for _, m := range msgs {
			if m.ID == target && (m.ReadAt == nil || !m.ReadAt.Equal(readAt)) {
				t.Fatalf("read_at = %v, want the first reading %v", m.ReadAt, readAt)
			}
		}
	})
}

func TestLogSenderNeverLogsTheCode(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	s := notify.LogSender{Logger: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	testkit.Must(t, s.Send(context.Background(), notify.Message{
		To: "+8613800000000", Channel: notify.ChannelSMS, Kind: "auth.code",
		Text: "Your Helio code is 730164.", Code: "730164",
	}))
	out := buf.String()
	if strings.Contains(out, "730164") {
		t.Fatalf("log holds the code: %s", out)
	}
	for _, want := range []string{"to=+8613800000000", "channel=sms", "kind=auth.code"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s: %s", want, out)
		}
	}
}

func TestNewSender(t *testing.T) {
	t.Parallel()
	if s, err := notify.NewSender("log", "", "", nil); err != nil {
		t.Fatalf("log: %v", err)
	} else if _, ok := s.(notify.LogSender); !ok {
		t.Fatalf("log built a %T", s)
	}
	path := filepath.Join(t.TempDir(), "sub", "out.jsonl")
	s, err := notify.NewSender("file:"+path, "", "", nil)
	testkit.Must(t, err)
	if _, ok := s.(*notify.FileSender); !ok {
		t.Fatalf("file: built a %T", s)
	}
	info, err := os.Stat(path)
	testkit.Must(t, err)
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Fatalf("outbox mode = %o, want 600", perm)
	}
	for _, bad := range []string{"", "smtp", "file:", "FILE:x"} {
		if _, err := notify.NewSender(bad, "", "", nil); err == nil {
			t.Errorf("NewSender(%q) accepted", bad)
		}
	}
}

// TestReadAllMarksOnlyTheReadersUnread pins mark-all-read: every unread
// message of the actor is read afterwards, read ones keep their first
// reading time, another person's stay unread, and the change is audited.
func TestReadAllMarksOnlyTheReadersUnread(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		owner, stranger := createUser(t, d), createUser(t, d)
		for _, to := range []string{owner, owner, owner, stranger} {
			testkit.Must(t, f.svc.Notify(ctx, to, "k", "t", "b", nil))
		}
		msgs, _, err := f.svc.FindMessages(ctx, notify.Reader{UserID: owner}, db.Page{})
		testkit.Must(t, err)
		firstID, firstRead := msgs[0].ID, f.clock.Now()
		testkit.Must(t, f.svc.MarkRead(ctx, notify.Reader{UserID: owner}, firstID))
		f.clock.Advance(time.Hour)
		me := authz.WithActor(ctx, authz.Actor{UserID: owner})
		n, err := f.svc.ReadAll(me)
		testkit.Must(t, err)
		if n != 2 {
			t.Fatalf("ReadAll marked %d, want 2", n)
		}
		for who, want := range map[string]int{owner: 0, stranger: 1} {
			if left, err := f.svc.UnreadCount(ctx, notify.Reader{UserID: who}); err != nil || left != want {
				t.Fatalf("unread after ReadAll = %d, %v; want %d", left, err, want)
			}
		}
		msgs, _, err = f.svc.FindMessages(ctx, notify.Reader{UserID: owner}, db.Page{})
		testkit.Must(t, err)
		for _, m := range msgs {
			if m.ReadAt == nil || (m.ID == firstID && !m.ReadAt.Equal(firstRead)) {
				t.Fatalf("message %s read at %v", m.ID, m.ReadAt)
			}
		}
		var events int
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE actor_id = ? AND action = 'message.read_all'`,
			owner).Scan(&events))
		if events != 1 {
			t.Fatalf("%d message.read_all events, want 1", events)
		}
	})
}
