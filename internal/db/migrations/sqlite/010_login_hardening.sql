-- Login hardening (SPEC §3.1).
--
-- A challenge opened before the password check (an account past the hourly
-- threshold of failed password checks) keeps the login whose password is
-- checked after the code.
--
-- Devices are known by a server-issued device token, stored as its hash;
-- device_id stays the client's label, shown in lists and the audit trail.
-- Known devices from before have no token (token_hash NULL): they never
-- match a log-in, so the next log-in from such a device needs step-up once
-- (the account still has known devices) and then upgrades the row of that
-- label with a token. Sessions remember their device's token hash (to sign
-- a removed device out); brute-force failures are keyed by it (a lock
-- applies to that token only), and the old label-keyed failures are
-- forgotten.

ALTER TABLE login_challenges ADD COLUMN pending_login TEXT NOT NULL DEFAULT '';

ALTER TABLE sessions ADD COLUMN device_key TEXT NOT NULL DEFAULT '';

DELETE FROM login_failures;
ALTER TABLE login_failures RENAME COLUMN device_id TO device_key;

CREATE TABLE known_devices_new (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id     TEXT NOT NULL,
    token_hash    TEXT,
    name          TEXT NOT NULL DEFAULT '',
    region        TEXT NOT NULL DEFAULT '',
    ip            TEXT NOT NULL DEFAULT '',
    first_seen_at TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL
);
INSERT INTO known_devices_new (id, user_id, device_id, name, region, ip, first_seen_at, last_seen_at)
    SELECT id, user_id, device_id, name, region, ip, first_seen_at, last_seen_at FROM known_devices;
DROP TABLE known_devices;
ALTER TABLE known_devices_new RENAME TO known_devices;
CREATE UNIQUE INDEX known_devices_token ON known_devices (token_hash, user_id);
CREATE INDEX known_devices_user ON known_devices (user_id, device_id);
