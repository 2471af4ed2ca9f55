package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/i18n"
)

// ErrorBody is the body of every non-2xx answer (API.md).
type ErrorBody struct {
	Error ErrorPayload `json:"error"`
}

// ErrorPayload describes what went wrong. Details such as a step-up
// challenge or the missing capability appear as further members.
type ErrorPayload struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id"`
	// Missing names what an actor lacks for a forbidden action.
	Missing map[string]string `json:"missing,omitempty"`
	details map[string]any
}

// MarshalJSON writes the payload with its details as extra members.
func (p ErrorPayload) MarshalJSON() ([]byte, error) {
	m := map[string]any{"code": p.Code, "message": p.Message, "request_id": p.RequestID}
	if len(p.Fields) > 0 {
		m["fields"] = p.Fields
	}
	for k, v := range p.details {
		m[k] = v
	}
	return json.Marshal(m)
}

// httpError is an error answer: status, headers and ErrorBody.
type httpError struct {
	status  int
	headers http.Header
	body    ErrorBody
}

func (e *httpError) Error() string           { return e.body.Error.Code + ": " + e.body.Error.Message }
func (e *httpError) GetStatus() int          { return e.status }
func (e *httpError) GetHeaders() http.Header { return e.headers }

// MarshalJSON writes the ErrorBody.
func (e *httpError) MarshalJSON() ([]byte, error) { return json.Marshal(e.body) }

// Schema documents the error body in the OpenAPI document.
func (e *httpError) Schema(r huma.Registry) *huma.Schema {
	return r.Schema(reflect.TypeOf(ErrorBody{}), true, "Error")
}

// toHTTP turns any error into an error answer in the request's language.
// Internal errors are logged with their cause and answered without detail.
func toHTTP(ctx context.Context, err error) *httpError {
	var he *httpError
	if errors.As(err, &he) {
		return he
	}
	e := apperr.From(err)
	lang := i18n.FromContext(ctx)
	reqID := audit.RequestFrom(ctx).ID
	switch e.Code {
	case apperr.Internal:
		slog.ErrorContext(ctx, "internal error", "request_id", reqID, "err", err)
	case apperr.Unavailable:
		slog.WarnContext(ctx, "database unavailable", "request_id", reqID, "err", err)
	}
	p := ErrorPayload{Code: string(e.Code), Message: e.MessageIn(lang), RequestID: reqID, details: map[string]any{}}
	if len(e.Fields) > 0 {
		p.Fields = map[string]string{}
		for k, v := range e.Fields {
			p.Fields[k] = v.In(lang)
		}
	}
	for k, v := range e.Details {
		p.details[k] = v
	}
	out := &httpError{status: apperr.HTTPStatus(e.Code), headers: http.Header{}, body: ErrorBody{Error: p}}
	if ra := e.RetryAfterHeader(); ra != "" {
		out.headers.Set("Retry-After", ra)
	}
	return out
}

// hookHumaErrors makes the errors huma raises itself (malformed JSON, schema
// violations) use the same body, with schema violations as field errors.
func hookHumaErrors() {
	huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		if status == 0 {
			// huma asks for an example error when it documents an operation.
			return &httpError{}
		}
		ctx := context.Background()
		if hctx != nil {
			ctx = hctx.Context()
		}
		if status >= 500 {
			return toHTTP(ctx, apperr.Wrap(fmt.Errorf("%s: %w", msg, errors.Join(errs...)), "huma"))
		}
		e := &apperr.Error{Code: codeForStatus(status), Message: i18n.T("The request is not valid.")}
		for _, err := range errs {
			if d, ok := err.(huma.ErrorDetailer); ok {
				field, text := fieldOf(d.ErrorDetail())
				if e.Fields == nil {
					e.Fields = map[string]i18n.Text{}
				}
				if _, dup := e.Fields[field]; !dup {
					e.Fields[field] = text
				}
			}
		}
		return toHTTP(ctx, e)
	}
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		return huma.NewErrorWithContext(nil, status, msg, errs...)
	}
}

// fieldOf names the input field a huma validation detail is about, and what
// is wrong with it.
func fieldOf(d *huma.ErrorDetail) (string, i18n.Text) {
	field := d.Location
	for _, prefix := range []string{"body.", "query.", "path.", "header."} {
		field = strings.TrimPrefix(field, prefix)
	}
	if name, ok := strings.CutPrefix(d.Message, "expected required property "); ok {
		if name, ok = strings.CutSuffix(name, " to be present"); ok {
			return name, i18n.T("is required")
		}
	}
	if field == "" {
		field = "body"
	}
	return field, i18n.T("%s", d.Message)
}

func codeForStatus(status int) apperr.Code {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge,
		http.StatusUnsupportedMediaType:
		return apperr.Invalid
	case http.StatusUnauthorized:
		return apperr.Unauthenticated
	case http.StatusForbidden:
		return apperr.Forbidden
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return apperr.NotFound
	case http.StatusConflict:
		return apperr.Conflict
	case http.StatusTooManyRequests:
		return apperr.RateLimited
	}
	return apperr.Internal
}

// writeErr answers err inside a huma operation (its middlewares).
func writeErr(hctx huma.Context, err error) {
	he := toHTTP(hctx.Context(), err)
	for k, vs := range he.headers {
		for _, v := range vs {
			hctx.AppendHeader(k, v)
		}
	}
	hctx.SetHeader("Content-Type", "application/json; charset=utf-8")
	hctx.SetStatus(he.status)
	_ = json.NewEncoder(hctx.BodyWriter()).Encode(he.body)
}

// WriteError writes err as an error answer outside huma (middleware, the
// catch-all for unknown API paths).
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	he := toHTTP(r.Context(), err)
	for k, vs := range he.headers {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(he.status)
	_ = json.NewEncoder(w).Encode(he.body)
}
