package appeal

import (
	"context"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// CreateAppeal files the actor's appeal against one of its restrictions in
// force (or, without a restriction, about an automatic block of log-in
// security). A restriction has at most one appeal waiting at a time; after
// a rejection the account may appeal again.
func (s *Service) CreateAppeal(ctx context.Context, in AppealInput) (Appeal, error) {
	if err := authz.CheckCtx(ctx, authz.FileAppeal, nil); err != nil {
		return Appeal{}, err
	}
	if err := in.validate(); err != nil {
		return Appeal{}, err
	}
	me, now := authz.ActorFrom(ctx).UserID, s.clock.Now()
	a := Appeal{ID: newID(), AccountID: me, Contact: in.Contact, Status: StatusSubmitted, SubmittedAt: now}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if in.RestrictionID != "" {
			r, err := s.store.findRestriction(ctx, in.RestrictionID)
			if err == nil {
				err = authz.CheckCtx(ctx, authz.ReadRestrictions, r)
			}
			if apperr.CodeOf(err) == apperr.NotFound {
				return apperr.Field("restriction_id", "is not a restriction of your account")
			}
			if err != nil {
				return err
			}
			if !r.Active && r.LiftedAt == nil {
				return apperr.New(apperr.Conflict, "This block has already ended by itself.")
			}
			if !r.Active {
				return apperr.New(apperr.Conflict, "This restriction has already been lifted.")
			}
			pending, err := s.store.findPendingAppealFor(ctx, r.ID)
			if err != nil {
				return err
			}
			if pending {
				return apperr.New(apperr.Conflict, "An appeal against this restriction is already waiting for review.")
			}
		}
		if err := s.store.createAppeal(ctx, a, in.RestrictionID); err != nil {
			return err
		}
		if err := s.store.createMessage(ctx, a.ID, Message{ID: newID(), Side: SideAccount, Body: in.Explanation,
			Screenshots: in.Screenshots, CreatedAt: now, authorID: me}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: me, Action: "appeal.create", ObjectType: "appeal", ObjectID: a.ID,
			Summary: in.RestrictionID})
	})
	if err != nil {
		return Appeal{}, err
	}
	return s.appealByID(ctx, a.ID)
}

// FindAppealByID returns an appeal with its restriction and exchange: to
// its account, or to a reviewer.
func (s *Service) FindAppealByID(ctx context.Context, id string) (Appeal, error) {
	if err := authz.CheckCtx(ctx, authz.ReadAppeal, nil); err != nil {
		return Appeal{}, err
	}
	a, err := s.appealByID(ctx, id)
	if err != nil {
		return Appeal{}, err
	}
	if authz.CheckCtx(ctx, authz.DecideAppeals, nil) == nil {
		return a, nil
	}
	if err := authz.CheckCtx(ctx, authz.ReadAppeal, a); err != nil {
		return Appeal{}, err
	}
	return a, nil
}

// appealByID loads an appeal with its restriction, exchange and names.
func (s *Service) appealByID(ctx context.Context, id string) (Appeal, error) {
	a, rid, err := s.store.findAppeal(ctx, id)
	if err != nil {
		return Appeal{}, err
	}
	rows := []appealRow{{Appeal: a, restrictionID: rid}}
	if err := s.complete(ctx, rows); err != nil {
		return Appeal{}, err
	}
	out := rows[0].Appeal
	if out.Messages, err = s.store.findMessages(ctx, id); err != nil {
		return Appeal{}, err
	}
	ids := make([]string, len(out.Messages))
	for i, m := range out.Messages {
		ids[i] = m.authorID
	}
	names, err := s.accounts.FindIdentities(ctx, ids)
	if err != nil {
		return Appeal{}, err
	}
	for i := range out.Messages {
		out.Messages[i].Author = names[out.Messages[i].authorID].Nickname
	}
	return out, nil
}

// complete fills each appeal's due time, account name and restriction.
func (s *Service) complete(ctx context.Context, rows []appealRow) error {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.AccountID
	}
	names, err := s.accounts.FindIdentities(ctx, ids)
	if err != nil {
		return err
	}
	for i := range rows {
		a := &rows[i].Appeal
		a.Account = names[a.AccountID].Nickname
		a.DueAt = s.opts.Due(a.SubmittedAt)
		if a.Messages == nil {
			a.Messages = []Message{}
		}
		if rows[i].restrictionID == "" {
			continue
		}
		r, err := s.store.findRestriction(ctx, rows[i].restrictionID)
		if err != nil {
			return err
		}
		r.Account = a.Account
		a.Restriction = &r
	}
	return nil
}

// FindMyAppeals lists the actor's appeals, newest first.
func (s *Service) FindMyAppeals(ctx context.Context, page db.Page) ([]Appeal, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadAppeal, nil); err != nil {
		return nil, "", err
	}
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	var w db.Where
	w.Add("account_id = ?", authz.ActorFrom(ctx).UserID)
	if !after.IsZero() {
		w.Keyset("submitted_at, id", "<", after.Time, after.ID)
	}
	rows, err := s.store.findAppeals(ctx, w, "submitted_at DESC, id DESC", limit)
	if err != nil {
		return nil, "", err
	}
	return s.appealPage(ctx, rows, limit)
}

// ReviewFilter selects appeals for the review queue: Status pending (the
// default), decided or all.
type ReviewFilter struct {
	Status string
	Page   db.Page
}

// FindReviewItems lists appeals for reviewers, oldest first.
func (s *Service) FindReviewItems(ctx context.Context, f ReviewFilter) ([]Appeal, string, error) {
	if err := authz.CheckCtx(ctx, authz.DecideAppeals, nil); err != nil {
		return nil, "", err
	}
	limit, after, err := f.Page.Resolve()
	if err != nil {
		return nil, "", err
	}
	var w db.Where
	switch f.Status {
	case "", "pending":
		w.Add("status = ?", StatusSubmitted)
	case "decided":
		w.Add("status <> ?", StatusSubmitted)
	case "all":
	default:
		return nil, "", apperr.Field("status", "must be pending, decided or all")
	}
	if !after.IsZero() {
		w.Keyset("submitted_at, id", ">", after.Time, after.ID)
	}
	rows, err := s.store.findAppeals(ctx, w, "submitted_at, id", limit)
	if err != nil {
		return nil, "", err
	}
	return s.appealPage(ctx, rows, limit)
}

// appealPage trims rows fetched with limit+1 to a page of complete appeals.
func (s *Service) appealPage(ctx context.Context, rows []appealRow, limit int) ([]Appeal, string, error) {
	rows, next := db.Trim(rows, limit, func(r appealRow) (time.Time, string) { return r.SubmittedAt, r.ID })
	if err := s.complete(ctx, rows); err != nil {
		return nil, "", err
	}
	out := make([]Appeal, len(rows))
	for i, r := range rows {
		out[i] = r.Appeal
	}
	return out, next, nil
}

// IsAppeal reports whether id names an appeal (the review queue routes
// decisions by it).
func (s *Service) IsAppeal(ctx context.Context, id string) (bool, error) {
	_, _, err := s.store.findAppeal(ctx, id)
	if apperr.CodeOf(err) == apperr.NotFound {
		return false, nil
	}
	return err == nil, err
}

// DecideReview upholds or rejects a submitted appeal (reviewers). Upheld,
// its restriction lifts at once; rejected, it stays, with the reason the
// account sees. The decision joins the exchange.
func (s *Service) DecideReview(ctx context.Context, id string, uphold bool, reason string) (Appeal, error) {
	if err := authz.CheckCtx(ctx, authz.DecideAppeals, nil); err != nil {
		return Appeal{}, err
	}
	if err := validateDecisionReason(reason, !uphold); err != nil {
		return Appeal{}, err
	}
	status := map[bool]string{true: StatusUpheld, false: StatusRejected}[uphold]
	by, now := authz.ActorFrom(ctx).UserID, s.clock.Now()
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		a, rid, err := s.store.findAppeal(ctx, id)
		if err != nil {
			return err
		}
		ok, err := s.store.updateAppealDecided(ctx, id, status, by, now)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, "This appeal has already been decided.")
		}
		if err := s.store.createMessage(ctx, id, Message{ID: newID(), Side: SideOperator, Body: reason, CreatedAt: now,
			authorID: by}); err != nil {
			return err
		}
		if uphold && rid != "" {
			r, err := s.store.findRestriction(ctx, rid)
			if err != nil {
				return err
			}
			if r.Active {
				if err := s.lift(ctx, r, i18n.T("Appeal upheld").Format); err != nil {
					return err
				}
			}
		}
		if err := s.audit.Record(ctx, audit.Event{OwnerID: a.AccountID, Action: "appeal." + status, ObjectType: "appeal",
			ObjectID: id, Summary: reason}); err != nil {
			return err
		}
		title := map[bool]i18n.Text{true: i18n.T("Your appeal was upheld"), false: i18n.T("Your appeal was rejected")}[uphold]
		return s.notify.Notify(ctx, a.AccountID, "review.appeal", title.Format,
			i18n.T("Open the appeal to see the reviewer's answer.").Format, nil)
	})
	if err != nil {
		return Appeal{}, err
	}
	return s.appealByID(ctx, id)
}
