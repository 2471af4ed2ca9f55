-- Content (SPEC §5): the five types over one model, every save kept as a version,
-- the lifecycle with its published snapshot, and the moderation rule tables with
-- their history. Times come from the application clock, never from SQL.

-- Image dimensions and thumbnails of uploads.
ALTER TABLE media ADD COLUMN width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN height INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN has_thumbnail INTEGER NOT NULL DEFAULT 0;

CREATE TABLE contents (
    id                TEXT PRIMARY KEY,
    owner_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type              TEXT NOT NULL,
    title             TEXT NOT NULL,
    body              TEXT NOT NULL,
    fields            TEXT NOT NULL,
    category          TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    version           INTEGER NOT NULL,
    findings          TEXT NOT NULL DEFAULT '[]',
    reject_reason     TEXT NOT NULL DEFAULT '',
    publish_at        TIMESTAMP,
    submitted_at      TIMESTAMP,
    published_version INTEGER NOT NULL DEFAULT 0,
    published_title   TEXT NOT NULL DEFAULT '',
    published_body    TEXT NOT NULL DEFAULT '',
    published_fields  TEXT NOT NULL DEFAULT '{}',
    published_at      TIMESTAMP,
    featured          INTEGER NOT NULL DEFAULT 0,
    pinned            INTEGER NOT NULL DEFAULT 0,
    deleted_at        TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX contents_owner ON contents (owner_id, type, updated_at);
CREATE INDEX contents_public ON contents (owner_id, published_version, pinned, featured, published_at);
CREATE INDEX contents_review ON contents (status, submitted_at);

-- Every save of a content is a version; a save that lost a version race is kept
-- too, marked as a conflict, so that neither text is lost.
CREATE TABLE content_versions (
    content_id TEXT NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    fields     TEXT NOT NULL,
    category   TEXT NOT NULL,
    conflict   INTEGER NOT NULL DEFAULT 0,
    saved_by   TEXT NOT NULL,
    saved_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (content_id, version)
);

-- Pushes of published content to a channel (SPEC §5.2); withdrawn_at is set by
-- withdraw-push.
CREATE TABLE content_pushes (
    id           TEXT PRIMARY KEY,
    content_id   TEXT NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    owner_id     TEXT NOT NULL,
    target       TEXT NOT NULL,
    pushed_at    TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);
CREATE INDEX content_pushes_owner ON content_pushes (owner_id, target, pushed_at);
CREATE INDEX content_pushes_content ON content_pushes (content_id);

-- Comments and replies (SPEC §5.3): visible, held for review by a machine check,
-- or hidden by the creator or an operator; the creator pins or rewards the best.
CREATE TABLE content_comments (
    id         TEXT PRIMARY KEY,
    content_id TEXT NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id  TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    status     TEXT NOT NULL,
    findings   TEXT NOT NULL DEFAULT '[]',
    pinned     INTEGER NOT NULL DEFAULT 0,
    rewarded   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX content_comments_content ON content_comments (content_id, status, created_at);

-- Likes and favourites, one of each per person and content.
CREATE TABLE content_reactions (
    content_id TEXT NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (content_id, user_id, kind)
);

-- Share codes; clicks through a code are attributed to its content.
CREATE TABLE content_shares (
    code       TEXT PRIMARY KEY,
    content_id TEXT NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL,
    clicks     INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX content_shares_content ON content_shares (content_id);

-- Machine-check rules (SPEC §5.2, §11), matched against folded text.
CREATE TABLE moderation_rules (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    label      TEXT NOT NULL,
    pattern    TEXT NOT NULL,
    severity   TEXT NOT NULL,
    enabled    INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

-- Every edit of a rule, append-only.
CREATE TABLE moderation_rule_history (
    id         TEXT PRIMARY KEY,
    rule_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    label      TEXT NOT NULL,
    pattern    TEXT NOT NULL,
    severity   TEXT NOT NULL,
    enabled    INTEGER NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    changed_by TEXT NOT NULL
);
CREATE INDEX moderation_rule_history_rule ON moderation_rule_history (rule_id, changed_at);

INSERT INTO moderation_rules (id, kind, label, pattern, severity, enabled, updated_at) VALUES
    ('seed-banned', 'banned', 'Banned word', '赌博|博彩|枪支|毒品', 'reject', 1, 0),
    ('seed-sensitive', 'sensitive', 'Sensitive word', '代购|刷单|返现', 'review', 1, 0),
    ('seed-slimming', 'claim', 'Slimming claim', '[0-9]+ ?个? ?(?:周|天|日|月|星期) ?(?:瘦|减|掉) ?[0-9]+ ?(?:斤|公斤|kg)', 'reject', 1, 0),
    ('seed-cure', 'claim', 'Cure claim', '包治|根治|药到病除', 'reject', 1, 0),
    ('seed-guarantee', 'claim', 'Guaranteed effect', '100 ?% ?(?:有效|安全|无副作用)|无效退款', 'reject', 1, 0),
    ('seed-superlative', 'claim', 'Absolute claim', '最(?:好|佳|强|低|高|优|便宜|有效)|第一|顶级|绝对', 'review', 1, 0),
    ('seed-phone', 'contact', 'Phone number', '1[3-9](?:[ .\-]*[0-9]){9}', 'reject', 1, 0),
    ('seed-wechat', 'contact', 'WeChat id', '(?:微信|威信|wechat|weixin|vx|v信|wx)[ :：号是为]*[a-z0-9_\-]{5,20}', 'reject', 1, 0);

-- Trigram full-text index of titles and bodies (FTS5 trigram tokenizer: Chinese
-- needs no word segmenter), kept in step with contents by triggers.
CREATE VIRTUAL TABLE contents_fts USING fts5 (title, body, content = 'contents', content_rowid = 'rowid', tokenize = 'trigram');
CREATE TRIGGER contents_fts_insert AFTER INSERT ON contents BEGIN
    INSERT INTO contents_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER contents_fts_delete AFTER DELETE ON contents BEGIN
    INSERT INTO contents_fts (contents_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER contents_fts_update AFTER UPDATE OF title, body ON contents BEGIN
    INSERT INTO contents_fts (contents_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
    INSERT INTO contents_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
