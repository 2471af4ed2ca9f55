package content

import (
	"context"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
)

// SetFlag features or pins (on) content, or takes the mark away (off).
// flag is "featured" or "pinned".
func (s *Service) SetFlag(ctx context.Context, id, flag string, on bool) (Content, error) {
	action := map[bool]string{true: "content." + flag, false: "content.un" + flag}[on]
	return s.change(ctx, id, authz.ManageContent, action, func(ctx context.Context, c *Content) error {
		if c.PublishedVersion == 0 {
			return apperr.Field("status", "only published content can be featured or pinned")
		}
		return s.store.setFlag(ctx, c.ID, flag, on, s.clock.Now())
	})
}
