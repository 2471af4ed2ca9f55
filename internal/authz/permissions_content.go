package authz

// The permissions of content (SPEC §5): drafts, the lifecycle, management
// and moderation. Publishing itself uses the publishing permissions of
// permissions_creator.go (PublishGraphicPost, PublishShortVideo,
// MountProducts), which need a certification and the type's capability.
const (
	SaveDraft        Permission = "content.save_draft"
	ReadContent      Permission = "content.read"
	ReviewContent    Permission = "content.review"
	ManageModeration Permission = "moderation.manage"
	ManageContent    Permission = "content.manage"
	DeleteContent    Permission = "content.delete"
	RestoreContent   Permission = "content.restore"
	ReadPublished    Permission = "content.read_published"
	Comment          Permission = "content.comment"
	React            Permission = "content.react"
	ModerateComments Permission = "content.moderate_comments"
	ReadStats        Permission = "content.read_stats"
)

func init() {
	reviewers := []string{RoleAdmin, RoleReviewer}
	for p, r := range map[Permission]Rule{
		SaveDraft:        {Describe: "create and edit drafts, see their versions and restore one"},
		ReadContent:      {Describe: "see one's content and its versions"},
		ReviewContent:    {Roles: reviewers, Describe: "approve or reject submitted content"},
		ManageModeration: {Roles: reviewers, Describe: "edit the banned-word, claim and contact-detail rules"},
		ManageContent:    {Describe: "feature, pin, push and withdraw pushes of published content"},
		DeleteContent:    {Describe: "delete content (it can be restored for 30 days)"},
		RestoreContent:   {Operators: reviewers, Describe: "see one's deleted content and restore it within 30 days (reviewers: anyone's)"},
		ReadPublished:    {Public: true, Describe: "read an account's published content and its comments; follow a share link"},
		Comment:          {NotForStaff: true, Describe: "comment on and reply to published content"},
		React:            {NotForStaff: true, Describe: "like, favourite and share published content"},
		ModerateComments: {Describe: "hide, pin or reward comments on one's content"},
		ReadStats:        {Describe: "see views, likes, comments, favourites, shares and clicks of one's content"},
	} {
		rules[p] = r
	}
}
