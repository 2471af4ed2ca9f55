package commission

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/money"
)

// ContractsTable is the rule reference of an organization contract: a
// line's organization leg cites {table: organization_contracts, version}.
const ContractsTable = "organization_contracts"

// OrgRounding is how a bound creator's part is split with the
// organization, as statements state it.
const OrgRounding = "organization leg = money.Allocate(creator part, creator 10000 − share_bp : organization share_bp): " +
	"each part rounded down, the fen left over to the larger remainder, a tie to the creator"

// OrgContract is the organization contract in force for a creator at an
// order's time: the organization's share of the creator's net part.
type OrgContract struct {
	OrganizationID string `json:"organization_id"`
	BindingID      string `json:"binding_id"`
	Version        int    `json:"version"`
	ShareBP        int64  `json:"share_bp"`
}

// Contracts answers the contract in force for a creator at a time (SPEC
// §9: creators bound to an organization split their net with it). The
// organizations domain implements it; nil means no creator is bound.
type Contracts interface {
	ContractAt(ctx context.Context, creatorID string, at time.Time) (OrgContract, bool, error)
}

// OrgLeg is the organization's part of one order line with the contract
// version it came from.
type OrgLeg struct {
	OrgContract
	Rule RuleRef `json:"rule"`
}

// WithContracts makes the split apply organization contracts (wired in
// package app once the organizations domain exists).
func (s *Service) WithContracts(c Contracts) { s.contracts = c }

// splitWith moves the organization's share out of sh.Creator into
// sh.Organization, allocating every fen (OrgRounding).
func (g OrgLeg) splitWith(sh Shares) (Shares, error) {
	parts, err := money.Allocate(sh.Creator, []int64{10000 - g.ShareBP, g.ShareBP})
	if err != nil {
		return Shares{}, err
	}
	sh.Creator, sh.Organization = parts[0], parts[1]
	return sh, nil
}

// applyOrgLeg splits a new attributed line's creator part under the
// contract in force for its creator at its payment and stores the leg.
func (s *Service) applyOrgLeg(ctx context.Context, l *OrderLine) error {
	if s.contracts == nil || l.Shares.Creator == 0 {
		return nil
	}
	c, found, err := s.contractAt(ctx, l.CreatorID, l.PaidAt)
	if err != nil || !found {
		return err
	}
	leg := OrgLeg{OrgContract: c, Rule: RuleRef{Table: ContractsTable, Version: c.Version}}
	if l.Shares, err = leg.splitWith(l.Shares); err != nil {
		return apperr.Wrap(err, "split with the organization")
	}
	l.Org = &leg
	return s.createOrgLeg(ctx, *l)
}

// loadOrgLeg reads a stored line's organization leg, if it has one.
func (s *Service) loadOrgLeg(ctx context.Context, l *OrderLine) error {
	var leg OrgLeg
	err := s.db.QueryRow(ctx, `SELECT organization_id, binding_id, contract_version, share_bp, amount FROM commission_org_legs
		WHERE line_id = ?`, l.ID).Scan(&leg.OrganizationID, &leg.BindingID, &leg.Version, &leg.ShareBP, &l.Shares.Organization)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return apperr.Wrap(err, "find organization leg")
	}
	leg.Rule = RuleRef{Table: ContractsTable, Version: leg.Version}
	l.Org = &leg
	return nil
}

// refundOrgLeg re-splits a refunded line's creator part under the line's
// own contract version (a later contract never touches an earlier order)
// and keeps the stored leg current.
func (s *Service) refundOrgLeg(ctx context.Context, l OrderLine, after Shares) (Shares, error) {
	if l.Org == nil {
		return after, nil
	}
	after, err := l.Org.splitWith(after)
	if err != nil {
		return Shares{}, apperr.Wrap(err, "split with the organization")
	}
	return after, s.store.execLater(ctx, "update organization leg", `UPDATE commission_org_legs SET amount = ? WHERE line_id = ?`,
		after.Organization, l.ID)
}

// orgLine is the ledger line of the organization's part, when the line has
// one.
func (l OrderLine) orgLine(sh Shares, sign int64, detail func(string) lineDetail) []ledger.Line {
	if l.Org == nil {
		return nil
	}
	d := detail("organization")
	d.Contract = &l.Org.Rule
	return []ledger.Line{{Account: l.account(ledger.Organization(l.Org.OrganizationID)),
		Amount: money.New(sign*sh.Organization, l.Paid.Currency), Detail: jsonOf(d)}}
}

// OrgEarnings are what one bound creator's lines gave an organization.
type OrgEarnings struct {
	CreatorID string `json:"creator_id"`
	Lines     int    `json:"lines"`
	// Organization is the organization's part; Creator the creator's net
	// part of the same lines (after refunds), in minor units.
	Organization int64  `json:"organization"`
	Creator      int64  `json:"creator"`
	Currency     string `json:"currency"`
}

// FindOrgEarnings sums, per creator, the lines that carry organizationID's
// leg. It serves the organizations domain, which decides who may see it,
// so it checks no permission itself.
func (s *Service) FindOrgEarnings(ctx context.Context, organizationID string) ([]OrgEarnings, error) {
	rows, err := s.db.Query(ctx, `SELECT g.creator_id, g.currency, COUNT(*), SUM(g.amount), SUM(l.creator)
		FROM commission_org_legs g JOIN commission_lines l ON l.id = g.line_id
		WHERE g.organization_id = ? GROUP BY g.creator_id, g.currency ORDER BY g.creator_id, g.currency`, organizationID)
	if err != nil {
		return nil, apperr.Wrap(err, "find organization earnings")
	}
	defer rows.Close()
	out := []OrgEarnings{}
	for rows.Next() {
		var e OrgEarnings
		if err := rows.Scan(&e.CreatorID, &e.Currency, &e.Lines, &e.Organization, &e.Creator); err != nil {
			return nil, apperr.Wrap(err, "find organization earnings")
		}
		out = append(out, e)
	}
	return out, apperr.WrapIf(rows.Err(), "find organization earnings")
}
