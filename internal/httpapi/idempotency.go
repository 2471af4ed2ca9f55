package httpapi

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/idempotency"
)

// Headers of idempotent routes (API.md).
const (
	// IdempotencyKeyHeader carries the client's key for one logical request.
	IdempotencyKeyHeader = "Idempotency-Key"
	// ReplayedHeader marks an answer replayed from an earlier request.
	ReplayedHeader = "Idempotent-Replayed"
	// maxIdempotencyKey bounds a key's length.
	maxIdempotencyKey = 255
	// defaultMaxBody is huma's body limit for routes that set none.
	defaultMaxBody = 1 << 20
)

// idempotencyParam documents the header on an idempotent route.
var idempotencyParam = &huma.Param{Name: IdempotencyKeyHeader, In: "header", Schema: &huma.Schema{Type: "string",
	MinLength: new(1), MaxLength: new(maxIdempotencyKey)},
	Description: "A key of the client's choosing (such as a UUID) that makes a retry safe: the same key with the same " +
		"request answers the first answer again (with " + ReplayedHeader + ": true) instead of acting twice; with another " +
		"request, 409 conflict. A second request while the first runs waits for it. Keys are kept at least 24 hours, per caller."}

// humaContext names huma.Context for embedding (a field named Context
// would hide its Context method).
type humaContext = huma.Context

// captured is the huma.Context an idempotent route's handler writes to: it
// serves the buffered request body and keeps the answer, which is written
// out once the transaction that produced it has committed.
type captured struct {
	humaContext
	body   []byte
	answer idempotency.Answer
	out    bytes.Buffer
}

func (c *captured) BodyReader() io.Reader { return bytes.NewReader(c.body) }
func (c *captured) SetStatus(code int)    { c.answer.Status = code }
func (c *captured) Status() int           { return c.answer.Status }
func (c *captured) SetHeader(name, value string) {
	http.Header(c.answer.Header).Set(name, value)
}
func (c *captured) AppendHeader(name, value string) {
	http.Header(c.answer.Header).Add(name, value)
}
func (c *captured) BodyWriter() io.Writer { return &c.out }

// idempotent is the middleware of routes with Route.Idempotent: with an
// Idempotency-Key header, the request runs through the idempotency store
// (one effect per key and caller; a retry gets the first answer).
func (a *API) idempotent(r Route) func(huma.Context, func(huma.Context)) {
	limit := r.MaxBody
	if limit == 0 {
		limit = defaultMaxBody
	}
	return func(hctx huma.Context, next func(huma.Context)) {
		key := hctx.Header(IdempotencyKeyHeader)
		if key == "" {
			next(hctx)
			return
		}
		if len(key) > maxIdempotencyKey {
			writeErr(hctx, apperr.Field(IdempotencyKeyHeader, "must be at most %d characters", maxIdempotencyKey))
			return
		}
		body, err := io.ReadAll(io.LimitReader(hctx.BodyReader(), limit+1))
		if err != nil {
			writeErr(hctx, apperr.Wrap(err, "read request"))
			return
		}
		u := hctx.URL()
		request := append([]byte(hctx.Method()+" "+u.Path+"?"+u.RawQuery+"\n"), body...)
		answer, replayed, err := a.deps.Idempotency.Do(hctx.Context(), scopeOf(authz.ActorFrom(hctx.Context())), key, request,
			func(ctx context.Context) idempotency.Answer {
				c := &captured{humaContext: hctx, body: body, answer: idempotency.Answer{Header: map[string][]string{}}}
				next(huma.WithContext(c, ctx))
				c.answer.Body = c.out.Bytes()
				return c.answer
			})
		if err != nil {
			writeErr(hctx, err)
			return
		}
		for k, vs := range answer.Header {
			for _, v := range vs {
				hctx.AppendHeader(k, v)
			}
		}
		if replayed {
			hctx.SetHeader(ReplayedHeader, "true")
		}
		hctx.SetStatus(answer.Status)
		_, _ = hctx.BodyWriter().Write(answer.Body)
	}
}

// scopeOf is whose keys a request's key is among: the user, narrowed to a
// sub-account or an API token; anonymous callers (sign-up) share a scope,
// where the request hash keeps one caller from replaying another's answer.
func scopeOf(a authz.Actor) string {
	if a.UserID == "" {
		return "anonymous"
	}
	return "user:" + a.UserID + "/sub:" + a.SubAccountID + "/token:" + a.TokenID
}
