-- Hardening review (migration 011).

-- One row per account that has pushed content: Push locks it (an upsert)
-- before counting the account's subscription pushes, so two contents of one
-- account pushed at the same moment are counted one after the other.
CREATE TABLE content_push_locks (
    owner_id  TEXT PRIMARY KEY,
    locked_at TIMESTAMPTZ NOT NULL
);

-- Look-alike names: nickname and creator-account name keys now fold
-- invisible characters, confusable letters and combining marks
-- (account.NicknameKey). SQL cannot compute the new keys, so they are marked
-- stale here (db.StaleKeyPrefix and the id: unique, and never a name's key)
-- and recomputed in Go when the app starts (db.Rekey). Where two existing
-- names fold to one key, the older account keeps it and the newer one a
-- unique "collision:" key; both stay, and the audit trail records it.
UPDATE users SET nickname_key = 'rekey:' || id;
UPDATE creator_accounts SET name_key = 'rekey:' || id;

-- Idempotency-Key (API.md): per caller (scope: user, sub-account, token) a
-- key, the SHA-256 of the request it came with and the answer it got, kept
-- until expires_at (HELIO_IDEMPOTENCY_TTL, at least 24 h).
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    header       TEXT NOT NULL,
    body         BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (scope, expires_at);
