-- The task marketplace (SPEC §8, package task): creators' quotes, task
-- orders with a copy of the terms they were placed on and their timers,
-- operation accounts of Tmall-style stores, and the versioned rule table
-- of the platform's fee and the timer defaults. Escrow is money in the
-- ledger (014_ledger.sql), never a column here.

-- The rule table, one row per version (never updated).
CREATE TABLE task_rules (
    version           INTEGER PRIMARY KEY,
    fee_bp            INTEGER NOT NULL,
    accept_hours      INTEGER NOT NULL,
    deliver_days      INTEGER NOT NULL,
    auto_confirm_days INTEGER NOT NULL,
    statement_days    INTEGER NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    created_by        TEXT NOT NULL,
    note              TEXT NOT NULL
);
INSERT INTO task_rules (version, fee_bp, accept_hours, deliver_days, auto_confirm_days, statement_days, created_at, created_by, note)
VALUES (1, 1000, 48, 7, 7, 730, '1970-01-01T00:00:00Z', 'system', 'defaults: 10% fee, accept within 48 h, deliver within 7 days, auto-confirm after 7 days, statements for 2 years');

-- A creator's quotes; a deleted quote stays for the orders placed on it.
CREATE TABLE task_quotes (
    id          TEXT PRIMARY KEY,
    creator_id  TEXT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    unit        TEXT NOT NULL,
    price       BIGINT NOT NULL,
    currency    TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    deleted_at  TIMESTAMPTZ
);
CREATE INDEX task_quotes_creator ON task_quotes (creator_id, created_at);
CREATE INDEX task_quotes_price ON task_quotes (price);

-- Task orders. merchant_id is the store or shop that pays, buyer_id who
-- placed the order (the merchant itself or one of its operation accounts).
CREATE TABLE tasks (
    id               TEXT PRIMARY KEY,
    quote_id         TEXT NOT NULL REFERENCES task_quotes (id),
    creator_id       TEXT NOT NULL REFERENCES users (id),
    merchant_id      TEXT NOT NULL REFERENCES users (id),
    buyer_id         TEXT NOT NULL REFERENCES users (id),
    kind             TEXT NOT NULL,
    unit             TEXT NOT NULL,
    unit_price       BIGINT NOT NULL,
    hours            INTEGER NOT NULL,
    amount           BIGINT NOT NULL,
    currency         TEXT NOT NULL,
    description      TEXT NOT NULL,
    requirements     TEXT NOT NULL,
    state            TEXT NOT NULL,
    content_link     TEXT NOT NULL DEFAULT '',
    dispute_reason   TEXT NOT NULL DEFAULT '',
    disputed_by      TEXT NOT NULL DEFAULT '',
    outcome          TEXT NOT NULL DEFAULT '',
    creator_share_bp INTEGER NOT NULL DEFAULT 0,
    cancelled_by     TEXT NOT NULL DEFAULT '',
    rule_version     INTEGER NOT NULL REFERENCES task_rules (version),
    accept_by        TIMESTAMPTZ NOT NULL,
    deliver_by       TIMESTAMPTZ,
    confirm_by       TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    accepted_at      TIMESTAMPTZ,
    delivered_at     TIMESTAMPTZ,
    closed_at        TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX tasks_creator ON tasks (creator_id, created_at, id);
CREATE INDEX tasks_merchant ON tasks (merchant_id, created_at, id);
CREATE INDEX tasks_buyer ON tasks (buyer_id, created_at, id);
CREATE INDEX tasks_disputed ON tasks (state, updated_at);

-- Operation accounts (运营号): a store's invitation, pending until the
-- invited account accepts; an account is pending or bound to one store at
-- a time.
CREATE TABLE operation_accounts (
    id          TEXT PRIMARY KEY,
    store_id    TEXT NOT NULL REFERENCES users (id),
    account_id  TEXT NOT NULL REFERENCES users (id),
    status      TEXT NOT NULL,
    invited_at  TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ,
    unbound_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX operation_accounts_open ON operation_accounts (account_id) WHERE status IN ('pending', 'bound');
CREATE INDEX operation_accounts_store ON operation_accounts (store_id, invited_at);
