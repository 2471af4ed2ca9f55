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

-- card_version raises the counter of the content the changed row belongs
-- to: the row itself for contents, its content_id for reactions and
-- comments.
CREATE FUNCTION card_version() RETURNS trigger AS $$
DECLARE
    changed TEXT;
BEGIN
    IF TG_TABLE_NAME = 'contents' THEN
        changed := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
    ELSE
        changed := CASE WHEN TG_OP = 'DELETE' THEN OLD.content_id ELSE NEW.content_id END;
    END IF;
    INSERT INTO card_versions (content_id, version) VALUES (changed, 1)
        ON CONFLICT (content_id) DO UPDATE SET version = card_versions.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER card_version_contents_update AFTER UPDATE ON contents FOR EACH ROW
    WHEN (OLD.published_version IS DISTINCT FROM NEW.published_version
        OR OLD.published_title IS DISTINCT FROM NEW.published_title
        OR OLD.published_body IS DISTINCT FROM NEW.published_body
        OR OLD.published_fields IS DISTINCT FROM NEW.published_fields
        OR OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
        OR OLD.type IS DISTINCT FROM NEW.type OR OLD.author_id IS DISTINCT FROM NEW.author_id
        OR OLD.owner_id IS DISTINCT FROM NEW.owner_id)
    EXECUTE FUNCTION card_version();
CREATE TRIGGER card_version_contents_delete AFTER DELETE ON contents FOR EACH ROW EXECUTE FUNCTION card_version();
CREATE TRIGGER card_version_reactions AFTER INSERT OR UPDATE OR DELETE ON content_reactions
    FOR EACH ROW EXECUTE FUNCTION card_version();
CREATE TRIGGER card_version_comments AFTER INSERT OR UPDATE OF status, content_id OR DELETE ON content_comments
    FOR EACH ROW EXECUTE FUNCTION card_version();

-- profile_versions: one counter per id a public profile is asked for by (a
-- login's and each of its creator accounts'), raised for the login and all
-- of its creator accounts together whenever the login's nickname or status
-- changes, or a creator account of it is opened, closed or changes what a
-- profile shows (name, type, avatar, bio; which account is the first).
CREATE TABLE profile_versions (
    id      TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);

-- profile_version raises the counters of the login whose row changed (in
-- users, or the owner of the changed creator account), of its creator
-- accounts and of a creator account deleted, in id order.
CREATE FUNCTION profile_version() RETURNS trigger AS $$
DECLARE
    logins TEXT[];
    gone   TEXT := NULL;
BEGIN
    IF TG_TABLE_NAME = 'users' THEN
        logins := ARRAY[CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END];
    ELSIF TG_OP = 'INSERT' THEN
        logins := ARRAY[NEW.user_id];
    ELSIF TG_OP = 'UPDATE' THEN
        logins := ARRAY[OLD.user_id, NEW.user_id];
    ELSE
        logins := ARRAY[OLD.user_id];
        gone := OLD.id;
    END IF;
    INSERT INTO profile_versions (id, version)
        SELECT id, 1 FROM (SELECT unnest(logins) AS id UNION SELECT gone WHERE gone IS NOT NULL
            UNION SELECT id FROM creator_accounts WHERE user_id = ANY (logins)) ids ORDER BY id
        ON CONFLICT (id) DO UPDATE SET version = profile_versions.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER profile_version_users_update AFTER UPDATE ON users FOR EACH ROW
    WHEN (OLD.nickname IS DISTINCT FROM NEW.nickname OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION profile_version();
CREATE TRIGGER profile_version_users_delete AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION profile_version();
CREATE TRIGGER profile_version_creators AFTER INSERT OR DELETE ON creator_accounts
    FOR EACH ROW EXECUTE FUNCTION profile_version();
CREATE TRIGGER profile_version_creators_update AFTER UPDATE ON creator_accounts FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.type IS DISTINCT FROM NEW.type
        OR OLD.avatar_media_id IS DISTINCT FROM NEW.avatar_media_id OR OLD.bio IS DISTINCT FROM NEW.bio
        OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION profile_version();
