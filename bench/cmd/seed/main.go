// Command seed fills a fresh Helio data folder or database with the
// deterministic data set of the load scenarios in bench/ (package
// bench/seed). It lives under bench/, outside cmd/helio, so that the
// production binary holds no second writer of the domains' tables.
//
//	go run ./bench/cmd/seed [--accounts N] [--follows N] [--contents N] [--seed N] [--fan-follows N]
//	    [--big-followers N] [flags of helio serve, such as --data DIR]
//
// The flags and HELIO_* variables of `helio serve` apply as there: the data
// folder or HELIO_DATABASE_URL, the argon2id settings of the one password
// hash, and HELIO_FEED_READ_THRESHOLD, which decides the fan-out mode of
// each seeded push. `-h` lists every flag.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/helio-platform/helio/bench/seed"
	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Getenv); err != nil {
		// One line, even for drivers whose errors span several.
		fmt.Fprintln(os.Stderr, "seed:", strings.Join(strings.Fields(err.Error()), " "))
		os.Exit(1)
	}
}

// run parses the flags and the configuration, and seeds the database they
// name; -h prints the flags instead.
func run(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	d := seed.Defaults()
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.Uint64Var(&d.Seed, "seed", d.Seed, "seed of every random choice: the same seed writes the same rows")
	fs.IntVar(&d.Accounts, "accounts", d.Accounts, "users in all (the fan, the big account and the operator included)")
	fs.IntVar(&d.Follows, "follows", d.Follows, "follow edges in all (the fan's and the big account's included)")
	fs.IntVar(&d.Contents, "contents", d.Contents, "published contents")
	fs.IntVar(&d.FanFollows, "fan-follows", d.FanFollows, "accounts the fan ("+seed.FanLogin+") follows")
	fs.IntVar(&d.BigFollowers, "big-followers", d.BigFollowers, "followers of the big account ("+seed.StarLogin+"); at most accounts-2")
	fs.IntVar(&d.StarContents, "star-contents", d.StarContents, "contents of the big account")
	fs.Float64Var(&d.CreatorShare, "creator-share", d.CreatorShare, "share of accounts with a creator account (the followed and publishing ones)")
	fs.Float64Var(&d.PushShare, "push-share", d.PushShare, "share of contents pushed to the follower feed")
	fs.Float64Var(&d.Skew, "skew", d.Skew, "Zipf exponent of the creators' popularity (above 1)")
	fs.BoolVar(&d.Versions, "versions", d.Versions, "also write each content's version row")
	end := fs.String("end", d.End.Format(time.RFC3339), "when the seeded history ends (follows 180-90 days before, contents in the last 90)")
	cfg, err := config.Load(fs, args, getenv)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(out)
		fs.PrintDefaults()
		return nil
	}
	if err != nil {
		return err
	}
	if d.End, err = time.Parse(time.RFC3339, *end); err != nil {
		return fmt.Errorf("--end: %w", err)
	}
	// The fan-out mode of each seeded push follows the server's threshold.
	d.ReadThreshold = cfg.Feed.ReadThreshold
	d.Progress = out
	t0 := time.Now()
	if d.PasswordHash, err = account.NewHasher(cfg.Account.Argon2MemoryKiB, cfg.Account.Argon2Time, cfg.Account.Argon2Threads).Hash(seed.Password); err != nil {
		return err
	}
	db, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(out, "seeding %s: %d accounts, %d follows, %d contents, seed %d, read threshold %d (hash %s)\n",
		db.Dialect(), d.Accounts, d.Follows, d.Contents, d.Seed, d.ReadThreshold, time.Since(t0).Round(time.Millisecond))
	r, err := seed.Run(ctx, db, d)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "seeded in %s: %d users, %d creator accounts, %d follows, %d contents, %d feed pushes "+
		"(%d fan-out on write, %d on read from %d authors), %d inbox rows\n",
		r.Elapsed.Round(time.Millisecond), r.Users, r.Creators, r.Follows, r.Contents, r.Pushes, r.WriteEntries,
		r.ReadEntries, r.ReadAuthors, r.InboxRows)
	fmt.Fprintf(out, "log in as %s, %s (follows %d) or %s (operator), password %s; %s has %d followers, the last %s\n",
		seed.StarLogin, seed.FanLogin, d.FanFollows, seed.OperatorLogin, seed.Password, seed.StarLogin, d.BigFollowers,
		r.LastStarFollower)
	return nil
}
