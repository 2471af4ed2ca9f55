package httpx

import (
	"net/http"
	"time"

	"github.com/helio-platform/helio/internal/auth"
)

// AccountHeader names the creator account a request acts as (its id or
// public account id); without it a request acts as the session's account,
// by default the login's first. Answers name the acting creator account in
// the same header.
const AccountHeader = "Helio-Account"

// CookieName is the console's session cookie.
const CookieName = "helio_session"

// SessionCookie is the console's cookie for a session token: HttpOnly,
// SameSite=Lax, Secure when served over TLS (API.md).
func SessionCookie(token string, expires time.Time, secure bool) *http.Cookie {
	return &http.Cookie{Name: CookieName, Value: token, Path: "/", Expires: expires, HttpOnly: true,
		Secure: secure, SameSite: http.SameSiteLaxMode}
}

// DeviceTokenCookie holds the console's device token (SPEC §3.1): the
// server-issued secret by which a browser is a known device. Only the log-in
// reads it; it never reaches logs or the audit trail.
const DeviceTokenCookie = "helio_device_token"

// deviceTokenLife is how long a browser keeps its device token.
const deviceTokenLife = 400 * 24 * time.Hour

// DeviceCookie is the console's cookie for a device token: HttpOnly,
// SameSite=Lax, Secure when served over TLS, kept for about a year.
func DeviceCookie(token string, secure bool) *http.Cookie {
	return &http.Cookie{Name: DeviceTokenCookie, Value: token, Path: "/", MaxAge: int(deviceTokenLife / time.Second),
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode}
}

// GrantedCookies are the cookies of a successful log-in: the session's and
// the device token's.
func GrantedCookies(g auth.Granted, secure bool) []*http.Cookie {
	return []*http.Cookie{SessionCookie(g.Token, g.Session.ExpiresAt, secure), DeviceCookie(g.DeviceToken, secure)}
}

// ClearedCookie removes the session cookie.
func ClearedCookie(secure bool) *http.Cookie {
	return &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: secure, SameSite: http.SameSiteLaxMode}
}
