-- Affiliate commission (SPEC §9, package commission): products, tracked
-- links and clicks, order events and the order lines they attribute, the
-- versioned rule table, settlement runs and reward-pool distributions.
-- Money moves only in the ledger (014_ledger.sql); these tables explain it.

-- Products merchants sell, with the commission rate they set.
CREATE TABLE commission_products (
    id          TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    sku         TEXT NOT NULL,
    title       TEXT NOT NULL,
    url         TEXT NOT NULL,
    price       BIGINT NOT NULL,
    currency    TEXT NOT NULL,
    rate_bp     INTEGER NOT NULL,
    category    TEXT NOT NULL,
    grocery     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (merchant_id, sku)
);

-- Tracked links: one product mounted in one content, placed in one scene.
-- pushed_at is the content's push the grocery link window counts from.
CREATE TABLE commission_links (
    id         TEXT PRIMARY KEY,
    content_id TEXT NOT NULL,
    product_id TEXT NOT NULL REFERENCES commission_products (id),
    creator_id TEXT NOT NULL,
    scene      TEXT NOT NULL,
    pushed_at  TIMESTAMPTZ NOT NULL,
    rule_version INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX commission_links_content ON commission_links (content_id);

-- Clicks on tracked links: a shopper's last click on a product inside the
-- window wins the order.
CREATE TABLE commission_clicks (
    id         TEXT PRIMARY KEY,
    link_id    TEXT NOT NULL REFERENCES commission_links (id),
    product_id TEXT NOT NULL,
    shopper_id TEXT NOT NULL,
    scene      TEXT NOT NULL,
    sandbox    BOOLEAN NOT NULL DEFAULT FALSE,
    clicked_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX commission_clicks_shopper ON commission_clicks (shopper_id, product_id, sandbox, clicked_at);
CREATE INDEX commission_clicks_link ON commission_clicks (link_id, clicked_at);

-- The commission rule table, one row per version with its notice date.
CREATE TABLE commission_rules (
    version      INTEGER PRIMARY KEY,
    body         TEXT NOT NULL,
    effective_at TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    created_by   TEXT NOT NULL,
    note         TEXT NOT NULL
);
INSERT INTO commission_rules (version, body, effective_at, created_at, created_by, note) VALUES (1,
 '{"splits":{"live":{"network":1,"platform":3,"creator":6,"pool":false},"follower_feed":{"network":1,"platform":3,"creator":6,"pool":false},"subscription":{"network":1,"platform":3,"creator":6,"pool":false},"public":{"network":1,"platform":4,"creator":5,"pool":false},"headlines":{"network":1,"platform":7,"creator":2,"pool":true},"good_finds":{"network":1,"platform":7,"creator":2,"pool":true},"must_buy":{"network":1,"platform":7,"creator":2,"pool":true},"street":{"network":1,"platform":7,"creator":2,"pool":true},"global_shopping":{"network":1,"platform":7,"creator":2,"pool":false},"short_video":{"network":1,"platform":7,"creator":2,"pool":true},"grocery":{"network":1,"platform":4,"creator":5,"pool":false}},"attribution_days":15,"grocery_link_days":5,"grocery_late_pct":50,"settlement_level":2,"below_level":{"hold_days":90,"then":"forfeit"},"pool_weights":{"clicks":1,"shoppers":5,"orders":20,"sales_per_yuan":1}}',
 '1970-01-01 00:00:00+00', '1970-01-01 00:00:00+00', 'system', 'SPEC §9 defaults');

-- Order events as received, by their natural key: the same event twice is
-- answered from here. held: a refund, cancellation or confirmation that
-- arrived before its payment, applied when the payment arrives.
CREATE TABLE commission_order_events (
    order_id    TEXT NOT NULL,
    line_id     TEXT NOT NULL,
    type        TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    body        TEXT NOT NULL,
    held        BOOLEAN NOT NULL DEFAULT FALSE,
    answer      TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (order_id, line_id, type)
);
CREATE INDEX commission_order_events_held ON commission_order_events (order_id, line_id) WHERE held;

-- One row per paid order line: its attribution and its current shares
-- (after refunds). state: unattributed, pending, settled, not_payable,
-- released (settled later, after the creator reached the level), forfeited.
CREATE TABLE commission_lines (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL,
    line_id      TEXT NOT NULL,
    product_id   TEXT NOT NULL,
    merchant_id  TEXT NOT NULL,
    shopper_id   TEXT NOT NULL,
    click_id     TEXT NOT NULL,
    link_id      TEXT NOT NULL,
    content_id   TEXT NOT NULL,
    creator_id   TEXT NOT NULL,
    scene        TEXT NOT NULL,
    currency     TEXT NOT NULL,
    paid         BIGINT NOT NULL,
    refunded     BIGINT NOT NULL DEFAULT 0,
    rate_bp      INTEGER NOT NULL,
    ratio        TEXT NOT NULL,
    pool         TEXT NOT NULL,
    late         BOOLEAN NOT NULL DEFAULT FALSE,
    rule_version INTEGER NOT NULL,
    commission   BIGINT NOT NULL,
    network      BIGINT NOT NULL,
    platform     BIGINT NOT NULL,
    creator      BIGINT NOT NULL,
    state        TEXT NOT NULL,
    confirmed    BOOLEAN NOT NULL DEFAULT FALSE,
    sandbox      BOOLEAN NOT NULL DEFAULT FALSE,
    own_shop     BOOLEAN NOT NULL DEFAULT FALSE,
    paid_at      TIMESTAMPTZ NOT NULL,
    clicked_at   TIMESTAMPTZ,
    pushed_at    TIMESTAMPTZ,
    not_payable_at TIMESTAMPTZ,
    UNIQUE (order_id, line_id)
);
CREATE INDEX commission_lines_creator ON commission_lines (creator_id, paid_at);
CREATE INDEX commission_lines_settle ON commission_lines (state, paid_at, id);

-- Settlement runs: one per request, over one period, done in resumable
-- batches by a job; progress is here for the operator who waits.
CREATE TABLE commission_settlements (
    id          TEXT PRIMARY KEY,
    period      TEXT NOT NULL,
    state       TEXT NOT NULL,
    total       INTEGER NOT NULL DEFAULT 0,
    done        INTEGER NOT NULL DEFAULT 0,
    settled     BIGINT NOT NULL DEFAULT 0,
    not_payable BIGINT NOT NULL DEFAULT 0,
    released    BIGINT NOT NULL DEFAULT 0,
    forfeited   BIGINT NOT NULL DEFAULT 0,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);

-- Reward-pool distributions and every share with its score's inputs.
CREATE TABLE commission_pool_shares (
    distribution_id TEXT NOT NULL,
    channel    TEXT NOT NULL,
    period     TEXT NOT NULL,
    content_id TEXT NOT NULL,
    creator_id TEXT NOT NULL,
    clicks     INTEGER NOT NULL,
    shoppers   INTEGER NOT NULL,
    orders     INTEGER NOT NULL,
    sales      BIGINT NOT NULL,
    score      BIGINT NOT NULL,
    amount     BIGINT NOT NULL,
    currency   TEXT NOT NULL,
    rule_version INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (distribution_id, content_id)
);
CREATE INDEX commission_pool_shares_pool ON commission_pool_shares (channel, period);

-- Finance staff see earnings and the ledger by default.
UPDATE staff_positions SET permissions = permissions || ',earnings.read,ledger.read,ledger.verify' WHERE key = 'finance';
