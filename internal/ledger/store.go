package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/money"
)

// Ledger appends to and reads the chain. Every statement here is an INSERT
// or a SELECT on the entries and lines; the one update moves the head row.
type Ledger struct {
	db    *db.DB
	clock clock.Clock
}

// New returns the ledger over d.
func New(d *db.DB, c clock.Clock) *Ledger { return &Ledger{db: d, clock: c} }

// head is the chain head row.
type head struct {
	seq  int64
	hash string
}

// chainKey keys a transaction's chain (db.TxValue).
type chainKey struct{}

// chain is what a transaction holding the head knows: the head as its own
// appends moved it, and the entries appended but not yet written. They are
// written just before the commit (db.BeforeCommit) in a few multi-row
// statements, with the head row moved once: a transaction appending a
// hundred entries writes them in a handful of statements.
type chain struct {
	locked  bool
	head    head
	pending []Entry
	refs    map[string]int // ref → index in pending
	// known are the refs Prefetch looked up while holding the head: the
	// entry written under each, or a zero Entry when there is none (no
	// other transaction can append one before this one ends).
	known map[string]Entry
}

// Lock takes the chain head in ctx's transaction and holds it until the
// transaction ends: no other append can happen meanwhile, so a caller can
// read, decide and post atomically (an order event checks it was not seen
// before, then posts).
func (l *Ledger) Lock(ctx context.Context) error {
	_, err := l.lock(ctx)
	return err
}

// lock answers ctx's transaction's chain, reading (and locking) the head
// row the first time in the transaction.
func (l *Ledger) lock(ctx context.Context) (*chain, error) {
	c, ok := db.TxValue(ctx, chainKey{}, func() *chain { return &chain{refs: map[string]int{}} })
	if !ok {
		return nil, errors.New("ledger: lock outside a transaction")
	}
	if c.locked {
		return c, nil
	}
	err := l.db.QueryRowWrite(ctx, `SELECT seq, head_hash FROM ledger_head WHERE id = 1`+l.db.ForUpdate()).Scan(&c.head.seq, &c.head.hash)
	if err != nil {
		return nil, fmt.Errorf("ledger: lock the head: %w", err)
	}
	c.locked = true
	return c, db.BeforeCommit(ctx, l.flush)
}

// Post appends p in ctx's transaction and answers its entry and true; when
// an entry with p.Ref is already in the ledger it answers that one and
// false, appending nothing.
func (l *Ledger) Post(ctx context.Context, p Posting) (Entry, bool, error) {
	if err := p.check(); err != nil {
		return Entry{}, false, err
	}
	c, err := l.lock(ctx)
	if err != nil {
		return Entry{}, false, err
	}
	if e, found := c.known[p.Ref]; found && e.ID != "" {
		return e, false, nil
	} else if !found {
		if e, err := l.findByRef(ctx, p.Ref); err == nil {
			return e, false, nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return Entry{}, false, err
		}
	}
	memo, err := json.Marshal(p.Memo)
	if err != nil {
		return Entry{}, false, fmt.Errorf("ledger: posting %s: memo: %w", p.Ref, err)
	}
	e := Entry{Seq: c.head.seq + 1, ID: uuid.Must(uuid.NewV7()).String(), Kind: p.Kind, Ref: p.Ref, Memo: memo,
		At: l.clock.Now(), PrevHash: c.head.hash}
	for _, ln := range p.Lines {
		if ln.Amount.Minor == 0 {
			continue
		}
		if len(ln.Detail) == 0 {
			ln.Detail = json.RawMessage("{}")
		}
		e.Lines = append(e.Lines, ln)
	}
	e.Hash = e.ComputeHash()
	c.refs[e.Ref] = len(c.pending)
	c.pending = append(c.pending, e)
	if c.known != nil {
		c.known[e.Ref] = e
	}
	c.head = head{seq: e.Seq, hash: e.Hash}
	return e, true, nil
}

// Prefetch takes the chain head in ctx's transaction (Lock) and looks up
// the entries of refs in one query, so that a Post of any of them later in
// the transaction asks the database nothing to know whether it was posted
// before: a batch of order events makes one query instead of one per
// posting.
func (l *Ledger) Prefetch(ctx context.Context, refs []string) error {
	c, err := l.lock(ctx)
	if err != nil || len(refs) == 0 {
		return err
	}
	if c.known == nil {
		c.known = make(map[string]Entry, len(refs))
	}
	for from := 0; from < len(refs); from += flushRows {
		part := refs[from:min(from+flushRows, len(refs))]
		q, args := l.db.SelectByKeys("*", "ledger_entries", "ref", part, "")
		rows, err := l.db.Query(ctx, `SELECT `+entryColumns+` FROM (`+q+`) e`+l.lines()+` ORDER BY e.seq, l.line_no`, args...)
		if err != nil {
			return fmt.Errorf("ledger: find entries: %w", err)
		}
		for _, ref := range part {
			c.known[ref] = Entry{}
		}
		if err := scanEntries(rows, func(e Entry) error { c.known[e.Ref] = e; return nil }); err != nil {
			return err
		}
	}
	return nil
}

// Rows per multi-row INSERT: 8 columns × 500 and 6 × 500 stay far below
// both engines' limits on bound parameters.
const flushRows = 500

// flush writes the transaction's pending entries and their lines and moves
// the head row to the last of them; on PostgreSQL the statements go with the
// transaction's next one or its commit, in one round trip (db.ExecBatched).
func (l *Ledger) flush(ctx context.Context) error {
	c, _ := db.TxValue(ctx, chainKey{}, func() *chain { return &chain{refs: map[string]int{}} })
	if len(c.pending) == 0 {
		return nil
	}
	for from := 0; from < len(c.pending); from += flushRows {
		part := c.pending[from:min(from+flushRows, len(c.pending))]
		args := make([]any, 0, 8*len(part))
		for _, e := range part {
			args = append(args, e.Seq, e.ID, e.Kind, e.Ref, string(e.Memo), e.At, e.PrevHash, e.Hash)
		}
		if err := l.db.ExecBatched(ctx, `INSERT INTO ledger_entries (seq, id, kind, ref, memo, occurred_at, prev_hash, hash) VALUES `+
			db.Rows(len(part), 8), args...); err != nil {
			return fmt.Errorf("ledger: append %s: %w", part[0].Ref, err)
		}
	}
	var args []any
	rows := 0
	writeLines := func() error {
		if rows == 0 {
			return nil
		}
		err := l.db.ExecBatched(ctx, `INSERT INTO ledger_lines (entry_seq, line_no, account, currency, amount, detail) VALUES `+
			db.Rows(rows, 6), args...)
		args, rows = args[:0], 0
		if err != nil {
			return fmt.Errorf("ledger: append lines: %w", err)
		}
		return nil
	}
	for _, e := range c.pending {
		for i, ln := range e.Lines {
			args = append(args, e.Seq, i+1, ln.Account, ln.Amount.Currency, ln.Amount.Minor, string(ln.Detail))
			if rows++; rows == flushRows {
				if err := writeLines(); err != nil {
					return err
				}
			}
		}
	}
	if err := writeLines(); err != nil {
		return err
	}
	if err := l.db.ExecBatched(ctx, `UPDATE ledger_head SET seq = ?, head_hash = ? WHERE id = 1`, c.head.seq, c.head.hash); err != nil {
		return fmt.Errorf("ledger: move the head: %w", err)
	}
	c.pending, c.refs = nil, map[string]int{}
	return nil
}

// written makes sure the entries ctx's transaction appended are in the
// tables before a statement reads them.
func (l *Ledger) written(ctx context.Context) error {
	if !db.InTx(ctx) {
		return nil
	}
	return l.flush(ctx)
}

// lines joins the lines of the entries e, as l: each entry's by its index
// (db.LeftJoinEach). Verify, reading them all, joins them as a whole.
func (l *Ledger) lines() string { return l.db.LeftJoinEach("ledger_lines", "l", "entry_seq", "e.seq") }

// entryColumns are the columns of an entry joined with its lines; a LEFT
// JOIN, so that an entry whose lines were removed still shows.
const entryColumns = `e.seq, e.id, e.kind, e.ref, e.memo, e.occurred_at, e.prev_hash, e.hash,
	l.account, l.currency, l.amount, l.detail`

// scanEntries reads rows of entryColumns (plus extra destinations first),
// ordered by entry and line, calling each for every complete entry.
func scanEntries(rows *sql.Rows, each func(Entry) error, extra ...any) error {
	defer rows.Close()
	var cur Entry
	flush := func() error {
		if cur.ID == "" {
			return nil
		}
		err := each(cur)
		cur = Entry{}
		return err
	}
	for rows.Next() {
		var e Entry
		var memo string
		var account, currency, detail sql.NullString
		var amount sql.NullInt64
		dest := append(append([]any{}, extra...), &e.Seq, &e.ID, &e.Kind, &e.Ref, &memo, &e.At, &e.PrevHash, &e.Hash,
			&account, &currency, &amount, &detail)
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("ledger: read entries: %w", err)
		}
		if e.ID != cur.ID {
			if err := flush(); err != nil {
				return err
			}
			e.Memo, e.At = json.RawMessage(memo), e.At.UTC()
			cur = e
		}
		if account.Valid {
			cur.Lines = append(cur.Lines, Line{Account: account.String, Amount: money.New(amount.Int64, currency.String),
				Detail: json.RawMessage(detail.String)})
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ledger: read entries: %w", err)
	}
	return flush()
}

// findByRef returns the entry posted under ref (sql.ErrNoRows when none).
func (l *Ledger) findByRef(ctx context.Context, ref string) (Entry, error) {
	if c, ok := db.TxValue(ctx, chainKey{}, func() *chain { return &chain{refs: map[string]int{}} }); ok {
		if i, found := c.refs[ref]; found {
			return c.pending[i], nil
		}
	}
	rows, err := l.db.Query(ctx, `SELECT `+entryColumns+` FROM ledger_entries e`+l.lines()+` WHERE e.ref = ? ORDER BY l.line_no`, ref)
	if err != nil {
		return Entry{}, fmt.Errorf("ledger: find %s: %w", ref, err)
	}
	var found []Entry
	if err := scanEntries(rows, func(e Entry) error { found = append(found, e); return nil }); err != nil {
		return Entry{}, err
	}
	if len(found) == 0 {
		return Entry{}, sql.ErrNoRows
	}
	return found[0], nil
}

// FindEntryByRef returns the entry posted under ref, or found false.
func (l *Ledger) FindEntryByRef(ctx context.Context, ref string) (e Entry, found bool, err error) {
	e, err = l.findByRef(ctx, ref)
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, false, nil
	}
	return e, err == nil, err
}

// Verify walks the whole chain in one statement (one consistent snapshot)
// and checks every entry: consecutive numbers, the previous hash, its own
// hash over its content, lines that add up to zero per currency, and the
// head row against the last entry.
func (l *Ledger) Verify(ctx context.Context) (Report, error) {
	if err := l.written(ctx); err != nil {
		return Report{}, err
	}
	rows, err := l.db.Query(ctx, `SELECT (SELECT seq FROM ledger_head WHERE id = 1), (SELECT head_hash FROM ledger_head WHERE id = 1), `+
		entryColumns+` FROM ledger_entries e LEFT JOIN ledger_lines l ON l.entry_seq = e.seq ORDER BY e.seq, l.line_no`)
	if err != nil {
		return Report{}, fmt.Errorf("ledger: verify: %w", err)
	}
	v := verifier{report: Report{OK: true}}
	var headSeq int64
	var headHash string
	if err := scanEntries(rows, func(e Entry) error { v.add(e); return nil }, &headSeq, &headHash); err != nil {
		return Report{}, err
	}
	if v.report.Entries == 0 {
		if err := l.db.QueryRow(ctx, `SELECT seq, head_hash FROM ledger_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
			return Report{}, fmt.Errorf("ledger: verify: %w", err)
		}
	}
	return v.finish(headSeq, headHash), nil
}

// likePrefix escapes prefix for a LIKE ... ESCAPE '\' pattern.
func likePrefix(prefix string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(prefix) + "%"
}

// FindBalances answers the balance of every account whose name starts with
// prefix (all accounts when empty), per currency, in account order.
func (l *Ledger) FindBalances(ctx context.Context, prefix string) ([]Balance, error) {
	if err := l.written(ctx); err != nil {
		return nil, err
	}
	rows, err := l.db.Query(ctx, `SELECT account, currency, SUM(amount) FROM ledger_lines
		WHERE account LIKE ? ESCAPE '\' GROUP BY account, currency ORDER BY account, currency`, likePrefix(prefix))
	if err != nil {
		return nil, fmt.Errorf("ledger: balances: %w", err)
	}
	defer rows.Close()
	out := []Balance{}
	for rows.Next() {
		var b Balance
		if err := rows.Scan(&b.Account, &b.Amount.Currency, &b.Amount.Minor); err != nil {
			return nil, fmt.Errorf("ledger: balances: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Balance answers what account holds in currency.
func (l *Ledger) Balance(ctx context.Context, account, currency string) (money.Amount, error) {
	if err := l.written(ctx); err != nil {
		return money.Amount{}, err
	}
	var sum int64
	err := l.db.QueryRow(ctx, `SELECT COALESCE(SUM(amount), 0) FROM ledger_lines WHERE account = ? AND currency = ?`,
		account, currency).Scan(&sum)
	if err != nil {
		return money.Amount{}, fmt.Errorf("ledger: balance of %s: %w", account, err)
	}
	return money.New(sum, currency), nil
}

// FindEntries answers a page of the entries that touch an account whose
// name starts with prefix, newest first, each with all its lines (so a
// reader sees both sides of every movement and can check its hash). The
// cursor is the sequence number of the last entry seen.
func (l *Ledger) FindEntries(ctx context.Context, prefix string, page db.Page) ([]Entry, string, error) {
	if err := l.written(ctx); err != nil {
		return nil, "", err
	}
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	w := db.Where{}
	w.Add(`e.seq IN (SELECT entry_seq FROM ledger_lines WHERE account LIKE ? ESCAPE '\')`, likePrefix(prefix))
	if !after.IsZero() {
		seq, err := strconv.ParseInt(after.ID, 10, 64)
		if err != nil {
			return nil, "", fmt.Errorf("ledger: cursor: %w", err)
		}
		w.Add(`e.seq < ?`, seq)
	}
	lim, largs := l.db.Limit(limit + 1)
	rows, err := l.db.Query(ctx, `SELECT `+entryColumns+` FROM (SELECT e.* FROM ledger_entries e WHERE `+w.SQL()+
		` ORDER BY e.seq DESC`+lim+`) e`+l.lines()+` ORDER BY e.seq DESC, l.line_no`,
		append(w.Args(), largs...)...)
	if err != nil {
		return nil, "", fmt.Errorf("ledger: entries: %w", err)
	}
	var out []Entry
	if err := scanEntries(rows, func(e Entry) error { out = append(out, e); return nil }); err != nil {
		return nil, "", err
	}
	items, next := db.Trim(out, limit, func(e Entry) (t time.Time, id string) { return e.At, strconv.FormatInt(e.Seq, 10) })
	return items, next, nil
}
