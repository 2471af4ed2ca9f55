package app

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"
)

// webhookPoster sends webhook deliveries over HTTP (webhook.Poster): a
// bounded wait, no redirects followed, the answer's body drained.
type webhookPoster struct{ client *http.Client }

func newWebhookPoster() webhookPoster {
	return webhookPoster{client: &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Post implements webhook.Poster.
func (p webhookPoster) Post(ctx context.Context, url string, body []byte, headers map[string]string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := p.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	return res.StatusCode, nil
}
