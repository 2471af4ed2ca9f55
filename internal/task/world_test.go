package task_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/testkit"
)

const good = "Tea-Leaf-42"

// world is a wired process with an administrator; its helpers make
// creators at a level, merchants with a shop of a kind, and plain accounts.
type world struct {
	t      *testing.T
	env    *apptest.Env
	c      testkit.Client
	ledger *ledger.Ledger
	admin  string
}

func newWorld(t *testing.T, d *db.DB) *world {
	env := apptest.New(t, d)
	w := &world{t: t, env: env, c: testkit.Client{Handler: env.Handler}, ledger: ledger.New(d, env.Clock)}
	_, err := env.Accounts.CreateOperator(context.Background(), account.Operator{Login: "admin", Password: good, Roles: []string{"admin"}})
	testkit.Must(t, err)
	w.admin = w.login("admin")
	return w
}

func (w *world) login(name string) string {
	a := w.c.Call(w.t, "POST", "/api/v1/sessions", "", map[string]any{"login": name, "password": good})
	a.Expect(w.t, http.StatusCreated, "")
	return a.String("token")
}

func (w *world) call(method, path, token string, body any) testkit.Answer {
	return w.c.Call(w.t, method, path, token, body)
}

// person is an account of the world: its id and a session token.
type person struct {
	ID    string
	Token string
}

// account signs up a plain account.
func (w *world) account(nick string) person {
	u, err := w.env.Accounts.SignUp(context.Background(), account.SignUp{Email: nick + "@example.com", Nickname: nick, Password: good})
	testkit.Must(w.t, err)
	return person{ID: u.ID, Token: w.login(nick)}
}

// creator signs up a creator standing at level (a fixture of the level
// domain's scores), with a domain focus.
func (w *world) creator(nick, level, focus string) person {
	ctx, now := context.Background(), w.env.Clock.Now()
	u, err := w.env.Accounts.SignUp(ctx, account.SignUp{Email: nick + "@example.com", Nickname: nick, Password: good})
	testkit.Must(w.t, err)
	acct := uuid.NewString()
	_, err = w.env.DB.Exec(ctx, `INSERT INTO creator_accounts (id, user_id, type, subject_type, name, name_key,
		name_changed_at, created_at, updated_at) VALUES (?, ?, 'creator', 'individual', ?, ?, ?, ?, ?)`,
		acct, u.ID, nick, nick+"-key", now, now, now)
	testkit.Must(w.t, err)
	_, err = w.env.DB.Exec(ctx, `INSERT INTO level_scores (account_id, level, creator_index, content_value, fan_value,
		domain_focus, commercial_value, account_health, inputs, input_hash, thresholds_version, weights_version, run_id,
		computed_at) VALUES (?, ?, 400, 400, 300, 0, 0, 0, '{}', '', 1, 1, 'fixture', ?)`, u.ID, level, now)
	testkit.Must(w.t, err)
	if focus != "" {
		_, err = w.env.DB.Exec(ctx, `INSERT INTO certifications (id, user_id, creator_account_id, kind, name, id_number,
			document_ids, roles, domain_focus, status, submitted_at, decided_at, created_at, updated_at)
			VALUES (?, ?, ?, 'person', ?, 'x', '[]', '[]', ?, 'approved', ?, ?, ?, ?)`, uuid.NewString(), u.ID, acct, nick, focus,
			now, now, now, now)
		testkit.Must(w.t, err)
	}
	return person{ID: u.ID, Token: w.login(nick)}
}

// merchant signs up an account with a shop of kind (taobao or tmall).
func (w *world) merchant(nick, kind string) person {
	p := w.account(nick)
	w.call("POST", "/api/v1/shops", w.admin, map[string]any{"user_id": p.ID, "name": nick + " shop", "kind": kind}).
		Expect(w.t, http.StatusCreated, "")
	return p
}

// quote publishes a quote as creator c and answers its id.
func (w *world) quote(c person, kind string, price int64) string {
	a := w.call("POST", "/api/v1/quotes", c.Token, map[string]any{"kind": kind, "price": cny(price), "description": "a " + kind})
	a.Expect(w.t, http.StatusCreated, "")
	return a.String("id")
}

// order places a task as buyer on quote and answers it.
func (w *world) order(buyer person, quote string, hours int) testkit.Answer {
	body := map[string]any{"quote_id": quote, "requirements": "show the product"}
	if hours > 0 {
		body["hours"] = hours
	}
	a := w.call("POST", "/api/v1/tasks", buyer.Token, body)
	a.Expect(w.t, http.StatusCreated, "")
	return a
}

// act takes an action on a task and expects status.
func (w *world) act(p person, id, action string, body any, status int) testkit.Answer {
	w.t.Helper()
	a := w.call("POST", "/api/v1/tasks/"+id+"/"+action, p.Token, body)
	if a.Status != status {
		w.t.Fatalf("%s %s: %d %s, want %d", action, id, a.Status, a.Raw, status)
	}
	return a
}

func cny(minor int64) map[string]any { return map[string]any{"amount": minor, "currency": "CNY"} }

// balance is what the ledger holds on an account.
func (w *world) balance(acct string) int64 {
	b, err := w.ledger.Balance(context.Background(), acct, "CNY")
	testkit.Must(w.t, err)
	return b.Minor
}

// balances checks the money around one task: the merchant's account, the
// escrow, the creator's settled account and the platform's, and that the
// ledger still verifies (every entry balanced: money neither created nor
// lost: all balances add up to zero).
func (w *world) balances(merchant, taskID, creator string, wantMerchant, wantEscrow, wantCreator, wantPlatform int64) {
	w.t.Helper()
	got := [4]int64{w.balance(ledger.Merchant(merchant)), w.balance(ledger.Escrow(taskID)),
		w.balance(ledger.Creator(creator, ledger.Settled)), w.balance(ledger.Platform)}
	if want := [4]int64{wantMerchant, wantEscrow, wantCreator, wantPlatform}; got != want {
		w.t.Fatalf("merchant, escrow, creator, platform = %v, want %v", got, want)
	}
	all, err := w.ledger.FindBalances(context.Background(), "")
	testkit.Must(w.t, err)
	var sum int64
	for _, b := range all {
		sum += b.Amount.Minor
	}
	if sum != 0 {
		w.t.Fatalf("money created or lost: the ledger's balances add up to %d", sum)
	}
	r, err := w.ledger.Verify(context.Background())
	testkit.Must(w.t, err)
	if !r.OK {
		w.t.Fatalf("ledger does not verify: %+v", r)
	}
}

// state reads a task's state as p sees it.
func (w *world) state(p person, id string) string {
	a := w.call("GET", "/api/v1/tasks/"+id, p.Token, nil)
	a.Expect(w.t, http.StatusOK, "")
	return a.String("state")
}

// later moves the clock and runs the jobs due.
func (w *world) later(d time.Duration) {
	w.env.Clock.Advance(d)
	w.env.DrainJobs(w.t)
}

// count runs a COUNT query.
func (w *world) count(q string, args ...any) int {
	var n int
	testkit.Must(w.t, w.env.DB.QueryRow(context.Background(), q, args...).Scan(&n))
	return n
}

func describe(a testkit.Answer) string { return fmt.Sprintf("%d %s", a.Status, a.Raw) }
