package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestRequestOutlivesTheBodyReadTimeout: a request still working well after
// huma's 5 s body read timeout (a batch of order events waiting for the
// ledger another transaction holds) is answered once it is done, not
// cancelled when the deadline passes on its connection. It runs a real
// server: the deadline lives on the connection.
func TestRequestOutlivesTheBodyReadTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("waits 6 s")
	}
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		_, err := w.env.Accounts.CreateOperator(context.Background(), account.Operator{Login: "feed", Password: good, Roles: []string{"integrator"}})
		testkit.Must(t, err)
		token := w.login("feed")
		srv := httptest.NewServer(w.env.Handler)
		defer srv.Close()
		held := make(chan struct{})
		release := make(chan struct{})
		go func() {
			_ = d.WithTx(context.Background(), func(ctx context.Context) error {
				if err := w.env.Commission.Ledger().Lock(ctx); err != nil {
					return err
				}
				close(held)
				<-release
				return nil
			})
		}()
		<-held
		time.AfterFunc(6*time.Second, func() { close(release) })
		body, _ := json.Marshal(map[string]any{"events": []map[string]any{{"order_id": "slow-1", "line_id": "1", "product_id": "none",
			"shopper_id": "s1", "type": "paid", "amount": map[string]any{"amount": 100, "currency": "CNY"}, "at": "2026-01-01T00:00:00Z"}}})
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/order-events/batch", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := srv.Client().Do(req)
		testkit.Must(t, err)
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the slow batch answered %d: %s", resp.StatusCode, out)
		}
	})
}
