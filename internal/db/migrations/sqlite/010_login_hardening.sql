-- Login hardening (SPEC §3.1). A challenge opened before the password check
-- (an account past the hourly threshold of failed password checks) keeps
-- the login whose password is checked after the code.

ALTER TABLE login_challenges ADD COLUMN pending_login TEXT NOT NULL DEFAULT '';
