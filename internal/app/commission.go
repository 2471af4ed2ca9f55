package app

import (
	"context"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/i18n"
)

// contentRefs answers commission's questions about content from the
// content service: the published snapshot's owner and mounted products, and
// its first push.
type contentRefs struct{ contents *content.Service }

// FindContentRef implements commission.Contents.
func (r contentRefs) FindContentRef(ctx context.Context, id string) (commission.ContentRef, error) {
	found, err := r.contents.FindPublishedByIDs(ctx, []string{id})
	if err != nil {
		return commission.ContentRef{}, err
	}
	p, ok := found[id]
	if !ok {
		return commission.ContentRef{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Content"))
	}
	pushed, err := r.contents.FindFirstPush(ctx, id)
	if err != nil {
		return commission.ContentRef{}, err
	}
	ref := commission.ContentRef{ID: p.ID, OwnerID: p.Owner, PushedAt: pushed}
	for _, m := range p.Products {
		ref.Products = append(ref.Products, m.ID)
	}
	return ref, nil
}
