package task

import (
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/rule"
)

// RulesTable is the name decisions cite in their rule reference.
const RulesTable = "task_rules"

// TaskRules is one version of the task marketplace's rule table: the
// platform's fee and the timers' defaults. Versions are never changed; an
// order keeps the version it was placed under.
type TaskRules struct {
	Version int `json:"version"`
	// FeeBP is the platform's fee on a payout, in basis points.
	FeeBP int `json:"fee_bp"`
	// AcceptHours is how long a creator has to accept an order.
	AcceptHours int `json:"accept_hours"`
	// DeliverDays is the delivery deadline after acceptance when the order
	// agreed none.
	DeliverDays int `json:"deliver_days"`
	// AutoConfirmDays is how long after delivery the order confirms itself.
	AutoConfirmDays int `json:"auto_confirm_days"`
	// StatementDays is the retention window of operation-account statements.
	StatementDays int       `json:"statement_days"`
	CreatedAt     time.Time `json:"created_at"`
	CreatedBy     string    `json:"created_by"`
	Note          string    `json:"note"`
}

// Ref is the rule reference decisions made with r carry.
func (r TaskRules) Ref() rule.Ref { return rule.Ref{Table: RulesTable, Version: r.Version} }

// TaskRulesInput is a proposed new version.
type TaskRulesInput struct {
	FeeBP           int    `json:"fee_bp" doc:"0 to 5000"`
	AcceptHours     int    `json:"accept_hours" doc:"1 to 720"`
	DeliverDays     int    `json:"deliver_days" doc:"1 to 90"`
	AutoConfirmDays int    `json:"auto_confirm_days" doc:"1 to 30"`
	StatementDays   int    `json:"statement_days" doc:"30 to 3650"`
	Note            string `json:"note" doc:"why the rules change, 1 to 200 characters"`
}

func (in *TaskRulesInput) validate() error {
	var v apperr.Validation
	in.Note = strings.TrimSpace(in.Note)
	bound := func(field string, n, lo, hi int) {
		if n < lo || n > hi {
			v.Reject(field, "must be between %d and %d", lo, hi)
		}
	}
	bound("fee_bp", in.FeeBP, 0, 5000)
	bound("accept_hours", in.AcceptHours, 1, 720)
	bound("deliver_days", in.DeliverDays, 1, 90)
	bound("auto_confirm_days", in.AutoConfirmDays, 1, 30)
	bound("statement_days", in.StatementDays, 30, 3650)
	if n := len([]rune(in.Note)); n == 0 || n > 200 {
		v.Reject("note", "must be 1 to 200 characters")
	}
	return v.Err()
}
