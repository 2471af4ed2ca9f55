-- Issue 20: a homepage as an index walk and a per-replica cache.
--
-- contents.home_rank is the rank of content.Published.Rank: 4 with a
-- standing push to the homepage, plus 2 when pinned, plus 1 when featured.
-- Triggers keep it whenever a flag or a homepage push changes, whichever
-- writer made the change, so that contents_homepage gives a homepage's
-- order (rank, then newest) and a page stops after its rows instead of
-- ranking and sorting every content of the account.
ALTER TABLE contents ADD COLUMN home_rank INTEGER NOT NULL DEFAULT 0;

UPDATE contents SET home_rank =
    CASE WHEN EXISTS (SELECT 1 FROM content_pushes p WHERE p.content_id = contents.id AND p.target = 'homepage'
        AND p.withdrawn_at IS NULL) THEN 4 ELSE 0 END + CASE WHEN pinned THEN 2 ELSE 0 END + CASE WHEN featured THEN 1 ELSE 0 END
    WHERE pinned OR featured
        OR id IN (SELECT content_id FROM content_pushes WHERE target = 'homepage' AND withdrawn_at IS NULL);

CREATE INDEX contents_homepage ON contents (author_id, home_rank DESC, published_at DESC, id DESC)
    WHERE published_version > 0 AND deleted_at IS NULL;

CREATE FUNCTION contents_home_rank_flags() RETURNS trigger AS $$
BEGIN
    NEW.home_rank := (NEW.home_rank & 4) + CASE WHEN NEW.pinned THEN 2 ELSE 0 END + CASE WHEN NEW.featured THEN 1 ELSE 0 END;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER contents_home_rank_flags BEFORE UPDATE OF pinned, featured ON contents
    FOR EACH ROW EXECUTE FUNCTION contents_home_rank_flags();

CREATE FUNCTION contents_home_rank_push() RETURNS trigger AS $$
DECLARE
    cid TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        cid := OLD.content_id;
    ELSE
        cid := NEW.content_id;
    END IF;
    UPDATE contents SET home_rank = (home_rank & 3) + CASE WHEN EXISTS (SELECT 1 FROM content_pushes p
        WHERE p.content_id = cid AND p.target = 'homepage' AND p.withdrawn_at IS NULL) THEN 4 ELSE 0 END
        WHERE id = cid;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER contents_home_rank_push AFTER INSERT OR UPDATE OF withdrawn_at ON content_pushes
    FOR EACH ROW WHEN (NEW.target = 'homepage') EXECUTE FUNCTION contents_home_rank_push();
CREATE TRIGGER contents_home_rank_unpush AFTER DELETE ON content_pushes
    FOR EACH ROW WHEN (OLD.target = 'homepage') EXECUTE FUNCTION contents_home_rank_push();

-- home_versions: one counter per account (contents.author_id), raised when
-- what its homepage lists may change: a content of the account is
-- published, withdrawn, edited after approval, deleted or restored, changes
-- type or author, or moves in rank. A replica keeps each account's first
-- homepage page with the version it was read at (db.VersionedCache), so a
-- change written through any replica shows on the next read everywhere.
CREATE TABLE home_versions (
    account_id TEXT PRIMARY KEY,
    version    BIGINT NOT NULL
);

-- home_version raises the counters of the accounts whose homepage the
-- changed content was or is on.
CREATE FUNCTION home_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO home_versions (account_id, version) VALUES (OLD.author_id, 1)
            ON CONFLICT (account_id) DO UPDATE SET version = home_versions.version + 1;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.author_id <> OLD.author_id) THEN
        INSERT INTO home_versions (account_id, version) VALUES (NEW.author_id, 1)
            ON CONFLICT (account_id) DO UPDATE SET version = home_versions.version + 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER home_version_contents_insert AFTER INSERT ON contents FOR EACH ROW
    WHEN (NEW.published_version > 0) EXECUTE FUNCTION home_version();
-- Only statements that set one of the columns compared fire it: a draft
-- save sets none of them (and would otherwise compare the bodies each time).
CREATE TRIGGER home_version_contents_update AFTER UPDATE OF published_version, published_title, published_body,
    published_fields, published_at, deleted_at, type, author_id, owner_id, featured, pinned, home_rank ON contents FOR EACH ROW
    WHEN (OLD.published_version IS DISTINCT FROM NEW.published_version
        OR OLD.published_title IS DISTINCT FROM NEW.published_title
        OR OLD.published_body IS DISTINCT FROM NEW.published_body
        OR OLD.published_fields IS DISTINCT FROM NEW.published_fields
        OR OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
        OR OLD.type IS DISTINCT FROM NEW.type OR OLD.author_id IS DISTINCT FROM NEW.author_id
        OR OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.featured IS DISTINCT FROM NEW.featured
        OR OLD.pinned IS DISTINCT FROM NEW.pinned OR OLD.home_rank IS DISTINCT FROM NEW.home_rank)
    EXECUTE FUNCTION home_version();
CREATE TRIGGER home_version_contents_delete AFTER DELETE ON contents FOR EACH ROW EXECUTE FUNCTION home_version();
