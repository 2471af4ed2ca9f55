package notify_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/notify"
	"github.com/helio-platform/helio/internal/testkit"
)

// fakeSMTP accepts one message on a loopback port and hands over what it
// received (envelope and data).
func fakeSMTP(t *testing.T) (addr string, got <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	testkit.Must(t, err)
	t.Cleanup(func() { ln.Close() })
	out := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		say := func(s string) { _, _ = conn.Write([]byte(s + "\r\n")) }
		say("220 fake ESMTP")
		var b strings.Builder
		inData := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if inData {
				if line == ".\r\n" {
					inData = false
					say("250 queued")
					continue
				}
				b.WriteString(line)
				continue
			}
			b.WriteString(line)
			switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				say("250 fake")
			case cmd == "DATA":
				inData = true
				say("354 go on")
			case cmd == "QUIT":
				say("221 bye")
				out <- b.String()
				return
			default:
				say("250 ok")
			}
		}
	}()
	return ln.Addr().String(), out
}

func TestSMTPSenderSendsUTF8Mail(t *testing.T) {
	t.Parallel()
	addr, got := fakeSMTP(t)
	s, err := notify.NewSender("smtp://"+addr+"?from=helio@example.com", "", "", nil)
	testkit.Must(t, err)
	testkit.Must(t, s.Send(context.Background(), notify.Message{To: "lin@example.com", Channel: notify.ChannelEmail,
		Kind: "code_login", Text: "你的验证码是 123456", Code: "123456"}))
	mail := <-got
	for _, want := range []string{"MAIL FROM:<helio@example.com>", "RCPT TO:<lin@example.com>", "Subject: Helio verification code",
		"Content-Type: text/plain; charset=utf-8", base64.StdEncoding.EncodeToString([]byte("你的验证码是 123456"))} {
		if !strings.Contains(mail, want) {
			t.Fatalf("mail lacks %q:\n%s", want, mail)
		}
	}
}

func TestSMSWebhookAndRouting(t *testing.T) {
	t.Parallel()
	var posted []map[string]string
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var m map[string]string
		testkit.Must(t, json.NewDecoder(r.Body).Decode(&m))
		posted = append(posted, m)
	}))
	t.Cleanup(gw.Close)
	outbox := t.TempDir() + "/outbox.jsonl"
	s, err := notify.NewSender("file:"+outbox, "webhook:"+gw.URL, "s3cret", nil)
	testkit.Must(t, err)
	ctx := context.Background()
	testkit.Must(t, s.Send(ctx, notify.Message{To: "13800138000", Channel: notify.ChannelSMS, Kind: "code_login", Text: "code 1"}))
	testkit.Must(t, s.Send(ctx, notify.Message{To: "a@example.com", Channel: notify.ChannelEmail, Kind: "welcome", Text: "hi"}))
	if len(posted) != 1 || posted[0]["to"] != "13800138000" || posted[0]["text"] != "code 1" {
		t.Fatalf("gateway got %v", posted)
	}
	bad, err := notify.NewSender("log", "webhook:"+gw.URL, "wrong", nil)
	testkit.Must(t, err)
	if err := bad.Send(ctx, notify.Message{To: "1", Channel: notify.ChannelSMS, Text: "x"}); err == nil {
		t.Fatal("a refused gateway call was not an error (the delivery job would not retry)")
	}
	for _, spec := range [][2]string{{"smtp://host", ""}, {"log", "carrier-pigeon"}, {"log", "webhook:ftp://x"}} {
		if _, err := notify.NewSender(spec[0], spec[1], "", nil); err == nil {
			t.Errorf("NewSender(%q, %q) accepted", spec[0], spec[1])
		}
	}
}

// TestDevCodesLogsTheCode: the demo's sender writes a code to the log, then
// delivers the message; a message without a code logs nothing extra.
func TestDevCodesLogsTheCode(t *testing.T) {
	var logged strings.Builder
	var sent []notify.Message
	d := notify.DevCodes{Sender: senderFunc(func(m notify.Message) { sent = append(sent, m) }),
		Logger: slog.New(slog.NewTextHandler(&logged, nil))}
	if err := d.Send(context.Background(), notify.Message{To: "fan@demo.helio.test", Channel: notify.ChannelEmail,
		Kind: "code_login", Text: "Your code", Code: "428913"}); err != nil {
		t.Fatal(err)
	}
	if err := d.Send(context.Background(), notify.Message{To: "fan@demo.helio.test", Channel: notify.ChannelEmail, Kind: "login_alert"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged.String(), "code=428913") || !strings.Contains(logged.String(), "development code") ||
		strings.Count(logged.String(), "\n") != 1 || len(sent) != 2 {
		t.Fatalf("logged %q, sent %d", logged.String(), len(sent))
	}
}

// senderFunc is a Sender that hands each message to a function.
type senderFunc func(notify.Message)

func (f senderFunc) Send(_ context.Context, m notify.Message) error { f(m); return nil }
