package app

import (
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/httpapi"
	"github.com/helio-platform/helio/internal/httpx"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/web"
)

// statusRecorder remembers the status and size of an answer. It passes on
// only the first status: huma sets 499 after writing a body to a client
// that hung up, when the status has long been sent (net/http would log a
// "superfluous WriteHeader call"); that 499 is recorded for the access log
// and the metrics instead.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status != 0 {
		if code == httpx.StatusClientClosed {
			r.status = code
		}
		return
	}
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// observe gives every request an id (X-Request-Id, kept when a proxy sent
// a well-formed one), records its origin for audit — the client's IP (from
// the forwarding headers of a trusted proxy, else the TCP peer), region,
// device and a sanitised User-Agent — and after the answer writes one
// access-log line and the request metrics. Query strings are not logged:
// they may carry tokens.
func observe(logger *slog.Logger, m *metrics, mux *http.ServeMux, proxies httpx.Proxies, regions *auth.Regions, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !validRequestID.MatchString(id) {
			id = uuid.Must(uuid.NewV7()).String()
		}
		w.Header().Set("X-Request-Id", id)
		ip, viaProxy := proxies.ClientIP(r)
		proxied := r.Header.Get
		if !viaProxy {
			proxied = nil
		}
		device := r.Header.Get("Helio-Device-Id")
		if c, err := r.Cookie(web.DeviceCookie); err == nil && device == "" {
			device = c.Value
		}
		ctx := audit.WithRequest(httpx.WithLogger(r.Context(), logger), audit.Request{ID: id, IP: ip,
			DeviceID: httpx.Sanitize(device, 128), UserAgent: httpx.Sanitize(r.UserAgent(), 256), Region: httpx.Sanitize(regions.Of(ip, proxied), 64)})
		rec := &statusRecorder{ResponseWriter: w}
		r = r.WithContext(ctx)
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		_, route := mux.Handler(r)
		if route == "" {
			route = "unmatched"
		}
		elapsed := time.Since(start)
		m.requests.With(prometheus.Labels{"route": route, "status": strconv.Itoa(rec.status)}).Inc()
		m.latency.With(prometheus.Labels{"route": route}).Observe(elapsed.Seconds())
		logger.LogAttrs(ctx, slog.LevelInfo, "request",
			slog.String("request_id", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("route", route), slog.Int("status", rec.status), slog.Int("bytes", rec.bytes),
			slog.Duration("elapsed", elapsed), slog.String("ip", ip))
	})
}

// authenticate resolves the session cookie or bearer token into the actor
// of the request, and the language into its context. A bad bearer token is
// refused at once; a stale cookie is simply ignored (the visitor is
// anonymous).
func authenticate(a *auth.Service, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := i18n.WithLang(r.Context(), web.LangOf(r))
		r = r.WithContext(ctx)
		if r.URL.Path == metricsPath {
			next.ServeHTTP(w, r) // its bearer token is the scraper's (guardMetrics)
			return
		}
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				httpapi.WriteError(w, r, apperr.New(apperr.Unauthenticated, "The Authorization header must be: Bearer <token>."))
				return
			}
			actor, err := a.Authenticate(ctx, strings.TrimSpace(token))
			if err == nil {
				actor, err = actingAs(w, r, actor)
			}
			if err != nil {
				httpapi.WriteError(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(authz.WithActor(ctx, actor)))
			return
		}
		if c, err := r.Cookie(httpx.CookieName); err == nil && c.Value != "" {
			if actor, err := a.Authenticate(ctx, c.Value); err == nil {
				if actor, err = actingAs(w, r, actor); err != nil {
					httpapi.WriteError(w, r, err)
					return
				}
				ctx = authz.WithActor(ctx, actor)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// actingAs applies the request's httpx.AccountHeader to actor (authz refuses an
// account the login may not act for) and names the acting account in the
// answer.
func actingAs(w http.ResponseWriter, r *http.Request, actor authz.Actor) (authz.Actor, error) {
	if h := strings.TrimSpace(r.Header.Get(httpx.AccountHeader)); h != "" {
		var err error
		if actor, err = actor.ActAs(h); err != nil {
			return actor, err
		}
	}
	if id := actor.ActingAccount(); id != "" {
		w.Header().Set(httpx.AccountHeader, id)
	}
	return actor, nil
}

// crossOrigin refuses state-changing cross-site browser requests (CSRF) on
// every path, API and console alike, using the Sec-Fetch-Site and Origin
// headers browsers send. Requests without them (API clients) pass.
func crossOrigin(next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpapi.WriteError(w, r, apperr.New(apperr.Forbidden, "Cross-site request refused."))
	}))
	return p.Handler(next)
}
