-- Defects of wave 1 (issue 13), second part.

-- Messages are rendered in the reader's language (item 13): a body with
-- parameters keeps its message id in body and its arguments here, a JSON list
-- of {"text", "msgid"}; '' for a body without parameters and for messages
-- stored before (their body is shown as stored).
ALTER TABLE messages ADD COLUMN body_args TEXT NOT NULL DEFAULT '';
