// Package auth turns credentials into sessions and sessions back into actors.
//
// Log-in runs in three steps: identify (find the identity and check the
// password, in constant time for unknown names), gate (the Gate decides
// whether this attempt may proceed, needs more verification, or is refused —
// where risk scoring, step-up and brute-force limits plug in), and open the
// session. The login-security files (login_limits.go, challenge.go, codes.go,
// totp.go, passkey.go, recovery.go, sessions.go) implement SPEC §2.5 and §3. The console carries the session token in an HttpOnly cookie; API
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
	"github.com/helio-platform/helio/internal/apperr"
)

// Session is a signed-in device.
type Session struct {
	ID     string `json:"id"`
	UserID string `json:"user_id"`
	// SubAccountID is set when a staff member logged in as `main@sub`.
	SubAccountID string `json:"sub_account_id,omitempty"`
	// ActingAccountID is the creator account the session acts as ("": the
	// login's first), chosen with SwitchAccount.
	ActingAccountID string `json:"-"`
	// DeviceID is the client's label for its device (never its token).
	DeviceID   string    `json:"device_id"`
	IP         string    `json:"ip"`
	Region     string    `json:"region"`
	UserAgent  string    `json:"user_agent"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	// deviceKey is the hash of the device token the session was opened on.
	deviceKey string
}

// OwnerID makes a session an authz.Object of its user.
func (s Session) OwnerID() string { return s.UserID }

// Credentials are what a person presents to log in.
type Credentials struct {
	// Login is a phone number, an e-mail address or a nickname, or a
	// sub-account's `main@sub` / `main:sub`.
	Login    string `json:"login"`
	Password string `json:"password"`
	// DeviceID is only the client's label for its device, shown in device
	// lists and the audit trail; it identifies nothing.
	DeviceID string `json:"device_id,omitempty"`
	// DeviceToken is the device token a successful log-in or verification
	// returned (SPEC §3.1): a device is known by it alone. The console
	// keeps it in an HttpOnly cookie.
	DeviceToken string `json:"device_token,omitempty"`
}

// Granted is a successful log-in: the session, its token (shown once), the
// device token to send with later log-ins, and the identity.
type Granted struct {
	Session     Session
	Token       string
	DeviceToken string
	User        account.User
	// Quota is the tightest brute-force limit the log-in was screened
	// against, for the RateLimit-* headers (zero after a verification).
	Quota apperr.Quota
}

// Attempt is what the Gate sees of a log-in.
type Attempt struct {
	// User is the identity the login names (the main account of a
	// sub-account); zero when it names none.
	User account.User
	// SubAccountID is the sub-account logging in, if any.
	SubAccountID string
	// Subject keys the brute-force counters: the user id, or the folded
	// login for names that exist nowhere (so they lock alike).
	Subject string
	// Login is the name as typed; a challenge opened before the password
	// check keeps it to check the password after the code.
	Login string
	// DeviceID is the client's label (for the audit trail); DeviceKey is
	// the hash of the device token presented ("" when none), by which the
	// device is known and locked.
	DeviceID  string
	DeviceKey string
	IP        string
	Region    string
}

// Gate decides, around the password check, whether a log-in may open a
// session now. Screen runs before the password hash is computed, so a
// blocked attempt costs no hashing, and answers StepUpRequired with a
// challenge that checks the password only after the code when the account
// is under a password-guessing flood; Failed counts a wrong password, in the
// caller's transaction when there is one; both return the quota then left
// to the attempt. Admit runs when the password was right and returns nil
// to proceed, or an *apperr.Error: StepUpRequired with a challenge, or
// RateLimited.
type Gate interface {
	Screen(ctx context.Context, a Attempt) (apperr.Quota, error)
	Failed(ctx context.Context, a Attempt) (apperr.Quota, error)
	Admit(ctx context.Context, a Attempt) error
}

// newToken returns a random token (256 bits; sessions and devices) and the
// hash stored for it.
func newToken() (token, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

// hashToken is the stored form of a session or device token.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// ResendInterval is the least time between two codes, for the console's
// countdown.
func (s *Service) ResendInterval() time.Duration { return s.limits.CodeResendInterval }
