-- Defects of wave 1 (issue 13).

-- SPEC §2.1: a real-name identity (ID or licence number) verifies one login
-- identity; a second login presenting the same number is refused.
CREATE UNIQUE INDEX real_names_number ON real_names (kind, id_number);

-- Each push target has its effect (issue 13 item 4): a push to the
-- subscription channel is a feed entry marked subscription, read in the fans'
-- subscription list and never in the follower feed's tabs.
ALTER TABLE feed_entries ADD COLUMN subscription BOOLEAN NOT NULL DEFAULT FALSE;

-- Messages belong to a person (issue 13 item 5): a message addressed to one
-- staff member carries its sub-account; '' is the main account's own.
ALTER TABLE messages ADD COLUMN sub_account_id TEXT NOT NULL DEFAULT '';
CREATE INDEX messages_reader ON messages (user_id, sub_account_id, created_at, id);
