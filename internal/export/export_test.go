package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/blob"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/export"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/testkit"
)

// demoWorld is a wired process with the demo loaded and its jobs run, and
// the context of 小雅穿搭 (content, comments, settled commission, audit).
func demoWorld(t *testing.T, d *db.DB) (*apptest.Env, context.Context) {
	env := apptest.New(t, d)
	ctx := context.Background()
	env.LoadDemo(t)
	u, _, err := env.Accounts.FindCredentials(ctx, demo.People[0].Nickname)
	testkit.Must(t, err)
	me := authz.WithActor(ctx, authz.Actor{UserID: u.ID})
	fan, _, err := env.Accounts.FindCredentials(ctx, "小鹿爱逛")
	testkit.Must(t, err)
	l, err := env.Contents.FindContents(me, content.Filter{})
	testkit.Must(t, err)
	_, err = env.Contents.AddComment(authz.WithActor(ctx, authz.Actor{UserID: fan.ID}), l.Items[0].ID, "", "这件针织衫在哪里买的？")
	testkit.Must(t, err)
	// The export holds what happened before it was asked for.
	env.Clock.Advance(time.Minute)
	return env, me
}

// download answers the file of a finished export.
func download(t *testing.T, s *export.Service, ctx context.Context, id string) []byte {
	t.Helper()
	e, err := s.FindFile(ctx, id)
	testkit.Must(t, err)
	var b bytes.Buffer
	testkit.Must(t, s.CopyFile(ctx, e, &b))
	return b.Bytes()
}

// crashingStore writes parts like the store it wraps, but reports a
// failure right after writing the crashAt-th one: the part is there, its
// progress unrecorded, as when a worker dies between the two.
type crashingStore struct {
	blob.Store
	puts    atomic.Int32
	crashAt int32
}

func (c *crashingStore) Put(ctx context.Context, key string, r io.Reader) error {
	if err := c.Store.Put(ctx, key, r); err != nil {
		return err
	}
	if c.puts.Add(1) == c.crashAt {
		return errors.New("worker died")
	}
	return nil
}

// TestExportResumedAfterCrashWritesTheSameFile: an "all" export whose
// worker died after writing its third part, resumed by another worker with
// one unit per part, produces byte for byte the file an uninterrupted
// export with 100 units per part produces, in CSV and in JSON; the files
// hold every kind, the CSV starts with a byte-order mark and the JSON
// parses.
func TestExportResumedAfterCrashWritesTheSameFile(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env, me := demoWorld(t, d)
		folder, err := blob.NewFolder(t.TempDir())
		testkit.Must(t, err)
		service := func(store blob.Store) (*export.Service, *jobs.Queue) {
			q := jobs.New(env.DB, env.Clock, jobs.Options{Backoff: time.Second})
			s := export.NewService(env.DB, env.Audit, env.Notify, q, env.Clock, store, export.Options{Batch: 1})
			s.RegisterSources(env.Contents, env.Commission, env.Audit)
			s.RegisterTasks(env.Tasks, env.Audit)
			return s, q
		}
		for _, format := range []string{export.FormatCSV, export.FormatJSON} {
			t0 := env.Clock.Now()
			crashing, q1 := service(&crashingStore{Store: folder, crashAt: 3})
			resumed, err := crashing.CreateExport(me, export.ExportInput{Kind: export.KindAll, Format: format})
			testkit.Must(t, err)
			if ran, err := q1.RunOnce(context.Background(), "dies"); !ran || err != nil {
				t.Fatalf("the first worker ran %v: %v", ran, err)
			}
			if e, _ := crashing.FindExportByID(me, resumed.ID); e.State != export.StateRunning || e.Done == 0 || e.Done >= e.Total {
				t.Fatalf("after the crash: %+v", e)
			}
			env.Clock.Advance(time.Minute)
			other, q2 := service(folder)
			if ran, err := q2.RunOnce(context.Background(), "resumes"); !ran || err != nil {
				t.Fatalf("the second worker ran %v: %v", ran, err)
			}
			got, err := other.FindExportByID(me, resumed.ID)
			testkit.Must(t, err)
			if got.State != export.StateDone || got.Done != got.Total || got.URL == "" {
				t.Fatalf("resumed export: %+v", got)
			}
			afterCrash := download(t, other, me, resumed.ID)

			env.Clock.Set(t0)
			whole, err := env.Exports.CreateExport(me, export.ExportInput{Kind: export.KindAll, Format: format})
			testkit.Must(t, err)
			env.DrainJobs(t)
			uninterrupted := download(t, env.Exports, me, whole.ID)
			if !bytes.Equal(afterCrash, uninterrupted) {
				t.Fatalf("%s: the resumed file (%d bytes) differs from the uninterrupted one (%d bytes)", format,
					len(afterCrash), len(uninterrupted))
			}
			text := string(uninterrupted)
			if format == export.FormatCSV {
				for _, want := range []string{"\ufeff# content\ncontent_id,", "# comments", "这件针织衫在哪里买的", "# earnings", "# audit", "测评：这双乐福鞋走一天不累脚",
					"commission.settle"} {
					if !strings.Contains(text, want) {
						t.Fatalf("the CSV lacks %q:\n%.2000s", want, text)
					}
				}
				continue
			}
			var doc struct {
				Kind     string                      `json:"kind"`
				Sections map[string][]map[string]any `json:"sections"`
			}
			testkit.Must(t, json.Unmarshal(uninterrupted, &doc))
			for _, k := range env.Exports.Kinds() {
				// 小雅穿搭 has no task orders (TestTasksExport… exports some).
				if rows, ok := doc.Sections[k]; !ok || len(rows) == 0 && k != export.KindTasks {
					t.Fatalf("the JSON has no %s: %.2000s", k, text)
				}
			}
			env.Clock.Advance(time.Hour)
		}
	})
}
