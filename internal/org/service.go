package org

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/export"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/notify"
)

// EndKind is the job that ends a binding when its notice period is over
// and hands the shared history over.
const EndKind = "organization.end_binding"

// Options are the configured numbers of organizations.
type Options struct {
	// Notice is how long a binding stays in force after either side gave
	// notice (SPEC §10: 30 days by default).
	Notice time.Duration
}

// Service holds the organization use cases. Each public method checks
// authorization first and is one transaction with its audit event.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	notify   *notify.Service
	jobs     *jobs.Queue
	clock    clock.Clock
	accounts *account.Service
	creators *creator.Service
	contents *content.Service
	earnings *commission.Service
	exports  *export.Service
	opts     Options
	store    store
}

// NewService wires the organization use cases, registers the end-of-notice
// job on q and makes commission split bound creators' parts.
func NewService(d *db.DB, a *audit.Log, n *notify.Service, q *jobs.Queue, c clock.Clock, accounts *account.Service,
	creators *creator.Service, contents *content.Service, earnings *commission.Service, exports *export.Service, opts Options) *Service {
	if opts.Notice <= 0 {
		opts.Notice = 30 * 24 * time.Hour
	}
	s := &Service{db: d, audit: a, notify: n, jobs: q, clock: c, accounts: accounts, creators: creators, contents: contents, earnings: earnings,
		exports: exports, opts: opts, store: store{db: d}}
	q.Handle(EndKind, s.endBinding)
	earnings.WithContracts(s)
	return s
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// record writes a use case's audit event in its transaction.
func (s *Service) record(ctx context.Context, owner, action, objectType, objectID, summary string) error {
	return s.audit.Record(ctx, audit.Event{OwnerID: owner, Action: action, ObjectType: objectType, ObjectID: objectID,
		Summary: summary})
}

// CreateOrganization opens the actor's organization. It needs an approved
// organization (enterprise) certification; an account runs one
// organization.
func (s *Service) CreateOrganization(ctx context.Context, in OrganizationInput) (Organization, error) {
	if err := authz.CheckCtx(ctx, authz.CreateOrganization, nil); err != nil {
		return Organization{}, err
	}
	if err := in.validate(); err != nil {
		return Organization{}, err
	}
	certs, err := s.creators.FindCertifications(ctx)
	if err != nil {
		return Organization{}, err
	}
	if !slices.ContainsFunc(certs, func(c creator.Certification) bool {
		return c.Kind == creator.CertOrganization && c.Status == creator.StatusApproved
	}) {
		return Organization{}, apperr.New(apperr.Forbidden, "An organization needs an approved organization certification.").
			With("missing", map[string]string{"certification": creator.CertOrganization}).With("link", authz.CertificationLink)
	}
	owner := authz.ActorFrom(ctx).UserID
	if _, err := s.store.findOrganization(ctx, owner, true); err == nil {
		return Organization{}, apperr.New(apperr.Conflict, "This account already runs an organization.")
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return Organization{}, err
	}
	o := Organization{ID: newID(), Owner: owner, Name: in.Name, CreatedAt: s.clock.Now()}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createOrganization(ctx, o); err != nil {
			return err
		}
		return s.record(ctx, owner, "organization.create", "organization", o.ID, o.Name)
	})
	return o, err
}

// organization finds an organization and checks p on it.
func (s *Service) organization(ctx context.Context, p authz.Permission, id string) (Organization, error) {
	if err := authz.CheckCtx(ctx, p, nil); err != nil {
		return Organization{}, err
	}
	o, err := s.store.findOrganization(ctx, id, false)
	if err != nil {
		return Organization{}, err
	}
	return o, authz.CheckCtx(ctx, p, o)
}

// View is an organization as its owner sees it: its bindings (every
// state, each with its contract history and hand-overs) and invitations.
type View struct {
	Organization
	Bindings    []Binding    `json:"bindings"`
	Invitations []Invitation `json:"invitations"`
}

// FindOrganizationByID answers the actor's organization with its bindings
// and invitations.
func (s *Service) FindOrganizationByID(ctx context.Context, id string) (View, error) {
	o, err := s.organization(ctx, authz.ReadOrganization, id)
	if err != nil {
		return View{}, err
	}
	var w db.Where
	w.Add("b.organization_id = ?", o.ID)
	bs, err := s.store.findBindings(ctx, w)
	if err != nil {
		return View{}, err
	}
	var iw db.Where
	iw.Add("i.organization_id = ?", o.ID)
	is, err := s.store.findInvitations(ctx, iw)
	if err != nil {
		return View{}, err
	}
	if err := s.name(ctx, bs, is); err != nil {
		return View{}, err
	}
	return View{Organization: o, Bindings: bs, Invitations: is}, nil
}

// FindMyOrganization answers the organization the actor runs.
func (s *Service) FindMyOrganization(ctx context.Context) (Organization, error) {
	if err := authz.CheckCtx(ctx, authz.ReadOrganization, nil); err != nil {
		return Organization{}, err
	}
	return s.store.findOrganization(ctx, authz.ActorFrom(ctx).UserID, true)
}

// name fills in the creators' names and pictures, and keeps of each
// binding's hand-overs the actor's own (the other side's file is theirs).
func (s *Service) name(ctx context.Context, bs []Binding, is []Invitation) error {
	me := authz.ActorFrom(ctx).UserID
	for i := range bs {
		bs[i].Handovers = slices.DeleteFunc(bs[i].Handovers, func(h OrgHandover) bool { return h.RecipientID != me })
	}
	var ids []string
	for _, b := range bs {
		ids = append(ids, b.CreatorID)
	}
	for _, i := range is {
		ids = append(ids, i.CreatorID)
	}
	profiles, err := s.creators.FindProfiles(ctx, ids)
	if err != nil {
		return err
	}
	person := func(id string) OrgPerson {
		p := profiles[id]
		return OrgPerson{ID: id, Name: p.Name, AvatarURL: p.AvatarURL}
	}
	for i := range bs {
		bs[i].Creator = person(bs[i].CreatorID)
	}
	for i := range is {
		is[i].Creator = person(is[i].CreatorID)
	}
	return nil
}

// CreateInvitation invites a creator with a revenue share. Inviting a
// creator the organization already binds proposes the next contract
// version; a creator bound elsewhere cannot be invited.
func (s *Service) CreateInvitation(ctx context.Context, orgID string, in InvitationInput) (Invitation, error) {
	o, err := s.organization(ctx, authz.InviteCreator, orgID)
	if err != nil {
		return Invitation{}, err
	}
	if err := in.validate(); err != nil {
		return Invitation{}, err
	}
	if u, _, err := s.accounts.FindCredentials(ctx, in.CreatorID); err == nil {
		in.CreatorID = u.ID
	}
	if in.CreatorID == o.Owner {
		return Invitation{}, apperr.Field("creator_id", "must be another account than the organization's")
	}
	profile, err := s.creators.FindProfile(ctx, in.CreatorID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return Invitation{}, apperr.Field("creator_id", "no active account has this id or log-in name")
	} else if err != nil {
		return Invitation{}, err
	}
	if b, found, err := s.current(ctx, in.CreatorID); err != nil {
		return Invitation{}, err
	} else if found && b.OrganizationID != o.ID {
		return Invitation{}, apperr.Field("creator_id", "is bound to another organization")
	} else if found && b.State != BindingBound {
		return Invitation{}, apperr.Field("creator_id", "is leaving this organization (notice given)")
	}
	var w db.Where
	w.Add("i.organization_id = ?", o.ID)
	w.Add("i.creator_id = ?", in.CreatorID)
	w.Add("i.state = ?", InvitationPending)
	if pending, err := s.store.findInvitations(ctx, w); err != nil {
		return Invitation{}, err
	} else if len(pending) > 0 {
		return Invitation{}, apperr.New(apperr.Conflict, "This creator already has a pending invitation from the organization.")
	}
	inv := Invitation{ID: newID(), OrganizationID: o.ID, Organization: o.Name, CreatorID: in.CreatorID,
		Creator: OrgPerson{ID: profile.ID, Name: profile.Name, AvatarURL: profile.AvatarURL}, ShareBP: in.ShareBP, Scope: in.Scope,
		State: InvitationPending, CreatedAt: s.clock.Now(), owner: o.Owner}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createInvitation(ctx, inv); err != nil {
			return err
		}
		if err := s.record(ctx, o.Owner, "organization_invitation.create", "organization_invitation", inv.ID,
			fmt.Sprintf("%s at %d bp", inv.CreatorID, inv.ShareBP)); err != nil {
			return err
		}
		return s.notify.Notify(ctx, inv.CreatorID, "organization.invitation", i18n.T("An organization invited you").Format,
			i18n.T("Open Organization to see its share and to accept or decline.").Format, nil)
	})
	return inv, err
}

// current answers the creator's binding that has not ended.
func (s *Service) current(ctx context.Context, creatorID string) (Binding, bool, error) {
	var w db.Where
	w.Add("b.creator_id = ?", creatorID)
	w.Add("b.state <> ?", BindingEnded)
	bs, err := s.store.findBindings(ctx, w)
	if err != nil || len(bs) == 0 {
		return Binding{}, false, err
	}
	return bs[0], true, nil
}

// Mine is a creator's side: its invitations (newest first) and bindings
// (oldest first, each with its contract history and hand-overs).
type Mine struct {
	Invitations []Invitation `json:"invitations"`
	Bindings    []Binding    `json:"bindings"`
}

// FindMine answers the actor's invitations and bindings as a creator.
func (s *Service) FindMine(ctx context.Context) (Mine, error) {
	if err := authz.CheckCtx(ctx, authz.ReadMyOrganizations, nil); err != nil {
		return Mine{}, err
	}
	me := authz.ActorFrom(ctx).UserID
	var iw db.Where
	iw.Add("i.creator_id = ?", me)
	is, err := s.store.findInvitations(ctx, iw)
	if err != nil {
		return Mine{}, err
	}
	var w db.Where
	w.Add("b.creator_id = ?", me)
	bs, err := s.store.findBindings(ctx, w)
	if err != nil {
		return Mine{}, err
	}
	if err := s.name(ctx, bs, is); err != nil {
		return Mine{}, err
	}
	return Mine{Invitations: is, Bindings: bs}, nil
}

// AcceptInvitation accepts an invitation: it binds the creator under
// contract version 1, or, when the organization binds it already, adds
// the next contract version. Either is in force from now, for orders paid
// from now on.
func (s *Service) AcceptInvitation(ctx context.Context, id string) (Binding, error) {
	inv, err := s.invitation(ctx, id)
	if err != nil {
		return Binding{}, err
	}
	now := s.clock.Now()
	var b Binding
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		cur, found, err := s.current(ctx, inv.CreatorID)
		switch {
		case err != nil:
			return err
		case found && (cur.OrganizationID != inv.OrganizationID || cur.State != BindingBound):
			return apperr.New(apperr.Conflict, "You are bound to another organization or leaving one; this invitation cannot be accepted now.")
		case found:
			b = cur
		default:
			b = Binding{ID: newID(), OrganizationID: inv.OrganizationID, Organization: inv.Organization, CreatorID: inv.CreatorID,
				State: BindingBound, StartedAt: now, Contracts: []ContractVersion{}, Handovers: []OrgHandover{}, owner: inv.owner}
			if err := s.store.createBinding(ctx, b); err != nil {
				return err
			}
		}
		if ok, err := s.store.decideInvitation(ctx, inv.ID, InvitationAccepted, now); err != nil {
			return err
		} else if !ok {
			return apperr.New(apperr.Conflict, "This invitation was decided already.")
		}
		c := ContractVersion{Version: b.Current().Version + 1, ShareBP: inv.ShareBP, Scope: inv.Scope, EffectiveAt: now,
			InvitationID: inv.ID}
		c.Rule.Table, c.Rule.Version = ContractsTable, c.Version
		if err := s.store.createContract(ctx, b.ID, c); err != nil {
			return err
		}
		b.Contracts = append(b.Contracts, c)
		if err := s.record(ctx, inv.CreatorID, "organization_invitation.accept", "organization_binding", b.ID,
			fmt.Sprintf("contract version %d at %d bp", c.Version, c.ShareBP)); err != nil {
			return err
		}
		return s.notify.Notify(ctx, inv.owner, "organization.accepted", i18n.T("A creator accepted your invitation").Format,
			i18n.T("The new contract version applies to orders paid from now on.").Format, nil)
	})
	return b, err
}

// DeclineInvitation declines an invitation; nothing else changes.
func (s *Service) DeclineInvitation(ctx context.Context, id string) (Invitation, error) {
	inv, err := s.invitation(ctx, id)
	if err != nil {
		return Invitation{}, err
	}
	now := s.clock.Now()
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if ok, err := s.store.decideInvitation(ctx, inv.ID, InvitationDeclined, now); err != nil {
			return err
		} else if !ok {
			return apperr.New(apperr.Conflict, "This invitation was decided already.")
		}
		if err := s.record(ctx, inv.CreatorID, "organization_invitation.decline", "organization_invitation", inv.ID, ""); err != nil {
			return err
		}
		return s.notify.Notify(ctx, inv.owner, "organization.declined", i18n.T("A creator declined your invitation").Format, "", nil)
	})
	inv.State, inv.DecidedAt = InvitationDeclined, &now
	return inv, err
}

// invitation finds a pending invitation the actor may decide.
func (s *Service) invitation(ctx context.Context, id string) (Invitation, error) {
	if err := authz.CheckCtx(ctx, authz.DecideOrgInvitation, nil); err != nil {
		return Invitation{}, err
	}
	inv, err := s.store.findInvitation(ctx, id)
	if err != nil {
		return Invitation{}, err
	}
	if err := authz.CheckCtx(ctx, authz.DecideOrgInvitation, inv); err != nil {
		return Invitation{}, err
	}
	if inv.State != InvitationPending {
		return Invitation{}, apperr.New(apperr.Conflict, "This invitation was decided already.")
	}
	return inv, nil
}

// Unbind gives notice to end the binding of creatorID to orgID; either
// side may. The binding and its contract stay in force for the notice
// period, then a job ends it and hands the shared history over.
func (s *Service) Unbind(ctx context.Context, orgID, creatorID string) (Binding, error) {
	if err := authz.CheckCtx(ctx, authz.UnbindOrganization, nil); err != nil {
		return Binding{}, err
	}
	b, found, err := s.current(ctx, creatorID)
	if err != nil {
		return Binding{}, err
	}
	if !found || b.OrganizationID != orgID {
		return Binding{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Binding"))
	}
	if err := authz.CheckCtx(ctx, authz.UnbindOrganization, b); err != nil {
		return Binding{}, err
	}
	if b.State != BindingBound {
		return Binding{}, apperr.New(apperr.Conflict, "Notice was given already: the binding ends on %s.",
			b.EndsAt.Format("2006-01-02"))
	}
	me := authz.ActorFrom(ctx).UserID
	now := s.clock.Now()
	ends := now.Add(s.opts.Notice)
	other := b.owner
	if me != b.CreatorID {
		other = b.CreatorID
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if ok, err := s.store.updateNotice(ctx, b.ID, me, now, ends); err != nil {
			return err
		} else if !ok {
			return apperr.New(apperr.Conflict, "Notice was given already.")
		}
		if _, err := s.jobs.Enqueue(ctx, EndKind, map[string]string{"binding_id": b.ID}, jobs.At(ends),
			jobs.Dedupe(EndKind+":"+b.ID)); err != nil {
			return apperr.Wrap(err, "schedule the end of the binding")
		}
		if err := s.record(ctx, me, "organization_binding.notice", "organization_binding", b.ID,
			"ends "+ends.Format(time.RFC3339)); err != nil {
			return err
		}
		return s.notify.Notify(ctx, other, "organization.notice", i18n.T("Notice to unbind was given").Format,
			i18n.T("The binding ends when the notice period is over; both sides then receive the hand-over files.").Format, nil)
	})
	b.State, b.NoticeAt, b.NoticeBy, b.EndsAt = BindingUnbinding, &now, me, &ends
	return b, err
}

// endBinding is the EndKind job: it ends a binding whose notice is over
// and gives each side its hand-over export, once.
func (s *Service) endBinding(ctx context.Context, j jobs.Job) error {
	var p struct {
		BindingID string `json:"binding_id"`
	}
	if err := j.Decode(&p); err != nil {
		return err
	}
	var w db.Where
	w.Add("b.id = ?", p.BindingID)
	b, err := s.store.findBinding(ctx, w)
	if err != nil || b.State != BindingUnbinding {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if ok, err := s.store.updateEnded(ctx, b.ID, *b.EndsAt); err != nil || !ok {
			return err
		}
		for _, to := range []string{b.CreatorID, b.owner} {
			e, err := s.exports.CreateHandover(ctx, export.Handover{Recipient: to, Subject: b.CreatorID, From: b.StartedAt,
				To: *b.EndsAt})
			if err != nil {
				return err
			}
			if err := s.store.createHandover(ctx, b.ID, OrgHandover{RecipientID: to, ExportID: e.ID}); err != nil {
				return err
			}
			if err := s.notify.Notify(ctx, to, "organization.ended", i18n.T("The binding has ended").Format,
				i18n.T("The hand-over files are being prepared under Exports.").Format, nil); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: b.owner, Action: "organization_binding.end",
			ObjectType: "organization_binding", ObjectID: b.ID, Summary: "hand-over to both sides"})
	})
}

// FindStats answers the organization's creators in force with their
// aggregated content figures and earnings, and the totals. Each creator
// is checked through authz on its binding, so an ended binding shows
// nothing.
func (s *Service) FindStats(ctx context.Context, orgID string) (OrganizationStats, error) {
	o, err := s.organization(ctx, authz.ReadOrganization, orgID)
	if err != nil {
		return OrganizationStats{}, err
	}
	var w db.Where
	w.Add("b.organization_id = ?", o.ID)
	w.Add("b.state <> ?", BindingEnded)
	bs, err := s.store.findBindings(ctx, w)
	if err != nil {
		return OrganizationStats{}, err
	}
	if err := s.name(ctx, bs, nil); err != nil {
		return OrganizationStats{}, err
	}
	ids := make([]string, 0, len(bs))
	for _, b := range bs {
		if err := authz.CheckCtx(ctx, authz.ReadOrganizationStats, b); err != nil {
			return OrganizationStats{}, err
		}
		ids = append(ids, b.CreatorID)
	}
	figures, err := s.contents.StatsByOwners(ctx, ids, time.Time{})
	if err != nil {
		return OrganizationStats{}, err
	}
	earned, err := s.earnings.FindOrgEarnings(ctx, o.ID)
	if err != nil {
		return OrganizationStats{}, err
	}
	out := OrganizationStats{Organization: o, Creators: make([]CreatorStats, len(bs))}
	for i, b := range bs {
		f := figures[b.CreatorID]
		cs := CreatorStats{Binding: b, Published: f.Published, Views: f.Views, Likes: f.Likes, Comments: f.Comments, Shares: f.Shares}
		for _, e := range earned {
			if e.CreatorID == b.CreatorID {
				cs.Orders, cs.OrgShare, cs.CreatorNet, cs.Currency = cs.Orders+e.Lines, cs.OrgShare+e.Organization,
					cs.CreatorNet+e.Creator, e.Currency
			}
		}
		out.Creators[i] = cs
		out.Published, out.Views, out.OrgShare, out.CreatorNet = out.Published+cs.Published, out.Views+cs.Views,
			out.OrgShare+cs.OrgShare, out.CreatorNet+cs.CreatorNet
	}
	return out, nil
}

// ContractAt answers the contract in force for creatorID at at, for the
// commission split (commission.Contracts): the binding started by then and
// not ended before it, and its latest version effective by then.
func (s *Service) ContractAt(ctx context.Context, creatorID string, at time.Time) (commission.OrgContract, bool, error) {
	orgID, bindingID, c, found, err := s.store.findContractAt(ctx, creatorID, at)
	if err != nil || !found {
		return commission.OrgContract{}, false, err
	}
	return commission.OrgContract{OrganizationID: orgID, BindingID: bindingID, Version: c.Version, ShareBP: c.ShareBP}, true, nil
}
