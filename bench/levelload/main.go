// Command levelload times a level recompute (SPEC §7) over a database
// filled by bench/cmd/seed: it starts a run as the seeded operator, works
// its jobs in this process with --workers workers, and prints the time, the
// accounts and the rate; then it runs a second, incremental recompute (no
// input changed, so nothing is rewritten) and times that too.
//
//	go run ./bench/levelload [--workers N] [flags of helio serve, such as --data DIR]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/helio-platform/helio/bench/benchapp"

	"github.com/helio-platform/helio/bench/seed"
	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/level"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "levelload:", err)
		os.Exit(1)
	}
}

// run parses the flags, opens the configured database and times two
// recomputes.
func run(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("levelload", flag.ContinueOnError)
	workers := fs.Int("workers", 2, "job workers working the recompute's batches")
	a, err := benchapp.Open(ctx, fs, args, out, getenv)
	if err != nil || a == nil {
		return err
	}
	defer a.Close()
	ops, _, err := a.Accounts.FindCredentials(ctx, seed.OperatorLogin)
	if err != nil {
		return fmt.Errorf("find the seeded operator %s: %w", seed.OperatorLogin, err)
	}
	operator := authz.WithActor(ctx, authz.Actor{UserID: ops.ID, Roles: ops.Roles})
	for _, label := range []string{"first recompute", "incremental recompute (nothing changed)"} {
		r, took, err := recompute(operator, a, *workers)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s on %s: %d accounts in %d batches, %d rewritten, %d up, %d down in %s (%.0f accounts/s, %d workers, batch %d)\n",
			label, a.DB.Dialect(), r.Total, r.Batches, r.Changed, r.Raised, r.Lowered, took.Round(time.Millisecond),
			float64(r.Total)/took.Seconds(), *workers, a.Config.Level.BatchSize)
	}
	return nil
}

// recompute starts a run and works the job queue until it is done.
func recompute(ctx context.Context, a *app.App, workers int) (level.Run, time.Duration, error) {
	t0 := time.Now()
	run, err := a.Levels.StartRecompute(ctx)
	if err != nil {
		return level.Run{}, 0, err
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for i := range workers {
		wg.Go(func() {
			for {
				ran, err := a.Jobs.RunOnce(ctx, fmt.Sprint("levelload-", i))
				if err != nil {
					errs <- err
					return
				}
				if ran {
					continue
				}
				// Nothing due: done, or another worker is planning the batches.
				r, err := a.Levels.FindRun(ctx, run.ID)
				if err != nil {
					errs <- err
					return
				}
				if r.Status == level.RunDone {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return level.Run{}, 0, err
	}
	run, err = a.Levels.FindRun(ctx, run.ID)
	if err == nil && run.Status != level.RunDone {
		err = fmt.Errorf("run %s stopped %s at %d of %d accounts", run.ID, run.Status, run.Done, run.Total)
	}
	return run, time.Since(t0), err
}
