-- Creator accounts (SPEC §2.1–2.4, §4.1): uploaded media, payout accounts and real-name
-- data, shops and brand entries, creator accounts with their profile rules and pending
-- changes, certification with its role and domain tables, capability applications and
-- grants. Times come from the application's clock, never from SQL.

CREATE TABLE media (
    id           TEXT PRIMARY KEY,
    owner_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    blob_key     TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX media_owner ON media (owner_id, created_at);

CREATE TABLE payout_accounts (
    user_id     TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    provider    TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    holder_type TEXT NOT NULL,
    verified_at TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE real_names (
    user_id     TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    id_number   TEXT NOT NULL,
    birth_date  TEXT NOT NULL DEFAULT '',
    verified_at TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE shops (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX shops_user ON shops (user_id);

CREATE TABLE brand_entries (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    brand_name   TEXT NOT NULL,
    document_ids TEXT NOT NULL,
    status       TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    submitted_at TIMESTAMPTZ NOT NULL,
    decided_at   TIMESTAMPTZ,
    decided_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX brand_entries_status ON brand_entries (status, submitted_at, id);

CREATE TABLE creator_accounts (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type            TEXT NOT NULL,
    subject_type    TEXT NOT NULL,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    name_locked     BOOLEAN NOT NULL DEFAULT FALSE,
    avatar_media_id TEXT NOT NULL DEFAULT '',
    bio             TEXT NOT NULL DEFAULT '',
    shop_id         TEXT NOT NULL DEFAULT '',
    name_changed_at TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT creator_accounts_name_key UNIQUE (name_key)
);
CREATE INDEX creator_accounts_user ON creator_accounts (user_id, created_at);
-- An individual subject opens one creator account (SPEC §2.2).
CREATE UNIQUE INDEX creator_accounts_one_individual ON creator_accounts (user_id) WHERE subject_type = 'individual';

CREATE TABLE profile_changes (
    id                 TEXT PRIMARY KEY,
    creator_account_id TEXT NOT NULL REFERENCES creator_accounts (id) ON DELETE CASCADE,
    field              TEXT NOT NULL,
    value              TEXT NOT NULL,
    effective_at       TIMESTAMPTZ NOT NULL,
    applied_at         TIMESTAMPTZ,
    outcome            TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX profile_changes_account ON profile_changes (creator_account_id, effective_at);

-- Patterns refused in names and bios, matched against folded text (lower case,
-- half-width, Chinese numerals as digits). Operators edit them.
CREATE TABLE profile_rules (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    label      TEXT NOT NULL,
    pattern    TEXT NOT NULL,
    enabled    BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

-- Suffix rewrites that derive a Tmall-style store's nickname (SPEC §2.3).
CREATE TABLE nickname_rules (
    suffix      TEXT PRIMARY KEY,
    replacement TEXT NOT NULL,
    position    INTEGER NOT NULL
);

CREATE TABLE certification_roles (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    name_zh  TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE domain_focuses (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    name_zh  TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE certifications (
    id                 TEXT PRIMARY KEY,
    user_id            TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    creator_account_id TEXT NOT NULL REFERENCES creator_accounts (id) ON DELETE CASCADE,
    kind               TEXT NOT NULL,
    name               TEXT NOT NULL,
    id_number          TEXT NOT NULL,
    document_ids       TEXT NOT NULL,
    roles              TEXT NOT NULL,
    domain_focus       TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL,
    reason             TEXT NOT NULL DEFAULT '',
    submitted_at       TIMESTAMPTZ,
    decided_at         TIMESTAMPTZ,
    decided_by         TEXT NOT NULL DEFAULT '',
    expires_at         TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX certifications_user ON certifications (user_id, status);
CREATE INDEX certifications_status ON certifications (status, submitted_at, id);

CREATE TABLE capability_applications (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    capability   TEXT NOT NULL,
    material     TEXT NOT NULL,
    document_ids TEXT NOT NULL,
    status       TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    submitted_at TIMESTAMPTZ NOT NULL,
    decided_at   TIMESTAMPTZ,
    decided_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX capability_applications_user ON capability_applications (user_id, capability);
CREATE INDEX capability_applications_status ON capability_applications (status, submitted_at, id);

CREATE TABLE capability_grants (
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    capability     TEXT NOT NULL,
    application_id TEXT NOT NULL,
    granted_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, capability)
);

INSERT INTO profile_rules (id, kind, label, pattern, enabled, updated_at) VALUES
    ('seed-phone', 'contact', 'Phone number', '1[3-9](?:[ .\-]*[0-9]){9}', TRUE, '1970-01-01T00:00:00Z'),
    ('seed-landline', 'contact', 'Landline number', '0[0-9]{2,3}[ \-]+[0-9]{7,8}', TRUE, '1970-01-01T00:00:00Z'),
    ('seed-email', 'contact', 'E-mail address', '[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+', TRUE, '1970-01-01T00:00:00Z'),
    ('seed-url', 'contact', 'Web address', '(?:https?://|www\.)[^ ]+|[a-z0-9\-]+\.(?:com|cn|net|org|top|xyz|cc|io|me)(?:/[^ ]*)?', TRUE, '1970-01-01T00:00:00Z'),
    ('seed-qq', 'contact', 'QQ number', '(?:qq|扣扣|企鹅)[ :：号码是为]*[0-9]{5,11}', TRUE, '1970-01-01T00:00:00Z'),
    ('seed-wechat', 'contact', 'WeChat id', '(?:微信|威信|wechat|weixin|vx|v信|wx)[ :：号是为]*[a-z0-9_\-]{5,20}', TRUE, '1970-01-01T00:00:00Z'),
    ('seed-marketing', 'marketing', 'Marketing text', '加我|加微|私聊|代购|刷单|返现|免费领|优惠券领取|低价批发', TRUE, '1970-01-01T00:00:00Z');

INSERT INTO nickname_rules (suffix, replacement, position) VALUES
    ('官方旗舰店', '天猫官方', 1),
    ('专卖店', '专卖', 2),
    ('专营店', '专营', 3);

-- The 22 role certifications of the source's iFashion channel (SPEC §2.4, §6.2).
INSERT INTO certification_roles (code, name, name_zh, position) VALUES
    ('fashion_media', 'Fashion media', '时尚媒体', 1),
    ('fashion_site_app', 'Fashion website or app', '时尚网站APP', 2),
    ('fashion_self_media', 'Fashion self-media', '时尚自媒体', 3),
    ('fashion_editor', 'Fashion editor', '时尚编辑', 4),
    ('fashion_blogger', 'Fashion blogger', '时尚博主', 5),
    ('fashion_designer', 'Fashion designer', '时尚设计师', 6),
    ('fashion_buyer', 'Fashion buyer', '时尚买手', 7),
    ('stylist_outfits', 'Outfit stylist', '时尚搭配师', 8),
    ('brand_founder', 'Brand founder', '品牌主理人', 9),
    ('artisan', 'Artisan', '情怀匠人', 10),
    ('makeup_artist', 'Makeup artist', '化妆师', 11),
    ('aromatherapist', 'Aromatherapist', '芳疗师', 12),
    ('hair_stylist', 'Hair stylist', '造型师', 13),
    ('beautician', 'Beautician', '美容师', 14),
    ('beauty_editor', 'Beauty editor', '美妆编辑', 15),
    ('beauty_blogger', 'Beauty blogger', '美妆博主', 16),
    ('fitness_expert', 'Fitness expert', '健身达人', 17),
    ('sneaker_expert', 'Sneaker expert', '潮鞋达人', 18),
    ('running_expert', 'Running expert', '跑步达人', 19),
    ('sports_media', 'Sports & outdoor media', '运动户外媒体', 20),
    ('sports_site_app', 'Sports & outdoor website or app', '运动户外网站App', 21),
    ('sports_self_media', 'Sports & outdoor self-media', '运动户外自媒体', 22);

INSERT INTO domain_focuses (code, name, name_zh, position) VALUES
    ('outfits', 'Outfits', '穿搭', 1),
    ('beauty_personal_care', 'Beauty & personal care', '美容护肤', 2),
    ('sports_outdoor', 'Sports & outdoor', '运动户外', 3),
    ('food', 'Food', '美食', 4),
    ('home', 'Home & living', '家居生活', 5),
    ('digital', 'Digital & tech', '数码科技', 6),
    ('mother_baby', 'Mother & baby', '母婴亲子', 7),
    ('travel', 'Travel', '旅行', 8);
