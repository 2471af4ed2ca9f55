-- The ledger (package ledger): double-entry, append-only, hash-chained
-- postings. ledger_entries and ledger_lines are only ever inserted into; a
-- correction is a new compensating entry. ledger_head is the chain's head:
-- one row, locked by every append (FOR UPDATE on PostgreSQL, SQLite's single
-- writer), so that entries are numbered and chained one after another.

CREATE TABLE ledger_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    seq       INTEGER NOT NULL,
    head_hash TEXT NOT NULL
);
INSERT INTO ledger_head (id, seq, head_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- One entry per posting: seq numbers the chain from 1; ref is the caller's
-- natural key (an entry with the same ref is never posted twice); memo is
-- the caller's JSON explanation; hash is the SHA-256 of the canonical
-- encoding of the entry with its lines and prev_hash.
CREATE TABLE ledger_entries (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    ref         TEXT NOT NULL UNIQUE,
    memo        TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);

-- The lines of an entry: amounts in minor units, positive into the account,
-- negative out of it; the lines of an entry add up to zero per currency.
CREATE TABLE ledger_lines (
    entry_seq INTEGER NOT NULL REFERENCES ledger_entries (seq),
    line_no   INTEGER NOT NULL,
    account   TEXT NOT NULL,
    currency  TEXT NOT NULL,
    amount    BIGINT NOT NULL,
    detail    TEXT NOT NULL,
    PRIMARY KEY (entry_seq, line_no)
);
-- An account's lines in chain order: statements and balances.
CREATE INDEX ledger_lines_account ON ledger_lines (account, entry_seq);
