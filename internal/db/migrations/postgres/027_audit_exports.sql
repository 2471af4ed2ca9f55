-- Issue 19 item 5: the audit CSV is an export job. audit_filter holds the
-- filter of an audit export (JSON of package export's auditScope: owner,
-- actor, sub-account, action, object, from, to), decided when the export
-- was asked for; empty for every other export.
ALTER TABLE export_jobs ADD COLUMN audit_filter TEXT NOT NULL DEFAULT '';
