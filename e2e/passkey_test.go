package e2e

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/testkit"
)

// freePort returns a TCP port nobody listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	testkit.Must(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// virtualAuthenticator gives the browser of ctx Chrome's virtual platform
// authenticator: CTAP2, resident keys, user verification that succeeds.
func virtualAuthenticator(t *testing.T, ctx context.Context) webauthn.AuthenticatorID {
	t.Helper()
	_, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{})
	testkit.Must(t, err)
	res, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
		Options: &webauthn.VirtualAuthenticatorOptions{Protocol: webauthn.AuthenticatorProtocolCtap2,
			Transport: webauthn.AuthenticatorTransportInternal, HasResidentKey: true, HasUserVerification: true,
			IsUserVerified: true, AutomaticPresenceSimulation: true,
			// cdproto always sends the credential's trust-group (CMTG) flag,
			// which Chromium accepts only from an authenticator that has it.
			HasCmtgKey: true}})
	testkit.Must(t, err)
	return res.AuthenticatorID
}

// TestPasskeyRegisterAndLogInFromNewDevice signs up, registers a passkey
// in the security centre with Chrome's virtual authenticator, then logs in
// from a new device (a fresh browser profile holding the same passkey, as a
// synced passkey would be): the step-up page offers the passkey and it
// opens the session.
func TestPasskeyRegisterAndLogInFromNewDevice(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			first := browser(t)
			port := freePort(t)
			startHelio(t, dialect, "--addr", fmt.Sprintf("127.0.0.1:%d", port))
			// Passkeys need a domain: localhost is one, 127.0.0.1 is not.
			url := fmt.Sprintf("http://localhost:%d", port)
			authA := virtualAuthenticator(t, first)
			const phone, password = "13600136000", "Pass-Key-2026"
			testkit.Must(t, chromedp.Do(first,
				chromedp.Navigate(url+"/signup"),
				chromedp.WaitVisible(chromedp.ID("phone")),
				chromedp.SendKeys(chromedp.ID("phone"), phone),
				chromedp.SendKeys(chromedp.ID("nickname"), "通行密钥用户"),
				chromedp.SendKeys(chromedp.ID("password"), password),
				chromedp.SendKeys(chromedp.ID("password_confirm"), password),
				chromedp.Click(chromedp.ID("signup-submit")),
				chromedp.WaitVisible(chromedp.ID("home-title")),
				chromedp.Navigate(url+"/security"),
				chromedp.WaitVisible(chromedp.ID("passkeys-empty")),
				chromedp.SetValue(chromedp.ID("passkey-name"), "Virtual key"),
				chromedp.Click(chromedp.ID("passkey-add")),
				chromedp.WaitVisible(chromedp.CSS("#passkeys tr.passkey")),
			))
			if row := strings.TrimSpace(mustText(t, first, chromedp.CSS("#passkeys tr.passkey"))); !strings.Contains(row, "Virtual key") {
				t.Fatalf("passkey row %q", row)
			}
			creds, err := chromedp.Call(first, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: authA})
			testkit.Must(t, err)
			if len(creds.Credentials) != 1 {
				t.Fatalf("the authenticator holds %d credentials", len(creds.Credentials))
			}

			// A new device: another profile, its own cookies, the same passkey.
			second := browser(t)
			authB := virtualAuthenticator(t, second)
			cred := *creds.Credentials[0]
			cred.CmtgKeys, cred.ActiveCmtgKeyIndex = nil, nil
			_, err = chromedp.Call(second, webauthn.AddCredential, webauthn.AddCredentialParams{AuthenticatorID: authB,
				Credential: &cred})
			testkit.Must(t, err)
			testkit.Must(t, chromedp.Do(second,
				chromedp.Navigate(url+"/login"),
				chromedp.WaitVisible(chromedp.ID("login")),
				chromedp.SendKeys(chromedp.ID("login"), phone),
				chromedp.SendKeys(chromedp.ID("password"), password),
				chromedp.Click(chromedp.ID("login-submit")),
				chromedp.WaitVisible(chromedp.ID("passkey-verify")),
			))
			codeOffered, err := chromedp.Run(second, chromedp.Evaluate[bool](`document.getElementById("method-code") !== null`))
			testkit.Must(t, err)
			if codeOffered {
				t.Fatal("an account with a passkey was offered a code alone on a new device")
			}
			testkit.Must(t, chromedp.Do(second,
				chromedp.Click(chromedp.ID("passkey-verify")),
				chromedp.WaitVisible(chromedp.ID("home-title")),
				chromedp.Navigate(url+"/security"),
				chromedp.WaitVisible(chromedp.ID("devices")),
			))
			if n := strings.Count(mustText(t, second, chromedp.ID("devices")), "Chrome"); n != 2 {
				t.Fatalf("known devices after the passkey log-in: %d, want 2", n)
			}
		})
	}
}

// mustText returns the visible text of the element sel selects.
func mustText[S chromedp.Selectable](t *testing.T, ctx context.Context, sel S) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	testkit.Must(t, err)
	return s
}
