package authz

import "strings"

// The permissions of sub-accounts and API tokens (SPEC §4.2), and the data
// permissions that positions grant (content's are in permissions_content.go).
const (
	// ManageSubAccounts covers creating, editing, deactivating, restoring
	// and renewing the main account's sub-accounts.
	ManageSubAccounts Permission = "sub_account.manage"
	// VerifySubAccount is a staff member's own real-person verification.
	VerifySubAccount Permission = "sub_account.verify"
	// ManageAPITokens covers creating, listing and revoking API tokens.
	ManageAPITokens Permission = "api_token.manage"
	// ViewData sees the account's data and reports.
	ViewData Permission = "data.view"
	// ReadPayout sees the main account's payout account; staff see it only
	// when given this permission (SPEC §4.2).
	ReadPayout Permission = "payout.read"
)

// StaffBaseline are the permissions every sub-account holds whatever its
// position: signing out, seeing its own log-in, its messages and its own
// verification.
var StaffBaseline = []Permission{LogOut, ReadProfile, ReadMessages, UpdateMessages, VerifySubAccount}

// mutedWithheld are what a muted sub-account (not yet verified) cannot do:
// publish, go live or mount products (SPEC §4.2).
var mutedWithheld = map[Permission]bool{
	PublishGraphicPost: true, PublishShortVideo: true, StartLiveStream: true, MountProducts: true,
}

// PermissionGroups orders the permissions a main account can grant to its
// staff or to an API token, grouped for the console's checkboxes.
var PermissionGroups = []PermissionGroup{
	{Name: "Content", Permissions: []Permission{SaveDraft, ReadContent, ManageContent, DeleteContent, RestoreContent, ModerateComments,
		PublishGraphicPost, PublishShortVideo, StartLiveStream, MountProducts, PushHomepage, UploadMedia}},
	{Name: "Data", Permissions: []Permission{ViewData, ReadStats, ExportData}},
	{Name: "Messages", Permissions: []Permission{ReadMessages, UpdateMessages}},
	{Name: "Account", Permissions: []Permission{ReadProfile, ReadPayout, ReadCreatorAccount, UpdateCreatorAccount, ReadCertification,
		ReadCapabilities, ReadPublishingOptions, ReadLevel, ReadOwnAudit}},
	{Name: "Commission", Permissions: []Permission{CreateProduct, CreateLink, ReadEarnings, ReadLedger, VerifyLedger, PlaceSandboxOrders}},
	{Name: "Security and staff", Permissions: []Permission{ReadSecurity, UpdateSecurity, ManageSubAccounts, ManageAPITokens}},
}

// PermissionGroup is a titled set of grantable permissions.
type PermissionGroup struct {
	Name        string
	Permissions []Permission
}

// Grantable reports whether p may be given to a sub-account or a token: a
// known permission that is neither public, an operator's, nor one only the
// main account itself may use.
func Grantable(p Permission) bool {
	r, ok := rules[p]
	return ok && !r.Public && len(r.Roles) == 0 && !r.NotForStaff
}

func init() {
	rules[ManageSubAccounts] = Rule{Describe: "create, edit, deactivate and restore sub-accounts"}
	rules[VerifySubAccount] = Rule{Describe: "pass one's own real-person verification as a sub-account"}
	rules[ManageAPITokens] = Rule{Describe: "create and revoke API tokens"}
	rules[ViewData] = Rule{Describe: "see data and reports"}
	rules[ReadPayout] = Rule{Describe: "see the payout account"}
}

// JoinPermissions stores a permission set as comma-separated text.
func JoinPermissions(ps []Permission) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, ",")
}

// SplitPermissions reads a set stored by JoinPermissions.
func SplitPermissions(s string) []Permission {
	out := []Permission{}
	for _, p := range strings.Split(s, ",") {
		if p != "" {
			out = append(out, Permission(p))
		}
	}
	return out
}
