-- Issue 19: each settlement run's totals per creator and currency, added
-- in the batch transaction that moves the lines (so a resumed run counts
-- every line once); the finished run's webhook events read them.
CREATE TABLE commission_settlement_creators (
    settlement_id TEXT NOT NULL REFERENCES commission_settlements (id),
    creator_id    TEXT NOT NULL,
    currency      TEXT NOT NULL,
    settled       BIGINT NOT NULL DEFAULT 0,
    not_payable   BIGINT NOT NULL DEFAULT 0,
    released      BIGINT NOT NULL DEFAULT 0,
    forfeited     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (settlement_id, creator_id, currency)
);
