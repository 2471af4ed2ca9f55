package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/httpx"
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

// errorMembers documents the extra members of the error payload, each with
// the codes whose answers carry it.
var errorMembers = []struct {
	name, doc string
	schema    *huma.Schema
}{
	{"missing", "forbidden: what the caller lacks (login, role, permission, capability, certification, privilege)",
		&huma.Schema{Type: "object", AdditionalProperties: &huma.Schema{Type: "string"}}},
	{"challenge_id", "step_up_required: the challenge to answer at POST /api/v1/sessions/verify", &huma.Schema{Type: "string"}},
	{"methods", "step_up_required: the methods still open (sms_code, totp, webauthn, recovery_code)",
		&huma.Schema{Type: "array", Items: &huma.Schema{Type: "string", Enum: []any{"sms_code", "totp", "webauthn", "recovery_code"}}}},
	{"code_sent_to", "step_up_required: where the one-time code went, masked", &huma.Schema{Type: "string"}},
	{"password_required", "step_up_required: the password is checked after the methods", &huma.Schema{Type: "boolean"}},
	{"checks", "invalid or conflict when opening a creator account: every check with its state and the link to fix it",
		&huma.Schema{Type: "array", Items: &huma.Schema{Type: "object"}}},
	{"findings", "invalid when a machine check refuses text: each finding's field, rule, span and severity",
		&huma.Schema{Type: "array", Items: &huma.Schema{Type: "object"}}},
	{"link", "forbidden or conflict: the console page that fixes it (certification, level, account recovery)", &huma.Schema{Type: "string"}},
	{"kept_version", "conflict on a stale draft save: the version the other save kept", &huma.Schema{Type: "integer"}},
	{"current", "conflict: the object as it stands now", &huma.Schema{Type: "object"}},
	{"job", "conflict: the job already running", &huma.Schema{Type: "object"}},
	{"reason_code", "a channel or activity refusal's machine-readable reason (daily_quota, not_eligible, not_admitted, category_full, level_too_low, role_not_certified, not_open, closed)",
		&huma.Schema{Type: "string", Enum: []any{"daily_quota", "not_eligible", "not_admitted", "category_full", "level_too_low",
			"role_not_certified", "not_open", "closed"}}},
	{"clauses", "not_eligible: each clause of the channel's rule with met and its reason code",
		&huma.Schema{Type: "array", Items: &huma.Schema{Type: "object"}}},
	{"restriction_id", "forbidden by an operator's restriction: the restriction to read and appeal", &huma.Schema{Type: "string"}},
	{"open_tasks", "conflict on unbinding an operation account: how many of its tasks are not yet confirmed", &huma.Schema{Type: "integer"}},
	{"rule", "the rule table and version a refusal came from", &huma.Schema{Type: "object",
		Properties: map[string]*huma.Schema{"table": {Type: "string"}, "version": {Type: "integer"}}}},
}

// Schema documents the payload: the codes as an enum, and the extra
// members by the codes that carry them.
func (ErrorPayload) Schema(huma.Registry) *huma.Schema {
	codes := []any{}
	for _, c := range []apperr.Code{apperr.Invalid, apperr.Unauthenticated, apperr.StepUpRequired, apperr.Forbidden,
		apperr.NotFound, apperr.Conflict, apperr.RateLimited, apperr.TooLarge, apperr.Internal, apperr.Unavailable} {
		codes = append(codes, string(c))
	}
	s := &huma.Schema{Type: "object", Required: []string{"code", "message", "request_id"},
		Description: "What went wrong; members beyond code, message, fields and request_id depend on the code.",
		Properties: map[string]*huma.Schema{
			"code":       {Type: "string", Enum: codes},
			"message":    {Type: "string", Description: "in the caller's language"},
			"fields":     {Type: "object", AdditionalProperties: &huma.Schema{Type: "string"}, Description: "each offending field and its rule"},
			"request_id": {Type: "string"},
		}}
	for _, m := range errorMembers {
		m.schema.Description = m.doc
		s.Properties[m.name] = m.schema
	}
	return s
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

// toHTTP turns any error into an error answer in the request's language
// (httpx.ProblemOf, which logs an internal error once).
func toHTTP(ctx context.Context, err error) *httpError {
	var he *httpError
	if errors.As(err, &he) {
		return he
	}
	pr := httpx.ProblemOf(ctx, err)
	p := ErrorPayload{Code: string(pr.Code), Message: pr.Message, Fields: pr.Fields, RequestID: pr.RequestID,
		details: map[string]any{}}
	for k, v := range pr.Details {
		p.details[k] = v
	}
	out := &httpError{status: pr.Status, headers: http.Header{}, body: ErrorBody{Error: p}}
	pr.SetRateHeaders(out.headers)
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
		if status == http.StatusRequestEntityTooLarge && hctx != nil {
			return toHTTP(ctx, httpx.TooLarge(hctx.Operation().MaxBodyBytes))
		}
		// A validation error without a message lists its fields, each with
		// its rule, in the caller's language.
		e := &apperr.Error{Code: codeForStatus(status), Fields: map[string]i18n.Text{}}
		for _, err := range errs {
			if d, ok := err.(huma.ErrorDetailer); ok {
				field, text := fieldOf(d.ErrorDetail())
				if _, dup := e.Fields[field]; !dup {
					e.Fields[field] = text
				}
			}
		}
		if len(e.Fields) == 0 {
			e.Fields["body"] = bodyRule(msg)
		}
		return toHTTP(ctx, e)
	}
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		return huma.NewErrorWithContext(nil, status, msg, errs...)
	}
}

// fieldOf names the input field a huma validation detail is about, and the
// rule it breaks as a message id.
func fieldOf(d *huma.ErrorDetail) (string, i18n.Text) {
	field := d.Location
	for _, prefix := range []string{"body.", "query.", "path.", "header."} {
		field = strings.TrimPrefix(field, prefix)
	}
	if args, ok := humaRules[0].match(d.Message); ok {
		// A required property is named in the message, under its object.
		name := args[0].(string)
		if field != "" && field != "body" {
			name = field + "." + name
		}
		return name, humaRules[0].text
	}
	if field == "" {
		field = "body"
	}
	for _, r := range humaRules[1:] {
		if args, ok := r.match(d.Message); ok {
			return field, i18n.Text{Format: r.text.Format, Args: args}
		}
	}
	if d.Location == "body" {
		return field, i18n.T("is not valid JSON")
	}
	return field, i18n.T("is not valid")
}

// bodyRule says what is wrong with a request whose body was refused as a
// whole (msg is huma's reason).
func bodyRule(msg string) i18n.Text {
	if strings.Contains(msg, "body is required") {
		return i18n.T("is required")
	}
	return i18n.T("is not valid")
}

// humaRule maps one of huma's validation messages (a format of package
// validation, or of huma's parameter parsing) to a message id taking the
// same arguments.
type humaRule struct {
	re   *regexp.Regexp
	text i18n.Text
}

func (r humaRule) match(msg string) ([]any, bool) {
	m := r.re.FindStringSubmatch(msg)
	if m == nil {
		return nil, false
	}
	args := make([]any, len(m)-1)
	for i, a := range m[1:] {
		args[i] = a
	}
	return args, true
}

// rule compiles a huma format (%s, %v and %d each one argument) into a
// humaRule answering text.
func rule(format string, text i18n.Text) humaRule {
	pattern := regexp.QuoteMeta(format)
	for _, verb := range []string{"%s", "%v", "%d"} {
		pattern = strings.ReplaceAll(pattern, verb, "(.+?)")
	}
	return humaRule{re: regexp.MustCompile("^" + pattern + "$"), text: text}
}

// humaRules are the rules of huma's messages; the first, the required
// property, names the field in its argument.
var humaRules = []humaRule{
	rule(validation.MsgExpectedRequiredProperty, i18n.T("is required")),
	rule("required %s parameter is missing", i18n.T("is required")),
	rule(validation.MsgUnexpectedProperty, i18n.T("is not a field of this request")),
	rule("unknown query parameter", i18n.T("is not a parameter of this request")),
	rule(validation.MsgExpectedRFC3339DateTime, i18n.T("must be a date and time such as 2026-05-01T08:00:00Z")),
	rule(validation.MsgExpectedRFC3339Date, i18n.T("must be a date such as 2026-05-01")),
	rule(validation.MsgExpectedBoolean, i18n.T("must be true or false")),
	rule("invalid boolean", i18n.T("must be true or false")),
	rule(validation.MsgExpectedNumber, i18n.T("must be a number")),
	rule("invalid float", i18n.T("must be a number")),
	rule(validation.MsgExpectedInteger, i18n.T("must be a whole number")),
	rule("invalid integer", i18n.T("must be a whole number")),
	rule(validation.MsgExpectedString, i18n.T("must be text")),
	rule(validation.MsgExpectedArray, i18n.T("must be a list")),
	rule(validation.MsgExpectedObject, i18n.T("must be an object")),
	rule(validation.MsgExpectedArrayItemsUnique, i18n.T("must not list an item twice")),
	rule(validation.MsgExpectedOneOf, i18n.T("must be one of %s")),
	rule(validation.MsgExpectedMinimumNumber, i18n.T("must be at least %s")),
	rule(validation.MsgExpectedExclusiveMinimumNumber, i18n.T("must be more than %s")),
	rule(validation.MsgExpectedMaximumNumber, i18n.T("must be at most %s")),
	rule(validation.MsgExpectedExclusiveMaximumNumber, i18n.T("must be less than %s")),
	rule(validation.MsgExpectedMinLength, i18n.T("must have at least %s characters")),
	rule(validation.MsgExpectedMaxLength, i18n.T("must have at most %s characters")),
	rule(validation.MsgExpectedMinItems, i18n.T("must list at least %s items")),
	rule(validation.MsgExpectedMaxItems, i18n.T("must list at most %s items")),
	rule(validation.MsgExpectedMatchPattern, i18n.T("does not have the expected form")),
	rule(validation.MsgExpectedBase64String, i18n.T("must be base64 encoded")),
	rule(validation.MsgExpectedRFC5322Email, i18n.T("must be an e-mail address")),
	rule(validation.MsgExpectedRFC3986URI, i18n.T("must be a web address")),
	rule(validation.MsgExpectedRFC4122UUID, i18n.T("must be an id")),
	rule("expected at most one value, but received multiple values", i18n.T("must be given once")),
}

func codeForStatus(status int) apperr.Code {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusUnsupportedMediaType:
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
	case http.StatusRequestEntityTooLarge:
		return apperr.TooLarge
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
