package export

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/task"
)

// RegisterSources adds the exports of content (every version), the
// comments on it, the ledger lines of the account's earnings and its audit
// trail, read through their domains' services.
func (s *Service) RegisterSources(contents *content.Service, earnings *commission.Service, trail *audit.Log) {
	s.Register(KindContent, func(string, time.Time) Source { return contentSource{contents} })
	s.Register(KindComments, func(string, time.Time) Source { return commentSource{contents} })
	s.Register(KindEarnings, func(owner string, asOf time.Time) Source {
		return ledgerSource{earnings: earnings, account: "creator:" + owner, asOf: asOf}
	})
	s.Register(KindAudit, func(owner string, asOf time.Time) Source { return ownAudit(trail, owner, asOf) })
	s.handover = func(section string, e Export) Source {
		if section == sectionHandoverContent {
			return handoverContentSource{contents}
		}
		return ledgerSource{earnings: earnings, account: "creator:" + e.Subject, from: *e.From, asOf: *e.To}
	}
}

// pageLimit bounds a source's page by what the services list at once.
func pageLimit(limit int) int { return min(limit, db.MaxLimit) }

// raw encodes v as JSON kept as it is in either format.
func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// countPages counts the units of a paged list by reading it page by page.
func countPages(ctx context.Context, page func(ctx context.Context, cursor string) (int, string, error)) (int64, error) {
	var total int64
	for cursor := ""; ; {
		n, next, err := page(ctx, cursor)
		if err != nil {
			return 0, err
		}
		total += int64(n)
		if next == "" {
			return total, nil
		}
		cursor = next
	}
}

// contentSource exports every version of the account's contents, one row
// per version; a unit is a content.
type contentSource struct{ contents *content.Service }

func (contentSource) Columns() []string {
	return []string{"content_id", "type", "status", "version", "published", "conflict", "title", "body", "category",
		"media", "cover", "products", "saved_by", "saved_at", "created_at"}
}

func (c contentSource) Count(ctx context.Context) (int64, error) {
	return countContents(ctx, c.contents)
}

// countContents sums the management list's type counts.
func countContents(ctx context.Context, contents *content.Service) (int64, error) {
	l, err := contents.FindContents(ctx, content.Filter{Page: db.Page{Limit: 1}})
	if err != nil {
		return 0, err
	}
	var n int64
	for _, t := range l.Types {
		n += int64(t.Count)
	}
	return n, nil
}

func (c contentSource) Page(ctx context.Context, cursor string, limit int) ([][]any, int64, string, error) {
	l, err := c.contents.FindContents(ctx, content.Filter{Page: db.Page{Limit: pageLimit(limit), Cursor: cursor}})
	if err != nil {
		return nil, 0, "", err
	}
	var rows [][]any
	for _, ct := range l.Items {
		versions, err := c.contents.FindVersions(ctx, ct.ID)
		if err != nil {
			return nil, 0, "", err
		}
		for _, v := range versions {
			rows = append(rows, []any{ct.ID, ct.Type, ct.Status, v.Version, v.Version == ct.PublishedVersion, v.Conflict,
				v.Title, v.Body, v.Category, raw(v.Media), v.Cover, raw(v.Products), v.SavedBy, v.SavedAt, ct.CreatedAt})
		}
	}
	return rows, int64(len(l.Items)), l.Next, nil
}

// commentSource exports the comments on the account's contents, hidden
// and held ones included; a unit is a content.
type commentSource struct{ contents *content.Service }

func (commentSource) Columns() []string {
	return []string{"comment_id", "content_id", "content_title", "author_id", "parent_id", "body", "status", "pinned",
		"rewarded", "created_at"}
}

func (c commentSource) Count(ctx context.Context) (int64, error) {
	return countContents(ctx, c.contents)
}

func (c commentSource) Page(ctx context.Context, cursor string, limit int) ([][]any, int64, string, error) {
	l, err := c.contents.FindContents(ctx, content.Filter{Page: db.Page{Limit: pageLimit(limit), Cursor: cursor}})
	if err != nil {
		return nil, 0, "", err
	}
	var rows [][]any
	for _, ct := range l.Items {
		if ct.PublishedVersion == 0 {
			continue
		}
		comments, err := c.contents.FindComments(ctx, ct.ID)
		if err != nil {
			return nil, 0, "", err
		}
		for _, cm := range comments {
			rows = append(rows, []any{cm.ID, ct.ID, ct.Title, cm.AuthorID, cm.ParentID, cm.Body, cm.Status, cm.Pinned,
				cm.Rewarded, cm.CreatedAt})
		}
	}
	return rows, int64(len(l.Items)), l.Next, nil
}

// ledgerSource exports every line of the ledger entries touching the
// account's commission accounts, enough to re-compute each amount to the
// cent; a unit is an entry. Entries posted after the export was asked
// for (asOf) or before from are left out, so a resumed export reads what
// the first run read, and a hand-over reads its bound period.
type ledgerSource struct {
	earnings *commission.Service
	account  string
	from     time.Time
	asOf     time.Time
}

// holds reports whether an entry posted at t is in the source's period.
func (l ledgerSource) holds(t time.Time) bool { return !t.Before(l.from) && t.Before(l.asOf) }

func (ledgerSource) Columns() []string {
	return []string{"seq", "entry_id", "kind", "ref", "at", "account", "amount", "currency", "detail", "memo", "prev_hash",
		"hash"}
}

func (l ledgerSource) Count(ctx context.Context) (int64, error) {
	return countPages(ctx, func(ctx context.Context, cursor string) (int, string, error) {
		es, next, err := l.earnings.FindLedgerEntries(ctx, l.account, db.Page{Limit: db.MaxLimit, Cursor: cursor})
		n := 0
		for _, e := range es {
			if l.holds(e.At) {
				n++
			}
		}
		return n, next, err
	})
}

func (l ledgerSource) Page(ctx context.Context, cursor string, limit int) ([][]any, int64, string, error) {
	es, next, err := l.earnings.FindLedgerEntries(ctx, l.account, db.Page{Limit: pageLimit(limit), Cursor: cursor})
	if err != nil {
		return nil, 0, "", err
	}
	var rows [][]any
	var units int64
	for _, e := range es {
		if !l.holds(e.At) {
			continue
		}
		units++
		for _, ln := range e.Lines {
			rows = append(rows, []any{e.Seq, e.ID, e.Kind, e.Ref, e.At, ln.Account, ln.Amount.Minor, ln.Amount.Currency,
				ln.Detail, e.Memo, e.PrevHash, e.Hash})
		}
	}
	return rows, units, next, nil
}

// handoverContentSource exports the creator's content list with each
// content's figures, for a hand-over; a unit is a content.
type handoverContentSource struct{ contents *content.Service }

func (handoverContentSource) Columns() []string {
	return []string{"content_id", "type", "status", "title", "category", "published_at", "views", "likes", "favourites",
		"comments", "shares", "product_clicks", "created_at"}
}

func (c handoverContentSource) Count(ctx context.Context) (int64, error) {
	return countContents(ctx, c.contents)
}

func (c handoverContentSource) Page(ctx context.Context, cursor string, limit int) ([][]any, int64, string, error) {
	l, err := c.contents.FindContents(ctx, content.Filter{Page: db.Page{Limit: pageLimit(limit), Cursor: cursor}})
	if err != nil {
		return nil, 0, "", err
	}
	rows := make([][]any, 0, len(l.Items))
	for _, ct := range l.Items {
		var st content.Stats
		if ct.PublishedVersion > 0 {
			if st, err = c.contents.FindStats(ctx, ct.ID); err != nil {
				return nil, 0, "", err
			}
		}
		rows = append(rows, []any{ct.ID, ct.Type, ct.Status, ct.Title, ct.Category, ct.PublishedAt, st.Views, st.Likes,
			st.Favourites, st.Comments, st.Shares, st.ProductClicks, ct.CreatedAt})
	}
	return rows, int64(len(l.Items)), l.Next, nil
}

// auditSource exports the audit events of a filter, newest first (the
// columns of the audit CSV); a unit is an event. The filter ends when the
// export was asked for, so a resumed export reads what the first run read.
type auditSource struct {
	trail *audit.Log
	f     audit.Filter
}

// ownAudit reads an account's whole trail up to asOf.
func ownAudit(trail *audit.Log, owner string, asOf time.Time) auditSource {
	return auditSource{trail, audit.Filter{OwnerID: owner, To: asOf}}
}

// auditScope is the filter of an audit export as stored with it.
type auditScope struct {
	Owner      string    `json:"owner,omitempty"`
	Actor      string    `json:"actor,omitempty"`
	SubAccount string    `json:"sub_account,omitempty"`
	Action     string    `json:"action,omitempty"`
	Object     string    `json:"object,omitempty"`
	From       time.Time `json:"from,omitzero"`
	To         time.Time `json:"to,omitzero"`
}

func scopeOf(f audit.Filter) auditScope {
	return auditScope{f.OwnerID, f.ActorID, f.SubAccountID, f.Action, f.ObjectID, f.From, f.To}
}

// scopedAudit reads the events of an audit export's stored filter, up to
// when it was asked for.
func scopedAudit(trail *audit.Log, e Export) (auditSource, error) {
	var sc auditScope
	if err := json.Unmarshal([]byte(e.scope), &sc); err != nil {
		return auditSource{}, fmt.Errorf("export %s: audit filter: %w", e.ID, err)
	}
	f := audit.Filter{OwnerID: sc.Owner, ActorID: sc.Actor, SubAccountID: sc.SubAccount, Action: sc.Action, ObjectID: sc.Object,
		From: sc.From, To: e.CreatedAt}
	if !sc.To.IsZero() && sc.To.Before(f.To) {
		f.To = sc.To
	}
	return auditSource{trail, f}, nil
}

func (auditSource) Columns() []string {
	return []string{"occurred_at", "owner_id", "actor_id", "sub_account_id", "action", "object_type", "object_id",
		"summary", "outcome", "ip", "device_id", "request_id", "id"}
}

// at is the source's filter at a page of the trail.
func (a auditSource) at(cursor string, limit int) audit.Filter {
	f := a.f
	f.Page = db.Page{Limit: limit, Cursor: cursor}
	return f
}

func (a auditSource) Count(ctx context.Context) (int64, error) {
	return countPages(ctx, func(ctx context.Context, cursor string) (int, string, error) {
		es, next, err := a.trail.FindEvents(ctx, a.at(cursor, db.MaxLimit))
		return len(es), next, err
	})
}

func (a auditSource) Page(ctx context.Context, cursor string, limit int) ([][]any, int64, string, error) {
	es, next, err := a.trail.FindEvents(ctx, a.at(cursor, pageLimit(limit)))
	if err != nil {
		return nil, 0, "", err
	}
	rows := make([][]any, len(es))
	for i, e := range es {
		rows[i] = []any{e.OccurredAt, e.OwnerID, e.ActorID, e.SubAccountID, e.Action, e.ObjectType, e.ObjectID, e.Summary,
			e.Outcome, e.IP, e.DeviceID, e.RequestID, e.ID}
	}
	return rows, int64(len(es)), next, nil
}

// RegisterTasks adds the export of the account's task-marketplace orders,
// as creator or as buyer, with their transitions (from the audit trail)
// and the lines of their ledger postings.
func (s *Service) RegisterTasks(tasks *task.Service, trail *audit.Log) {
	s.Register(KindTasks, func(owner string, asOf time.Time) Source { return taskSource{tasks, trail, owner, asOf} })
}

// taskSource exports the account's task orders, newest first, one row per
// transition and one per line of each ledger posting, in the order they
// happened; a unit is an order. Orders placed, transitions taken and
// postings made after the export was asked for (asOf) are left out.
type taskSource struct {
	tasks *task.Service
	trail *audit.Log
	owner string
	asOf  time.Time
}

func (taskSource) Columns() []string {
	return []string{"task_id", "role", "kind", "creator", "merchant", "buyer", "amount", "currency", "state", "rule_version",
		"created_at", "event", "name", "at", "actor_id", "account", "line_amount", "seq"}
}

// held keeps the orders placed before asOf.
func (ts taskSource) held(orders []task.Order) []task.Order {
	var out []task.Order
	for _, o := range orders {
		if o.CreatedAt.Before(ts.asOf) {
			out = append(out, o)
		}
	}
	return out
}

func (ts taskSource) Count(ctx context.Context) (int64, error) {
	return countPages(ctx, func(ctx context.Context, cursor string) (int, string, error) {
		os, next, err := ts.tasks.FindTasks(ctx, task.TaskFilter{Page: db.Page{Limit: db.MaxLimit, Cursor: cursor}})
		return len(ts.held(os)), next, err
	})
}

func (ts taskSource) Page(ctx context.Context, cursor string, limit int) ([][]any, int64, string, error) {
	os, next, err := ts.tasks.FindTasks(ctx, task.TaskFilter{Page: db.Page{Limit: pageLimit(limit), Cursor: cursor}})
	if err != nil {
		return nil, 0, "", err
	}
	os = ts.held(os)
	var rows [][]any
	for _, o := range os {
		role := task.SideBuyer
		if o.CreatorID == ts.owner {
			role = task.SideCreator
		}
		head := []any{o.ID, role, o.Kind, o.Creator, o.Merchant, o.Buyer, o.Amount.Minor, o.Amount.Currency, o.State,
			o.Rule.Version, o.CreatedAt}
		transitions, err := ts.transitions(ctx, o.ID)
		if err != nil {
			return nil, 0, "", err
		}
		for _, ev := range transitions {
			rows = append(rows, append(slices.Clone(head), "transition", strings.TrimPrefix(ev.Action, "task."),
				ev.OccurredAt, ev.ActorID, nil, nil, nil))
		}
		postings, err := ts.tasks.FindTaskPostings(ctx, o.ID)
		if err != nil {
			return nil, 0, "", err
		}
		for _, e := range postings {
			if !e.At.Before(ts.asOf) {
				continue
			}
			for _, ln := range e.Lines {
				rows = append(rows, append(slices.Clone(head), "ledger", e.Kind, e.At, nil, ln.Account, ln.Amount.Minor, e.Seq))
			}
		}
	}
	return rows, int64(len(os)), next, nil
}

// transitions are the audit events of an order's lifecycle before asOf,
// oldest first.
func (ts taskSource) transitions(ctx context.Context, id string) ([]audit.Event, error) {
	var out []audit.Event
	for cursor := ""; ; {
		es, next, err := ts.trail.FindEvents(ctx, audit.Filter{ObjectID: id, To: ts.asOf, Page: db.Page{Limit: db.MaxLimit, Cursor: cursor}})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if e.ObjectType == "task" && strings.HasPrefix(e.Action, "task.") {
				out = append(out, e)
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	slices.Reverse(out)
	return out, nil
}
