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
-- forget to. The inbox's triggers run once per statement (a fan-out run
-- inserts up to a batch of rows) and raise the readers in id order, so
-- concurrent fan-outs lock the counters in the same order.
CREATE TABLE feed_versions (
    reader_id TEXT PRIMARY KEY,
    version   BIGINT NOT NULL
);

CREATE FUNCTION feed_version_inbox() RETURNS trigger AS $$
BEGIN
    INSERT INTO feed_versions (reader_id, version)
        SELECT DISTINCT follower_id, 1 FROM changed ORDER BY follower_id
        ON CONFLICT (reader_id) DO UPDATE SET version = feed_versions.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER feed_version_inbox_insert AFTER INSERT ON feed_inbox
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION feed_version_inbox();
CREATE TRIGGER feed_version_inbox_delete AFTER DELETE ON feed_inbox
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION feed_version_inbox();

CREATE FUNCTION feed_version_follower() RETURNS trigger AS $$
DECLARE
    who TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        who := OLD.follower_id;
    ELSE
        who := NEW.follower_id;
    END IF;
    INSERT INTO feed_versions (reader_id, version) VALUES (who, 1)
        ON CONFLICT (reader_id) DO UPDATE SET version = feed_versions.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER feed_version_follows AFTER INSERT OR UPDATE OF special OR DELETE ON follows
    FOR EACH ROW EXECUTE FUNCTION feed_version_follower();

CREATE FUNCTION feed_version_all() RETURNS trigger AS $$
BEGIN
    INSERT INTO feed_versions (reader_id, version) VALUES ('*', 1)
        ON CONFLICT (reader_id) DO UPDATE SET version = feed_versions.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER feed_version_entries_insert AFTER INSERT ON feed_entries
    FOR EACH ROW WHEN (NEW.fanout = 'read') EXECUTE FUNCTION feed_version_all();
CREATE TRIGGER feed_version_entries_update AFTER UPDATE OF withdrawn, deleted ON feed_entries
    FOR EACH ROW EXECUTE FUNCTION feed_version_all();
