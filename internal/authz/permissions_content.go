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
)

func init() {
	reviewers := []string{RoleAdmin, RoleReviewer}
	for p, r := range map[Permission]Rule{
		SaveDraft:        {Describe: "create and edit drafts, see their versions and restore one"},
		ReadContent:      {Describe: "see one's content and its versions"},
		ReviewContent:    {Roles: reviewers, Describe: "approve or reject submitted content"},
		ManageModeration: {Roles: reviewers, Describe: "edit the banned-word, claim and contact-detail rules"},
		ManageContent:    {Describe: "feature, pin, push and withdraw pushes of published content"},
		DeleteContent:    {Describe: "delete content (operators can restore it for 30 days)"},
		RestoreContent:   {Roles: reviewers, Describe: "restore deleted content"},
		ReadPublished:    {Public: true, Describe: "read an account's published content"},
	} {
		rules[p] = r
	}
}
