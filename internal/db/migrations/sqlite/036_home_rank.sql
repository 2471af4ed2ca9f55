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
