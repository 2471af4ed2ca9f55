// Package httpapi is Helio's REST API under /api/v1 (API.md). It has one
// route table: every route names its permission, which the table checks
// before the handler runs and the service checks again with the object.
// Handlers are thin: decode, call one service method, encode. The OpenAPI 3.1
// document is generated from the same registrations by huma and kept in the
// repository (api/openapi.json); a test fails when the two disagree.
package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/httpx"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// Route is one entry of the route table.
type Route struct {
	OperationID string
	Method      string
	Path        string
	Permission  authz.Permission
	Summary     string
	// Status is the success status (200 when zero).
	Status int
	// MaxBody bounds the request body in bytes (huma's default when zero).
	MaxBody int64
	// Idempotent routes honour an Idempotency-Key header (API.md): a retry
	// with the same key and request gets the first answer, never a second
	// effect. Every POST that creates something sets it.
	Idempotent bool
}

// API is the registered REST surface.
type API struct {
	deps   httpx.Services
	huma   huma.API
	routes []Route
}

var hookOnce sync.Once

// New registers every route on mux and returns the API.
func New(mux *http.ServeMux, deps httpx.Services) *API {
	hookOnce.Do(hookHumaErrors)
	cfg := huma.DefaultConfig("Helio API", "1.0.0")
	cfg.Info.Description = "The creator platform for content commerce. Conventions: see API.md."
	cfg.OpenAPIPath = Prefix + "/openapi"
	cfg.DocsPath = ""    // the docs page loads a CDN; the console works offline
	cfg.SchemasPath = "" // no $schema links in bodies
	cfg.CreateHooks = nil
	cfg.Servers = []*huma.Server{{URL: "/", Description: "the server this document is served by"}}
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "a session token or an API token"},
		"cookie": {Type: "apiKey", In: "cookie", Name: httpx.CookieName},
	}
	a := &API{deps: deps, huma: humago.New(mux, cfg)}
	a.registerSessions()
	a.registerMe()
	a.registerBackoffice()
	a.registerCreators()
	a.registerCertification()
	a.registerReviews()
	a.registerMedia()
	a.registerSecurity()
	a.registerStaff()
	a.registerContents()
	a.registerContentManagement()
	a.registerEngagement()
	a.registerFeed()
	a.registerLevels()
	a.registerCommission()
	a.registerTasks()
	a.registerChannels()
	a.registerInsights()
	a.registerDiscover()
	a.registerStudio()
	a.registerAppeals()
	a.registerExports()
	a.registerWebhooks()
	a.registerPreferences()
	a.registerOrganizations()
	mux.HandleFunc(Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, notFound(r))
	})
	return a
}

// Routes returns the route table.
func (a *API) Routes() []Route { return a.routes }

// OpenAPI returns the generated document.
func (a *API) OpenAPI() *huma.OpenAPI { return a.huma.OpenAPI() }

// accountParam documents the acting creator account's header on every
// operation that takes credentials (docs/accounts.md).
var accountParam = &huma.Param{Name: httpx.AccountHeader, In: "header", Schema: &huma.Schema{Type: "string"},
	Description: "the creator account the request acts as (its id or public account id); default: the session's, " +
		"else the login's first. A login may name only its own accounts, a sub-account its main account's (else 403)."}

// handle registers one route: the permission is checked before h runs, and
// any error h returns is answered in the API's error body.
func handle[I, O any](a *API, r Route, h func(ctx context.Context, in *I) (*O, error)) {
	rule, ok := authz.RuleOf(r.Permission)
	if !ok {
		panic(fmt.Sprintf("route %s %s: unknown permission %q", r.Method, r.Path, r.Permission))
	}
	a.routes = append(a.routes, r)
	op := huma.Operation{
		OperationID:   r.OperationID,
		Method:        r.Method,
		Path:          Prefix + r.Path,
		Summary:       r.Summary,
		DefaultStatus: r.Status,
		MaxBodyBytes:  r.MaxBody,
		Extensions:    map[string]any{"x-permission": string(r.Permission)},
	}
	op.Security = []map[string][]string{} // public: no credentials needed
	if !rule.Public {
		op.Security = []map[string][]string{{"bearer": {}}, {"cookie": {}}}
		op.Parameters = append(op.Parameters, accountParam)
	}
	op.Responses = a.errorResponses(r, rule.Public)
	// The permission is checked before huma reads the input, so that an
	// anonymous or unauthorised caller learns nothing from validation.
	op.Middlewares = huma.Middlewares{func(hctx huma.Context, next func(huma.Context)) {
		if err := authz.CheckCtx(hctx.Context(), r.Permission, nil); err != nil {
			a.deps.Audit.RecordRefusal(hctx.Context(), err)
			writeErr(hctx, err)
			return
		}
		if err := checkText(hctx); err != nil {
			writeErr(hctx, err)
			return
		}
		next(bodyDeadline{hctx})
	}}
	if r.Idempotent {
		op.Parameters = append(op.Parameters, idempotencyParam)
		op.Middlewares = append(op.Middlewares, a.idempotent(r))
	}
	huma.Register(a.huma, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			a.deps.Audit.RecordRefusal(ctx, err)
			return nil, toHTTP(ctx, err)
		}
		return out, nil
	})
}

// bodyDeadline lifts huma's read deadline on the connection (its
// BodyReadTimeout, 5 s) once the body has been read to its end. The deadline
// bounds a slow client's sending of the body; left on the connection while
// the handler runs, it fires the server's background read when it passes,
// which cancels the request's context: a request still working 5 s after
// its body arrived (a batch of order events waiting for the ledger) was
// answered 499.
type bodyDeadline struct{ humaContext }

func (c bodyDeadline) BodyReader() io.Reader {
	return &liftAtEOF{r: c.humaContext.BodyReader(), lift: func() { _ = c.SetReadDeadline(time.Time{}) }}
}

// liftAtEOF calls lift when r reaches its end.
type liftAtEOF struct {
	r    io.Reader
	lift func()
	done bool
}

func (l *liftAtEOF) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if errors.Is(err, io.EOF) && !l.done {
		l.done = true
		l.lift()
	}
	return n, err
}

// errorResponses documents the 4xx answers of route r: 422 for input that
// breaks a rule, 401 and 403 unless the route is public, 404 for a path
// naming an object, 409 for a write that may conflict, 429 where a rate
// limit or an idempotency key may refuse it; every one has the error body.
func (a *API) errorResponses(r Route, public bool) map[string]*huma.Response {
	body := a.huma.OpenAPI().Components.Schemas.Schema(reflect.TypeOf(ErrorBody{}), true, "ErrorBody")
	answer := func(text string) *huma.Response {
		return &huma.Response{Description: text, Content: map[string]*huma.MediaType{"application/json": {Schema: body}}}
	}
	out := map[string]*huma.Response{"422": answer("invalid: the input breaks a rule; fields names each field and its rule")}
	if !public {
		out["401"] = answer("unauthenticated, or step_up_required with challenge_id and methods")
		out["403"] = answer("forbidden: missing names the permission, capability, certification or level lacking")
	}
	if strings.Contains(r.Path, "{") {
		out["404"] = answer("not_found: no such object, or not the caller's")
	}
	if r.Method != http.MethodGet {
		out["409"] = answer("conflict: the object's state does not allow it (or an Idempotency-Key reused with another body)")
	}
	if r.Idempotent || strings.HasPrefix(r.Path, "/sessions") || strings.HasPrefix(r.Path, "/password-resets") {
		out["429"] = answer("rate_limited: try again after Retry-After")
	}
	return out
}

// List is the answer of every list endpoint.
type List[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

func newList[T any](items []T, next string) List[T] {
	if items == nil {
		items = []T{}
	}
	l := List[T]{Items: items}
	if next != "" {
		l.NextCursor = &next
	}
	return l
}

// PageQuery is the pagination of list endpoints.
type PageQuery struct {
	Limit  int    `query:"limit" doc:"items per page, 1 to 100 (default 20)"`
	Cursor string `query:"cursor" doc:"next_cursor of the previous page"`
}

func pageOf(q PageQuery) db.Page { return db.Page{Limit: q.Limit, Cursor: q.Cursor} }
