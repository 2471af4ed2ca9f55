-- The content rule table, versioned like task_rules: operators add a
-- version, never change one; the latest decides, and a refusal names it.
-- restore_window_days: how long deleted content can be restored (SPEC §5).
CREATE TABLE content_rules (
    version             INTEGER PRIMARY KEY,
    restore_window_days INTEGER NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    created_by          TEXT NOT NULL,
    note                TEXT NOT NULL
);
INSERT INTO content_rules (version, restore_window_days, created_at, created_by, note)
VALUES (1, 30, 0, 'system', 'SPEC §5: deleted content is restored within 30 days');
