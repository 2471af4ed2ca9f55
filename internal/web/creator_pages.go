package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/backoffice"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/media"
)

// maxForm bounds the console's multipart forms held in memory; larger
// files spill to temporary files, and the media service applies its limits.
const maxForm = 8 << 20

// uploads stores the files of a multipart field for purpose and returns
// their ids; field names the input in errors.
func (c *Console) uploads(r *http.Request, field, purpose string) ([]string, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var ids []string
	for _, fh := range r.MultipartForm.File[field] {
		f, err := fh.Open()
		if err != nil {
			return nil, apperr.Wrap(err, "open upload")
		}
		m, err := c.deps.Media.Upload(r.Context(), purpose, f)
		f.Close()
		if err != nil {
			if e := apperr.From(err); e.Fields["file"].Format != "" {
				return nil, apperr.Field(field, e.Fields["file"].Format, e.Fields["file"].Args...)
			}
			return nil, err
		}
		ids = append(ids, m.ID)
	}
	return ids, nil
}

// formOf keeps the submitted text fields to show them again after an error.
func formOf(r *http.Request, names ...string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		m[n] = strings.TrimSpace(r.FormValue(n))
	}
	return m
}

// verificationData is the payout, real-name and brand-entry page.
type verificationData struct {
	Payout   *creator.PayoutAccount
	RealName *creator.RealName
}

func (c *Console) verificationData(ctx context.Context) verificationData {
	var d verificationData
	if p, err := c.deps.Creators.FindPayoutAccount(ctx); err == nil {
		d.Payout = &p
	}
	if rn, err := c.deps.Creators.FindRealName(ctx); err == nil {
		d.RealName = &rn
	}
	return d
}

func (c *Console) verificationPage(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusOK, "verification.html", page{Title: "Payout and real name",
		Flash: r.URL.Query().Get("saved"), Data: c.verificationData(r.Context())})
}

// afterPost renders the page again with err, or goes back to it.
func (c *Console) afterPost(w http.ResponseWriter, r *http.Request, name string, p page, err error, next string) {
	if err != nil {
		c.fail(w, r, name, p, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (c *Console) bindPayout(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "provider", "account_id", "holder_name", "holder_type")
	_, err := c.deps.Creators.BindPayout(r.Context(), creator.PayoutAccount{Provider: form["provider"],
		AccountID: form["account_id"], HolderName: form["holder_name"], HolderType: form["holder_type"]})
	c.afterPost(w, r, "verification.html", page{Title: "Payout and real name", Form: form,
		Data: c.verificationData(r.Context())}, err, "/verification?saved=payout#payout")
}

func (c *Console) verifyRealName(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "kind", "name", "id_number", "licence_number")
	_, err := c.deps.Creators.VerifyRealName(r.Context(), creator.RealNameInput{Kind: form["kind"], Name: form["name"],
		IDNumber: form["id_number"], LicenceNumber: form["licence_number"]})
	c.afterPost(w, r, "verification.html", page{Title: "Payout and real name", Form: form,
		Data: c.verificationData(r.Context())}, err, "/verification?saved=real-name#real-name")
}

func (c *Console) submitBrandEntry(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseMultipartForm(maxForm)
	form := formOf(r, "brand_name")
	p := page{Title: "Payout and real name", Form: form, Data: c.verificationData(r.Context())}
	docs, err := c.uploads(r, "documents", media.PurposeDocument)
	if err == nil {
		_, err = c.deps.Creators.SubmitBrandEntry(r.Context(), form["brand_name"], docs)
	}
	c.afterPost(w, r, "verification.html", p, err, "/verification?saved=brand-entry#brand-entry")
}

// creatorData is the creator account page: my accounts, and the four-step
// opening flow (type → checks → information → opened).
type creatorData struct {
	Accounts []creator.CreatorAccount
	Types    []string
	Type     string
	Checks   []creator.Check
	Passed   bool
	Opened   bool
}

func (c *Console) creatorData(r *http.Request, typ string) (creatorData, error) {
	ctx := r.Context()
	d := creatorData{Types: creator.AccountTypes, Type: typ, Opened: r.URL.Query().Get("opened") != ""}
	var err error
	if d.Accounts, err = c.deps.Creators.FindCreatorAccounts(ctx); err != nil {
		return d, err
	}
	if typ != "" {
		if d.Checks, err = c.deps.Creators.Checks(ctx, typ); err != nil {
			return d, err
		}
		d.Passed = true
		for _, ch := range d.Checks {
			d.Passed = d.Passed && ch.State == creator.CheckPassed
		}
	}
	return d, nil
}

func (c *Console) creatorPage(w http.ResponseWriter, r *http.Request) {
	typ := r.URL.Query().Get("type")
	if typ != "" && !strings.Contains(strings.Join(creator.AccountTypes, ","), typ) {
		typ = ""
	}
	d, err := c.creatorData(r, typ)
	c.show(w, r, "creator.html", page{Title: "Creator accounts", Data: d}, err)
}

func (c *Console) openCreatorAccount(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseMultipartForm(maxForm)
	form := formOf(r, "type", "name", "bio")
	form["bio"] = r.FormValue("bio")
	avatars, err := c.uploads(r, "avatar", media.PurposeAvatar)
	if err == nil {
		in := creator.OpenInput{Type: form["type"], Name: form["name"], Bio: form["bio"]}
		if len(avatars) > 0 {
			in.Avatar = avatars[0]
		}
		_, err = c.deps.Creators.OpenCreatorAccount(r.Context(), in)
	}
	if err != nil {
		d, _ := c.creatorData(r, form["type"])
		c.fail(w, r, "creator.html", page{Title: "Creator accounts", Form: form, Data: d}, err)
		return
	}
	http.Redirect(w, r, "/creator?opened=1", http.StatusSeeOther)
}

// certificationData is the certification page.
type certificationData struct {
	Certifications []creator.Certification
	Accounts       []creator.CreatorAccount
	Roles          []creator.Role
	Focuses        []creator.Role
	Certified      bool
}

func (c *Console) certificationData(ctx context.Context) (certificationData, error) {
	var d certificationData
	var err error
	if d.Certifications, err = c.deps.Creators.FindCertifications(ctx); err != nil {
		return d, err
	}
	if d.Accounts, err = c.deps.Creators.FindCreatorAccounts(ctx); err != nil {
		return d, err
	}
	if d.Roles, err = c.deps.Creators.Roles(ctx); err != nil {
		return d, err
	}
	if d.Focuses, err = c.deps.Creators.DomainFocuses(ctx); err != nil {
		return d, err
	}
	d.Certified = authz.ActorFrom(ctx).Certified
	return d, nil
}

func (c *Console) certificationPage(w http.ResponseWriter, r *http.Request) {
	d, err := c.certificationData(r.Context())
	flash := ""
	if r.URL.Query().Get("done") == "submitted" {
		flash = i18n.T("Submitted for review. A reviewer usually decides within %d working days; you will get a message with the decision.",
			c.deps.Reviews.SLADays(creator.ReviewCertification)).In(i18n.FromContext(r.Context()))
	}
	c.show(w, r, "certification.html", page{Title: "Certification", Data: d, Flash: flash}, err)
}

func (c *Console) submitCertification(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseMultipartForm(maxForm)
	form := formOf(r, "creator_account_id", "kind", "domain_focus")
	docs, err := c.uploads(r, "documents", media.PurposeDocument)
	if err == nil {
		_, err = c.deps.Creators.SubmitCertification(r.Context(), creator.CertificationInput{
			CreatorAccountID: form["creator_account_id"], Kind: form["kind"], Documents: docs,
			Roles: r.Form["roles"], DomainFocus: form["domain_focus"], Draft: r.FormValue("draft") != ""})
	}
	if err != nil {
		d, _ := c.certificationData(r.Context())
		c.fail(w, r, "certification.html", page{Title: "Certification", Form: form, Data: d}, err)
		return
	}
	if r.FormValue("draft") != "" {
		http.Redirect(w, r, "/certification", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/certification?done=submitted", http.StatusSeeOther)
}

func (c *Console) capabilitiesPage(w http.ResponseWriter, r *http.Request) {
	caps, err := c.deps.Creators.MyCapabilities(r.Context())
	c.show(w, r, "capabilities.html", page{Title: "Capabilities", Data: caps}, err)
}

func (c *Console) applyCapability(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseMultipartForm(maxForm)
	form := formOf(r, "capability", "material")
	docs, err := c.uploads(r, "documents", media.PurposeDocument)
	if err == nil {
		_, err = c.deps.Creators.ApplyCapability(r.Context(), creator.CapabilityInput{Capability: form["capability"],
			Material: form["material"], Documents: docs})
	}
	if err != nil {
		caps, _ := c.deps.Creators.MyCapabilities(r.Context())
		c.fail(w, r, "capabilities.html", page{Title: "Capabilities", Form: form, Data: caps}, err)
		return
	}
	http.Redirect(w, r, "/capabilities", http.StatusSeeOther)
}

// reviewsData is one page of the review queue with its filters.
type reviewsData struct {
	Items  []backoffice.Item
	Next   string
	Kind   string
	Status string
	Kinds  []string
}

func (c *Console) reviewsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := reviewsData{Kind: q.Get("kind"), Status: q.Get("status"), Kinds: backoffice.ReviewKinds}
	var err error
	d.Items, d.Next, err = c.deps.Reviews.FindItems(r.Context(), backoffice.ReviewFilter{Kind: d.Kind, Status: d.Status,
		Cursor: q.Get("cursor")})
	c.show(w, r, "reviews.html", page{Title: "Review queue", Data: d}, err)
}

func (c *Console) reviewPage(w http.ResponseWriter, r *http.Request) {
	it, err := c.deps.Reviews.FindItem(r.Context(), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, "review.html", page{Title: "Review"}, err)
		return
	}
	c.render(w, r, http.StatusOK, "review.html", page{Title: "Review", Data: it, Flash: r.URL.Query().Get("decided")})
}

func (c *Console) approveReview(w http.ResponseWriter, r *http.Request) {
	c.decideReview(w, r, true)
}

func (c *Console) rejectReview(w http.ResponseWriter, r *http.Request) {
	c.decideReview(w, r, false)
}

func (c *Console) decideReview(w http.ResponseWriter, r *http.Request, approve bool) {
	id := r.PathValue("id")
	var err error
	if approve {
		_, err = c.deps.Reviews.Approve(r.Context(), id)
	} else {
		_, err = c.deps.Reviews.Reject(r.Context(), id, r.PostFormValue("reason"))
	}
	if err != nil {
		it, _ := c.deps.Reviews.FindItem(r.Context(), id)
		c.fail(w, r, "review.html", page{Title: "Review", Data: it, Form: map[string]string{"reason": r.PostFormValue("reason")}}, err)
		return
	}
	http.Redirect(w, r, "/backoffice/reviews/"+url.PathEscape(id)+"?decided=1", http.StatusSeeOther)
}
