// Package benchapp wires the process a load tool in bench/ measures.
package benchapp

import (
	"context"
	"errors"
	"flag"
	"io"

	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/config"
)

// Open parses the tool's flags in fs together with the configuration's
// (helio serve's flags and HELIO_* variables) and wires the app over the
// configured database. For -h it prints the flags to out and answers nil
// with no error: the caller has nothing to run.
func Open(ctx context.Context, fs *flag.FlagSet, args []string, out io.Writer, getenv func(string) string) (*app.App, error) {
	cfg, err := config.Load(fs, args, getenv)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(out)
		fs.PrintDefaults()
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return app.New(ctx, cfg, app.Options{})
}
