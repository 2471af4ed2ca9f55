package httpapi_test

import (
	"context"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/testkit"
)

// orgMatrix is the permission matrix of the organization routes: main
// accounts only (no staff, no operation account); creating one needs a
// certification, and the service then asks for an organization one.
var orgMatrix = map[string]string{
	"POST /api/v1/organizations":                                   "LDDDDDDDDDDDGDDDDD",
	"GET /api/v1/me/organization":                                  "L...DDDDDDDDGDD..D",
	"GET /api/v1/organizations/{id}":                               "L...DDDDDDDDGDD..D",
	"POST /api/v1/organizations/{id}/invitations":                  "L...DDDDDDDDGDD..D",
	"GET /api/v1/organizations/{id}/stats":                         "L...DDDDDDDDGDD..D",
	"POST /api/v1/organizations/{id}/creators/{creator_id}/unbind": "L...DDDDDDDDGDD..D",
	"GET /api/v1/me/organizations":                                 "L...DDDDDDDDGDD..D",
	"POST /api/v1/organization-invitations/{id}/accept":            "L...DDDDDDDDGDD..D",
	"POST /api/v1/organization-invitations/{id}/decline":           "L...DDDDDDDDGDD..D",
}

func init() { maps.Copy(matrix, orgMatrix) }

// orgWorld is a creator world with an organization, an integrator and a
// merchant's product, for the organization scenarios.
type orgWorld struct {
	*creatorWorld
	boss, feed, shop string
	orgID, product   string
}

func newOrgWorld(t *testing.T, d *db.DB) *orgWorld {
	w := &orgWorld{creatorWorld: newCreatorWorld(t, d, "HELIO_ORG_NOTICE=720h")}
	_, err := w.env.Accounts.CreateOperator(context.Background(), account.Operator{Login: "feed", Password: good,
		Roles: []string{"integrator"}})
	testkit.Must(t, err)
	w.feed = w.login("feed")
	w.shop, _ = w.signUp("shop")
	p := w.call("POST", "/api/v1/products", w.shop, map[string]any{"sku": "sku-org", "title": "跑鞋", "url": "https://shop.example.com/sku-org",
		"price": map[string]any{"amount": 59900, "currency": "CNY"}, "commission_rate_bp": 1000})
	p.Expect(t, http.StatusCreated, "")
	w.product = p.String("id")

	boss, _ := w.signUp("mcn")
	w.verifyEnterprise(boss, "星火文化传媒有限公司")
	acct := w.call("POST", "/api/v1/creator-accounts", boss, map[string]any{"type": "creator", "name": "星火 MCN"})
	acct.Expect(t, http.StatusCreated, "")
	doc := w.upload(boss, "document", pngBytes).String("id")
	cert := w.call("POST", "/api/v1/certifications", boss, map[string]any{"creator_account_id": acct.String("id"),
		"kind": "organization", "documents": []string{doc}, "domain_focus": "sports_outdoor"})
	cert.Expect(t, http.StatusCreated, "")
	w.call("POST", "/api/v1/review-queue/"+cert.String("id")+"/approve", w.ops, nil).Expect(t, http.StatusOK, "")
	w.boss = w.login("mcn")
	return w
}

// creatorWithLink certifies a creator who publishes an item mounting the
// product and makes its tracked link in the live scene.
func (w *orgWorld) creatorWithLink(nickname, birth string) (token, id, link string) {
	token = w.certify(nickname, birth, "graphic_post", "product_mounting")
	id = w.call("GET", "/api/v1/me", token, nil).String("id")
	c := w.call("POST", "/api/v1/contents", token, map[string]any{"type": "item", "title": nickname + "的跑鞋测评",
		"body": "鞋底回弹很好，适合长距离慢跑", "products": []map[string]any{{"id": "sku-org"}}})
	c.Expect(w.t, http.StatusCreated, "")
	w.call("POST", "/api/v1/contents/"+c.String("id")+"/submit", token, map[string]any{}).Expect(w.t, http.StatusOK, "")
	w.call("POST", "/api/v1/review-queue/"+c.String("id")+"/approve", w.ops, nil).Expect(w.t, http.StatusOK, "")
	l := w.call("POST", "/api/v1/links", token, map[string]any{"content_id": c.String("id"), "product_id": "sku-org", "scene": "live"})
	l.Expect(w.t, http.StatusCreated, "")
	return token, id, l.String("id")
}

// order is a shopper's click on link and a paid order of amount fen now;
// it answers the event's shares.
func (w *orgWorld) order(link, order string, amount int64) map[string]any {
	shopper := "shopper-" + order
	w.call("POST", "/api/v1/clicks", w.feed, map[string]any{"link_id": link, "shopper_id": shopper}).Expect(w.t, http.StatusCreated, "")
	a := w.call("POST", "/api/v1/order-events", w.feed, map[string]any{"order_id": order, "line_id": "1", "product_id": w.product,
		"shopper_id": shopper, "type": "paid", "amount": map[string]any{"amount": amount, "currency": "CNY"},
		"at": w.env.Clock.Now().Format(time.RFC3339Nano)})
	if a.Status != http.StatusOK && a.Status != http.StatusCreated {
		w.t.Fatalf("order %s: %d %s", order, a.Status, a.Raw)
	}
	return a.Body["shares"].(map[string]any)
}

func (w *orgWorld) balance(account string) int64 {
	b, err := w.env.Commission.Ledger().Balance(context.Background(), account, "CNY")
	testkit.Must(w.t, err)
	return b.Minor
}

// TestOrganizationInvitationContractAndLedger: only an enterprise
// (organization-)certified account opens an organization; bad invitations
// change nothing; a creator declines one and accepts another; orders then
// split the creator's part with the organization to the cent, citing
// contract version 1; a second invitation accepted later is version 2 and
// applies only to later orders; the organization's stats show its
// creators' figures and earnings, and nothing of their private pages.
func TestOrganizationInvitationContractAndLedger(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newOrgWorld(t, d)
		// A personal certification is not enough.
		amy, amyID, amyLink := w.creatorWithLink("amy", "19900101")
		w.call("POST", "/api/v1/organizations", amy, map[string]any{"name": "Amy 工作室"}).Expect(t, http.StatusForbidden, "forbidden")
		w.call("POST", "/api/v1/organizations", w.boss, map[string]any{"name": " "}).Expect(t, 422, "invalid", "name")
		o := w.call("POST", "/api/v1/organizations", w.boss, map[string]any{"name": "星火 MCN"})
		o.Expect(t, http.StatusCreated, "")
		w.orgID = o.String("id")
		w.call("POST", "/api/v1/organizations", w.boss, map[string]any{"name": "再来一个"}).Expect(t, http.StatusConflict, "conflict")
		if got := w.call("GET", "/api/v1/me/organization", w.boss, nil).String("id"); got != w.orgID {
			t.Fatalf("my organization %q", got)
		}

		invite := "/api/v1/organizations/" + w.orgID + "/invitations"
		w.call("POST", invite, w.boss, map[string]any{"creator_id": amyID, "share_bp": 10000}).Expect(t, 422, "invalid", "share_bp")
		w.call("POST", invite, w.boss, map[string]any{"creator_id": "nobody", "share_bp": 3000}).Expect(t, 422, "invalid", "creator_id")
		w.call("POST", invite, w.boss, map[string]any{"creator_id": amyID, "share_bp": 3000, "scope": "tasks"}).
			Expect(t, 422, "invalid", "scope")
		w.call("POST", invite, amy, map[string]any{"creator_id": amyID, "share_bp": 3000}).Expect(t, http.StatusNotFound, "not_found")
		if n := w.count("organization_invitations"); n != 0 {
			t.Fatalf("refused invitations wrote %d rows", n)
		}
		first := w.call("POST", invite, w.boss, map[string]any{"creator_id": amyID, "share_bp": 2000})
		first.Expect(t, http.StatusCreated, "")
		w.call("POST", invite, w.boss, map[string]any{"creator_id": amyID, "share_bp": 3000}).Expect(t, http.StatusConflict, "conflict")
		w.call("POST", "/api/v1/organization-invitations/"+first.String("id")+"/accept", w.boss, nil).Expect(t, http.StatusNotFound, "not_found")
		w.call("POST", "/api/v1/organization-invitations/"+first.String("id")+"/decline", amy, nil).Expect(t, http.StatusOK, "")
		w.call("POST", "/api/v1/organization-invitations/"+first.String("id")+"/accept", amy, nil).Expect(t, http.StatusConflict, "conflict")

		// Before any binding, an order leaves the creator her whole part.
		before := w.order(amyLink, "o0", 12345)
		if before["creator"].(float64) != 741 || before["organization"] != nil {
			t.Fatalf("unbound shares %v", before)
		}
		w.env.Clock.Advance(time.Minute)
		second := w.call("POST", invite, w.boss, map[string]any{"creator_id": amyID, "share_bp": 3000})
		second.Expect(t, http.StatusCreated, "")
		mine := w.call("GET", "/api/v1/me/organizations", amy, nil)
		if invs := mine.Body["invitations"].([]any); len(invs) != 2 || invs[0].(map[string]any)["organization_name"] != "星火 MCN" {
			t.Fatalf("my invitations %s", mine.Raw)
		}
		b := w.call("POST", "/api/v1/organization-invitations/"+second.String("id")+"/accept", amy, nil)
		b.Expect(t, http.StatusOK, "")
		if cs := b.Body["contracts"].([]any); len(cs) != 1 || cs[0].(map[string]any)["version"].(float64) != 1 {
			t.Fatalf("binding %s", b.Raw)
		}

		// 10% of ¥123.45 = 1235; live 1:3:6 → creator 741; 30% = 222.3 → organization 222, creator 519.
		w.env.Clock.Advance(time.Minute)
		v1 := w.order(amyLink, "o1", 12345)
		if v1["creator"].(float64) != 519 || v1["organization"].(float64) != 222 {
			t.Fatalf("v1 shares %v", v1)
		}
		if got := w.balance(ledger.Organization(w.orgID)); got != 222 {
			t.Fatalf("organization account %d", got)
		}
		lines := w.call("GET", "/api/v1/ledger/entries?account="+ledger.Organization(w.orgID), w.ops, nil)
		if !strings.Contains(string(lines.Raw), `\"contract\":{\"table\":\"organization_contracts\",\"version\":1}`) &&
			!strings.Contains(string(lines.Raw), `"contract":{"table":"organization_contracts","version":1}`) {
			t.Fatalf("the organization's line cites no contract version: %s", lines.Raw)
		}

		// A new version (50%), accepted later, applies only to later orders.
		w.env.Clock.Advance(time.Minute)
		third := w.call("POST", invite, w.boss, map[string]any{"creator_id": amyID, "share_bp": 5000})
		third.Expect(t, http.StatusCreated, "")
		b = w.call("POST", "/api/v1/organization-invitations/"+third.String("id")+"/accept", amy, nil)
		if cs := b.Body["contracts"].([]any); len(cs) != 2 || cs[1].(map[string]any)["share_bp"].(float64) != 5000 {
			t.Fatalf("contract history %s", b.Raw)
		}
		w.env.Clock.Advance(time.Minute)
		v2 := w.order(amyLink, "o2", 12345)
		// 741 at 50% = 370.5: a tie, the fen to the creator.
		if v2["creator"].(float64) != 371 || v2["organization"].(float64) != 370 {
			t.Fatalf("v2 shares %v", v2)
		}
		if got := w.balance(ledger.Organization(w.orgID)); got != 222+370 {
			t.Fatalf("organization account after v2 %d (the earlier order must keep v1)", got)
		}

		// The organization sees figures and earnings, not private pages.
		st := w.call("GET", "/api/v1/organizations/"+w.orgID+"/stats", w.boss, nil)
		st.Expect(t, http.StatusOK, "")
		cr := st.Body["creators"].([]any)
		if len(cr) != 1 || st.Body["org_share"].(float64) != 592 || cr[0].(map[string]any)["creator_net"].(float64) != 890 ||
			cr[0].(map[string]any)["published"].(float64) != 1 ||
			cr[0].(map[string]any)["binding"].(map[string]any)["creator"].(map[string]any)["name"] != "amy studio" {
			t.Fatalf("stats %s", st.Raw)
		}
		w.call("GET", "/api/v1/organizations/"+w.orgID+"/stats", amy, nil).Expect(t, http.StatusNotFound, "not_found")
		w.call("GET", "/api/v1/ledger/entries?account="+ledger.Creator(amyID, ledger.Pending), w.boss, nil).
			Expect(t, http.StatusForbidden, "forbidden")
		prefs := w.call("GET", "/api/v1/me/notification-preferences", w.boss, nil)
		if strings.Contains(string(prefs.Raw), amyID) {
			t.Fatalf("the organization reads the creator's preferences: %s", prefs.Raw)
		}
	})
}

// TestOrganizationUnbindingHandsOver: notice to unbind (either side) keeps
// the binding and its contract in force for the configured notice period;
// when it is over, both sides receive the hand-over (the creator's content
// with figures, and the ledger lines of the bound period) as export
// files, and the organization sees nothing more of the creator.
func TestOrganizationUnbindingHandsOver(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newOrgWorld(t, d)
		o := w.call("POST", "/api/v1/organizations", w.boss, map[string]any{"name": "星火 MCN"})
		w.orgID = o.String("id")
		amy, amyID, amyLink := w.creatorWithLink("amy", "19900101")
		inv := w.call("POST", "/api/v1/organizations/"+w.orgID+"/invitations", w.boss, map[string]any{"creator_id": amyID, "share_bp": 3000})
		w.call("POST", "/api/v1/organization-invitations/"+inv.String("id")+"/accept", amy, nil).Expect(t, http.StatusOK, "")
		w.env.Clock.Advance(time.Minute)
		w.order(amyLink, "o1", 12345)

		unbind := "/api/v1/organizations/" + w.orgID + "/creators/" + amyID + "/unbind"
		stranger, _ := w.signUp("stranger")
		w.call("POST", unbind, stranger, nil).Expect(t, http.StatusNotFound, "not_found")
		b := w.call("POST", unbind, amy, nil)
		b.Expect(t, http.StatusOK, "")
		ends, err := time.Parse(time.RFC3339, b.String("ends_at"))
		testkit.Must(t, err)
		if b.String("state") != "unbinding" || !ends.Equal(w.env.Clock.Now().Add(720*time.Hour)) {
			t.Fatalf("notice %s", b.Raw)
		}
		w.call("POST", unbind, w.boss, nil).Expect(t, http.StatusConflict, "conflict")

		// In the notice period the contract still applies.
		w.env.Clock.Advance(24 * time.Hour)
		if sh := w.order(amyLink, "o2", 12345); sh["organization"].(float64) != 222 {
			t.Fatalf("order in the notice period %v", sh)
		}
		w.env.DrainJobs(t)
		if st := w.call("GET", "/api/v1/organizations/"+w.orgID+"/stats", w.boss, nil); len(st.Body["creators"].([]any)) != 1 {
			t.Fatalf("stats in the notice period %s", st.Raw)
		}

		// The notice is over: the job ends the binding and hands over.
		w.env.Clock.Advance(720 * time.Hour)
		w.env.DrainJobs(t)
		w.env.DrainJobs(t)
		w.boss, amy, w.feed = w.login("mcn"), w.login("amy"), w.login("feed") // the sessions expired meanwhile
		view := w.call("GET", "/api/v1/organizations/"+w.orgID, w.boss, nil)
		mine := w.call("GET", "/api/v1/me/organizations", amy, nil)
		for who, bs := range map[string][]any{w.boss: view.Body["bindings"].([]any), amy: mine.Body["bindings"].([]any)} {
			// Each side sees its own hand-over.
			if len(bs) != 1 || bs[0].(map[string]any)["state"] != "ended" || len(bs[0].(map[string]any)["handovers"].([]any)) != 1 {
				t.Fatalf("ended binding %v", bs)
			}
			h := bs[0].(map[string]any)["handovers"].([]any)[0].(map[string]any)
			if e := w.call("GET", "/api/v1/exports/"+h["export_id"].(string), who, nil); e.String("state") != "done" || e.String("kind") != "handover" {
				t.Fatalf("hand-over export: %s", e.Raw)
			}
			f := w.send("GET", h["url"].(string), who, nil, nil)
			if f.Status != http.StatusOK {
				t.Fatalf("hand-over file: %d %s", f.Status, f.Raw)
			}
			text := strings.TrimPrefix(string(f.Raw), "\ufeff")
			if !strings.Contains(text, "amy的跑鞋测评") || !strings.Contains(text, ledger.Organization(w.orgID)) ||
				!strings.Contains(text, "order:o1:1:paid") || !strings.Contains(text, "order:o2:1:paid") {
				t.Fatalf("hand-over lacks content or ledger lines:\n%s", text)
			}
		}
		// Access is gone, and later orders keep the creator's whole part.
		if st := w.call("GET", "/api/v1/organizations/"+w.orgID+"/stats", w.boss, nil); st.Status != http.StatusOK ||
			len(st.Body["creators"].([]any)) != 0 {
			t.Fatalf("stats after the end %s", st.Raw)
		}
		w.call("POST", unbind, w.boss, nil).Expect(t, http.StatusNotFound, "not_found")
		if sh := w.order(amyLink, "o3", 12345); sh["organization"] != nil || sh["creator"].(float64) != 741 {
			t.Fatalf("order after the end %v", sh)
		}
	})
}
