-- Issue 19: the automatic blocks of log-in security appear as restrictions.
-- source is 'operator' or 'automatic'; an automatic one ends by itself at
-- expires_at, blocks log-ins only from what blocked_from names (an IP
-- address or a device), and lock_ref is auth's opaque name of the lock that
-- an upheld appeal clears.
ALTER TABLE restrictions ADD COLUMN source TEXT NOT NULL DEFAULT 'operator';
ALTER TABLE restrictions ADD COLUMN expires_at TIMESTAMP;
ALTER TABLE restrictions ADD COLUMN blocked_from TEXT NOT NULL DEFAULT '';
ALTER TABLE restrictions ADD COLUMN lock_ref TEXT NOT NULL DEFAULT '';
CREATE INDEX restrictions_lock ON restrictions (account_id, lock_ref);
