// Package appeal holds account restrictions and the appeals against them
// (SPEC §10, §11). An operator restricts an account's publishing, log-in or
// settlement with a reason; the account sees it (authorization refuses what
// it withholds, naming the reason) and may appeal with an explanation and
// screenshots. Appeals wait in the operators' review queue with their SLA
// in working days; an upheld appeal lifts its restriction at once, a
// rejected one keeps it. Every message of the exchange is kept and shown to
// both sides.
package appeal

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
)

// ReviewKind is the review queue's kind of appeals.
const ReviewKind = "appeal"

// Appeal statuses. Submitted appeals wait in the review queue.
const (
	StatusSubmitted = "submitted"
	StatusUpheld    = "upheld"
	StatusRejected  = "rejected"
)

// Sides of an appeal's exchange.
const (
	SideAccount  = "account"
	SideOperator = "operator"
)

// Limits of the input.
const (
	maxReason      = 500
	minExplanation = 10
	maxExplanation = 2000
	maxContact     = 200
	maxScreenshots = 9
)

// Sources of a restriction: an operator's decision, or an automatic block
// of log-in security.
const (
	SourceOperator  = "operator"
	SourceAutomatic = "automatic"
)

// Restriction is what an operator, or log-in security by itself, withheld
// from an account, and why.
type Restriction struct {
	ID        string `json:"id"`
	AccountID string `json:"account_id"`
	Account   string `json:"account" doc:"the account's nickname"`
	Kind      string `json:"kind" enum:"publish,login,settlement"`
	// Source is automatic for a block of log-in security: it holds only
	// for log-ins from BlockedFrom, and ends by itself at ExpiresAt, which
	// moves to the moment log-in security clears the block earlier (a
	// successful log-in that forgets its failures).
	Source      string     `json:"source" enum:"operator,automatic"`
	Reason      string     `json:"reason"`
	BlockedFrom string     `json:"blocked_from,omitempty" doc:"automatic: the IP address or the device blocked"`
	ExpiresAt   *time.Time `json:"expires_at" doc:"automatic: when the block ends by itself, or ended when log-in security cleared it earlier; null for an operator's"`
	CreatedBy   string     `json:"created_by" doc:"the operator's id; system for an automatic block"`
	CreatedAt   time.Time  `json:"created_at"`
	// Active is false once the restriction was lifted or expired.
	Active     bool       `json:"active"`
	LiftedAt   *time.Time `json:"lifted_at"`
	LiftedBy   string     `json:"lifted_by,omitempty"`
	LiftReason string     `json:"lift_reason,omitempty"`
	// Appeal is the latest appeal against the restriction, if any.
	Appeal *AppealRef `json:"appeal"`
	// lockRef is log-in security's name of an automatic block's lock.
	lockRef string
}

// Automatic reports whether r is an automatic block of log-in security.
func (r Restriction) Automatic() bool { return r.Source == SourceAutomatic }

// OwnerID makes a restriction an authz.Object of its account.
func (r Restriction) OwnerID() string { return r.AccountID }

// AppealRef names an appeal and where it stands.
type AppealRef struct {
	ID     string `json:"id"`
	Status string `json:"status" enum:"submitted,upheld,rejected"`
}

// Appeal is an account's request to lift a restriction, with its exchange.
type Appeal struct {
	ID        string `json:"id"`
	AccountID string `json:"account_id"`
	Account   string `json:"account" doc:"the account's nickname"`
	// Restriction is what the appeal is against; nil for an appeal about
	// an automatic block of log-in security.
	Restriction *Restriction `json:"restriction"`
	Contact     string       `json:"contact"`
	Status      string       `json:"status" enum:"submitted,upheld,rejected"`
	SubmittedAt time.Time    `json:"submitted_at"`
	DecidedAt   *time.Time   `json:"decided_at"`
	DecidedBy   string       `json:"decided_by,omitempty"`
	// DueAt is when the review is due under the appeals' SLA.
	DueAt    time.Time `json:"due_at"`
	Messages []Message `json:"messages"`
}

// OwnerID makes an appeal an authz.Object of its account.
func (a Appeal) OwnerID() string { return a.AccountID }

// Message is one entry of an appeal's exchange.
type Message struct {
	ID          string    `json:"id"`
	Side        string    `json:"side" enum:"account,operator"`
	Author      string    `json:"author" doc:"the author's nickname"`
	Body        string    `json:"body"`
	Screenshots []string  `json:"screenshots" doc:"media ids"`
	CreatedAt   time.Time `json:"created_at"`
	authorID    string
}

// RestrictionInput is an operator's restriction of an account.
type RestrictionInput struct {
	AccountID string `json:"account_id" doc:"the account's id (the console also takes its log-in name)"`
	Kind      string `json:"kind" enum:"publish,login,settlement"`
	Reason    string `json:"reason" doc:"shown to the account"`
}

func (in *RestrictionInput) validate() error {
	in.AccountID, in.Reason = strings.TrimSpace(in.AccountID), strings.TrimSpace(in.Reason)
	var v apperr.Validation
	if in.AccountID == "" {
		v.Reject("account_id", "choose the account to restrict")
	}
	if !slices.Contains(authz.RestrictionKinds, in.Kind) {
		v.Reject("kind", "must be publish, login or settlement")
	}
	checkText(&v, "reason", in.Reason, 1, maxReason)
	return v.Err()
}

// AppealInput is an account's appeal.
type AppealInput struct {
	// RestrictionID is the restriction appealed against; empty for an
	// automatic block of log-in security.
	RestrictionID string   `json:"restriction_id,omitempty"`
	Explanation   string   `json:"explanation"`
	Contact       string   `json:"contact,omitempty" doc:"how the reviewer may reach the account (phone, e-mail)"`
	Screenshots   []string `json:"screenshots,omitempty" doc:"media ids of uploaded screenshots"`
}

func (in *AppealInput) validate() error {
	in.RestrictionID, in.Explanation = strings.TrimSpace(in.RestrictionID), strings.TrimSpace(in.Explanation)
	in.Contact = strings.TrimSpace(in.Contact)
	var v apperr.Validation
	checkText(&v, "explanation", in.Explanation, minExplanation, maxExplanation)
	if utf8.RuneCountInString(in.Contact) > maxContact {
		v.Reject("contact", "must be at most %d characters", maxContact)
	}
	if len(in.Screenshots) > maxScreenshots {
		v.Reject("screenshots", "at most %d screenshots", maxScreenshots)
	}
	return v.Err()
}

// LiftInput is an operator's lifting of a restriction.
type LiftInput struct {
	Reason string `json:"reason" doc:"shown to the account"`
}

// validateDecisionReason checks the reason of a decision: required to
// reject an appeal or lift a restriction, optional to uphold one.
func validateDecisionReason(reason string, required bool) error {
	var v apperr.Validation
	min := 0
	if required {
		min = 1
	}
	checkText(&v, "reason", reason, min, maxReason)
	return v.Err()
}

// checkText rejects a text outside min..max characters.
func checkText(v *apperr.Validation, field, s string, min, max int) {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && min > 0:
		v.Reject(field, "is required")
	case n < min:
		v.Reject(field, "must be at least %d characters", min)
	case n > max:
		v.Reject(field, "must be at most %d characters", max)
	}
}
