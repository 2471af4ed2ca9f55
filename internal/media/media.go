// Package media keeps uploaded files: avatars, certification documents and
// content images or videos. The bytes go to a blob.Store; a row per file
// records its owner, purpose, sniffed content type and size. The type comes
// from the file's first bytes (http.DetectContentType), never from its name.
package media

import (
	"slices"
	"time"
)

// Purposes of an upload; each accepts its own content types.
const (
	PurposeAvatar   = "avatar"
	PurposeDocument = "document"
	PurposeContent  = "content"
)

// Purposes lists the known purposes.
var Purposes = []string{PurposeAvatar, PurposeDocument, PurposeContent}

var (
	imageTypes = []string{"image/jpeg", "image/png", "image/gif", "image/webp"}
	videoTypes = []string{"video/mp4", "video/webm"}
)

// accepts returns the content types a purpose takes.
func accepts(purpose string) []string {
	switch purpose {
	case PurposeAvatar:
		return imageTypes
	case PurposeDocument:
		return append(slices.Clone(imageTypes), "application/pdf")
	default:
		return append(slices.Clone(imageTypes), videoTypes...)
	}
}

// IsVideo reports whether a content type is a video.
func IsVideo(contentType string) bool { return slices.Contains(videoTypes, contentType) }

// Media is one stored file.
type Media struct {
	ID          string `json:"id"`
	OwnerID     string `json:"owner_id"`
	Purpose     string `json:"purpose"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
	// Width and Height are an image's dimensions in pixels (0 when unknown).
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// ThumbnailURL is set for content images with a thumbnail.
	ThumbnailURL string    `json:"thumbnail_url,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	key          string
}

// Public reports whether anyone may fetch the file (avatars and content
// images are public; certification documents are not).
func (m Media) Public() bool { return m.Purpose != PurposeDocument }

// URLOf is where a file is served.
func URLOf(id string) string { return "/media/" + id }
