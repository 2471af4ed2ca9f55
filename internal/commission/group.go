package commission

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/db/groupcommit"
)

// maxGroup bounds the order events one group commit applies.
const maxGroup = 256

// groupCall is one caller's event waiting in a group commit.
type groupCall = groupcommit.Call[OrderEvent, EventAnswer]

// newGroupCommit returns s's group commit of single order events
// (package groupcommit): the events callers post one by one at the same
// time are applied in one transaction, one ledger lock, one extension of
// the hash chain and one commit (one WAL flush on PostgreSQL). Every
// append to the ledger is serial by design, so without it each event would
// wait for the commits of all the events before it.
//
// A group reads what its events need as a batch does (prefetched), and
// each event is answered and audited as its own caller (its actor and
// request). An event refused (a conflict, a currency other than the
// payment's) is refused before it writes anything (Service.apply), so it is
// answered its refusal and the others go on; any other failure rolls the
// group back, and then each of its events is applied again in a
// transaction of its own, so that one failing event never takes the others
// with it.
func (s *Service) newGroupCommit() *groupcommit.Group[OrderEvent, EventAnswer] {
	return groupcommit.New(maxGroup, s.commitGroup)
}

// commitGroup applies calls in one transaction and answers each.
func (s *Service) commitGroup(ctx context.Context, calls []*groupCall) {
	err := s.db.WithTx(context.WithoutCancel(ctx), func(tx context.Context) error {
		events := make([]OrderEvent, len(calls))
		for i, c := range calls {
			events[i] = c.In
		}
		if err := s.prefetch(tx, events); err != nil {
			return err
		}
		for _, c := range calls {
			c.Out, c.Err = s.applyOne(db.JoinTx(tx, c.Ctx), c.In)
			if c.Err != nil && !refused(c.Err) {
				return c.Err
			}
		}
		return nil
	})
	if err != nil && len(calls) > 1 {
		for _, c := range calls {
			c.Out, c.Err = s.postAlone(c.Ctx, c.In)
		}
	} else if err != nil {
		calls[0].Out, calls[0].Err = EventAnswer{}, err
	}
}

// postAlone applies e in a transaction of its own.
func (s *Service) postAlone(ctx context.Context, e OrderEvent) (EventAnswer, error) {
	var ans EventAnswer
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.ledger.Lock(ctx); err != nil {
			return err
		}
		var err error
		ans, err = s.applyOne(ctx, e)
		return err
	})
	return ans, err
}

// applyOne applies a single event and records its audit event (written
// with the group's others at the commit).
func (s *Service) applyOne(ctx context.Context, e OrderEvent) (EventAnswer, error) {
	ans, err := s.apply(ctx, e, false)
	if err != nil {
		return EventAnswer{}, err
	}
	return ans, s.audit.RecordAtCommit(ctx, audit.Event{Action: "order_event.post", ObjectType: "order", ObjectID: e.OrderID,
		Summary: e.LineID + " " + e.Type + ": " + ans.Outcome})
}

// refused reports whether err is a refusal of the request (not a failure
// of the service).
func refused(err error) bool {
	var ae *apperr.Error
	return errors.As(err, &ae) && ae.Code != apperr.Internal
}

// eventCacheKey keys a transaction's eventCache (db.TxValue).
type eventCacheKey struct{}

// eventCache is what one transaction of order events keeps of the rows it
// read and every event of it needs again: the rule versions, products,
// links and organization contracts. No order event writes them, so a batch
// reads them before it takes the ledger's head (prefetch); they are what
// the first read saw for the whole transaction.
type eventCache struct {
	rules     []CPSRules // newest version first
	products  map[string]MerchantProduct
	links     map[string]Link
	contracts map[contractKey]contractAt
}

// contractKey names the contract in force for a creator at a time.
type contractKey struct {
	creator string
	at      time.Time
}

// contractAt is a Contracts answer.
type contractAt struct {
	contract OrgContract
	found    bool
}

func (s *Service) eventCache(ctx context.Context) *eventCache {
	c, _ := db.TxValue(ctx, eventCacheKey{}, func() *eventCache {
		return &eventCache{products: map[string]MerchantProduct{}, links: map[string]Link{}, contracts: map[contractKey]contractAt{}}
	})
	return c
}

// rulesAt answers the rule version in force at t (the store's findRulesAt,
// from the versions read once per transaction).
func (s *Service) rulesAt(ctx context.Context, t time.Time) (CPSRules, error) {
	c := s.eventCache(ctx)
	if c.rules == nil {
		all, err := s.store.findRuleHistory(ctx)
		if err != nil {
			return CPSRules{}, err
		}
		c.rules = all
	}
	var best *CPSRules
	for i, r := range c.rules {
		if r.EffectiveAt.After(t) {
			continue
		}
		if best == nil || r.EffectiveAt.After(best.EffectiveAt) || (r.EffectiveAt.Equal(best.EffectiveAt) && r.Version > best.Version) {
			best = &c.rules[i]
		}
	}
	if best == nil {
		return CPSRules{}, apperr.Wrap(sql.ErrNoRows, "find commission rules")
	}
	return *best, nil
}

// product answers a product, read once per transaction.
func (s *Service) product(ctx context.Context, id string) (MerchantProduct, error) {
	c := s.eventCache(ctx)
	if p, ok := c.products[id]; ok {
		return p, nil
	}
	p, err := s.store.findProduct(ctx, id)
	if err == nil {
		c.products[id] = p
	}
	return p, err
}

// link answers a tracked link, read once per transaction.
func (s *Service) link(ctx context.Context, id string) (Link, error) {
	c := s.eventCache(ctx)
	if l, ok := c.links[id]; ok {
		return l, nil
	}
	l, _, err := s.store.findLinkWithProduct(ctx, id)
	if err == nil {
		c.links[id] = l
	}
	return l, err
}

// contractAt answers the organization contract in force for a creator at
// a time (Contracts), asked once per transaction for each creator and time.
func (s *Service) contractAt(ctx context.Context, creator string, at time.Time) (OrgContract, bool, error) {
	c := s.eventCache(ctx)
	k := contractKey{creator, at.UTC()}
	if a, ok := c.contracts[k]; ok {
		return a.contract, a.found, nil
	}
	contract, found, err := s.contracts.ContractAt(ctx, creator, at)
	if err == nil {
		c.contracts[k] = contractAt{contract, found}
	}
	return contract, found, err
}
