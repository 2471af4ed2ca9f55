package authz

// The permissions of channels and activities (SPEC §6.2, §6.3): reading
// the public channels and activities, asking why one is not eligible,
// applying to a channel, submitting to its sub-channels and to activities,
// and the operators' management and review of both.
const (
	ReadChannels       Permission = "channel.read"
	CheckEligibility   Permission = "channel.eligibility"
	ApplyToChannel     Permission = "channel.apply"
	SubmitToChannel    Permission = "channel.submit"
	ManageChannels     Permission = "channel.manage"
	ReviewChannelPosts Permission = "channel.review_submissions"
	ReadActivities     Permission = "activity.read"
	SubmitToActivity   Permission = "activity.submit"
	ManageActivities   Permission = "activity.manage"
)

func init() {
	managers := []string{RoleAdmin, RoleActivityManager}
	reviewers := []string{RoleAdmin, RoleActivityManager, RoleReviewer}
	for p, r := range map[Permission]Rule{
		ReadChannels:       {Public: true, Describe: "see the channels, their sub-channels, rules and accepted content"},
		CheckEligibility:   {Describe: "see which of a channel's eligibility clauses one meets, and why not"},
		ApplyToChannel:     {NotForStaff: true, Describe: "apply for admission to a channel"},
		SubmitToChannel:    {Describe: "submit content to a channel's sub-channels within the daily quota"},
		ManageChannels:     {Roles: managers, Describe: "create and edit channels, sub-channels and eligibility rules"},
		ReviewChannelPosts: {Roles: reviewers, Describe: "accept or reject the content submitted to channels"},
		ReadActivities:     {Public: true, Describe: "see the official activities"},
		SubmitToActivity:   {Describe: "submit content to an activity"},
		ManageActivities:   {Roles: managers, Describe: "create and edit official activities"},
	} {
		rules[p] = r
	}
}
