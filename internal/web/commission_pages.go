package web

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/money"
)

// shopperCookie keeps an anonymous shopper's id across tracked links.
const shopperCookie = "helio_shopper"

// shopperOf is the shopper a tracked click is recorded for: the shopper
// parameter (set by the marketplace's app), else the shopper cookie, else a
// new id kept in that cookie.
func (c *Console) shopperOf(w http.ResponseWriter, r *http.Request) string {
	if shopper := r.URL.Query().Get("shopper"); shopper != "" {
		return shopper
	}
	if ck, err := r.Cookie(shopperCookie); err == nil && ck.Value != "" {
		return ck.Value
	}
	shopper := rand.Text()
	http.SetCookie(w, &http.Cookie{Name: shopperCookie, Value: shopper, Path: "/", MaxAge: 400 * 24 * 3600,
		HttpOnly: true, Secure: c.deps.SecureCookies, SameSite: http.SameSiteLaxMode})
	return shopper
}

// followLink records a click on a tracked link and redirects to the
// product.
func (c *Console) followLink(w http.ResponseWriter, r *http.Request) {
	target, _, err := c.deps.Commission.FollowLink(r.Context(), r.PathValue("id"), c.shopperOf(w, r))
	if err != nil {
		c.fail(w, r, "error.html", page{Title: "Link"}, err)
		return
	}
	http.Redirect(w, r, target, http.StatusFound)
}

// linksData is the tracked-link page of one published content.
type linksData struct {
	ContentID, Title string
	commission.ContentLinks
	Scenes []string
	// Made is the id of the link just made.
	Made string
}

func (c *Console) linksPage(w http.ResponseWriter, r *http.Request) {
	c.linksRender(w, r, page{}, r.URL.Query().Get("made"), nil)
}

func (c *Console) linksRender(w http.ResponseWriter, r *http.Request, p page, made string, fail error) {
	ctx := r.Context()
	id := r.PathValue("id")
	d := linksData{ContentID: id, Title: id, Scenes: commission.Scenes, Made: made}
	var err error
	if d.ContentLinks, err = c.deps.Commission.FindContentLinks(ctx, id); err == nil {
		if found, ferr := c.deps.Contents.FindPublishedByIDs(ctx, []string{id}); ferr == nil {
			d.Title = found[id].Title
		}
	}
	p.Title, p.Data = "Tracked links", d
	if fail == nil {
		fail = err
	}
	c.show(w, r, "links.html", p, fail)
}

// createLink makes a tracked link for a product of the content in a scene.
func (c *Console) createLink(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "product_id", "scene")
	l, err := c.deps.Commission.CreateLink(r.Context(), commission.LinkInput{ContentID: r.PathValue("id"), ProductID: form["product_id"],
		Scene: form["scene"]})
	if err != nil {
		c.linksRender(w, r, page{Form: form}, "", err)
		return
	}
	http.Redirect(w, r, "/contents/"+url.PathEscape(r.PathValue("id"))+"/links?made="+url.QueryEscape(l.ID), http.StatusSeeOther)
}

// earningsRow is one group of the earnings table, its amounts rendered.
type earningsRow struct {
	// N numbers the row as the chart's labels do.
	N int
	// Name is what the row is about as people know it: the content's
	// title, the product's title (per product, a channel's reward pool),
	// or the day.
	Name                                          string
	Orders                                        int
	Pending, Settled, NotPayable, Forfeited, Pool string
}

// svgBar is one segment of the earnings chart.
type svgBar struct {
	X, Y, W, H int
	Class      string
	Title      string
}

// earningsData is the creator's earnings page: a bar chart (one stacked
// bar per group: settled, pending, not payable) and the same figures as a
// table.
type earningsData struct {
	Group  string
	Groups []string
	// From and To are the range of payment days asked for (YYYY-MM-DD, To
	// included), empty for an open end; Tabs (each group's address) and
	// Statement (the CSV's) keep it.
	From, To, Statement string
	Tabs                map[string]string
	Rows                []earningsRow
	Bars                []svgBar
	Labels              []svgBar
	Width               int
}

// chart geometry, in SVG units.
const (
	chartHeight = 160
	barWidth    = 28
	barGap      = 12
)

func (c *Console) earningsPage(w http.ResponseWriter, r *http.Request) {
	group := r.URL.Query().Get("group")
	if group == "" {
		group = commission.GroupContent
	}
	d := earningsData{Group: group, Groups: []string{commission.GroupContent, commission.GroupProduct, commission.GroupDay},
		From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to"), Statement: "/api/v1/earnings.csv"}
	f, err := earningsRange(d.From, d.To)
	f.Group = group
	var items []commission.Earnings
	if err == nil {
		items, err = c.deps.Commission.FindEarnings(r.Context(), f)
	}
	rangeQuery, statementQuery := url.Values{}, url.Values{}
	if f.From != nil {
		rangeQuery.Set("from", d.From)
		statementQuery.Set("from", f.From.Format(time.RFC3339))
	}
	if f.To != nil {
		rangeQuery.Set("to", d.To)
		statementQuery.Set("to", f.To.Format(time.RFC3339))
	}
	d.Tabs = map[string]string{}
	for _, g := range d.Groups {
		rangeQuery.Set("group", g)
		d.Tabs[g] = "/earnings?" + rangeQuery.Encode()
	}
	if len(statementQuery) > 0 {
		d.Statement += "?" + statementQuery.Encode()
	}
	names := c.earningsNames(r.Context(), group, items)
	var top int64 = 1
	for _, e := range items {
		top = max(top, e.Settled+e.Pending+e.NotPayable)
	}
	for i, e := range items {
		s := func(n int64) string { return money.New(n, e.Currency).String() }
		d.Rows = append(d.Rows, earningsRow{N: i + 1, Name: names[e.Key], Orders: e.Orders, Pending: s(e.Pending), Settled: s(e.Settled),
			NotPayable: s(e.NotPayable), Forfeited: s(e.Forfeited), Pool: s(e.Pool)})
		x, y := i*(barWidth+barGap)+barGap, chartHeight
		for _, seg := range []struct {
			n     int64
			class string
		}{{e.Settled, "settled"}, {e.Pending, "pending"}, {e.NotPayable, "not-payable"}} {
			if seg.n <= 0 {
				continue
			}
			h := max(1, int(seg.n*chartHeight/top))
			y -= h
			d.Bars = append(d.Bars, svgBar{X: x, Y: y, W: barWidth, H: h, Class: seg.class, Title: names[e.Key] + ": " + s(seg.n)})
		}
		d.Labels = append(d.Labels, svgBar{X: x + barWidth/2, Y: chartHeight + 14, Title: strconv.Itoa(i + 1)})
	}
	d.Width = max(200, len(items)*(barWidth+barGap)+barGap)
	c.show(w, r, "earnings.html", page{Title: "Earnings", Data: d, Form: map[string]string{"from": d.From, "to": d.To}}, err)
}

// earningsRange reads the earnings page's range of payment days: from the
// start of from to the end of to (UTC), either end open when empty.
func earningsRange(from, to string) (commission.EarningsFilter, error) {
	var f commission.EarningsFilter
	v := apperr.Validation{}
	for _, end := range []struct {
		name, value string
		into        **time.Time
		days        int
	}{{"from", from, &f.From, 0}, {"to", to, &f.To, 1}} {
		if end.value == "" {
			continue
		}
		day, err := time.Parse(time.DateOnly, end.value)
		if err != nil {
			v.Reject(end.name, "must be a date like 2026-03-31")
			continue
		}
		at := day.AddDate(0, 0, end.days)
		*end.into = &at
	}
	if f.From != nil && f.To != nil && !f.From.Before(*f.To) {
		v.Reject("to", "must not be before the first day")
	}
	return f, v.Err()
}

// earningsNames names the rows of an earnings page: a content's title, a
// product's title, a day as it is. A row whose content or product cannot be
// found any more keeps its key.
func (c *Console) earningsNames(ctx context.Context, group string, items []commission.Earnings) map[string]string {
	names := make(map[string]string, len(items))
	keys := make([]string, 0, len(items))
	for _, e := range items {
		names[e.Key] = e.Key
		keys = append(keys, e.Key)
	}
	switch group {
	case commission.GroupContent:
		if found, err := c.deps.Contents.FindPublishedByIDs(ctx, keys); err == nil {
			for id, p := range found {
				names[id] = p.Title
			}
		}
	case commission.GroupProduct:
		if found, err := c.deps.Commission.FindProductsByIDs(ctx, keys); err == nil {
			for id, p := range found {
				names[id] = p.Title
			}
		}
		for _, k := range keys {
			if channel, ok := strings.CutPrefix(k, "pool:"); ok {
				names[k] = i18n.T("Reward pool: %s", channel).In(i18n.FromContext(ctx))
			}
		}
	}
	return names
}

// productsData is a merchant's product page.
type productsData struct {
	Products []commission.MerchantProduct
}

func (c *Console) productsPage(w http.ResponseWriter, r *http.Request) {
	c.productsRender(w, r, page{Flash: r.URL.Query().Get("saved")}, nil)
}

func (c *Console) productsRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	items, err := c.deps.Commission.FindProducts(r.Context())
	p.Title, p.Data = "Products", productsData{Products: items}
	if fail == nil {
		fail = err
	}
	c.show(w, r, "products.html", p, fail)
}

// createProduct lists a product from the form (price in yuan.fen).
func (c *Console) createProduct(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "sku", "title", "url", "price", "rate_bp", "category")
	price, perr := parseYuan(form["price"])
	rate, rerr := strconv.ParseInt(form["rate_bp"], 10, 64)
	var err error
	switch {
	case perr != nil:
		err = apperr.Field("price", "must be an amount like 99.00")
	case rerr != nil:
		err = apperr.Field("commission_rate_bp", "must be between 0 and 10000")
	default:
		_, err = c.deps.Commission.CreateProduct(r.Context(), commission.ProductInput{SKU: form["sku"], Title: form["title"],
			URL: form["url"], Price: money.New(price, "CNY"), RateBP: rate, Category: form["category"], Grocery: r.FormValue("grocery") != ""})
	}
	if err != nil {
		c.productsRender(w, r, page{Form: form}, err)
		return
	}
	http.Redirect(w, r, "/products?saved=1", http.StatusSeeOther)
}

// parseYuan reads "99", "99.5" or "99.50" as fen, without floating point.
func parseYuan(s string) (int64, error) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if len(frac) > 2 {
		return 0, strconv.ErrSyntax
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || n < 0 {
		return 0, strconv.ErrSyntax
	}
	return n, nil
}

// commissionAdminData is the operators' commission page: the ledger's
// verification, the rules in force with the editor, and the forms that run
// settlements and distribute pools.
type commissionAdminData struct {
	// Report is the ledger's verification when the operator asked for one
	// (verifyLedger): it reads every entry, too long to run on each view.
	Report *ledger.Report
	// Took is how long the verification took.
	Took     string
	Rules    commission.CPSRules
	History  []commission.CPSRules
	Scenes   []string
	Editor   string
	Channels []string
}

func (c *Console) commissionAdminPage(w http.ResponseWriter, r *http.Request) {
	c.commissionAdminRender(w, r, page{Flash: r.URL.Query().Get("done")}, nil)
}

func (c *Console) commissionAdminRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	ctx := r.Context()
	d := commissionAdminData{Scenes: commission.Scenes}
	if rep, ok := p.Data.(verification); ok {
		d.Report, d.Took = &rep.report, rep.took.Round(time.Millisecond).String()
	}
	var err error
	d.Rules, d.History, err = c.deps.Commission.FindRules(ctx)
	for _, s := range commission.Scenes {
		if d.Rules.Splits[s].Pool {
			d.Channels = append(d.Channels, s)
		}
	}
	if p.Form["rules"] == "" {
		b, _ := json.MarshalIndent(d.Rules.CPSRuleSet, "", "  ")
		d.Editor = string(b)
	} else {
		d.Editor = p.Form["rules"]
	}
	p.Title, p.Data = "Commission", d
	if fail == nil {
		fail = err
	}
	c.show(w, r, "commission_admin.html", p, fail)
}

// verification is a ledger verification handed to commissionAdminRender.
type verification struct {
	report ledger.Report
	took   time.Duration
}

// verifyLedger walks the whole hash chain and shows the result on the
// operators' commission page.
func (c *Console) verifyLedger(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rep, err := c.deps.Commission.VerifyLedger(r.Context())
	if err != nil {
		c.commissionAdminRender(w, r, page{}, err)
		return
	}
	c.commissionAdminRender(w, r, page{Data: verification{rep, time.Since(start)}}, nil)
}

func (c *Console) startSettlement(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "period")
	st, err := c.deps.Commission.CreateSettlement(r.Context(), form["period"])
	if err != nil {
		c.commissionAdminRender(w, r, page{Form: form}, err)
		return
	}
	http.Redirect(w, r, "/backoffice/settlements/"+st.ID, http.StatusSeeOther)
}

// settlementPage shows a run's progress; htmx reloads it while it runs.
func (c *Console) settlementPage(w http.ResponseWriter, r *http.Request) {
	st, err := c.deps.Commission.FindSettlementByID(r.Context(), r.PathValue("id"))
	c.show(w, r, "settlement.html", page{Title: "Settlement", Data: st}, err)
}

// distributePool pays out a channel's pool for a month. Its month field is
// pool_period, apart from the settlement form's period on the same page.
func (c *Console) distributePool(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "channel", "pool_period")
	d, err := c.deps.Commission.DistributePool(r.Context(), form["channel"], form["pool_period"])
	if err != nil {
		if ae := (*apperr.Error)(nil); errors.As(err, &ae) {
			if msg, ok := ae.Fields["period"]; ok {
				moved := *ae
				moved.Fields = maps.Clone(ae.Fields)
				moved.Fields["pool_period"] = msg
				delete(moved.Fields, "period")
				err = &moved
			}
		}
		c.commissionAdminRender(w, r, page{Form: form}, err)
		return
	}
	c.render(w, r, http.StatusOK, "pool.html", page{Title: "Reward pool", Data: c.poolView(r.Context(), d)})
}

// poolData is a distribution as the pool page shows it: each share's
// content by its title and its creator by name and picture.
type poolData struct {
	commission.PoolDistribution
	Titles   map[string]string
	Creators map[string]creator.Profile
}

// poolView names d's contents and creators; one that cannot be found any
// more shows as "Former …" on the page.
func (c *Console) poolView(ctx context.Context, d commission.PoolDistribution) poolData {
	v := poolData{PoolDistribution: d, Titles: map[string]string{}, Creators: map[string]creator.Profile{}}
	var contents, creators []string
	for _, sh := range d.Shares {
		contents, creators = append(contents, sh.ContentID), append(creators, sh.CreatorID)
	}
	if len(contents) == 0 {
		return v
	}
	if found, err := c.deps.Contents.FindPublishedByIDs(ctx, contents); err == nil {
		for id, p := range found {
			v.Titles[id] = p.Title
		}
	}
	if found, err := c.deps.Creators.FindProfiles(ctx, creators); err == nil {
		v.Creators = found
	}
	return v
}

// saveRules publishes the rule editor's JSON as a new version from its
// notice date (UTC).
func (c *Console) saveRules(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "rules", "effective_at", "note")
	var in commission.CPSRulesInput
	err := json.Unmarshal([]byte(form["rules"]), &in)
	at, terr := time.Parse("2006-01-02T15:04", form["effective_at"])
	switch {
	case err != nil:
		err = apperr.Field("rules", "is not valid JSON of the rules")
	case terr != nil:
		err = apperr.Field("effective_at", "must be a date and time")
	default:
		in.EffectiveAt, in.Note = at.UTC(), form["note"]
		_, err = c.deps.Commission.CreateRules(r.Context(), in)
	}
	if err != nil {
		c.commissionAdminRender(w, r, page{Form: form}, err)
		return
	}
	http.Redirect(w, r, "/backoffice/commission?done=1", http.StatusSeeOther)
}
