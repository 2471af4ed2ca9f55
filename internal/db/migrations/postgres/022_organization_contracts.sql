-- Organizations (机构, SPEC §10, package org): an organization account
-- invites creators with a revenue share; an accepted invitation binds the
-- creator under a versioned contract; unbinding runs a notice period and ends
-- with a hand-over of the shared history as export files. Rows are never
-- deleted: an ended binding keeps its contracts and hand-overs.

-- Organizations: one per enterprise-certified owner account.
CREATE TABLE organizations (
    id         TEXT PRIMARY KEY,
    owner_id   TEXT NOT NULL UNIQUE REFERENCES users (id),
    name       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Invitations: pending until the creator accepts or declines. An
-- invitation to a creator already bound to the organization proposes the
-- next contract version.
CREATE TABLE organization_invitations (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    creator_id      TEXT NOT NULL REFERENCES users (id),
    share_bp        INTEGER NOT NULL,
    scope           TEXT NOT NULL,
    state           TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    decided_at      TIMESTAMPTZ
);
CREATE INDEX organization_invitations_creator ON organization_invitations (creator_id, created_at);
CREATE INDEX organization_invitations_org ON organization_invitations (organization_id, created_at);

-- Bindings: bound, then unbinding (notice given, ends_at set), then ended.
-- A creator has at most one binding that has not ended.
CREATE TABLE organization_bindings (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    creator_id      TEXT NOT NULL REFERENCES users (id),
    state           TEXT NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    notice_at       TIMESTAMPTZ,
    notice_by       TEXT NOT NULL DEFAULT '',
    ends_at         TIMESTAMPTZ,
    ended_at        TIMESTAMPTZ
);
CREATE UNIQUE INDEX organization_bindings_current ON organization_bindings (creator_id) WHERE state <> 'ended';
CREATE INDEX organization_bindings_org ON organization_bindings (organization_id, started_at);

-- Contract versions of a binding: each in force from effective_at until
-- the next version's; orders cite the version in force at their time.
CREATE TABLE organization_contracts (
    binding_id    TEXT NOT NULL REFERENCES organization_bindings (id),
    version       INTEGER NOT NULL,
    share_bp      INTEGER NOT NULL,
    scope         TEXT NOT NULL,
    effective_at  TIMESTAMPTZ NOT NULL,
    invitation_id TEXT NOT NULL,
    PRIMARY KEY (binding_id, version)
);

-- Hand-overs: the export each side received when its binding ended.
CREATE TABLE organization_handovers (
    binding_id   TEXT NOT NULL REFERENCES organization_bindings (id),
    recipient_id TEXT NOT NULL,
    export_id    TEXT NOT NULL,
    PRIMARY KEY (binding_id, recipient_id)
);

-- The organization's leg of a commission line (package commission): the
-- contract version it applied and the organization's part of the creator's
-- net, kept current through refunds.
CREATE TABLE commission_org_legs (
    line_id          TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL,
    creator_id       TEXT NOT NULL,
    binding_id       TEXT NOT NULL,
    contract_version INTEGER NOT NULL,
    share_bp         INTEGER NOT NULL,
    amount           BIGINT NOT NULL,
    currency         TEXT NOT NULL
);
CREATE INDEX commission_org_legs_org ON commission_org_legs (organization_id, creator_id);

-- Hand-over exports read another account's data (the subject) over a
-- period for their recipient (the owner).
ALTER TABLE export_jobs ADD COLUMN subject_id TEXT NOT NULL DEFAULT '';
ALTER TABLE export_jobs ADD COLUMN period_from TIMESTAMPTZ;
ALTER TABLE export_jobs ADD COLUMN period_to TIMESTAMPTZ;
