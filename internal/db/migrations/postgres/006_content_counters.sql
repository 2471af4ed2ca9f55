-- Counters of what readers do with published content: views, and clicks
-- on mounted products (target = the product id). One row per counter.
CREATE TABLE content_counters (
    content_id TEXT NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    target     TEXT NOT NULL DEFAULT '',
    count      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (content_id, kind, target)
);
