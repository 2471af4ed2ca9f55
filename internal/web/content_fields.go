package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/media"
)

// productLines writes a content's products one a line, in the form
// parseProducts reads for its type: "id | x | y" for an outfit's hotspots,
// "id | commentary" for a list, the id alone otherwise.
func productLines(typ string, ps []content.Product) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.ID)
		switch typ {
		case content.TypeOutfit:
			b.WriteString(" | " + strconv.Itoa(p.X) + " | " + strconv.Itoa(p.Y))
		case content.TypeList:
			b.WriteString(" | " + p.Commentary)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// parseProducts reads the products textarea: one product a line, blank
// lines skipped, in the form productLines writes.
func parseProducts(typ, text string) ([]content.Product, error) {
	out := []content.Product{}
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		n := 2
		if typ == content.TypeOutfit {
			n = 4
		}
		parts := strings.SplitN(line, "|", n)
		for k := range parts {
			parts[k] = strings.TrimSpace(parts[k])
		}
		p := content.Product{ID: parts[0]}
		switch typ {
		case content.TypeOutfit:
			if len(parts) != 3 {
				return nil, apperr.Field("products", "line %d: write the product id, then x and y from 0 to 1000, separated by |", i+1)
			}
			x, errX := strconv.Atoi(parts[1])
			y, errY := strconv.Atoi(parts[2])
			if errX != nil || errY != nil {
				return nil, apperr.Field("products", "line %d: write the product id, then x and y from 0 to 1000, separated by |", i+1)
			}
			p.X, p.Y = x, y
		case content.TypeList:
			if len(parts) > 1 {
				p.Commentary = parts[1]
			}
		default:
			if len(parts) > 1 {
				return nil, apperr.Field("products", "line %d: write one product id a line", i+1)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// saveFields saves the editor's details form (category, files and
// products) through the same versioned save as the API's PATCH: a save on
// an outdated version is refused with the conflict and kept as a version.
// New images are added to a post; a new file replaces a video's or an
// outfit's; unticked files are dropped.
func (c *Console) saveFields(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseMultipartForm(maxForm)
	ctx, id := r.Context(), r.PathValue("id")
	ct, err := c.deps.Contents.FindContentByID(ctx, id)
	if err != nil {
		c.editor(w, r, 0, "", err)
		return
	}
	base, _ := strconv.Atoi(r.PostFormValue("version"))
	category := strings.TrimSpace(r.PostFormValue("category"))
	p := content.Patch{Category: &category}
	if ct.Type != content.TypeItem {
		kept := []string{}
		for _, m := range r.PostForm["media"] {
			if slices.Contains(ct.Media, m) {
				kept = append(kept, m)
			}
		}
		added, err := c.uploads(r, "files", media.PurposeContent)
		if err != nil {
			c.editor(w, r, 0, "", err)
			return
		}
		if len(added) > 0 && ct.Type != content.TypePost {
			kept = added[len(added)-1:]
		} else {
			kept = append(kept, added...)
		}
		p.Media = &kept
	}
	if ct.Type == content.TypeVideo {
		cover, err := c.uploads(r, "cover", media.PurposeContent)
		if err != nil {
			c.editor(w, r, 0, "", err)
			return
		}
		if len(cover) > 0 {
			p.Cover = &cover[len(cover)-1]
		}
	}
	products, err := parseProducts(ct.Type, r.PostFormValue("products"))
	if err != nil {
		c.editor(w, r, 0, "", err)
		return
	}
	p.Products = &products
	if _, err := c.deps.Contents.UpdateContent(ctx, id, base, p); err != nil {
		c.editor(w, r, 0, "", err)
		return
	}
	http.Redirect(w, r, "/contents/"+url.PathEscape(id)+"/edit?done=saved", http.StatusSeeOther)
}

// mountRefusal is why the actor may not mount products on ct, in the
// request's language, or "" when it may.
func mountRefusal(r *http.Request, ct content.Content) string {
	if err := authz.CheckCtx(r.Context(), authz.MountProducts, ct); err != nil {
		return apperr.From(err).MessageIn(i18n.FromContext(r.Context()))
	}
	return ""
}
