package commission

import (
	"context"
	"slices"
	"time"

	"github.com/helio-platform/helio/internal/db"
)

// prefetchKey keys a transaction's prefetched rows (db.TxValue).
type prefetchKey struct{}

// lineKey names an order line.
type lineKey struct{ order, line string }

// clickKey names a shopper's clicks on a product.
type clickKey struct{ shopper, product string }

// prefetched holds the rows a batch of order events needs, read in one
// query each before the first event applies instead of two queries per
// event: the earlier events of every order line of the batch and the
// clicks of every shopper on the batch's products. As the batch stores
// events, they are added here, so that a later event of the batch sees
// them as it would in the table. Clicks are not written by order events.
type prefetched struct {
	events map[lineKey][]storedEvent
	clicks map[clickKey][]Click
	// newLines and newEvents are the batch's rows not written yet: they
	// are written in multi-row statements before a statement reads the
	// tables, and before the commit (flush).
	newLines  []OrderLine
	newEvents []storedEvent
	newLegs   []OrderLine      // the lines of newLines with an organization leg
	lines     map[lineKey]bool // the order lines in newLines
}

// prefetch reads the rows events will need into ctx's transaction. What
// no order event writes (the rule versions, the clicks, the links and
// products they went through, webhook subscriptions, organization
// contracts) is read first; then it takes the ledger's head and reads what
// order events write: the earlier events of the batch's order lines and the
// ledger entries of its refs. Those must be read under the head, which
// orders every order event: read before it, they could miss an event
// committed meanwhile (a refund held for the payment this batch applies).
// The head is thus held for two reads, the batch's work and its writes.
func (s *Service) prefetch(ctx context.Context, events []OrderEvent) error {
	orders, shoppers, products := []string{}, []string{}, []string{}
	seen := map[string]bool{}
	add := func(list *[]string, kind, v string) {
		if !seen[kind+v] {
			seen[kind+v] = true
			*list = append(*list, v)
		}
	}
	var from, to time.Time
	refs := []string{}
	for _, e := range events {
		if e.validate() != nil {
			continue // answered rejected, reads nothing
		}
		add(&orders, "o", e.OrderID)
		add(&refs, "r", eventRef(e))
		if e.Type == EventPaid {
			add(&shoppers, "s", e.ShopperID)
			add(&products, "p", e.ProductID)
			if from.IsZero() || e.At.Before(from) {
				from = e.At
			}
			if e.At.After(to) {
				to = e.At
			}
		}
	}
	p, _ := db.TxValue(ctx, prefetchKey{}, func() *prefetched { return &prefetched{} })
	if len(shoppers) > 0 {
		if err := s.prefetchClicks(ctx, p, shoppers, products, from, to); err != nil {
			return err
		}
		if err := s.prefetchContracts(ctx, p, events); err != nil {
			return err
		}
	}
	if err := s.ledger.Prefetch(ctx, refs); err != nil {
		return err
	}
	var err error
	if p.events, err = s.store.findOrderEvents(ctx, orders); err != nil {
		return err
	}
	p.lines = map[lineKey]bool{}
	if err := db.BeforeCommit(ctx, s.flush); err != nil {
		return err
	}
	for _, e := range events {
		if k := (lineKey{e.OrderID, e.LineID}); p.events[k] == nil {
			p.events[k] = []storedEvent{}
		}
	}
	return nil
}

// prefetchClicks reads the shoppers' clicks on the products that any rule
// version's window before a payment in [from, to] may attribute, and the
// links they went through (prefetchLinks).
func (s *Service) prefetchClicks(ctx context.Context, p *prefetched, shoppers, products []string, from, to time.Time) error {
	rules, err := s.rulesAt(ctx, from)
	if err != nil {
		return err
	}
	// The widest window any version may open: the attribution days of the
	// version in force at the earliest payment, or of any later version.
	days := rules.AttributionDays
	for _, r := range s.eventCache(ctx).rules {
		days = max(days, r.AttributionDays)
	}
	if p.clicks, err = s.store.findClicksOf(ctx, shoppers, products, from.Add(-windowOf(days)), to); err != nil {
		return err
	}
	return s.prefetchLinks(ctx, p.clicks)
}

// prefetchContracts asks, for each payment of events, the organization
// contract in force for the creator its click attributes it to (what
// applyOrgLeg will ask), so that no contract is read under the head.
func (s *Service) prefetchContracts(ctx context.Context, p *prefetched, events []OrderEvent) error {
	if s.contracts == nil {
		return nil
	}
	c := s.eventCache(ctx)
	for _, e := range events {
		if e.Type != EventPaid || e.validate() != nil {
			continue
		}
		rules, err := s.rulesAt(ctx, e.At)
		if err != nil {
			return err
		}
		click, found := lastOf(p.clicks[clickKey{e.ShopperID, e.ProductID}], e.At.Add(-windowOf(rules.AttributionDays)), e.At)
		link, known := c.links[click.LinkID]
		if !found || !known {
			continue
		}
		if _, _, err := s.contractAt(ctx, link.CreatorID, e.At.UTC()); err != nil {
			return err
		}
	}
	return nil
}

// prefetchLinks reads, in one query, the links the clicks went through
// and their products into the transaction's eventCache, and has the
// webhooks read the subscriptions of the links' creators (whose postings
// they will be told of).
func (s *Service) prefetchLinks(ctx context.Context, clicks map[clickKey][]Click) error {
	ids := []string{}
	for _, cs := range clicks {
		for _, c := range cs {
			if !slices.Contains(ids, c.LinkID) {
				ids = append(ids, c.LinkID)
			}
		}
	}
	links, products, err := s.store.findLinksWithProducts(ctx, ids)
	if err != nil {
		return err
	}
	c := s.eventCache(ctx)
	creators := []string{}
	for id, l := range links {
		c.links[id] = l
		if !slices.Contains(creators, l.CreatorID) {
			creators = append(creators, l.CreatorID)
		}
	}
	for id, p := range products {
		c.products[id] = p
	}
	if pre, ok := s.events.(prefetchingEvents); ok && len(creators) > 0 {
		return pre.PrefetchSubscriptions(ctx, creators)
	}
	return nil
}

// prefetchingEvents is Events that can read at once what the Emits about
// accounts in a transaction will need (the webhook service).
type prefetchingEvents interface {
	PrefetchSubscriptions(ctx context.Context, accountIDs []string) error
}

// prefetchedOf answers the transaction's prefetched rows, nil when none.
func prefetchedOf(ctx context.Context) *prefetched {
	p, _ := db.TxValue(ctx, prefetchKey{}, func() *prefetched { return &prefetched{} })
	if p.events == nil {
		return nil
	}
	return p
}

// lineEvents answers the events received for an order line, in the order
// they arrived: prefetched, or read.
func (s *Service) lineEvents(ctx context.Context, order, line string) ([]storedEvent, error) {
	if p := prefetchedOf(ctx); p != nil {
		if evs, ok := p.events[lineKey{order, line}]; ok {
			return evs, nil
		}
	}
	return s.store.findLineEvents(ctx, order, line)
}

// flush writes the batch's new order lines, their organization legs and
// the batch's events.
func (s *Service) flush(ctx context.Context) error {
	p := prefetchedOf(ctx)
	if p == nil {
		return nil
	}
	if err := s.store.createLines(ctx, p.newLines); err != nil {
		return err
	}
	if err := s.store.createEvents(ctx, p.newEvents); err != nil {
		return err
	}
	if err := s.store.createOrgLegs(ctx, p.newLegs); err != nil {
		return err
	}
	p.newLines, p.newEvents, p.newLegs, p.lines = nil, nil, nil, map[lineKey]bool{}
	return nil
}

// createLine stores an order line: at once, or in a batch with the
// batch's others (flush).
func (s *Service) createLine(ctx context.Context, l OrderLine) error {
	p := prefetchedOf(ctx)
	if p == nil {
		return s.store.createLines(ctx, []OrderLine{l})
	}
	p.newLines = append(p.newLines, l)
	p.lines[lineKey{l.OrderID, l.LineID}] = true
	return nil
}

// createOrgLeg stores the organization leg of a new line: at once, or in
// a batch with the batch's others (flush), after the line.
func (s *Service) createOrgLeg(ctx context.Context, l OrderLine) error {
	p := prefetchedOf(ctx)
	if p == nil {
		return s.store.createOrgLegs(ctx, []OrderLine{l})
	}
	p.newLegs = append(p.newLegs, l)
	return nil
}

// findLine answers an order line, writing the batch's new lines first
// when it is one of them.
func (s *Service) findLine(ctx context.Context, order, line string) (OrderLine, bool, error) {
	if p := prefetchedOf(ctx); p != nil && p.lines[lineKey{order, line}] {
		if err := s.flush(ctx); err != nil {
			return OrderLine{}, false, err
		}
	}
	return s.store.findLine(ctx, order, line)
}

// createEvent stores an event (in a batch, with the batch's others) and
// adds it to the prefetched rows.
func (s *Service) createEvent(ctx context.Context, e storedEvent) error {
	e.received = s.clock.Now().Truncate(time.Microsecond) // as the tables keep it
	p := prefetchedOf(ctx)
	if p == nil {
		return s.store.createEvents(ctx, []storedEvent{e})
	}
	p.newEvents = append(p.newEvents, e)
	k := lineKey{e.event.OrderID, e.event.LineID}
	if evs, ok := p.events[k]; ok {
		// In (received_at, type) order, as the table answers them.
		i, _ := slices.BinarySearchFunc(evs, e, func(a, b storedEvent) int {
			if c := a.received.Compare(b.received); c != 0 {
				return c
			}
			if a.event.Type < b.event.Type {
				return -1
			}
			return 1
		})
		p.events[k] = slices.Insert(slices.Clone(evs), i, e)
	}
	return nil
}

// releaseHeldEvent marks a held event applied, also in the prefetched rows
// (writing the batch's new events first: it may be one of them).
func (s *Service) releaseHeldEvent(ctx context.Context, e OrderEvent) error {
	if err := s.flush(ctx); err != nil {
		return err
	}
	if err := s.store.releaseHeldEvent(ctx, e); err != nil {
		return err
	}
	if p := prefetchedOf(ctx); p != nil {
		k := lineKey{e.OrderID, e.LineID}
		if evs, ok := p.events[k]; ok {
			evs = slices.Clone(evs)
			for i := range evs {
				if evs[i].event.Type == e.Type {
					evs[i].held = false
				}
			}
			p.events[k] = evs
		}
	}
	return nil
}

// lastClick answers the shopper's latest click on the product in [from,
// to] (the store's findLastClick, from the prefetched clicks when the batch
// read them).
func (s *Service) lastClick(ctx context.Context, shopper, product string, sandbox bool, from, to time.Time) (Click, bool, error) {
	p := prefetchedOf(ctx)
	if p == nil || p.clicks == nil || sandbox {
		return s.store.findLastClick(ctx, shopper, product, sandbox, from, to)
	}
	best, found := lastOf(p.clicks[clickKey{shopper, product}], from, to)
	return best, found, nil
}

// lastOf answers the latest of clicks in [from, to] (of two at one time,
// the greater id), as the store's findLastClick does.
func lastOf(clicks []Click, from, to time.Time) (Click, bool) {
	var best Click
	found := false
	for _, c := range clicks {
		if c.At.Before(from) || c.At.After(to) {
			continue
		}
		if !found || c.At.After(best.At) || (c.At.Equal(best.At) && c.ID > best.ID) {
			best, found = c, true
		}
	}
	return best, found
}
