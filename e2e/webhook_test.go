package e2e

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/testkit"
	"github.com/helio-platform/helio/internal/webhook"
)

// TestWebhookPage: 小雅穿搭's empty subscription form shows its field
// errors; she subscribes a local endpoint to export.ready, is shown the
// signing secret once, starts an export, and the page lists the delivery
// as delivered with its attempt; the endpoint verified the signature.
// The page fits a phone and a laptop.
func TestWebhookPage(t *testing.T) {
	t.Parallel()
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			var mu sync.Mutex
			var secret string
			verified := 0
			rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				mu.Lock()
				defer mu.Unlock()
				if !webhook.Verify(secret, r.Header.Get(webhook.SignatureHeader), body, time.Now(), time.Minute) {
					w.WriteHeader(http.StatusUnauthorized)
					return
				}
				verified++
			}))
			defer rcv.Close()
			url := startHelio(t, dialect)
			ctx := browser(t)
			testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")},
				logIn("小雅穿搭")...)...))
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/webhooks"),
				chromedp.WaitVisible(chromedp.ID("subscribe")),
				chromedp.Click(chromedp.ID("subscribe")),
				chromedp.WaitVisible(chromedp.ID("url-error")),
				chromedp.SendKeys(chromedp.ID("url"), rcv.URL+"/hooks"),
				chromedp.Click(chromedp.CSS(`input[value="export.ready"]`)),
				chromedp.Click(chromedp.ID("subscribe")),
				chromedp.WaitVisible(chromedp.ID("secret")),
			))
			mu.Lock()
			secret = text(t, ctx, "secret")
			mu.Unlock()
			if !strings.HasPrefix(secret, "whsec_") {
				t.Fatalf("secret: %q", secret)
			}
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/exports"),
				chromedp.WaitVisible(chromedp.ID("start-export")),
				chromedp.Click(chromedp.ID("start-export")),
				chromedp.WaitVisible(chromedp.CSS("#exports a.download")),
			))
			for deadline := time.Now().Add(30 * time.Second); ; {
				testkit.Must(t, chromedp.Do(ctx, chromedp.Navigate(url+"/webhooks"), chromedp.WaitVisible(chromedp.ID("subscribe"))))
				n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('tr[data-state="delivered"]').length`))
				testkit.Must(t, err)
				if n == 1 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the delivery never showed as delivered")
				}
				time.Sleep(300 * time.Millisecond)
			}
			mu.Lock()
			if verified != 1 {
				t.Fatalf("the endpoint verified %d deliveries", verified)
			}
			mu.Unlock()
			fits(t, ctx, url+"/webhooks", "subscribe", "webhooks")
		})
	}
}
