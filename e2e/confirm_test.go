package e2e

import (
	"context"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// confirmations records the confirmation dialogs (data-confirm) a tab
// answered yes to.
type confirmations struct {
	mu       sync.Mutex
	messages []string
}

// seen returns the messages of the dialogs accepted so far.
func (c *confirmations) seen() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.messages...)
}

// acceptConfirmations answers yes to every JavaScript dialog ctx's tab
// opens from now on (through the DevTools protocol, as a person clicking
// OK would) and records its message, so a test can assert that an action
// asked first.
func acceptConfirmations(t *testing.T, ctx context.Context) *confirmations {
	t.Helper()
	c := &confirmations{}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.messages = append(c.messages, ev.Message)
			c.mu.Unlock()
			// The dialog is answered from another goroutine than the one
			// receiving the events, which the page blocks until answered.
			go func() {
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			}()
		}
	}()
	return c
}

// asked fails the test unless one of the accepted dialogs said want.
func (c *confirmations) asked(t *testing.T, want string) {
	t.Helper()
	for _, m := range c.seen() {
		if m == want {
			return
		}
	}
	t.Fatalf("no confirmation %q was asked; asked %q", want, c.seen())
}
