-- Issue 20: a homepage as an index walk. contents.home_rank is the homepage
-- rank of content::Published.Rank: 4 with a standing push to the homepage,
-- plus 2 when pinned, plus 1 when featured. Triggers keep it whenever a flag
-- or a homepage push changes, whichever writer made the change, so that
-- contents_homepage gives a homepage's order (rank, then newest) and a page
-- stops after its rows instead of ranking and sorting every content of the
-- account.
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
