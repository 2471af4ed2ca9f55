package task

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/money"
)

// store is the SQL of the task marketplace.
type store struct {
	db *db.DB
}

const rulesColumns = `version, fee_bp, accept_hours, deliver_days, auto_confirm_days, statement_days, created_at, created_by, note`

func scanRules(scan func(...any) error) (TaskRules, error) {
	var r TaskRules
	err := scan(&r.Version, &r.FeeBP, &r.AcceptHours, &r.DeliverDays, &r.AutoConfirmDays, &r.StatementDays, &r.CreatedAt,
		&r.CreatedBy, &r.Note)
	r.CreatedAt = r.CreatedAt.UTC()
	return r, err
}

// findRules returns one version of the rule table, or the latest for 0.
func (s store) findRules(ctx context.Context, version int) (TaskRules, error) {
	q := `SELECT ` + rulesColumns + ` FROM task_rules WHERE version = ?`
	args := []any{version}
	if version == 0 {
		q, args = `SELECT `+rulesColumns+` FROM task_rules ORDER BY version DESC LIMIT 1`, nil
	}
	r, err := scanRules(s.db.QueryRow(ctx, q, args...).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return TaskRules{}, apperr.New(apperr.NotFound, "Version %d of the task rules was not found.", version)
	}
	return r, apperr.WrapIf(err, "find task rules")
}

// findRulesHistory returns every version, newest first.
func (s store) findRulesHistory(ctx context.Context) ([]TaskRules, error) {
	rows, err := s.db.Query(ctx, `SELECT `+rulesColumns+` FROM task_rules ORDER BY version DESC`)
	if err != nil {
		return nil, apperr.Wrap(err, "find task rules")
	}
	defer rows.Close()
	var out []TaskRules
	for rows.Next() {
		r, err := scanRules(rows.Scan)
		if err != nil {
			return nil, apperr.Wrap(err, "scan task rules")
		}
		out = append(out, r)
	}
	return out, apperr.WrapIf(rows.Err(), "find task rules")
}

// insertRules appends a version; two operators publishing at once cannot
// both take the same number (the primary key refuses the second).
func (s store) insertRules(ctx context.Context, r TaskRules) error {
	_, err := s.db.Exec(ctx, `INSERT INTO task_rules (`+rulesColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Version, r.FeeBP, r.AcceptHours, r.DeliverDays, r.AutoConfirmDays, r.StatementDays, r.CreatedAt, r.CreatedBy, r.Note)
	if _, dup := db.IsUniqueViolation(err); dup {
		return apperr.New(apperr.Conflict, "Another version of the task rules was just published; reload and try again.")
	}
	return apperr.WrapIf(err, "insert task rules")
}

const quoteColumns = `id, creator_id, kind, unit, price, currency, description, created_at, updated_at`

func scanQuote(scan func(...any) error) (Quote, error) {
	var q Quote
	err := scan(&q.ID, &q.CreatorID, &q.Kind, &q.Unit, &q.Price.Minor, &q.Price.Currency, &q.Description, &q.CreatedAt, &q.UpdatedAt)
	q.CreatedAt, q.UpdatedAt = q.CreatedAt.UTC(), q.UpdatedAt.UTC()
	return q, err
}

func (s store) insertQuote(ctx context.Context, q Quote) error {
	_, err := s.db.Exec(ctx, `INSERT INTO task_quotes (`+quoteColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		q.ID, q.CreatorID, q.Kind, q.Unit, q.Price.Minor, q.Price.Currency, q.Description, q.CreatedAt, q.UpdatedAt)
	return apperr.WrapIf(err, "insert quote")
}

func (s store) updateQuote(ctx context.Context, q Quote) error {
	_, err := s.db.Exec(ctx, `UPDATE task_quotes SET kind = ?, unit = ?, price = ?, currency = ?, description = ?, updated_at = ?
		WHERE id = ? AND deleted_at IS NULL`, q.Kind, q.Unit, q.Price.Minor, q.Price.Currency, q.Description, q.UpdatedAt, q.ID)
	return apperr.WrapIf(err, "update quote")
}

// deleteQuote marks a quote deleted; orders placed on it keep their copy.
func (s store) deleteQuote(ctx context.Context, id string, at time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE task_quotes SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, at, id)
	return apperr.WrapIf(err, "delete quote")
}

// findQuote returns a quote that is not deleted.
func (s store) findQuote(ctx context.Context, id string) (Quote, error) {
	q, err := scanQuote(s.db.QueryRow(ctx, `SELECT `+quoteColumns+` FROM task_quotes WHERE id = ? AND deleted_at IS NULL`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return Quote{}, apperr.New(apperr.NotFound, "This quote was not found.")
	}
	return q, apperr.WrapIf(err, "find quote")
}

// findQuotesOf returns the live quotes of creators, oldest first.
func (s store) findQuotesOf(ctx context.Context, creators []string) ([]Quote, error) {
	if len(creators) == 0 {
		return nil, nil
	}
	in, args := db.InList(creators)
	rows, err := s.db.Query(ctx, `SELECT `+quoteColumns+` FROM task_quotes WHERE deleted_at IS NULL AND creator_id IN `+in+`
		ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find quotes")
	}
	defer rows.Close()
	var out []Quote
	for rows.Next() {
		q, err := scanQuote(rows.Scan)
		if err != nil {
			return nil, apperr.Wrap(err, "scan quote")
		}
		out = append(out, q)
	}
	return out, apperr.WrapIf(rows.Err(), "find quotes")
}

// findQuoteCreators returns the creators with a live quote priced within
// [minPrice, maxPrice] (0 for no bound) whose id sorts after `after`, in
// id order, at most limit.
func (s store) findQuoteCreators(ctx context.Context, minPrice, maxPrice int64, after string, limit int) ([]string, error) {
	var w db.Where
	w.Add("deleted_at IS NULL")
	if minPrice > 0 {
		w.Add("price >= ?", minPrice)
	}
	if maxPrice > 0 {
		w.Add("price <= ?", maxPrice)
	}
	if after != "" {
		w.Add("creator_id > ?", after)
	}
	lim, largs := s.db.Limit(limit)
	rows, err := s.db.Query(ctx, `SELECT DISTINCT creator_id FROM task_quotes WHERE `+w.SQL()+` ORDER BY creator_id`+lim,
		append(w.Args(), largs...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find quote creators")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Wrap(err, "scan quote creator")
		}
		out = append(out, id)
	}
	return out, apperr.WrapIf(rows.Err(), "find quote creators")
}

// Record is what the marketplace card counts of a creator's orders.
type Record struct {
	Accepted  int
	Completed int
}

// findRecords counts, per creator, the orders ever accepted and those
// confirmed.
func (s store) findRecords(ctx context.Context, creators []string) (map[string]Record, error) {
	out := map[string]Record{}
	if len(creators) == 0 {
		return out, nil
	}
	in, args := db.InList(creators)
	rows, err := s.db.Query(ctx, `SELECT creator_id, COUNT(accepted_at), SUM(CASE WHEN state = ? THEN 1 ELSE 0 END)
		FROM tasks WHERE creator_id IN `+in+` GROUP BY creator_id`, append([]any{StateConfirmed}, args...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "count tasks")
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r Record
		if err := rows.Scan(&id, &r.Accepted, &r.Completed); err != nil {
			return nil, apperr.Wrap(err, "scan task counts")
		}
		out[id] = r
	}
	return out, apperr.WrapIf(rows.Err(), "count tasks")
}

const taskColumns = `id, quote_id, creator_id, merchant_id, buyer_id, kind, unit, unit_price, hours, amount, currency,
	description, requirements, state, content_link, dispute_reason, disputed_by, outcome, creator_share_bp, cancelled_by,
	rule_version, accept_by, deliver_by, confirm_by, created_at, accepted_at, delivered_at, closed_at, updated_at`

func scanTask(scan func(...any) error) (Order, error) {
	var t Order
	var acceptBy time.Time
	var deliverBy, confirmBy, accepted, delivered, closed sql.NullTime
	err := scan(&t.ID, &t.QuoteID, &t.CreatorID, &t.MerchantID, &t.BuyerID, &t.Kind, &t.Unit, &t.UnitPrice.Minor, &t.Hours,
		&t.Amount.Minor, &t.Amount.Currency, &t.Description, &t.Requirements, &t.State, &t.ContentLink, &t.DisputeReason,
		&t.DisputedBy, &t.Outcome, &t.CreatorShareBP, &t.CancelledBy, &t.Rule.Version, &acceptBy, &deliverBy, &confirmBy,
		&t.CreatedAt, &accepted, &delivered, &closed, &t.UpdatedAt)
	acceptBy = acceptBy.UTC()
	t.acceptBy, t.deliverBy, t.confirmBy = &acceptBy, db.TimePtr(deliverBy), db.TimePtr(confirmBy)
	t.AcceptedAt, t.DeliveredAt, t.ClosedAt = db.TimePtr(accepted), db.TimePtr(delivered), db.TimePtr(closed)
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	t.UnitPrice.Currency = t.Amount.Currency
	t.Rule.Table = RulesTable
	t.Escrow = money.New(0, t.Amount.Currency)
	return t, err
}

func (s store) insertTask(ctx context.Context, t Order) error {
	_, err := s.db.Exec(ctx, `INSERT INTO tasks (`+taskColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
		?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.QuoteID, t.CreatorID, t.MerchantID, t.BuyerID, t.Kind, t.Unit, t.UnitPrice.Minor, t.Hours, t.Amount.Minor,
		t.Amount.Currency, t.Description, t.Requirements, t.State, t.ContentLink, t.DisputeReason, t.DisputedBy, t.Outcome,
		t.CreatorShareBP, t.CancelledBy, t.Rule.Version, t.acceptBy, t.deliverBy, t.confirmBy, t.CreatedAt, t.AcceptedAt,
		t.DeliveredAt, t.ClosedAt, t.UpdatedAt)
	return apperr.WrapIf(err, "insert task")
}

// findTask returns a task by id.
func (s store) findTask(ctx context.Context, id string) (Order, error) {
	t, err := scanTask(s.db.QueryRow(ctx, `SELECT `+taskColumns+` FROM tasks WHERE id = ?`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, apperr.New(apperr.NotFound, "This task was not found.")
	}
	return t, apperr.WrapIf(err, "find task")
}

// updateTaskState writes t's lifecycle columns if the stored task is still
// in one of from: it reports false when another request moved it first, so
// that of two racing transitions exactly one happens.
func (s store) updateTaskState(ctx context.Context, t Order, from []string) (bool, error) {
	in, args := db.InList(from)
	res, err := s.db.Exec(ctx, `UPDATE tasks SET state = ?, content_link = ?, dispute_reason = ?, disputed_by = ?, outcome = ?,
		creator_share_bp = ?, cancelled_by = ?, deliver_by = ?, confirm_by = ?, accepted_at = ?, delivered_at = ?, closed_at = ?,
		updated_at = ? WHERE id = ? AND state IN `+in,
		append([]any{t.State, t.ContentLink, t.DisputeReason, t.DisputedBy, t.Outcome, t.CreatorShareBP, t.CancelledBy,
			t.deliverBy, t.confirmBy, t.AcceptedAt, t.DeliveredAt, t.ClosedAt, t.UpdatedAt, t.ID}, args...)...)
	if err != nil {
		return false, apperr.Wrap(err, "update task")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "update task")
}

// TaskFilter selects task orders.
type TaskFilter struct {
	// Role is creator (orders placed with me) or merchant (orders I, or my
	// store's operation accounts, placed).
	Role  string
	State string
	Page  db.Page
}

// findTasks lists tasks newest first under the conditions of w.
// taskOrder is the order of a task list: its keyset columns, the keyset's
// comparison, the ORDER BY clause and the key of a row.
type taskOrder struct {
	cols, cmp, orderBy string
	key                func(Order) (time.Time, string)
}

var (
	// newestFirst orders tasks by when they were placed, newest first.
	newestFirst = taskOrder{"created_at, id", "<", "created_at DESC, id DESC",
		func(t Order) (time.Time, string) { return t.CreatedAt, t.ID }}
	// longestWaitingFirst orders disputes as the review queue does: the
	// one changed longest ago (the oldest open dispute) first.
	longestWaitingFirst = taskOrder{"updated_at, id", ">", "updated_at, id",
		func(t Order) (time.Time, string) { return t.UpdatedAt, t.ID }}
)

func (s store) findTasks(ctx context.Context, w db.Where, page db.Page, order taskOrder) ([]Order, string, error) {
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	if !after.IsZero() {
		w.Keyset(order.cols, order.cmp, after.Time, after.ID)
	}
	lim, largs := s.db.Limit(limit + 1)
	rows, err := s.db.Query(ctx, `SELECT `+taskColumns+` FROM tasks WHERE `+w.SQL()+` ORDER BY `+order.orderBy+lim,
		append(w.Args(), largs...)...)
	if err != nil {
		return nil, "", apperr.Wrap(err, "find tasks")
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		t, err := scanTask(rows.Scan)
		if err != nil {
			return nil, "", apperr.Wrap(err, "scan task")
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, "", apperr.Wrap(err, "find tasks")
	}
	out, next := db.Trim(out, limit, order.key)
	return out, next, nil
}

// findStatement returns the tasks an operation account placed since, oldest
// first.
func (s store) findStatement(ctx context.Context, buyerID, merchantID string, since time.Time) ([]Order, error) {
	rows, err := s.db.Query(ctx, `SELECT `+taskColumns+` FROM tasks WHERE buyer_id = ? AND merchant_id = ? AND created_at >= ?
		ORDER BY created_at, id`, buyerID, merchantID, since)
	if err != nil {
		return nil, apperr.Wrap(err, "find statement")
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		t, err := scanTask(rows.Scan)
		if err != nil {
			return nil, apperr.Wrap(err, "scan task")
		}
		out = append(out, t)
	}
	return out, apperr.WrapIf(rows.Err(), "find statement")
}

// countOpenTasks counts the tasks buyerID placed for merchantID that still
// hold money in escrow.
func (s store) countOpenTasks(ctx context.Context, buyerID, merchantID string) (int, error) {
	in, args := db.InList(openStates)
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM tasks WHERE buyer_id = ? AND merchant_id = ? AND state IN `+in,
		append([]any{buyerID, merchantID}, args...)...).Scan(&n)
	return n, apperr.WrapIf(err, "count open tasks")
}

const bindingColumns = `id, store_id, account_id, status, invited_at, accepted_at, unbound_at`

func scanBinding(scan func(...any) error) (OperationAccount, error) {
	var b OperationAccount
	var accepted, unbound sql.NullTime
	err := scan(&b.ID, &b.StoreID, &b.AccountID, &b.Status, &b.InvitedAt, &accepted, &unbound)
	b.InvitedAt = b.InvitedAt.UTC()
	b.AcceptedAt, b.UnboundAt = db.TimePtr(accepted), db.TimePtr(unbound)
	return b, err
}

// insertBinding records a pending invitation; an account already pending
// or bound somewhere is refused.
func (s store) insertBinding(ctx context.Context, b OperationAccount) error {
	_, err := s.db.Exec(ctx, `INSERT INTO operation_accounts (`+bindingColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		b.ID, b.StoreID, b.AccountID, b.Status, b.InvitedAt, b.AcceptedAt, b.UnboundAt)
	if _, dup := db.IsUniqueViolation(err); dup {
		return apperr.Field("login", "this account is already invited by or bound to a store")
	}
	return apperr.WrapIf(err, "insert operation account")
}

func (s store) findBinding(ctx context.Context, id string) (OperationAccount, error) {
	b, err := scanBinding(s.db.QueryRow(ctx, `SELECT `+bindingColumns+` FROM operation_accounts WHERE id = ?`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return OperationAccount{}, apperr.New(apperr.NotFound, "This operation account was not found.")
	}
	return b, apperr.WrapIf(err, "find operation account")
}

// findBindings lists the bindings where userID is the store or the
// account, newest first.
func (s store) findBindings(ctx context.Context, userID string) ([]OperationAccount, error) {
	rows, err := s.db.Query(ctx, `SELECT `+bindingColumns+` FROM operation_accounts WHERE store_id = ? OR account_id = ?
		ORDER BY invited_at DESC, id DESC`, userID, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "find operation accounts")
	}
	defer rows.Close()
	var out []OperationAccount
	for rows.Next() {
		b, err := scanBinding(rows.Scan)
		if err != nil {
			return nil, apperr.Wrap(err, "scan operation account")
		}
		out = append(out, b)
	}
	return out, apperr.WrapIf(rows.Err(), "find operation accounts")
}

// findBoundStore returns the store accountID is bound to ("" for none).
func (s store) findBoundStore(ctx context.Context, accountID string) (string, error) {
	var id string
	err := s.db.QueryRow(ctx, `SELECT store_id FROM operation_accounts WHERE account_id = ? AND status = ?`,
		accountID, BindingBound).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, apperr.WrapIf(err, "find bound store")
}

// updateBindingStatus moves a binding from one status to another; false
// when it was no longer in from.
func (s store) updateBindingStatus(ctx context.Context, b OperationAccount, from string) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE operation_accounts SET status = ?, accepted_at = ?, unbound_at = ? WHERE id = ? AND status = ?`,
		b.Status, b.AcceptedAt, b.UnboundAt, b.ID, from)
	if err != nil {
		return false, apperr.Wrap(err, "update operation account")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "update operation account")
}
