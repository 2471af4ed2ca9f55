package commission_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/testkit"
)

const day = 24 * time.Hour

// contents is a fake content domain: content id → its reference.
type contents map[string]commission.ContentRef

func (c contents) FindContentRef(_ context.Context, id string) (commission.ContentRef, error) {
	if r, ok := c[id]; ok {
		return r, nil
	}
	return commission.ContentRef{}, apperr.New(apperr.NotFound, "%s not found.", "Content")
}

// payees is a fake auth service answering each creator's actor from its
// level (L0 when unset): the level holds cps_settlement from L2 on, as the
// level privilege table's first version says, so authz decides the gate.
type payees map[string]string

func (p payees) AccountActor(_ context.Context, id string) (authz.Actor, error) {
	name := p[id]
	if name == "" {
		name = "L0"
	}
	value := authz.ValueNo
	if name >= "L2" {
		value = authz.ValueYes
	}
	lv := authz.Level{Name: name, Values: map[string]string{authz.PrivCPSSettlement: value},
		Needs: map[string]string{authz.PrivCPSSettlement: "L2"}, Version: 1}
	return authz.Actor{UserID: id, Level: lv, Privileges: lv.Held()}, nil
}

// world is a commission service over a test database with a fake clock,
// fake content and settable levels.
type world struct {
	t        testing.TB
	d        *db.DB
	clock    *clock.Fake
	jobs     *jobs.Queue
	svc      *commission.Service
	levels   payees
	contents contents
	// contexts of the actors
	integrator, finance, merchant context.Context
}

func newWorld(t testing.TB, d *db.DB, opts commission.Options) *world {
	fake := clock.NewFake(testkit.Epoch)
	q := jobs.New(d, fake, jobs.Options{})
	w := &world{t: t, d: d, clock: fake, jobs: q, levels: payees{}, contents: contents{}}
	w.svc = commission.NewService(d, audit.New(d, fake), q, fake, ledger.New(d, fake), w.contents, w.levels, opts)
	bg := context.Background()
	w.integrator = authz.WithActor(bg, authz.Actor{UserID: "integrator", Roles: []string{authz.RoleIntegrator}})
	w.finance = authz.WithActor(bg, authz.Actor{UserID: "finance", Roles: []string{authz.RoleFinance}})
	w.merchant = authz.WithActor(bg, authz.Actor{UserID: "merchant"})
	return w
}

// creator is the context of a certified creator who may mount products.
func creator(id string) context.Context {
	return authz.WithActor(context.Background(), authz.Actor{UserID: id, Certified: true,
		Capabilities: map[string]bool{authz.CapProductMounting: true}})
}

func cny(n int64) money.Amount { return money.New(n, "CNY") }

// product lists a product at rateBP.
func (w *world) product(sku string, rateBP int64, grocery bool) commission.MerchantProduct {
	p, err := w.svc.CreateProduct(w.merchant, commission.ProductInput{SKU: sku, Title: "Product " + sku,
		URL: "https://shop.example.com/" + sku, Price: cny(9900), RateBP: rateBP, Grocery: grocery})
	testkit.Must(w.t, err)
	return p
}

// link publishes a content of creatorID mounting p, pushed at pushedAt,
// and creates its tracked link in scene.
func (w *world) link(creatorID string, p commission.MerchantProduct, scene string, pushedAt time.Time) commission.Link {
	w.t.Helper()
	id := fmt.Sprintf("content-%s-%s-%d", creatorID, p.SKU, len(w.contents))
	w.contents[id] = commission.ContentRef{ID: id, OwnerID: creatorID, Products: []string{p.SKU}, PushedAt: pushedAt}
	l, err := w.svc.CreateLink(creator(creatorID), commission.LinkInput{ContentID: id, ProductID: p.SKU, Scene: scene})
	testkit.Must(w.t, err)
	return l
}

func (w *world) click(l commission.Link, shopper string) {
	w.t.Helper()
	_, err := w.svc.RecordClick(w.integrator, commission.ClickInput{LinkID: l.ID, ShopperID: shopper})
	testkit.Must(w.t, err)
}

func (w *world) event(order, typ string, p commission.MerchantProduct, shopper string, amount int64) commission.EventAnswer {
	w.t.Helper()
	ans, err := w.svc.PostOrderEvent(w.integrator, commission.OrderEvent{OrderID: order, LineID: "1", ProductID: p.ID,
		ShopperID: shopper, Type: typ, Amount: cny(amount), At: w.clock.Now()})
	testkit.Must(w.t, err)
	return ans
}

func (w *world) balance(account string) int64 {
	w.t.Helper()
	b, err := w.svc.Ledger().Balance(context.Background(), account, "CNY")
	testkit.Must(w.t, err)
	return b.Minor
}

// settle runs a settlement of the clock's month and its job.
func (w *world) settle() commission.Settlement {
	w.t.Helper()
	st, err := w.svc.CreateSettlement(w.finance, w.clock.Now().Format("2006-01"))
	testkit.Must(w.t, err)
	for {
		ran, err := w.jobs.RunOnce(context.Background(), "test")
		testkit.Must(w.t, err)
		if !ran {
			break
		}
	}
	st, err = w.svc.FindSettlementByID(w.finance, st.ID)
	testkit.Must(w.t, err)
	return st
}

func (w *world) verify() {
	w.t.Helper()
	rep, err := w.svc.VerifyLedger(w.finance)
	testkit.Must(w.t, err)
	if !rep.OK {
		w.t.Errorf("ledger verify: %+v", rep)
	}
}

func TestComputeSharesRounding(t *testing.T) {
	split := func(n, p, c int64) commission.Split { return commission.Split{Network: n, Platform: p, Creator: c} }
	for _, tc := range []struct {
		name     string
		paid     int64
		rate     int64
		split    commission.Split
		want     commission.Shares
		wantNote string
	}{
		{"private", 10000, 1000, split(1, 3, 6), commission.Shares{Commission: 1000, Network: 100, Platform: 300, Creator: 600}, ""},
		{"public", 10000, 1000, split(1, 4, 5), commission.Shares{Commission: 1000, Network: 100, Platform: 400, Creator: 500}, ""},
		{"key channel", 10000, 1000, split(1, 7, 2), commission.Shares{Commission: 1000, Network: 100, Platform: 700, Creator: 200}, ""},
		{"late grocery", 10000, 1000, split(1, 4, 5).Late(50), commission.Shares{Commission: 1000, Network: 100, Platform: 650, Creator: 250}, ""},
		// 1 fen at 1:3:6: exact parts 0.1, 0.3, 0.6: the fen goes to the largest remainder, the creator.
		{"one fen private", 10, 1000, split(1, 3, 6), commission.Shares{Commission: 1, Creator: 1}, ""},
		// 5 fen at 1:4:5: 0.5, 2, 2.5: floors 0, 2, 2; network and creator tie at .5, the earlier (network) wins.
		{"tie to the earlier party", 50, 1000, split(1, 4, 5), commission.Shares{Commission: 5, Network: 1, Platform: 2, Creator: 2}, ""},
		// 7 fen at 1:7:2: 0.7, 4.9, 1.4: floors 0, 4, 1; left 2 to the remainders .9 and .7.
		{"two fen left", 70, 1000, split(1, 7, 2), commission.Shares{Commission: 7, Network: 1, Platform: 5, Creator: 1}, ""},
		// 1234 × 5% = 61.7 → 62; 1235 × 2% = 24.7 → 25; 25 × 2% = 0.5 → 1 (half up); 24 × 2% = 0.48 → 0.
		{"commission rounds to nearest", 1234, 500, split(1, 3, 6), commission.Shares{Commission: 62, Network: 6, Platform: 19, Creator: 37}, ""},
		{"half a fen rounds up", 25, 200, split(1, 3, 6), commission.Shares{Commission: 1, Creator: 1}, ""},
		{"below half a fen is nothing", 24, 200, split(1, 3, 6), commission.Shares{}, ""},
	} {
		got, err := commission.ComputeShares(tc.paid, tc.rate, tc.split)
		testkit.Must(t, err)
		if got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
		if got.Network+got.Platform+got.Creator != got.Commission {
			t.Errorf("%s: parts do not add up: %+v", tc.name, got)
		}
	}
	if late := split(1, 4, 5).Late(50); late.String() != "2:13:5" {
		t.Errorf("late grocery split %s, want 2:13:5", late)
	}
}

// TestEverySceneSplitsToTheCent pays one order per scene (10% of ¥123.45 =
// ¥12.35 after rounding 12.345 half up) and checks each party's account.
func TestEverySceneSplitsToTheCent(t *testing.T) {
	t.Parallel()
	want := map[string][3]int64{ // network, platform-or-pool, creator of 1235 fen
		commission.SceneLive: {124, 370, 741}, commission.SceneFollowerFeed: {124, 370, 741}, commission.SceneSubscription: {124, 370, 741},
		commission.ScenePublic: {124, 494, 617}, commission.SceneHeadlines: {124, 864, 247}, commission.SceneGoodFinds: {124, 864, 247},
		commission.SceneMustBuy: {124, 864, 247}, commission.SceneStreet: {124, 864, 247}, commission.SceneGlobalShopping: {124, 864, 247},
		commission.SceneShortVideo: {124, 864, 247}, commission.SceneGrocery: {124, 494, 617},
	}
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		for i, scene := range commission.Scenes {
			p := w.product("sku-"+scene, 1000, scene == commission.SceneGrocery)
			creatorID := fmt.Sprint("creator", i)
			l := w.link(creatorID, p, scene, w.clock.Now())
			shopper := "shopper-" + scene
			w.click(l, shopper)
			ans := w.event("order-"+scene, commission.EventPaid, p, shopper, 12345)
			if ans.Outcome != commission.OutcomeApplied || ans.Attributed == nil || ans.Attributed.Scene != scene ||
				ans.Attributed.Rule != (commission.RuleRef{Table: commission.RulesTable, Version: 1}) {
				t.Fatalf("%s: answer %+v", scene, ans)
			}
			sh := *ans.Shares
			if got := [3]int64{sh.Network, sh.Platform, sh.Creator}; sh.Commission != 1235 || got != want[scene] {
				t.Errorf("%s: shares %+v, want %v of 1235", scene, sh, want[scene])
			}
			if got := w.balance(ledger.Creator(creatorID, ledger.Pending)); got != want[scene][2] {
				t.Errorf("%s: creator pending %d", scene, got)
			}
			pool := ledger.Pool(scene, w.clock.Now().Format("2006-01"))
			if rules, _, _ := w.svc.FindRules(w.merchant); rules.Splits[scene].Pool != (w.balance(pool) == want[scene][1]) {
				t.Errorf("%s: pool %s holds %d", scene, pool, w.balance(pool))
			}
		}
		if got := w.balance(ledger.Network); got != 124*int64(len(commission.Scenes)) {
			t.Errorf("network %d", got)
		}
		w.verify()
	})
}

// TestAttributionWindowAndLastClick: the 15-day window holds at its edge
// and not a microsecond after; the shopper's last click wins; clicks after
// the payment do not count.
func TestAttributionWindowAndLastClick(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		p := w.product("lamp", 1000, false)
		a := w.link("alice", p, commission.SceneLive, w.clock.Now())
		b := w.link("bob", p, commission.ScenePublic, w.clock.Now())
		w.click(a, "s1")
		w.clock.Advance(time.Hour)
		w.click(b, "s1")
		w.clock.Advance(15*day - time.Hour)
		ans := w.event("edge-late", commission.EventPaid, p, "s1", 1000)
		if ans.Attributed == nil || ans.Attributed.CreatorID != "bob" || ans.Attributed.Scene != commission.ScenePublic {
			t.Errorf("last click lost: %+v", ans)
		}
		w.clock.Advance(time.Hour)
		ans = w.event("edge", commission.EventPaid, p, "s1", 1000)
		if ans.Attributed == nil || ans.Attributed.CreatorID != "bob" {
			t.Errorf("payment at exactly 15 days after the click: %+v", ans)
		}
		w.clock.Advance(time.Microsecond)
		ans = w.event("past-edge", commission.EventPaid, p, "s1", 1000)
		if ans.Outcome != commission.OutcomeUnattributed || ans.Attributed != nil || !strings.Contains(ans.Reason, "15 days") {
			t.Errorf("payment just after the window: %+v", ans)
		}
		// A click recorded with a time after the payment does not count.
		at := w.clock.Now()
		_, err := w.svc.RecordClick(w.integrator, commission.ClickInput{LinkID: a.ID, ShopperID: "s2", At: &at})
		testkit.Must(t, err)
		ans2, err := w.svc.PostOrderEvent(w.integrator, commission.OrderEvent{OrderID: "before-click", LineID: "1", ProductID: p.ID,
			ShopperID: "s2", Type: commission.EventPaid, Amount: cny(1000), At: at.Add(-time.Second)})
		testkit.Must(t, err)
		if ans2.Attributed != nil {
			t.Errorf("a click after the payment was attributed: %+v", ans2)
		}
	})
}

// TestGroceryWindow: links up to day 5 after the push, refused on day 6
// naming the rule; orders after day 5 pay the creator half its part.
func TestGroceryWindow(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		p := w.product("milk", 1000, true)
		pushed := w.clock.Now()
		w.clock.Advance(5 * day)
		l := w.link("carol", p, commission.SceneGrocery, pushed)
		w.click(l, "s1")
		full := w.event("day5", commission.EventPaid, p, "s1", 10000)
		if full.Attributed.Late || full.Shares.Creator != 500 || full.Attributed.Ratio != "1:4:5" {
			t.Errorf("order on day 5: %+v", full)
		}
		w.clock.Advance(time.Microsecond)
		if edge := w.event("day5-edge", commission.EventPaid, p, "s1", 10000); !edge.Attributed.Late || edge.Shares.Creator != 250 {
			t.Errorf("order a microsecond after day 5: %+v", edge)
		}
		id := "content-late"
		w.contents[id] = commission.ContentRef{ID: id, OwnerID: "carol", Products: []string{p.ID}, PushedAt: pushed}
		_, err := w.svc.CreateLink(creator("carol"), commission.LinkInput{ContentID: id, ProductID: p.ID, Scene: commission.SceneGrocery})
		if e := apperr.From(err); e.Code != apperr.Invalid || !strings.Contains(e.Error(), "within 5 days") ||
			e.Details["rule"] != (commission.RuleRef{Table: commission.RulesTable, Version: 1}) {
			t.Errorf("grocery link after day 5: %v", err)
		}
		w.clock.Advance(day)
		late := w.event("day6", commission.EventPaid, p, "s1", 10000)
		if !late.Attributed.Late || late.Attributed.Ratio != "2:13:5" || *late.Shares != (commission.Shares{Commission: 1000, Network: 100, Platform: 650, Creator: 250}) {
			t.Errorf("order on day 6: %+v", late)
		}
		_, err = w.svc.CreateLink(creator("carol"), commission.LinkInput{ContentID: id, ProductID: p.ID, Scene: commission.SceneLive})
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("a grocery product in another scene: %v", err)
		}
	})
}

// TestDuplicatesAndReordering: a refund before its payment is held and
// applied when the payment arrives; the same event again answers its first
// answer and moves nothing; the same key with another body conflicts.
func TestDuplicatesAndReordering(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		p := w.product("kettle", 1000, false)
		l := w.link("dora", p, commission.SceneLive, w.clock.Now())
		w.click(l, "s1")
		refund := w.event("o1", commission.EventRefunded, p, "s1", 4000)
		if refund.Outcome != commission.OutcomeHeld || len(refund.Postings) != 0 {
			t.Fatalf("refund before payment: %+v", refund)
		}
		paid := w.event("o1", commission.EventPaid, p, "s1", 10000)
		if paid.Outcome != commission.OutcomeApplied || len(paid.Postings) != 2 || paid.Shares.Creator != 360 {
			t.Fatalf("payment after its refund: %+v", paid)
		}
		if got := w.balance(ledger.Creator("dora", ledger.Pending)); got != 360 {
			t.Errorf("creator pending %d, want 360 (6/10 of 10%% of 60.00)", got)
		}
		again := w.event("o1", commission.EventPaid, p, "s1", 10000)
		if first, replay := jsonOf(t, paid), jsonOf(t, again); first != replay {
			t.Errorf("replayed payment answered %s, want the first answer %s", replay, first)
		}
		if got := w.event("o1", commission.EventRefunded, p, "s1", 4000); got.Outcome != commission.OutcomeHeld {
			t.Errorf("replayed refund answered %+v, want its first (held) answer", got)
		}
		if got := w.balance(ledger.Creator("dora", ledger.Pending)); got != 360 {
			t.Errorf("replays moved money: pending %d", got)
		}
		_, err := w.svc.PostOrderEvent(w.integrator, commission.OrderEvent{OrderID: "o1", LineID: "1", ProductID: p.ID, ShopperID: "s1",
			Type: commission.EventPaid, Amount: cny(99), At: w.clock.Now()})
		if apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("same key, other body: %v", err)
		}
		// A batch answers per event in order, a bad event rejected in place.
		answers, err := w.svc.PostOrderEvents(w.integrator, []commission.OrderEvent{
			{OrderID: "o2", LineID: "1", ProductID: p.ID, ShopperID: "s1", Type: commission.EventCancelled, At: w.clock.Now()},
			{OrderID: "o2", LineID: "1", ProductID: p.ID, ShopperID: "s1", Type: "lost", At: w.clock.Now()},
			{OrderID: "o2", LineID: "1", ProductID: p.ID, ShopperID: "s1", Type: commission.EventPaid, Amount: cny(5000), At: w.clock.Now()},
			{OrderID: "o1", LineID: "1", ProductID: p.ID, ShopperID: "s1", Type: commission.EventPaid, Amount: cny(10000), At: w.clock.Now()},
		})
		testkit.Must(t, err)
		outcomes := []string{}
		for _, a := range answers {
			outcomes = append(outcomes, a.Outcome)
		}
		if strings.Join(outcomes, ",") != "held,rejected,applied,applied" || answers[1].Error == nil || answers[1].Error.Fields["type"] == "" {
			t.Errorf("batch outcomes %v: %+v", outcomes, answers)
		}
		if got := w.balance(ledger.Creator("dora", ledger.Pending)); got != 360 {
			t.Errorf("a cancelled payment left money: pending %d", got)
		}
		if got := w.balance(ledger.Merchant(p.MerchantID)); got != -600 {
			t.Errorf("merchant %d, want -600", got)
		}
		w.verify()
	})
}

// TestSettlementGateRefundsAndIdempotence: a below-L2 creator's commission
// is recorded not payable, an L2 creator's settled; a second run moves
// nothing; a refund after settlement comes back out of the settled account;
// reaching L2 later releases the held commission; past the hold it is
// forfeited.
func TestSettlementGateRefundsAndIdempotence(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{SettlementBatch: 2})
		w.levels["erin"] = "L2"
		w.levels["finn"] = "L1"
		p := w.product("bag", 2000, false)
		for _, c := range []string{"erin", "finn", "gus"} {
			l := w.link(c, p, commission.SceneLive, w.clock.Now())
			for i := range 3 {
				shopper := fmt.Sprint(c, i)
				w.click(l, shopper)
				w.event(shopper, commission.EventPaid, p, shopper, 10000)
				if i < 2 {
					w.event(shopper, commission.EventConfirmed, p, shopper, 0)
				}
			}
		}
		// erin0 is refunded in part before settlement: 20% of 75.00 = 15.00, 6/10 = 9.00.
		w.event("erin0", commission.EventRefunded, p, "erin0", 2500)
		st := w.settle()
		if st.State != commission.SettlementDone || st.Settled != 900+1200 || st.NotPayable != 2*1200*2 {
			t.Errorf("first run: %+v", st)
		}
		if got := w.balance(ledger.Creator("erin", ledger.Settled)); got != 2100 {
			t.Errorf("erin settled %d", got)
		}
		if got := w.balance(ledger.Creator("erin", ledger.Pending)); got != 1200 {
			t.Errorf("erin's unconfirmed line should stay pending: %d", got)
		}
		if got := w.balance(ledger.Creator("finn", ledger.NotPayable)); got != 2400 {
			t.Errorf("finn not payable %d", got)
		}
		again := w.settle()
		if again.Settled != 0 || again.NotPayable != 0 || again.Released != 0 || again.Forfeited != 0 {
			t.Errorf("second run moved money: %+v", again)
		}
		// Refund after settlement: the whole of erin1 comes back out of settled.
		w.event("erin1", commission.EventRefunded, p, "erin1", 10000)
		w.event("erin0", commission.EventCancelled, p, "erin0", 0)
		if got := w.balance(ledger.Creator("erin", ledger.Settled)); got != 0 {
			t.Errorf("erin settled after refunds %d, want 0", got)
		}
		w.event("erin2", commission.EventConfirmed, p, "erin2", 0)
		w.event("erin2", commission.EventRefunded, p, "erin2", 10000)
		w.event("erin1", commission.EventConfirmed, p, "erin1", 0)
		w.clock.Advance(10 * day)
		w.levels["finn"] = "L2"
		released := w.settle()
		if released.Released != 2400 || w.balance(ledger.Creator("finn", ledger.Settled)) != 2400 {
			t.Errorf("finn reached L2 within the hold: %+v", released)
		}
		w.clock.Set(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC).Add(91 * day))
		forfeited, err := w.svc.CreateSettlement(w.finance, "2026-03")
		testkit.Must(t, err)
		for ran := true; ran; {
			ran, err = w.jobs.RunOnce(context.Background(), "test")
			testkit.Must(t, err)
		}
		forfeited, err = w.svc.FindSettlementByID(w.finance, forfeited.ID)
		testkit.Must(t, err)
		if forfeited.Forfeited != 2400 || w.balance(ledger.Creator("gus", ledger.NotPayable)) != 0 {
			t.Errorf("gus past the hold: %+v", forfeited)
		}
		// A refund after forfeiture comes out of the platform.
		before := w.balance(ledger.Platform)
		w.event("gus0", commission.EventRefunded, p, "gus0", 10000)
		if got := before - w.balance(ledger.Platform); got != 600+1200 {
			t.Errorf("refund of a forfeited line took %d from the platform", got)
		}
		w.verify()
	})
}

// TestRewardPoolDistribution pays a short-video pool out by content value;
// a merchant-creator's own-shop sales and below-level creators do not
// count, every fen is allocated, a second distribution pays nothing.
func TestRewardPoolDistribution(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		for _, c := range []string{"hana", "ivan", "merchant"} {
			w.levels[c] = "L3"
		}
		p := w.product("phone", 1000, false)
		own := w.link("merchant", p, commission.SceneShortVideo, w.clock.Now())
		hana := w.link("hana", p, commission.SceneShortVideo, w.clock.Now())
		ivan := w.link("ivan", p, commission.SceneShortVideo, w.clock.Now())
		low := w.link("jo", p, commission.SceneShortVideo, w.clock.Now())
		for i, c := range []struct {
			l      commission.Link
			orders int
		}{{own, 3}, {hana, 2}, {ivan, 1}, {low, 1}} {
			for j := range c.orders {
				shopper := fmt.Sprint("s", i, j)
				w.click(c.l, shopper)
				w.event(shopper, commission.EventPaid, p, shopper, 33333)
			}
		}
		period := w.clock.Now().Format("2006-01")
		pool := w.balance(ledger.Pool(commission.SceneShortVideo, period))
		if pool != 7*2333 {
			t.Fatalf("pool %d", pool)
		}
		_, err := w.svc.DistributePool(w.finance, commission.SceneShortVideo, period)
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("distributing a running period: %v", err)
		}
		w.clock.Advance(31 * day)
		if _, err := w.svc.DistributePool(w.finance, commission.SceneGlobalShopping, period); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("global shopping has no pool: %v", err)
		}
		dist, err := w.svc.DistributePool(w.finance, commission.SceneShortVideo, period)
		testkit.Must(t, err)
		// Scores: hana 2 clicks + 2×5 shoppers + 2×20 orders + 666 yuan = 718; ivan 1+5+20+333 = 359.
		got := map[string]int64{}
		var sum int64
		for _, s := range dist.Shares {
			got[s.CreatorID] = s.Score
			sum += s.Amount.Minor
		}
		if len(dist.Shares) != 2 || got["hana"] != 718 || got["ivan"] != 359 || sum != pool {
			t.Errorf("shares %+v", dist.Shares)
		}
		if w.balance(ledger.Pool(commission.SceneShortVideo, period)) != 0 ||
			w.balance(ledger.Creator("hana", ledger.Settled))+w.balance(ledger.Creator("ivan", ledger.Settled)) != pool {
			t.Errorf("the pool was not paid out in full")
		}
		// Every line of the distribution cites the rules it was scored by;
		// each share also the level and level privilege table it was paid under.
		entries, _, err := w.svc.Ledger().FindEntries(context.Background(), ledger.Pool(commission.SceneShortVideo, period), db.Page{})
		testkit.Must(t, err)
		cited := 0
		for _, e := range entries {
			if e.Kind != "reward_pool.distribute" {
				continue
			}
			for _, ln := range e.Lines {
				detail := string(ln.Detail)
				if !strings.Contains(detail, `"rule":{"table":"commission_rules","version":1}`) || !strings.Contains(detail, `"distribution_id":"`+dist.ID) ||
					(strings.HasPrefix(ln.Account, "creator:") && !strings.Contains(detail, `"level":"L3","level_rule":{`)) {
					t.Errorf("pool line %s cites %s", ln.Account, detail)
				}
				cited++
			}
		}
		if cited != 3 {
			t.Errorf("the distribution posted %d lines, want the pool's and two shares", cited)
		}
		second, err := w.svc.DistributePool(w.finance, commission.SceneShortVideo, period)
		testkit.Must(t, err)
		if len(second.Shares) != 0 || second.Reason == "" {
			t.Errorf("second distribution %+v", second)
		}
		// hana's earnings carry her share: per content (with her order
		// lines), per product (under the channel's pool) and per day (the
		// distribution's).
		var share commission.PoolShare
		for _, s := range dist.Shares {
			if s.CreatorID == "hana" {
				share = s
			}
		}
		day := w.clock.Now().Format(time.DateOnly)
		for group, key := range map[string]string{commission.GroupContent: share.ContentID,
			commission.GroupProduct: "pool:" + commission.SceneShortVideo, commission.GroupDay: day} {
			earnings, err := w.svc.FindEarnings(creator("hana"), commission.EarningsFilter{Group: group})
			testkit.Must(t, err)
			var pooled, settled int64
			for _, e := range earnings {
				if e.Key == key {
					pooled, settled = e.Pool, e.Settled
				}
			}
			if pooled != share.Amount.Minor || settled < pooled {
				t.Errorf("hana's earnings per %s: pool %d, settled %d, want pool %d: %+v", group, pooled, settled, share.Amount.Minor, earnings)
			}
		}
		w.verify()
	})
}

// TestStatementAndSandbox: the statement carries what each amount came
// from; sandbox orders land in sandbox accounts only.
func TestStatementAndSandbox(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{Sandbox: true})
		p := w.product("pen", 1500, false)
		l := w.link("kim", p, commission.SceneSubscription, w.clock.Now())
		w.click(l, "s1")
		w.event("o1", commission.EventPaid, p, "s1", 4321)
		w.event("o1", commission.EventRefunded, p, "s1", 1000)
		var buf bytes.Buffer
		testkit.Must(t, w.svc.ExportEarnings(creator("kim"), commission.EarningsFilter{}, &buf))
		rows, err := csv.NewReader(&buf).ReadAll()
		testkit.Must(t, err)
		if len(rows) != 2 || rows[1][0] != "o1" || rows[1][12] != "1000" || rows[1][19] != "15" || rows[1][20] != "5" || rows[1][21] != "1:3:6" || rows[1][22] != "498" {
			t.Errorf("statement %v", rows)
		}
		earnings, err := w.svc.FindEarnings(creator("kim"), commission.EarningsFilter{Group: commission.GroupDay})
		testkit.Must(t, err)
		if len(earnings) != 1 || earnings[0].Pending != 299 || earnings[0].Key != "2026-03-02" {
			t.Errorf("earnings %+v", earnings)
		}
		answers, err := w.svc.PlaceSandboxOrders(creator("kim"), commission.SandboxOrder{LinkID: l.ID, Amount: cny(10000), Count: 2})
		testkit.Must(t, err)
		if len(answers) != 2 || answers[0].Outcome != commission.OutcomeApplied {
			t.Fatalf("sandbox answers %+v", answers)
		}
		if got := w.balance(ledger.Sandbox(ledger.Creator("kim", ledger.Pending))); got != 2*900 {
			t.Errorf("sandbox pending %d", got)
		}
		if got := w.balance(ledger.Creator("kim", ledger.Pending)); got != 299 {
			t.Errorf("sandbox money mixed with real: pending %d", got)
		}
		if _, _, err := w.svc.FindLedgerEntries(creator("kim"), ledger.Creator("lee", ledger.Pending), db.Page{}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("reading another creator's account: %v", err)
		}
		entries, _, err := w.svc.FindLedgerEntries(creator("kim"), "creator:kim:", db.Page{})
		testkit.Must(t, err)
		if len(entries) != 2 {
			t.Errorf("kim's entries %+v", entries)
		}
		w.verify()
	})
}

func jsonOf(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	testkit.Must(t, err)
	return string(b)
}

// TestRulesVersionsByNoticeDate: a new version takes effect at its notice
// date; payments before it keep the old version, and each answer names
// the version it used. A notice date in the past is refused.
func TestRulesVersionsByNoticeDate(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		current, _, err := w.svc.FindRules(w.merchant)
		testkit.Must(t, err)
		next := current.CPSRuleSet
		next.Splits = map[string]commission.Split{}
		for k, v := range current.Splits {
			next.Splits[k] = v
		}
		next.Splits[commission.SceneLive] = commission.Split{Network: 1, Platform: 2, Creator: 7}
		notice := w.clock.Now().Add(7 * day)
		if _, err := w.svc.CreateRules(w.merchant, commission.CPSRulesInput{EffectiveAt: notice, CPSRuleSet: next}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a merchant published rules: %v", err)
		}
		if _, err := w.svc.CreateRules(w.finance, commission.CPSRulesInput{EffectiveAt: w.clock.Now().Add(-time.Hour), CPSRuleSet: next}); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("a notice date in the past: %v", err)
		}
		v2, err := w.svc.CreateRules(w.finance, commission.CPSRulesInput{EffectiveAt: notice, Note: "live 1:2:7", CPSRuleSet: next})
		testkit.Must(t, err)
		p := w.product("cup", 1000, false)
		l := w.link("lin", p, commission.SceneLive, w.clock.Now())
		w.click(l, "s1")
		before := w.event("before", commission.EventPaid, p, "s1", 10000)
		w.clock.Set(notice)
		w.click(l, "s2")
		after := w.event("after", commission.EventPaid, p, "s2", 10000)
		if before.Attributed.Rule.Version != 1 || before.Shares.Creator != 600 || after.Attributed.Rule.Version != v2.Version ||
			after.Shares.Creator != 700 {
			t.Errorf("before the notice %+v, after %+v", before.Attributed, after.Attributed)
		}
		_, history, err := w.svc.FindRules(w.merchant)
		testkit.Must(t, err)
		if len(history) != 2 || history[0].Note != "live 1:2:7" {
			t.Errorf("history %+v", history)
		}
	})
}

// TestFindProductsByIDs: the listed products of a set of ids, by id, an
// unknown id left out.
func TestFindProductsByIDs(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		a, b := w.product("a", 500, false), w.product("b", 700, false)
		w.product("c", 900, false)
		found, err := w.svc.FindProductsByIDs(w.merchant, []string{a.ID, b.ID, "missing"})
		testkit.Must(t, err)
		if len(found) != 2 || found[a.ID].Title != "Product a" || found[b.ID].RateBP != 700 {
			t.Errorf("found %+v, want products a and b", found)
		}
		if none, err := w.svc.FindProductsByIDs(w.merchant, nil); err != nil || len(none) != 0 {
			t.Errorf("no ids: %v %v", none, err)
		}
	})
}

// TestPerAccountSandbox: with HELIO_SANDBOX off, a creator is refused
// sandbox orders until they switch sandbox mode on for their account; then
// their sandbox orders land in sandbox accounts only (real balances,
// earnings and the pool stay as they were) while another creator is still
// refused; switched off, they are refused again. Each switch is audited.
func TestPerAccountSandbox(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		p := w.product("kite", 1000, false)
		l := w.link("mia", p, commission.SceneShortVideo, w.clock.Now())
		other := w.link("ned", p, commission.SceneShortVideo, w.clock.Now())
		w.click(l, "real")
		w.event("real-order", commission.EventPaid, p, "real", 5000)
		order := commission.SandboxOrder{LinkID: l.ID, Amount: cny(10000), Count: 3}
		if _, err := w.svc.PlaceSandboxOrders(creator("mia"), order); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("sandbox orders with sandbox mode off: %v", err)
		}
		mode, err := w.svc.SetSandboxMode(creator("mia"), true)
		testkit.Must(t, err)
		if !mode.Account || mode.Server || mode.EnabledAt == nil {
			t.Fatalf("mode after switching on: %+v", mode)
		}
		pending, pool := w.balance(ledger.Creator("mia", ledger.Pending)), w.balance(ledger.Pool(commission.SceneShortVideo,
			w.clock.Now().Format("2006-01")))
		before, err := w.svc.FindEarnings(creator("mia"), commission.EarningsFilter{})
		testkit.Must(t, err)
		answers, err := w.svc.PlaceSandboxOrders(creator("mia"), order)
		testkit.Must(t, err)
		if len(answers) != 3 || answers[0].Outcome != commission.OutcomeApplied {
			t.Fatalf("sandbox answers %+v", answers)
		}
		// 10% of 100.00 is 10.00; short video pays the creator 2/10.
		if got := w.balance(ledger.Sandbox(ledger.Creator("mia", ledger.Pending))); got != 3*200 {
			t.Errorf("sandbox pending %d, want 600", got)
		}
		after, err := w.svc.FindEarnings(creator("mia"), commission.EarningsFilter{})
		testkit.Must(t, err)
		if w.balance(ledger.Creator("mia", ledger.Pending)) != pending || fmt.Sprint(after) != fmt.Sprint(before) ||
			w.balance(ledger.Pool(commission.SceneShortVideo, w.clock.Now().Format("2006-01"))) != pool {
			t.Errorf("sandbox money mixed with real balances: pending %d→%d, earnings %+v→%+v", pending,
				w.balance(ledger.Creator("mia", ledger.Pending)), before, after)
		}
		if _, err := w.svc.PlaceSandboxOrders(creator("ned"), commission.SandboxOrder{LinkID: other.ID, Amount: cny(100)}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("another account's sandbox orders: %v", err)
		}
		mode, err = w.svc.SetSandboxMode(creator("mia"), false)
		testkit.Must(t, err)
		if mode.On() {
			t.Fatalf("mode after switching off: %+v", mode)
		}
		if _, err := w.svc.PlaceSandboxOrders(creator("mia"), order); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("sandbox orders after switching off: %v", err)
		}
		var audited int
		testkit.Must(t, d.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_events WHERE action IN ('sandbox.on', 'sandbox.off')
			AND object_id = 'mia'`).Scan(&audited))
		if audited != 2 {
			t.Errorf("%d audited switches, want 2", audited)
		}
		w.verify()
	})
}

// TestFindMountedProducts names mounted products by id or sku, leaves out
// unknown keys and a sku two merchants list, and keeps its answers for a
// minute: a product listed meanwhile shows once the minute has passed.
func TestFindMountedProducts(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, commission.Options{})
		cup := w.product("cup", 1000, false)
		w.product("twin", 1000, false)
		_, err := w.svc.CreateProduct(authz.WithActor(context.Background(), authz.Actor{UserID: "other-merchant"}),
			commission.ProductInput{SKU: "twin", Title: "twin", URL: "https://shop.example.com/twin2", Price: cny(100), RateBP: 100})
		testkit.Must(t, err)
		reader := context.Background()
		got, err := w.svc.FindMountedProducts(reader, []string{cup.ID, "cup", "twin", "later"})
		testkit.Must(t, err)
		if len(got) != 2 || got[cup.ID].ID != cup.ID || got["cup"].ID != cup.ID {
			t.Errorf("mounted products = %+v", got)
		}
		w.product("later", 1000, false)
		if got, _ := w.svc.FindMountedProducts(reader, []string{"later"}); len(got) != 0 {
			t.Errorf("a product listed within the minute shows already: %+v", got)
		}
		w.clock.Advance(time.Minute)
		if got, _ := w.svc.FindMountedProducts(reader, []string{"later"}); got["later"].SKU != "later" {
			t.Errorf("a product listed a minute ago does not show: %+v", got)
		}
	})
}
