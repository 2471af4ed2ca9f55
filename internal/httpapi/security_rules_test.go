package httpapi_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// from calls the API as a client at ip.
func from(t *testing.T, env *apptest.Env, ip, method, path, token string, body any) testkit.Answer {
	t.Helper()
	raw, err := json.Marshal(body)
	testkit.Must(t, err)
	r := httptest.NewRequest(method, path, bytes.NewReader(raw))
	r.RemoteAddr = ip + ":40000"
	r.Header.Set("Content-Type", "application/json")
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := env.Do(r)
	a := testkit.Answer{Status: w.Code, Header: w.Header(), Raw: w.Body.Bytes()}
	if w.Body.Len() > 0 {
		testkit.Must(t, json.Unmarshal(w.Body.Bytes(), &a.Body))
	}
	return a
}

// deviceTokens holds the device token each test device ("env label") was
// given, as the device's app keeps it.
var deviceTokens sync.Map

// logInFrom logs in from ip on the device labelled device, sending the
// device token it was given before (none for an empty label).
func logInFrom(t *testing.T, env *apptest.Env, ip, login, password, device string) testkit.Answer {
	t.Helper()
	key := fmt.Sprintf("%p %s", env, device)
	body := map[string]any{"login": login, "password": password, "device_id": device}
	if token, ok := deviceTokens.Load(key); ok && device != "" {
		body["device_token"] = token
	}
	a := from(t, env, ip, "POST", "/api/v1/sessions", "", body)
	if a.Status == http.StatusCreated && device != "" {
		deviceTokens.Store(key, a.String("device_token"))
	}
	return a
}

// TestIPFloodIsRefused: 20 failed log-ins a minute from one IP, across
// accounts, refuse every log-in from that IP (right password included) for
// the window, with Retry-After; other IPs are unaffected.
func TestIPFloodIsRefused(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": "13800138500", "nickname": "victim", "password": good}).Expect(t, 201, "")
		logInFrom(t, env, "198.51.100.1", "victim", good, "dev-v").Expect(t, 201, "")
		const attacker = "203.0.113.9"
		for i := 0; i < 20; i++ {
			// Different made-up accounts, so that no single account locks.
			logInFrom(t, env, attacker, "nobody"+string(rune('a'+i)), "Wrong-Pass-1", "").Expect(t, 401, "unauthenticated")
		}
		refused := logInFrom(t, env, attacker, "victim", good, "dev-v")
		refused.Expect(t, http.StatusTooManyRequests, "rate_limited")
		if refused.Header.Get("Retry-After") == "" {
			t.Fatal("no Retry-After")
		}
		logInFrom(t, env, "198.51.100.1", "victim", good, "dev-v").Expect(t, 201, "")
		env.Clock.Advance(2 * time.Minute)
		// The block is over; the flagged IP still needs strong verification.
		logInFrom(t, env, attacker, "victim", good, "dev-v").Expect(t, http.StatusUnauthorized, "step_up_required")
	})
}

// TestAccountWideFloodNeedsStrongVerification: 100 failed log-ins an hour
// on one account, from many IPs, make every log-in of that account need
// strong verification, even from its known device.
func TestAccountWideFloodNeedsStrongVerification(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d, "HELIO_ACCOUNT_FAILURES=30")
		c := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": "13800138501", "nickname": "popular", "password": good}).Expect(t, 201, "")
		logInFrom(t, env, "198.51.100.1", "popular", good, "home").Expect(t, 201, "")
		for i := 0; i < 30; i++ {
			ip := "203.0.113." + string(rune('0'+i/10)) + string(rune('0'+i%10))
			logInFrom(t, env, ip, "popular", "Wrong-Pass-1", "").Expect(t, 401, "unauthenticated")
		}
		a := logInFrom(t, env, "198.51.100.1", "popular", good, "home")
		a.Expect(t, http.StatusUnauthorized, "step_up_required")
		if !slices.Contains(methods(a), "sms_code") {
			t.Fatalf("methods: %s", a.Raw)
		}
		env.Clock.Advance(61 * time.Minute)
		logInFrom(t, env, "198.51.100.1", "popular", good, "home").Expect(t, 201, "")
	})
}

// TestRegionTableDecidesTheRegion: the operator's CIDR table gives the
// region; a log-in from another region needs a code; the table is re-read
// when its file changes.
func TestRegionTableDecidesTheRegion(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		table := filepath.Join(t.TempDir(), "regions.csv")
		testkit.Must(t, os.WriteFile(table, []byte("cidr,region\n198.51.100.0/24,Hangzhou\n203.0.113.0/24,Shenzhen\n"), 0o600))
		env := apptest.New(t, d, "HELIO_REGION_TABLE="+table)
		c := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": "13800138502", "nickname": "traveller", "password": good}).Expect(t, 201, "")
		logInFrom(t, env, "198.51.100.7", "traveller", good, "phone").Expect(t, 201, "")
		logInFrom(t, env, "198.51.100.8", "traveller", good, "phone").Expect(t, 201, "")
		moved := logInFrom(t, env, "203.0.113.7", "traveller", good, "phone")
		moved.Expect(t, http.StatusUnauthorized, "step_up_required")
		// The operator remaps the second range to Hangzhou: no step-up any more.
		later := time.Now().Add(time.Minute)
		testkit.Must(t, os.WriteFile(table, []byte("cidr,region\n198.51.100.0/24,Hangzhou\n203.0.113.0/24,Hangzhou\n"), 0o600))
		testkit.Must(t, os.Chtimes(table, later, later))
		logInFrom(t, env, "203.0.113.7", "traveller", good, "phone").Expect(t, 201, "")
	})
}

// TestVerifyEveryLoginAndDoubleVerification: "verify every log-in" asks a
// code even on the known device; double verification adds the code to the
// strong verification of a new device.
func TestVerifyEveryLoginAndDoubleVerification(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		const phone = "13800138503"
		c := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": phone, "nickname": "careful", "password": good}).Expect(t, 201, "")
		token := logInFrom(t, env, "198.51.100.1", "careful", good, "laptop").String("token")
		settings := func(every, double bool) {
			from(t, env, "198.51.100.1", "PUT", "/api/v1/me/security", token, map[string]any{"new_device_verification": true,
				"remote_login_alert": true, "double_verification": double, "verify_every_login": every}).Expect(t, 200, "")
		}
		settings(true, false)
		a := logInFrom(t, env, "198.51.100.1", "careful", good, "laptop")
		a.Expect(t, http.StatusUnauthorized, "step_up_required")
		if got := methods(a); !slices.Equal(got, []string{"sms_code"}) {
			t.Fatalf("verify every log-in asks %v", got)
		}
		from(t, env, "198.51.100.1", "POST", "/api/v1/sessions/verify", "", map[string]any{"challenge_id": a.Error()["challenge_id"],
			"method": "sms_code", "code": lastCode(t, env, phone)}).Expect(t, 201, "")

		// TOTP on, double verification on: a new device needs the code and the TOTP.
		settings(false, true)
		secret := from(t, env, "198.51.100.1", "POST", "/api/v1/me/totp", token, nil).String("secret")
		from(t, env, "198.51.100.1", "POST", "/api/v1/me/totp/confirm", token, map[string]any{"code": totpNow(t, env, secret)}).Expect(t, 200, "")
		env.Clock.Advance(time.Minute) // past the resend interval, so the challenge sends a code
		b := logInFrom(t, env, "198.51.100.1", "careful", good, "tablet")
		b.Expect(t, http.StatusUnauthorized, "step_up_required")
		if b.Error()["code_sent_to"] != "138****8503" {
			t.Fatalf("no code sent for the new device: %s", b.Raw)
		}
		challenge := b.Error()["challenge_id"]
		env.Clock.Advance(31 * time.Second)
		half := from(t, env, "198.51.100.1", "POST", "/api/v1/sessions/verify", "", map[string]any{"challenge_id": challenge,
			"method": "totp", "code": totpNow(t, env, secret)})
		half.Expect(t, http.StatusUnauthorized, "step_up_required")
		if !slices.Contains(methods(half), "sms_code") {
			t.Fatalf("after the TOTP the code is still due: %s", half.Raw)
		}
		from(t, env, "198.51.100.1", "POST", "/api/v1/sessions/verify", "", map[string]any{"challenge_id": challenge,
			"method": "sms_code", "code": lastCode(t, env, phone)}).Expect(t, 201, "")

		// Turning TOTP off needs a current code; a wrong one changes nothing.
		from(t, env, "198.51.100.1", "DELETE", "/api/v1/me/totp", token, map[string]any{"code": "000000"}).Expect(t, 422, "invalid", "code")
		env.Clock.Advance(31 * time.Second)
		from(t, env, "198.51.100.1", "DELETE", "/api/v1/me/totp", token, map[string]any{"code": totpNow(t, env, secret)}).Expect(t, 204, "")
		sec := from(t, env, "198.51.100.1", "GET", "/api/v1/me/security", token, nil)
		if sec.Body["totp_enabled"] == true {
			t.Fatalf("TOTP still on: %s", sec.Raw)
		}
	})
}

// TestChangingThePhoneNeedsTheOldFactor: the new phone binds only with the
// codes sent to the old phone and to the new one.
func TestChangingThePhoneNeedsTheOldFactor(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		const oldPhone, newPhone = "13800138504", "13900139504"
		c := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": oldPhone, "nickname": "mover", "password": good}).Expect(t, 201, "")
		token := logInFrom(t, env, "198.51.100.1", "mover", good, "laptop").String("token")
		start := from(t, env, "198.51.100.1", "POST", "/api/v1/me/phone", token, map[string]any{"phone": newPhone})
		start.Expect(t, http.StatusAccepted, "")
		oldCode, newCode := lastCode(t, env, oldPhone), lastCode(t, env, newPhone)
		from(t, env, "198.51.100.1", "POST", "/api/v1/me/phone/confirm", token, map[string]any{"old_code": newCode, "new_code": newCode}).
			Expect(t, 422, "invalid")
		if me := from(t, env, "198.51.100.1", "GET", "/api/v1/me", token, nil); me.String("phone") != oldPhone {
			t.Fatalf("a refused change moved the phone: %s", me.Raw)
		}
		from(t, env, "198.51.100.1", "POST", "/api/v1/me/phone/confirm", token, map[string]any{"old_code": oldCode, "new_code": newCode}).
			Expect(t, http.StatusNoContent, "")
		if me := from(t, env, "198.51.100.1", "GET", "/api/v1/me", token, nil); me.String("phone") != newPhone {
			t.Fatalf("phone after the change: %s", me.Raw)
		}
		logInFrom(t, env, "198.51.100.1", newPhone, good, "laptop").Expect(t, 201, "")
	})
}

// TestOperatorStepUpGoesToTheirEmail: an operator created with an e-mail
// verifies a new device with a code sent there.
func TestOperatorStepUpGoesToTheirEmail(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		_, err := env.Accounts.CreateOperator(t.Context(), account.Operator{Login: "duty", Password: good,
			Roles: []string{"reviewer"}, Email: "Duty@Example.com"})
		testkit.Must(t, err)
		logInFrom(t, env, "198.51.100.1", "duty", good, "desk").Expect(t, 201, "")
		b := logInFrom(t, env, "198.51.100.1", "duty", good, "laptop")
		b.Expect(t, http.StatusUnauthorized, "step_up_required")
		from(t, env, "198.51.100.1", "POST", "/api/v1/sessions/verify", "", map[string]any{"challenge_id": b.Error()["challenge_id"],
			"method": "sms_code", "code": lastCode(t, env, "duty@example.com")}).Expect(t, 201, "")
	})
}

// TestHashingSlotsAnswer503WhenBusy: with one hashing slot held by a slow
// hash, the next log-in and the next sign-up wait the (short) wait and are
// answered 503 unavailable with Retry-After; the held log-in finishes once
// released. The test synchronises on the hash count, never on time.
func TestHashingSlotsAnswer503WhenBusy(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d, "HELIO_HASH_SLOTS=1", "HELIO_HASH_WAIT=1ms")
		c := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": "13800138510", "nickname": "busy", "password": good}).Expect(t, 201, "")
		before := env.Hashes()
		release := env.HoldHashing()
		held := make(chan testkit.Answer)
		go func() { held <- logInFrom(t, env, "198.51.100.1", "busy", good, "dev-b") }()
		for env.Hashes() == before {
			runtime.Gosched()
		}
		for _, a := range []testkit.Answer{
			logInFrom(t, env, "198.51.100.2", "busy", good, "dev-c"),
			c.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": "13800138511", "nickname": "busy2", "password": good}),
		} {
			a.Expect(t, http.StatusServiceUnavailable, "unavailable")
			if a.Header.Get("Retry-After") == "" {
				t.Fatalf("a 503 without Retry-After: %s", a.Raw)
			}
		}
		release()
		(<-held).Expect(t, http.StatusCreated, "")
	})
}

// TestSubAccountFailuresCountForThatSubAccount: failed passwords on
// `main@sub` from many IPs count for that sub-account like any account's:
// past the hourly threshold its log-in asks for the code before the
// password (no hash computed), while the main account is unaffected.
func TestSubAccountFailuresCountForThatSubAccount(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newStaffWorld(t, d, "HELIO_ACCOUNT_FAILURES=3")
		w.createSub("editor01", "content_editor")
		for i := 0; i < 3; i++ {
			logInFrom(t, w.env, "203.0.113."+string(rune('1'+i)), "foodbrand@editor01", "Wrong-Pass-1", "").
				Expect(t, http.StatusUnauthorized, "unauthenticated")
		}
		before := w.env.Hashes()
		a := logInFrom(t, w.env, "198.51.100.1", "foodbrand@editor01", good, "")
		a.Expect(t, http.StatusUnauthorized, "step_up_required")
		if a.Error()["password_required"] != true || w.env.Hashes() != before {
			t.Fatalf("a flooded sub-account: %s after %d hashes", a.Raw, w.env.Hashes()-before)
		}
		w.login("foodbrand") // the main account's own count is untouched
	})
}

// TestDevicesAreKnownByTheirTokenNotTheirLabel pins SPEC §3.1's device
// tokens: the label a device sends (which the audit trail shows) is no
// credential — with the password and the owner's label a new client still
// steps up, and failures under that label lock neither the owner's token
// nor anything but the tokens they came with. The token is random, kept in
// no audit event or device list, and a client cannot choose its own.
func TestDevicesAreKnownByTheirTokenNotTheirLabel(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := testkit.Client{Handler: env.Handler}
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": "13800138520", "nickname": "owner", "password": good}).Expect(t, 201, "")
		logIn := func(ip, label, token, password string) testkit.Answer {
			return from(t, env, ip, "POST", "/api/v1/sessions", "", map[string]any{"login": "owner", "password": password,
				"device_id": label, "device_token": token})
		}
		first := logIn("198.51.100.1", "phone-A", "", good)
		first.Expect(t, http.StatusCreated, "")
		token := first.String("device_token")
		if raw, err := base64.RawURLEncoding.DecodeString(token); err != nil || len(raw) < 16 {
			t.Fatalf("device token %q is not 128 random bits or more", token)
		}

		// The label alone, with the right password, is a new device.
		logIn("203.0.113.5", "phone-A", "", good).Expect(t, http.StatusUnauthorized, "step_up_required")
		// Failures under the owner's label, and under a token the attacker
		// made up, lock only what they came with.
		for i := 0; i < 5; i++ {
			logIn("203.0.113."+string(rune('1'+i)), "phone-A", "made-up", "Wrong-Pass-1").Expect(t, 401, "unauthenticated")
		}
		logIn("203.0.113.9", "phone-A", "made-up", good).Expect(t, http.StatusTooManyRequests, "rate_limited")
		again := logIn("192.0.2.200", "phone-A", token, good)
		again.Expect(t, http.StatusCreated, "")
		if again.String("device_token") != token {
			t.Fatalf("a known device's token changed: %s", again.Raw)
		}

		// A token the server never issued is replaced once the device verifies.
		env.Clock.Advance(2 * time.Minute)
		stepUp := logIn("198.51.100.1", "tablet", "chosen-by-client", good)
		stepUp.Expect(t, http.StatusUnauthorized, "step_up_required")
		v := from(t, env, "198.51.100.1", "POST", "/api/v1/sessions/verify", "", map[string]any{"challenge_id": stepUp.Error()["challenge_id"],
			"method": "sms_code", "code": lastCode(t, env, "13800138520"), "device_token": "chosen-by-client"})
		v.Expect(t, http.StatusCreated, "")
		if got := v.String("device_token"); got == "" || got == "chosen-by-client" {
			t.Fatalf("verification kept a client-chosen token: %s", v.Raw)
		}

		// The audit trail and the device list show labels, never a token.
		devices := from(t, env, "198.51.100.1", "GET", "/api/v1/me/devices", again.String("token"), nil)
		devices.Expect(t, http.StatusOK, "")
		var labels int
		testkit.Must(t, d.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_events WHERE device_id = 'phone-A'`).Scan(&labels))
		var leaked int
		testkit.Must(t, d.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_events WHERE device_id LIKE ? OR summary LIKE ?`,
			"%"+token+"%", "%"+token+"%").Scan(&leaked))
		if labels == 0 || leaked != 0 || strings.Contains(string(devices.Raw), token) {
			t.Fatalf("audit events with the label: %d, with the token: %d; devices: %s", labels, leaked, devices.Raw)
		}
	})
}

// TestDevicesKnownBeforeTokensStepUpOnceThenGetOne: a known device from
// before device tokens (a row without a token, as migration 010 leaves
// them) needs step-up at its next log-in, which gives its row a token; from
// then on the token signs in directly.
func TestDevicesKnownBeforeTokensStepUpOnceThenGetOne(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		env := apptest.New(t, d)
		c := testkit.Client{Handler: env.Handler}
		u := c.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": "13800138521", "nickname": "legacy", "password": good})
		u.Expect(t, 201, "")
		now := env.Clock.Now()
		_, err := d.Exec(ctx, `INSERT INTO known_devices (id, user_id, device_id, name, first_seen_at, last_seen_at)
			VALUES ('legacy-row', ?, 'old-laptop', 'Firefox', ?, ?)`, u.String("id"), now, now)
		testkit.Must(t, err)
		a := logInFrom(t, env, "198.51.100.1", "legacy", good, "old-laptop")
		a.Expect(t, http.StatusUnauthorized, "step_up_required")
		v := from(t, env, "198.51.100.1", "POST", "/api/v1/sessions/verify", "", map[string]any{"challenge_id": a.Error()["challenge_id"],
			"method": "sms_code", "code": lastCode(t, env, "13800138521")})
		v.Expect(t, http.StatusCreated, "")
		var rows int
		var upgraded bool
		testkit.Must(t, d.QueryRow(ctx, `SELECT COUNT(*), MAX(CASE WHEN id = 'legacy-row' AND token_hash IS NOT NULL THEN 1 ELSE 0 END) = 1
			FROM known_devices WHERE user_id = ?`, u.String("id")).Scan(&rows, &upgraded))
		if rows != 1 || !upgraded {
			t.Fatalf("after the step-up: %d device rows, legacy row upgraded %v", rows, upgraded)
		}
		from(t, env, "198.51.100.1", "POST", "/api/v1/sessions", "", map[string]any{"login": "legacy", "password": good,
			"device_id": "old-laptop", "device_token": v.String("device_token")}).Expect(t, http.StatusCreated, "")
	})
}

// TestPasswordResetWorkIsTheSameForAnyLogin: a reset request for an
// existing and for an unknown login does the same work — one job, one audit
// event, the same answer — and sends nothing itself; the job sends the code
// for the existing login only. The requests of one IP are limited like
// account recovery: the one after the limit is refused with Retry-After.
func TestPasswordResetWorkIsTheSameForAnyLogin(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		env := apptest.New(t, d, "HELIO_LOCK_FAILURES=3")
		c := testkit.Client{Handler: env.Handler}
		const phone = "13800138530"
		c.Call(t, "POST", "/api/v1/users", "", map[string]any{"phone": phone, "nickname": "forgetful", "password": good}).Expect(t, 201, "")
		count := func() (jobs, events int) {
			testkit.Must(t, d.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM jobs WHERE kind = 'auth.password_reset'),
				(SELECT COUNT(*) FROM audit_events)`).Scan(&jobs, &events))
			return jobs, events
		}
		var answers []testkit.Answer
		for _, login := range []string{phone, "nobody-at-all"} {
			jobs, events := count()
			a := from(t, env, "198.51.100.40", "POST", "/api/v1/password-resets", "", map[string]any{"login": login})
			a.Expect(t, http.StatusAccepted, "")
			j, e := count()
			if j-jobs != 1 || e-events != 1 {
				t.Fatalf("reset for %s: %d jobs and %d audit events, want 1 and 1", login, j-jobs, e-events)
			}
			answers = append(answers, a)
		}
		if len(answers[0].Body) != 1 || len(answers[1].Body) != 1 || answers[1].String("reset_id") == "" {
			t.Fatalf("answers differ: %s vs %s", answers[0].Raw, answers[1].Raw)
		}
		if n := len(env.Sent(t)); n != 0 {
			t.Fatalf("the request sent %d messages itself", n)
		}
		env.DrainJobs(t)
		sent := env.Sent(t)
		if len(sent) != 1 || sent[0].To != phone || sent[0].Code == "" {
			t.Fatalf("the jobs sent %+v, want one code to %s", sent, phone)
		}
		from(t, env, "198.51.100.40", "POST", "/api/v1/password-resets/confirm", "", map[string]any{
			"reset_id": answers[0].String("reset_id"), "code": sent[0].Code, "password": "New-Tea-Leaf-7"}).Expect(t, http.StatusNoContent, "")

		// A third request reaches the limit of 3; the fourth is refused.
		from(t, env, "198.51.100.40", "POST", "/api/v1/password-resets", "", map[string]any{"login": phone}).Expect(t, http.StatusAccepted, "")
		refused := from(t, env, "198.51.100.40", "POST", "/api/v1/password-resets", "", map[string]any{"login": phone})
		refused.Expect(t, http.StatusTooManyRequests, "rate_limited")
		if refused.Header.Get("Retry-After") == "" {
			t.Fatal("a refused reset has no Retry-After")
		}
		from(t, env, "198.51.100.41", "POST", "/api/v1/password-resets", "", map[string]any{"login": phone}).Expect(t, http.StatusAccepted, "")
	})
}
