package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/httpx"
)

type signUpInput struct {
	Body account.SignUp
}

type userOutput struct {
	Body account.User
}

// SessionBody is the answer of a log-in: the session, its token (shown
// once; send it as `Authorization: Bearer`), the device token to send with
// later log-ins, and the identity.
type SessionBody struct {
	Session     auth.Session `json:"session"`
	Token       string       `json:"token"`
	DeviceToken string       `json:"device_token" doc:"The device's token: send it as device_token with later log-ins; it makes this device known once verified."`
	User        account.User `json:"user"`
}

type logInInput struct {
	DeviceCookie string `cookie:"helio_device_token" doc:"The console's device token, used when the body has none."`
	Body         auth.Credentials
}

type sessionOutput struct {
	SetCookie []string `header:"Set-Cookie"`
	Body      SessionBody
}

// logInOutput is a session answer with the rate-limit headers of the
// log-in's brute-force limits.
type logInOutput struct {
	SetCookie          []string `header:"Set-Cookie"`
	RateLimitLimit     string   `header:"RateLimit-Limit" doc:"Failed log-ins allowed by the tightest brute-force limit that applies (per IP, or per account from this IP or device)."`
	RateLimitRemaining string   `header:"RateLimit-Remaining" doc:"Failed log-ins left under that limit."`
	RateLimitReset     string   `header:"RateLimit-Reset" doc:"Seconds until that limit is whole again."`
	Body               SessionBody
}

// grantedOutput answers a log-in or verification with the session and
// device cookies and the session body.
func (a *API) grantedOutput(g auth.Granted) *sessionOutput {
	out := &sessionOutput{Body: SessionBody{Session: g.Session, Token: g.Token, DeviceToken: g.DeviceToken, User: g.User}}
	for _, c := range httpx.GrantedCookies(g, a.deps.SecureCookies) {
		out.SetCookie = append(out.SetCookie, c.String())
	}
	return out
}

// orCookie is the device token of the body, or else of the console's cookie.
func orCookie(body, cookie string) string {
	if body != "" {
		return body
	}
	return cookie
}

type logOutOutput struct {
	SetCookie string `header:"Set-Cookie"`
}

func (a *API) registerSessions() {
	handle(a, Route{OperationID: "sign-up", Method: http.MethodPost, Path: "/users", Permission: authz.SignUp,
		Summary: "Sign up with a phone or e-mail, a nickname and a password", Status: http.StatusCreated, Idempotent: true},
		func(ctx context.Context, in *signUpInput) (*userOutput, error) {
			u, err := a.deps.Accounts.SignUp(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &userOutput{Body: u}, nil
		})
	handle(a, Route{OperationID: "log-in", Method: http.MethodPost, Path: "/sessions", Permission: authz.LogIn,
		Summary: "Log in by phone, e-mail or nickname", Status: http.StatusCreated},
		func(ctx context.Context, in *logInInput) (*logInOutput, error) {
			in.Body.DeviceToken = orCookie(in.Body.DeviceToken, in.DeviceCookie)
			g, err := a.deps.Auth.LogIn(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			out := a.grantedOutput(g)
			limit, remaining, reset := httpx.QuotaHeaders(g.Quota)
			return &logInOutput{SetCookie: out.SetCookie, RateLimitLimit: limit, RateLimitRemaining: remaining,
				RateLimitReset: reset, Body: out.Body}, nil
		})
	handle(a, Route{OperationID: "log-out", Method: http.MethodDelete, Path: "/sessions/current", Permission: authz.LogOut,
		Summary: "Log out of the current session", Status: http.StatusNoContent},
		func(ctx context.Context, _ *struct{}) (*logOutOutput, error) {
			if err := a.deps.Auth.LogOut(ctx); err != nil {
				return nil, err
			}
			c := httpx.ClearedCookie(a.deps.SecureCookies)
			return &logOutOutput{SetCookie: c.String()}, nil
		})
}

func notFound(r *http.Request) error {
	return apperr.New(apperr.NotFound, "No such endpoint: %s %s.", r.Method, r.URL.Path)
}
