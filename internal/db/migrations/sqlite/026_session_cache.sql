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

CREATE TRIGGER auth_version_sessions_update AFTER UPDATE OF revoked_at, acting_account_id ON sessions BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_sessions_delete AFTER DELETE ON sessions BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (old.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_users_update AFTER UPDATE ON users BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_users_delete AFTER DELETE ON users BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (old.id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_creator_accounts_insert AFTER INSERT ON creator_accounts BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_creator_accounts_update AFTER UPDATE ON creator_accounts BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_creator_accounts_delete AFTER DELETE ON creator_accounts BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (old.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_user_roles_insert AFTER INSERT ON user_roles BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_user_roles_update AFTER UPDATE ON user_roles BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_user_roles_delete AFTER DELETE ON user_roles BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (old.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_sub_accounts_update AFTER UPDATE ON sub_accounts BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.main_user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_sub_accounts_delete AFTER DELETE ON sub_accounts BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (old.main_user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_capability_grants_insert AFTER INSERT ON capability_grants BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_capability_grants_update AFTER UPDATE ON capability_grants BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_capability_grants_delete AFTER DELETE ON capability_grants BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (old.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_certifications_insert AFTER INSERT ON certifications BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_certifications_update AFTER UPDATE ON certifications BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_certifications_delete AFTER DELETE ON certifications BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (old.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_level_scores_insert AFTER INSERT ON level_scores BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.account_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_level_scores_update AFTER UPDATE ON level_scores BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.account_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_level_scores_delete AFTER DELETE ON level_scores BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (old.account_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_operation_accounts_insert AFTER INSERT ON operation_accounts BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.account_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_operation_accounts_update AFTER UPDATE ON operation_accounts BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.account_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_operation_accounts_delete AFTER DELETE ON operation_accounts BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (old.account_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_restrictions_insert AFTER INSERT ON restrictions BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.account_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_restrictions_update AFTER UPDATE ON restrictions BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (new.account_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_restrictions_delete AFTER DELETE ON restrictions BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES (old.account_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER auth_version_level_rules AFTER INSERT ON level_rule_versions BEGIN
    INSERT INTO auth_versions (user_id, version) VALUES ('*', 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
