// Package content is what creators publish (SPEC §5): five types over one
// model, drafts whose every save is a version, and the lifecycle
// draft → submitted → machine checks → in review → published | rejected,
// with the published snapshot kept visible while an edit is re-reviewed.
package content

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/moderation"
)

// Content types (SPEC §5.1).
const (
	TypePost   = "post"
	TypeVideo  = "video"
	TypeOutfit = "outfit"
	TypeList   = "list"
	TypeItem   = "item"
)

// Types lists the content types in the console's tab order.
var Types = []string{TypePost, TypeVideo, TypeOutfit, TypeList, TypeItem}

// Statuses of the lifecycle (SPEC §5.2).
const (
	StatusDraft     = "draft"
	StatusInReview  = "in_review"
	StatusScheduled = "scheduled"
	StatusPublished = "published"
	StatusRejected  = "rejected"
	// StatusWithdrawn is published content its creator took down: the
	// public no longer sees it; it can be edited and submitted again.
	StatusWithdrawn = "withdrawn"
)

// Limits of the fields, in characters.
const (
	TitleMax      = 100
	BodyMax       = 50000
	CategoryMax   = 30
	CommentaryMax = 200
	ProductsMax   = 50
	MediaMax      = 18
	ReviewMin     = 10
)

// Product is a product placed in content: mounted on a post or video, a
// hotspot of an outfit (X and Y in thousandths of the image), an entry of a
// list with its commentary, or the reviewed single item.
type Product struct {
	ID         string `json:"id"`
	X          int    `json:"x,omitempty" doc:"hotspot position on an outfit's image, 0 to 1000"`
	Y          int    `json:"y,omitempty"`
	Commentary string `json:"commentary,omitempty"`
}

// Fields are what a save writes: the same for every type, each type using
// and validating its own subset.
type Fields struct {
	Title    string    `json:"title" required:"false"`
	Body     string    `json:"body" required:"false"`
	Media    []string  `json:"media" required:"false" doc:"ids of uploaded images or the video"`
	Cover    string    `json:"cover,omitempty" doc:"id of the cover image of a video"`
	Products []Product `json:"products" required:"false"`
	Category string    `json:"category" required:"false"`
}

// Patch is a partial save: the fields given replace the draft's, the
// others stay as they are.
type Patch struct {
	Title    *string    `json:"title,omitempty"`
	Body     *string    `json:"body,omitempty"`
	Media    *[]string  `json:"media,omitempty"`
	Cover    *string    `json:"cover,omitempty"`
	Products *[]Product `json:"products,omitempty"`
	Category *string    `json:"category,omitempty"`
}

// apply returns f with the patch's fields replaced.
func (p Patch) apply(f Fields) Fields {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&f.Title, p.Title)
	set(&f.Body, p.Body)
	set(&f.Cover, p.Cover)
	set(&f.Category, p.Category)
	if p.Media != nil {
		f.Media = *p.Media
	}
	if p.Products != nil {
		f.Products = *p.Products
	}
	return f
}

// Whole is the patch that replaces every field with f's.
func Whole(f Fields) Patch {
	return Patch{Title: &f.Title, Body: &f.Body, Media: &f.Media, Cover: &f.Cover, Products: &f.Products, Category: &f.Category}
}

// extra is the part of Fields stored as JSON.
type extra struct {
	Media    []string  `json:"media"`
	Cover    string    `json:"cover,omitempty"`
	Products []Product `json:"products"`
}

// Content is one piece of content with its current draft and, once
// approved, the published snapshot the public sees.
type Content struct {
	ID string `json:"id"`
	// Owner is the main account the content belongs to.
	Owner string `json:"owner_id"`
	// CreatorAccount is the creator account it was written as ("" for a
	// login without one).
	CreatorAccount string `json:"creator_account_id"`
	// Author is that account's public account id (authz.Actor.PublicID):
	// the homepage it appears on and the author of its feed pushes.
	Author string `json:"account_id"`
	Type   string `json:"type"`
	Fields
	Status       string               `json:"status"`
	Version      int                  `json:"version"`
	Findings     []moderation.Finding `json:"findings"`
	RejectReason string               `json:"reject_reason,omitempty"`
	PublishAt    *time.Time           `json:"publish_at,omitempty"`
	SubmittedAt  *time.Time           `json:"submitted_at,omitempty"`
	// PublishedVersion is the version the public sees (0: never published).
	PublishedVersion int        `json:"published_version"`
	PublishedAt      *time.Time `json:"published_at,omitempty"`
	Featured         bool       `json:"featured"`
	Pinned           bool       `json:"pinned"`
	// ActivePushes counts the pushes not withdrawn (the push state).
	ActivePushes int        `json:"active_pushes"`
	DeletedAt    *time.Time `json:"deleted_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// OwnerID makes Content an authz.Object.
func (c Content) OwnerID() string { return c.Owner }

// Version is one saved state of a content.
type Version struct {
	Version int `json:"version"`
	Fields
	// Conflict marks a save that lost a race with another editor: kept so
	// that its text is not lost, never the head.
	Conflict bool      `json:"conflict"`
	SavedBy  string    `json:"saved_by"`
	SavedAt  time.Time `json:"saved_at"`
}

// normalise trims what a person typed around the edges.
func (f Fields) normalise() Fields {
	f.Title, f.Category, f.Cover = strings.TrimSpace(f.Title), strings.TrimSpace(f.Category), strings.TrimSpace(f.Cover)
	if f.Media == nil {
		f.Media = []string{}
	}
	if f.Products == nil {
		f.Products = []Product{}
	}
	for i := range f.Products {
		f.Products[i].ID = strings.TrimSpace(f.Products[i].ID)
		f.Products[i].Commentary = strings.TrimSpace(f.Products[i].Commentary)
	}
	return f
}

// validateDraft checks the limits every save keeps; a draft may be
// incomplete, but never oversized or malformed.
func validateDraft(typ string, f Fields) error {
	var v apperr.Validation
	if !slices.Contains(Types, typ) {
		v.Reject("type", "must be one of %s", strings.Join(Types, ", "))
	}
	if n := utf8.RuneCountInString(f.Title); n > TitleMax {
		v.Reject("title", "must be at most %d characters (%d given)", TitleMax, n)
	}
	if n := utf8.RuneCountInString(f.Body); n > BodyMax {
		v.Reject("body", "must be at most %d characters (%d given)", BodyMax, n)
	}
	if n := utf8.RuneCountInString(f.Category); n > CategoryMax {
		v.Reject("category", "must be at most %d characters (%d given)", CategoryMax, n)
	}
	if len(f.Media) > MediaMax {
		v.Reject("media", "must hold at most %d files (%d given)", MediaMax, len(f.Media))
	}
	if len(f.Products) > ProductsMax {
		v.Reject("products", "must hold at most %d products (%d given)", ProductsMax, len(f.Products))
	}
	for i, p := range f.Products {
		switch {
		case p.ID == "":
			v.Reject("products", "product %d has no id", i+1)
		case p.X < 0 || p.X > 1000 || p.Y < 0 || p.Y > 1000:
			v.Reject("products", "product %d: the hotspot must lie within the image (0 to 1000)", i+1)
		case utf8.RuneCountInString(p.Commentary) > CommentaryMax:
			v.Reject("products", "product %d: the commentary must be at most %d characters", i+1, CommentaryMax)
		}
	}
	return v.Err()
}

// mediaKinds says, for each media id of a save, whether it is a video; the
// service looks the files up.
type mediaKinds map[string]bool

// validateComplete checks what a type needs before it can be submitted
// (SPEC §5.1).
func validateComplete(typ string, f Fields, video mediaKinds) error {
	var v apperr.Validation
	if f.Title == "" {
		v.Reject("title", "is required")
	}
	videos := 0
	for _, id := range f.Media {
		if video[id] {
			videos++
		}
	}
	switch typ {
	case TypePost:
		if strings.TrimSpace(f.Body) == "" {
			v.Reject("body", "is required")
		}
		if videos > 0 {
			v.Reject("media", "a post takes images; publish a video as a short video")
		}
	case TypeVideo:
		if len(f.Media) != 1 || videos != 1 {
			v.Reject("media", "a short video takes exactly one video file")
		}
		if f.Cover == "" {
			v.Reject("cover", "a short video needs a cover image")
		} else if video[f.Cover] {
			v.Reject("cover", "must be an image")
		}
	case TypeOutfit:
		if len(f.Media) != 1 || videos != 0 {
			v.Reject("media", "an outfit takes exactly one image")
		}
		if len(f.Products) < 2 {
			v.Reject("products", "an outfit places at least 2 products on its image")
		}
	case TypeList:
		if len(f.Products) < 2 {
			v.Reject("products", "a list holds at least 2 products")
		}
		for i, p := range f.Products {
			if p.Commentary == "" {
				v.Reject("products", "product %d needs a short commentary", i+1)
			}
		}
	case TypeItem:
		if len(f.Products) != 1 {
			v.Reject("products", "a single item reviews exactly one product")
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(f.Body)); n < ReviewMin {
			v.Reject("body", "the review must be at least %d characters (%d given)", ReviewMin, n)
		}
	}
	return v.Err()
}

// publishPermissions are what submitting a content of typ with f needs:
// the type's publishing permission, and product mounting when it carries
// products (SPEC §4.1).
func publishPermissions(typ string, f Fields) []authz.Permission {
	ps := []authz.Permission{PublishPermission(typ)}
	if len(f.Products) > 0 {
		ps = append(ps, authz.MountProducts)
	}
	return ps
}

// PublishPermission is the publishing permission content of typ needs to
// be submitted: short video's own, or graphic posts' for every other type.
func PublishPermission(typ string) authz.Permission {
	if typ == TypeVideo {
		return authz.PublishShortVideo
	}
	return authz.PublishGraphicPost
}

// OfferedTypes splits Types into those the console offers a for a new
// draft and those it hides behind an "apply" entry (SPEC §4.1: without a
// capability its entry point is hidden). Graphic types are always offered,
// since drafting needs no capability and a new creator writes while their
// certification is reviewed; a type with a publishing permission of its
// own (short video) is offered only when a may publish it.
func OfferedTypes(a authz.Actor) (offered, gated []string) {
	for _, typ := range Types {
		if p := PublishPermission(typ); p != authz.PublishGraphicPost && authz.Check(a, p, nil) != nil {
			gated = append(gated, typ)
			continue
		}
		offered = append(offered, typ)
	}
	return offered, gated
}

// texts are the fields the machine checks read.
func texts(f Fields) []moderation.Text {
	out := []moderation.Text{{Field: "title", Value: f.Title}, {Field: "body", Value: f.Body}}
	for _, p := range f.Products {
		if p.Commentary != "" {
			out = append(out, moderation.Text{Field: "products", Value: p.Commentary})
		}
	}
	return out
}
