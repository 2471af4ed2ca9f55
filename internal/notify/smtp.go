package notify

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// SMTPSender sends e-mail through an SMTP server, with STARTTLS when the
// server offers it. It is configured by a URL:
// smtp://user:password@host:587?from=helio@example.com (user and password
// optional; without them the server must accept the sender unauthenticated).
type SMTPSender struct {
	addr string
	host string
	from string
	auth smtp.Auth
}

// NewSMTPSender parses an smtp:// URL.
func NewSMTPSender(raw string) (*SMTPSender, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return nil, errors.New("notify: want smtp://[user:password@]host[:port]?from=ADDRESS")
	}
	from := u.Query().Get("from")
	if from == "" || !strings.Contains(from, "@") {
		return nil, errors.New("notify: the smtp URL needs ?from=ADDRESS")
	}
	port := u.Port()
	if port == "" {
		port = "587"
	}
	s := &SMTPSender{addr: net.JoinHostPort(u.Hostname(), port), host: u.Hostname(), from: from}
	if u.User != nil {
		password, _ := u.User.Password()
		s.auth = smtp.PlainAuth("", u.User.Username(), password, u.Hostname())
	}
	return s, nil
}

// Send delivers an e-mail message; other channels are refused.
func (s *SMTPSender) Send(_ context.Context, m Message) error {
	if m.Channel != ChannelEmail {
		return fmt.Errorf("notify: the smtp sender cannot send %s messages", m.Channel)
	}
	if strings.ContainsAny(m.To, "\r\n") {
		return errors.New("notify: bad recipient")
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\n",
		s.from, m.To, mime.QEncoding.Encode("utf-8", subjectOf(m)), time.Now().UTC().Format(time.RFC1123Z))
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	body := base64.StdEncoding.EncodeToString([]byte(m.Text))
	for len(body) > 76 {
		b.WriteString(body[:76] + "\r\n")
		body = body[76:]
	}
	b.WriteString(body + "\r\n")
	if err := smtp.SendMail(s.addr, s.auth, s.from, []string{m.To}, b.Bytes()); err != nil {
		return fmt.Errorf("notify: smtp %s: %w", s.addr, err)
	}
	return nil
}

// subjectOf names a message by its kind for the subject line.
func subjectOf(m Message) string {
	if strings.HasPrefix(m.Kind, "code") {
		return "Helio verification code"
	}
	return "Helio: " + strings.ReplaceAll(m.Kind, "_", " ")
}

// WebhookSMS hands text messages to an SMS gateway: each is POSTed as JSON
// {"to","text"} to the gateway URL with the configured bearer token. Most
// gateways take such a call directly or through a few lines of glue.
type WebhookSMS struct {
	url    string
	token  string
	client *http.Client
}

// NewWebhookSMS returns a gateway adapter posting to rawURL (http or https).
func NewWebhookSMS(rawURL, token string) (*WebhookSMS, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("notify: want webhook:https://gateway/path")
	}
	return &WebhookSMS{url: rawURL, token: token, client: &http.Client{Timeout: 10 * time.Second}}, nil
}

// Send posts a text message to the gateway; a non-2xx answer is an error
// (the delivery job retries it).
func (w *WebhookSMS) Send(ctx context.Context, m Message) error {
	if m.Channel != ChannelSMS {
		return fmt.Errorf("notify: the sms gateway cannot send %s messages", m.Channel)
	}
	body, err := json.Marshal(map[string]string{"to": m.To, "text": m.Text})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if w.token != "" {
		req.Header.Set("Authorization", "Bearer "+w.token)
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return fmt.Errorf("notify: sms gateway: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("notify: sms gateway answered %s", resp.Status)
	}
	return nil
}

// Router sends each message through the sender of its channel.
type Router struct {
	Email Sender
	SMS   Sender
}

// Send dispatches m by channel.
func (r Router) Send(ctx context.Context, m Message) error {
	if m.Channel == ChannelSMS {
		return r.SMS.Send(ctx, m)
	}
	return r.Email.Send(ctx, m)
}
