-- Channels, activities and their submissions (SPEC §6.2, §6.3): curated
-- channels with sub-channels and an eligibility rule kept as data, the
-- applications that admit creators, daily quotas per sub-channel, reviewed
-- submissions; official activities with theme tags, windows, invitation
-- criteria, capacity per product category and their submissions. Channels and
-- activities keep every version operators saved. Times come from the
-- application clock, never from SQL.

CREATE TABLE channels (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    categories  TEXT NOT NULL,
    rule        TEXT NOT NULL,
    status      TEXT NOT NULL,
    position    INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX channels_position ON channels (position, id);

-- Every saved version of a channel (its sub-channels and rule included).
CREATE TABLE channel_versions (
    channel_id TEXT NOT NULL REFERENCES channels (id),
    version    INTEGER NOT NULL,
    snapshot   TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel_id, version)
);

CREATE TABLE channel_sub_channels (
    id          TEXT PRIMARY KEY,
    channel_id  TEXT NOT NULL REFERENCES channels (id),
    name        TEXT NOT NULL,
    daily_quota INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    UNIQUE (channel_id, name)
);

CREATE TABLE channel_applications (
    id                 TEXT PRIMARY KEY,
    channel_id         TEXT NOT NULL REFERENCES channels (id),
    user_id            TEXT NOT NULL REFERENCES users (id),
    reason             TEXT NOT NULL,
    sample_links       TEXT NOT NULL,
    external_homepages TEXT NOT NULL,
    screenshots        TEXT NOT NULL,
    status             TEXT NOT NULL,
    decision_reason    TEXT NOT NULL DEFAULT '',
    decided_by         TEXT NOT NULL DEFAULT '',
    submitted_at       TIMESTAMPTZ NOT NULL,
    decided_at         TIMESTAMPTZ
);
CREATE INDEX channel_applications_queue ON channel_applications (status, submitted_at, id);
CREATE INDEX channel_applications_user ON channel_applications (user_id, channel_id);

-- Admissions: who may submit to a channel, and the application that admitted them.
CREATE TABLE channel_members (
    channel_id     TEXT NOT NULL REFERENCES channels (id),
    account_id     TEXT NOT NULL REFERENCES users (id),
    application_id TEXT NOT NULL,
    admitted_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel_id, account_id)
);

-- Submissions used per sub-channel, creator and day (the platform's time zone).
CREATE TABLE channel_quota_usage (
    sub_channel_id TEXT NOT NULL REFERENCES channel_sub_channels (id),
    account_id     TEXT NOT NULL,
    day            TEXT NOT NULL,
    used           INTEGER NOT NULL,
    PRIMARY KEY (sub_channel_id, account_id, day)
);

CREATE TABLE channel_submissions (
    id             TEXT PRIMARY KEY,
    channel_id     TEXT NOT NULL REFERENCES channels (id),
    sub_channel_id TEXT NOT NULL REFERENCES channel_sub_channels (id),
    content_id     TEXT NOT NULL,
    account_id     TEXT NOT NULL,
    day            TEXT NOT NULL,
    status         TEXT NOT NULL,
    display_weight INTEGER NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    decided_at     TIMESTAMPTZ,
    UNIQUE (sub_channel_id, content_id)
);
CREATE INDEX channel_submissions_public ON channel_submissions (channel_id, status, display_weight, decided_at, id);
CREATE INDEX channel_submissions_review ON channel_submissions (channel_id, status, created_at, id);

CREATE TABLE activities (
    id                   TEXT PRIMARY KEY,
    title                TEXT NOT NULL,
    rules_text           TEXT NOT NULL,
    channel_id           TEXT NOT NULL DEFAULT '',
    placement            TEXT NOT NULL,
    submit_from          TIMESTAMPTZ NOT NULL,
    deadline             TIMESTAMPTZ NOT NULL,
    placement_from       TIMESTAMPTZ NOT NULL,
    placement_to         TIMESTAMPTZ NOT NULL,
    min_level            INTEGER NOT NULL,
    roles                TEXT NOT NULL,
    categories           TEXT NOT NULL,
    invite_level         INTEGER NOT NULL,
    invite_fan_value     INTEGER NOT NULL,
    invite_content_value INTEGER NOT NULL,
    creators             INTEGER NOT NULL DEFAULT 0,
    submissions          INTEGER NOT NULL DEFAULT 0,
    saturation_ppm       INTEGER NOT NULL DEFAULT 0,
    version              INTEGER NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX activities_newest ON activities (created_at, id);
CREATE INDEX activities_hottest ON activities (creators, id);
CREATE INDEX activities_saturation ON activities (saturation_ppm, id);
CREATE INDEX activities_deadline ON activities (deadline, id);
CREATE INDEX activities_placement ON activities (placement_from, id);
CREATE INDEX activities_channel ON activities (channel_id, deadline);

CREATE TABLE activity_versions (
    activity_id TEXT NOT NULL REFERENCES activities (id),
    version     INTEGER NOT NULL,
    snapshot    TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (activity_id, version)
);

CREATE TABLE activity_themes (
    activity_id TEXT NOT NULL REFERENCES activities (id),
    theme       TEXT NOT NULL,
    PRIMARY KEY (activity_id, theme)
);
CREATE INDEX activity_themes_theme ON activity_themes (theme, activity_id);

-- Optional capacity per product category ("women's wear is full").
CREATE TABLE activity_capacities (
    activity_id TEXT NOT NULL REFERENCES activities (id),
    category    TEXT NOT NULL,
    capacity    INTEGER NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (activity_id, category)
);

CREATE TABLE activity_participants (
    activity_id TEXT NOT NULL REFERENCES activities (id),
    account_id  TEXT NOT NULL,
    joined_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (activity_id, account_id)
);
CREATE INDEX activity_participants_account ON activity_participants (account_id, activity_id);

CREATE TABLE activity_submissions (
    id          TEXT PRIMARY KEY,
    activity_id TEXT NOT NULL REFERENCES activities (id),
    account_id  TEXT NOT NULL,
    content_id  TEXT NOT NULL,
    category    TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (activity_id, content_id)
);
CREATE INDEX activity_submissions_account ON activity_submissions (account_id, created_at, id);

-- The source's channels (SPEC §6.2): iFashion, whose rule is 22 certified roles, or L2-L6 with the
-- domain focus outfits (美搭) or beauty & personal care (美妆个护), or a merchant account; and the short-video
-- channel, which needs the video-creator certification (the short_video capability). Version 1 by the system.
INSERT INTO channels (id, slug, name, description, categories, rule, status, position, version, created_at, updated_at) VALUES
    ('01900000-0000-7000-8000-000000000001', 'ifashion', 'iFashion', 'iFashion是基于中高端年轻化女性时尚社区平台，面对泛90后人群提供潮流新品、流行资讯，搭配，扮美，运动时尚好物。覆盖女装，女鞋，女士内衣，服饰配件，眼镜，珠宝，流行首饰，手表，美容护肤，个人护理，美妆，运动，户外，运动休闲服装，运动鞋等关于女性时尚的一级类目。', '["女装","女鞋","女士内衣","服饰配件","眼镜","珠宝","流行首饰","手表","美容护肤","个人护理","美妆","运动","户外","运动休闲服装","运动鞋"]', '{"clauses":[{"conditions":[{"kind":"role","values":["fashion_media","fashion_site_app","fashion_self_media","fashion_editor","fashion_blogger","fashion_designer","fashion_buyer","stylist_outfits","brand_founder","artisan","makeup_artist","aromatherapist","hair_stylist","beautician","beauty_editor","beauty_blogger","fitness_expert","sneaker_expert","running_expert","sports_media","sports_site_app","sports_self_media"]}]},{"conditions":[{"kind":"level","values":["L2","L3","L4","L5","L6"]},{"kind":"domain_focus","values":["outfits","beauty_personal_care"]}]},{"conditions":[{"kind":"account_type","values":["merchant"]}]}]}', 'active', 1, 1, '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z');
INSERT INTO channel_sub_channels (id, channel_id, name, daily_quota, position) VALUES
    ('01900000-0000-7000-8000-000000000011', '01900000-0000-7000-8000-000000000001', 'ifashion搭配', 1, 0),
    ('01900000-0000-7000-8000-000000000012', '01900000-0000-7000-8000-000000000001', 'IFashion_帖子', 1, 1);
INSERT INTO channel_versions (channel_id, version, snapshot, created_by, created_at) VALUES
    ('01900000-0000-7000-8000-000000000001', 1, '{"id":"01900000-0000-7000-8000-000000000001","slug":"ifashion","name":"iFashion","description":"iFashion是基于中高端年轻化女性时尚社区平台，面对泛90后人群提供潮流新品、流行资讯，搭配，扮美，运动时尚好物。覆盖女装，女鞋，女士内衣，服饰配件，眼镜，珠宝，流行首饰，手表，美容护肤，个人护理，美妆，运动，户外，运动休闲服装，运动鞋等关于女性时尚的一级类目。","categories":["女装","女鞋","女士内衣","服饰配件","眼镜","珠宝","流行首饰","手表","美容护肤","个人护理","美妆","运动","户外","运动休闲服装","运动鞋"],"sub_channels":[{"id":"01900000-0000-7000-8000-000000000011","name":"ifashion搭配","daily_quota":1},{"id":"01900000-0000-7000-8000-000000000012","name":"IFashion_帖子","daily_quota":1}],"eligibility":{"clauses":[{"conditions":[{"kind":"role","values":["fashion_media","fashion_site_app","fashion_self_media","fashion_editor","fashion_blogger","fashion_designer","fashion_buyer","stylist_outfits","brand_founder","artisan","makeup_artist","aromatherapist","hair_stylist","beautician","beauty_editor","beauty_blogger","fitness_expert","sneaker_expert","running_expert","sports_media","sports_site_app","sports_self_media"]}]},{"conditions":[{"kind":"level","values":["L2","L3","L4","L5","L6"]},{"kind":"domain_focus","values":["outfits","beauty_personal_care"]}]},{"conditions":[{"kind":"account_type","values":["merchant"]}]}]},"status":"active","position":1,"version":1}', 'system', '1970-01-01T00:00:00Z');
INSERT INTO channels (id, slug, name, description, categories, rule, status, position, version, created_at, updated_at) VALUES
    ('01900000-0000-7000-8000-000000000002', 'taobao-video', '淘宝短视频', '视频达人认证，通过认证的达人可以在相关频道进行视频投稿。', '[]', '{"clauses":[{"conditions":[{"kind":"capability","values":["short_video"]}]}]}', 'active', 2, 1, '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z');
INSERT INTO channel_sub_channels (id, channel_id, name, daily_quota, position) VALUES
    ('01900000-0000-7000-8000-000000000021', '01900000-0000-7000-8000-000000000002', '淘宝短视频', 1, 0),
    ('01900000-0000-7000-8000-000000000022', '01900000-0000-7000-8000-000000000002', '淘宝短视频_行业', 1, 1);
INSERT INTO channel_versions (channel_id, version, snapshot, created_by, created_at) VALUES
    ('01900000-0000-7000-8000-000000000002', 1, '{"id":"01900000-0000-7000-8000-000000000002","slug":"taobao-video","name":"淘宝短视频","description":"视频达人认证，通过认证的达人可以在相关频道进行视频投稿。","categories":[],"sub_channels":[{"id":"01900000-0000-7000-8000-000000000021","name":"淘宝短视频","daily_quota":1},{"id":"01900000-0000-7000-8000-000000000022","name":"淘宝短视频_行业","daily_quota":1}],"eligibility":{"clauses":[{"conditions":[{"kind":"capability","values":["short_video"]}]}]},"status":"active","position":2,"version":1}', 'system', '1970-01-01T00:00:00Z');

-- The creative centre (SPEC §6.4): hot topics (keywords whose matching content's
-- engagement makes the heat index) and audience personas (the content categories
-- their members read and interact with), managed by operators, with every version.
CREATE TABLE creative_topics (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    keywords    TEXT NOT NULL,
    description TEXT NOT NULL,
    status      TEXT NOT NULL,
    version     INTEGER NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE creative_personas (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    dimension   TEXT NOT NULL,
    description TEXT NOT NULL,
    categories  TEXT NOT NULL,
    status      TEXT NOT NULL,
    version     INTEGER NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE creative_versions (
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    version     INTEGER NOT NULL,
    snapshot    TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (object_type, object_id, version)
);
