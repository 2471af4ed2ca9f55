-- Hardening review (migration 011).

-- One row per account that has pushed content: Push locks it (an upsert)
-- before counting the account's subscription pushes, so two contents of one
-- account pushed at the same moment are counted one after the other.
CREATE TABLE content_push_locks (
    owner_id  TEXT PRIMARY KEY,
    locked_at TIMESTAMPTZ NOT NULL
);
