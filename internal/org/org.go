// Package org is organizations (机构, MCN; SPEC §10 and §9): an
// enterprise-certified account runs an organization that invites creators
// with a revenue share in basis points; a creator accepts or declines; an
// accepted invitation binds the creator under a versioned contract (share,
// start, scope). The commission split asks ContractAt for the version in
// force at an order's time and posts the organization's part of the
// creator's net as a ledger leg citing it, so a contract change applies
// only to later orders.
//
// An invitation to a creator already bound proposes the next contract
// version, in force from its acceptance. Either side may give notice to
// unbind: the binding stays in force for the notice period (configured,
// 30 days by default), then a job ends it and hands over the shared
// history (the creator's content with its figures and the ledger lines of
// the bound period) to both sides as export files. After that the
// organization sees nothing more of the creator.
//
// The organization sees its bound creators' names, pictures, aggregated
// content figures and earnings (OrganizationStats), never their settings, messages or
// security: authz grants it only ReadOrganizationStats on a binding in
// force, and every other object stays the creator's own.
package org

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/rule"
)

// ContractsTable is the versioned table of contracts; every leg cites
// {table: organization_contracts, version}.
const ContractsTable = "organization_contracts"

// Scopes of a contract: what revenue it shares. Commission (CPS) is the
// revenue the ledger splits today.
const ScopeCommission = "commission"

// Invitation states.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationDeclined = "declined"
)

// Binding states.
const (
	BindingBound     = "bound"
	BindingUnbinding = "unbinding"
	BindingEnded     = "ended"
)

// NameMax bounds an organization's name.
const NameMax = 60

// Organization is an organization account's organization.
type Organization struct {
	ID        string    `json:"id"`
	Owner     string    `json:"owner_id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// OwnerID makes an organization an authz.Object of its owner.
func (o Organization) OwnerID() string { return o.Owner }

// OrganizationInput creates an organization.
type OrganizationInput struct {
	Name string `json:"name" maxLength:"60"`
}

func (in *OrganizationInput) validate() error {
	in.Name = strings.TrimSpace(in.Name)
	var v apperr.Validation
	if n := utf8.RuneCountInString(in.Name); n == 0 || n > NameMax {
		v.Reject("name", "must be 1 to %d characters", NameMax)
	}
	return v.Err()
}

// OrgPerson is a party as the console shows it: name and picture.
type OrgPerson struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	AvatarURL string `json:"avatar_url,omitempty"`
}

// Invitation is an organization's offer to a creator.
type Invitation struct {
	ID             string     `json:"id"`
	OrganizationID string     `json:"organization_id"`
	Organization   string     `json:"organization_name"`
	CreatorID      string     `json:"creator_id"`
	Creator        OrgPerson  `json:"creator"`
	ShareBP        int64      `json:"share_bp"`
	Scope          string     `json:"scope"`
	State          string     `json:"state" enum:"pending,accepted,declined"`
	CreatedAt      time.Time  `json:"created_at"`
	DecidedAt      *time.Time `json:"decided_at"`

	owner string
}

// OwnerID makes an invitation an authz.Object of the invited creator (who
// decides it).
func (i Invitation) OwnerID() string { return i.CreatorID }

// InvitationInput invites a creator (API.md: {creator_id, share_bp}).
type InvitationInput struct {
	CreatorID string `json:"creator_id" doc:"the creator's account id, or its log-in name (nickname, phone or e-mail)"`
	ShareBP   int64  `json:"share_bp" doc:"the organization's share of the creator's net, in basis points (1 to 9999)"`
	Scope     string `json:"scope,omitempty" enum:"commission" doc:"what revenue the contract shares; commission by default"`
}

func (in *InvitationInput) validate() error {
	in.CreatorID = strings.TrimSpace(in.CreatorID)
	if in.Scope == "" {
		in.Scope = ScopeCommission
	}
	var v apperr.Validation
	if in.CreatorID == "" {
		v.Reject("creator_id", "is required")
	}
	if in.ShareBP < 1 || in.ShareBP > 9999 {
		v.Reject("share_bp", "must be 1 to 9999 basis points")
	}
	if in.Scope != ScopeCommission {
		v.Reject("scope", "must be commission")
	}
	return v.Err()
}

// ContractVersion is one version of a binding's terms, in force from EffectiveAt
// until the next version's.
type ContractVersion struct {
	Version      int       `json:"version"`
	ShareBP      int64     `json:"share_bp"`
	Scope        string    `json:"scope"`
	EffectiveAt  time.Time `json:"effective_at"`
	InvitationID string    `json:"invitation_id"`
	Rule         rule.Ref  `json:"rule"`
}

// OrgHandover is the export one side received when the binding ended.
type OrgHandover struct {
	RecipientID string `json:"recipient_id"`
	ExportID    string `json:"export_id"`
	URL         string `json:"url"`
}

// Binding is a creator bound to an organization, with its contract
// history (oldest first) and, once ended, the hand-over exports.
type Binding struct {
	ID             string            `json:"id"`
	OrganizationID string            `json:"organization_id"`
	Organization   string            `json:"organization_name"`
	CreatorID      string            `json:"creator_id"`
	Creator        OrgPerson         `json:"creator"`
	State          string            `json:"state" enum:"bound,unbinding,ended"`
	StartedAt      time.Time         `json:"started_at"`
	NoticeAt       *time.Time        `json:"notice_at"`
	NoticeBy       string            `json:"notice_by,omitempty"`
	EndsAt         *time.Time        `json:"ends_at"`
	EndedAt        *time.Time        `json:"ended_at"`
	Contracts      []ContractVersion `json:"contracts"`
	Handovers      []OrgHandover     `json:"handovers"`

	owner string
}

// OwnerID makes a binding in force an authz.Object of its organization's
// owner; an ended binding is nobody's, so the organization loses access.
func (b Binding) OwnerID() string {
	if b.State == BindingEnded {
		return ""
	}
	return b.owner
}

// PartyIDs lets either side act on a binding (give notice): the creator
// always, the organization while it is in force.
func (b Binding) PartyIDs() []string { return []string{b.CreatorID, b.OwnerID()} }

// Current is the binding's latest contract version.
func (b Binding) Current() ContractVersion {
	if len(b.Contracts) == 0 {
		return ContractVersion{}
	}
	return b.Contracts[len(b.Contracts)-1]
}

// CreatorStats are one bound creator's aggregated figures as the
// organization sees them: content totals and earnings, nothing private.
type CreatorStats struct {
	Binding   Binding `json:"binding"`
	Published int     `json:"published"`
	Views     int     `json:"views"`
	Likes     int     `json:"likes"`
	Comments  int     `json:"comments"`
	Shares    int     `json:"shares"`
	// Orders counts the order lines that carried the organization's leg;
	// OrgShare and CreatorNet are their parts after refunds, in minor units.
	Orders     int    `json:"orders"`
	OrgShare   int64  `json:"org_share"`
	CreatorNet int64  `json:"creator_net"`
	Currency   string `json:"currency"`
}

// OrganizationStats are an organization's creators in force with their figures, and
// the totals.
type OrganizationStats struct {
	Organization Organization   `json:"organization"`
	Creators     []CreatorStats `json:"creators"`
	Published    int            `json:"published"`
	Views        int            `json:"views"`
	OrgShare     int64          `json:"org_share"`
	CreatorNet   int64          `json:"creator_net"`
}

// percent writes basis points as a percentage ("30%", "12.5%").
func percent(bp int64) string {
	s := strconv.FormatInt(bp/100, 10)
	if f := bp % 100; f != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%02d", f), "0")
	}
	return s + "%"
}

// Percent is the contract's share as a percentage, for the console.
func (c ContractVersion) Percent() string { return percent(c.ShareBP) }

// Percent is the offered share as a percentage, for the console.
func (i Invitation) Percent() string { return percent(i.ShareBP) }

// currencyOf is the currency of earnings figures (CNY before any order).
func currencyOf(c string) string {
	if c == "" {
		return "CNY"
	}
	return c
}

// OrgAmount is the organization's part as money.
func (s CreatorStats) OrgAmount() money.Amount { return money.New(s.OrgShare, currencyOf(s.Currency)) }

// NetAmount is the creator's net part as money.
func (s CreatorStats) NetAmount() money.Amount {
	return money.New(s.CreatorNet, currencyOf(s.Currency))
}

// OrgAmount is the organization's part of all its creators as money.
func (s OrganizationStats) OrgAmount() money.Amount { return money.New(s.OrgShare, "CNY") }

// NetAmount is the creators' net part as money.
func (s OrganizationStats) NetAmount() money.Amount { return money.New(s.CreatorNet, "CNY") }
