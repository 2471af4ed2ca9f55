package web

import (
	"strings"

	"github.com/helio-platform/helio/internal/authz"
)

// audience is a set of the kinds of visitor a menu entry is meant for. Who
// may open the page is authz's decision (menuItem.Permission); the audience
// only keeps an entry out of a menu it does not belong in (an operator is
// not offered a fan's feed, a fan not the content list of a creator account
// they have not opened).
type audience uint8

// The kinds of visitor; each visitor is exactly one (visitorOf).
const (
	guests      audience = 1 << iota // nobody logged in
	fans                             // a main account without a creator account
	creators                         // a main account with a creator account
	subAccounts                      // a sub-account, acting for its main account
	operators                        // an account holding an operator role
	operations                       // an operation account of a store (SPEC §8)

	// members is every logged-in kind but operators and operation accounts.
	members = fans | creators | subAccounts
	// studio is the creator's side: creators and their staff.
	studio = creators | subAccounts
)

// menuItem is one row of the console's menu: where it sits, what it is
// called, where it leads and who is offered it.
type menuItem struct {
	// Group is the message id of the heading the entry sits under; the
	// groups appear in the order of their first entry.
	Group string
	// ID is the link's element id (tests and screenshots find it by).
	ID    string
	Label string
	Path  string
	// Permission is what the page needs: the entry shows only when authz
	// grants it without an object, the same check the route table makes
	// for a permitted page. Empty for pages open to every kind in For.
	Permission authz.Permission
	For        audience
}

// menuItems is the console's menu, one row per entry. A new page adds its
// row here; TestMenuAgreesWithRouteTable checks each row against the route
// table.
var menuItems = []menuItem{
	{Group: "", ID: "nav-home", Label: "Home", Path: "/", For: members},
	// the creator's content
	{Group: "Content", ID: "nav-contents", Label: "Content", Path: "/contents", Permission: authz.ReadContent, For: studio},
	{Group: "Content", ID: "nav-products", Label: "Products", Path: "/products", Permission: authz.CreateProduct, For: studio},
	{Group: "Content", ID: "nav-submissions", Label: "My submissions", Path: "/activities/submissions", Permission: authz.SubmitToActivity, For: studio},
	{Group: "Content", ID: "nav-comments", Label: "Comments inbox", Path: "/comments", Permission: authz.ModerateComments, For: studio},
	{Group: "Content", ID: "nav-trash", Label: "Trash", Path: "/contents/trash", Permission: authz.RestoreContent, For: studio},
	{Group: "Content", ID: "nav-calendar", Label: "Scheduling calendar", Path: "/calendar", Permission: authz.ReadContent, For: studio},
	// fans, the feed and discovery
	{Group: "Feed and discovery", ID: "nav-feed", Label: "Feed", Path: "/feed", Permission: authz.ReadFeed, For: fans | creators},
	{Group: "Feed and discovery", ID: "nav-discover", Label: "Discover", Path: "/discover", For: guests | members},
	{Group: "Feed and discovery", ID: "nav-search", Label: "Search", Path: "/search", For: guests | members},
	{Group: "Feed and discovery", ID: "nav-channels", Label: "Channels", Path: "/channels", For: guests | members},
	{Group: "Feed and discovery", ID: "nav-activities", Label: "Activities", Path: "/activities", For: guests | members},
	{Group: "Feed and discovery", ID: "nav-creative", Label: "Creative centre", Path: "/creative", For: guests | members},
	// figures
	{Group: "Data", ID: "nav-level", Label: "My level", Path: "/level", Permission: authz.ReadLevel, For: studio},
	{Group: "Data", ID: "nav-earnings", Label: "Earnings", Path: "/earnings", Permission: authz.ReadEarnings, For: studio},
	{Group: "Data", ID: "nav-sandbox", Label: "Sandbox", Path: "/sandbox", Permission: authz.PlaceSandboxOrders, For: studio},
	{Group: "Data", ID: "nav-exports", Label: "Exports", Path: "/exports", Permission: authz.ReadExport, For: fans | creators},
	{Group: "Data", ID: "nav-audit", Label: "Activity log", Path: "/audit", Permission: authz.ReadOwnAudit, For: members},
	// the task marketplace
	{Group: "Tasks", ID: "nav-market", Label: "Task marketplace", Path: "/tasks/market", Permission: authz.BrowseTaskCreators, For: members | operations},
	{Group: "Tasks", ID: "nav-tasks", Label: "My tasks", Path: "/tasks", Permission: authz.ReadTasks, For: members | operations},
	{Group: "Tasks", ID: "nav-quotes", Label: "My quotes", Path: "/quotes", Permission: authz.ManageQuotes, For: creators},
	{Group: "Tasks", ID: "nav-operation", Label: "Operation accounts", Path: "/operation-accounts", Permission: authz.AcceptOperationInvite, For: creators},
	// the account and its team
	{Group: "Account and team", ID: "nav-creator", Label: "Creator accounts", Path: "/creator", Permission: authz.ReadCreatorAccount, For: studio},
	{Group: "Account and team", ID: "nav-become-creator", Label: "Become a creator", Path: "/creator", Permission: authz.OpenCreatorAccount, For: fans},
	{Group: "Account and team", ID: "nav-certification", Label: "Certification", Path: "/certification", Permission: authz.ReadCertification, For: studio},
	{Group: "Account and team", ID: "nav-capabilities", Label: "Capabilities", Path: "/capabilities", Permission: authz.ReadCapabilities, For: studio},
	{Group: "Account and team", ID: "nav-staff", Label: "Sub-accounts", Path: "/staff", Permission: authz.ManageSubAccounts, For: creators},
	{Group: "Account and team", ID: "nav-tokens", Label: "API tokens", Path: "/api-tokens", Permission: authz.ManageAPITokens, For: creators},
	{Group: "Account and team", ID: "nav-webhooks", Label: "Webhooks", Path: "/webhooks", Permission: authz.ReadWebhooks, For: creators},
	{Group: "Account and team", ID: "nav-my-organization", Label: "My organization", Path: "/my-organization", Permission: authz.ReadMyOrganizations, For: creators},
	{Group: "Account and team", ID: "nav-organization", Label: "Organization", Path: "/organization", Permission: authz.ReadOrganization, For: creators | fans},
	{Group: "Account and team", ID: "nav-staff-verification", Label: "Real-person verification", Path: "/staff-verification", Permission: authz.VerifySubAccount, For: subAccounts},
	{Group: "Account and team", ID: "nav-messages", Label: "Messages", Path: "/messages", Permission: authz.ReadMessages, For: members | operators},
	{Group: "Account and team", ID: "nav-security", Label: "Security", Path: "/security", Permission: authz.ReadSecurity, For: members | operators},
	// the operators' queues, rules and accounts
	{Group: "Queues", ID: "nav-reviews", Label: "Review queue", Path: "/backoffice/reviews", Permission: authz.ReviewApplications, For: operators},
	{Group: "Queues", ID: "nav-task-disputes", Label: "Task disputes", Path: "/backoffice/task-disputes", Permission: authz.DecideTaskDisputes, For: operators},
	{Group: "Queues", ID: "nav-restrictions-admin", Label: "Account restrictions", Path: "/backoffice/restrictions", Permission: authz.ReadAllRestrictions, For: operators},
	{Group: "Rules and settings", ID: "nav-moderation", Label: "Moderation rules", Path: "/backoffice/moderation", Permission: authz.ManageModeration, For: operators},
	{Group: "Rules and settings", ID: "nav-level-rules", Label: "Level rules", Path: "/backoffice/levels", Permission: authz.ManageLevelRules, For: operators},
	{Group: "Rules and settings", ID: "nav-commission", Label: "Commission", Path: "/backoffice/commission", Permission: authz.RunSettlement, For: operators},
	{Group: "Rules and settings", ID: "nav-channel-admin", Label: "Manage channels", Path: "/backoffice/channels", Permission: authz.ManageChannels, For: operators},
	{Group: "Rules and settings", ID: "nav-activity-admin", Label: "Manage activities", Path: "/backoffice/activities", Permission: authz.ManageActivities, For: operators},
	{Group: "Rules and settings", ID: "nav-creative-admin", Label: "Hot topics and personas", Path: "/backoffice/creative", Permission: authz.ManageInsights, For: operators},
	{Group: "Accounts", ID: "nav-backoffice", Label: "Back office", Path: "/backoffice", Permission: authz.ViewBackoffice, For: operators},
	{Group: "Accounts", ID: "nav-audit-all", Label: "Activity log", Path: "/audit", Permission: authz.ReadAuditEvents, For: operators},
}

// menuGroup is one heading of the rendered menu with its entries.
type menuGroup struct {
	Title string
	Items []menuEntry
}

// menuEntry is one rendered link; Current marks the visitor's place.
type menuEntry struct {
	ID, Label, Path string
	Current         bool
}

// visitorOf says which kind of visitor a is; creator tells whether a main
// account has opened a creator account.
func visitorOf(a authz.Actor, creator bool) audience {
	switch {
	case a.Anonymous():
		return guests
	case a.IsOperator():
		return operators
	case a.OperationFor != "":
		return operations
	case a.SubAccountID != "":
		return subAccounts
	case creator:
		return creators
	default:
		return fans
	}
}

// menuFor returns the groups of entries the visitor sees, with the entry
// whose path is the longest prefix of current marked.
func menuFor(a authz.Actor, kind audience, current string) []menuGroup {
	var shown []menuItem
	best := -1
	for _, it := range menuItems {
		if it.For&kind == 0 || (it.Permission != "" && authz.Check(a, it.Permission, nil) != nil) {
			continue
		}
		if under(current, it.Path) && (best < 0 || len(it.Path) > len(shown[best].Path)) {
			best = len(shown)
		}
		shown = append(shown, it)
	}
	var out []menuGroup
	for i, it := range shown {
		if len(out) == 0 || out[len(out)-1].Title != it.Group {
			out = append(out, menuGroup{Title: it.Group})
		}
		g := &out[len(out)-1]
		g.Items = append(g.Items, menuEntry{ID: it.ID, Label: it.Label, Path: it.Path, Current: i == best})
	}
	return out
}

// under reports whether the page at current lies at or below path.
func under(current, path string) bool {
	if path == "/" {
		return current == "/"
	}
	return current == path || strings.HasPrefix(current, path+"/")
}

// isCreator reports whether the logged-in main account has opened a creator
// account (whose menu is the creator's, not the fan's).
func isCreator(a authz.Actor) bool {
	return !a.Anonymous() && !a.IsOperator() && a.SubAccountID == "" && a.OperationFor == "" && len(a.CreatorAccounts) > 0
}
