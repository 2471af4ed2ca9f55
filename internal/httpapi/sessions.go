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
// once; send it as `Authorization: Bearer`) and the identity.
type SessionBody struct {
	Session auth.Session `json:"session"`
	Token   string       `json:"token"`
	User    account.User `json:"user"`
}

type logInInput struct {
	Body auth.Credentials
}

type logInOutput struct {
	SetCookie string `header:"Set-Cookie"`
	Body      SessionBody
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
			g, err := a.deps.Auth.LogIn(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			c := httpx.SessionCookie(g.Token, g.Session.ExpiresAt, a.deps.SecureCookies)
			return &logInOutput{SetCookie: c.String(), Body: SessionBody{Session: g.Session, Token: g.Token, User: g.User}}, nil
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
