package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/i18n"
)

var statuses = map[apperr.Code]int{
	apperr.Invalid:         http.StatusUnprocessableEntity,
	apperr.Unauthenticated: http.StatusUnauthorized,
	apperr.StepUpRequired:  http.StatusUnauthorized,
	apperr.Forbidden:       http.StatusForbidden,
	apperr.NotFound:        http.StatusNotFound,
	apperr.Conflict:        http.StatusConflict,
	apperr.RateLimited:     http.StatusTooManyRequests,
	apperr.TooLarge:        http.StatusRequestEntityTooLarge,
	apperr.Internal:        http.StatusInternalServerError,
	apperr.Unavailable:     http.StatusServiceUnavailable,
}

// StatusClientClosed is the status recorded for a request whose client hung
// up before the answer (nginx's 499); the client never sees it.
const StatusClientClosed = 499

// Status is the HTTP status of an error code (500 for an unknown one).
func Status(c apperr.Code) int {
	if s, ok := statuses[c]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Problem is an error as the API and the console tell it: its status, code
// and message in the request's language, a message per offending field,
// the detail members of the API's error body and the request's id.
type Problem struct {
	Status  int
	Code    apperr.Code
	Message string
	// Fields holds one message per offending input field.
	Fields map[string]string
	// Details are further members of the API's error body.
	Details map[string]any
	// RetryAfter tells a rate-limited client when to try again.
	RetryAfter time.Duration
	// Quota is the rate limit the request hit (nil when none).
	Quota     *apperr.Quota
	RequestID string
}

// ProblemOf describes err for the request of ctx. It is the one place an
// error becomes an answer: an internal error is logged here, once, with its
// cause, through the logger ctx carries (see WithLogger), and is answered
// without detail.
func ProblemOf(ctx context.Context, err error) Problem {
	e := apperr.From(err)
	lang := i18n.FromContext(ctx)
	p := Problem{Status: Status(e.Code), Code: e.Code, Message: e.MessageIn(lang), Details: e.Details,
		RetryAfter: e.RetryAfter, Quota: e.Quota, RequestID: audit.RequestFrom(ctx).ID}
	switch {
	case e.Code == apperr.Internal && ctx.Err() != nil && errors.Is(err, context.Canceled):
		// The client hung up: nothing went wrong here, and nobody reads the answer.
		p.Status = StatusClientClosed
		Logger(ctx).DebugContext(ctx, "client closed the request", "request_id", p.RequestID, "err", err)
	case e.Code == apperr.Internal:
		Logger(ctx).ErrorContext(ctx, "internal error", "request_id", p.RequestID, "err", err)
	case e.Code == apperr.Unavailable:
		Logger(ctx).WarnContext(ctx, "unavailable", "request_id", p.RequestID, "err", err)
	}
	if len(e.Fields) > 0 {
		p.Fields = map[string]string{}
		for k, v := range e.Fields {
			p.Fields[k] = v.In(lang)
		}
	}
	return p
}

// TooLarge is the refusal of a request body over limit bytes, the same in
// the API and the console.
func TooLarge(limit int64) error {
	return apperr.New(apperr.TooLarge, "The request body is too large: at most %d bytes.", limit)
}

// SetRateHeaders writes the rate-limit headers of p: Retry-After, and the
// IETF draft's RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset
// (seconds, rounded up) when p tells the quota it hit.
func (p Problem) SetRateHeaders(h http.Header) {
	if p.RetryAfter > 0 {
		h.Set("Retry-After", seconds(p.RetryAfter))
	}
	if q := p.Quota; q != nil {
		SetQuotaHeaders(h, *q)
	}
}

// SetQuotaHeaders writes q as the IETF draft's RateLimit-Limit,
// RateLimit-Remaining and RateLimit-Reset (seconds, rounded up), as a
// rate-limited route answers whether or not it refused.
func SetQuotaHeaders(h http.Header, q apperr.Quota) {
	limit, remaining, reset := QuotaHeaders(q)
	h.Set("RateLimit-Limit", limit)
	h.Set("RateLimit-Remaining", remaining)
	h.Set("RateLimit-Reset", reset)
}

// QuotaHeaders renders q as the values of RateLimit-Limit,
// RateLimit-Remaining and RateLimit-Reset.
func QuotaHeaders(q apperr.Quota) (limit, remaining, reset string) {
	return strconv.Itoa(q.Limit), strconv.Itoa(q.Remaining), seconds(q.Reset)
}

func seconds(d time.Duration) string { return strconv.Itoa(int((d + time.Second - 1) / time.Second)) }

type loggerKey struct{}

// WithLogger returns ctx carrying the app's logger. Package app attaches it
// to every request, so errors are logged in the configured format even
// where they arise outside a handler (huma's own errors, middleware).
func WithLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, l)
}

// Logger returns the logger ctx carries; a request that did not come
// through the app's middleware (none does in helio) logs to slog's default.
func Logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}
