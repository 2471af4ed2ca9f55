package ledger_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/testkit"
)

func cny(n int64) money.Amount { return money.New(n, "CNY") }

// split is a posting from a merchant to the network, the platform and a
// creator's pending bucket.
func split(ref string, n, p, c int64) ledger.Posting {
	return ledger.Posting{Kind: "test.split", Ref: ref, Memo: map[string]string{"order": ref}, Lines: []ledger.Line{
		{Account: ledger.Merchant("m1"), Amount: cny(-(n + p + c))},
		{Account: ledger.Network, Amount: cny(n)},
		{Account: ledger.Platform, Amount: cny(p)},
		{Account: ledger.Creator("c1", ledger.Pending), Amount: cny(c), Detail: []byte(`{"ratio":"1:3:6"}`)},
	}}
}

func post(t *testing.T, d *db.DB, l *ledger.Ledger, p ledger.Posting) (ledger.Entry, bool) {
	t.Helper()
	var e ledger.Entry
	var created bool
	testkit.Must(t, d.WithTx(context.Background(), func(ctx context.Context) error {
		var err error
		e, created, err = l.Post(ctx, p)
		return err
	}))
	return e, created
}

func TestPostBalancesAndChains(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l := ledger.New(d, clock.NewFake(testkit.Epoch))
		first, created := post(t, d, l, split("o1", 1, 3, 6))
		if !created || first.Seq != 1 || first.PrevHash != ledger.GenesisHash {
			t.Fatalf("first entry = %+v", first)
		}
		second, _ := post(t, d, l, split("o2", 10, 30, 60))
		if second.PrevHash != first.Hash {
			t.Errorf("second entry's previous hash %s, want %s", second.PrevHash, first.Hash)
		}
		again, created := post(t, d, l, split("o1", 5, 5, 5))
		if created || again.ID != first.ID {
			t.Errorf("a posting with a known ref was appended again: %+v", again)
		}
		bal, err := l.Balance(ctx, ledger.Creator("c1", ledger.Pending), "CNY")
		testkit.Must(t, err)
		if bal.Minor != 66 {
			t.Errorf("creator balance %d, want 66", bal.Minor)
		}
		all, err := l.FindBalances(ctx, "creator:c1:")
		testkit.Must(t, err)
		if len(all) != 1 || all[0].Amount.Minor != 66 {
			t.Errorf("balances = %+v", all)
		}
		rep, err := l.Verify(ctx)
		testkit.Must(t, err)
		if !rep.OK || rep.Entries != 2 || rep.HeadHash != second.Hash {
			t.Errorf("verify = %+v", rep)
		}
		entries, next, err := l.FindEntries(ctx, ledger.Creator("c1", ledger.Pending), db.Page{Limit: 1})
		testkit.Must(t, err)
		if len(entries) != 1 || entries[0].Seq != 2 || len(entries[0].Lines) != 4 || next == "" {
			t.Fatalf("first page = %+v, next %q", entries, next)
		}
		entries, next, err = l.FindEntries(ctx, ledger.Creator("c1", ledger.Pending), db.Page{Limit: 1, Cursor: next})
		testkit.Must(t, err)
		if len(entries) != 1 || entries[0].Seq != 1 || next != "" {
			t.Errorf("second page = %+v, next %q", entries, next)
		}
	})
}

func TestPostRefusesUnbalancedAndUnknownAccounts(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		l := ledger.New(d, clock.NewFake(testkit.Epoch))
		bad := split("o1", 1, 3, 6)
		bad.Lines[0].Amount = cny(-9)
		unknown := split("o2", 1, 3, 6)
		unknown.Lines[1].Account = "bank"
		mixed := split("o3", 1, 3, 6)
		mixed.Lines[1].Account = ledger.Sandbox(ledger.Network)
		for name, p := range map[string]ledger.Posting{"unbalanced": bad, "unknown account": unknown, "sandbox mix": mixed,
			"empty": {Kind: "k", Ref: "r"}} {
			err := d.WithTx(context.Background(), func(ctx context.Context) error {
				_, _, err := l.Post(ctx, p)
				return err
			})
			if err == nil {
				t.Errorf("%s posting was accepted", name)
			}
		}
	})
}

// TestVerifyFindsEditedRows edits rows behind the ledger's back with raw
// SQL; Verify names the entry each time.
func TestVerifyFindsEditedRows(t *testing.T) {
	t.Parallel()
	edits := map[string]string{
		"amount":    `UPDATE ledger_lines SET amount = amount + 1 WHERE entry_seq = 2 AND line_no = 4`,
		"balanced":  `UPDATE ledger_lines SET account = 'creator:c2:pending' WHERE entry_seq = 2 AND line_no = 4`,
		"memo":      `UPDATE ledger_entries SET memo = '{"order":"forged"}' WHERE seq = 2`,
		"prev hash": `UPDATE ledger_entries SET prev_hash = hash WHERE seq = 2`,
		"lines":     `DELETE FROM ledger_lines WHERE entry_seq = 2`,
	}
	for name, edit := range edits {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			testkit.EachDB(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				l := ledger.New(d, clock.NewFake(testkit.Epoch))
				for i := range 3 {
					post(t, d, l, split(fmt.Sprint("o", i), 1, 3, 6))
				}
				_, err := d.Exec(ctx, edit)
				testkit.Must(t, err)
				rep, err := l.Verify(ctx)
				testkit.Must(t, err)
				if rep.OK || len(rep.Problems) == 0 || rep.Problems[0].Seq != 2 {
					t.Errorf("verify after editing the %s = %+v", name, rep)
				}
			})
		})
	}
}

// TestConcurrentPostsKeepOneChain posts from several goroutines at once:
// the head lock serialises them into one unbroken chain.
func TestConcurrentPostsKeepOneChain(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		l := ledger.New(d, clock.NewFake(testkit.Epoch))
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 10 {
					errs <- d.WithTx(context.Background(), func(ctx context.Context) error {
						_, _, err := l.Post(ctx, split(fmt.Sprint("w", w, "-", i), 1, 1, 1))
						return err
					})
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			testkit.Must(t, err)
		}
		rep, err := l.Verify(context.Background())
		testkit.Must(t, err)
		if !rep.OK || rep.Entries != 40 {
			t.Errorf("verify = %+v", rep)
		}
	})
}

// TestAppendOnly reads the package's SQL: entries and lines are never
// updated or deleted; the one UPDATE moves the head row.
func TestAppendOnly(t *testing.T) {
	src, err := os.ReadFile("store.go")
	testkit.Must(t, err)
	stmt := regexp.MustCompile(`\b(UPDATE|DELETE\s+FROM)\s+(\w+)`)
	for _, m := range stmt.FindAllStringSubmatch(string(src), -1) {
		if m[1] != "UPDATE" || m[2] != "ledger_head" {
			t.Errorf("the ledger's store holds %q", m[0])
		}
	}
}

func TestValidAccount(t *testing.T) {
	for name, want := range map[string]bool{
		"network": true, "platform": true, "creator:u1:pending": true, "creator:u1:settled": true,
		"creator:u1:not_payable": true, "pool:headlines:2026-03": true, "merchant:m": true, "escrow:t": true,
		"organization:o": true, "sandbox:creator:u1:pending": true, "creator:u1": false, "creator:u1:spent": false,
		"pool:headlines": false, "bank": false, "merchant:": false,
	} {
		if got := ledger.ValidAccount(name); got != want {
			t.Errorf("ValidAccount(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestManyPostsInOneTransaction: a transaction's entries (more than one
// multi-row statement holds) chain in order, a ref posted twice in it is
// appended once, reads inside it see its own entries, a rollback leaves
// nothing, and the chain verifies.
func TestManyPostsInOneTransaction(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l := ledger.New(d, clock.NewFake(testkit.Epoch))
		post(t, d, l, split("before", 1, 3, 6))
		const n = 1203
		testkit.Must(t, d.WithTx(ctx, func(ctx context.Context) error {
			var prev ledger.Entry
			for i := range n {
				e, created, err := l.Post(ctx, split(fmt.Sprintf("o%d", i), 1, 4, 5))
				if err != nil {
					return err
				}
				if !created || (i > 0 && e.PrevHash != prev.Hash) || e.Seq != int64(i+2) {
					t.Fatalf("entry %d = %+v after %+v", i, e, prev)
				}
				prev = e
			}
			again, created, err := l.Post(ctx, split("o7", 9, 9, 9))
			if err != nil || created || again.Seq != 9 {
				t.Errorf("a ref posted twice in one transaction: %+v created %v err %v", again, created, err)
			}
			b, err := l.Balance(ctx, ledger.Creator("c1", ledger.Pending), "CNY")
			if err != nil || b.Minor != 6+5*n {
				t.Errorf("balance inside the transaction = %v (%v), want %d", b, err, 6+5*n)
			}
			_, _, err = l.Post(ctx, split("after-read", 1, 1, 1))
			return err
		}))
		boom := fmt.Errorf("boom")
		err := d.WithTx(ctx, func(ctx context.Context) error {
			if _, _, err := l.Post(ctx, split("rolled-back", 1, 1, 1)); err != nil {
				return err
			}
			return boom
		})
		if err != boom {
			t.Fatalf("rollback: %v", err)
		}
		if _, found, err := l.FindEntryByRef(ctx, "rolled-back"); err != nil || found {
			t.Errorf("a rolled-back posting was kept (found %v, %v)", found, err)
		}
		rep, err := l.Verify(ctx)
		testkit.Must(t, err)
		if !rep.OK || rep.Entries != n+2 {
			t.Errorf("verify: %+v, want ok over %d entries", rep, n+2)
		}
	})
}

// TestPrefetchAnswersPostsOfKnownRefs: after Prefetch, a Post of a ref
// already in the ledger answers its entry and appends nothing, a new ref
// is appended once (a second Post of it in the transaction, even after the
// entries were written, answers the first), and the chain verifies.
func TestPrefetchAnswersPostsOfKnownRefs(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		l := ledger.New(d, clock.NewFake(testkit.Epoch))
		first, _ := post(t, d, l, split("r1", 10, 30, 60))
		testkit.Must(t, d.WithTx(context.Background(), func(ctx context.Context) error {
			testkit.Must(t, l.Prefetch(ctx, []string{"r1", "r2"}))
			again, created, err := l.Post(ctx, split("r1", 10, 30, 60))
			testkit.Must(t, err)
			if created || again.ID != first.ID || again.Hash != first.Hash || len(again.Lines) != len(first.Lines) {
				t.Fatalf("r1 posted again: created %v, %+v", created, again)
			}
			second, created, err := l.Post(ctx, split("r2", 1, 3, 6))
			testkit.Must(t, err)
			if !created || second.Seq != first.Seq+1 {
				t.Fatalf("r2: created %v, seq %d", created, second.Seq)
			}
			if _, err := l.FindBalances(ctx, ""); err != nil { // writes the pending entries
				return err
			}
			dup, created, err := l.Post(ctx, split("r2", 1, 3, 6))
			testkit.Must(t, err)
			if created || dup.ID != second.ID {
				t.Fatalf("r2 posted twice in one transaction: %+v", dup)
			}
			return nil
		}))
		rep, err := l.Verify(context.Background())
		testkit.Must(t, err)
		if !rep.OK || rep.Entries != 2 {
			t.Fatalf("verify %+v", rep)
		}
	})
}
