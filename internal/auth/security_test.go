package auth

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/i18n"
)

// TestStrongVerification pins SPEC §3.1's table: a passkey, or else a code
// (with TOTP or a recovery code when TOTP is on); double verification adds
// the code to every set; sets needing a code vanish without a contact.
func TestStrongVerification(t *testing.T) {
	cases := []struct {
		f      factors
		double bool
		want   string
	}{
		{factors{contact: true}, false, "[[sms_code]]"},
		{factors{contact: true, totp: true}, false, "[[sms_code totp] [sms_code recovery_code]]"},
		{factors{contact: true, passkeys: 1}, false, "[[webauthn]]"},
		{factors{contact: true, passkeys: 1}, true, "[[sms_code webauthn]]"},
		{factors{contact: true, passkeys: 2, totp: true}, false, "[[webauthn] [sms_code totp] [sms_code recovery_code]]"},
		{factors{passkeys: 1}, true, "[]"},
		{factors{passkeys: 1}, false, "[[webauthn]]"},
		{factors{}, false, "[]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(strongVerification(c.f, c.double)); got != c.want {
			t.Errorf("strongVerification(%+v, double=%v) = %s, want %s", c.f, c.double, got, c.want)
		}
	}
}

// TestBlockedMessageFitsOneMinute: a block of a minute or less never reads
// "1 minutes", in English or in Chinese.
func TestBlockedMessageFitsOneMinute(t *testing.T) {
	for _, c := range []struct {
		wait time.Duration
		en   string
	}{
		{30 * time.Second, "Too many failed log-ins. Try again in a minute."},
		{time.Minute, "Too many failed log-ins. Try again in a minute."},
		{15 * time.Minute, "Too many failed log-ins. Try again in 15 minutes."},
	} {
		e := errBlocked(c.wait)
		if got := e.MessageIn(i18n.English); got != c.en {
			t.Errorf("%v: %q, want %q", c.wait, got, c.en)
		}
		if zh := e.MessageIn(i18n.Chinese); zh == c.en || strings.Contains(zh, "Try again") {
			t.Errorf("%v: no Chinese: %q", c.wait, zh)
		}
	}
}
