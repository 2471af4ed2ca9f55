-- Issue 20: version counters for the per-replica caches of feed cards and
-- author profiles (db.VersionedCache). A replica keeps each card or profile
-- with the version it was read at, reads the current versions of a page's
-- ids in one query and reads again only the ones that moved, so a change
-- written through any replica shows on the next read everywhere. Triggers,
-- not application code, raise the counters, so no writer can forget to; an
-- id without a row is at version 0.
--
-- card_versions: one counter per content, raised when what its card shows
-- changes: the published snapshot, its type, author or owner, its deletion,
-- its likes and its comments.
CREATE TABLE card_versions (
    content_id TEXT PRIMARY KEY,
    version    BIGINT NOT NULL
);

CREATE TRIGGER card_version_contents_update AFTER UPDATE ON contents
    WHEN old.published_version IS NOT new.published_version OR old.published_title IS NOT new.published_title
        OR old.published_body IS NOT new.published_body OR old.published_fields IS NOT new.published_fields
        OR old.published_at IS NOT new.published_at OR old.deleted_at IS NOT new.deleted_at
        OR old.type IS NOT new.type OR old.author_id IS NOT new.author_id OR old.owner_id IS NOT new.owner_id BEGIN
    INSERT INTO card_versions (content_id, version) VALUES (new.id, 1)
        ON CONFLICT (content_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER card_version_contents_delete AFTER DELETE ON contents BEGIN
    INSERT INTO card_versions (content_id, version) VALUES (old.id, 1)
        ON CONFLICT (content_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER card_version_reactions_insert AFTER INSERT ON content_reactions BEGIN
    INSERT INTO card_versions (content_id, version) VALUES (new.content_id, 1)
        ON CONFLICT (content_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER card_version_reactions_update AFTER UPDATE ON content_reactions BEGIN
    INSERT INTO card_versions (content_id, version) VALUES (new.content_id, 1)
        ON CONFLICT (content_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER card_version_reactions_delete AFTER DELETE ON content_reactions BEGIN
    INSERT INTO card_versions (content_id, version) VALUES (old.content_id, 1)
        ON CONFLICT (content_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER card_version_comments_insert AFTER INSERT ON content_comments BEGIN
    INSERT INTO card_versions (content_id, version) VALUES (new.content_id, 1)
        ON CONFLICT (content_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER card_version_comments_update AFTER UPDATE OF status, content_id ON content_comments BEGIN
    INSERT INTO card_versions (content_id, version) VALUES (new.content_id, 1)
        ON CONFLICT (content_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER card_version_comments_delete AFTER DELETE ON content_comments BEGIN
    INSERT INTO card_versions (content_id, version) VALUES (old.content_id, 1)
        ON CONFLICT (content_id) DO UPDATE SET version = version + 1;
END;

-- profile_versions: one counter per id a public profile is asked for by (a
-- login's and each of its creator accounts'), raised for the login and all
-- of its creator accounts together whenever the login's nickname or status
-- changes, or a creator account of it is opened, closed or changes what a
-- profile shows (name, type, avatar, bio; which account is the first).
CREATE TABLE profile_versions (
    id      TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);

CREATE TRIGGER profile_version_users_update AFTER UPDATE ON users
    WHEN old.nickname IS NOT new.nickname OR old.status IS NOT new.status OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO profile_versions (id, version)
        SELECT new.id, 1 UNION SELECT id, 1 FROM creator_accounts WHERE user_id = new.id
        ON CONFLICT (id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER profile_version_users_delete AFTER DELETE ON users BEGIN
    INSERT INTO profile_versions (id, version) VALUES (old.id, 1)
        ON CONFLICT (id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER profile_version_creators_insert AFTER INSERT ON creator_accounts BEGIN
    INSERT INTO profile_versions (id, version)
        SELECT new.user_id, 1 UNION SELECT id, 1 FROM creator_accounts WHERE user_id = new.user_id
        ON CONFLICT (id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER profile_version_creators_update AFTER UPDATE ON creator_accounts
    WHEN old.name IS NOT new.name OR old.type IS NOT new.type OR old.avatar_media_id IS NOT new.avatar_media_id
        OR old.bio IS NOT new.bio OR old.created_at IS NOT new.created_at OR old.user_id IS NOT new.user_id BEGIN
    INSERT INTO profile_versions (id, version)
        SELECT old.user_id, 1 UNION SELECT new.user_id, 1
        UNION SELECT id, 1 FROM creator_accounts WHERE user_id IN (old.user_id, new.user_id)
        ON CONFLICT (id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER profile_version_creators_delete AFTER DELETE ON creator_accounts BEGIN
    INSERT INTO profile_versions (id, version)
        SELECT old.user_id, 1 UNION SELECT old.id, 1 UNION SELECT id, 1 FROM creator_accounts WHERE user_id = old.user_id
        ON CONFLICT (id) DO UPDATE SET version = version + 1;
END;
