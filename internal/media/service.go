package media

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/sync/semaphore"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/blob"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/db"
)

// Limits bound uploads.
type Limits struct {
	// Image and Video bound the size of uploads in bytes.
	Image int64
	Video int64
	// Pixels bounds the width times height an image may declare
	// (DefaultMaxPixels when zero); a larger image is refused from its
	// header, before anything decodes it.
	Pixels int64
}

// DefaultMaxPixels is the default of Limits.Pixels: 40 megapixels.
const DefaultMaxPixels = 40_000_000

// Service holds the upload and download use cases.
type Service struct {
	db     *db.DB
	audit  *audit.Log
	clock  clock.Clock
	blobs  blob.Store
	limits Limits
	// decodes bounds the memory of the thumbnail decodes running at once
	// to decodeBudget bytes, however many uploads arrive together.
	decodes      *semaphore.Weighted
	decodeBudget int64
}

// NewService wires the media use cases over a blob store. Decoding images
// for thumbnails takes at most 4 bytes per allowed pixel of memory at a
// time (160 MiB at the default 40 megapixels); an image whose decode would
// need more is kept with its dimensions but without a thumbnail.
func NewService(d *db.DB, a *audit.Log, c clock.Clock, s blob.Store, l Limits) *Service {
	if l.Pixels <= 0 {
		l.Pixels = DefaultMaxPixels
	}
	budget := 4 * l.Pixels
	return &Service{db: d, audit: a, clock: c, blobs: s, limits: l, decodes: semaphore.NewWeighted(budget), decodeBudget: budget}
}

// owner makes a user id an authz.Object.
type owner string

func (o owner) OwnerID() string { return string(o) }

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Upload stores what r yields as a file for purpose. The type is sniffed
// from the first bytes and must suit the purpose; the size must stay within
// the limit of its kind (image or video). A refused upload leaves nothing.
func (s *Service) Upload(ctx context.Context, purpose string, r io.Reader) (Media, error) {
	if err := authz.CheckCtx(ctx, authz.UploadMedia, nil); err != nil {
		return Media{}, err
	}
	if !slices.Contains(Purposes, purpose) {
		return Media{}, apperr.Field("purpose", "must be one of %s", strings.Join(Purposes, ", "))
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Media{}, apperr.Wrap(err, "read upload")
	}
	head = head[:n]
	if n == 0 {
		return Media{}, apperr.Field("file", "is empty")
	}
	ctype := blob.ContentType(head)
	if !slices.Contains(accepts(purpose), ctype) {
		return Media{}, apperr.Field("file", "must be one of %s (this file is %s)", strings.Join(accepts(purpose), ", "), ctype)
	}
	limit := s.limits.Image
	if IsVideo(ctype) {
		limit = s.limits.Video
	}
	a := authz.ActorFrom(ctx)
	m := Media{ID: uuid.Must(uuid.NewV7()).String(), OwnerID: a.UserID, Purpose: purpose, ContentType: ctype,
		CreatedAt: s.clock.Now()}
	m.URL = URLOf(m.ID)
	m.key = purpose + "/" + m.ID
	body := &countingReader{r: io.LimitReader(io.MultiReader(bytes.NewReader(head), r), limit+1)}
	if err := s.blobs.Put(ctx, m.key, body); err != nil {
		return Media{}, apperr.Wrap(err, "store upload")
	}
	if m.Size = body.n; m.Size > limit {
		_ = s.blobs.Delete(ctx, m.key)
		return Media{}, apperr.Field("file", "must be at most %d KiB", limit/1024)
	}
	thumbnail := false
	if !IsVideo(ctype) && purpose != PurposeDocument {
		if thumbnail, err = s.describeImage(ctx, &m); err != nil {
			_ = s.blobs.Delete(ctx, m.key)
			return Media{}, err
		}
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO media (id, owner_id, purpose, content_type, size, blob_key, width, height,
			has_thumbnail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.OwnerID, m.Purpose, m.ContentType, m.Size,
			m.key, m.Width, m.Height, thumbnail, m.CreatedAt); err != nil {
			return apperr.Wrap(err, "insert media")
		}
		return s.audit.Record(ctx, audit.Event{Action: "media.upload", ObjectType: "media", ObjectID: m.ID,
			Summary: purpose + " " + ctype})
	})
	if err != nil {
		_ = s.blobs.Delete(ctx, m.key)
		_ = s.blobs.Delete(ctx, thumbnailKey(m.key))
		return Media{}, err
	}
	return m, nil
}

// describeImage reads a stored image's dimensions into m from its header,
// refusing an image above the pixel limit before decoding it, and for
// content images stores a thumbnail from a decode whose memory the service
// bounds; it reports whether there is a thumbnail.
func (s *Service) describeImage(ctx context.Context, m *Media) (bool, error) {
	rc, err := s.blobs.Get(ctx, m.key)
	if err != nil {
		return false, apperr.Wrap(err, "read upload")
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return false, apperr.Wrap(err, "read upload")
	}
	h, ok := readHeader(data)
	if !ok {
		return false, nil
	}
	if h.pixels() > s.limits.Pixels {
		return false, apperr.Field("file", "must be at most %d megapixels (this image is %d×%d, %d megapixels)",
			s.limits.Pixels/1_000_000, h.width, h.height, h.pixels()/1_000_000)
	}
	m.Width, m.Height = h.width, h.height
	if m.Purpose != PurposeContent || h.pixels() == 0 || h.decodeBytes() > s.decodeBudget {
		return false, nil
	}
	if err := s.decodes.Acquire(ctx, h.decodeBytes()); err != nil {
		return false, apperr.Wrap(err, "wait to decode image")
	}
	thumb := thumbnailOf(data)
	s.decodes.Release(h.decodeBytes())
	if thumb == nil {
		return false, nil
	}
	if err := s.blobs.Put(ctx, thumbnailKey(m.key), bytes.NewReader(thumb)); err != nil {
		return false, apperr.Wrap(err, "store thumbnail")
	}
	m.ThumbnailURL = ThumbnailURLOf(m.ID)
	return true, nil
}

// FindMediaByID returns the file record with id (no authorization: the
// domain that refers to the file decides who may use it).
func (s *Service) FindMediaByID(ctx context.Context, id string) (Media, error) {
	var m Media
	var thumbnail bool
	err := s.db.QueryRow(ctx, `SELECT id, owner_id, purpose, content_type, size, blob_key, width, height, has_thumbnail,
		created_at FROM media WHERE id = ?`, id).Scan(&m.ID, &m.OwnerID, &m.Purpose, &m.ContentType, &m.Size, &m.key,
		&m.Width, &m.Height, &thumbnail, &m.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Media{}, apperr.New(apperr.NotFound, "File not found.")
	}
	if err != nil {
		return Media{}, apperr.Wrap(err, "find media")
	}
	m.URL, m.CreatedAt = URLOf(m.ID), m.CreatedAt.UTC()
	if thumbnail {
		m.ThumbnailURL = ThumbnailURLOf(m.ID)
	}
	return m, nil
}

// OpenThumbnail returns the thumbnail of a content image (a PNG).
func (s *Service) OpenThumbnail(ctx context.Context, id string) (Media, io.ReadCloser, error) {
	m, err := s.FindMediaByID(ctx, id)
	if err != nil {
		return Media{}, nil, err
	}
	if m.ThumbnailURL == "" {
		return Media{}, nil, apperr.New(apperr.NotFound, "File not found.")
	}
	rc, err := s.blobs.Get(ctx, thumbnailKey(m.key))
	if err != nil {
		return Media{}, nil, apperr.New(apperr.NotFound, "File not found.")
	}
	m.ContentType, m.Size = "image/png", -1
	return m, rc, nil
}

// Open returns the file with id and its bytes. Public files open for
// anyone; a certification document only for its owner and reviewers.
func (s *Service) Open(ctx context.Context, id string) (Media, io.ReadCloser, error) {
	m, err := s.FindMediaByID(ctx, id)
	if err != nil {
		return Media{}, nil, err
	}
	if !m.Public() && authz.CheckCtx(ctx, authz.ReviewApplications, nil) != nil {
		if err := authz.CheckCtx(ctx, authz.UploadMedia, owner(m.OwnerID)); err != nil {
			return Media{}, nil, err
		}
	}
	rc, err := s.blobs.Get(ctx, m.key)
	if errors.Is(err, blob.ErrNotFound) {
		return Media{}, nil, apperr.New(apperr.NotFound, "File not found.")
	}
	if err != nil {
		return Media{}, nil, apperr.Wrap(err, "open media")
	}
	return m, rc, nil
}

// CheckOwned checks that each file of ids belongs to the actor in ctx and
// was uploaded for purpose; field names the input in errors.
func (s *Service) CheckOwned(ctx context.Context, field, purpose string, ids []string) error {
	a := authz.ActorFrom(ctx)
	for _, id := range ids {
		m, err := s.FindMediaByID(ctx, id)
		if err != nil || m.OwnerID != a.UserID {
			return apperr.Field(field, "file %s is not one of your uploads", id)
		}
		if m.Purpose != purpose {
			return apperr.Field(field, "file %s was uploaded as %s, not as %s", id, m.Purpose, purpose)
		}
	}
	return nil
}
