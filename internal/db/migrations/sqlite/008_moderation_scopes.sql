-- One rule table for every text check (the Shape issue): the profile rules
-- (contact details and marketing text refused in creator names and bios)
-- become moderation rules of the profile scope, and each rule says which
-- texts it applies to: profile (names and bios), content, comment. The rules
-- that were already moderation rules applied to content and comments.

ALTER TABLE moderation_rules ADD COLUMN scope_profile INTEGER NOT NULL DEFAULT 0;
ALTER TABLE moderation_rules ADD COLUMN scope_content INTEGER NOT NULL DEFAULT 0;
ALTER TABLE moderation_rules ADD COLUMN scope_comment INTEGER NOT NULL DEFAULT 0;
UPDATE moderation_rules SET scope_content = 1, scope_comment = 1;

ALTER TABLE moderation_rule_history ADD COLUMN scope_profile INTEGER NOT NULL DEFAULT 0;
ALTER TABLE moderation_rule_history ADD COLUMN scope_content INTEGER NOT NULL DEFAULT 0;
ALTER TABLE moderation_rule_history ADD COLUMN scope_comment INTEGER NOT NULL DEFAULT 0;
UPDATE moderation_rule_history SET scope_content = 1, scope_comment = 1;

-- A contact pattern held by both tables (same pattern, both on or both off,
-- and the moderation rule rejects) is stored once: the moderation rule gains
-- the profile scope.
UPDATE moderation_rules SET scope_profile = 1, updated_by = 'system',
    updated_at = MAX(updated_at, (SELECT MAX(p.updated_at) FROM profile_rules p
        WHERE p.kind = 'contact' AND p.pattern = moderation_rules.pattern AND p.enabled = moderation_rules.enabled))
WHERE kind = 'contact' AND severity = 'reject' AND EXISTS (SELECT 1 FROM profile_rules p
    WHERE p.kind = 'contact' AND p.pattern = moderation_rules.pattern AND p.enabled = moderation_rules.enabled);

-- Every other profile rule becomes a rejecting rule of the profile scope,
-- keeping its id unless a moderation rule holds it already.
INSERT INTO moderation_rules (id, kind, label, pattern, severity, enabled, updated_at, updated_by,
    scope_profile, scope_content, scope_comment)
SELECT CASE WHEN EXISTS (SELECT 1 FROM moderation_rules m WHERE m.id = p.id) THEN 'profile-' || p.id ELSE p.id END,
    p.kind, p.label, p.pattern, 'reject', p.enabled, p.updated_at, p.updated_by, 1, 0, 0
FROM profile_rules p
WHERE NOT EXISTS (SELECT 1 FROM moderation_rules m WHERE m.kind = 'contact' AND p.kind = 'contact'
    AND m.pattern = p.pattern AND m.enabled = p.enabled AND m.scope_profile = 1);

-- The history records the state each rule of the profile scope has now.
INSERT INTO moderation_rule_history (id, rule_id, kind, label, pattern, severity, enabled, changed_at, changed_by,
    scope_profile, scope_content, scope_comment)
SELECT 'migration-008-' || id, id, kind, label, pattern, severity, enabled, updated_at,
    CASE WHEN updated_by = '' THEN 'system' ELSE updated_by END, scope_profile, scope_content, scope_comment
FROM moderation_rules WHERE scope_profile = 1;

DROP TABLE profile_rules;
