package channel

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
)

// Application and submission statuses.
const (
	StatusSubmitted = "submitted"
	StatusApproved  = "approved"
	StatusRejected  = "rejected"
	StatusAccepted  = "accepted"
)

// KindApplication is the review-queue kind of channel applications.
const KindApplication = "channel_application"

// ChannelApplication asks for admission to a channel (SPEC §6.2).
type ChannelApplication struct {
	ID                string     `json:"id"`
	ChannelID         string     `json:"channel_id"`
	ChannelName       string     `json:"channel_name"`
	UserID            string     `json:"user_id"`
	Reason            string     `json:"reason"`
	SampleLinks       []string   `json:"sample_links"`
	ExternalHomepages []string   `json:"external_homepages"`
	Screenshots       []string   `json:"screenshots" doc:"ids of uploaded screenshots of other platforms' back ends with follower counts"`
	Status            string     `json:"status" enum:"submitted,approved,rejected"`
	DecisionReason    string     `json:"decision_reason,omitempty"`
	SubmittedAt       time.Time  `json:"submitted_at"`
	DecidedAt         *time.Time `json:"decided_at"`
}

// OwnerID makes a ChannelApplication an authz.Object of its applicant.
func (a ChannelApplication) OwnerID() string { return a.UserID }

// ChannelApplicationInput applies to a channel.
type ChannelApplicationInput struct {
	ChannelID         string   `required:"false" json:"channel_id"`
	Reason            string   `required:"false" json:"reason"`
	SampleLinks       []string `required:"false" json:"sample_links" doc:"links to sample works (at least one)"`
	ExternalHomepages []string `json:"external_homepages,omitempty" doc:"homepages on other platforms"`
	Screenshots       []string `json:"screenshots,omitempty" doc:"ids of uploaded screenshots (purpose document)"`
}

// Bounds of applications.
const (
	MaxReason = 1000
	MaxLinks  = 10
)

func (in *ChannelApplicationInput) validate() error {
	var v apperr.Validation
	in.ChannelID, in.Reason = strings.TrimSpace(in.ChannelID), strings.TrimSpace(in.Reason)
	if in.ChannelID == "" {
		v.Reject("channel_id", "is required")
	}
	if in.Reason == "" {
		v.Reject("reason", "is required")
	} else if utf8.RuneCountInString(in.Reason) > MaxReason {
		v.Reject("reason", "at most %d characters", MaxReason)
	}
	in.SampleLinks, in.ExternalHomepages, in.Screenshots = cleanList(in.SampleLinks), cleanList(in.ExternalHomepages), cleanList(in.Screenshots)
	if len(in.SampleLinks) == 0 {
		v.Reject("sample_links", "give at least one link to a sample work")
	}
	for field, links := range map[string][]string{"sample_links": in.SampleLinks, "external_homepages": in.ExternalHomepages} {
		if len(links) > MaxLinks {
			v.Reject(field, "at most %d links", MaxLinks)
		}
		for i, l := range links {
			if u, err := url.Parse(l); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				v.Reject(fmt.Sprintf("%s[%d]", field, i), "%s is not an http or https address", l)
			}
		}
	}
	if len(in.Screenshots) > MaxLinks {
		v.Reject("screenshots", "at most %d screenshots", MaxLinks)
	}
	return v.Err()
}

// ChannelApplicationFilter selects applications for review: pending (the
// default), decided or all.
type ChannelApplicationFilter struct {
	Status string
	Limit  int
	Cursor string
}

// ChannelSubmissionInput submits published content to a sub-channel.
type ChannelSubmissionInput struct {
	SubChannelID string `required:"false" json:"sub_channel_id"`
	ContentID    string `required:"false" json:"content_id"`
}

// ChannelSubmission is a content submitted to a channel's sub-channel.
type ChannelSubmission struct {
	ID           string `json:"id"`
	ChannelID    string `json:"channel_id"`
	SubChannelID string `json:"sub_channel_id"`
	ContentID    string `json:"content_id"`
	ContentTitle string `json:"content_title"`
	AccountID    string `json:"account_id"`
	AccountName  string `json:"account_name"`
	Status       string `json:"status" enum:"submitted,accepted,rejected"`
	// DisplayWeight ranks accepted content on the channel page: the
	// submitter's channel-display privilege (priority 2, chance 1, else 0).
	DisplayWeight int        `json:"display_weight"`
	Reason        string     `json:"reason,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	DecidedAt     *time.Time `json:"decided_at"`
}

// SubmissionQuota is what a creator may still submit to one sub-channel today.
type SubmissionQuota struct {
	SubChannelID string `json:"sub_channel_id"`
	Name         string `json:"name"`
	Limit        int    `json:"limit"`
	Used         int    `json:"used"`
	Left         int    `json:"left"`
	Day          string `json:"day" doc:"the day in the platform's time zone, YYYY-MM-DD"`
}

// SubmissionFilter selects a channel's submissions for review.
type SubmissionFilter struct {
	Status string
	Limit  int
	Cursor string
}
