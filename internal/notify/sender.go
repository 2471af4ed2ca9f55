package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Channels an outgoing message can travel by.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
)

// Message is one outgoing message to a person outside Helio: an email or a
// text. Code holds a one-time code when the message carries one, kept apart
// from Text so that senders and logs can treat it as a secret; the JSON
// names are stable because development tools and tests parse them.
type Message struct {
	To      string `json:"to"`
	Channel string `json:"channel"`
	Kind    string `json:"kind"`
	Text    string `json:"text"`
	Code    string `json:"code"`
}

// Sender delivers outgoing messages (SMTP, an SMS gateway, or the
// development senders below).
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// LogSender "delivers" messages by logging that they were sent. It logs the
// recipient, channel and kind, never the text or code, which may hold
// one-time codes.
type LogSender struct {
	// Logger receives the records; nil selects slog.Default().
	Logger *slog.Logger
}

// Send logs m without its text or code.
func (s LogSender) Send(ctx context.Context, m Message) error {
	l := s.Logger
	if l == nil {
		l = slog.Default()
	}
	l.InfoContext(ctx, "outgoing message", "to", m.To, "channel", m.Channel, "kind", m.Kind)
	return nil
}

// DevCodes is the demo's sender: it hands every message to Sender and, for
// one that carries a one-time code, writes the code to the log as well, so
// that a developer trying the demo from a second browser can read the code
// the log sender would never show. The composition root uses it only with
// --demo and a development sender (Config.DevCodes), never in production.
type DevCodes struct {
	Sender Sender
	// Logger receives the codes; nil selects slog.Default().
	Logger *slog.Logger
}

// Send delivers m and logs its code, if any.
func (d DevCodes) Send(ctx context.Context, m Message) error {
	if m.Code != "" {
		l := d.Logger
		if l == nil {
			l = slog.Default()
		}
		l.WarnContext(ctx, "development code (--demo only)", "to", m.To, "channel", m.Channel, "kind", m.Kind, "code", m.Code)
	}
	return d.Sender.Send(ctx, m)
}

// FileSender appends each message as one JSON line to a file, so that
// developers and browser tests can read what would have been sent, codes
// included. The file is private to its owner (0600).
type FileSender struct {
	path string
	mu   sync.Mutex
}

// NewFileSender returns a FileSender writing to path, creating the file
// (and its folder) now so that a bad path fails at start rather than at the
// first message.
func NewFileSender(path string) (*FileSender, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("notify: create folder for %s: %w", path, err)
	}
	f, err := openAppend(path)
	if err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	return &FileSender{path: path}, nil
}

// Send appends m to the file as one JSON line.
func (s *FileSender) Send(_ context.Context, m Message) error {
	line, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("notify: encode message: %w", err)
	}
	line = append(line, '\n')
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := openAppend(s.path)
	if err != nil {
		return err
	}
	_, werr := f.Write(line)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		return fmt.Errorf("notify: write %s: %w", s.path, err)
	}
	return nil
}

// openAppend opens path for appending, creating it private to its owner.
func openAppend(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("notify: open %s: %w", path, err)
	}
	return f, nil
}

// NewSender builds the sender a configuration names: "log" for LogSender
// (with logger), "file:PATH" for a FileSender on PATH, or an smtp:// URL for
// e-mail. sms, when not empty, sends text messages instead: "log", or
// "webhook:URL" for an SMS gateway called with smsToken. With an smtp://
// sender and no sms setting, text messages are logged, not sent.
func NewSender(spec, sms, smsToken string, logger *slog.Logger) (Sender, error) {
	var base Sender
	switch {
	case spec == "log":
		base = LogSender{Logger: logger}
	case strings.HasPrefix(spec, "file:") && len(spec) > len("file:"):
		f, err := NewFileSender(strings.TrimPrefix(spec, "file:"))
		if err != nil {
			return nil, err
		}
		base = f
	case strings.HasPrefix(spec, "smtp://"):
		smtpSender, err := NewSMTPSender(spec)
		if err != nil {
			return nil, err
		}
		base = Router{Email: smtpSender, SMS: LogSender{Logger: logger}}
	default:
		return nil, fmt.Errorf("notify: sender %q: want log, file:PATH or smtp://host", spec)
	}
	switch {
	case sms == "":
		return base, nil
	case sms == "log":
		return Router{Email: base, SMS: LogSender{Logger: logger}}, nil
	case strings.HasPrefix(sms, "webhook:"):
		gw, err := NewWebhookSMS(strings.TrimPrefix(sms, "webhook:"), smsToken)
		if err != nil {
			return nil, err
		}
		return Router{Email: base, SMS: gw}, nil
	}
	return nil, fmt.Errorf("notify: sms sender %q: want log or webhook:URL", sms)
}
