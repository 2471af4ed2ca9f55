-- Sub-accounts, positions and API tokens (SPEC §4.2, API.md): positions are a
-- table of default permission sets; sub-accounts belong to a main account, keep
-- their name for ever (departed ones too), and carry their real-person
-- verification; API tokens are stored hashed. Sessions and step-up challenges
-- remember the sub-account they were opened for. Times come from the
-- application's clock, never from SQL.

CREATE TABLE staff_positions (
    key         TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    permissions TEXT NOT NULL,
    sort        INTEGER NOT NULL
);

INSERT INTO staff_positions (key, name, permissions, sort) VALUES
    ('customer_service', 'Customer service', 'message.read,message.update,data.view', 1),
    ('cs_supervisor', 'Customer-service supervisor', 'message.read,message.update,data.view,audit.read', 2),
    ('operations', 'Operations', 'content.save_draft,content.read,content.manage,content.publish_graphic,media.upload,creator_account.read,data.view', 3),
    ('finance', 'Finance', 'data.view,data.export,creator_account.read', 4),
    ('content_editor', 'Content editor', 'content.save_draft,content.read,media.upload', 5),
    ('data_analyst', 'Data analyst', 'data.view,content.read_stats,data.export', 6),
    ('other', 'Other', '', 7);

CREATE TABLE sub_accounts (
    id              TEXT PRIMARY KEY,
    main_user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    position        TEXT NOT NULL REFERENCES staff_positions (key),
    permissions     TEXT NOT NULL,
    status          TEXT NOT NULL,
    verify_deadline TIMESTAMPTZ NOT NULL,
    verified_at     TIMESTAMPTZ,
    restricted_at   TIMESTAMPTZ,
    holder_name     TEXT NOT NULL DEFAULT '',
    holder_id_key   TEXT,
    holder_phone    TEXT NOT NULL DEFAULT '',
    departed_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT sub_accounts_main_name UNIQUE (main_user_id, name_key),
    CONSTRAINT sub_accounts_main_holder UNIQUE (main_user_id, holder_id_key)
);
CREATE INDEX sub_accounts_main ON sub_accounts (main_user_id, status, created_at);

CREATE TABLE api_tokens (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sub_account_id TEXT NOT NULL DEFAULT '',
    name           TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    scopes         TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ,
    revoked_at     TIMESTAMPTZ,
    last_used_at   TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);

ALTER TABLE sessions ADD COLUMN sub_account_id TEXT NOT NULL DEFAULT '';
ALTER TABLE login_challenges ADD COLUMN sub_account_id TEXT NOT NULL DEFAULT '';
