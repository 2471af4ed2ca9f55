package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/helio-platform/helio/bench/seed"
	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app"
)

const benchUsage = `usage: helio bench seed [--accounts N] [--follows N] [--contents N] [--seed N] [--fan-follows N]
       [--big-followers N] [flags]   fill a fresh data folder or database for the load scenarios of bench/`

// bench runs the benchmark helpers; today only `seed`.
func bench(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "seed" {
		return usageError{errors.New(benchUsage)}
	}
	d := seed.Defaults()
	fs := flag.NewFlagSet("bench seed", flag.ContinueOnError)
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
	cfg, err := load(fs, args[1:], out, getenv)
	if err != nil {
		return ignoreHelp(err)
	}
	if d.End, err = time.Parse(time.RFC3339, *end); err != nil {
		return usageError{fmt.Errorf("--end: %w", err)}
	}
	// The fan-out mode of each seeded push follows the server's threshold.
	d.ReadThreshold = cfg.Feed.ReadThreshold
	d.Progress = out
	t0 := time.Now()
	d.PasswordHash = account.NewHasher(cfg.Account.Argon2MemoryKiB, cfg.Account.Argon2Time, cfg.Account.Argon2Threads).Hash(seed.Password)
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
