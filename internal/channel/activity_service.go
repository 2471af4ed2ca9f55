package channel

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
)

// activityOf makes an activity of an input (version and counters aside).
func activityOf(in ActivityInput) Activity {
	a := Activity{Title: in.Title, Themes: in.Themes, RulesText: in.RulesText, ChannelID: in.ChannelID, Placement: in.Placement,
		SubmitFrom: in.SubmitFrom.UTC(), Deadline: in.Deadline.UTC(), PlacementFrom: in.PlacementFrom.UTC(), PlacementTo: in.PlacementTo.UTC(),
		MinLevel: in.MinLevel, Roles: in.Roles, Categories: in.Categories, Invitation: in.Invitation, Capacities: []Capacity{}}
	for _, c := range in.Capacities {
		a.Capacities = append(a.Capacities, Capacity{Category: c.Category, Capacity: c.Capacity})
	}
	return a
}

// checkChannel refuses an activity's channel that does not exist.
func (s *Service) checkChannel(ctx context.Context, id string) error {
	if id == "" {
		return nil
	}
	if _, err := s.store.findChannel(ctx, id); apperr.CodeOf(err) == apperr.NotFound {
		return apperr.Field("channel_id", "no such channel")
	} else if err != nil {
		return err
	}
	return nil
}

// CreateActivity creates an activity as version 1.
func (s *Service) CreateActivity(ctx context.Context, in ActivityInput) (Activity, error) {
	if err := authz.CheckCtx(ctx, authz.ManageActivities, nil); err != nil {
		return Activity{}, err
	}
	if err := in.validate(); err != nil {
		return Activity{}, err
	}
	if err := s.checkChannel(ctx, in.ChannelID); err != nil {
		return Activity{}, err
	}
	now := s.clock.Now()
	a := activityOf(in)
	a.ID, a.Version, a.CreatedAt, a.UpdatedAt = newID(), 1, now, now
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createActivity(ctx, a); err != nil {
			return err
		}
		return s.saveActivityVersion(ctx, a, "activity.create")
	})
	a.State = a.stateAt(now, s.opts.ClosingSoon)
	return a, err
}

func (s *Service) saveActivityVersion(ctx context.Context, a Activity, action string) error {
	if err := s.store.createVersion(ctx, "activity_versions", "activity_id", a.ID, a.Version, a, authz.ActorFrom(ctx).UserID, s.clock.Now()); err != nil {
		return err
	}
	return s.record(ctx, "", action, "activity", a.ID, fmt.Sprintf("%s v%d", a.Title, a.Version))
}

// UpdateActivity saves a new version of an activity. Its counts stay; a
// capacity may not go below what a category already holds.
func (s *Service) UpdateActivity(ctx context.Context, id string, in ActivityInput) (Activity, error) {
	if err := authz.CheckCtx(ctx, authz.ManageActivities, nil); err != nil {
		return Activity{}, err
	}
	if err := in.validate(); err != nil {
		return Activity{}, err
	}
	if err := s.checkChannel(ctx, in.ChannelID); err != nil {
		return Activity{}, err
	}
	var out Activity
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		old, err := s.store.findActivity(ctx, id)
		if err != nil {
			return err
		}
		a := activityOf(in)
		a.ID, a.Version, a.CreatedAt, a.UpdatedAt = old.ID, old.Version+1, old.CreatedAt, s.clock.Now()
		a.Creators, a.Submissions = old.Creators, old.Submissions
		var v apperr.Validation
		for i := range a.Capacities {
			c := &a.Capacities[i]
			for _, o := range old.Capacities {
				if o.Category == c.Category {
					c.Used = o.Used
				}
			}
			if c.Capacity < c.Used {
				v.Reject(fmt.Sprintf("capacities[%d].capacity", i), "%s already holds %d submissions", c.Category, c.Used)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		a.SaturationPPM = saturation(a.Capacities)
		if err := s.store.updateActivity(ctx, a); err != nil {
			return err
		}
		out = a
		return s.saveActivityVersion(ctx, a, "activity.update")
	})
	out.State = out.stateAt(s.clock.Now(), s.opts.ClosingSoon)
	return out, err
}

// FindActivityVersions lists the saved versions of an activity, newest
// first.
func (s *Service) FindActivityVersions(ctx context.Context, id string) ([]ChannelVersion, error) {
	if err := authz.CheckCtx(ctx, authz.ManageActivities, nil); err != nil {
		return nil, err
	}
	return s.store.findVersions(ctx, "activity_versions", "activity_id", id)
}

// FindActivityByID returns one activity with its state.
func (s *Service) FindActivityByID(ctx context.Context, id string) (Activity, error) {
	if err := authz.CheckCtx(ctx, authz.ReadActivities, nil); err != nil {
		return Activity{}, err
	}
	a, err := s.store.findActivity(ctx, id)
	a.State = a.stateAt(s.clock.Now(), s.opts.ClosingSoon)
	return a, err
}

// standing is the actor's invitation standing from the levels domain.
func (s *Service) standing(ctx context.Context) (Invitations, error) {
	e, err := s.levels.MyLevel(ctx)
	if err != nil {
		return Invitations{}, err
	}
	return Invitations{Level: e.Level, FanValue: e.Scores.FanValue, ContentValue: e.Scores.ContentValue}, nil
}

// FindActivities lists activities by f. View invited needs the actor's
// level and scores; view mine the activities it submitted to.
func (s *Service) FindActivities(ctx context.Context, f ActivityFilter) ([]Activity, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadActivities, nil); err != nil {
		return nil, "", err
	}
	if err := f.validate(); err != nil {
		return nil, "", err
	}
	q := activityQuery{ActivityFilter: f, now: s.clock.Now(), account: authz.ActorFrom(ctx).UserID}
	if f.View != ViewAll && q.account == "" {
		return nil, "", apperr.New(apperr.Unauthenticated, "Log in to see the activities you are invited to or take part in.")
	}
	if f.View == ViewInvited {
		st, err := s.standing(ctx)
		if err != nil {
			return nil, "", err
		}
		q.invite = &st
	}
	items, next, err := s.store.findActivities(ctx, q)
	for i := range items {
		items[i].State = items[i].stateAt(q.now, s.opts.ClosingSoon)
	}
	return items, next, err
}

// MyInvitations answers the actor's level and scores and how many open
// activities invite it: computed from the levels domain at each request.
func (s *Service) MyInvitations(ctx context.Context) (Invitations, error) {
	if err := authz.CheckCtx(ctx, authz.SubmitToActivity, nil); err != nil {
		return Invitations{}, err
	}
	st, err := s.standing(ctx)
	if err != nil {
		return Invitations{}, err
	}
	st.Count, err = s.store.countInvitations(ctx, st, s.clock.Now())
	return st, err
}

// SubmitToActivity submits the actor's published content to an open
// activity in a product category: the actor must meet the activity's
// level, role and category, and the category must not be full.
func (s *Service) SubmitToActivity(ctx context.Context, activityID string, in ActivitySubmissionInput) (ActivitySubmission, error) {
	if err := authz.CheckCtx(ctx, authz.SubmitToActivity, nil); err != nil {
		return ActivitySubmission{}, err
	}
	a, err := s.FindActivityByID(ctx, activityID)
	if err != nil {
		return ActivitySubmission{}, err
	}
	in.Category = strings.TrimSpace(in.Category)
	if in.Category == "" {
		return ActivitySubmission{}, apperr.Field("category", "is required")
	}
	if len(a.Categories) > 0 && !slices.Contains(a.Categories, in.Category) {
		return ActivitySubmission{}, apperr.Field("category", "this activity takes %s", strings.Join(a.Categories, ", "))
	}
	switch a.State {
	case StateUpcoming:
		return ActivitySubmission{}, apperr.New(apperr.Invalid, "Submissions open at %s.", a.SubmitFrom.Format("2006-01-02 15:04 MST")).
			With("reason_code", "not_open")
	case StateClosed:
		return ActivitySubmission{}, apperr.New(apperr.Invalid, "Submissions closed at %s.", a.Deadline.Format("2006-01-02 15:04 MST")).
			With("reason_code", "closed")
	}
	if err := s.checkActivityEligibility(ctx, a); err != nil {
		return ActivitySubmission{}, err
	}
	p, err := s.ownPublished(ctx, "content_id", in.ContentID)
	if err != nil {
		return ActivitySubmission{}, err
	}
	actor := authz.ActorFrom(ctx)
	out := ActivitySubmission{ID: newID(), ActivityID: a.ID, ActivityTitle: a.Title, AccountID: actor.UserID, ContentID: p.ID,
		ContentTitle: p.Title, Category: in.Category, CreatedAt: s.clock.Now()}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createActivitySubmission(ctx, out); err != nil {
			return err
		}
		ok, err := s.store.useCapacity(ctx, a.ID, in.Category)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Invalid, "%s is full in this activity: stop submitting.", in.Category).
				With("reason_code", "category_full")
		}
		joined, err := s.store.join(ctx, a.ID, actor.UserID, out.CreatedAt)
		if err != nil {
			return err
		}
		if err := s.store.countSubmission(ctx, a.ID, joined); err != nil {
			return err
		}
		return s.record(ctx, actor.UserID, "activity_submission.submit", "activity_submission", out.ID, a.Title+" / "+in.Category)
	})
	return out, err
}

// checkActivityEligibility refuses an actor below the activity's level or
// without one of its roles.
func (s *Service) checkActivityEligibility(ctx context.Context, a Activity) error {
	f, err := s.facts(ctx)
	if err != nil {
		return err
	}
	if levelRank(f.Level) < levelRank(a.MinLevel) {
		return apperr.New(apperr.Forbidden, "This activity needs level %s or higher; you are %s.", a.MinLevel, f.Level).
			With("reason_code", "level_too_low")
	}
	if len(a.Roles) > 0 && !slices.ContainsFunc(f.Roles, func(r string) bool { return slices.Contains(a.Roles, r) }) {
		return apperr.New(apperr.Forbidden, "This activity is for certified %s.", strings.Join(a.Roles, ", ")).
			With("reason_code", "role_not_certified")
	}
	return nil
}

// FindMyActivitySubmissions lists the actor's activity submissions, newest
// first.
func (s *Service) FindMyActivitySubmissions(ctx context.Context, page db.Page) ([]ActivitySubmission, string, error) {
	if err := authz.CheckCtx(ctx, authz.SubmitToActivity, nil); err != nil {
		return nil, "", err
	}
	subs, next, err := s.store.findActivitySubmissions(ctx, authz.ActorFrom(ctx).UserID, page)
	if err != nil {
		return nil, "", err
	}
	ids := make([]string, len(subs))
	for i, sub := range subs {
		ids[i] = sub.ContentID
	}
	published, err := s.contents.FindPublishedByIDs(ctx, ids)
	for i := range subs {
		if p, ok := published[subs[i].ContentID]; ok {
			subs[i].ContentTitle = p.Title
		}
	}
	return subs, next, err
}
