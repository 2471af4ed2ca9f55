package auth

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/notify"
)

// guard is the Gate of login security (SPEC §3): brute-force limits kept
// in the database so that they hold across replicas, and the risk rules
// that decide on step-up verification.
type guard struct{ s *Service }

// Screen refuses, before any hashing, an IP with too many recent failures
// across accounts, and an account that failed too often from this IP or
// this device; an account (or sub-account) past the hourly threshold of
// failed password checks gets a challenge that asks for the code before
// the password is checked. Either answer is the same whether the password
// is right or not. It returns the quota left to the attempt: the tightest
// of those limits.
func (g guard) Screen(ctx context.Context, a Attempt) (apperr.Quota, error) {
	s := g.s
	now := s.clock.Now()
	q, wait, err := g.quota(ctx, a, now)
	if err != nil {
		return q, err
	}
	if wait == 0 {
		return q, g.screenFlood(ctx, a, now)
	}
	if err := s.recordFailure(ctx, a.User.ID, "blocked by the brute-force limits"); err != nil {
		return q, err
	}
	return q, errBlocked(wait).Exhausted(q.Limit, wait)
}

// errBlocked tells a blocked log-in when to try again, in words that fit
// one minute as well as many.
func errBlocked(wait time.Duration) *apperr.Error {
	if n := minutes(wait); n > 1 {
		return apperr.New(apperr.RateLimited, "Too many failed log-ins. Try again in %d minutes.", n)
	}
	return apperr.New(apperr.RateLimited, "Too many failed log-ins. Try again in a minute.")
}

// quota returns the tightest of the per-IP limit and the account's lock
// for this IP or device at now, and how long the attempt is blocked (0
// when it is not).
func (g guard) quota(ctx context.Context, a Attempt, now time.Time) (apperr.Quota, time.Duration, error) {
	lim := g.s.limits
	q, wait, err := g.s.blocked(ctx, failuresOfIP, []any{a.IP}, lim.IPFailures, lim.IPWindow, lim.IPWindow, now)
	if err != nil || wait > 0 {
		return q, wait, err
	}
	lock, wait, err := g.lockedFor(ctx, a, now)
	return tighter(q, lock), wait, err
}

// screenFlood opens a code-first challenge for an identity whose subject
// took AccountFailures failed password checks within AccountWindow (SPEC
// §3.1): the password is then checked only after the code, so the cap also
// caps hashing and a right guess is never confirmed. Names that exist
// nowhere are left to the dummy hash.
func (g guard) screenFlood(ctx context.Context, a Attempt, now time.Time) error {
	s := g.s
	if a.User.ID == "" {
		return nil
	}
	n, err := s.store.countFailures(ctx, failuresOfSubject, []any{a.Subject}, now.Add(-s.limits.AccountWindow))
	if err != nil {
		return apperr.Wrap(err, "count log-in failures")
	}
	if n < s.limits.AccountFailures {
		return nil
	}
	set, _, err := s.settings(ctx, a.User.ID)
	if err != nil {
		return err
	}
	f, err := s.factorsOf(ctx, a.User)
	if err != nil {
		return err
	}
	// The one-time code comes first: a passkey alone would not stand in
	// for the code here.
	f.passkeys = 0
	return s.openChallenge(ctx, a, []string{reasonManyFails}, strongVerification(f, set.DoubleVerification), true)
}

// lockedFor returns the quota left to the account from this IP and from
// this device (the tighter of the two), and how long it stays locked (0
// when it is not).
func (g guard) lockedFor(ctx context.Context, a Attempt, now time.Time) (apperr.Quota, time.Duration, error) {
	lim := g.s.limits
	q, wait, err := g.s.blocked(ctx, failuresOfSubjectIP, []any{a.Subject, a.IP}, lim.LockFailures, lim.LockWindow,
		lim.LockDuration, now)
	if err != nil || wait > 0 || a.DeviceKey == "" {
		return q, wait, err
	}
	device, wait, err := g.s.blocked(ctx, failuresOfSubjectDevice, []any{a.Subject, a.DeviceKey}, lim.LockFailures,
		lim.LockWindow, lim.LockDuration, now)
	return tighter(q, device), wait, err
}

// blocked looks at the latest limit failures in scope (a failuresOf…
// condition with its arguments): when all of them fall within window, the
// block lasts until the latest plus hold. The quota it returns counts the
// failures within window: none remains while blocked, and it resets when
// the block ends, or else when the latest failure leaves the window.
func (s *Service) blocked(ctx context.Context, scope string, args []any, limit int, window, hold time.Duration,
	now time.Time) (apperr.Quota, time.Duration, error) {
	times, err := s.store.findFailureTimes(ctx, scope, args, now.Add(-window-hold), limit)
	if err != nil {
		return apperr.Quota{}, 0, err
	}
	if len(times) == limit && times[0].Sub(times[len(times)-1]) < window {
		if until := times[0].Add(hold); now.Before(until) {
			return apperr.Quota{Limit: limit, Reset: until.Sub(now)}, until.Sub(now), nil
		}
	}
	q := apperr.Quota{Limit: limit, Remaining: limit, Reset: window}
	for _, t := range times {
		if t.After(now.Add(-window)) {
			q.Remaining--
		}
	}
	if q.Remaining < limit {
		q.Reset = times[0].Add(window).Sub(now)
	}
	return q, 0, nil
}

// tighter is the quota of a and b with fewer requests remaining (a on a
// tie).
func tighter(a, b apperr.Quota) apperr.Quota {
	if b.Remaining < a.Remaining {
		return b
	}
	return a
}

// Failed records a wrong password (or an unknown login), and audits the
// lock it may start, in the caller's transaction when there is one. It
// returns the quota left after this failure.
func (g guard) Failed(ctx context.Context, a Attempt) (apperr.Quota, error) {
	s := g.s
	now := s.clock.Now()
	var q apperr.Quota
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createFailure(ctx, uuid.Must(uuid.NewV7()).String(), a, now); err != nil {
			return apperr.Wrap(err, "record log-in failure")
		}
		oldest := now.Add(-max(s.limits.LockWindow+s.limits.LockDuration, s.limits.IPWindow, s.limits.AccountWindow))
		if err := s.store.deleteFailuresBefore(ctx, oldest); err != nil {
			return apperr.Wrap(err, "forget old log-in failures")
		}
		after := now.Add(time.Microsecond)
		ip, _, err := s.blocked(ctx, failuresOfIP, []any{a.IP}, s.limits.IPFailures, s.limits.IPWindow, s.limits.IPWindow, after)
		if err != nil {
			return err
		}
		lock, wait, err := g.lockedFor(ctx, a, after)
		if q = tighter(ip, lock); err != nil || wait == 0 || a.User.ID == "" {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: a.User.ID, Action: "session.lock",
			ObjectType: "user", ObjectID: a.User.ID, DeviceID: a.DeviceID, Outcome: audit.Denied,
			Summary: fmt.Sprintf("%d failed log-ins; locked for %s from this IP/device", s.limits.LockFailures, s.limits.LockDuration)}); err != nil {
			return err
		}
		return g.tellLocks(ctx, a, after)
	})
	return q, err
}

// Admit applies the risk rules of SPEC §3.1 to a log-in whose password was
// right: a new device, a region other than the last log-in's, or an IP
// that failed often need strong verification (an account under a
// password-guessing flood never gets here: Screen asks for the code first); "verify every log-in" needs a code. It answers
// StepUpRequired with a new challenge, or nil.
func (g guard) Admit(ctx context.Context, a Attempt) error {
	s := g.s
	now := s.clock.Now()
	set, lastRegion, err := s.settings(ctx, a.User.ID)
	if err != nil {
		return err
	}
	known, anyKnown, err := s.deviceKnown(ctx, a.User.ID, a.DeviceKey)
	if err != nil {
		return err
	}
	var reasons []string
	if !known && anyKnown && set.NewDeviceVerification {
		reasons = append(reasons, reasonNewDevice)
	}
	if a.Region != "" && lastRegion != "" && a.Region != lastRegion {
		reasons = append(reasons, reasonNewRegion)
	}
	ipFails, err := s.store.countFailures(ctx, failuresOfIP, []any{a.IP}, now.Add(-s.limits.AccountWindow))
	if err != nil {
		return apperr.Wrap(err, "count log-in failures")
	}
	if ipFails >= s.limits.IPFailures {
		reasons = append(reasons, reasonFlaggedIP)
	}
	f, err := s.factorsOf(ctx, a.User)
	if err != nil {
		return err
	}
	var alts alternatives
	switch {
	case len(reasons) > 0:
		alts = strongVerification(f, set.DoubleVerification)
	case set.VerifyEveryLogin:
		reasons, alts = []string{reasonEveryLogin}, alternatives{{MethodCode}}.usable(f)
	default:
		return nil
	}
	return s.openChallenge(ctx, a, reasons, alts, false)
}

// openChallenge stores a step-up challenge, sends a code when one is among
// the methods, and answers StepUpRequired with it. With passwordPending the
// challenge keeps the login and the password is checked after the methods
// (the answer says password_required). Without usable alternatives it
// answers Forbidden.
func (s *Service) openChallenge(ctx context.Context, a Attempt, reasons []string, alts alternatives, passwordPending bool) error {
	if len(alts) == 0 {
		if err := s.recordFailure(ctx, a.User.ID, "step-up needed but no method available"); err != nil {
			return err
		}
		return apperr.New(apperr.Forbidden, "This log-in needs a verification this account cannot give: it has no phone, e-mail or passkey. Ask an operator for help.")
	}
	pendingLogin := ""
	if passwordPending {
		pendingLogin = a.Login
	}
	now := s.clock.Now()
	id := uuid.Must(uuid.NewV7()).String()
	altsJSON, _ := json.Marshal(alts)
	methods := alts.remaining(nil)
	var sentTo string
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.createChallenge(ctx, id, a, pendingLogin, strings.Join(reasons, ", "), string(altsJSON), now,
			now.Add(s.limits.ChallengeTTL)); err != nil {
			return apperr.Wrap(err, "insert challenge")
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: a.User.ID, Action: "session.step_up",
			ObjectType: "challenge", ObjectID: id, DeviceID: a.DeviceID, Outcome: audit.Denied,
			Summary: "step-up required: " + strings.Join(reasons, ", ") + "; methods " + strings.Join(methods, ", ")})
	})
	if err != nil {
		return err
	}
	if contains(methods, MethodCode) {
		// A code that cannot be sent now (resend limit) can be asked for
		// again from the challenge; the challenge stands either way.
		if to, err := s.sendChallengeCode(ctx, id, a.User); err == nil {
			sentTo = to
		} else if apperr.CodeOf(err) != apperr.RateLimited {
			return err
		}
	}
	e := apperr.New(apperr.StepUpRequired, "Confirm that it is you to finish logging in.").
		With("challenge_id", id).With("methods", methods)
	if sentTo != "" {
		e.With("code_sent_to", sentTo)
	}
	if passwordPending {
		e.With("password_required", true)
	}
	return e
}

// settings returns the account's security settings and the region of its
// last log-in.
func (s *Service) settings(ctx context.Context, userID string) (Settings, string, error) {
	set := DefaultSettings()
	region, err := s.store.findSettings(ctx, userID, &set)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return set, "", apperr.Wrap(err, "find security settings")
	}
	return set, region, nil
}

// saveSettings writes the settings and the last region.
func (s *Service) saveSettings(ctx context.Context, userID string, set Settings, region string) error {
	if err := s.store.updateSettings(ctx, userID, set, region, s.clock.Now()); err != nil {
		return apperr.Wrap(err, "save security settings")
	}
	return nil
}

// deviceKnown reports whether the device token of hash deviceKey passed
// verification on the account, and whether any device did (devices known
// before tokens, without one, count for the latter only).
func (s *Service) deviceKnown(ctx context.Context, userID, deviceKey string) (known, anyKnown bool, err error) {
	n, same, err := s.store.findDeviceCounts(ctx, userID, deviceKey)
	if err != nil {
		return false, false, apperr.Wrap(err, "find known devices")
	}
	return deviceKey != "" && same > 0, n > 0, nil
}

// factorsOf says what the account can verify with.
func (s *Service) factorsOf(ctx context.Context, u account.User) (factors, error) {
	f := factors{contact: u.Phone != "" || u.Email != ""}
	totp, passkeys, err := s.store.findFactorCounts(ctx, u.ID)
	f.passkeys = passkeys
	if err != nil {
		return f, apperr.Wrap(err, "find verification factors")
	}
	f.totp = totp > 0
	return f, nil
}

// rememberLogIn makes the session's device known, records the region of
// the log-in, clears the failures of this IP and device, and alerts the
// owner when the device or region is new (never at the first log-in).
func (s *Service) rememberLogIn(ctx context.Context, user account.User, sess Session) error {
	set, lastRegion, err := s.settings(ctx, user.ID)
	if err != nil {
		return err
	}
	known, anyKnown, err := s.deviceKnown(ctx, user.ID, sess.deviceKey)
	if err != nil {
		return err
	}
	name := deviceName(sess.UserAgent)
	if err := s.rememberDevice(ctx, user.ID, sess, name, known); err != nil {
		return err
	}
	region := lastRegion
	if sess.Region != "" {
		region = sess.Region
	}
	if err := s.saveSettings(ctx, user.ID, set, region); err != nil {
		return err
	}
	if err := s.forgetFailures(ctx, user.ID, failuresOfSubjectIPOrDevice, []any{user.ID, sess.IP, sess.deviceKey}); err != nil {
		return err
	}
	newRegion := sess.Region != "" && lastRegion != "" && sess.Region != lastRegion
	if !set.RemoteLoginAlert || !anyKnown || (known && !newRegion) {
		return nil
	}
	body := i18n.T("New log-in: %s, region %s, at %s. If this was not you, change your password and sign that device out.",
		name, regionName(sess.Region), sess.CreatedAt.UTC().Format("2006-01-02 15:04 UTC"))
	// The alert is the person's who logged in: a sub-account's goes to that
	// staff member's message centre only, never to the main account's
	// message centre, phone or e-mail.
	var out *notify.Message
	if to, channel := contactOf(user); to != "" && sess.SubAccountID == "" {
		out = &notify.Message{To: to, Channel: channel, Kind: "login_alert", Text: body.String()}
	}
	return s.notify.NotifyStaffText(ctx, user.ID, sess.SubAccountID, "login_alert", i18n.T("New log-in to your account"), body, out)
}

// rememberDevice makes the session's device token known to userID: a token
// not yet known takes over the row of a device known from before tokens
// (same label, no token) if there is one; otherwise the token's row is
// recorded or refreshed.
func (s *Service) rememberDevice(ctx context.Context, userID string, sess Session, name string, known bool) error {
	if !known && sess.DeviceID != "" {
		n, err := s.store.updateLegacyDeviceToken(ctx, userID, sess, name)
		if err != nil {
			return apperr.Wrap(err, "remember device")
		}
		if n > 0 {
			return nil
		}
	}
	if err := s.store.createKnownDevice(ctx, uuid.Must(uuid.NewV7()).String(), userID, sess, name); err != nil {
		return apperr.Wrap(err, "remember device")
	}
	return nil
}

// contactOf returns where codes and alerts go: the bound phone, else the
// e-mail.
func contactOf(u account.User) (to, channel string) {
	if u.Phone != "" {
		return u.Phone, notify.ChannelSMS
	}
	if u.Email != "" {
		return u.Email, notify.ChannelEmail
	}
	return "", ""
}

func regionName(r string) any {
	if r == "" {
		return i18n.T("unknown")
	}
	return r
}

func minutes(d time.Duration) int {
	return int((d + time.Minute - 1) / time.Minute)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
