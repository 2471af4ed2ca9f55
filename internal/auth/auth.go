// Package auth turns credentials into sessions and sessions back into actors.
//
// Log-in runs in three steps: identify (find the identity and check the
// password, in constant time for unknown names), gate (the Gate decides
// whether this attempt may proceed, needs more verification, or is refused —
// where risk scoring, step-up and brute-force limits plug in), and open the
// session. The console carries the session token in an HttpOnly cookie; API
// clients send it as a bearer token.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/helio-platform/helio/internal/account"
)

// CookieName is the console's session cookie.
const CookieName = "helio_session"

// Session is a signed-in device.
type Session struct {
	ID         string    `json:"id"`
	UserID     string    `json:"user_id"`
	DeviceID   string    `json:"device_id"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// OwnerID makes a session an authz.Object of its user.
func (s Session) OwnerID() string { return s.UserID }

// Credentials are what a person presents to log in.
type Credentials struct {
	// Login is a phone number, an e-mail address or a nickname.
	Login    string `json:"login"`
	Password string `json:"password"`
	// DeviceID identifies the device across log-ins (the console keeps a
	// random one in a long-lived cookie).
	DeviceID string `json:"device_id,omitempty"`
}

// Granted is a successful log-in: the session, its token (shown once) and
// the identity.
type Granted struct {
	Session Session
	Token   string
	User    account.User
}

// Attempt is what the Gate sees of a log-in whose password was right.
type Attempt struct {
	User     account.User
	DeviceID string
	IP       string
}

// Gate decides whether a log-in with the right password may open a session
// now. It returns nil to proceed, or an *apperr.Error: StepUpRequired with a
// challenge, or RateLimited. The foundation's gate admits every attempt;
// login security replaces it.
type Gate interface {
	Admit(ctx context.Context, a Attempt) error
}

// newToken returns a random session token and the hash stored for it.
func newToken() (token, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
