package httpx

import (
	"net/http"
	"time"
)

// CookieName is the console's session cookie.
const CookieName = "helio_session"

// SessionCookie is the console's cookie for a session token: HttpOnly,
// SameSite=Lax, Secure when served over TLS (API.md).
func SessionCookie(token string, expires time.Time, secure bool) *http.Cookie {
	return &http.Cookie{Name: CookieName, Value: token, Path: "/", Expires: expires, HttpOnly: true,
		Secure: secure, SameSite: http.SameSiteLaxMode}
}

// ClearedCookie removes the session cookie.
func ClearedCookie(secure bool) *http.Cookie {
	return &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: secure, SameSite: http.SameSiteLaxMode}
}
