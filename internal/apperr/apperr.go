// Package apperr defines Helio's one error type. Every refusal a person or a
// client can see is an *Error with a code, a translatable message and, for
// bad input, a message per field; the HTTP layer (package httpx) maps codes
// to HTTP statuses in one table. Anything that is not an *Error is an
// internal error whose detail is logged and never shown.
package apperr

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/helio-platform/helio/internal/i18n"
)

// Code classifies an error; clients branch on it.
type Code string

// The codes of API.md.
const (
	Invalid         Code = "invalid"
	Unauthenticated Code = "unauthenticated"
	StepUpRequired  Code = "step_up_required"
	Forbidden       Code = "forbidden"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	RateLimited     Code = "rate_limited"
	// TooLarge refuses a request body over its route's limit (413).
	TooLarge Code = "too_large"
	Internal Code = "internal"
	// Unavailable is a refusal for lack of capacity: every password-hashing
	// slot busy, or the database down, locked or out of disk. The client
	// should retry after RetryAfter.
	Unavailable Code = "unavailable"
)

// UnavailableRetryAfter is the Retry-After of an Unavailable error: long
// enough for a lock to clear or a replica to take over, short enough that a
// client does not give up.
const UnavailableRetryAfter = 5 * time.Second

// unavailable recognises causes that mean a dependency cannot serve now;
// package db installs its test (apperr cannot import db, which imports it).
var unavailable atomic.Pointer[func(error) bool]

// RecogniseUnavailable installs the test Wrap uses to tell an unavailable
// dependency (code Unavailable) from a fault (code Internal).
func RecogniseUnavailable(is func(error) bool) { unavailable.Store(&is) }

// Quota describes a rate limit as the IETF RateLimit header fields tell it:
// requests allowed in the window, how many are left, and when it resets.
type Quota struct {
	Limit     int
	Remaining int
	Reset     time.Duration
}

// Error is a refusal with a reason a person can read.
type Error struct {
	Code    Code
	Message i18n.Text
	// Fields holds one message per offending input field (snake_case names).
	Fields map[string]i18n.Text
	// RetryAfter tells a rate-limited client, or one refused while the
	// database is unavailable, when to try again.
	RetryAfter time.Duration
	// Quota is the limit a rate-limited request hit, for the RateLimit-*
	// headers; nil when there is none.
	Quota *Quota
	// Details are extra members of the error body (challenge_id, methods, link).
	Details map[string]any
	cause   error
}

// New makes an Error; format is a message id (see package i18n).
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: i18n.T(format, args...)}
}

// Wrap makes an internal error around cause; its detail is logged, not shown.
// A cause that means a dependency cannot serve now (see
// RecogniseUnavailable) makes an Unavailable error instead, with a
// Retry-After.
func Wrap(cause error, context string) *Error {
	wrapped := fmt.Errorf("%s: %w", context, cause)
	if is := unavailable.Load(); is != nil && (*is)(cause) {
		return &Error{Code: Unavailable, Message: i18n.T("The service cannot answer right now. Please try again in a moment."),
			RetryAfter: UnavailableRetryAfter, cause: wrapped}
	}
	return &Error{Code: Internal, Message: i18n.T("Something went wrong on our side. Please try again."), cause: wrapped}
}

// WrapIf is Wrap for a cause that may be nil: nil stays nil. Stores end
// their queries with it (return out, apperr.WrapIf(rows.Err(), "find x")).
func WrapIf(cause error, context string) error {
	if cause == nil {
		return nil
	}
	return Wrap(cause, context)
}

// Error renders the error in English (for logs).
func (e *Error) Error() string {
	if e.cause != nil {
		return string(e.Code) + ": " + e.cause.Error()
	}
	return string(e.Code) + ": " + e.MessageIn(i18n.English)
}

// Unwrap returns the cause of an internal error.
func (e *Error) Unwrap() error { return e.cause }

// Exhausted marks a rate-limited e as having used up a limit of limit
// requests until reset: its quota (none remaining) and Retry-After.
func (e *Error) Exhausted(limit int, reset time.Duration) *Error {
	e.RetryAfter, e.Quota = reset, &Quota{Limit: limit, Reset: reset}
	return e
}

// With adds a detail member to the error body and returns e.
func (e *Error) With(key string, value any) *Error {
	if e.Details == nil {
		e.Details = map[string]any{}
	}
	e.Details[key] = value
	return e
}

// MessageIn renders the message in l. A validation error without a message
// of its own lists its fields.
func (e *Error) MessageIn(l i18n.Lang) string {
	if e.Message.Format != "" {
		return e.Message.In(l)
	}
	names := e.FieldNames()
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + ": " + e.Fields[n].In(l)
	}
	return strings.Join(parts, "; ")
}

// FieldNames returns the offending fields in a stable order.
func (e *Error) FieldNames() []string {
	names := make([]string, 0, len(e.Fields))
	for n := range e.Fields {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// From returns err as an *Error, wrapping anything else as internal.
func From(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Wrap(err, "unexpected")
}

// CodeOf returns the code of err (Internal for foreign errors, "" for nil).
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	return From(err).Code
}

// Validation collects field errors while a use case checks its input.
type Validation struct {
	fields map[string]i18n.Text
}

// Reject records that field breaks a rule; the first message per field wins.
// format is a message id.
func (v *Validation) Reject(field, format string, args ...any) {
	if v.fields == nil {
		v.fields = map[string]i18n.Text{}
	}
	if _, ok := v.fields[field]; !ok {
		v.fields[field] = i18n.T(format, args...)
	}
}

// Has reports whether field already has an error.
func (v *Validation) Has(field string) bool {
	_, ok := v.fields[field]
	return ok
}

// Err returns the collected errors as one Invalid error, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Fields: v.fields}
}

// Field returns an Invalid error about a single field.
func Field(field, format string, args ...any) *Error {
	return &Error{Code: Invalid, Fields: map[string]i18n.Text{field: i18n.T(format, args...)}}
}
