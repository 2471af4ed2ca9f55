-- Feed tabs as index walks (issue 20, bench/README.md "Where the time goes"
-- C and G): each inbox row carries what the tabs filter on, the entry's marks
-- (fixed at push time) and whether the follow is special (kept in the
-- transaction that changes the follow), so that a tab reads the reader's
-- inbox newest first through its own partial index and stops after a page,
-- instead of joining every inbox row with its entry and follow first.
ALTER TABLE feed_inbox ADD COLUMN special INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_inbox ADD COLUMN video INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_inbox ADD COLUMN products INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_inbox ADD COLUMN shop INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_inbox ADD COLUMN subscription INTEGER NOT NULL DEFAULT 0;

UPDATE feed_inbox SET video = e.video, products = e.products, shop = e.shop, subscription = e.subscription
    FROM feed_entries e WHERE e.push_id = feed_inbox.push_id AND (e.video OR e.products OR e.shop OR e.subscription);
UPDATE feed_inbox SET special = 1
    FROM follows f WHERE f.follower_id = feed_inbox.follower_id AND f.followee_id = feed_inbox.author_id AND f.special;

CREATE INDEX feed_inbox_new ON feed_inbox (follower_id, pushed_at, push_id) WHERE products AND NOT subscription;
CREATE INDEX feed_inbox_video ON feed_inbox (follower_id, pushed_at, push_id) WHERE video AND NOT subscription;
CREATE INDEX feed_inbox_special ON feed_inbox (follower_id, pushed_at, push_id) WHERE special AND NOT subscription;
CREATE INDEX feed_inbox_creators ON feed_inbox (follower_id, pushed_at, push_id) WHERE NOT shop AND NOT subscription;
CREATE INDEX feed_inbox_subscriptions ON feed_inbox (follower_id, pushed_at, push_id) WHERE subscription;

-- Draft saves off the trigram index (issue 20, bench/README.md "Draft
-- saves"): every autosave rewrote the draft's whole title and body in
-- contents_fts. Now a save only notes, at its first change since the index
-- last caught up, the text the index still holds (contents_fts_stale), and
-- the server's background refresh (db.RefreshTextIndexes) brings the index up
-- to date every few seconds. Searches read such rows from contents itself
-- (db.MatchesText), so they find what was saved a moment ago and nothing it
-- replaced. While a row is in contents_fts_stale, contents_fts holds that
-- row's title and body as stored there; otherwise as in contents.
CREATE TABLE contents_fts_stale (
    source_rowid INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL
);
DROP TRIGGER contents_fts_update;
CREATE TRIGGER contents_fts_stale_update AFTER UPDATE OF title, body ON contents BEGIN
    INSERT INTO contents_fts_stale (source_rowid, title, body) VALUES (old.rowid, old.title, old.body)
        ON CONFLICT (source_rowid) DO NOTHING;
END;
DROP TRIGGER contents_fts_delete;
CREATE TRIGGER contents_fts_delete AFTER DELETE ON contents BEGIN
    INSERT INTO contents_fts (contents_fts, rowid, title, body)
        SELECT 'delete', old.rowid, COALESCE(s.title, old.title), COALESCE(s.body, old.body)
        FROM (SELECT 1) LEFT JOIN contents_fts_stale s ON s.source_rowid = old.rowid;
    DELETE FROM contents_fts_stale WHERE source_rowid = old.rowid;
END;
