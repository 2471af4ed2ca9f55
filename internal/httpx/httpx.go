// Package httpx is the HTTP layer the API (package httpapi) and the console
// (package web) share: the services both call, built once by package app;
// the one error writer, which turns any error into a status and a message in
// the request's language and logs internal errors once through the app's
// logger; the HTTP status of each apperr code; and the session cookie.
// Domain packages know nothing of HTTP; this package is where their errors
// and sessions meet it.
package httpx

import (
	"log/slog"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/analytics"
	"github.com/helio-platform/helio/internal/appeal"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/backoffice"
	"github.com/helio-platform/helio/internal/channel"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creative"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/discover"
	"github.com/helio-platform/helio/internal/export"
	"github.com/helio-platform/helio/internal/feed"
	"github.com/helio-platform/helio/internal/idempotency"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/level"
	"github.com/helio-platform/helio/internal/media"
	"github.com/helio-platform/helio/internal/moderation"
	"github.com/helio-platform/helio/internal/notify"
	"github.com/helio-platform/helio/internal/org"
	"github.com/helio-platform/helio/internal/staff"
	"github.com/helio-platform/helio/internal/task"
	"github.com/helio-platform/helio/internal/webhook"
)

// Services are the app's services and the settings the HTTP surfaces need.
// Package app builds them once; the API and the console call the same ones.
type Services struct {
	// Logger is the process logger (HELIO_LOG_FORMAT, HELIO_LOG_LEVEL).
	Logger   *slog.Logger
	Accounts *account.Service
	Auth     *auth.Service
	Notify   *notify.Service
	Audit    *audit.Log
	Jobs     *jobs.Queue
	Creators *creator.Service
	Media    *media.Service
	Reviews  *backoffice.Queue
	Staff    *staff.Service
	// Contents holds drafts, versions and the content lifecycle.
	Contents *content.Service
	// Moderation holds the machine-check rule tables.
	Moderation *moderation.Service
	// Feed holds follows, feeds and homepages.
	Feed *feed.Service
	// Levels holds the creator index, levels and their rule tables.
	Levels *level.Service
	// Idempotency keeps the answers of requests made with an
	// Idempotency-Key.
	Idempotency *idempotency.Store
	// Commission holds products, tracked links, order events, settlement
	// and the ledger of affiliate commission.
	Commission *commission.Service
	// Analytics holds the daily figures the dashboards draw.
	Analytics *analytics.Service
	// Tasks holds the task marketplace: quotes, orders with escrow, their
	// timers and disputes, and operation accounts.
	Tasks *task.Service
	// Channels holds channels, activities and their submissions.
	Channels *channel.Service
	// Creative holds the creative centre: hot topics, rankings, personas.
	Creative *creative.Service
	// Discover holds the fans' discover page and search.
	Discover *discover.Service
	// Appeals holds account restrictions and the appeals against them.
	Appeals *appeal.Service
	// Exports holds export jobs and their files.
	Exports *export.Service
	// Orgs holds organizations, their invitations, contracts and bindings.
	Orgs *org.Service
	// Webhooks holds webhook subscriptions and their deliveries.
	Webhooks *webhook.Service
	// MaxUpload bounds an upload's body; the media service applies the
	// limit of each kind of file.
	MaxUpload int64
	// SecureCookies sets the Secure flag on the console's cookies.
	SecureCookies bool
	// PublicURL is where people reach this server; share links start with it.
	PublicURL string
	// DevCodes is set when one-time codes are written to the log for
	// developers (the demo, Config.DevCodes); pages then say so.
	DevCodes bool
}
