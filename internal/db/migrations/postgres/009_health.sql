-- The write probe of /readyz (SPEC §12: readiness reports when the database
-- cannot take writes). CheckWrite rewrites the one row; a database that is
-- locked, full or read-only refuses it.

CREATE TABLE health (
    id         INTEGER PRIMARY KEY,
    checked_at TIMESTAMPTZ NOT NULL
);
