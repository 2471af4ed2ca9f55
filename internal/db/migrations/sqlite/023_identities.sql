-- Defects of wave 1 (issue 13), second part.

-- Messages are rendered in the reader's language (item 13): a body with
-- parameters keeps its message id in body and its arguments here, a JSON list
-- of {"text", "msgid"}; '' for a body without parameters and for messages
-- stored before (their body is shown as stored).
ALTER TABLE messages ADD COLUMN body_args TEXT NOT NULL DEFAULT '';

-- The creator account is the public identity (item 3). A content belongs to
-- the creator account it was written as (creator_account_id, '' for a login
-- without one) and is shown under that account's public id (author_id): a
-- login's first creator account keeps the login's id, so every link, follow
-- and feed entry made before stays valid; each further creator account is
-- addressed by its own id. Existing content was written as the first one.
ALTER TABLE contents ADD COLUMN creator_account_id TEXT NOT NULL DEFAULT '';
ALTER TABLE contents ADD COLUMN author_id TEXT NOT NULL DEFAULT '';
UPDATE contents SET author_id = owner_id,
    creator_account_id = COALESCE((SELECT a.id FROM creator_accounts a WHERE a.user_id = contents.owner_id
        ORDER BY a.created_at, a.id LIMIT 1), '');
-- A homepage lists its account's published content.
CREATE INDEX contents_author ON contents (author_id, published_version, pinned, featured, published_at);

-- Follows and follower counts name public account ids, which are no longer
-- all users: the followee loses its reference to users (SQLite rebuilds the
-- tables to drop it; the indexes are the same).
CREATE TABLE follows_by_account (
    follower_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followee_id TEXT NOT NULL,
    special     INTEGER NOT NULL DEFAULT 0,
    pull        INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
) WITHOUT ROWID;
INSERT INTO follows_by_account (follower_id, followee_id, special, pull, created_at)
    SELECT follower_id, followee_id, special, pull, created_at FROM follows;
DROP TABLE follows;
ALTER TABLE follows_by_account RENAME TO follows;
CREATE INDEX follows_followers ON follows (followee_id, created_at, follower_id);
CREATE INDEX follows_following ON follows (follower_id, created_at, followee_id);
CREATE INDEX follows_pull ON follows (follower_id, followee_id) WHERE pull;

CREATE TABLE follow_counts_by_account (
    account_id TEXT PRIMARY KEY,
    followers  INTEGER NOT NULL DEFAULT 0,
    following  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO follow_counts_by_account (account_id, followers, following)
    SELECT account_id, followers, following FROM follow_counts;
DROP TABLE follow_counts;
ALTER TABLE follow_counts_by_account RENAME TO follow_counts;

-- The creator account a console session acts as ('' : the login's first).
ALTER TABLE sessions ADD COLUMN acting_account_id TEXT NOT NULL DEFAULT '';
