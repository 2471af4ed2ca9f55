-- Organizations work (SPEC §10-§12): account restrictions and appeals
-- (package appeal): what an operator withholds from an account (publishing,
-- log-in or settlement) and why, the appeals filed against them, and every
-- message of each exchange; export jobs (package export); and webhooks.
-- Rows are never deleted: a lifted restriction keeps its history.

-- Restrictions: lifted_at is set when an upheld appeal or an operator lifts it.
CREATE TABLE restrictions (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    lifted_at   TIMESTAMPTZ,
    lifted_by   TEXT NOT NULL DEFAULT '',
    lift_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX restrictions_account ON restrictions (account_id, created_at);

-- Appeals: one account's request to lift a restriction (or to look at an
-- automatic block, with no restriction), decided in the review queue.
CREATE TABLE appeals (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    restriction_id TEXT REFERENCES restrictions (id),
    contact        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    submitted_at   TIMESTAMPTZ NOT NULL,
    decided_at     TIMESTAMPTZ,
    decided_by     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX appeals_status ON appeals (status, submitted_at, id);
CREATE INDEX appeals_account ON appeals (account_id, submitted_at);

-- The exchange of an appeal, oldest first: the account's explanation with
-- its screenshots (media ids, JSON), the operator's decision and its reason.
CREATE TABLE appeal_messages (
    id          TEXT PRIMARY KEY,
    appeal_id   TEXT NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    author_id   TEXT NOT NULL,
    side        TEXT NOT NULL,
    body        TEXT NOT NULL,
    screenshots TEXT NOT NULL DEFAULT '[]',
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX appeal_messages_appeal ON appeal_messages (appeal_id, created_at);

-- Export jobs (SPEC §12, package export): one row per requested export with
-- its progress. A file is written as numbered parts (blobs exports/<id>/<n>),
-- each made from the position recorded before it, so a job resumed after a
-- crash writes the same file an uninterrupted one would.
CREATE TABLE export_jobs (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    format      TEXT NOT NULL,
    state       TEXT NOT NULL,
    section     INTEGER NOT NULL DEFAULT 0,
    cursor      TEXT NOT NULL DEFAULT '',
    parts       INTEGER NOT NULL DEFAULT 0,
    section_rows BIGINT NOT NULL DEFAULT 0,
    bytes       BIGINT NOT NULL DEFAULT 0,
    done        BIGINT NOT NULL DEFAULT 0,
    total       BIGINT NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    expires_at  TIMESTAMPTZ
);
CREATE INDEX export_jobs_owner ON export_jobs (owner_id, created_at);

-- Webhook subscriptions (package webhook): an integrator's or an account's
-- endpoint, the event types it wants (JSON list) and the secret its
-- deliveries are signed with. scope 'all' (integrators) receives every
-- account's events, 'own' only its owner's.
CREATE TABLE webhook_subscriptions (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    event_types TEXT NOT NULL,
    scope       TEXT NOT NULL,
    active      BOOLEAN NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_subscriptions_owner ON webhook_subscriptions (owner_id, created_at);

-- One delivery of one event to one subscription: the body is fixed when the
-- event happens, so every attempt and replay sends the same event id.
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    body            TEXT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at);

-- Every attempt of a delivery with the receiver's answer.
CREATE TABLE webhook_attempts (
    id          TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    at          TIMESTAMPTZ NOT NULL,
    status_code INTEGER NOT NULL,
    error       TEXT NOT NULL,
    replay      BOOLEAN NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, at);

-- What each person chose per kind of notification (package notify): in the
-- message centre, by text message, by e-mail. No row: the defaults.
CREATE TABLE notification_preferences (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    in_app     BOOLEAN NOT NULL,
    sms        BOOLEAN NOT NULL,
    email      BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, kind)
);
