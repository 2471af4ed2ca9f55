package commission

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// store holds the SQL of commission's tables.
type store struct {
	db *db.DB
}

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface {
	Scan(dest ...any) error
}

func (s store) exec(ctx context.Context, what, q string, args ...any) error {
	if _, err := s.db.Exec(ctx, q, args...); err != nil {
		return apperr.Wrap(err, what)
	}
	return nil
}

// execLater is exec for a write whose result nobody reads: on PostgreSQL
// it goes to the database with the transaction's next statement or its
// commit, and so does its error (db.ExecBatched).
func (s store) execLater(ctx context.Context, what, q string, args ...any) error {
	return apperr.WrapIf(s.db.ExecBatched(ctx, q, args...), what)
}

func (s store) createProduct(ctx context.Context, p MerchantProduct) error {
	_, err := s.db.Exec(ctx, `INSERT INTO commission_products
		(id, merchant_id, sku, title, url, price, currency, rate_bp, category, grocery, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.MerchantID, p.SKU, p.Title, p.URL, p.Price.Minor, p.Price.Currency,
		p.RateBP, p.Category, p.Grocery, p.CreatedAt)
	if _, dup := db.IsUniqueViolation(err); dup {
		return apperr.Field("sku", "is already listed by this merchant")
	}
	return apperr.WrapIf(err, "create product")
}

const productColumns = `id, merchant_id, sku, title, url, price, currency, rate_bp, category, grocery, created_at`

func scanProduct(r rowScanner) (MerchantProduct, error) {
	var p MerchantProduct
	err := r.Scan(&p.ID, &p.MerchantID, &p.SKU, &p.Title, &p.URL, &p.Price.Minor, &p.Price.Currency, &p.RateBP, &p.Category,
		&p.Grocery, &p.CreatedAt)
	p.CreatedAt = p.CreatedAt.UTC()
	return p, err
}

func productNotFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, "%s not found.", i18n.T("Product"))
	}
	return apperr.Wrap(err, "find product")
}

func (s store) findProduct(ctx context.Context, id string) (MerchantProduct, error) {
	p, err := scanProduct(s.db.QueryRow(ctx, `SELECT `+productColumns+` FROM commission_products WHERE id = ?`, id))
	if err != nil {
		return MerchantProduct{}, productNotFound(err)
	}
	return p, nil
}

func (s store) findProductsByIDs(ctx context.Context, ids []string) (map[string]MerchantProduct, error) {
	out := make(map[string]MerchantProduct, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, args := db.InList(ids)
	rows, err := s.db.Query(ctx, `SELECT `+productColumns+` FROM commission_products WHERE id IN `+in, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find products")
	}
	found, err := scanProducts(rows)
	for _, p := range found {
		out[p.ID] = p
	}
	return out, err
}

// maxProducts bounds a merchant's product list.
const maxProducts = 500

func (s store) findProductsOf(ctx context.Context, merchant string) ([]MerchantProduct, error) {
	lim, largs := s.db.Limit(maxProducts)
	rows, err := s.db.Query(ctx, `SELECT `+productColumns+` FROM commission_products WHERE merchant_id = ? ORDER BY created_at DESC, id DESC`+lim,
		append([]any{merchant}, largs...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find products")
	}
	return scanProducts(rows)
}

func scanProducts(rows *sql.Rows) ([]MerchantProduct, error) {
	defer rows.Close()
	var out []MerchantProduct
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "find products")
		}
		out = append(out, p)
	}
	return out, apperr.WrapIf(rows.Err(), "find products")
}

// findProductByIDOrSKU finds a product by its id, else by a sku only one
// merchant lists.
func (s store) findProductByIDOrSKU(ctx context.Context, key string) (MerchantProduct, error) {
	rows, err := s.db.Query(ctx, `SELECT `+productColumns+` FROM commission_products WHERE id = ? OR sku = ? ORDER BY id = ? DESC LIMIT 2`,
		key, key, key)
	if err != nil {
		return MerchantProduct{}, apperr.Wrap(err, "find product")
	}
	found, err := scanProducts(rows)
	if err != nil {
		return MerchantProduct{}, err
	}
	switch {
	case len(found) == 0:
		return MerchantProduct{}, productNotFound(sql.ErrNoRows)
	case len(found) == 2 && found[0].ID != key:
		return MerchantProduct{}, apperr.Field("product_id", "several merchants list this sku: give the product's id")
	}
	return found[0], nil
}

func (s store) createLink(ctx context.Context, l Link) error {
	return s.exec(ctx, "create link", `INSERT INTO commission_links
		(id, content_id, product_id, creator_id, scene, pushed_at, rule_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		l.ID, l.ContentID, l.ProductID, l.CreatorID, l.Scene, l.PushedAt, l.Rule.Version, l.CreatedAt)
}

// linkWithProductColumns are a link's columns (l) and its product's (p).
const linkWithProductColumns = `l.id, l.content_id, l.product_id, l.creator_id, l.scene, l.pushed_at, l.rule_version, l.created_at,
	p.id, p.merchant_id, p.sku, p.title, p.url, p.price, p.currency, p.rate_bp, p.category, p.grocery, p.created_at`

func scanLinkWithProduct(r rowScanner) (Link, MerchantProduct, error) {
	var l Link
	var p MerchantProduct
	err := r.Scan(&l.ID, &l.ContentID, &l.ProductID, &l.CreatorID, &l.Scene, &l.PushedAt, &l.Rule.Version, &l.CreatedAt,
		&p.ID, &p.MerchantID, &p.SKU, &p.Title, &p.URL, &p.Price.Minor, &p.Price.Currency, &p.RateBP, &p.Category, &p.Grocery, &p.CreatedAt)
	l.Rule.Table, l.PushedAt, l.CreatedAt = RulesTable, l.PushedAt.UTC(), l.CreatedAt.UTC()
	l.URL = LinkPath(l.ID)
	p.CreatedAt = p.CreatedAt.UTC()
	return l, p, err
}

// findLinkWithProduct answers a link and its product.
func (s store) findLinkWithProduct(ctx context.Context, id string) (Link, MerchantProduct, error) {
	l, p, err := scanLinkWithProduct(s.db.QueryRow(ctx, `SELECT `+linkWithProductColumns+`
		FROM commission_links l JOIN commission_products p ON p.id = l.product_id WHERE l.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Link{}, MerchantProduct{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Link"))
	} else if err != nil {
		return Link{}, MerchantProduct{}, apperr.Wrap(err, "find link")
	}
	return l, p, nil
}

// findLinksWithProducts answers the links of ids that exist, and their
// products, by id, in one query.
func (s store) findLinksWithProducts(ctx context.Context, ids []string) (map[string]Link, map[string]MerchantProduct, error) {
	links, products := map[string]Link{}, map[string]MerchantProduct{}
	if len(ids) == 0 {
		return links, products, nil
	}
	in, args := db.InList(ids)
	rows, err := s.db.Query(ctx, `SELECT `+linkWithProductColumns+`
		FROM commission_links l JOIN commission_products p ON p.id = l.product_id WHERE l.id IN `+in, args...)
	if err != nil {
		return nil, nil, apperr.Wrap(err, "find links")
	}
	defer rows.Close()
	for rows.Next() {
		l, p, err := scanLinkWithProduct(rows)
		if err != nil {
			return nil, nil, apperr.Wrap(err, "find links")
		}
		links[l.ID], products[p.ID] = l, p
	}
	return links, products, apperr.WrapIf(rows.Err(), "find links")
}

func (s store) createClick(ctx context.Context, c Click) error {
	return s.exec(ctx, "record click", `INSERT INTO commission_clicks (id, link_id, product_id, shopper_id, scene, sandbox, clicked_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, c.ID, c.LinkID, c.ProductID, c.ShopperID, c.Scene, c.Sandbox, c.At)
}

// findLastClick answers the shopper's latest click on the product in
// [from, to]; on a tie of times the later id (UUIDv7: recorded later) wins.
func (s store) findLastClick(ctx context.Context, shopper, product string, sandbox bool, from, to time.Time) (Click, bool, error) {
	var c Click
	err := s.db.QueryRow(ctx, `SELECT id, link_id, product_id, shopper_id, scene, sandbox, clicked_at FROM commission_clicks
		WHERE shopper_id = ? AND product_id = ? AND sandbox = ? AND clicked_at >= ? AND clicked_at <= ?
		ORDER BY clicked_at DESC, id DESC LIMIT 1`, shopper, product, sandbox, from, to).
		Scan(&c.ID, &c.LinkID, &c.ProductID, &c.ShopperID, &c.Scene, &c.Sandbox, &c.At)
	if errors.Is(err, sql.ErrNoRows) {
		return Click{}, false, nil
	}
	c.At = c.At.UTC()
	return c, err == nil, apperr.WrapIf(err, "find last click")
}

// findClicksOf answers the real (not sandbox) clicks in [from, to] of the
// shoppers on the products, per shopper and product.
func (s store) findClicksOf(ctx context.Context, shoppers, products []string, from, to time.Time) (map[clickKey][]Click, error) {
	pin, pargs := db.InList(products)
	q, args := s.db.SelectByKeys("id, link_id, product_id, shopper_id, scene, sandbox, clicked_at", "commission_clicks", "shopper_id",
		shoppers, `product_id IN `+pin+` AND sandbox = ? AND clicked_at >= ? AND clicked_at <= ?`, append(pargs, false, from, to)...)
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find clicks")
	}
	defer rows.Close()
	out := map[clickKey][]Click{}
	for rows.Next() {
		var c Click
		if err := rows.Scan(&c.ID, &c.LinkID, &c.ProductID, &c.ShopperID, &c.Scene, &c.Sandbox, &c.At); err != nil {
			return nil, apperr.Wrap(err, "find clicks")
		}
		c.At = c.At.UTC()
		k := clickKey{c.ShopperID, c.ProductID}
		out[k] = append(out[k], c)
	}
	return out, apperr.WrapIf(rows.Err(), "find clicks")
}

func scanRules(r rowScanner) (CPSRules, error) {
	var out CPSRules
	var body string
	if err := r.Scan(&out.Version, &body, &out.EffectiveAt, &out.CreatedAt, &out.CreatedBy, &out.Note); err != nil {
		return CPSRules{}, err
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		return CPSRules{}, err
	}
	out.EffectiveAt, out.CreatedAt = out.EffectiveAt.UTC(), out.CreatedAt.UTC()
	return out, nil
}

const rulesColumns = `version, body, effective_at, created_at, created_by, note`

// findRulesAt answers the version in force at t: the newest whose notice
// date has come.
func (s store) findRulesAt(ctx context.Context, t time.Time) (CPSRules, error) {
	r, err := scanRules(s.db.QueryRow(ctx, `SELECT `+rulesColumns+` FROM commission_rules WHERE effective_at <= ?
		ORDER BY effective_at DESC, version DESC LIMIT 1`, t))
	return r, apperr.WrapIf(err, "find commission rules")
}

func (s store) findRuleHistory(ctx context.Context) ([]CPSRules, error) {
	rows, err := s.db.Query(ctx, `SELECT `+rulesColumns+` FROM commission_rules ORDER BY version DESC`)
	if err != nil {
		return nil, apperr.Wrap(err, "find commission rules")
	}
	defer rows.Close()
	var out []CPSRules
	for rows.Next() {
		r, err := scanRules(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "find commission rules")
		}
		out = append(out, r)
	}
	return out, apperr.WrapIf(rows.Err(), "find commission rules")
}

// createRules stores r as the next version and answers its number.
func (s store) createRules(ctx context.Context, r CPSRules) (int, error) {
	body, err := json.Marshal(r.CPSRuleSet)
	if err != nil {
		return 0, apperr.Wrap(err, "encode commission rules")
	}
	var v int
	err = s.db.QueryRowWrite(ctx, `INSERT INTO commission_rules (version, body, effective_at, created_at, created_by, note)
		SELECT COALESCE(MAX(version), 0) + 1, ?, ?, ?, ?, ? FROM commission_rules RETURNING version`,
		string(body), r.EffectiveAt, r.CreatedAt, r.CreatedBy, r.Note).Scan(&v)
	return v, apperr.WrapIf(err, "create commission rules")
}

// findLineEvents answers the events received for an order line, in the
// order they arrived (each event's answer is decoded; a held event's body
// too).
func (s store) findLineEvents(ctx context.Context, order, line string) ([]storedEvent, error) {
	rows, err := s.db.Query(ctx, `SELECT `+eventColumns+` FROM commission_order_events
		WHERE order_id = ? AND line_id = ? ORDER BY received_at, type`, order, line)
	if err != nil {
		return nil, apperr.Wrap(err, "find order events")
	}
	out := []storedEvent{}
	return out, scanEvents(rows, func(e storedEvent) { out = append(out, e) })
}

// findOrderEvents answers the events received for the orders, per order
// line, each line's in the order they arrived.
func (s store) findOrderEvents(ctx context.Context, orders []string) (map[lineKey][]storedEvent, error) {
	out := map[lineKey][]storedEvent{}
	if len(orders) == 0 {
		return out, nil
	}
	q, args := s.db.SelectByKeys(eventColumns, "commission_order_events", "order_id", orders, "")
	rows, err := s.db.Query(ctx, q+` ORDER BY received_at, type`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find order events")
	}
	return out, scanEvents(rows, func(e storedEvent) {
		k := lineKey{e.event.OrderID, e.event.LineID}
		out[k] = append(out[k], e)
	})
}

const eventColumns = `order_id, line_id, type, fingerprint, held, body, answer, received_at`

// scanEvents reads rows of eventColumns, calling each for every event.
func scanEvents(rows *sql.Rows, each func(storedEvent)) error {
	defer rows.Close()
	for rows.Next() {
		var e storedEvent
		var body, answer string
		if err := rows.Scan(&e.event.OrderID, &e.event.LineID, &e.event.Type, &e.fingerprint, &e.held, &body, &answer, &e.received); err != nil {
			return apperr.Wrap(err, "find order events")
		}
		if err := json.Unmarshal([]byte(answer), &e.answer); err != nil {
			return apperr.Wrap(err, "read order event")
		}
		if e.held {
			if err := json.Unmarshal([]byte(body), &e.event); err != nil {
				return apperr.Wrap(err, "read held event")
			}
		}
		e.received = e.received.UTC()
		each(e)
	}
	return apperr.WrapIf(rows.Err(), "find order events")
}

// insertRows bounds the rows of one multi-row INSERT (31 columns × 500
// stay far below both engines' limits on bound parameters).
const insertRows = 500

// insertEach inserts items in multi-row INSERTs of head followed by cols
// placeholders per row, with the arguments args gives of each item.
func insertEach[T any](ctx context.Context, s store, what, head string, cols int, items []T, args func(T) []any) error {
	for from := 0; from < len(items); from += insertRows {
		part := items[from:min(from+insertRows, len(items))]
		all := make([]any, 0, cols*len(part))
		for _, it := range part {
			all = append(all, args(it)...)
		}
		if err := s.execLater(ctx, what, head+` VALUES `+db.Rows(len(part), cols), all...); err != nil {
			return err
		}
	}
	return nil
}

// createEvents stores received events, each at its received time.
func (s store) createEvents(ctx context.Context, events []storedEvent) error {
	return insertEach(ctx, s, "store order event", `INSERT INTO commission_order_events
		(order_id, line_id, type, fingerprint, body, held, answer, received_at)`, 8, events, func(e storedEvent) []any {
		body, _ := json.Marshal(e.event)
		answer, _ := json.Marshal(e.answer)
		return []any{e.event.OrderID, e.event.LineID, e.event.Type, e.fingerprint, string(body), e.held, string(answer), e.received}
	})
}

func (s store) releaseHeldEvent(ctx context.Context, e OrderEvent) error {
	return s.execLater(ctx, "release held event", `UPDATE commission_order_events SET held = FALSE
		WHERE order_id = ? AND line_id = ? AND type = ?`, e.OrderID, e.LineID, e.Type)
}

const lineColumns = `id, order_id, line_id, product_id, merchant_id, shopper_id, click_id, link_id, content_id, creator_id, scene,
	currency, paid, refunded, rate_bp, ratio, pool, late, rule_version, commission, network, platform, creator, state, confirmed,
	sandbox, own_shop, paid_at, clicked_at, pushed_at, not_payable_at`

func scanLine(r rowScanner) (OrderLine, error) {
	var l OrderLine
	var clicked, pushed, notPayable sql.NullTime
	err := r.Scan(&l.ID, &l.OrderID, &l.LineID, &l.ProductID, &l.MerchantID, &l.ShopperID, &l.ClickID, &l.LinkID, &l.ContentID,
		&l.CreatorID, &l.Scene, &l.Paid.Currency, &l.Paid.Minor, &l.Refunded, &l.RateBP, &l.Ratio, &l.PlatformAccount, &l.Late,
		&l.RuleVersion, &l.Shares.Commission, &l.Shares.Network, &l.Shares.Platform, &l.Shares.Creator, &l.State, &l.Confirmed,
		&l.Sandbox, &l.OwnShop, &l.PaidAt, &clicked, &pushed, &notPayable)
	l.PaidAt = l.PaidAt.UTC()
	l.ClickedAt, l.PushedAt, l.NotPayableAt = db.TimePtr(clicked), db.TimePtr(pushed), db.TimePtr(notPayable)
	return l, err
}

func (s store) createLines(ctx context.Context, lines []OrderLine) error {
	return insertEach(ctx, s, "store order line", `INSERT INTO commission_lines (`+lineColumns+`)`, 31, lines, func(l OrderLine) []any {
		return []any{l.ID, l.OrderID, l.LineID, l.ProductID, l.MerchantID, l.ShopperID, l.ClickID, l.LinkID, l.ContentID, l.CreatorID,
			l.Scene, l.Paid.Currency, l.Paid.Minor, l.Refunded, l.RateBP, l.Ratio, l.PlatformAccount, l.Late, l.RuleVersion,
			l.Shares.Commission, l.Shares.Network, l.Shares.Platform, l.Shares.Creator, l.State, l.Confirmed, l.Sandbox, l.OwnShop,
			l.PaidAt, l.ClickedAt, l.PushedAt, l.NotPayableAt}
	})
}

// createOrgLegs stores the organization legs of attributed lines.
func (s store) createOrgLegs(ctx context.Context, lines []OrderLine) error {
	return insertEach(ctx, s, "store organization leg", `INSERT INTO commission_org_legs (line_id, organization_id, creator_id,
		binding_id, contract_version, share_bp, amount, currency)`, 8, lines, func(l OrderLine) []any {
		return []any{l.ID, l.Org.OrganizationID, l.CreatorID, l.Org.BindingID, l.Org.Version, l.Org.ShareBP, l.Shares.Organization,
			l.Paid.Currency}
	})
}

func (s store) findLine(ctx context.Context, order, line string) (OrderLine, bool, error) {
	l, err := scanLine(s.db.QueryRow(ctx, `SELECT `+lineColumns+` FROM commission_lines WHERE order_id = ? AND line_id = ?`, order, line))
	if errors.Is(err, sql.ErrNoRows) {
		return OrderLine{}, false, nil
	}
	return l, err == nil, apperr.WrapIf(err, "find order line")
}

func (s store) updateLineShares(ctx context.Context, id string, refunded int64, sh Shares) error {
	return s.execLater(ctx, "update order line", `UPDATE commission_lines SET refunded = ?, commission = ?, network = ?, platform = ?,
		creator = ? WHERE id = ?`, refunded, sh.Commission, sh.Network, sh.Platform, sh.Creator, id)
}

func (s store) confirmLine(ctx context.Context, id string) error {
	return s.execLater(ctx, "confirm order line", `UPDATE commission_lines SET confirmed = TRUE WHERE id = ?`, id)
}

func (s store) setLineState(ctx context.Context, id, state string, notPayableAt *time.Time) error {
	return s.exec(ctx, "update order line", `UPDATE commission_lines SET state = ?, not_payable_at = COALESCE(?, not_payable_at)
		WHERE id = ?`, state, notPayableAt, id)
}

// eachLineWithLeg calls each for the lines matching w in (paid_at, id)
// order, at most limit, each with its organization leg when it has one, as
// one query streams them.
func (s store) eachLineWithLeg(ctx context.Context, w db.Where, limit int, each func(OrderLine) error) error {
	lim, largs := s.db.Limit(limit)
	rows, err := s.db.Query(ctx, `SELECT c.*, g.organization_id, g.binding_id, g.contract_version, g.share_bp, g.amount
		FROM (SELECT `+lineColumns+` FROM commission_lines WHERE `+w.SQL()+` ORDER BY paid_at, id`+lim+`) c
		LEFT JOIN commission_org_legs g ON g.line_id = c.id ORDER BY c.paid_at, c.id`, append(w.Args(), largs...)...)
	if err != nil {
		return apperr.Wrap(err, "find order lines")
	}
	defer rows.Close()
	for rows.Next() {
		var org, binding sql.NullString
		var version, share, amount sql.NullInt64
		l, err := scanLine(extraScanner{rows, []any{&org, &binding, &version, &share, &amount}})
		if err != nil {
			return apperr.Wrap(err, "find order lines")
		}
		if org.Valid {
			l.Org = &OrgLeg{OrgContract: OrgContract{OrganizationID: org.String, BindingID: binding.String, Version: int(version.Int64),
				ShareBP: share.Int64}, Rule: RuleRef{Table: ContractsTable, Version: int(version.Int64)}}
			l.Shares.Organization = amount.Int64
		}
		if err := each(l); err != nil {
			return err
		}
	}
	return apperr.WrapIf(rows.Err(), "find order lines")
}

// extraScanner scans a row's further columns into extra after the ones
// its caller asks for.
type extraScanner struct {
	rows  *sql.Rows
	extra []any
}

func (x extraScanner) Scan(dest ...any) error { return x.rows.Scan(append(dest, x.extra...)...) }

// findLines answers lines matching w in (paid_at, id) order, after the
// keyset (after, afterID), at most limit.
func (s store) findLines(ctx context.Context, w db.Where, limit int) ([]OrderLine, error) {
	lim, largs := s.db.Limit(limit)
	rows, err := s.db.Query(ctx, `SELECT `+lineColumns+` FROM commission_lines WHERE `+w.SQL()+` ORDER BY paid_at, id`+lim,
		append(w.Args(), largs...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find order lines")
	}
	defer rows.Close()
	var out []OrderLine
	for rows.Next() {
		l, err := scanLine(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "find order lines")
		}
		out = append(out, l)
	}
	return out, apperr.WrapIf(rows.Err(), "find order lines")
}
