package auth

import (
	"slices"
	"strings"
	"time"
)

// Step-up methods (API.md).
const (
	// MethodCode is a 6-digit code to the bound phone, or to the e-mail
	// where no phone is bound.
	MethodCode = "sms_code"
	// MethodTOTP is a code from an authenticator app (RFC 6238).
	MethodTOTP = "totp"
	// MethodWebAuthn is a passkey with user verification.
	MethodWebAuthn = "webauthn"
	// MethodRecoveryCode is one of the recovery codes shown at TOTP
	// enrolment; it stands in for the TOTP code or the passkey.
	MethodRecoveryCode = "recovery_code"
)

// methodOrder is the order methods are listed in.
var methodOrder = []string{MethodCode, MethodTOTP, MethodWebAuthn, MethodRecoveryCode}

// Why a log-in needs more than a password (kept in the audit trail).
const (
	reasonNewDevice   = "new device"
	reasonNewRegion   = "new region"
	reasonFlaggedIP   = "flagged IP"
	reasonManyFails   = "many failed passwords"
	reasonEveryLogin  = "verify every log-in"
	purposeLogin      = "login"
	purposeReset      = "password_reset"
	purposePhoneOld   = "phone_change_old"
	purposePhoneNew   = "phone_change_new"
	recoveryCodeCount = 10
)

// Settings are an account's security settings (SPEC §3.1).
type Settings struct {
	// NewDeviceVerification asks for strong verification on a new device.
	NewDeviceVerification bool `json:"new_device_verification"`
	// RemoteLoginAlert tells the owner of every log-in from a new device or
	// region, in the message centre and on the bound phone or e-mail.
	RemoteLoginAlert bool `json:"remote_login_alert"`
	// DoubleVerification adds a code to every strong verification ("SMS +
	// face" in the source: a code and a passkey).
	DoubleVerification bool `json:"double_verification"`
	// VerifyEveryLogin asks for a code even on a known device.
	VerifyEveryLogin bool `json:"verify_every_login"`
}

// DefaultSettings are the settings of an account that never changed them.
func DefaultSettings() Settings {
	return Settings{NewDeviceVerification: true, RemoteLoginAlert: true}
}

// Device is a device that passed verification on an account.
type Device struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Region      string    `json:"region"`
	IP          string    `json:"ip"`
	FirstSeenAt time.Time `json:"first_seen_at"`
	LastSeenAt  time.Time `json:"last_seen_at"`
	// Current marks the device of the request.
	Current bool `json:"current"`
}

// SessionInfo is a signed-in session as its owner sees it.
type SessionInfo struct {
	ID         string    `json:"id"`
	Device     string    `json:"device"`
	Region     string    `json:"region"`
	IP         string    `json:"ip"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	// Current marks the session of the request.
	Current bool `json:"current"`
}

// Passkey is a registered WebAuthn credential.
type Passkey struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// TOTPEnrolment is a TOTP secret waiting for its first code.
type TOTPEnrolment struct {
	Secret     string `json:"secret"`
	OTPAuthURL string `json:"otpauth_url"`
	QRSVG      string `json:"qr_svg"`
}

// Verification answers a step-up challenge.
type Verification struct {
	ChallengeID string `json:"challenge_id"`
	Method      string `json:"method" enum:"sms_code,totp,webauthn,recovery_code"`
	// Code is the 6-digit code, TOTP code or recovery code.
	Code string `json:"code,omitempty"`
	// Assertion is the browser's PublicKeyCredential for method webauthn.
	Assertion map[string]any `json:"assertion,omitempty"`
	// Password is needed with the last method of a challenge that answered
	// password_required (an account under a password-guessing flood): it
	// is checked only after the code.
	Password string `json:"password,omitempty"`
	// DeviceToken is the device token the client holds, if any: it is
	// kept for the device when the server issued it, else a new one is
	// returned.
	DeviceToken string `json:"device_token,omitempty"`
}

// factors are what an account can verify with besides its password.
type factors struct {
	contact  bool
	totp     bool
	passkeys int
}

// alternatives lists the sets of methods any one of which satisfies a
// challenge.
type alternatives [][]string

// strongVerification is SPEC §3.1's strong verification: a passkey, or
// where there is none a code (plus TOTP or a recovery code when TOTP is
// enrolled). With double verification every set also needs the code.
func strongVerification(f factors, double bool) alternatives {
	var alts alternatives
	if f.passkeys > 0 {
		alts = append(alts, []string{MethodWebAuthn})
	}
	switch {
	case f.totp:
		alts = append(alts, []string{MethodCode, MethodTOTP}, []string{MethodCode, MethodRecoveryCode})
	case f.passkeys == 0:
		alts = append(alts, []string{MethodCode})
	}
	if double {
		for i, a := range alts {
			if !slices.Contains(a, MethodCode) {
				alts[i] = append([]string{MethodCode}, a...)
			}
		}
	}
	return alts.usable(f)
}

// usable drops the sets that need a code when the account has no contact.
func (alts alternatives) usable(f factors) alternatives {
	if f.contact {
		return alts
	}
	var out alternatives
	for _, a := range alts {
		if !slices.Contains(a, MethodCode) {
			out = append(out, a)
		}
	}
	return out
}

// satisfied reports whether done covers one of the sets.
func (alts alternatives) satisfied(done []string) bool {
	for _, a := range alts {
		all := true
		for _, m := range a {
			all = all && slices.Contains(done, m)
		}
		if all {
			return true
		}
	}
	return false
}

// remaining lists the methods still useful, in the order of API.md: those
// of the sets that build on what is done, or of every set when none does.
func (alts alternatives) remaining(done []string) []string {
	var onward alternatives
	for _, a := range alts {
		builds := true
		for _, m := range done {
			builds = builds && slices.Contains(a, m)
		}
		if builds {
			onward = append(onward, a)
		}
	}
	if len(onward) > 0 {
		alts = onward
	}
	out := []string{}
	for _, m := range methodOrder {
		if slices.Contains(done, m) {
			continue
		}
		for _, a := range alts {
			if slices.Contains(a, m) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// deviceName makes a readable name such as "Chrome on Linux" of a
// User-Agent header.
func deviceName(ua string) string {
	browser := ""
	for _, b := range []struct{ token, name string }{{"Edg/", "Edge"}, {"Firefox/", "Firefox"},
		{"Chrome/", "Chrome"}, {"Safari/", "Safari"}} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	system := ""
	for _, s := range []struct{ token, name string }{{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"},
		{"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"Linux", "Linux"}} {
		if strings.Contains(ua, s.token) {
			system = s.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "":
		return browser
	case ua == "":
		return "unknown device"
	}
	return truncate(ua, 48)
}
