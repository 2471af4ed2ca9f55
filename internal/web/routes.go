package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/httpx"
)

// Route is one console page in the route table: its method and path, and
// what it requires of its visitor, which the table enforces before the
// handler runs. Services still decide access to the objects a page shows.
type Route struct {
	Method string
	Path   string
	// Public pages are open to anonymous visitors; every other page sends
	// them to the log-in page and back.
	Public bool
	// Permission, when set, is checked (without an object) before the
	// handler runs; a refusal goes through fail with page and title, which
	// tells it on the designed 403 page (the page has no data to draw).
	Permission  authz.Permission
	page, title string
	handler     http.HandlerFunc
}

// public is a page open to anyone.
func public(pattern string, h http.HandlerFunc) Route {
	method, path, _ := strings.Cut(pattern, " ")
	return Route{Method: method, Path: path, Public: true, handler: h}
}

// member is a page for a logged-in visitor.
func member(pattern string, h http.HandlerFunc) Route {
	r := public(pattern, h)
	r.Public = false
	return r
}

// permitted is a page for a logged-in visitor holding permission p; a
// refusal is rendered on page name with title.
func permitted(pattern string, p authz.Permission, name, title string, h http.HandlerFunc) Route {
	r := member(pattern, h)
	r.Permission, r.page, r.title = p, name, title
	return r
}

// routeTable lists every console page once.
func (c *Console) routeTable() []Route {
	return []Route{
		// the home page, log-in and sign-up, messages, the back office and the audit trail
		member("GET /{$}", c.home),
		public("GET /login", c.loginPage),
		public("POST /login", c.login),
		public("GET /signup", c.signupPage),
		public("POST /signup", c.signup),
		public("POST /logout", c.logout),
		public("POST /lang", c.setLang),
		member("POST /account", c.switchAccount),
		member("GET /messages", c.messages),
		member("POST /messages/{id}/read", c.readMessage),
		member("POST /messages/read-all", c.readAllMessages),
		permitted("GET /backoffice", authz.ViewBackoffice, "backoffice.html", "Back office", c.backoffice),
		member("GET /audit", c.auditTrail),
		member("POST /audit/export", c.exportAudit),
		public("GET /media/{id}", c.serveMedia),
		// creator accounts, verification, certification, capabilities and their reviews (SPEC §2)
		member("GET /verification", c.verificationPage),
		member("POST /verification/payout", c.bindPayout),
		member("POST /verification/real-name", c.verifyRealName),
		member("POST /verification/brand-entry", c.submitBrandEntry),
		member("GET /creator", c.creatorPage),
		member("POST /creator/open", c.openCreatorAccount),
		permitted("GET /creator/{id}/edit", authz.ReadCreatorAccount, "error.html", "Edit profile", c.editCreatorPage),
		permitted("POST /creator/{id}", authz.UpdateCreatorAccount, "error.html", "Edit profile", c.updateCreator),
		member("GET /certification", c.certificationPage),
		member("POST /certification", c.submitCertification),
		member("GET /capabilities", c.capabilitiesPage),
		member("POST /capabilities", c.applyCapability),
		member("GET /backoffice/reviews", c.reviewsPage),
		member("GET /backoffice/reviews/{id}", c.reviewPage),
		member("POST /backoffice/reviews/{id}/approve", c.approveReview),
		member("POST /backoffice/reviews/{id}/reject", c.rejectReview),
		// log-in verification, security settings and recovery (SPEC §3)
		public("GET /login/verify", c.verifyPage),
		public("POST /login/verify", c.verify),
		public("POST /login/verify/resend", c.resend),
		member("GET /security", c.security),
		member("POST /security/settings", c.saveSettings),
		member("POST /security/totp", c.startTOTP),
		member("POST /security/totp/confirm", c.confirmTOTP),
		member("POST /security/totp/delete", c.deleteTOTP),
		member("POST /security/passkeys/{id}/delete", c.deletePasskey),
		member("POST /security/devices/{id}/delete", c.deleteDevice),
		member("POST /security/sessions/{id}/delete", c.signOutSession),
		member("POST /security/sessions/others", c.signOutOthers),
		public("GET /forgot-password", c.forgotPasswordPage),
		public("POST /forgot-password", c.forgotPassword),
		public("POST /forgot-password/confirm", c.resetPassword),
		public("GET /forgot-account", c.forgotAccountPage),
		public("POST /forgot-account", c.forgotAccount),
		// contents, their editor, versions, comments and statistics, readers and moderation rules (SPEC §5)
		member("GET /contents", c.contentsPage),
		member("POST /contents", c.createContent),
		member("GET /contents/{id}/edit", c.editorPage),
		member("POST /contents/{id}/fields", c.saveFields),
		member("POST /contents/{id}/submit", c.submitContent),
		member("GET /contents/{id}/versions", c.versionsPage),
		member("POST /contents/{id}/versions/{version}/restore", c.restoreVersion),
		member("POST /contents/{id}/manage", c.manageContent),
		member("POST /contents/bulk", c.bulkManage),
		permitted("GET /contents/trash", authz.RestoreContent, "trash.html", "Trash", c.trashPage),
		member("POST /contents/{id}/restore", c.restoreContent),
		member("GET /contents/{id}/comments", c.commentsPage),
		member("POST /contents/{id}/comments/{comment}", c.moderateComment),
		member("GET /contents/{id}/stats", c.statsPage),
		permitted("GET /comments", authz.ModerateComments, "comments_inbox.html", "Comments inbox", c.inboxPage),
		permitted("POST /comments/{id}", authz.ModerateComments, "comments_inbox.html", "Comments inbox", c.inboxAct),
		permitted("GET /calendar", authz.ReadContent, "calendar.html", "Scheduling calendar", c.calendarPage),
		member("POST /contents/{id}/share", c.promote),
		public("GET /s/{code}", c.followShare),
		// affiliate commission (SPEC §9): tracked links, earnings, products, the operators' page
		public("GET /l/{id}", c.followLink),
		permitted("GET /contents/{id}/links", authz.CreateLink, "links.html", "Tracked links", c.linksPage),
		permitted("POST /contents/{id}/links", authz.CreateLink, "links.html", "Tracked links", c.createLink),
		permitted("GET /earnings", authz.ReadEarnings, "earnings.html", "Earnings", c.earningsPage),
		permitted("GET /products", authz.CreateProduct, "products.html", "Products", c.productsPage),
		permitted("POST /products", authz.CreateProduct, "products.html", "Products", c.createProduct),
		permitted("GET /sandbox", authz.PlaceSandboxOrders, "sandbox.html", "Sandbox", c.sandboxPage),
		permitted("POST /sandbox/mode", authz.PlaceSandboxOrders, "sandbox.html", "Sandbox", c.switchSandbox),
		permitted("POST /sandbox/orders", authz.PlaceSandboxOrders, "sandbox.html", "Sandbox", c.placeSandboxOrders),
		permitted("GET /backoffice/commission", authz.RunSettlement, "commission_admin.html", "Commission", c.commissionAdminPage),
		permitted("POST /backoffice/ledger/verify", authz.RunSettlement, "commission_admin.html", "Commission", c.verifyLedger),
		permitted("POST /backoffice/settlements", authz.RunSettlement, "commission_admin.html", "Commission", c.startSettlement),
		permitted("GET /backoffice/settlements/{id}", authz.RunSettlement, "settlement.html", "Settlement", c.settlementPage),
		permitted("POST /backoffice/reward-pools", authz.DistributeRewardPool, "commission_admin.html", "Commission", c.distributePool),
		permitted("POST /backoffice/commission-rules", authz.ManageCommissionRules, "commission_admin.html", "Commission", c.saveRules),
		// the task marketplace (SPEC §8): quotes, the marketplace, orders with their timers, operation accounts, disputes
		permitted("GET /quotes", authz.ManageQuotes, "quotes.html", "My quotes", c.quotesPage),
		permitted("POST /quotes", authz.ManageQuotes, "quotes.html", "My quotes", c.saveQuote),
		permitted("POST /quotes/{id}", authz.ManageQuotes, "quotes.html", "My quotes", c.saveQuote),
		permitted("POST /quotes/{id}/delete", authz.ManageQuotes, "quotes.html", "My quotes", c.deleteQuote),
		permitted("GET /tasks/market", authz.BrowseTaskCreators, "market.html", "Task marketplace", c.marketPage),
		permitted("POST /tasks", authz.PlaceTask, "market.html", "Task marketplace", c.placeTask),
		permitted("GET /tasks", authz.ReadTasks, "tasks.html", "My tasks", c.tasksPage),
		permitted("GET /tasks/{id}", authz.ReadTasks, "task.html", "Task", c.taskPage),
		permitted("POST /tasks/{id}/act", authz.ReadTasks, "task.html", "Task", c.actOnTask),
		permitted("GET /operation-accounts", authz.AcceptOperationInvite, "operation_accounts.html", "Operation accounts", c.operationPage),
		permitted("POST /operation-accounts", authz.ManageOperationAccts, "operation_accounts.html", "Operation accounts", c.inviteOperation),
		permitted("POST /operation-accounts/{id}/accept", authz.AcceptOperationInvite, "operation_accounts.html", "Operation accounts", c.acceptOperation),
		permitted("POST /operation-accounts/{id}/unbind", authz.ManageOperationAccts, "operation_accounts.html", "Operation accounts", c.unbindOperation),
		permitted("GET /operation-accounts/{id}/statement.csv", authz.ManageOperationAccts, "operation_accounts.html", "Operation accounts", c.operationStatement),
		permitted("GET /backoffice/task-disputes", authz.DecideTaskDisputes, "task_disputes.html", "Task disputes", c.disputesPage),
		permitted("POST /backoffice/task-disputes/{id}", authz.DecideTaskDisputes, "task_disputes.html", "Task disputes", c.decideDispute),
		public("GET /c/{id}", c.readerPage),
		public("GET /c/{id}/products/{product}", c.followProduct),
		public("GET /media/{id}/thumbnail", c.serveThumbnail),
		member("GET /backoffice/moderation", c.moderationPage),
		member("POST /backoffice/moderation", c.saveModerationRule),
		member("POST /backoffice/moderation/{id}", c.saveModerationRule),
		// channels and official activities (SPEC §6.2, §6.3): public pages, applications, submissions, the operators' pages
		public("GET /channels", c.channelsPage),
		public("GET /channels/{id}", c.channelPage),
		permitted("POST /channels/{id}/apply", authz.ApplyToChannel, "channel.html", "Channel", c.applyToChannel),
		permitted("POST /channels/{id}/submit", authz.SubmitToChannel, "channel.html", "Channel", c.submitToChannel),
		public("GET /activities", c.activitiesPage),
		permitted("GET /activities/submissions", authz.SubmitToActivity, "activity_submissions.html", "My submissions", c.activitySubmissionsPage),
		public("GET /activities/{id}", c.activityPage),
		permitted("POST /activities/{id}/submit", authz.SubmitToActivity, "activity.html", "Activity", c.submitToActivity),
		permitted("GET /backoffice/channels", authz.ManageChannels, "channel_admin.html", "Channels", c.channelAdminPage),
		permitted("POST /backoffice/channels", authz.ManageChannels, "channel_admin.html", "Channels", c.saveChannel),
		permitted("GET /backoffice/channels/{id}", authz.ManageChannels, "channel_admin.html", "Channels", c.channelAdminPage),
		permitted("POST /backoffice/channels/{id}", authz.ManageChannels, "channel_admin.html", "Channels", c.saveChannel),
		permitted("POST /backoffice/channel-submissions/{id}/{decision}", authz.ReviewChannelPosts, "channel_admin.html", "Channels", c.decideChannelSubmission),
		permitted("GET /backoffice/activities", authz.ManageActivities, "activity_admin.html", "Activities", c.activityAdminPage),
		permitted("POST /backoffice/activities", authz.ManageActivities, "activity_admin.html", "Activities", c.saveActivity),
		permitted("GET /backoffice/activities/{id}", authz.ManageActivities, "activity_admin.html", "Activities", c.activityAdminPage),
		permitted("POST /backoffice/activities/{id}", authz.ManageActivities, "activity_admin.html", "Activities", c.saveActivity),
		// the creative centre (SPEC §6.4): hot topics, rankings, personas, create-for-them, the operators' page
		public("GET /creative", c.creativePage),
		permitted("POST /creative/{kind}/{id}/draft", authz.CreateForAudience, "creative.html", "Creative centre", c.createFor),
		permitted("GET /backoffice/creative", authz.ManageInsights, "creative_admin.html", "Hot topics and personas", c.creativeAdminPage),
		permitted("GET /backoffice/creative/{kind}/{id}", authz.ManageInsights, "creative_admin.html", "Hot topics and personas", c.creativeAdminPage),
		permitted("POST /backoffice/creative/{kind}", authz.ManageInsights, "creative_admin.html", "Hot topics and personas", c.saveInsight),
		permitted("POST /backoffice/creative/{kind}/{id}", authz.ManageInsights, "creative_admin.html", "Hot topics and personas", c.saveInsight),
		// discovery and search for fans (the Console issue): everyone's published content and creators
		public("GET /discover", c.discoverPage),
		public("GET /explore", c.explore),
		public("GET /search", c.searchPage),
		// the fans' pages (SPEC §6.1): the follower feed, homepages and follow lists
		member("GET /feed", c.feedPage),
		public("GET /accounts/{id}", c.homepage),
		public("POST /accounts/{id}/follow", c.follow),
		public("GET /accounts/{id}/followers", c.followsPage),
		public("GET /accounts/{id}/following", c.followsPage),
		// the creator's level and the operators' level rules (SPEC §7)
		permitted("GET /level", authz.ReadLevel, "level.html", "My level", c.levelPage),
		permitted("GET /backoffice/levels", authz.ManageLevelRules, "level_rules.html", "Level rules", c.levelRulesPage),
		permitted("POST /backoffice/levels/dry-run", authz.ManageLevelRules, "level_rules.html", "Level rules", c.dryRunLevelRules),
		permitted("POST /backoffice/levels", authz.ManageLevelRules, "level_rules.html", "Level rules", c.saveLevelRules),
		permitted("POST /backoffice/levels/recompute", authz.RecomputeLevels, "level_rules.html", "Level rules", c.recomputeLevels),
		permitted("GET /backoffice/levels/runs/{id}", authz.RecomputeLevels, "level_run.html", "Level recompute", c.levelRunPage),
		// restrictions and appeals (SPEC §10, §11)
		permitted("GET /restrictions", authz.ReadRestrictions, "restrictions.html", "Restrictions", c.restrictionsPage),
		permitted("POST /appeals", authz.FileAppeal, "restrictions.html", "Restrictions", c.fileAppeal),
		permitted("GET /appeals/{id}", authz.ReadAppeal, "appeal.html", "Appeal", c.appealPage),
		permitted("GET /backoffice/restrictions", authz.ReadAllRestrictions, "restrictions_admin.html", "Account restrictions", c.restrictionsAdminPage),
		permitted("POST /backoffice/restrictions", authz.RestrictAccount, "restrictions_admin.html", "Account restrictions", c.restrictAccount),
		permitted("POST /backoffice/restrictions/{id}/lift", authz.LiftRestriction, "restrictions_admin.html", "Account restrictions", c.liftRestriction),
		// exports of everything an account made (SPEC §12)
		permitted("GET /exports", authz.ReadExport, "exports.html", "Exports", c.exportsPage),
		permitted("POST /exports", authz.CreateExport, "exports.html", "Exports", c.startExport),
		permitted("GET /exports/{id}/file", authz.ReadExport, "exports.html", "Exports", c.downloadExport),
		// organizations (机构, SPEC §10): the organization's console and the creator's side
		permitted("GET /organization", authz.ReadOrganization, "organization.html", "Organization", c.organizationPage),
		permitted("POST /organization", authz.CreateOrganization, "organization.html", "Organization", c.createOrganization),
		permitted("POST /organization/invitations", authz.InviteCreator, "organization.html", "Organization", c.inviteCreator),
		permitted("POST /organization/creators/{creator_id}/unbind", authz.UnbindOrganization, "organization.html", "Organization", c.unbindCreator),
		permitted("GET /my-organization", authz.ReadMyOrganizations, "my_organization.html", "My organization", c.myOrganizationPage),
		permitted("POST /my-organization/invitations/{id}/accept", authz.DecideOrgInvitation, "my_organization.html", "My organization", c.acceptOrgInvitation),
		permitted("POST /my-organization/invitations/{id}/decline", authz.DecideOrgInvitation, "my_organization.html", "My organization", c.declineOrgInvitation),
		permitted("POST /my-organization/{id}/unbind", authz.UnbindOrganization, "my_organization.html", "My organization", c.leaveOrganization),
		// webhooks to integrators (API.md)
		permitted("GET /webhooks", authz.ReadWebhooks, "webhooks.html", "Webhooks", c.webhooksPage),
		permitted("POST /webhooks", authz.ManageWebhooks, "webhooks.html", "Webhooks", c.createWebhook),
		permitted("POST /webhooks/{id}/delete", authz.ManageWebhooks, "webhooks.html", "Webhooks", c.deleteWebhook),
		permitted("POST /webhooks/deliveries/{id}/replay", authz.ManageWebhooks, "webhooks.html", "Webhooks", c.replayDelivery),
		// notification preferences of the message centre (SPEC §10)
		permitted("GET /messages/preferences", authz.ReadMessages, "preferences.html", "Notification settings", c.preferencesPage),
		permitted("POST /messages/preferences", authz.UpdateMessages, "preferences.html", "Notification settings", c.savePreferences),
		// sub-accounts, API tokens and staff verification (SPEC §4.2)
		member("GET /staff", c.staffPage),
		member("POST /staff", c.createStaff),
		member("GET /staff/{id}", c.editStaffPage),
		member("POST /staff/{id}", c.updateStaff),
		member("POST /staff/{id}/deactivate", c.staffAction),
		member("POST /staff/{id}/restore", c.staffAction),
		member("POST /staff/{id}/renew", c.staffAction),
		member("GET /staff-verification", c.staffVerificationPage),
		member("POST /staff-verification", c.startStaffVerification),
		member("POST /staff-verification/confirm", c.confirmStaffVerification),
		member("GET /api-tokens", c.tokensPage),
		member("POST /api-tokens", c.createToken),
		member("POST /api-tokens/{id}/revoke", c.revokeToken),
	}
}

// register puts every page of the route table on mux behind its gate.
func (c *Console) register(mux *http.ServeMux) {
	for _, rt := range c.routeTable() {
		if _, ok := authz.RuleOf(rt.Permission); rt.Permission != "" && !ok {
			panic(fmt.Sprintf("console page %s %s: unknown permission %q", rt.Method, rt.Path, rt.Permission))
		}
		c.routes = append(c.routes, rt)
		mux.HandleFunc(rt.Method+" "+rt.Path, c.gate(rt))
	}
}

// gate enforces what rt requires: anonymous visitors of a non-public page
// go to the log-in page and come back after; a missing permission is
// refused on the designed 403 page (fail). Then the request's text (path
// values, query and form values) must be valid (checkText).
func (c *Console) gate(rt Route) http.HandlerFunc {
	wildcards := wildcardsOf(rt.Path)
	return func(w http.ResponseWriter, r *http.Request) {
		secureHeaders(w.Header())
		if !rt.Public && authz.ActorFrom(r.Context()).Anonymous() {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if rt.Permission != "" {
			if err := authz.CheckCtx(r.Context(), rt.Permission, nil); err != nil {
				c.fail(w, r, rt.page, page{Title: rt.title}, err)
				return
			}
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, c.maxBody())
		}
		if err := checkText(r, wildcards); err != nil {
			c.fail(w, r, "error.html", page{Title: "Error"}, err)
			return
		}
		rt.handler(w, r)
	}
}

// checkText refuses text that is not valid UTF-8 or holds a NUL in the
// path values named wildcards, the query and the submitted form, each as a
// field error under its own name. It parses the form, so the handler finds
// it parsed.
func checkText(r *http.Request, wildcards []string) error {
	var g httpx.TextGuard
	for _, name := range wildcards {
		g.Check(name, r.PathValue(name))
	}
	g.CheckValues(r.URL.Query(), "query")
	if r.Method == http.MethodPost {
		// ParseMultipartForm drops ParseForm's error for other forms.
		err := r.ParseForm()
		if merr := r.ParseMultipartForm(maxForm); err == nil {
			err = merr
		}
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return httpx.TooLarge(tooLarge.Limit)
		} // a form that cannot be read otherwise is an empty one, as before
		g.CheckValues(r.PostForm, "form")
	}
	return g.Err()
}

// contentSecurityPolicy lets console pages load scripts, styles, images
// and forms from this origin only, with no inline script or style (htmx's
// indicator style and eval are turned off in the layout), and be framed by
// no one. Uploaded media carry their own sandbox policy (media.go).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secureHeaders sets the headers every console answer carries.
func secureHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
}

// maxBody bounds a console form: the largest upload and 1 MiB for the
// other fields.
func (c *Console) maxBody() int64 { return c.deps.MaxUpload + 1<<20 }

// wildcardsOf names the wildcards of a route pattern's path.
func wildcardsOf(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			name = strings.TrimSuffix(strings.TrimSuffix(name, "}"), "...")
			if name != "$" {
				out = append(out, name)
			}
		}
	}
	return out
}

// Routes returns the console's route table.
func (c *Console) Routes() []Route { return c.routes }
