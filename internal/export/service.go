package export

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/blob"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/notify"
)

// Job kinds: running an export, and deleting its file once it expires.
const (
	RunKind    = "export.run"
	ExpireKind = "export.expire"
)

// Options are the configured numbers of exports.
type Options struct {
	// Batch is how many units one part reads.
	Batch int
	// Retention is how long a finished file is kept.
	Retention time.Duration
}

// SourceFunc makes the Source of one kind for an account's export asked
// for at asOf.
type SourceFunc func(ownerID string, asOf time.Time) Source

// Service holds the export use cases and runs export jobs.
type Service struct {
	db      *db.DB
	audit   *audit.Log
	notify  *notify.Service
	jobs    *jobs.Queue
	clock   clock.Clock
	blobs   blob.Store
	opts    Options
	store   store
	kinds   []string
	sources map[string]SourceFunc
	// handover reads a section of a hand-over (RegisterSources sets it).
	handover func(section string, e Export) Source
}

// NewService wires the export use cases and registers their jobs on q.
// Register the sources before the first export runs.
func NewService(d *db.DB, a *audit.Log, n *notify.Service, q *jobs.Queue, c clock.Clock, b blob.Store, opts Options) *Service {
	if opts.Batch <= 0 {
		opts.Batch = 500
	}
	if opts.Retention <= 0 {
		opts.Retention = 7 * 24 * time.Hour
	}
	s := &Service{db: d, audit: a, notify: n, jobs: q, clock: c, blobs: b, opts: opts, store: store{db: d},
		sources: map[string]SourceFunc{}}
	q.Handle(RunKind, s.run)
	q.Handle(ExpireKind, s.expire)
	return s
}

// Register adds a kind of export, read by f; "all" exports every kind in
// the order registered. Other domains (the task marketplace) add theirs.
func (s *Service) Register(kind string, f SourceFunc) {
	if _, ok := s.sources[kind]; !ok {
		s.kinds = append(s.kinds, kind)
	}
	s.sources[kind] = f
}

// Kinds lists the kinds this server exports, without "all".
func (s *Service) Kinds() []string { return s.kinds }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// CreateExport starts an export of the actor's data; its job runs later.
func (s *Service) CreateExport(ctx context.Context, in ExportInput) (Export, error) {
	if err := authz.CheckCtx(ctx, authz.CreateExport, nil); err != nil {
		return Export{}, err
	}
	if err := in.validate(s.kinds); err != nil {
		return Export{}, err
	}
	e := Export{ID: newID(), Owner: authz.ActorFrom(ctx).UserID, Kind: in.Kind, Format: in.Format, State: StateQueued,
		CreatedAt: s.clock.Now()}
	return s.create(ctx, e, audit.Event{Summary: e.Kind + " " + e.Format})
}

// CreateAuditExport starts an audit export (CSV) of the events the audit
// trail's search lists for q: the actor's own, or any account's for an
// operator who may read every trail. The scope is decided here, when the
// export is asked for, and stored with it.
func (s *Service) CreateAuditExport(ctx context.Context, q audit.Query) (Export, error) {
	a := authz.ActorFrom(ctx)
	f, err := q.Filter()
	if err != nil {
		return Export{}, err
	}
	if f, err = audit.Scope(a, f); err != nil {
		return Export{}, err
	}
	scope, err := json.Marshal(scopeOf(f))
	if err != nil {
		return Export{}, err
	}
	e := Export{ID: newID(), Owner: a.UserID, Kind: KindAudit, Format: FormatCSV, State: StateQueued, CreatedAt: s.clock.Now(),
		scope: string(scope)}
	return s.create(ctx, e, audit.Event{Summary: "audit csv " + string(scope)})
}

// CreateHandover starts a hand-over export inside the caller's
// transaction. The organizations domain calls it when a binding ends and
// has decided who receives it, so it checks no permission itself; the
// recipient downloads it as any export of its own.
func (s *Service) CreateHandover(ctx context.Context, h Handover) (Export, error) {
	from, to := h.From.UTC(), h.To.UTC()
	e := Export{ID: newID(), Owner: h.Recipient, Kind: KindHandover, Format: FormatCSV, State: StateQueued,
		CreatedAt: s.clock.Now(), Subject: h.Subject, From: &from, To: &to}
	return s.create(ctx, e, audit.Event{ActorID: audit.System, Summary: "handover of " + h.Subject})
}

// create stores e, queues its job and records ev (its actor and summary)
// as its creation, in one transaction.
func (s *Service) create(ctx context.Context, e Export, ev audit.Event) (Export, error) {
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createExport(ctx, e); err != nil {
			return err
		}
		var err error
		if e.JobID, err = s.jobs.Enqueue(ctx, RunKind, map[string]string{"export_id": e.ID}); err != nil {
			return apperr.Wrap(err, "queue export")
		}
		ev.OwnerID, ev.Action, ev.ObjectType, ev.ObjectID = e.Owner, "export.create", "export", e.ID
		return s.audit.Record(ctx, ev)
	})
	return s.withURL(e), err
}

// withURL sets the download address of a finished export.
func (s *Service) withURL(e Export) Export {
	if e.State == StateDone {
		e.URL = "/api/v1/exports/" + e.ID + "/file"
	}
	return e
}

// FindExportByID returns one of the actor's exports with its progress.
func (s *Service) FindExportByID(ctx context.Context, id string) (Export, error) {
	if err := authz.CheckCtx(ctx, authz.ReadExport, nil); err != nil {
		return Export{}, err
	}
	e, err := s.store.findExport(ctx, id)
	if err != nil {
		return Export{}, err
	}
	if err := authz.CheckCtx(ctx, authz.ReadExport, e); err != nil {
		return Export{}, err
	}
	return s.withURL(e), nil
}

// FindExports lists the actor's exports, newest first.
func (s *Service) FindExports(ctx context.Context, page db.Page) ([]Export, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReadExport, nil); err != nil {
		return nil, "", err
	}
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	var w db.Where
	w.Add("owner_id = ?", authz.ActorFrom(ctx).UserID)
	if !after.IsZero() {
		w.Keyset("created_at, id", "<", after.Time, after.ID)
	}
	es, err := s.store.findExports(ctx, w, limit)
	if err != nil {
		return nil, "", err
	}
	es, next := db.Trim(es, limit, func(e Export) (time.Time, string) { return e.CreatedAt, e.ID })
	for i := range es {
		es[i] = s.withURL(es[i])
	}
	return es, next, nil
}

// FindFile returns one of the actor's exports whose file is ready to
// download.
func (s *Service) FindFile(ctx context.Context, id string) (Export, error) {
	e, err := s.FindExportByID(ctx, id)
	if err != nil {
		return Export{}, err
	}
	switch e.State {
	case StateExpired:
		return Export{}, apperr.New(apperr.NotFound, "This export has expired; start a new one.")
	case StateQueued, StateRunning:
		return Export{}, apperr.New(apperr.Conflict, "This export is not finished yet (%d of %d).", e.Done, e.Total)
	}
	return e, nil
}

// CopyFile streams the file of an export FindFile answered to w, part by
// part, so memory holds one part whatever the file's size.
func (s *Service) CopyFile(ctx context.Context, e Export, w io.Writer) error {
	if err := authz.CheckCtx(ctx, authz.ReadExport, e); err != nil {
		return err
	}
	return s.copyParts(ctx, e, w)
}

// copyParts writes the parts of e in order.
func (s *Service) copyParts(ctx context.Context, e Export, w io.Writer) error {
	for n := range e.parts {
		rc, err := s.blobs.Get(ctx, partKey(e.ID, n))
		if err != nil {
			return apperr.Wrap(err, "open export part")
		}
		_, err = io.Copy(w, rc)
		rc.Close()
		if err != nil {
			return apperr.Wrap(err, "write export file")
		}
	}
	return nil
}

// FileName is the name a downloaded export file gets.
func (e Export) FileName() string {
	return fmt.Sprintf("helio-%s-%s.%s", e.Kind, e.CreatedAt.Format("20060102-150405"), e.Format)
}

// ContentType is the media type of the export's file.
func (e Export) ContentType() string {
	if e.Format == FormatCSV {
		return "text/csv; charset=utf-8"
	}
	return "application/json"
}

func partKey(id string, n int) string { return fmt.Sprintf("exports/%s/%06d", id, n) }

// sectionsOf lists the kinds an export of kind reads, in order.
func (s *Service) sectionsOf(kind string) []string {
	switch kind {
	case KindAll:
		return s.kinds
	case KindHandover:
		return []string{sectionHandoverContent, sectionHandoverLedger}
	}
	return []string{kind}
}

// source is the reader of one section of e.
func (s *Service) source(e Export, section string) (Source, error) {
	switch {
	case e.Kind == KindHandover:
		return s.handover(section, e), nil
	case e.scope != "":
		return scopedAudit(s.audit, e)
	}
	return s.sources[section](e.Owner, e.CreatedAt), nil
}

// run is the RunKind job: it writes the parts from the recorded position
// to the end, one transaction per part, and finishes the export.
func (s *Service) run(ctx context.Context, j jobs.Job) error {
	var p struct {
		ExportID string `json:"export_id"`
	}
	if err := j.Decode(&p); err != nil {
		return err
	}
	e, err := s.store.findExport(ctx, p.ExportID)
	if err != nil || e.State == StateDone || e.State == StateExpired {
		return err
	}
	ctx = authz.WithActor(ctx, authz.Actor{UserID: e.reader()})
	kinds := s.sectionsOf(e.Kind)
	if e.State == StateQueued {
		if e, err = s.start(ctx, e, kinds); err != nil {
			return err
		}
	}
	for e.section < len(kinds) {
		next, ok, err := s.writePart(ctx, e, kinds)
		if err != nil || !ok {
			return err
		}
		e = next
	}
	return s.finish(ctx, e)
}

// start counts the export's total and marks it running.
func (s *Service) start(ctx context.Context, e Export, kinds []string) (Export, error) {
	for _, k := range kinds {
		src, err := s.source(e, k)
		if err != nil {
			return Export{}, err
		}
		n, err := src.Count(ctx)
		if err != nil {
			return Export{}, fmt.Errorf("count %s: %w", k, err)
		}
		e.Total += n
	}
	e.State = StateRunning
	return e, s.store.updateStarted(ctx, e.ID, e.Total)
}

// writePart reads the page at e's position, writes it as part e.parts and
// records the position after it; ok is false when another worker recorded
// this part first (it then carries on).
func (s *Service) writePart(ctx context.Context, e Export, kinds []string) (Export, bool, error) {
	src, err := s.source(e, kinds[e.section])
	if err != nil {
		return Export{}, false, err
	}
	rows, units, cursor, err := src.Page(ctx, e.cursor, s.opts.Batch)
	if err != nil {
		return Export{}, false, fmt.Errorf("read %s: %w", kinds[e.section], err)
	}
	data, err := part{e: e, kinds: kinds, columns: src.Columns(), rows: rows, last: cursor == ""}.encode()
	if err != nil {
		return Export{}, false, err
	}
	if err := s.blobs.Put(ctx, partKey(e.ID, e.parts), bytes.NewReader(data)); err != nil {
		return Export{}, false, fmt.Errorf("write export part: %w", err)
	}
	next := e
	next.parts, next.Bytes, next.Done, next.cursor, next.rows = e.parts+1, e.Bytes+int64(len(data)), e.Done+units, cursor,
		e.rows+int64(len(rows))
	if cursor == "" {
		next.section, next.rows = e.section+1, 0
	}
	var ok bool
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		ok, err = s.store.updateProgress(ctx, e, next)
		return err
	})
	return next, ok, err
}

// finish marks the export done, schedules its file's expiry and tells its
// account.
func (s *Service) finish(ctx context.Context, e Export) error {
	now := s.clock.Now()
	expires := now.Add(s.opts.Retention)
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.updateFinished(ctx, e.ID, now, expires); err != nil {
			return err
		}
		if _, err := s.jobs.Enqueue(ctx, ExpireKind, map[string]string{"export_id": e.ID}, jobs.At(expires),
			jobs.Dedupe(ExpireKind+":"+e.ID)); err != nil {
			return apperr.Wrap(err, "schedule export expiry")
		}
		if err := s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: e.Owner, Action: "export.finish",
			ObjectType: "export", ObjectID: e.ID, Summary: fmt.Sprintf("%d bytes", e.Bytes)}); err != nil {
			return err
		}
		return s.notify.Notify(ctx, e.Owner, "export.ready", i18n.T("Your export is ready").Format,
			i18n.T("Open Exports to download it before it expires.").Format, nil)
	})
}

// expire is the ExpireKind job: it deletes the file's parts and marks the
// export expired.
func (s *Service) expire(ctx context.Context, j jobs.Job) error {
	var p struct {
		ExportID string `json:"export_id"`
	}
	if err := j.Decode(&p); err != nil {
		return err
	}
	e, err := s.store.findExport(ctx, p.ExportID)
	if err != nil {
		return err
	}
	for n := range e.parts {
		if err := s.blobs.Delete(ctx, partKey(e.ID, n)); err != nil {
			return err
		}
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.updateExpired(ctx, e.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: e.Owner, Action: "export.expire",
			ObjectType: "export", ObjectID: e.ID})
	})
}
