package web

import (
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/ledger"
)

// eventLabels name the audit trail's actions for people; each is a message
// id, so the activity log reads in the viewer's language. An action not
// listed is shown by its name.
var eventLabels = map[string]i18n.Text{
	"account.password_rehash":         i18n.T("Strengthened the stored password"),
	"account.password_reset":          i18n.T("Reset the password"),
	"account.password_reset_request":  i18n.T("Asked for a password reset"),
	"account.password_reset_start":    i18n.T("Started a password reset"),
	"account.password_set":            i18n.T("Set a new password"),
	"account.phone_set":               i18n.T("Bound a phone"),
	"account.recover":                 i18n.T("Looked up an account for recovery"),
	"account.sign_up":                 i18n.T("Signed up"),
	"analytics.backfill":              i18n.T("Started filling in the daily figures"),
	"analytics.backfill_done":         i18n.T("Filled in the daily figures"),
	"analytics.compute":               i18n.T("Computed the daily figures"),
	"api_token.create":                i18n.T("Created an API token"),
	"api_token.revoke":                i18n.T("Revoked an API token"),
	"appeal.create":                   i18n.T("Appealed against a restriction"),
	"appeal.rejected":                 i18n.T("Appeal rejected"),
	"appeal.upheld":                   i18n.T("Appeal upheld"),
	"authz.denied":                    i18n.T("Refused for lack of permission"),
	"brand_entry.submit":              i18n.T("Submitted a brand entry"),
	"capability.apply":                i18n.T("Applied for a capability"),
	"certification.expire":            i18n.T("Certification expired"),
	"certification.submit":            i18n.T("Submitted certification"),
	"comment.create":                  i18n.T("Commented"),
	"comment.hide":                    i18n.T("Hid a comment"),
	"comment.pin":                     i18n.T("Pinned a comment"),
	"comment.reward":                  i18n.T("Rewarded a comment"),
	"comment.show":                    i18n.T("Showed a hidden comment"),
	"comment.unpin":                   i18n.T("Unpinned a comment"),
	"commission_click.record":         i18n.T("Recorded a click on a tracked link"),
	"content.create":                  i18n.T("Created a draft"),
	"content.delete":                  i18n.T("Deleted content"),
	"content.in_review":               i18n.T("Content sent to review"),
	"content.published":               i18n.T("Content published"),
	"content.push":                    i18n.T("Pushed content"),
	"content.rejected":                i18n.T("Content rejected"),
	"content.restore":                 i18n.T("Restored content"),
	"content.save":                    i18n.T("Saved a draft"),
	"content.save_conflict":           i18n.T("Kept a conflicting save"),
	"content.scheduled":               i18n.T("Content scheduled"),
	"content.share":                   i18n.T("Shared content"),
	"content.submit":                  i18n.T("Submitted content for review"),
	"content.withdraw":                i18n.T("Withdrew content"),
	"content.withdraw_push":           i18n.T("Withdrew a push"),
	"creator_account.name_collision":  i18n.T("Creator name taken; a new one was given"),
	"creator_account.open":            i18n.T("Opened a creator account"),
	"creator_account.profile_change":  i18n.T("Scheduled a profile change"),
	"creator_account.update":          i18n.T("Changed a creator account"),
	"export.expire":                   i18n.T("Export expired"),
	"export.finish":                   i18n.T("Export finished"),
	"feed.follow":                     i18n.T("Followed an account"),
	"feed.unfollow":                   i18n.T("Unfollowed an account"),
	"level.change":                    i18n.T("Level changed"),
	"level.recompute":                 i18n.T("Levels recomputed"),
	"level.recompute.plan":            i18n.T("Planned a level recomputation"),
	"level_rules.update":              i18n.T("Changed the level rules"),
	"media.upload":                    i18n.T("Uploaded a file"),
	"message.read":                    i18n.T("Read a message"),
	"message.read_all":                i18n.T("Marked all messages read"),
	"notification_preferences.update": i18n.T("Changed notification preferences"),
	"operation_account.accept":        i18n.T("Accepted an operation-account invitation"),
	"operation_account.invite":        i18n.T("Invited an operation account"),
	"operation_account.unbind":        i18n.T("Unbound an operation account"),
	"operator.create":                 i18n.T("Created an operator"),
	"order_event.post":                i18n.T("Recorded an order event"),
	"organization_binding.end":        i18n.T("Left an organization"),
	"payout.bind":                     i18n.T("Bound a payout account"),
	"real_name.verify":                i18n.T("Verified the real name"),
	"restriction.create":              i18n.T("Restricted"),
	"restriction.end":                 i18n.T("Restriction ended"),
	"restriction.lift":                i18n.T("Restriction lifted"),
	"review.approved":                 i18n.T("Application approved"),
	"review.rejected":                 i18n.T("Application rejected"),
	"security.device_remove":          i18n.T("Forgot a device"),
	"security.passkey_add":            i18n.T("Added a passkey"),
	"security.passkey_remove":         i18n.T("Removed a passkey"),
	"security.passkey_start":          i18n.T("Started adding a passkey"),
	"security.password_change":        i18n.T("Changed the password"),
	"security.phone_change":           i18n.T("Changed the phone"),
	"security.phone_change_start":     i18n.T("Started changing the phone"),
	"security.settings":               i18n.T("Changed security settings"),
	"security.totp_confirm":           i18n.T("Tried an authenticator code"),
	"security.totp_off":               i18n.T("Turned the authenticator app off"),
	"security.totp_on":                i18n.T("Turned the authenticator app on"),
	"security.totp_start":             i18n.T("Started setting up an authenticator app"),
	"session.code_sent":               i18n.T("Sent a verification code"),
	"session.lock":                    i18n.T("Log-in blocked for a while"),
	"session.login":                   i18n.T("Logged in"),
	"session.logout":                  i18n.T("Logged out"),
	"session.revoke":                  i18n.T("Signed a session out"),
	"session.revoke_others":           i18n.T("Signed the other sessions out"),
	"session.step_up":                 i18n.T("Asked to confirm it is you"),
	"session.switch_account":          i18n.T("Switched to another creator account"),
	"session.unlock":                  i18n.T("Log-in block lifted"),
	"session.verify":                  i18n.T("Confirmed it is you"),
	"settlement.finish":               i18n.T("Settlement run finished"),
	"shop.register":                   i18n.T("Registered a shop"),
	"sub_account.create":              i18n.T("Created a sub-account"),
	"sub_account.deactivate":          i18n.T("Deactivated a sub-account"),
	"sub_account.password_rehash":     i18n.T("Strengthened a sub-account's stored password"),
	"sub_account.renew":               i18n.T("Renewed a sub-account's verification deadline"),
	"sub_account.restore":             i18n.T("Restored a sub-account"),
	"sub_account.restrict":            i18n.T("Restricted an unverified sub-account"),
	"sub_account.update":              i18n.T("Changed a sub-account"),
	"sub_account.verify":              i18n.T("Passed real-person verification"),
	"task.accepted":                   i18n.T("Accepted a task"),
	"task.cancelled":                  i18n.T("Cancelled a task"),
	"task.confirmed":                  i18n.T("Confirmed a task's delivery"),
	"task.declined":                   i18n.T("Declined a task"),
	"task.delivered":                  i18n.T("Delivered a task"),
	"task.disputed":                   i18n.T("Disputed a task"),
	"task.expired":                    i18n.T("Task expired"),
	"task.ordered":                    i18n.T("Ordered a task"),
	"task.resolved":                   i18n.T("Task dispute resolved"),
	"task_quote.create":               i18n.T("Set a task quote"),
	"task_quote.delete":               i18n.T("Removed a task quote"),
	"task_quote.update":               i18n.T("Changed a task quote"),
	"task_rules.update":               i18n.T("Changed the task rules"),
	"user.nickname_collision":         i18n.T("Nickname taken; a new one was given"),
	"webhook.create":                  i18n.T("Added a webhook"),
	"webhook.delete":                  i18n.T("Removed a webhook"),
	"webhook.replay":                  i18n.T("Replayed a webhook delivery"),
	"webhook.update":                  i18n.T("Changed a webhook"),
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

// sceneLabels name the commission scenes (commission.Scenes) as the
// source's channels are known.
var sceneLabels = map[string]i18n.Text{
	commission.SceneLive:           i18n.T("Live stream"),
	commission.SceneFollowerFeed:   i18n.T("Follower feed"),
	commission.SceneSubscription:   i18n.T("Subscription"),
	commission.ScenePublic:         i18n.T("Public feeds"),
	commission.SceneHeadlines:      i18n.T("Headlines"),
	commission.SceneGoodFinds:      i18n.T("Good finds"),
	commission.SceneMustBuy:        i18n.T("Must-buy lists"),
	commission.SceneStreet:         i18n.T("Street"),
	commission.SceneGlobalShopping: i18n.T("Global shopping"),
	commission.SceneShortVideo:     i18n.T("Short video"),
	commission.SceneGrocery:        i18n.T("Grocery store"),
}

// settlementStates name the states of a settlement run.
var settlementStates = map[string]i18n.Text{
	commission.SettlementQueued:  i18n.T("waiting to start"),
	commission.SettlementRunning: i18n.T("in progress"),
	commission.SettlementDone:    i18n.T("done"),
}

// poolReasons say in the reader's language why a distribution paid
// nothing (commission.PoolDistribution.Reason).
var poolReasons = map[string]i18n.Text{
	commission.ReasonPoolEmpty: i18n.T("The pool holds nothing to distribute for this month."),
	commission.ReasonNoScores:  i18n.T("No content of a creator at the settlement level scored in this channel and month: the pool stays for a later distribution."),
}

// bucketLabels name the parts of a creator's commission account
// (ledger.Pending, ledger.NotPayable, ledger.Settled).
var bucketLabels = map[string]i18n.Text{
	ledger.Pending:    i18n.T("Pending settlement"),
	ledger.NotPayable: i18n.T("Not payable"),
	ledger.Settled:    i18n.T("Settled"),
}
