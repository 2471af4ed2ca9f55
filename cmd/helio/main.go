// Command helio runs the Helio creator platform.
//
//	helio serve [--demo] [flags]   start the server (SQLite in ./helio-data unless --database-url)
//	helio migrate [flags]          apply pending database migrations
//	helio demo [flags]             load the demo data set
//	helio admin create-operator --login NAME --password PASS [--roles admin,reviewer] [--email ADDR]
//	helio analytics backfill [--days N]   compute the daily figures of the last N days (default 365)
//	helio version                  the build and its SQLite driver
//
// Every flag has a HELIO_* environment equivalent; `helio serve -h` lists them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/config"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/demo"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Getenv); err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(os.Stderr, "helio:", err)
			os.Exit(2)
		}
		// One line, even for drivers whose errors span several.
		fmt.Fprintln(os.Stderr, "helio:", strings.Join(strings.Fields(err.Error()), " "))
		os.Exit(1)
	}
}

// usageError is a mistake in the command line or configuration.
type usageError struct{ error }

const usage = `usage:
  helio serve [--demo] [flags]
  helio migrate [flags]
  helio demo [flags]
  helio admin create-operator --login NAME --password PASS [--roles admin] [--email ADDR]
  helio analytics backfill [--days N]
  helio version
run "helio serve -h" for the flags and their HELIO_* variables`

func run(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		return usageError{errors.New(usage)}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, out, getenv)
	case "migrate":
		return migrate(ctx, rest, out, getenv)
	case "demo":
		return loadDemo(ctx, rest, out, getenv)
	case "admin":
		return admin(ctx, rest, out, getenv)
	case "analytics":
		return backfillAnalytics(ctx, rest, out, getenv)
	case "version":
		fmt.Fprintln(out, "helio", buildVersion(), "(SQLite driver "+db.SQLiteDriver+")")
		return nil
	case "help", "-h", "--help":
		fmt.Fprintln(out, usage)
		return nil
	}
	return usageError{fmt.Errorf("unknown command %q\n%s", cmd, usage)}
}

// load parses the shared configuration, printing the flags on -h.
func load(fs *flag.FlagSet, args []string, out io.Writer, getenv func(string) string) (config.Config, error) {
	cfg, err := config.Load(fs, args, getenv)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(out)
		fs.PrintDefaults()
		return cfg, err
	}
	if err != nil {
		return cfg, usageError{err}
	}
	return cfg, nil
}

// withApp parses the configuration, wires a process, runs fn with it and
// closes it.
func withApp(ctx context.Context, fs *flag.FlagSet, args []string, out io.Writer, getenv func(string) string,
	fn func(cfg config.Config, a *app.App) error) error {
	cfg, err := load(fs, args, out, getenv)
	if err != nil {
		return ignoreHelp(err)
	}
	a, err := app.New(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(cfg, a)
}

func serve(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	return withApp(ctx, flag.NewFlagSet("serve", flag.ContinueOnError), args, out, getenv, func(cfg config.Config, a *app.App) error {
		if cfg.Demo {
			if _, err := demo.Load(ctx, a.DemoServices()); err != nil {
				return err
			}
		}
		return a.Serve(ctx, func(addr string) {
			if cfg.Demo {
				demo.PrintLogins(out, "http://"+addr)
			}
		})
	})
}

func migrate(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	cfg, err := load(fs, args, out, getenv)
	if err != nil {
		return ignoreHelp(err)
	}
	d, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Fprintf(out, "migrations are current (%s)\n", d.Dialect())
	return nil
}

func loadDemo(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	return withApp(ctx, flag.NewFlagSet("demo", flag.ContinueOnError), args, out, getenv, func(cfg config.Config, a *app.App) error {
		if _, err := demo.Load(ctx, a.DemoServices()); err != nil {
			return err
		}
		demo.PrintLogins(out, cfg.PublicURL)
		return nil
	})
}

func admin(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "create-operator" {
		return usageError{errors.New("usage: helio admin create-operator --login NAME --password PASS [--roles admin,reviewer] [--email ADDR]")}
	}
	fs := flag.NewFlagSet("admin create-operator", flag.ContinueOnError)
	login := fs.String("login", "", "the operator's log-in name (nickname)")
	password := fs.String("password", "", "the operator's password (policy of HELIO_PASSWORD_POLICY)")
	roles := fs.String("roles", "admin", "comma-separated roles: admin, reviewer, activity_manager, finance")
	email := fs.String("email", "", "the operator's e-mail, where step-up codes go (recommended)")
	return withApp(ctx, fs, args[1:], out, getenv, func(_ config.Config, a *app.App) error {
		var list []string
		for _, r := range strings.Split(*roles, ",") {
			if r = strings.TrimSpace(r); r != "" {
				list = append(list, r)
			}
		}
		u, err := a.Accounts.CreateOperator(ctx, account.Operator{Login: *login, Password: *password, Roles: list, Email: *email})
		if err != nil {
			return usageError{err}
		}
		fmt.Fprintf(out, "operator %s (%s) has roles %s\n", u.Nickname, u.ID, strings.Join(u.Roles, ", "))
		return nil
	})
}

// backfillAnalytics computes the dashboards' daily figures of the last
// days at once (they are also backfilled at the first start and computed
// daily); running it again is harmless.
func backfillAnalytics(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "backfill" {
		return usageError{errors.New("usage: helio analytics backfill [--days N]")}
	}
	fs := flag.NewFlagSet("analytics backfill", flag.ContinueOnError)
	days := fs.Int("days", 365, "how many days back to compute, today included")
	return withApp(ctx, fs, args[1:], out, getenv, func(_ config.Config, a *app.App) error {
		b, err := a.Analytics.Backfill(ctx, *days)
		if err != nil {
			return usageError{err}
		}
		fmt.Fprintf(out, "daily figures computed for the days from %s up to %s (excluded)\n", b.From, b.To)
		return nil
	})
}

func ignoreHelp(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

func buildVersion() string {
	if version != "dev" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return version
}
