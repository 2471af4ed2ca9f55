// Package web is the console: server-rendered pages (html/template) with
// htmx for partial updates. Pages call the same services as the API, so
// access is decided in the domain once for both. Every string is a message
// id translated through package i18n; the templates are parsed once per
// language. All assets are embedded; the console needs no network.
package web

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"sync"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/httpx"
	"github.com/helio-platform/helio/internal/i18n"
)

// Cookies the console keeps besides the session.
const (
	// DeviceCookie holds a random label of the browser for the audit trail
	// (long-lived); the device is known by httpx.DeviceTokenCookie alone.
	DeviceCookie = "helio_device"
	// LangCookie holds the chosen language.
	LangCookie = "helio_lang"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Console renders the console's pages.
type Console struct {
	deps   httpx.Services
	pages  map[i18n.Lang]map[string]func() *template.Template
	routes []Route
}

// New registers the console's routes on mux.
func New(mux *http.ServeMux, deps httpx.Services) *Console {
	c := &Console{deps: deps, pages: map[i18n.Lang]map[string]func() *template.Template{}}
	for _, l := range i18n.Langs {
		c.pages[l] = parsePages(l)
	}
	static, _ := fs.Sub(staticFiles, "static")
	files := http.FileServerFS(static)
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(files, 24*time.Hour)))
	c.register(mux)
	// Whatever no page or API route answers is the console's designed
	// "not found" page, not Go's bare text.
	mux.HandleFunc("/", c.notFound)
	return c
}

// notFound answers a path no page serves.
func (c *Console) notFound(w http.ResponseWriter, r *http.Request) {
	secureHeaders(w.Header())
	c.render(w, r, http.StatusNotFound, "error.html", page{Title: "Page not found"})
}

// parsePages answers, per page, a function that parses the page together
// with the layout, with the template functions bound to language l, the
// first time it is called. Parsing every page of every language up front
// kept about 40 MB of templates on the heap, which every garbage collection
// scanned, also on replicas that serve only the API.
func parsePages(l i18n.Lang) map[string]func() *template.Template {
	funcs := template.FuncMap{
		"t":    func(msgid string, args ...any) string { return i18n.T(msgid, args...).In(l) },
		"lang": func() string { return string(l) },
		// event and outcome name an audit event's action and outcome.
		"event":   func(action string) string { return label(eventLabels, action, l) },
		"outcome": func(o string) string { return label(outcomeLabels, o, l) },
		// scene and settlementState name a commission scene and the state of
		// a settlement run.
		"scene":           func(s string) string { return label(sceneLabels, s, l) },
		"settlementState": func(s string) string { return label(settlementStates, s, l) },
		"poolReason":      func(s string) string { return label(poolReasons, s, l) },
		// checked names the field of a content a machine check looked at.
		"checked": func(f string) string { return label(checkedFields, f, l) },
		// describe says what a permission allows, in l (its id when unknown).
		"describe": func(p authz.Permission) string {
			if r, ok := authz.RuleOf(p); ok && r.Describe != "" {
				return i18n.T(r.Describe).In(l)
			}
			return string(p)
		},
		// pathseg escapes a value used as one segment of a URL path.
		"pathseg": url.PathEscape,
		"time":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
		"date":    func(t time.Time) string { return t.UTC().Format("2006-01-02") },
		// excerpt and picture shape a content card of the feed.
		"excerpt": excerpt,
		"picture": picture,
		"initial": initial,
		"limit":   limitOf,
		// ordinal counts from one what range counts from zero.
		"ordinal": func(i int) int { return i + 1 },
		// thumbnail is the picture of a row of the content list.
		"thumbnail": func(c content.Content) string { return content.PictureOf(c.Type, c.Cover, c.Media) },
		// yuan renders a price as the price inputs take it.
		"yuan": yuan,
		"field": func(name, label, kind, value, err, autocomplete, hint string) formField {
			return formField{Name: name, Label: label, Type: kind, Value: value, Err: err, Auto: autocomplete, Hint: hint}
		},
	}
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/partials.html"))
	names, _ := fs.Glob(templateFiles, "templates/*.html")
	out := map[string]func() *template.Template{}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || base == "partials.html" {
			continue
		}
		out[base] = sync.OnceValue(func() *template.Template {
			return template.Must(template.Must(layout.Clone()).ParseFS(templateFiles, n))
		})
	}
	return out
}

func cacheFor(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(int(d.Seconds())))
		h.ServeHTTP(w, r)
	})
}

// formField is one labelled input with its hint and error (template "field").
type formField struct {
	Name, Label, Type, Value, Err, Auto, Hint string
	Required                                  bool
}

// page is what every template receives.
type page struct {
	Title   string
	Actor   authz.Actor
	User    *account.User
	Lang    string
	Path    string
	Flash   string
	Error   string
	Fields  map[string]string
	Form    map[string]string
	Data    any
	Langs   []i18n.Lang
	Request string
	// StaffName is the sub-account's name when a staff member is logged in.
	StaffName string
	// Accounts are the login's creator accounts when it holds several: the
	// shell's account switcher offers them; Acting is the one acted as.
	Accounts []creator.CreatorAccount
	Acting   creator.CreatorAccount
	// Menu is the visitor's menu (menuFor), set by render.
	Menu []menuGroup
	// Status is the answer's HTTP status, set by render (error.html
	// words itself by it).
	Status int
}

// render writes the named page with status, in the request's language.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	lang := i18n.FromContext(r.Context())
	p.Lang = string(lang)
	p.Langs = i18n.Langs
	p.Path = r.URL.Path
	p.Status = status
	p.Actor = authz.ActorFrom(r.Context())
	p.Request = audit.RequestFrom(r.Context()).ID
	if p.User == nil && !p.Actor.Anonymous() {
		if u, err := c.deps.Accounts.FindUserByID(r.Context(), p.Actor.UserID); err == nil {
			p.User = &u
		}
	}
	if p.Actor.SubAccountID != "" {
		if sub, err := c.deps.Staff.FindForSession(r.Context(), p.Actor.SubAccountID); err == nil {
			p.StaffName = sub.Name
		}
	}
	if len(p.Actor.CreatorAccounts) > 1 {
		// A sub-account without the right to see the accounts gets no switcher.
		if accts, err := c.deps.Creators.FindCreatorAccounts(r.Context()); err == nil {
			p.Accounts = accts
			for _, a := range accts {
				if a.ID == p.Actor.ActingAccount() {
					p.Acting = a
				}
			}
		}
	}
	p.Menu = menuFor(p.Actor, visitorOf(p.Actor, isCreator(p.Actor)), p.Path)
	var buf bytes.Buffer
	if err := c.pages[lang][name]().ExecuteTemplate(&buf, "layout.html", p); err != nil {
		c.deps.Logger.Error("render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// show renders page name, or the error the way fail does when err is set.
func (c *Console) show(w http.ResponseWriter, r *http.Request, name string, p page, err error) {
	if err != nil {
		c.fail(w, r, name, p, err)
		return
	}
	c.render(w, r, http.StatusOK, name, p)
}

// fail renders an error the way the API would describe it (httpx.ProblemOf):
// field errors next to their fields, anything else as a message at the top.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, name string, p page, err error) {
	c.deps.Audit.RecordRefusal(r.Context(), err)
	pr := httpx.ProblemOf(r.Context(), err)
	pr.SetRateHeaders(w.Header())
	// An internal error, and a refusal with nothing to draw the page with
	// (the route table's permission gate), are told on the designed error
	// page; other refusals stay on their page, next to what was refused.
	if pr.Status >= http.StatusInternalServerError || (pr.Status == http.StatusForbidden && p.Data == nil) {
		name = "error.html"
	}
	p.Error = pr.Message
	if len(pr.Fields) > 0 {
		p.Fields = pr.Fields
		p.Error = i18n.T("Please correct the fields marked below.").In(i18n.FromContext(r.Context()))
	}
	c.render(w, r, pr.Status, name, p)
}

// LangOf picks the language of a request: the console's cookie, then the
// Accept-Language header.
func LangOf(r *http.Request) i18n.Lang {
	if c, err := r.Cookie(LangCookie); err == nil {
		if l, ok := i18n.Parse(c.Value); ok {
			return l
		}
	}
	return i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))
}

// ensureDevice gives a browser a long-lived random device id.
func (c *Console) ensureDevice(w http.ResponseWriter, r *http.Request) string {
	if ck, err := r.Cookie(DeviceCookie); err == nil && len(ck.Value) >= 16 {
		return ck.Value
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: DeviceCookie, Value: id, Path: "/", MaxAge: 2 * 365 * 24 * 3600,
		HttpOnly: true, Secure: c.deps.SecureCookies, SameSite: http.SameSiteLaxMode})
	return id
}
