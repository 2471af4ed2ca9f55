package creator

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
)

// Certification is a personal or organization certification of a creator
// account (SPEC §2.4) with its documents, roles and domain focus.
type Certification struct {
	ID               string     `json:"id"`
	UserID           string     `json:"user_id"`
	CreatorAccountID string     `json:"creator_account_id"`
	Kind             string     `json:"kind"`
	Name             string     `json:"name"`
	Number           string     `json:"number"`
	Documents        []string   `json:"documents"`
	Roles            []string   `json:"roles"`
	DomainFocus      string     `json:"domain_focus"`
	Status           string     `json:"status"`
	Reason           string     `json:"reason,omitempty"`
	SubmittedAt      *time.Time `json:"submitted_at"`
	DecidedAt        *time.Time `json:"decided_at"`
	ExpiresAt        *time.Time `json:"expires_at"`
	CreatedAt        time.Time  `json:"created_at"`
}

// OwnerID makes a certification an authz.Object of its applicant.
func (c Certification) OwnerID() string { return c.UserID }

// CertificationInput applies for certification; Draft keeps it unsubmitted.
type CertificationInput struct {
	CreatorAccountID string   `json:"creator_account_id"`
	Kind             string   `json:"kind" enum:"personal,organization"`
	Documents        []string `json:"documents" doc:"ids of uploaded documents (purpose document): ID card or business licence"`
	Roles            []string `json:"roles,omitempty" doc:"role certification codes"`
	DomainFocus      string   `json:"domain_focus,omitempty"`
	Draft            bool     `json:"draft,omitempty"`
}

// Role is a role certification or a domain focus one may declare.
type Role struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameZh string `json:"name_zh"`
}

// CapabilityApplication asks for a publishing capability (SPEC §4.1).
type CapabilityApplication struct {
	Application
	Capability string `json:"capability"`
	Material   string `json:"material"`
}

// CapabilityInput applies for a capability with qualification material.
type CapabilityInput struct {
	Capability string   `json:"capability" enum:"graphic_post,short_video,live_streaming,product_mounting,data_export"`
	Material   string   `json:"material" doc:"what qualifies you, such as proof of live-streaming experience"`
	Documents  []string `json:"documents,omitempty" doc:"ids of uploaded supporting documents"`
}

// CapabilityState is one capability as its holder sees it.
type CapabilityState struct {
	Capability string `json:"capability"`
	Granted    bool   `json:"granted"`
	// Status is granted, or the state of the latest application, or none.
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// GateState tells whether one publishing action is open to the actor and,
// if not, why and where to fix it.
type GateState struct {
	Permission string `json:"permission"`
	Allowed    bool   `json:"allowed"`
	Message    string `json:"message,omitempty"`
	Link       string `json:"link,omitempty"`
}

// Capabilities is the answer of GET /api/v1/me/capabilities.
type Capabilities struct {
	Certified    bool              `json:"certified"`
	Capabilities []CapabilityState `json:"capabilities"`
	Publishing   []GateState       `json:"publishing"`
}

// Kinds of application operators review.
const (
	ReviewCertification = "certification"
	ReviewCapability    = "capability"
	ReviewBrandEntry    = "brand_entry"
)

// ReviewKinds lists the kinds of application this domain submits for review.
var ReviewKinds = []string{ReviewCertification, ReviewCapability, ReviewBrandEntry}

// Submission is one application submitted for an operator's decision, with
// its material (one of the three pointers is set, by Kind). The back
// office's review queue shows it.
type Submission struct {
	ID            string
	Kind          string
	UserID        string
	Status        string
	SubmittedAt   time.Time
	Certification *Certification
	Capability    *CapabilityApplication
	BrandEntry    *BrandEntry
}

// SubmissionFilter selects submissions: of one kind (empty for all), and by
// Status pending (the default), decided or all, one page at a time.
type SubmissionFilter struct {
	Kind   string
	Status string
	db.Page
}

// validateReason checks an operator's rejection reason.
func validateReason(reason string) error {
	if n := utf8.RuneCountInString(strings.TrimSpace(reason)); n < 2 || n > 500 {
		return apperr.Field("reason", "give a reason of 2 to 500 characters")
	}
	return nil
}
