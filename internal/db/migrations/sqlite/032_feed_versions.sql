-- Issue 20: the feed-page cache's version check. feed_versions holds one
-- counter per reader, raised by a trigger whenever what the reader's feed
-- lists may change: a row of the reader's inbox arrives or leaves (a
-- fan-out, a follow's backfill, an unfollow, a retraction) and the reader
-- follows, unfollows or marks a follow special. The row '*' is raised by
-- changes that reach many feeds at once: a read-mode push (merged into its
-- author's followers' feeds without inbox rows) and a push withdrawn or its
-- content deleted or restored. A replica that cached a feed page compares
-- the sum of the reader's and the global counter before it reuses it, so a
-- change written by any replica shows on the next read everywhere.
-- Triggers, not application code, raise the counters, so no writer can
-- forget to.
CREATE TABLE feed_versions (
    reader_id TEXT PRIMARY KEY,
    version   BIGINT NOT NULL
);

CREATE TRIGGER feed_version_inbox_insert AFTER INSERT ON feed_inbox BEGIN
    INSERT INTO feed_versions (reader_id, version) VALUES (new.follower_id, 1)
        ON CONFLICT (reader_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER feed_version_inbox_delete AFTER DELETE ON feed_inbox BEGIN
    INSERT INTO feed_versions (reader_id, version) VALUES (old.follower_id, 1)
        ON CONFLICT (reader_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER feed_version_follows_insert AFTER INSERT ON follows BEGIN
    INSERT INTO feed_versions (reader_id, version) VALUES (new.follower_id, 1)
        ON CONFLICT (reader_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER feed_version_follows_update AFTER UPDATE OF special ON follows BEGIN
    INSERT INTO feed_versions (reader_id, version) VALUES (new.follower_id, 1)
        ON CONFLICT (reader_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER feed_version_follows_delete AFTER DELETE ON follows BEGIN
    INSERT INTO feed_versions (reader_id, version) VALUES (old.follower_id, 1)
        ON CONFLICT (reader_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER feed_version_entries_insert AFTER INSERT ON feed_entries WHEN new.fanout = 'read' BEGIN
    INSERT INTO feed_versions (reader_id, version) VALUES ('*', 1)
        ON CONFLICT (reader_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER feed_version_entries_update AFTER UPDATE OF withdrawn, deleted ON feed_entries BEGIN
    INSERT INTO feed_versions (reader_id, version) VALUES ('*', 1)
        ON CONFLICT (reader_id) DO UPDATE SET version = version + 1;
END;
