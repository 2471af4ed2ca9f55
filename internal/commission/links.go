package commission

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
)

// ProductLink is a tracked link with its product's title, as the console
// lists them.
type ProductLink struct {
	Link
	ProductTitle string `json:"product_title"`
}

// ContentLinks is what the console's tracked-link page of one content
// needs: the catalogue's products mounted in it (the ones a link can be
// made for), by mounted key, with those keys in the content's order, and
// the links made for it, newest first.
type ContentLinks struct {
	Mounted  []string
	Products map[string]MerchantProduct
	Links    []ProductLink
}

// FindContentLinks answers the tracked links of a published content and
// the products they can be made for, to the content's owner (the one who
// may make them).
func (s *Service) FindContentLinks(ctx context.Context, contentID string) (ContentLinks, error) {
	ref, err := s.contents.FindContentRef(ctx, strings.TrimSpace(contentID))
	if err != nil {
		return ContentLinks{}, err
	}
	if err := authz.CheckCtx(ctx, authz.CreateLink, ownedBy(ref.OwnerID)); err != nil {
		return ContentLinks{}, err
	}
	var out ContentLinks
	if out.Products, err = s.store.findMountedProducts(ctx, ref.Products); err != nil {
		return ContentLinks{}, err
	}
	for _, key := range ref.Products {
		if _, listed := out.Products[key]; listed && !slices.Contains(out.Mounted, key) {
			out.Mounted = append(out.Mounted, key)
		}
	}
	out.Links, err = s.store.findProductLinks(ctx, "l.content_id = ?", ref.ID)
	return out, err
}

// FindMountedProducts answers the catalogue's products of mounted product
// ids or skus (as a content mounts them), by mounted key; keys the
// catalogue does not list, or a sku several merchants list, are left out.
// It names the products of the reader page, which every view asks for:
// answers are kept for mountedTTL, so a product listed meanwhile may show
// by its key for that long. Clicks and links never read them
// (FollowProduct, CreateLink look the product up themselves).
func (s *Service) FindMountedProducts(ctx context.Context, mounted []string) (map[string]MerchantProduct, error) {
	if err := authz.CheckCtx(ctx, authz.ReadProduct, nil); err != nil {
		return nil, err
	}
	if len(mounted) > MaxBatch {
		return nil, apperr.Field("ids", "must hold at most %d ids", MaxBatch)
	}
	now := s.clock.Now()
	out, missing := s.mounted.get(mounted, now)
	if len(missing) == 0 {
		return out, nil
	}
	found, err := s.store.findMountedProducts(ctx, missing)
	if err != nil {
		return nil, err
	}
	s.mounted.put(missing, found, now)
	maps.Copy(out, found)
	return out, nil
}

// mountedTTL is how long FindMountedProducts keeps an answer, and
// mountedCacheSize how many keys one process keeps (it starts over when
// full).
const (
	mountedTTL       = time.Minute
	mountedCacheSize = 10_000
)

// mountedCache keeps which product each mounted key names, or that none
// does, with when that was read.
type mountedCache struct {
	mu      sync.Mutex
	entries map[string]mountedEntry
}

type mountedEntry struct {
	product MerchantProduct
	found   bool
	read    time.Time
}

// get answers the kept products of keys and the keys it must read.
func (c *mountedCache) get(keys []string, now time.Time) (map[string]MerchantProduct, []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]MerchantProduct{}
	var missing []string
	for _, k := range keys {
		e, ok := c.entries[k]
		switch {
		case !ok || now.Sub(e.read) >= mountedTTL:
			missing = append(missing, k)
		case e.found:
			out[k] = e.product
		}
	}
	return out, missing
}

// put keeps what was read of keys at now.
func (c *mountedCache) put(keys []string, found map[string]MerchantProduct, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries)+len(keys) > mountedCacheSize {
		c.entries = map[string]mountedEntry{}
	}
	for _, k := range keys {
		p, ok := found[k]
		c.entries[k] = mountedEntry{product: p, found: ok, read: now}
	}
}

// findMountedProducts is FindMountedProducts in one query: a key is a
// product's id, else the sku of exactly one product (findProductByIDOrSKU).
func (s store) findMountedProducts(ctx context.Context, keys []string) (map[string]MerchantProduct, error) {
	out := map[string]MerchantProduct{}
	if len(keys) == 0 {
		return out, nil
	}
	in, args := db.InList(keys)
	rows, err := s.db.Query(ctx, `SELECT `+productColumns+` FROM commission_products WHERE id IN `+in+` OR sku IN `+in,
		append(args, args...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find products")
	}
	found, err := scanProducts(rows)
	if err != nil {
		return nil, err
	}
	byID, bySKU := map[string]MerchantProduct{}, map[string][]MerchantProduct{}
	for _, p := range found {
		byID[p.ID] = p
		bySKU[p.SKU] = append(bySKU[p.SKU], p)
	}
	for _, k := range keys {
		if p, ok := byID[k]; ok {
			out[k] = p
		} else if same := bySKU[k]; len(same) == 1 {
			out[k] = same[0]
		}
	}
	return out, nil
}

// FollowProduct records a reader's click on a product mounted in a
// content, through the content's newest tracked link for the product in
// the reader page's scene (public; grocery for a grocery product), and
// answers the product's address. linked is false when the content has no
// such link, and the click is then recorded nowhere; target is empty when
// the product is not in the catalogue.
func (s *Service) FollowProduct(ctx context.Context, contentID, product, shopperID string) (target string, linked bool, err error) {
	if err := authz.CheckCtx(ctx, authz.FollowLink, nil); err != nil {
		return "", false, err
	}
	p, err := s.store.findProductByIDOrSKU(ctx, strings.TrimSpace(product))
	if apperr.CodeOf(err) == apperr.NotFound {
		return "", false, nil
	} else if err != nil {
		return "", false, err
	}
	scene := ScenePublic
	if p.Grocery {
		scene = SceneGrocery
	}
	linkID, err := s.store.findNewestLink(ctx, contentID, p.ID, scene)
	if err != nil || linkID == "" {
		return p.URL, false, err
	}
	target, _, err = s.click(ctx, linkID, shopperID, "", s.clock.Now(), false)
	return target, err == nil, err
}

// findNewestLink answers the id of the content's newest link for the
// product in scene, or "" when it has none.
func (s store) findNewestLink(ctx context.Context, contentID, productID, scene string) (string, error) {
	var id string
	err := s.db.QueryRow(ctx, `SELECT id FROM commission_links WHERE content_id = ? AND product_id = ? AND scene = ?
		ORDER BY created_at DESC, id DESC LIMIT 1`, contentID, productID, scene).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, apperr.WrapIf(err, "find link")
}

// findProductLinks answers the links meeting where (on l, the links) with
// their products' titles, newest first, at most db.MaxLimit.
func (s store) findProductLinks(ctx context.Context, where string, args ...any) ([]ProductLink, error) {
	rows, err := s.db.Query(ctx, `SELECT l.id, l.content_id, l.product_id, l.creator_id, l.scene, l.pushed_at, l.rule_version,
		l.created_at, p.title FROM commission_links l JOIN commission_products p ON p.id = l.product_id
		WHERE `+where+` ORDER BY l.created_at DESC, l.id DESC LIMIT ?`, append(args, db.MaxLimit)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find links")
	}
	defer rows.Close()
	out := []ProductLink{}
	for rows.Next() {
		var l ProductLink
		if err := rows.Scan(&l.ID, &l.ContentID, &l.ProductID, &l.CreatorID, &l.Scene, &l.PushedAt, &l.Rule.Version, &l.CreatedAt,
			&l.ProductTitle); err != nil {
			return nil, apperr.Wrap(err, "find links")
		}
		l.Rule.Table, l.PushedAt, l.CreatedAt, l.URL = RulesTable, l.PushedAt.UTC(), l.CreatedAt.UTC(), LinkPath(l.ID)
		out = append(out, l)
	}
	return out, apperr.WrapIf(rows.Err(), "find links")
}
