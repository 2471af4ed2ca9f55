-- Follows, follower feeds and their fan-out (SPEC §6.1). See package feed for
-- the design: pushes of ordinary accounts are copied into each follower's
-- inbox by jobs (fan-out on write); pushes of accounts above the follower
-- threshold stay in feed_entries and are merged in when a feed is read
-- (fan-out on read).

CREATE TABLE follows (
    follower_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followee_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    special     BOOLEAN NOT NULL DEFAULT FALSE,
    -- pull: the followee has pushes fanned out on read, which the feed query
    -- merges in for this follower.
    pull        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
-- Followers of an account in follow order: the followers list and the fan-out batches.
CREATE INDEX follows_followers ON follows (followee_id, created_at, follower_id);
-- Accounts one follows, newest first: the following list.
CREATE INDEX follows_following ON follows (follower_id, created_at, followee_id);
-- The follows whose followee's pushes are read at query time.
CREATE INDEX follows_pull ON follows (follower_id, followee_id) WHERE pull;

-- Follower and following counts, kept in the transaction of each follow.
CREATE TABLE follow_counts (
    account_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    followers  INTEGER NOT NULL DEFAULT 0,
    following  INTEGER NOT NULL DEFAULT 0
);

-- One row per push to the follower feed: how it is distributed (fanout is
-- 'write' or 'read', fixed at push time), what the feed's tabs filter on, and
-- whether it may be shown: withdrawn when the push is withdrawn (for good),
-- deleted while its content is deleted (restoring the content clears it).
CREATE TABLE feed_entries (
    push_id    TEXT PRIMARY KEY REFERENCES content_pushes (id) ON DELETE CASCADE,
    content_id TEXT NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL,
    pushed_at  TIMESTAMPTZ NOT NULL,
    fanout     TEXT NOT NULL,
    video      BOOLEAN NOT NULL DEFAULT FALSE,
    products   BOOLEAN NOT NULL DEFAULT FALSE,
    shop       BOOLEAN NOT NULL DEFAULT FALSE,
    withdrawn  BOOLEAN NOT NULL DEFAULT FALSE,
    deleted    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX feed_entries_author ON feed_entries (author_id, fanout, pushed_at, push_id);
CREATE INDEX feed_entries_content ON feed_entries (content_id);

-- Per-follower inboxes of fanned-out pushes, newest first by (pushed_at,
-- push_id). No foreign keys: rows are written in bulk by the fan-out jobs, and
-- every read joins the entry, so a row whose push was withdrawn or whose
-- content was deleted is never shown.
CREATE TABLE feed_inbox (
    follower_id TEXT NOT NULL,
    pushed_at   TIMESTAMPTZ NOT NULL,
    push_id     TEXT NOT NULL,
    author_id   TEXT NOT NULL,
    PRIMARY KEY (follower_id, pushed_at, push_id)
);
