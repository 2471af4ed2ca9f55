package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/channel"
	"github.com/helio-platform/helio/internal/db"
)

type channelOutput struct{ Body channel.Channel }

type channelsOutput struct {
	Body struct {
		Items []channel.Channel `json:"items"`
	}
}

type channelInput struct {
	Body channel.ChannelInput
}

type channelPatchInput struct {
	ID   string `path:"id"`
	Body channel.ChannelInput
}

type channelVersionsOutput struct {
	Body struct {
		Items []channel.ChannelVersion `json:"items"`
	}
}

type eligibilityOutput struct{ Body channel.Eligibility }

type applicationInput struct {
	Body channel.ChannelApplicationInput
}

type applicationOutput struct{ Body channel.ChannelApplication }

type applicationsOutput struct {
	Body struct {
		Items []channel.ChannelApplication `json:"items"`
	}
}

type channelSubmissionInput struct {
	ID   string `path:"id"`
	Body channel.ChannelSubmissionInput
}

type channelSubmissionOutput struct{ Body channel.ChannelSubmission }

type channelSubmissionsOutput struct {
	Body List[channel.ChannelSubmission]
}

type quotaOutput struct {
	Body struct {
		Items []channel.SubmissionQuota `json:"items"`
	}
}

type channelPageInput struct {
	PageQuery
	ID string `path:"id"`
}

type channelReviewInput struct {
	PageQuery
	ID     string `path:"id"`
	Status string `query:"status" enum:"submitted,accepted,rejected" doc:"submitted (default), accepted or rejected"`
}

type activitiesInput struct {
	PageQuery
	Sort    string `query:"sort" enum:"newest,hottest,saturation,deadline,placement_start" doc:"newest (default), hottest, saturation, deadline or placement_start"`
	Q       string `query:"q" doc:"words in the title or rules"`
	Theme   string `query:"theme" doc:"a theme tag"`
	Channel string `query:"channel" doc:"a channel id"`
	View    string `query:"view" enum:"all,invited,mine" doc:"all (default), invited or mine (taking part)"`
}

type activitiesOutput struct{ Body List[channel.Activity] }

type activityOutput struct{ Body channel.Activity }

type activityInput struct{ Body channel.ActivityInput }

type activityPatchInput struct {
	ID   string `path:"id"`
	Body channel.ActivityInput
}

type activitySubmissionInput struct {
	ID   string `path:"id"`
	Body channel.ActivitySubmissionInput
}

type activitySubmissionOutput struct{ Body channel.ActivitySubmission }

type activitySubmissionsOutput struct {
	Body List[channel.ActivitySubmission]
}

type invitationsOutput struct{ Body channel.Invitations }

func (a *API) registerChannels() {
	c := func() *channel.Service { return a.deps.Channels }
	one := func(ch channel.Channel) *channelOutput { return &channelOutput{Body: ch} }
	versions := func(v []channel.ChannelVersion) *channelVersionsOutput {
		out := &channelVersionsOutput{}
		out.Body.Items = v
		return out
	}
	handle(a, Route{OperationID: "list-channels", Method: http.MethodGet, Path: "/channels", Permission: authz.ReadChannels,
		Summary: "The channels with their sub-channels and eligibility rules"},
		func(ctx context.Context, _ *struct{}) (*channelsOutput, error) {
			items, err := c().FindChannels(ctx)
			return result(items, err, func(items []channel.Channel) *channelsOutput {
				out := &channelsOutput{}
				out.Body.Items = items
				return out
			})
		})
	handle(a, Route{OperationID: "get-channel", Method: http.MethodGet, Path: "/channels/{id}", Permission: authz.ReadChannels,
		Summary: "A channel (by id or slug) with its sub-channels and eligibility rule"},
		func(ctx context.Context, in *messageIDInput) (*channelOutput, error) {
			ch, err := c().FindChannelByID(ctx, in.ID)
			return result(ch, err, one)
		})
	handle(a, Route{OperationID: "create-channel", Method: http.MethodPost, Path: "/channels", Permission: authz.ManageChannels,
		Summary: "Create a channel (version 1)", Status: http.StatusCreated, Idempotent: true},
		func(ctx context.Context, in *channelInput) (*channelOutput, error) {
			ch, err := c().CreateChannel(ctx, in.Body)
			return result(ch, err, one)
		})
	handle(a, Route{OperationID: "update-channel", Method: http.MethodPatch, Path: "/channels/{id}", Permission: authz.ManageChannels,
		Summary: "Save a new version of a channel: description, categories, sub-channels and quotas, eligibility rule"},
		func(ctx context.Context, in *channelPatchInput) (*channelOutput, error) {
			ch, err := c().UpdateChannel(ctx, in.ID, in.Body)
			return result(ch, err, one)
		})
	handle(a, Route{OperationID: "list-channel-versions", Method: http.MethodGet, Path: "/channels/{id}/versions",
		Permission: authz.ManageChannels, Summary: "Every saved version of a channel, newest first"},
		func(ctx context.Context, in *messageIDInput) (*channelVersionsOutput, error) {
			v, err := c().FindChannelVersions(ctx, in.ID)
			return result(v, err, versions)
		})
	handle(a, Route{OperationID: "get-channel-eligibility", Method: http.MethodGet, Path: "/channels/{id}/eligibility",
		Permission: authz.CheckEligibility, Summary: "Why (not) me: each eligibility clause met or not, with a reason code"},
		func(ctx context.Context, in *messageIDInput) (*eligibilityOutput, error) {
			e, err := c().Eligibility(ctx, in.ID)
			return result(e, err, func(e channel.Eligibility) *eligibilityOutput { return &eligibilityOutput{Body: e} })
		})
	handle(a, Route{OperationID: "create-channel-application", Method: http.MethodPost, Path: "/channel-applications",
		Permission: authz.ApplyToChannel, Summary: "Apply for admission to a channel; reviewed in the review queue (kind channel_application)",
		Status: http.StatusCreated, Idempotent: true},
		func(ctx context.Context, in *applicationInput) (*applicationOutput, error) {
			app, err := c().Apply(ctx, in.Body)
			return result(app, err, func(app channel.ChannelApplication) *applicationOutput { return &applicationOutput{Body: app} })
		})
	handle(a, Route{OperationID: "list-my-channel-applications", Method: http.MethodGet, Path: "/me/channel-applications",
		Permission: authz.ApplyToChannel, Summary: "My channel applications, newest first"},
		func(ctx context.Context, _ *struct{}) (*applicationsOutput, error) {
			apps, err := c().FindMyApplications(ctx)
			return result(apps, err, func(apps []channel.ChannelApplication) *applicationsOutput {
				out := &applicationsOutput{}
				out.Body.Items = apps
				return out
			})
		})
	handle(a, Route{OperationID: "get-channel-quota", Method: http.MethodGet, Path: "/channels/{id}/quota", Permission: authz.SubmitToChannel,
		Summary: "What I may still submit to each sub-channel today: limit, used, left"},
		func(ctx context.Context, in *messageIDInput) (*quotaOutput, error) {
			q, err := c().Quota(ctx, in.ID)
			return result(q, err, func(q []channel.SubmissionQuota) *quotaOutput {
				out := &quotaOutput{}
				out.Body.Items = q
				return out
			})
		})
	sub := func(s channel.ChannelSubmission) *channelSubmissionOutput { return &channelSubmissionOutput{Body: s} }
	handle(a, Route{OperationID: "create-channel-submission", Method: http.MethodPost, Path: "/channels/{id}/submissions",
		Permission: authz.SubmitToChannel, Status: http.StatusCreated, Idempotent: true,
		Summary: "Submit published content to a sub-channel; 422 with reason_code daily_quota when today's quota is spent"},
		func(ctx context.Context, in *channelSubmissionInput) (*channelSubmissionOutput, error) {
			s, err := c().Submit(ctx, in.ID, in.Body)
			return result(s, err, sub)
		})
	handle(a, Route{OperationID: "list-channel-contents", Method: http.MethodGet, Path: "/channels/{id}/contents",
		Permission: authz.ReadChannels, Summary: "A channel's accepted submissions, by display weight then newest"},
		func(ctx context.Context, in *channelPageInput) (*channelSubmissionsOutput, error) {
			items, next, err := c().FindChannelContents(ctx, in.ID, pageOf(in.PageQuery))
			return &channelSubmissionsOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "list-channel-submissions", Method: http.MethodGet, Path: "/channels/{id}/submissions",
		Permission: authz.ReviewChannelPosts, Summary: "A channel's submissions for review, oldest first"},
		func(ctx context.Context, in *channelReviewInput) (*channelSubmissionsOutput, error) {
			items, next, err := c().FindSubmissions(ctx, in.ID, channel.SubmissionFilter{Status: in.Status, Limit: in.Limit, Cursor: in.Cursor})
			return &channelSubmissionsOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "accept-channel-submission", Method: http.MethodPost, Path: "/channel-submissions/{id}/accept",
		Permission: authz.ReviewChannelPosts, Summary: "Accept a submission: it is shown on the channel"},
		func(ctx context.Context, in *messageIDInput) (*channelSubmissionOutput, error) {
			s, err := c().DecideSubmission(ctx, in.ID, true, "")
			return result(s, err, sub)
		})
	handle(a, Route{OperationID: "reject-channel-submission", Method: http.MethodPost, Path: "/channel-submissions/{id}/reject",
		Permission: authz.ReviewChannelPosts, Summary: "Reject a submission with a reason the submitter sees"},
		func(ctx context.Context, in *rejectInput) (*channelSubmissionOutput, error) {
			s, err := c().DecideSubmission(ctx, in.ID, false, in.Body.Reason)
			return result(s, err, sub)
		})
	a.registerActivities()
}

func (a *API) registerActivities() {
	c := func() *channel.Service { return a.deps.Channels }
	one := func(act channel.Activity) *activityOutput { return &activityOutput{Body: act} }
	handle(a, Route{OperationID: "list-activities", Method: http.MethodGet, Path: "/activities", Permission: authz.ReadActivities,
		Summary: "Official activities: sorted, searched, filtered by theme and channel; all, invited or mine"},
		func(ctx context.Context, in *activitiesInput) (*activitiesOutput, error) {
			items, next, err := c().FindActivities(ctx, channel.ActivityFilter{Sort: in.Sort, Q: in.Q, Theme: in.Theme,
				Channel: in.Channel, View: in.View, Limit: in.Limit, Cursor: in.Cursor})
			return &activitiesOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "get-activity", Method: http.MethodGet, Path: "/activities/{id}", Permission: authz.ReadActivities,
		Summary: "An activity with its capacities, counts and state"},
		func(ctx context.Context, in *messageIDInput) (*activityOutput, error) {
			act, err := c().FindActivityByID(ctx, in.ID)
			return result(act, err, one)
		})
	handle(a, Route{OperationID: "create-activity", Method: http.MethodPost, Path: "/activities", Permission: authz.ManageActivities,
		Summary: "Create an activity (version 1)", Status: http.StatusCreated, Idempotent: true},
		func(ctx context.Context, in *activityInput) (*activityOutput, error) {
			act, err := c().CreateActivity(ctx, in.Body)
			return result(act, err, one)
		})
	handle(a, Route{OperationID: "update-activity", Method: http.MethodPatch, Path: "/activities/{id}", Permission: authz.ManageActivities,
		Summary: "Save a new version of an activity"},
		func(ctx context.Context, in *activityPatchInput) (*activityOutput, error) {
			act, err := c().UpdateActivity(ctx, in.ID, in.Body)
			return result(act, err, one)
		})
	handle(a, Route{OperationID: "list-activity-versions", Method: http.MethodGet, Path: "/activities/{id}/versions",
		Permission: authz.ManageActivities, Summary: "Every saved version of an activity, newest first"},
		func(ctx context.Context, in *messageIDInput) (*channelVersionsOutput, error) {
			v, err := c().FindActivityVersions(ctx, in.ID)
			return result(v, err, func(v []channel.ChannelVersion) *channelVersionsOutput {
				out := &channelVersionsOutput{}
				out.Body.Items = v
				return out
			})
		})
	handle(a, Route{OperationID: "create-activity-submission", Method: http.MethodPost, Path: "/activities/{id}/submissions",
		Permission: authz.SubmitToActivity, Status: http.StatusCreated, Idempotent: true,
		Summary: "Submit published content to an activity in a product category; 422 with reason_code category_full when it is full"},
		func(ctx context.Context, in *activitySubmissionInput) (*activitySubmissionOutput, error) {
			s, err := c().SubmitToActivity(ctx, in.ID, in.Body)
			return result(s, err, func(s channel.ActivitySubmission) *activitySubmissionOutput {
				return &activitySubmissionOutput{Body: s}
			})
		})
	handle(a, Route{OperationID: "list-my-activity-submissions", Method: http.MethodGet, Path: "/me/activity-submissions",
		Permission: authz.SubmitToActivity, Summary: "My activity submissions, newest first"},
		func(ctx context.Context, in *PageQuery) (*activitySubmissionsOutput, error) {
			items, next, err := c().FindMyActivitySubmissions(ctx, db.Page{Limit: in.Limit, Cursor: in.Cursor})
			return &activitySubmissionsOutput{Body: newList(items, next)}, err
		})
	handle(a, Route{OperationID: "get-my-activity-invitations", Method: http.MethodGet, Path: "/me/activity-invitations",
		Permission: authz.SubmitToActivity, Summary: "My level and scores and how many open activities invite me"},
		func(ctx context.Context, _ *struct{}) (*invitationsOutput, error) {
			st, err := c().MyInvitations(ctx)
			return result(st, err, func(st channel.Invitations) *invitationsOutput { return &invitationsOutput{Body: st} })
		})
}
