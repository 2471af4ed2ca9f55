-- Login security (SPEC §2.5, §3): sessions carry their region; security
-- settings, known devices, brute-force counters, one-time codes, step-up
-- challenges, TOTP with recovery codes, passkeys, and the recovery lookup of
-- certification details. Codes and recovery codes are stored hashed.

ALTER TABLE sessions ADD COLUMN region TEXT NOT NULL DEFAULT '';

CREATE TABLE security_settings (
    user_id                 TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    new_device_verification BOOLEAN NOT NULL,
    remote_login_alert      BOOLEAN NOT NULL,
    double_verification     BOOLEAN NOT NULL,
    verify_every_login      BOOLEAN NOT NULL,
    last_region             TEXT NOT NULL DEFAULT '',
    updated_at              TIMESTAMP NOT NULL
);

CREATE TABLE known_devices (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id     TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    region        TEXT NOT NULL DEFAULT '',
    ip            TEXT NOT NULL DEFAULT '',
    first_seen_at TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL,
    CONSTRAINT known_devices_user_device UNIQUE (user_id, device_id)
);

CREATE TABLE login_failures (
    id          TEXT PRIMARY KEY,
    subject     TEXT NOT NULL,
    ip          TEXT NOT NULL,
    device_id   TEXT NOT NULL DEFAULT '',
    occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures (subject, occurred_at);
CREATE INDEX login_failures_ip ON login_failures (ip, occurred_at);

CREATE TABLE one_time_codes (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL,
    channel     TEXT NOT NULL,
    destination TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    tries       INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE INDEX one_time_codes_user ON one_time_codes (user_id, created_at);

CREATE TABLE login_challenges (
    id               TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id        TEXT NOT NULL DEFAULT '',
    ip               TEXT NOT NULL DEFAULT '',
    region           TEXT NOT NULL DEFAULT '',
    reasons          TEXT NOT NULL,
    alternatives     TEXT NOT NULL,
    done             TEXT NOT NULL,
    code_id          TEXT NOT NULL DEFAULT '',
    webauthn_session TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    expires_at       TIMESTAMP NOT NULL,
    completed_at     TIMESTAMP
);

CREATE TABLE totp_secrets (
    user_id      TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret       TEXT NOT NULL,
    last_step    BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP
);

CREATE TABLE recovery_codes (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE webauthn_credentials (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL,
    name          TEXT NOT NULL,
    data          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    last_used_at  TIMESTAMP,
    CONSTRAINT webauthn_credentials_credential UNIQUE (credential_id)
);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials (user_id, created_at);

CREATE TABLE webauthn_registrations (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    data       TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE TABLE recovery_identities (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    id_hash    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
-- One person may hold several identities (SPEC §2.1 asks for one, but history
-- happens): recovery shows the masked contacts of each.
CREATE INDEX recovery_identities_hash ON recovery_identities (id_hash);
