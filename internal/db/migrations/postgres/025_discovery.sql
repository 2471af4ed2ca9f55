-- Discovery (the Console issue): fans search published content, so the
-- published snapshot's title and body get a trigram index of their own (the
-- one of 005 covers the draft, which readers must never find).
CREATE INDEX contents_published_trgm ON contents USING gin ((published_title || ' ' || published_body) gin_trgm_ops);
-- Newest published content across all accounts (the discover page).
CREATE INDEX contents_published_newest ON contents (published_at, id) WHERE published_version > 0 AND deleted_at IS NULL;
