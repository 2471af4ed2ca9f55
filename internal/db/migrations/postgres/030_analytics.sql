-- Issue 14: daily figures of each public account (subject_kind 'account')
-- and each content ('content'), one row per UTC day (YYYY-MM-DD) with
-- something to show, written by the analytics job (package analytics) from
-- what the content, feed and commission services report. Interactions and
-- follows are counted by their dates; views by the difference between two
-- snapshots of the content's view counter (views_total), so views counted
-- before the first snapshot land on its day. Earnings are the creator part
-- of commission lines by payment day and current state, in CNY fen.
CREATE TABLE analytics_days (
    subject_kind     TEXT NOT NULL,
    subject_id       TEXT NOT NULL,
    day              TEXT NOT NULL,
    followers_gained INTEGER NOT NULL DEFAULT 0,
    followers_total  INTEGER NOT NULL DEFAULT 0,
    views            INTEGER NOT NULL DEFAULT 0,
    views_total      INTEGER NOT NULL DEFAULT 0,
    likes            INTEGER NOT NULL DEFAULT 0,
    favourites       INTEGER NOT NULL DEFAULT 0,
    comments         INTEGER NOT NULL DEFAULT 0,
    shares           INTEGER NOT NULL DEFAULT 0,
    earnings_pending BIGINT NOT NULL DEFAULT 0,
    earnings_settled BIGINT NOT NULL DEFAULT 0,
    computed_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (subject_kind, subject_id, day)
);
CREATE INDEX analytics_days_day ON analytics_days (day);

-- Backfills: one per request (at the first start, or helio analytics
-- backfill), over [from_day, to_day); finished_at is set when it is done.
CREATE TABLE analytics_backfills (
    id          TEXT PRIMARY KEY,
    from_day    TEXT NOT NULL,
    to_day      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);
