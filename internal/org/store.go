package org

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/rule"
)

// store is the SQL of organizations.
type store struct {
	db *db.DB
}

func (s store) exec(ctx context.Context, what, q string, args ...any) (int64, error) {
	res, err := s.db.Exec(ctx, q, args...)
	if err != nil {
		return 0, apperr.Wrap(err, what)
	}
	n, err := res.RowsAffected()
	return n, apperr.WrapIf(err, what)
}

func (s store) createOrganization(ctx context.Context, o Organization) error {
	_, err := s.exec(ctx, "create organization", `INSERT INTO organizations (id, owner_id, name, created_at) VALUES (?, ?, ?, ?)`,
		o.ID, o.Owner, o.Name, o.CreatedAt)
	return err
}

func scanOrganization(r db.Scanner) (Organization, error) {
	var o Organization
	err := r.Scan(&o.ID, &o.Owner, &o.Name, &o.CreatedAt)
	o.CreatedAt = o.CreatedAt.UTC()
	if errors.Is(err, sql.ErrNoRows) {
		return Organization{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Organization"))
	}
	return o, apperr.WrapIf(err, "find organization")
}

// findOrganization finds an organization by id, or by owner when byOwner.
func (s store) findOrganization(ctx context.Context, key string, byOwner bool) (Organization, error) {
	col := "id"
	if byOwner {
		col = "owner_id"
	}
	return scanOrganization(s.db.QueryRow(ctx, `SELECT id, owner_id, name, created_at FROM organizations WHERE `+col+` = ?`, key))
}

const invitationColumns = `i.id, i.organization_id, o.name, o.owner_id, i.creator_id, i.share_bp, i.scope, i.state, i.created_at,
	i.decided_at`

func scanInvitation(r db.Scanner) (Invitation, error) {
	var i Invitation
	var decided sql.NullTime
	err := r.Scan(&i.ID, &i.OrganizationID, &i.Organization, &i.owner, &i.CreatorID, &i.ShareBP, &i.Scope, &i.State, &i.CreatedAt,
		&decided)
	i.CreatedAt, i.DecidedAt = i.CreatedAt.UTC(), db.TimePtr(decided)
	return i, err
}

func (s store) createInvitation(ctx context.Context, i Invitation) error {
	_, err := s.exec(ctx, "create invitation", `INSERT INTO organization_invitations (id, organization_id, creator_id, share_bp,
		scope, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, i.ID, i.OrganizationID, i.CreatorID, i.ShareBP, i.Scope, i.State,
		i.CreatedAt)
	return err
}

func (s store) findInvitation(ctx context.Context, id string) (Invitation, error) {
	i, err := scanInvitation(s.db.QueryRow(ctx, `SELECT `+invitationColumns+` FROM organization_invitations i
		JOIN organizations o ON o.id = i.organization_id WHERE i.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Invitation{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Invitation"))
	}
	return i, apperr.WrapIf(err, "find invitation")
}

// findInvitations lists invitations matching w, newest first.
func (s store) findInvitations(ctx context.Context, w db.Where) ([]Invitation, error) {
	rows, err := s.db.Query(ctx, `SELECT `+invitationColumns+` FROM organization_invitations i
		JOIN organizations o ON o.id = i.organization_id WHERE `+w.SQL()+` ORDER BY i.created_at DESC, i.id DESC`, w.Args()...)
	return db.ScanAll(rows, err, "find invitations", scanInvitation)
}

// decideInvitation moves a pending invitation to state; false when it was
// no longer pending.
func (s store) decideInvitation(ctx context.Context, id, state string, at time.Time) (bool, error) {
	n, err := s.exec(ctx, "decide invitation", `UPDATE organization_invitations SET state = ?, decided_at = ?
		WHERE id = ? AND state = ?`, state, at, id, InvitationPending)
	return n == 1, err
}

const bindingColumns = `b.id, b.organization_id, o.name, o.owner_id, b.creator_id, b.state, b.started_at, b.notice_at, b.notice_by,
	b.ends_at, b.ended_at`

func scanBinding(r db.Scanner) (Binding, error) {
	var b Binding
	var notice, ends, ended sql.NullTime
	err := r.Scan(&b.ID, &b.OrganizationID, &b.Organization, &b.owner, &b.CreatorID, &b.State, &b.StartedAt, &notice, &b.NoticeBy,
		&ends, &ended)
	b.StartedAt = b.StartedAt.UTC()
	b.NoticeAt, b.EndsAt, b.EndedAt = db.TimePtr(notice), db.TimePtr(ends), db.TimePtr(ended)
	b.Contracts, b.Handovers = []ContractVersion{}, []OrgHandover{}
	return b, err
}

func (s store) createBinding(ctx context.Context, b Binding) error {
	_, err := s.exec(ctx, "create binding", `INSERT INTO organization_bindings (id, organization_id, creator_id, state, started_at)
		VALUES (?, ?, ?, ?, ?)`, b.ID, b.OrganizationID, b.CreatorID, b.State, b.StartedAt)
	return err
}

// findBindings lists bindings matching w, oldest first, with their
// contracts and hand-overs.
func (s store) findBindings(ctx context.Context, w db.Where) ([]Binding, error) {
	rows, err := s.db.Query(ctx, `SELECT `+bindingColumns+` FROM organization_bindings b
		JOIN organizations o ON o.id = b.organization_id WHERE `+w.SQL()+` ORDER BY b.started_at, b.id`, w.Args()...)
	bs, err := db.ScanAll(rows, err, "find bindings", scanBinding)
	if err != nil || len(bs) == 0 {
		return bs, err
	}
	byID := make(map[string]*Binding, len(bs))
	ids := make([]string, len(bs))
	for i := range bs {
		byID[bs[i].ID], ids[i] = &bs[i], bs[i].ID
	}
	in, args := db.InList(ids)
	type contractRow struct {
		binding string
		c       ContractVersion
	}
	rows, err = s.db.Query(ctx, `SELECT binding_id, version, share_bp, scope, effective_at, invitation_id
		FROM organization_contracts WHERE binding_id IN `+in+` ORDER BY binding_id, version`, args...)
	cs, err := db.ScanAll(rows, err, "find contracts", func(r db.Scanner) (contractRow, error) {
		var c contractRow
		err := r.Scan(&c.binding, &c.c.Version, &c.c.ShareBP, &c.c.Scope, &c.c.EffectiveAt, &c.c.InvitationID)
		c.c.EffectiveAt, c.c.Rule = c.c.EffectiveAt.UTC(), rule.Ref{Table: ContractsTable, Version: c.c.Version}
		return c, err
	})
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		byID[c.binding].Contracts = append(byID[c.binding].Contracts, c.c)
	}
	type handoverRow struct {
		binding string
		h       OrgHandover
	}
	rows, err = s.db.Query(ctx, `SELECT binding_id, recipient_id, export_id FROM organization_handovers
		WHERE binding_id IN `+in+` ORDER BY binding_id, recipient_id`, args...)
	hs, err := db.ScanAll(rows, err, "find hand-overs", func(r db.Scanner) (handoverRow, error) {
		var h handoverRow
		err := r.Scan(&h.binding, &h.h.RecipientID, &h.h.ExportID)
		h.h.URL = "/api/v1/exports/" + h.h.ExportID + "/file"
		return h, err
	})
	if err != nil {
		return nil, err
	}
	for _, h := range hs {
		byID[h.binding].Handovers = append(byID[h.binding].Handovers, h.h)
	}
	return bs, nil
}

// findBinding answers the one binding matching w.
func (s store) findBinding(ctx context.Context, w db.Where) (Binding, error) {
	bs, err := s.findBindings(ctx, w)
	if err != nil {
		return Binding{}, err
	}
	if len(bs) == 0 {
		return Binding{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Binding"))
	}
	return bs[len(bs)-1], nil
}

func (s store) createContract(ctx context.Context, bindingID string, c ContractVersion) error {
	_, err := s.exec(ctx, "create contract", `INSERT INTO organization_contracts (binding_id, version, share_bp, scope, effective_at,
		invitation_id) VALUES (?, ?, ?, ?, ?, ?)`, bindingID, c.Version, c.ShareBP, c.Scope, c.EffectiveAt, c.InvitationID)
	return err
}

// updateNotice starts a bound binding's notice period; false when it was
// not bound any more.
func (s store) updateNotice(ctx context.Context, id, by string, at, ends time.Time) (bool, error) {
	n, err := s.exec(ctx, "give notice", `UPDATE organization_bindings SET state = ?, notice_at = ?, notice_by = ?, ends_at = ?
		WHERE id = ? AND state = ?`, BindingUnbinding, at, by, ends, id, BindingBound)
	return n == 1, err
}

// updateEnded ends a binding in its notice period; false when another
// worker ended it first.
func (s store) updateEnded(ctx context.Context, id string, at time.Time) (bool, error) {
	n, err := s.exec(ctx, "end binding", `UPDATE organization_bindings SET state = ?, ended_at = ? WHERE id = ? AND state = ?`,
		BindingEnded, at, id, BindingUnbinding)
	return n == 1, err
}

func (s store) createHandover(ctx context.Context, bindingID string, h OrgHandover) error {
	_, err := s.exec(ctx, "record hand-over", `INSERT INTO organization_handovers (binding_id, recipient_id, export_id)
		VALUES (?, ?, ?)`, bindingID, h.RecipientID, h.ExportID)
	return err
}

// findContractAt answers the contract version in force for creatorID at
// at: of the binding started by then and not ended before it, the latest
// version effective by then.
func (s store) findContractAt(ctx context.Context, creatorID string, at time.Time) (string, string, ContractVersion, bool, error) {
	var orgID, bindingID string
	var c ContractVersion
	err := s.db.QueryRow(ctx, `SELECT b.organization_id, b.id, c.version, c.share_bp FROM organization_bindings b
		JOIN organization_contracts c ON c.binding_id = b.id
		WHERE b.creator_id = ? AND b.started_at <= ? AND (b.ends_at IS NULL OR b.ends_at > ?) AND c.effective_at <= ?
		ORDER BY b.started_at DESC, c.version DESC LIMIT 1`, creatorID, at, at, at).Scan(&orgID, &bindingID, &c.Version, &c.ShareBP)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", ContractVersion{}, false, nil
	}
	return orgID, bindingID, c, err == nil, apperr.WrapIf(err, "find contract")
}
