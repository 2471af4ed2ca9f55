package task

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/feed"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/notify"
)

// TimerKind is the job kind of every task timer.
const TimerKind = "task.timer"

// Service holds the task marketplace's use cases. Each public method checks
// authorization first; each change is one transaction with its audit event,
// its ledger postings and its notifications.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	notify   *notify.Service
	jobs     *jobs.Queue
	clock    clock.Clock
	ledger   *ledger.Ledger
	accounts *account.Service
	creators *creator.Service
	feed     *feed.Service
	events   Events
	store    store
}

// Events receives the domain events of accounts in the caller's
// transaction (the webhook service, wired by the app).
type Events interface {
	EmitAll(ctx context.Context, accountIDs []string, eventType string, data any) error
}

// WithEvents makes every task transition a webhook event
// (webhook.EventTaskTransitioned, data TransitionEvent) of the task's parties.
func (s *Service) WithEvents(e Events) { s.events = e }

// NewService wires the task marketplace and registers its timers on q.
func NewService(d *db.DB, a *audit.Log, n *notify.Service, q *jobs.Queue, c clock.Clock, l *ledger.Ledger,
	accounts *account.Service, creators *creator.Service, f *feed.Service) *Service {
	s := &Service{db: d, audit: a, notify: n, jobs: q, clock: c, ledger: l, accounts: accounts, creators: creators, feed: f,
		store: store{db: d}}
	q.Handle(TimerKind, s.runTimer)
	return s
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// FindRules returns the rules in force and every version, newest first.
func (s *Service) FindRules(ctx context.Context) (TaskRules, []TaskRules, error) {
	if err := authz.CheckCtx(ctx, authz.ReadTaskRules, nil); err != nil {
		return TaskRules{}, nil, err
	}
	hist, err := s.store.findRulesHistory(ctx)
	if err != nil || len(hist) == 0 {
		return TaskRules{}, nil, apperr.WrapIf(err, "find task rules")
	}
	return hist[0], hist, nil
}

// UpdateRules publishes a new version of the rules; orders already placed
// keep the version they were placed under.
func (s *Service) UpdateRules(ctx context.Context, in TaskRulesInput) (TaskRules, error) {
	if err := authz.CheckCtx(ctx, authz.ManageTaskRules, nil); err != nil {
		return TaskRules{}, err
	}
	if err := in.validate(); err != nil {
		return TaskRules{}, err
	}
	var r TaskRules
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		cur, err := s.store.findRules(ctx, 0)
		if err != nil {
			return err
		}
		r = TaskRules{Version: cur.Version + 1, FeeBP: in.FeeBP, AcceptHours: in.AcceptHours, DeliverDays: in.DeliverDays,
			AutoConfirmDays: in.AutoConfirmDays, StatementDays: in.StatementDays, CreatedAt: s.clock.Now().UTC(),
			CreatedBy: authz.ActorFrom(ctx).UserID, Note: in.Note}
		if err := s.store.insertRules(ctx, r); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "task_rules.update", ObjectType: "task_rules",
			ObjectID: fmt.Sprint(r.Version), Summary: fmt.Sprintf("fee %d bp, accept %d h, deliver %d d, auto-confirm %d d, statements %d d",
				r.FeeBP, r.AcceptHours, r.DeliverDays, r.AutoConfirmDays, r.StatementDays)})
	})
	return r, err
}

// CreateQuote publishes a quote of the creator in ctx (L2 and above).
func (s *Service) CreateQuote(ctx context.Context, in QuoteInput) (Quote, error) {
	if err := authz.CheckCtx(ctx, authz.ManageQuotes, nil); err != nil {
		return Quote{}, err
	}
	if err := in.validate(); err != nil {
		return Quote{}, err
	}
	now := s.clock.Now().UTC()
	q := Quote{ID: newID(), CreatorID: authz.ActorFrom(ctx).UserID, Kind: in.Kind, Unit: in.Unit, Price: in.Price,
		Description: in.Description, CreatedAt: now, UpdatedAt: now}
	return q, s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.insertQuote(ctx, q); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "task_quote.create", ObjectType: "task_quote", ObjectID: q.ID,
			Summary: fmt.Sprintf("%s %s %s", q.Kind, q.Price, q.Unit)})
	})
}

// FindQuotes lists the quotes of the creator in ctx.
func (s *Service) FindQuotes(ctx context.Context) ([]Quote, error) {
	if err := authz.CheckCtx(ctx, authz.ManageQuotes, nil); err != nil {
		return nil, err
	}
	return s.store.findQuotesOf(ctx, []string{authz.ActorFrom(ctx).UserID})
}

// UpdateQuote replaces a quote's terms; orders already placed keep the
// copy of the terms they were placed on.
func (s *Service) UpdateQuote(ctx context.Context, id string, in QuoteInput) (Quote, error) {
	if err := authz.CheckCtx(ctx, authz.ManageQuotes, nil); err != nil {
		return Quote{}, err
	}
	var q Quote
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if q, err = s.store.findQuote(ctx, id); err != nil {
			return err
		}
		if err := authz.CheckCtx(ctx, authz.ManageQuotes, q); err != nil {
			return err
		}
		if err := in.validate(); err != nil {
			return err
		}
		before := fmt.Sprintf("%s %s %s", q.Kind, q.Price, q.Unit)
		q.Kind, q.Unit, q.Price, q.Description, q.UpdatedAt = in.Kind, in.Unit, in.Price, in.Description, s.clock.Now().UTC()
		if err := s.store.updateQuote(ctx, q); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "task_quote.update", ObjectType: "task_quote", ObjectID: q.ID,
			Summary: fmt.Sprintf("%s → %s %s %s", before, q.Kind, q.Price, q.Unit)})
	})
	return q, err
}

// DeleteQuote withdraws a quote; orders placed on it go on.
func (s *Service) DeleteQuote(ctx context.Context, id string) error {
	if err := authz.CheckCtx(ctx, authz.ManageQuotes, nil); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		q, err := s.store.findQuote(ctx, id)
		if err != nil {
			return err
		}
		if err := authz.CheckCtx(ctx, authz.ManageQuotes, q); err != nil {
			return err
		}
		if err := s.store.deleteQuote(ctx, id, s.clock.Now().UTC()); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "task_quote.delete", ObjectType: "task_quote", ObjectID: q.ID})
	})
}

// CreatorCard is a creator as the marketplace shows it (SPEC §8).
type CreatorCard struct {
	CreatorID string `json:"creator_id"`
	Name      string `json:"name"`
	AvatarURL string `json:"avatar_url,omitempty"`
	Homepage  string `json:"homepage"`
	Category  string `json:"category"`
	// CategoryCode is the domain focus the category names.
	CategoryCode   string `json:"category_code"`
	Fans           int    `json:"fans"`
	TasksCompleted int    `json:"tasks_completed"`
	// CompletionRate is confirmed / accepted in percent (0 before any
	// accepted order).
	CompletionRate int     `json:"completion_rate"`
	Quotes         []Quote `json:"quotes"`
}

// CardFilter searches the marketplace: q matches the name, category is a
// domain focus code, prices bound the quotes (fen).
type CardFilter struct {
	Q        string
	Category string
	MinPrice int64
	MaxPrice int64
	Limit    int
	// After is the last creator id of the previous page.
	After string
}

// cardScan bounds how many creators one search reads to fill a page.
const cardScan = 200

// FindCards searches the marketplace's creator cards, in creator order, and
// answers the cursor of the next page ("" at the end).
func (s *Service) FindCards(ctx context.Context, f CardFilter) ([]CreatorCard, string, error) {
	if err := authz.CheckCtx(ctx, authz.BrowseTaskCreators, nil); err != nil {
		return nil, "", err
	}
	limit := f.Limit
	if limit == 0 {
		limit = db.DefaultLimit
	}
	if limit < 1 || limit > db.MaxLimit {
		return nil, "", apperr.Field("limit", "must be between 1 and %d", db.MaxLimit)
	}
	if f.MinPrice < 0 || f.MaxPrice < 0 || (f.MaxPrice > 0 && f.MaxPrice < f.MinPrice) {
		return nil, "", apperr.Field("max_price", "must be at least min_price")
	}
	q := strings.ToLower(strings.TrimSpace(f.Q))
	var out []CreatorCard
	after := f.After
	for {
		ids, err := s.store.findQuoteCreators(ctx, f.MinPrice, f.MaxPrice, after, cardScan)
		if err != nil {
			return nil, "", err
		}
		cards, err := s.cards(ctx, ids)
		if err != nil {
			return nil, "", err
		}
		for _, c := range cards {
			if (q == "" || strings.Contains(strings.ToLower(c.Name), q)) && (f.Category == "" || c.CategoryCode == f.Category) {
				out = append(out, c)
				if len(out) == limit {
					return out, c.CreatorID, nil
				}
			}
		}
		if len(ids) < cardScan {
			return out, "", nil
		}
		after = ids[len(ids)-1]
	}
}

// FindCard returns one creator's card.
func (s *Service) FindCard(ctx context.Context, creatorID string) (CreatorCard, error) {
	if err := authz.CheckCtx(ctx, authz.BrowseTaskCreators, nil); err != nil {
		return CreatorCard{}, err
	}
	cards, err := s.cards(ctx, []string{creatorID})
	if err != nil {
		return CreatorCard{}, err
	}
	if len(cards) == 0 || len(cards[0].Quotes) == 0 {
		return CreatorCard{}, apperr.New(apperr.NotFound, "This creator has no quotes in the task marketplace.")
	}
	return cards[0], nil
}

// cards builds the cards of ids (active accounts only), in the order given.
func (s *Service) cards(ctx context.Context, ids []string) ([]CreatorCard, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	profiles, err := s.creators.FindProfiles(ctx, ids)
	if err != nil {
		return nil, err
	}
	focuses, err := s.creators.DomainFocusesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	fans, err := s.feed.FollowerStatsOf(ctx, ids, nil)
	if err != nil {
		return nil, err
	}
	records, err := s.store.findRecords(ctx, ids)
	if err != nil {
		return nil, err
	}
	quotes, err := s.store.findQuotesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []CreatorCard
	for _, id := range ids {
		p, ok := profiles[id]
		if !ok {
			continue
		}
		r := records[id]
		c := CreatorCard{CreatorID: id, Name: p.Name, AvatarURL: p.AvatarURL, Homepage: "/accounts/" + id,
			Category: focuses[id].Name, CategoryCode: focuses[id].Code, Fans: fans[id].Followers, TasksCompleted: r.Completed,
			CompletionRate: completionRate(r), Quotes: []Quote{}}
		for _, q := range quotes {
			if q.CreatorID == id {
				c.Quotes = append(c.Quotes, q)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// completionRate is confirmed / accepted in whole percent, rounded down.
func completionRate(r Record) int {
	if r.Accepted == 0 {
		return 0
	}
	return r.Completed * 100 / r.Accepted
}

// names returns the display names of ids.
func (s *Service) names(ctx context.Context, ids ...string) (map[string]string, error) {
	slices.Sort(ids)
	profiles, err := s.creators.FindProfiles(ctx, slices.Compact(ids))
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(profiles))
	for id, p := range profiles {
		out[id] = p.Name
	}
	return out, nil
}

// WithClock returns the service reading the time from c, sharing all else.
// The demo places back-dated orders through it, so that the server's timer
// jobs find their deadlines passed.
func (s *Service) WithClock(c clock.Clock) *Service {
	cp := *s
	cp.clock = c
	return &cp
}
