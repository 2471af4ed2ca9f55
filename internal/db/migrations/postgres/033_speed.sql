-- Feed tabs as index walks (issue 20, bench/README.md "Where the time goes"
-- C and G): each inbox row carries what the tabs filter on, the entry's marks
-- (fixed at push time) and whether the follow is special (kept in the
-- transaction that changes the follow), so that a tab reads the reader's
-- inbox newest first through its own partial index and stops after a page,
-- instead of joining every inbox row with its entry and follow first.
ALTER TABLE feed_inbox ADD COLUMN special BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE feed_inbox ADD COLUMN video BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE feed_inbox ADD COLUMN products BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE feed_inbox ADD COLUMN shop BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE feed_inbox ADD COLUMN subscription BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE feed_inbox SET video = e.video, products = e.products, shop = e.shop, subscription = e.subscription
    FROM feed_entries e WHERE e.push_id = feed_inbox.push_id AND (e.video OR e.products OR e.shop OR e.subscription);
UPDATE feed_inbox SET special = TRUE
    FROM follows f WHERE f.follower_id = feed_inbox.follower_id AND f.followee_id = feed_inbox.author_id AND f.special;

CREATE INDEX feed_inbox_new ON feed_inbox (follower_id, pushed_at, push_id) WHERE products AND NOT subscription;
CREATE INDEX feed_inbox_video ON feed_inbox (follower_id, pushed_at, push_id) WHERE video AND NOT subscription;
CREATE INDEX feed_inbox_special ON feed_inbox (follower_id, pushed_at, push_id) WHERE special AND NOT subscription;
CREATE INDEX feed_inbox_creators ON feed_inbox (follower_id, pushed_at, push_id) WHERE NOT shop AND NOT subscription;
CREATE INDEX feed_inbox_subscriptions ON feed_inbox (follower_id, pushed_at, push_id) WHERE subscription;

-- Draft saves off the trigram index: SQLite's part only (contents_fts_stale
-- and its triggers, see the SQLite migration). PostgreSQL's pg_trgm index
-- on contents (005) stays as it is.
