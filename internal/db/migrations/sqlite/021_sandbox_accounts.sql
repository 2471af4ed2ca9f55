-- Per-account sandbox mode (SPEC §9, issue 17 item 8): an integrator or
-- creator who turned it on may place synthetic clicks and orders
-- (POST /api/v1/sandbox/orders) although HELIO_SANDBOX is off. Their money
-- lands in sandbox ledger accounts only, like every sandbox order. Turning
-- it off deletes the row; the audit log keeps the history.
CREATE TABLE commission_sandbox_accounts (
    account_id TEXT PRIMARY KEY,
    enabled_at TIMESTAMP NOT NULL
);
