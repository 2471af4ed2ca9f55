package channel

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/level"
	"github.com/helio-platform/helio/internal/notify"
	"github.com/helio-platform/helio/internal/rule"
)

// Options are the configured numbers of channels and activities.
type Options struct {
	// Location is the platform's time zone: daily quotas reset at its
	// midnight.
	Location *time.Location
	// ClosingSoon is how close to its deadline an open activity is badged
	// "closing soon".
	ClosingSoon time.Duration
}

// Service holds the channel and activity use cases. Each public method
// checks authorization first; each change is one transaction with its
// audit event.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	notify   *notify.Service
	clock    clock.Clock
	levels   *level.Service
	creators *creator.Service
	contents *content.Service
	accounts *account.Service
	opts     Options
	store    store
}

// NewService wires the channel use cases.
func NewService(d *db.DB, a *audit.Log, n *notify.Service, c clock.Clock, levels *level.Service, creators *creator.Service,
	contents *content.Service, accounts *account.Service, opts Options) *Service {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.ClosingSoon <= 0 {
		opts.ClosingSoon = 48 * time.Hour
	}
	return &Service{db: d, audit: a, notify: n, clock: c, levels: levels, creators: creators, contents: contents,
		accounts: accounts, opts: opts, store: store{db: d}}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func (s *Service) record(ctx context.Context, owner, action, objectType, objectID, summary string) error {
	return s.audit.Record(ctx, audit.Event{OwnerID: owner, Action: action, ObjectType: objectType, ObjectID: objectID, Summary: summary})
}

// today is the current day in the platform's time zone.
func (s *Service) today() string { return s.clock.Now().In(s.opts.Location).Format(time.DateOnly) }

// FindChannels lists the channels: active ones, and hidden ones too for
// operators who manage them.
func (s *Service) FindChannels(ctx context.Context) ([]Channel, error) {
	if err := authz.CheckCtx(ctx, authz.ReadChannels, nil); err != nil {
		return nil, err
	}
	hidden := authz.CheckCtx(ctx, authz.ManageChannels, nil) == nil
	return s.store.findChannels(ctx, hidden)
}

// FindChannelByID returns a channel by id or slug with its sub-channels
// and rule.
func (s *Service) FindChannelByID(ctx context.Context, id string) (Channel, error) {
	if err := authz.CheckCtx(ctx, authz.ReadChannels, nil); err != nil {
		return Channel{}, err
	}
	c, err := s.store.findChannel(ctx, id)
	if err == nil && c.Status == StatusHidden && authz.CheckCtx(ctx, authz.ManageChannels, nil) != nil {
		return Channel{}, notFound()
	}
	return c, err
}

func notFound() error { return apperr.New(apperr.NotFound, "%s not found.", i18n.T("Channel")) }

// CreateChannel creates a channel with its sub-channels and rule as
// version 1.
func (s *Service) CreateChannel(ctx context.Context, in ChannelInput) (Channel, error) {
	if err := authz.CheckCtx(ctx, authz.ManageChannels, nil); err != nil {
		return Channel{}, err
	}
	if err := in.validate(); err != nil {
		return Channel{}, err
	}
	now := s.clock.Now()
	c := Channel{ID: newID(), Slug: in.Slug, Name: in.Name, Description: in.Description, Categories: in.Categories,
		Rule: in.Rule, Status: in.Status, Position: in.Position, Version: 1, CreatedAt: now, UpdatedAt: now}
	for _, sc := range in.SubChannels {
		c.SubChannels = append(c.SubChannels, SubChannel{ID: newID(), Name: sc.Name, DailyQuota: sc.DailyQuota})
	}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createChannel(ctx, c); err != nil {
			return err
		}
		return s.saveChannelVersion(ctx, c, "channel.create")
	})
	return c, err
}

// saveChannelVersion stores c's snapshot as its version and audits it.
func (s *Service) saveChannelVersion(ctx context.Context, c Channel, action string) error {
	if err := s.store.createVersion(ctx, "channel_versions", "channel_id", c.ID, c.Version, c, authz.ActorFrom(ctx).UserID, s.clock.Now()); err != nil {
		return err
	}
	return s.record(ctx, "", action, "channel", c.ID, fmt.Sprintf("%s v%d", c.Slug, c.Version))
}

// UpdateChannel saves a new version of a channel (see ChannelInput).
func (s *Service) UpdateChannel(ctx context.Context, id string, in ChannelInput) (Channel, error) {
	if err := authz.CheckCtx(ctx, authz.ManageChannels, nil); err != nil {
		return Channel{}, err
	}
	if err := in.validate(); err != nil {
		return Channel{}, err
	}
	var out Channel
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.findChannel(ctx, id)
		if err != nil {
			return err
		}
		known := map[string]bool{}
		for _, sc := range c.SubChannels {
			known[sc.ID] = true
		}
		var v apperr.Validation
		for i, sc := range in.SubChannels {
			if sc.ID != "" && !known[sc.ID] {
				v.Reject(fmt.Sprintf("sub_channels[%d].id", i), "%s is not a sub-channel of this channel", sc.ID)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		c.Slug, c.Name, c.Description, c.Categories, c.Rule = in.Slug, in.Name, in.Description, in.Categories, in.Rule
		c.Status, c.Position, c.Version, c.UpdatedAt = in.Status, in.Position, c.Version+1, s.clock.Now()
		if err := s.store.updateChannel(ctx, c); err != nil {
			return err
		}
		for i, sc := range in.SubChannels {
			if sc.ID == "" {
				sc.ID = newID()
			}
			if err := s.store.saveSubChannel(ctx, c.ID, SubChannel{ID: sc.ID, Name: sc.Name, DailyQuota: sc.DailyQuota}, i); err != nil {
				return err
			}
		}
		if out, err = s.store.findChannel(ctx, c.ID); err != nil {
			return err
		}
		return s.saveChannelVersion(ctx, out, "channel.update")
	})
	return out, err
}

// FindChannelVersions lists the saved versions of a channel, newest first.
func (s *Service) FindChannelVersions(ctx context.Context, id string) ([]ChannelVersion, error) {
	if err := authz.CheckCtx(ctx, authz.ManageChannels, nil); err != nil {
		return nil, err
	}
	return s.store.findVersions(ctx, "channel_versions", "channel_id", id)
}

// ChannelVersion is one saved state of a channel or an activity.
type ChannelVersion struct {
	Version   int       `json:"version"`
	Snapshot  string    `json:"snapshot" doc:"the saved state as JSON"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// facts gathers what eligibility reads of the actor: its approved
// certifications' roles and domain focus, its creator accounts' types, its
// level and granted capabilities.
func (s *Service) facts(ctx context.Context) (Facts, error) {
	a := authz.ActorFrom(ctx)
	f := Facts{Level: a.Level.Name}
	if f.Level == "" {
		f.Level = level.Levels[0]
	}
	for c, ok := range a.Capabilities {
		if ok {
			f.Capabilities = append(f.Capabilities, c)
		}
	}
	certs, err := s.creators.FindCertifications(ctx)
	if err != nil {
		return Facts{}, err
	}
	for _, c := range certs {
		if c.Status != creator.StatusApproved {
			continue
		}
		f.Roles = append(f.Roles, c.Roles...)
		if f.DomainFocus == "" {
			f.DomainFocus = c.DomainFocus
		}
	}
	accounts, err := s.creators.FindCreatorAccounts(ctx)
	if err != nil {
		return Facts{}, err
	}
	for _, c := range accounts {
		f.AccountTypes = append(f.AccountTypes, c.Type)
	}
	return f, nil
}

// Eligibility answers, for the actor, each clause of a channel's rule with
// met or not and a reason code ("why not me?").
func (s *Service) Eligibility(ctx context.Context, channelID string) (Eligibility, error) {
	if err := authz.CheckCtx(ctx, authz.CheckEligibility, nil); err != nil {
		return Eligibility{}, err
	}
	c, err := s.FindChannelByID(ctx, channelID)
	if err != nil {
		return Eligibility{}, err
	}
	return s.eligibility(ctx, c)
}

func (s *Service) eligibility(ctx context.Context, c Channel) (Eligibility, error) {
	f, err := s.facts(ctx)
	if err != nil {
		return Eligibility{}, err
	}
	admitted, err := s.store.isMember(ctx, c.ID, authz.ActorFrom(ctx).UserID)
	if err != nil {
		return Eligibility{}, err
	}
	ok, clauses := c.Rule.Evaluate(f)
	return Eligibility{Eligible: ok, Admitted: admitted, Clauses: clauses, Rule: rule.Ref{Table: RuleTable, Version: c.Version}}, nil
}

// Apply applies for admission to a channel the actor is eligible for; the
// application enters the review queue.
func (s *Service) Apply(ctx context.Context, in ChannelApplicationInput) (ChannelApplication, error) {
	if err := authz.CheckCtx(ctx, authz.ApplyToChannel, nil); err != nil {
		return ChannelApplication{}, err
	}
	if err := in.validate(); err != nil {
		return ChannelApplication{}, err
	}
	c, err := s.FindChannelByID(ctx, in.ChannelID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return ChannelApplication{}, apperr.Field("channel_id", "no such channel")
	}
	if err != nil {
		return ChannelApplication{}, err
	}
	e, err := s.eligibility(ctx, c)
	if err != nil {
		return ChannelApplication{}, err
	}
	if e.Admitted {
		return ChannelApplication{}, apperr.New(apperr.Conflict, "You were already admitted to %s.", c.Name)
	}
	if !e.Eligible {
		return ChannelApplication{}, apperr.New(apperr.Forbidden, "You meet none of the eligibility clauses of %s.", c.Name).
			With("reason_code", "not_eligible").With("clauses", e.Clauses)
	}
	user := authz.ActorFrom(ctx).UserID
	app := ChannelApplication{ID: newID(), ChannelID: c.ID, ChannelName: c.Name, UserID: user, Reason: in.Reason,
		SampleLinks: in.SampleLinks, ExternalHomepages: nonNil(in.ExternalHomepages), Screenshots: nonNil(in.Screenshots),
		Status: StatusSubmitted, SubmittedAt: s.clock.Now()}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		pending, err := s.store.hasPendingApplication(ctx, c.ID, user)
		if err != nil {
			return err
		}
		if pending {
			return apperr.New(apperr.Conflict, "Your application to %s is still under review.", c.Name)
		}
		if err := s.store.createApplication(ctx, app); err != nil {
			return err
		}
		return s.record(ctx, user, "channel_application.submit", KindApplication, app.ID, c.Slug)
	})
	return app, err
}

// FindMyApplications lists the actor's channel applications, newest first.
func (s *Service) FindMyApplications(ctx context.Context) ([]ChannelApplication, error) {
	if err := authz.CheckCtx(ctx, authz.ApplyToChannel, nil); err != nil {
		return nil, err
	}
	return s.store.findApplicationsOf(ctx, authz.ActorFrom(ctx).UserID)
}

// FindApplications lists applications for review, oldest first.
func (s *Service) FindApplications(ctx context.Context, f ChannelApplicationFilter) ([]ChannelApplication, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReviewApplications, nil); err != nil {
		return nil, "", err
	}
	if f.Status == "" {
		f.Status = "pending"
	}
	if f.Status != "pending" && f.Status != "decided" && f.Status != "all" {
		return nil, "", apperr.Field("status", "must be pending, decided or all")
	}
	return s.store.findApplications(ctx, f)
}

// FindApplication returns one application for review.
func (s *Service) FindApplication(ctx context.Context, id string) (ChannelApplication, error) {
	if err := authz.CheckCtx(ctx, authz.ReviewApplications, nil); err != nil {
		return ChannelApplication{}, err
	}
	return s.store.findApplication(ctx, id)
}

// DecideApplication approves (admitting the applicant) or rejects an
// application with a reason; the applicant is notified.
func (s *Service) DecideApplication(ctx context.Context, id string, approve bool, reason string) (ChannelApplication, error) {
	if err := authz.CheckCtx(ctx, authz.ReviewApplications, nil); err != nil {
		return ChannelApplication{}, err
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); !approve && (n < 2 || n > 500) {
		return ChannelApplication{}, apperr.Field("reason", "give a reason of 2 to 500 characters")
	}
	var out ChannelApplication
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		app, err := s.store.findApplication(ctx, id)
		if err != nil {
			return err
		}
		if app.Status != StatusSubmitted {
			return apperr.New(apperr.Conflict, "This application was already decided.")
		}
		now, by := s.clock.Now(), authz.ActorFrom(ctx).UserID
		status := map[bool]string{true: StatusApproved, false: StatusRejected}[approve]
		if err := s.store.decideApplication(ctx, id, status, reason, by, now); err != nil {
			return err
		}
		if approve {
			if err := s.store.admit(ctx, app.ChannelID, app.UserID, app.ID, now); err != nil {
				return err
			}
		}
		if err := s.record(ctx, app.UserID, "review."+status, KindApplication, id, reason); err != nil {
			return err
		}
		title, body := i18n.T("Your channel application was not approved"), i18n.T("Open the channel to see the reason and apply again.")
		if approve {
			title, body = i18n.T("Your channel application was approved"), i18n.T("You may now submit content to the channel.")
		}
		if err := s.notify.Notify(ctx, app.UserID, "review."+KindApplication, title.Format, body.Format, nil); err != nil {
			return err
		}
		out, err = s.store.findApplication(ctx, id)
		return err
	})
	return out, err
}

// Quota answers what the actor may still submit to each sub-channel of a
// channel today.
func (s *Service) Quota(ctx context.Context, channelID string) ([]SubmissionQuota, error) {
	if err := authz.CheckCtx(ctx, authz.SubmitToChannel, nil); err != nil {
		return nil, err
	}
	c, err := s.FindChannelByID(ctx, channelID)
	if err != nil {
		return nil, err
	}
	day := s.today()
	used, err := s.store.findQuotaUsed(ctx, c.ID, authz.ActorFrom(ctx).UserID, day)
	if err != nil {
		return nil, err
	}
	out := make([]SubmissionQuota, len(c.SubChannels))
	for i, sc := range c.SubChannels {
		u := used[sc.ID]
		out[i] = SubmissionQuota{SubChannelID: sc.ID, Name: sc.Name, Limit: sc.DailyQuota, Used: u, Left: max(sc.DailyQuota-u, 0), Day: day}
	}
	return out, nil
}

// displayWeight is the channel-display privilege of the actor's level as a
// ranking weight: priority 2, chance 1, otherwise 0.
func displayWeight(a authz.Actor) int {
	switch a.Level.Values[authz.PrivChannelDisplay] {
	case authz.ValuePriority:
		return 2
	case authz.ValueChance, authz.ValueYes:
		return 1
	}
	return 0
}

// Submit submits the actor's published content to a sub-channel of a
// channel it was admitted to, within the sub-channel's daily quota; it
// waits for the channel's review.
func (s *Service) Submit(ctx context.Context, channelID string, in ChannelSubmissionInput) (ChannelSubmission, error) {
	if err := authz.CheckCtx(ctx, authz.SubmitToChannel, nil); err != nil {
		return ChannelSubmission{}, err
	}
	c, err := s.FindChannelByID(ctx, channelID)
	if err != nil {
		return ChannelSubmission{}, err
	}
	var sub *SubChannel
	for i := range c.SubChannels {
		if c.SubChannels[i].ID == strings.TrimSpace(in.SubChannelID) {
			sub = &c.SubChannels[i]
		}
	}
	if sub == nil {
		return ChannelSubmission{}, apperr.Field("sub_channel_id", "not a sub-channel of %s", c.Name)
	}
	actor := authz.ActorFrom(ctx)
	published, err := s.ownPublished(ctx, "content_id", in.ContentID)
	if err != nil {
		return ChannelSubmission{}, err
	}
	now := s.clock.Now()
	out := ChannelSubmission{ID: newID(), ChannelID: c.ID, SubChannelID: sub.ID, ContentID: published.ID, ContentTitle: published.Title,
		AccountID: actor.UserID, Status: StatusSubmitted, DisplayWeight: displayWeight(actor), CreatedAt: now}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		admitted, err := s.store.isMember(ctx, c.ID, actor.UserID)
		if err != nil {
			return err
		}
		if !admitted {
			return apperr.New(apperr.Forbidden, "Apply to %s and wait for admission before submitting.", c.Name).
				With("reason_code", "not_admitted")
		}
		ok, err := s.store.useQuota(ctx, sub.ID, actor.UserID, s.today(), sub.DailyQuota)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Invalid, "You have used today's %d submissions to %s; try again tomorrow.", sub.DailyQuota, sub.Name).
				With("reason_code", "daily_quota")
		}
		if err := s.store.createSubmission(ctx, out, s.today()); err != nil {
			return err
		}
		return s.record(ctx, actor.UserID, "channel_submission.submit", "channel_submission", out.ID, c.Slug+"/"+sub.Name)
	})
	return out, err
}

// ownPublished returns the actor's published content id, or a field error.
func (s *Service) ownPublished(ctx context.Context, field, id string) (content.Published, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return content.Published{}, apperr.Field(field, "is required")
	}
	found, err := s.contents.FindPublishedByIDs(ctx, []string{id})
	if err != nil {
		return content.Published{}, err
	}
	p, ok := found[id]
	if !ok || p.Owner != authz.ActorFrom(ctx).UserID {
		return content.Published{}, apperr.Field(field, "not one of your published contents")
	}
	return p, nil
}

// FindChannelContents lists a channel's accepted submissions for the
// public: higher display weight first, then the most recently accepted.
func (s *Service) FindChannelContents(ctx context.Context, channelID string, page db.Page) ([]ChannelSubmission, string, error) {
	c, err := s.FindChannelByID(ctx, channelID)
	if err != nil {
		return nil, "", err
	}
	subs, next, err := s.store.findPublicSubmissions(ctx, c.ID, page)
	if err != nil {
		return nil, "", err
	}
	return subs, next, s.name(ctx, subs)
}

// name fills in the submitters' names and the contents' titles.
func (s *Service) name(ctx context.Context, subs []ChannelSubmission) error {
	var users, contents []string
	for _, sub := range subs {
		users, contents = append(users, sub.AccountID), append(contents, sub.ContentID)
	}
	ids, err := s.accounts.FindIdentities(ctx, users)
	if err != nil {
		return err
	}
	published, err := s.contents.FindPublishedByIDs(ctx, contents)
	if err != nil {
		return err
	}
	for i := range subs {
		subs[i].AccountName = ids[subs[i].AccountID].Nickname
		if p, ok := published[subs[i].ContentID]; ok {
			subs[i].ContentTitle = p.Title
		}
	}
	return nil
}

// FindSubmissions lists a channel's submissions for review, oldest first.
func (s *Service) FindSubmissions(ctx context.Context, channelID string, f SubmissionFilter) ([]ChannelSubmission, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReviewChannelPosts, nil); err != nil {
		return nil, "", err
	}
	if f.Status == "" {
		f.Status = StatusSubmitted
	}
	if f.Status != StatusSubmitted && f.Status != StatusAccepted && f.Status != StatusRejected {
		return nil, "", apperr.Field("status", "must be submitted, accepted or rejected")
	}
	c, err := s.FindChannelByID(ctx, channelID)
	if err != nil {
		return nil, "", err
	}
	subs, next, err := s.store.findSubmissions(ctx, c.ID, f)
	if err != nil {
		return nil, "", err
	}
	return subs, next, s.name(ctx, subs)
}

// DecideSubmission accepts (showing it on the channel) or rejects a
// submission with a reason; the submitter is notified.
func (s *Service) DecideSubmission(ctx context.Context, id string, accept bool, reason string) (ChannelSubmission, error) {
	if err := authz.CheckCtx(ctx, authz.ReviewChannelPosts, nil); err != nil {
		return ChannelSubmission{}, err
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); !accept && (n < 2 || n > 500) {
		return ChannelSubmission{}, apperr.Field("reason", "give a reason of 2 to 500 characters")
	}
	var out ChannelSubmission
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		sub, err := s.store.findSubmission(ctx, id)
		if err != nil {
			return err
		}
		if sub.Status != StatusSubmitted {
			return apperr.New(apperr.Conflict, "This submission was already decided.")
		}
		status := map[bool]string{true: StatusAccepted, false: StatusRejected}[accept]
		if err := s.store.decideSubmission(ctx, id, status, reason, s.clock.Now()); err != nil {
			return err
		}
		if err := s.record(ctx, sub.AccountID, "channel_submission."+status, "channel_submission", id, reason); err != nil {
			return err
		}
		title := i18n.T("Your channel submission was accepted")
		if !accept {
			title = i18n.T("Your channel submission was not accepted")
		}
		if err := s.notify.Notify(ctx, sub.AccountID, "channel_submission", title.Format, i18n.T("Open the channel to see it.").Format, nil); err != nil {
			return err
		}
		out, err = s.store.findSubmission(ctx, id)
		return err
	})
	return out, err
}
