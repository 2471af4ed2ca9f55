// Package app is the composition root: configuration → database → services
// → HTTP surfaces and job workers, with a graceful start and stop.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/analytics"
	"github.com/helio-platform/helio/internal/appeal"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/backoffice"
	"github.com/helio-platform/helio/internal/blob"
	"github.com/helio-platform/helio/internal/channel"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/config"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creative"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/discover"
	"github.com/helio-platform/helio/internal/export"
	"github.com/helio-platform/helio/internal/feed"
	"github.com/helio-platform/helio/internal/httpapi"
	"github.com/helio-platform/helio/internal/httpx"
	"github.com/helio-platform/helio/internal/idempotency"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/level"
	"github.com/helio-platform/helio/internal/media"
	"github.com/helio-platform/helio/internal/moderation"
	"github.com/helio-platform/helio/internal/notify"
	"github.com/helio-platform/helio/internal/org"
	"github.com/helio-platform/helio/internal/staff"
	"github.com/helio-platform/helio/internal/task"
	"github.com/helio-platform/helio/internal/web"
	"github.com/helio-platform/helio/internal/webhook"
)

// App is one wired helio process. Its services are the ones the HTTP
// surfaces call, built once here.
type App struct {
	httpx.Services
	Config config.Config
	Clock  clock.Clock
	DB     *db.DB
	API    *httpapi.API
	// Console is the console's route table.
	Console *web.Console
	// Handler serves the API, the console, health and metrics.
	Handler http.Handler

	ownDB bool
}

// Options override parts of the wiring (tests pass a database and a clock).
type Options struct {
	DB     *db.DB
	Clock  clock.Clock
	Logger *slog.Logger
	// HashKey stands in for argon2id's key derivation (tests count or
	// hold password hashes with it).
	HashKey account.KeyFunc
}

// NewLogger builds the process logger from the configuration.
func NewLogger(cfg config.Config) *slog.Logger {
	hopts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, hopts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, hopts))
}

// Open connects to the configured database and applies pending migrations.
func Open(ctx context.Context, cfg config.Config) (*db.DB, error) {
	d, err := db.Open(ctx, db.Options{URL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath(), MaxConns: cfg.DBMaxConns})
	if err != nil {
		if cfg.DatabaseURL != "" {
			return nil, fmt.Errorf("HELIO_DATABASE_URL: %w", err)
		}
		return nil, fmt.Errorf("HELIO_DATA_DIR %s: %w", cfg.DataDir, err)
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// New wires a process from cfg.
func New(ctx context.Context, cfg config.Config, opts Options) (*App, error) {
	a := &App{Services: httpx.Services{Logger: opts.Logger}, Config: cfg, Clock: opts.Clock, DB: opts.DB}
	if a.Logger == nil {
		a.Logger = NewLogger(cfg)
	}
	if a.Clock == nil {
		a.Clock = clock.System{}
	}
	if a.DB == nil {
		d, err := Open(ctx, cfg)
		if err != nil {
			return nil, err
		}
		a.DB, a.ownDB = d, true
	}
	sender, err := notify.NewSender(cfg.Notify, cfg.SMS, cfg.SMSToken, a.Logger)
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("HELIO_NOTIFY: %w", err)
	}
	if cfg.DevCodes() {
		sender = notify.DevCodes{Sender: sender, Logger: a.Logger}
	}
	policy, err := account.NewPasswordPolicy(cfg.Account.PasswordPolicy, cfg.Account.PasswordDenylist)
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("HELIO_PASSWORD_POLICY: %w", err)
	}
	a.Audit = audit.New(a.DB, a.Clock)
	a.Jobs = jobs.New(a.DB, a.Clock, jobs.Options{Lease: cfg.JobLease, Poll: cfg.JobPoll, Workers: cfg.JobWorkers,
		Retention: cfg.JobRetention, Logger: a.Logger})
	a.Notify = notify.New(a.DB, a.Clock, a.Jobs, sender)
	hashing := []account.HasherOption{account.WithSlots(cfg.Account.HashSlots, cfg.Account.HashWait)}
	if opts.HashKey != nil {
		hashing = append(hashing, account.WithKeyFunc(opts.HashKey))
	}
	hasher := account.NewHasher(cfg.Account.Argon2MemoryKiB, cfg.Account.Argon2Time, cfg.Account.Argon2Threads, hashing...)
	a.Accounts = account.NewService(a.DB, a.Audit, a.Notify, a.Clock, policy, hasher)
	a.Notify.WithContacts(contacts{a.Accounts})
	blobs, err := openBlobs(ctx, cfg)
	if err != nil {
		a.Close()
		return nil, err
	}
	cc := cfg.Creator
	a.Media = media.NewService(a.DB, a.Audit, a.Clock, blobs, media.Limits{Image: cfg.Media.ImageMaxBytes, Video: cfg.Media.VideoMaxBytes,
		Pixels: cfg.Media.MaxPixels})
	a.Moderation = moderation.NewService(a.DB, a.Audit, a.Clock)
	a.Creators = creator.NewService(a.DB, a.Audit, a.Notify, a.Jobs, a.Clock, a.Media, a.Accounts, a.Moderation, creator.Options{
		NameChangeInterval: cc.NameChangeInterval, MinAge: cc.MinAge, CertificationValidity: cc.CertificationValidity,
		Providers: []creator.PayoutProvider{creator.DevPayoutProvider{}}})
	if err := a.rekeyNames(ctx); err != nil {
		a.Close()
		return nil, err
	}
	a.Contents = content.NewService(a.DB, a.Audit, a.Notify, a.Jobs, a.Clock, a.Media, a.Moderation,
		content.Options{SubscriptionPushesPerDay: cfg.Content.SubscriptionPushesPerDay})
	a.Feed = feed.NewService(a.DB, a.Audit, a.Jobs, a.Clock, a.Creators, a.Contents, feed.Options{
		ReadThreshold: cfg.Feed.ReadThreshold, FanoutBatch: cfg.Feed.FanoutBatch, Backfill: cfg.Feed.Backfill})
	a.Levels = level.NewService(a.DB, a.Audit, a.Notify, a.Jobs, a.Clock, a.Contents, a.Feed, a.Creators,
		level.Options{BatchSize: cfg.Level.BatchSize, DailyAt: cfg.Level.DailyAt})
	a.Reviews = backoffice.NewQueue(a.Creators, a.Accounts, backoffice.NewCalendar(cfg.Backoffice.Holidays, cfg.Backoffice.Workdays), cfg.Backoffice.ReviewSLA, a.Clock).
		WithContent(a.Contents)
	a.Appeals = appeal.NewService(a.DB, a.Audit, a.Notify, a.Clock, a.Accounts, appeal.Options{Due: a.Reviews.AppealDue})
	a.Reviews.WithAppeals(a.Appeals)
	a.Tasks = task.NewService(a.DB, a.Audit, a.Notify, a.Jobs, a.Clock, ledger.New(a.DB, a.Clock), a.Accounts, a.Creators, a.Feed)
	a.Reviews.WithTasks(a.Tasks)
	a.Channels = channel.NewService(a.DB, a.Audit, a.Notify, a.Clock, a.Levels, a.Creators, a.Contents, a.Accounts,
		channel.Options{Location: cfg.Channel.Location, ClosingSoon: cfg.Channel.ClosingSoon})
	a.Reviews.WithChannels(a.Channels)
	a.Creative = creative.NewService(a.DB, a.Audit, a.Clock, a.Contents, a.Feed, a.Accounts,
		creative.Options{Window: cfg.Channel.CreativeWindow, Location: cfg.Channel.Location})
	a.Discover = discover.NewService(a.Clock, a.Contents, a.Creators, discover.Options{})
	a.Webhooks = webhook.NewService(a.DB, a.Audit, a.Jobs, a.Clock, newWebhookPoster())
	a.Notify.Listen(a.Webhooks)
	a.Tasks.WithEvents(a.Webhooks)
	a.Exports = export.NewService(a.DB, a.Audit, a.Notify, a.Jobs, a.Clock, blobs,
		export.Options{Batch: cfg.Export.Batch, Retention: cfg.Export.Retention})
	a.Staff = staff.NewService(a.DB, a.Audit, a.Jobs, a.Clock, a.Accounts, cfg.Staff.SubAccountVerifyWithin)
	a.Auth, err = auth.NewService(a.DB, a.Audit, a.Clock, a.Accounts, auth.Options{SessionTTL: cfg.Security.SessionTTL, SessionCache: cfg.Security.SessionCache,
		Notify: a.Notify, Security: cfg.Security, Entitlements: a.Creators, Staff: a.Staff, Jobs: a.Jobs, Levels: a.Levels,
		Operations: a.Tasks, Restrictions: a.Appeals, Locks: a.Appeals})
	if err != nil {
		a.Close()
		return nil, err
	}
	a.Staff.EndSessionsWith(a.Auth)
	a.Appeals.WithLoginLocks(a.Auth)
	// The settlement gate asks authz about each creator's own actor (level
	// privileges and restrictions), so commission comes after auth.
	a.Commission = commission.NewService(a.DB, a.Audit, a.Jobs, a.Clock, ledger.New(a.DB, a.Clock), contentRefs{a.Contents},
		a.Auth, commission.Options{Sandbox: cfg.Commission.Sandbox, PublicURL: cfg.PublicURL, SettlementBatch: cfg.Commission.SettlementBatch})
	a.Commission.WithEvents(a.Webhooks)
	a.Analytics = analytics.NewService(a.DB, a.Audit, a.Jobs, a.Clock, a.Contents, a.Feed, a.Commission, analytics.Options{})
	a.Exports.RegisterSources(a.Contents, a.Commission, a.Audit)
	a.Exports.RegisterTasks(a.Tasks, a.Audit)
	a.Orgs = org.NewService(a.DB, a.Audit, a.Notify, a.Jobs, a.Clock, a.Accounts, a.Creators, a.Contents, a.Commission, a.Exports,
		org.Options{Notice: cfg.Org.Notice})
	regions, err := auth.NewRegions(cfg.Security)
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("HELIO_REGION_TABLE: %w", err)
	}

	mux := http.NewServeMux()
	a.MaxUpload = max(cfg.Media.ImageMaxBytes, cfg.Media.VideoMaxBytes) + 1
	a.SecureCookies = cfg.SecureCookies()
	a.PublicURL = cfg.PublicURL
	a.DevCodes = cfg.DevCodes()
	a.Idempotency = idempotency.New(a.DB, a.Clock, cfg.IdempotencyTTL)
	a.API = httpapi.New(mux, a.Services)
	a.Console = web.New(mux, a.Services)
	m := newMetrics(a.Jobs)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", a.ready)
	mux.Handle("GET "+metricsPath, guardMetrics(cfg.MetricsToken, promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})))
	a.Handler = observe(a.Logger, m, mux, cfg.Security.TrustedProxies, regions, crossOrigin(authenticate(a.Auth, mux)))
	return a, nil
}

// rekeyNames recomputes the name keys that a migration marked stale
// (migration 011's look-alike folding), before the process serves. A
// database with pending migrations is left alone: /readyz reports it, and
// the process that migrates it rekeys.
func (a *App) rekeyNames(ctx context.Context) error {
	if current, err := a.DB.Current(ctx); err != nil || !current {
		return nil
	}
	if err := a.Accounts.RekeyNicknames(ctx); err != nil {
		return err
	}
	return a.Creators.RekeyNames(ctx)
}

// ready answers 200 when the database answers, its migrations are current
// and it takes writes.
func (a *App) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := a.DB.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unreachable\n"))
		return
	}
	current, err := a.DB.Current(ctx)
	if err != nil || !current {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("migrations pending\n"))
		return
	}
	if err := a.DB.CheckWrite(ctx, a.Clock.Now()); err != nil {
		a.Logger.Warn("readiness: the database refuses writes", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database refuses writes\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// textIndexEvery is how often Serve brings lagging search indexes up to
// date (db.RefreshTextIndexes): draft saves leave that work to it.
const textIndexEvery = 2 * time.Second

// Serve listens on the configured address and runs the job workers until
// ctx is cancelled, then stops gracefully: the workers claim no more jobs
// from that moment, and in-flight requests and jobs are drained side by side
// for up to the shutdown timeout. Requests still open then are closed; jobs
// still running are cut off and their leases given back, so that another
// replica takes them over at once. The views counted in memory are written
// every HELIO_COUNT_FLUSH and once more after the last request. A stop
// returns nil, cut off or not. ready, when not nil, receives the listening
// address.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("HELIO_ADDR %s: %w", a.Config.Addr, err)
	}
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn)}
	if err := a.Levels.ScheduleDaily(ctx); err != nil {
		ln.Close()
		return fmt.Errorf("schedule the daily level recompute: %w", err)
	}
	if err := a.Analytics.ScheduleDaily(ctx); err != nil {
		ln.Close()
		return fmt.Errorf("schedule the daily analytics: %w", err)
	}
	jobsCtx, stopJobs := context.WithCancel(context.WithoutCancel(ctx))
	cutoff, cutOff := context.WithCancel(context.Background())
	defer cutOff()
	drained := make(chan jobs.Drained, 1)
	go func() { drained <- a.Jobs.Run(jobsCtx, cutoff) }()
	indexed, counted := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(indexed)
		a.DB.KeepTextIndexes(jobsCtx, textIndexEvery, func(err error) { a.Logger.Error("refresh the search indexes", "err", err) })
	}()
	go func() {
		defer close(counted)
		clock.Every(jobsCtx, a.Config.Content.CountFlush, a.Contents.FlushCounts,
			func(err error) { a.Logger.Error("write the view counts", "err", err) })
	}()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	a.Logger.Info("helio is listening", "addr", ln.Addr().String(), "database", string(a.DB.Dialect()))
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err = <-serveErr:
	case <-ctx.Done():
	}
	stopJobs()
	a.Logger.Info("stopping: claiming no more jobs; finishing in-flight requests and jobs", "timeout", a.Config.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	context.AfterFunc(shutdownCtx, cutOff)
	if serr := srv.Shutdown(shutdownCtx); serr != nil {
		a.Logger.Warn("requests still open at the shutdown timeout are closed", "err", serr)
		_ = srv.Close()
	}
	d := <-drained
	<-indexed
	<-counted
	if ferr := a.Contents.FlushCounts(context.WithoutCancel(ctx)); ferr != nil {
		a.Logger.Error("write the last view counts", "err", ferr)
	}
	a.Logger.Info("stopped", "jobs_finished", d.Finished, "jobs_cut_off", d.CutOff)
	return err
}

// Close releases the database when the App opened it.
func (a *App) Close() {
	if a.ownDB && a.DB != nil {
		a.DB.Close()
	}
}

// openBlobs opens the media store: the S3-compatible bucket HELIO_BLOB names,
// or the data folder's media/.
func openBlobs(ctx context.Context, cfg config.Config) (blob.Store, error) {
	if cfg.Media.Blob == "" {
		s, err := blob.NewFolder(filepath.Join(cfg.DataDir, "media"))
		if err != nil {
			return nil, fmt.Errorf("HELIO_DATA_DIR: %w", err)
		}
		return s, nil
	}
	opts, err := blob.ParseS3URL(cfg.Media.Blob)
	if err != nil {
		return nil, fmt.Errorf("HELIO_BLOB: %w", err)
	}
	opts.AccessKey, opts.SecretKey = cfg.Media.BlobAccessKey, cfg.Media.BlobSecretKey
	s, err := blob.OpenS3(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("HELIO_BLOB: %w", err)
	}
	return s, nil
}
