// Command exportload times an "everything" export (SPEC §12) of one account
// of a database filled by bench/cmd/seed (the big account, benchstar, by
// default): it asks for the export as that account, works the export job
// in this process, streams the file to nowhere, and prints the time, the
// size, the rows read and the process's peak memory (VmHWM), which stays
// flat however big the account because one page is held at a time.
//
//	go run ./bench/exportload [--login benchstar] [--format csv|json] [flags of helio serve, such as --data DIR]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/helio-platform/helio/bench/benchapp"

	"github.com/helio-platform/helio/bench/seed"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/export"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "exportload:", err)
		os.Exit(1)
	}
}

// run parses the flags, opens the configured database and times one export.
func run(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("exportload", flag.ContinueOnError)
	login := fs.String("login", seed.StarLogin, "the account whose everything is exported")
	format := fs.String("format", export.FormatCSV, "csv or json")
	a, err := benchapp.Open(ctx, fs, args, out, getenv)
	if err != nil || a == nil {
		return err
	}
	defer a.Close()
	u, _, err := a.Accounts.FindCredentials(ctx, *login)
	if err != nil {
		return fmt.Errorf("find %s: %w", *login, err)
	}
	me := authz.WithActor(ctx, authz.Actor{UserID: u.ID})
	// Work off what is already queued (a fresh demo's recompute and
	// settlement), so that the time is the export's alone.
	for ran := true; ran; {
		if ran, err = a.Jobs.RunOnce(ctx, "exportload"); err != nil {
			return err
		}
	}
	t0 := time.Now()
	e, err := a.Exports.CreateExport(me, export.ExportInput{Kind: export.KindAll, Format: *format})
	if err != nil {
		return err
	}
	for {
		ran, err := a.Jobs.RunOnce(ctx, "exportload")
		if err != nil {
			return err
		}
		if e, err = a.Exports.FindExportByID(me, e.ID); err != nil {
			return err
		}
		if e.State == export.StateDone {
			break
		}
		if !ran {
			return fmt.Errorf("the export stopped at %d of %d", e.Done, e.Total)
		}
	}
	took := time.Since(t0)
	t1 := time.Now()
	f, err := a.Exports.FindFile(me, e.ID)
	if err != nil {
		return err
	}
	n := &counter{}
	if err := a.Exports.CopyFile(me, f, n); err != nil {
		return err
	}
	fmt.Fprintf(out, "everything export of %s on %s (%s): %d units (contents, entries, events), %.1f MB in %s (%.0f units/s); "+
		"download streamed in %s; peak RSS %s, batch %d\n", *login, a.DB.Dialect(), *format, e.Done, float64(n.n)/1e6,
		took.Round(time.Millisecond), float64(e.Done)/took.Seconds(), time.Since(t1).Round(time.Millisecond), peakRSS(),
		a.Config.Export.Batch)
	return nil
}

// counter counts the bytes written to it.
type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// peakRSS is the process's VmHWM from /proc/self/status.
func peakRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
