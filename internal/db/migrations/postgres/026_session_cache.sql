-- Issue 20: the session cache's version check. auth_versions holds one
-- counter per account, raised by a trigger whenever something an
-- authenticated actor is built from changes: the session's revocation and
-- acting creator account, the login's creator accounts, the
-- account's status and roles, its sub-accounts and their permissions,
-- capabilities, certifications, level, operation-account binding and
-- restrictions. The row '*' is raised when a level rule table gains a
-- version (it changes every account's privileges). A replica that cached an
-- actor compares the sum of the account's and the global counter before it
-- reuses it, so a change written by any replica takes effect on the next
-- request everywhere. Triggers, not application code, raise the counters, so
-- no writer can forget to.
CREATE TABLE auth_versions (
    user_id TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);

CREATE FUNCTION auth_version_bump() RETURNS trigger AS $$
DECLARE
    who TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        who := to_jsonb(OLD) ->> TG_ARGV[0];
    ELSE
        who := to_jsonb(NEW) ->> TG_ARGV[0];
    END IF;
    INSERT INTO auth_versions (user_id, version) VALUES (COALESCE(who, '*'), 1)
        ON CONFLICT (user_id) DO UPDATE SET version = auth_versions.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER auth_version_sessions AFTER UPDATE OF revoked_at, acting_account_id OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump('user_id');
CREATE TRIGGER auth_version_users AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump('id');
CREATE TRIGGER auth_version_creator_accounts AFTER INSERT OR UPDATE OR DELETE ON creator_accounts
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump('user_id');
CREATE TRIGGER auth_version_user_roles AFTER INSERT OR UPDATE OR DELETE ON user_roles
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump('user_id');
CREATE TRIGGER auth_version_sub_accounts AFTER UPDATE OR DELETE ON sub_accounts
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump('main_user_id');
CREATE TRIGGER auth_version_capability_grants AFTER INSERT OR UPDATE OR DELETE ON capability_grants
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump('user_id');
CREATE TRIGGER auth_version_certifications AFTER INSERT OR UPDATE OR DELETE ON certifications
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump('user_id');
CREATE TRIGGER auth_version_level_scores AFTER INSERT OR UPDATE OR DELETE ON level_scores
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump('account_id');
CREATE TRIGGER auth_version_operation_accounts AFTER INSERT OR UPDATE OR DELETE ON operation_accounts
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump('account_id');
CREATE TRIGGER auth_version_restrictions AFTER INSERT OR UPDATE OR DELETE ON restrictions
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump('account_id');
CREATE TRIGGER auth_version_level_rules AFTER INSERT ON level_rule_versions
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump('*');
