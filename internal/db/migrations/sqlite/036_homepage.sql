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

CREATE TRIGGER contents_home_rank_flags AFTER UPDATE OF pinned, featured ON contents BEGIN
    UPDATE contents SET home_rank = (home_rank & 4) + CASE WHEN new.pinned THEN 2 ELSE 0 END
        + CASE WHEN new.featured THEN 1 ELSE 0 END WHERE id = new.id;
END;

CREATE TRIGGER contents_home_rank_push AFTER INSERT ON content_pushes WHEN new.target = 'homepage' BEGIN
    UPDATE contents SET home_rank = home_rank | 4 WHERE id = new.content_id;
END;

CREATE TRIGGER contents_home_rank_withdraw AFTER UPDATE OF withdrawn_at ON content_pushes WHEN new.target = 'homepage' BEGIN
    UPDATE contents SET home_rank = (home_rank & 3) + CASE WHEN EXISTS (SELECT 1 FROM content_pushes p
        WHERE p.content_id = new.content_id AND p.target = 'homepage' AND p.withdrawn_at IS NULL) THEN 4 ELSE 0 END
        WHERE id = new.content_id;
END;

CREATE TRIGGER contents_home_rank_unpush AFTER DELETE ON content_pushes WHEN old.target = 'homepage' BEGIN
    UPDATE contents SET home_rank = (home_rank & 3) + CASE WHEN EXISTS (SELECT 1 FROM content_pushes p
        WHERE p.content_id = old.content_id AND p.target = 'homepage' AND p.withdrawn_at IS NULL) THEN 4 ELSE 0 END
        WHERE id = old.content_id;
END;

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

CREATE TRIGGER home_version_contents_insert AFTER INSERT ON contents WHEN new.published_version > 0 BEGIN
    INSERT INTO home_versions (account_id, version) VALUES (new.author_id, 1)
        ON CONFLICT (account_id) DO UPDATE SET version = version + 1;
END;

-- Only statements that set one of the columns compared fire it: a draft
-- save sets none of them (and would otherwise compare the bodies each time).
CREATE TRIGGER home_version_contents_update AFTER UPDATE OF published_version, published_title, published_body,
    published_fields, published_at, deleted_at, type, author_id, owner_id, featured, pinned, home_rank ON contents
    WHEN old.published_version IS NOT new.published_version OR old.published_title IS NOT new.published_title
        OR old.published_body IS NOT new.published_body OR old.published_fields IS NOT new.published_fields
        OR old.published_at IS NOT new.published_at OR old.deleted_at IS NOT new.deleted_at
        OR old.type IS NOT new.type OR old.author_id IS NOT new.author_id OR old.owner_id IS NOT new.owner_id
        OR old.featured IS NOT new.featured OR old.pinned IS NOT new.pinned OR old.home_rank IS NOT new.home_rank BEGIN
    INSERT INTO home_versions (account_id, version) VALUES (new.author_id, 1)
        ON CONFLICT (account_id) DO UPDATE SET version = version + 1;
    INSERT INTO home_versions (account_id, version) SELECT old.author_id, 1 WHERE old.author_id <> new.author_id
        ON CONFLICT (account_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER home_version_contents_delete AFTER DELETE ON contents BEGIN
    INSERT INTO home_versions (account_id, version) VALUES (old.author_id, 1)
        ON CONFLICT (account_id) DO UPDATE SET version = version + 1;
END;
