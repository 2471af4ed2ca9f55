-- Discovery (the Console issue): fans search published content, so the
-- published snapshot's title and body get a trigram index of their own (the
-- one of 005 covers the draft, which readers must never find). FTS5 trigram
-- table kept in step with contents by triggers, filled from existing rows.
CREATE VIRTUAL TABLE contents_published_fts USING fts5 (published_title, published_body, content = 'contents', content_rowid = 'rowid', tokenize = 'trigram');
INSERT INTO contents_published_fts (contents_published_fts) VALUES ('rebuild');
CREATE TRIGGER contents_published_fts_insert AFTER INSERT ON contents BEGIN
    INSERT INTO contents_published_fts (rowid, published_title, published_body) VALUES (new.rowid, new.published_title, new.published_body);
END;
CREATE TRIGGER contents_published_fts_delete AFTER DELETE ON contents BEGIN
    INSERT INTO contents_published_fts (contents_published_fts, rowid, published_title, published_body) VALUES ('delete', old.rowid, old.published_title, old.published_body);
END;
CREATE TRIGGER contents_published_fts_update AFTER UPDATE OF published_title, published_body ON contents BEGIN
    INSERT INTO contents_published_fts (contents_published_fts, rowid, published_title, published_body) VALUES ('delete', old.rowid, old.published_title, old.published_body);
    INSERT INTO contents_published_fts (rowid, published_title, published_body) VALUES (new.rowid, new.published_title, new.published_body);
END;
-- Newest published content across all accounts (the discover page).
CREATE INDEX contents_published_newest ON contents (published_at, id) WHERE published_version > 0 AND deleted_at IS NULL;
