// Command taskload measures task-order placement (SPEC §8): it wires a
// process over the configured database, publishes one creator's quote,
// registers --merchants merchants with a Taobao-style shop and logs each
// in, then has --concurrency clients place --orders orders through the API
// handler in this process (authentication, the Idempotency-Key layer, the
// order row, the escrow posting in the ledger, the acceptance timer, the
// audit event and both sides' messages, in one transaction each). It prints
// the throughput and the latency percentiles, and checks that the escrow
// accounts hold exactly what was ordered.
//
//	go run ./bench/taskload [--orders N] [--concurrency N] [--merchants N] [flags of helio serve, such as --data DIR]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/helio-platform/helio/bench/benchapp"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/task"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "taskload:", err)
		os.Exit(1)
	}
}

const password = "Tea-Leaf-42"

func run(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("taskload", flag.ContinueOnError)
	orders := fs.Int("orders", 2000, "orders to place")
	concurrency := fs.Int("concurrency", 8, "clients placing orders at once")
	merchants := fs.Int("merchants", 8, "merchants the clients order for, round robin")
	a, err := benchapp.Open(ctx, fs, args, out, getenv)
	if err != nil || a == nil {
		return err
	}
	defer a.Close()
	run := fmt.Sprintf("%x", time.Now().Unix())
	quote, tokens, err := setUp(ctx, a, run, *merchants)
	if err != nil {
		return err
	}
	before, err := escrowHeld(ctx, a)
	if err != nil {
		return err
	}
	var next, failed atomic.Int64
	latencies := make([][]time.Duration, *concurrency)
	body, _ := json.Marshal(task.OrderInput{QuoteID: quote.ID, Requirements: "taskload"})
	t0 := time.Now()
	var wg sync.WaitGroup
	for c := range *concurrency {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(*orders) {
					return
				}
				r := httptest.NewRequest(http.MethodPost, "/api/v1/tasks", bytes.NewReader(body))
				r.Header.Set("Content-Type", "application/json")
				r.Header.Set("Authorization", "Bearer "+tokens[int(i)%len(tokens)])
				r.Header.Set("Idempotency-Key", fmt.Sprintf("%s-%d", run, i))
				r.RemoteAddr = "192.0.2.10:40000"
				w := httptest.NewRecorder()
				start := time.Now()
				a.Handler.ServeHTTP(w, r)
				latencies[c] = append(latencies[c], time.Since(start))
				if w.Code != http.StatusCreated {
					if failed.Add(1) == 1 {
						fmt.Fprintf(os.Stderr, "taskload: first failure: %d %s\n", w.Code, strings.TrimSpace(w.Body.String()))
					}
				}
			}
		})
	}
	wg.Wait()
	took := time.Since(t0)
	all := slices.Concat(latencies...)
	slices.Sort(all)
	pct := func(p float64) time.Duration {
		return all[min(len(all)-1, int(float64(len(all))*p))].Round(10 * time.Microsecond)
	}
	placed := int64(*orders) - failed.Load()
	fmt.Fprintf(out, "%s: %d orders by %d clients for %d merchants in %s: %.0f orders/s, p50 %s, p90 %s, p99 %s, max %s, %d failed\n",
		a.DB.Dialect(), *orders, *concurrency, *merchants, took.Round(time.Millisecond), float64(placed)/took.Seconds(),
		pct(0.50), pct(0.90), pct(0.99), all[len(all)-1].Round(10*time.Microsecond), failed.Load())
	return checkEscrow(ctx, a, out, quote, before, placed)
}

// setUp publishes a quote as a fresh creator (its level privilege set on
// the actor, as a log-in of an L2 creator carries it) and registers and
// logs in merchants with a Taobao-style shop.
func setUp(ctx context.Context, a *app.App, run string, merchants int) (task.Quote, []string, error) {
	ops, err := a.Accounts.CreateOperator(ctx, account.Operator{Login: "taskload-ops-" + run, Password: password,
		Roles: []string{authz.RoleAdmin}})
	if err != nil {
		return task.Quote{}, nil, err
	}
	operator := authz.WithActor(ctx, authz.Actor{UserID: ops.ID, Roles: ops.Roles})
	c, err := a.Accounts.SignUp(ctx, account.SignUp{Email: "taskload-creator-" + run + "@bench.test", Nickname: "tlc" + run, Password: password})
	if err != nil {
		return task.Quote{}, nil, err
	}
	creatorCtx := authz.WithActor(ctx, authz.Actor{UserID: c.ID, Privileges: map[string]bool{authz.PrivTaskMarketplace: true}})
	quote, err := a.Tasks.CreateQuote(creatorCtx, task.QuoteInput{Kind: task.KindTask, Price: money.New(10000, "CNY"), Description: "taskload"})
	if err != nil {
		return task.Quote{}, nil, err
	}
	var tokens []string
	for i := range merchants {
		nick := fmt.Sprintf("tlm%s%d", run, i)
		m, err := a.Accounts.SignUp(ctx, account.SignUp{Email: nick + "@bench.test", Nickname: nick, Password: password})
		if err != nil {
			return task.Quote{}, nil, err
		}
		if _, err := a.Creators.RegisterShop(operator, creator.Shop{UserID: m.ID, Name: nick, Kind: creator.ShopTaobao}); err != nil {
			return task.Quote{}, nil, err
		}
		raw, _ := json.Marshal(map[string]string{"login": nick, "password": password, "device_id": "taskload"})
		r := httptest.NewRequest(http.MethodPost, "/api/v1/sessions", bytes.NewReader(raw))
		r.Header.Set("Content-Type", "application/json")
		r.RemoteAddr = "192.0.2.10:40000"
		w := httptest.NewRecorder()
		a.Handler.ServeHTTP(w, r)
		var sess struct {
			Token string `json:"token"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &sess); err != nil || sess.Token == "" {
			return task.Quote{}, nil, fmt.Errorf("log in %s: %d %s", nick, w.Code, w.Body.String())
		}
		tokens = append(tokens, sess.Token)
	}
	return quote, tokens, nil
}

// escrowHeld sums every escrow account of the ledger.
func escrowHeld(ctx context.Context, a *app.App) (int64, error) {
	bs, err := a.Commission.Ledger().FindBalances(ctx, "escrow:")
	var held int64
	for _, b := range bs {
		held += b.Amount.Minor
	}
	return held, err
}

// checkEscrow verifies the ledger and that the escrow accounts gained
// exactly the placed orders' amounts.
func checkEscrow(ctx context.Context, a *app.App, out io.Writer, q task.Quote, before, placed int64) error {
	rep, err := a.Commission.Ledger().Verify(ctx)
	if err != nil || !rep.OK {
		return fmt.Errorf("the ledger does not verify: %+v %v", rep, err)
	}
	after, err := escrowHeld(ctx, a)
	if err != nil {
		return err
	}
	if after-before != placed*q.Price.Minor {
		return fmt.Errorf("escrow gained %d fen, want %d", after-before, placed*q.Price.Minor)
	}
	fmt.Fprintf(out, "ledger verifies (%d entries); escrow gained %s for %d orders\n", rep.Entries, money.New(after-before, "CNY"), placed)
	return nil
}
