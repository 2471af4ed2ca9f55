package commission

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/db/groupcommit"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/ledger"
)

// Options are the configured settings of commission.
type Options struct {
	// Sandbox turns on synthetic orders (HELIO_SANDBOX): their money goes
	// to sandbox accounts only.
	Sandbox bool
	// PublicURL starts the tracked links' URLs.
	PublicURL string
	// SettlementBatch is how many order lines one settlement transaction
	// settles.
	SettlementBatch int
}

// Service holds the commission use cases. Each public method checks
// authorization first and is one transaction with its audit event.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	jobs     *jobs.Queue
	clock    clock.Clock
	ledger   *ledger.Ledger
	contents Contents
	payees   Payees
	opts     Options
	store    store
	group    *groupcommit.Group[OrderEvent, EventAnswer]
	// contracts splits bound creators' parts with their organization.
	contracts Contracts
	// events hands postings and settlements to webhooks.
	events Events
	// mounted keeps FindMountedProducts' answers for the reader page.
	mounted *mountedCache
}

// Events receives the domain events of an account in the caller's
// transaction (the webhook service, wired by the app).
type Events interface {
	Emit(ctx context.Context, accountID, eventType string, data any) error
}

// WithEvents makes postings (webhook.EventLedgerPosted, data PostedEvent)
// and finished settlements (webhook.EventSettlementFinished, data
// SettledEvent) webhook events.
func (s *Service) WithEvents(e Events) { s.events = e }

// NewService wires the commission use cases and registers the settlement
// job's handler on q.
func NewService(d *db.DB, a *audit.Log, q *jobs.Queue, c clock.Clock, l *ledger.Ledger, contents Contents, payees Payees, opts Options) *Service {
	if opts.SettlementBatch <= 0 {
		opts.SettlementBatch = 200
	}
	s := &Service{db: d, audit: a, jobs: q, clock: c, ledger: l, contents: contents, payees: payees, opts: opts, store: store{db: d},
		mounted: &mountedCache{entries: map[string]mountedEntry{}}}
	s.group = s.newGroupCommit()
	q.Handle(SettlementKind, s.runSettlement)
	return s
}

// Ledger is the ledger the service posts to.
func (s *Service) Ledger() *ledger.Ledger { return s.ledger }

// Sandbox reports whether sandbox mode is on.
func (s *Service) Sandbox() bool { return s.opts.Sandbox }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// record writes the audit event of a use case in its transaction.
func (s *Service) record(ctx context.Context, action, objectType, objectID, summary string) error {
	return s.audit.Record(ctx, audit.Event{Action: action, ObjectType: objectType, ObjectID: objectID, Summary: summary})
}

// CreateProduct lists a product. A merchant lists its own; an integrator
// names the merchant.
func (s *Service) CreateProduct(ctx context.Context, in ProductInput) (MerchantProduct, error) {
	if err := authz.CheckCtx(ctx, authz.CreateProduct, nil); err != nil {
		return MerchantProduct{}, err
	}
	actor := authz.ActorFrom(ctx)
	if !actor.HasRole(authz.RoleIntegrator) || in.MerchantID == "" {
		in.MerchantID = actor.UserID
	}
	if err := in.validate(); err != nil {
		return MerchantProduct{}, err
	}
	p := MerchantProduct{ID: newID(), MerchantID: in.MerchantID, SKU: in.SKU, Title: in.Title, URL: in.URL, Price: in.Price,
		RateBP: in.RateBP, Category: in.Category, Grocery: in.Grocery, CreatedAt: s.clock.Now()}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createProduct(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, "product.create", "product", p.ID, fmt.Sprintf("sku %s at %d bp", p.SKU, p.RateBP))
	})
	return p, err
}

// FindProductByID answers a product.
func (s *Service) FindProductByID(ctx context.Context, id string) (MerchantProduct, error) {
	if err := authz.CheckCtx(ctx, authz.ReadProduct, nil); err != nil {
		return MerchantProduct{}, err
	}
	return s.store.findProduct(ctx, id)
}

// FindProductsByIDs answers the products of ids that are listed, by id, in
// one query (the console names a page of earnings rows with it).
func (s *Service) FindProductsByIDs(ctx context.Context, ids []string) (map[string]MerchantProduct, error) {
	if err := authz.CheckCtx(ctx, authz.ReadProduct, nil); err != nil {
		return nil, err
	}
	if len(ids) > MaxBatch {
		return nil, apperr.Field("ids", "must hold at most %d ids", MaxBatch)
	}
	return s.store.findProductsByIDs(ctx, ids)
}

// CreateLink makes a tracked link for a product mounted in the caller's
// published content. Grocery products take the grocery scene, and their
// links can be made only within the rule's days of the content's push.
func (s *Service) CreateLink(ctx context.Context, in LinkInput) (Link, error) {
	if err := authz.CheckCtx(ctx, authz.CreateLink, nil); err != nil {
		return Link{}, err
	}
	if err := validScene("scene", in.Scene); err != nil {
		return Link{}, err
	}
	ref, err := s.contents.FindContentRef(ctx, strings.TrimSpace(in.ContentID))
	if err != nil {
		return Link{}, err
	}
	if err := authz.CheckCtx(ctx, authz.CreateLink, ownedBy(ref.OwnerID)); err != nil {
		return Link{}, err
	}
	p, err := s.store.findProductByIDOrSKU(ctx, strings.TrimSpace(in.ProductID))
	if err != nil {
		return Link{}, err
	}
	if !mounted(ref.Products, p) {
		return Link{}, apperr.Field("product_id", "is not mounted in this content")
	}
	if p.Grocery != (in.Scene == SceneGrocery) {
		return Link{}, apperr.Field("scene", "grocery products, and only they, take the grocery scene")
	}
	now := s.clock.Now()
	rules, err := s.store.findRulesAt(ctx, now)
	if err != nil {
		return Link{}, err
	}
	if p.Grocery && now.Sub(ref.PushedAt) > windowOf(rules.GroceryLinkDays) {
		return Link{}, apperr.New(apperr.Invalid, "Grocery links can be created only within %d days of the content's push (rule %s version %d).",
			rules.GroceryLinkDays, RulesTable, rules.Version).With("rule", rules.Ref())
	}
	l := Link{ID: newID(), ContentID: ref.ID, ProductID: p.ID, CreatorID: ref.OwnerID, Scene: in.Scene,
		PushedAt: ref.PushedAt, Rule: rules.Ref(), CreatedAt: now}
	l.URL = strings.TrimSuffix(s.opts.PublicURL, "/") + LinkPath(l.ID)
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createLink(ctx, l); err != nil {
			return err
		}
		return s.record(ctx, "commission_link.create", "commission_link", l.ID, p.SKU+" in "+l.Scene)
	})
	return l, err
}

// ownedBy is an authz object owned by an account.
type ownedBy string

func (o ownedBy) OwnerID() string { return string(o) }

func mounted(products []string, p MerchantProduct) bool {
	for _, m := range products {
		if m == p.ID || m == p.SKU {
			return true
		}
	}
	return false
}

// FollowLink records a shopper's click on a tracked link (the link's
// scene, now) and answers the product address to redirect to.
func (s *Service) FollowLink(ctx context.Context, linkID, shopperID string) (string, Click, error) {
	if err := authz.CheckCtx(ctx, authz.FollowLink, nil); err != nil {
		return "", Click{}, err
	}
	return s.click(ctx, linkID, shopperID, "", s.clock.Now(), false)
}

// RecordClick records a click an integrator tracked itself.
func (s *Service) RecordClick(ctx context.Context, in ClickInput) (Click, error) {
	if err := authz.CheckCtx(ctx, authz.RecordClick, nil); err != nil {
		return Click{}, err
	}
	at := s.clock.Now()
	if in.At != nil {
		if in.At.After(at) {
			return Click{}, apperr.Field("at", "must not be in the future")
		}
		at = in.At.UTC()
	}
	_, c, err := s.click(ctx, in.LinkID, in.ShopperID, in.Scene, at, false)
	return c, err
}

// click records one click in its own transaction.
func (s *Service) click(ctx context.Context, linkID, shopperID, scene string, at time.Time, sandbox bool) (string, Click, error) {
	shopperID = strings.TrimSpace(shopperID)
	if shopperID == "" || len(shopperID) > 128 {
		return "", Click{}, apperr.Field("shopper_id", "must be 1 to 128 characters")
	}
	l, p, err := s.store.findLinkWithProduct(ctx, strings.TrimSpace(linkID))
	if err != nil {
		return "", Click{}, err
	}
	if scene == "" {
		scene = l.Scene
	}
	if err := validScene("scene", scene); err != nil {
		return "", Click{}, err
	}
	if (scene == SceneGrocery) != p.Grocery {
		return "", Click{}, apperr.Field("scene", "grocery products, and only they, take the grocery scene")
	}
	c := Click{ID: newID(), LinkID: l.ID, ProductID: l.ProductID, ShopperID: shopperID, Scene: scene, Sandbox: sandbox, At: at}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createClick(ctx, c); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: actorOrSystem(ctx), Action: "commission_click.record",
			ObjectType: "commission_link", ObjectID: l.ID, Summary: c.Scene})
	})
	return p.URL, c, err
}

// actorOrSystem is the acting account, or audit.System for anonymous
// shoppers.
func actorOrSystem(ctx context.Context) string {
	if a := authz.ActorFrom(ctx); !a.Anonymous() {
		return a.UserID
	}
	return audit.System
}

// FindRules answers the rule version in force now and the whole history,
// newest first (future versions, announced with their notice date,
// included).
func (s *Service) FindRules(ctx context.Context) (CPSRules, []CPSRules, error) {
	if err := authz.CheckCtx(ctx, authz.ReadCommissionRules, nil); err != nil {
		return CPSRules{}, nil, err
	}
	current, err := s.store.findRulesAt(ctx, s.clock.Now())
	if err != nil {
		return CPSRules{}, nil, err
	}
	history, err := s.store.findRuleHistory(ctx)
	return current, history, err
}

// CreateRules publishes a new version of the rules, in force from its
// notice date.
func (s *Service) CreateRules(ctx context.Context, in CPSRulesInput) (CPSRules, error) {
	if err := authz.CheckCtx(ctx, authz.ManageCommissionRules, nil); err != nil {
		return CPSRules{}, err
	}
	now := s.clock.Now()
	if err := in.validate(now); err != nil {
		return CPSRules{}, err
	}
	r := CPSRules{EffectiveAt: in.EffectiveAt.UTC(), CreatedAt: now, CreatedBy: authz.ActorFrom(ctx).UserID, Note: strings.TrimSpace(in.Note),
		CPSRuleSet: in.CPSRuleSet}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		v, err := s.store.createRules(ctx, r)
		if err != nil {
			return err
		}
		r.Version = v
		return s.record(ctx, "commission_rules.create", "commission_rules", fmt.Sprint(v),
			"in force from "+r.EffectiveAt.Format(time.RFC3339))
	})
	return r, err
}

// FindProducts answers the caller's own products, newest first.
func (s *Service) FindProducts(ctx context.Context) ([]MerchantProduct, error) {
	if err := authz.CheckCtx(ctx, authz.CreateProduct, nil); err != nil {
		return nil, err
	}
	return s.store.findProductsOf(ctx, authz.ActorFrom(ctx).UserID)
}
