package web

import "github.com/helio-platform/helio/internal/i18n"

// eventLabels name the audit trail's actions for people; each is a message
// id, so the activity log reads in the viewer's language. An action not
// listed is shown by its name.
var eventLabels = map[string]i18n.Text{
	"account.sign_up":                i18n.T("Signed up"),
	"account.password_reset_request": i18n.T("Asked for a password reset"),
	"account.password_reset_start":   i18n.T("Started a password reset"),
	"account.password_reset":         i18n.T("Reset the password"),
	"account.password_set":           i18n.T("Set a new password"),
	"account.password_rehash":        i18n.T("Strengthened the stored password"),
	"account.phone_set":              i18n.T("Bound a phone"),
	"account.recover":                i18n.T("Looked up an account for recovery"),
	"api_token.create":               i18n.T("Created an API token"),
	"api_token.revoke":               i18n.T("Revoked an API token"),
	"authz.denied":                   i18n.T("Refused for lack of permission"),
	"brand_entry.submit":             i18n.T("Submitted a brand entry"),
	"capability.apply":               i18n.T("Applied for a capability"),
	"certification.submit":           i18n.T("Submitted certification"),
	"certification.expire":           i18n.T("Certification expired"),
	"comment.create":                 i18n.T("Commented"),
	"content.create":                 i18n.T("Created a draft"),
	"content.save":                   i18n.T("Saved a draft"),
	"content.save_conflict":          i18n.T("Kept a conflicting save"),
	"content.submit":                 i18n.T("Submitted content for review"),
	"content.published":              i18n.T("Content published"),
	"content.push":                   i18n.T("Pushed content"),
	"content.withdraw_push":          i18n.T("Withdrew a push"),
	"content.withdraw":               i18n.T("Withdrew content"),
	"content.delete":                 i18n.T("Deleted content"),
	"content.restore":                i18n.T("Restored content"),
	"content.share":                  i18n.T("Shared content"),
	"creator_account.open":           i18n.T("Opened a creator account"),
	"creator_account.update":         i18n.T("Changed a creator account"),
	"creator_account.profile_change": i18n.T("Scheduled a profile change"),
	"feed.follow":                    i18n.T("Followed an account"),
	"feed.unfollow":                  i18n.T("Unfollowed an account"),
	"level.change":                   i18n.T("Level changed"),
	"media.upload":                   i18n.T("Uploaded a file"),
	"message.read":                   i18n.T("Read a message"),
	"payout.bind":                    i18n.T("Bound a payout account"),
	"real_name.verify":               i18n.T("Verified the real name"),
	"review.approved":                i18n.T("Application approved"),
	"review.rejected":                i18n.T("Application rejected"),
	"security.settings":              i18n.T("Changed security settings"),
	"security.password_change":       i18n.T("Changed the password"),
	"security.phone_change_start":    i18n.T("Started changing the phone"),
	"security.phone_change":          i18n.T("Changed the phone"),
	"security.totp_start":            i18n.T("Started setting up an authenticator app"),
	"security.totp_confirm":          i18n.T("Tried an authenticator code"),
	"security.totp_on":               i18n.T("Turned the authenticator app on"),
	"security.totp_off":              i18n.T("Turned the authenticator app off"),
	"security.passkey_start":         i18n.T("Started adding a passkey"),
	"security.passkey_add":           i18n.T("Added a passkey"),
	"security.passkey_remove":        i18n.T("Removed a passkey"),
	"security.device_remove":         i18n.T("Forgot a device"),
	"session.login":                  i18n.T("Logged in"),
	"session.logout":                 i18n.T("Logged out"),
	"session.switch_account":         i18n.T("Switched to another creator account"),
	"session.step_up":                i18n.T("Asked to confirm it is you"),
	"session.code_sent":              i18n.T("Sent a verification code"),
	"session.verify":                 i18n.T("Confirmed it is you"),
	"session.lock":                   i18n.T("Log-in blocked for a while"),
	"session.revoke":                 i18n.T("Signed a session out"),
	"session.revoke_others":          i18n.T("Signed the other sessions out"),
	"sub_account.create":             i18n.T("Created a sub-account"),
	"sub_account.update":             i18n.T("Changed a sub-account"),
	"sub_account.deactivate":         i18n.T("Deactivated a sub-account"),
	"sub_account.restore":            i18n.T("Restored a sub-account"),
	"sub_account.restrict":           i18n.T("Restricted an unverified sub-account"),
	"sub_account.renew":              i18n.T("Renewed a sub-account's verification deadline"),
	"sub_account.verify":             i18n.T("Passed real-person verification"),
}

// outcomeLabels name the outcomes of audit events.
var outcomeLabels = map[string]i18n.Text{
	"success": i18n.T("Succeeded"),
	"denied":  i18n.T("Refused"),
	"failed":  i18n.T("Failed"),
}

// checkedFields name the fields of a content the machine checks read
// (content's moderation texts).
var checkedFields = map[string]i18n.Text{
	"title":    i18n.T("Title"),
	"body":     i18n.T("Body"),
	"products": i18n.T("Products"),
}

// label names an audit action or outcome in l, or gives it as it is.
func label(labels map[string]i18n.Text, name string, l i18n.Lang) string {
	if t, ok := labels[name]; ok {
		return t.In(l)
	}
	return name
}
