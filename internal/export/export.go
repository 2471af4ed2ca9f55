// Package export turns what an account made into files (SPEC §12): its
// content with every version, the comments on it, the ledger lines of its
// earnings, its audit trail, and "all" of them at once for data
// portability, as CSV (UTF-8 with a byte-order mark, so spreadsheet
// programs read Chinese) or JSON.
//
// An export is a job. It reads one page of a source at a time and writes
// it as one numbered part of the file (a blob), then records its position
// (section, cursor, parts) in the same transaction as its progress. A part
// is made only from that position, so a job that dies between writing a
// part and recording it writes the same part again when it resumes, and
// the file (the parts in order) is the one an uninterrupted run writes.
// Memory holds one page, whatever the size of the account.
package export

import (
	"context"
	"slices"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
)

// Kinds of export; KindAll holds every other kind registered, in order.
const (
	KindContent  = "content"
	KindComments = "comments"
	KindEarnings = "earnings"
	KindAudit    = "audit"
	KindTasks    = "tasks"
	KindAll      = "all"
	// KindHandover is the shared history an organization and a creator
	// each receive when their binding ends (package org): the creator's
	// content with its figures, and the ledger lines of the bound period.
	KindHandover = "handover"
)

// The sections of a hand-over, in order.
const (
	sectionHandoverContent = "handover_content"
	sectionHandoverLedger  = "handover_ledger"
)

// Formats of an export file.
const (
	FormatCSV  = "csv"
	FormatJSON = "json"
)

// States of an export.
const (
	StateQueued  = "queued"
	StateRunning = "running"
	StateDone    = "done"
	StateExpired = "expired"
)

// Export is one export job with its progress (API.md: state, done, total,
// url).
type Export struct {
	ID     string `json:"id"`
	Owner  string `json:"owner_id"`
	Kind   string `json:"kind" enum:"content,comments,earnings,audit,tasks,all,handover"`
	Format string `json:"format" enum:"csv,json"`
	State  string `json:"state" enum:"queued,running,done,expired"`
	// Done and Total count the units read: contents (for content and
	// comments), ledger entries and audit events.
	Done  int64 `json:"done"`
	Total int64 `json:"total"`
	// Bytes is the size of the file written so far.
	Bytes int64 `json:"bytes"`
	// URL downloads the file once the export is done.
	URL        string     `json:"url"`
	JobID      string     `json:"job_id,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	FinishedAt *time.Time `json:"finished_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	// Subject is the account whose data a hand-over holds, and From and
	// To bound its period; empty for an account's export of its own data.
	Subject string     `json:"subject_id,omitempty"`
	From    *time.Time `json:"period_from,omitempty"`
	To      *time.Time `json:"period_to,omitempty"`

	// scope is the filter of an audit export asked for with one (JSON of
	// an auditScope), empty otherwise.
	scope   string
	section int
	cursor  string
	parts   int
	rows    int64
}

// OwnerID makes an export an authz.Object of its account.
func (e Export) OwnerID() string { return e.Owner }

// Handover asks for a hand-over export: Subject's shared history over
// [From, To) for Recipient.
type Handover struct {
	Recipient string
	Subject   string
	From, To  time.Time
}

// reader is whose data the export reads: the subject of a hand-over, else
// its owner.
func (e Export) reader() string {
	if e.Subject != "" {
		return e.Subject
	}
	return e.Owner
}

// ExportInput asks for an export.
type ExportInput struct {
	Kind   string `json:"kind" enum:"content,comments,earnings,audit,tasks,all"`
	Format string `json:"format" enum:"csv,json"`
}

func (in ExportInput) validate(kinds []string) error {
	var v apperr.Validation
	if in.Kind != KindAll && !slices.Contains(kinds, in.Kind) {
		v.Reject("kind", "this server cannot export %s", in.Kind)
	}
	if in.Format != FormatCSV && in.Format != FormatJSON {
		v.Reject("format", "must be csv or json")
	}
	return v.Err()
}

// Source reads one kind of an account's data, page by page. The context
// carries the account as its actor.
type Source interface {
	// Columns names the fields of each row, in order.
	Columns() []string
	// Count is how many units the account's export reads (its total).
	Count(ctx context.Context) (int64, error)
	// Page answers the rows after cursor ("" for the first page), how many
	// units they came from, and the cursor of the next page ("" after the
	// last). The same cursor answers the same page while the data stands.
	Page(ctx context.Context, cursor string, limit int) (rows [][]any, units int64, next string, err error)
}
