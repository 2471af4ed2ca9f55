package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/boombuler/barcode/qr"
	"github.com/google/uuid"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
)

// TOTP (RFC 6238): 6 digits, 30-second steps, SHA-1 — what every
// authenticator app reads from an otpauth:// QR code. A code is accepted
// one step early or late, and a step once used is never accepted again
// (replay), which pquerna/otp leaves to its caller.

var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// StartTOTP makes a new TOTP secret for the actor, replacing an enrolment
// that was never confirmed, and returns it with its otpauth URL and a QR
// code. It is not in force until ConfirmTOTP.
func (s *Service) StartTOTP(ctx context.Context) (TOTPEnrolment, error) {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return TOTPEnrolment{}, err
	}
	me := authz.ActorFrom(ctx).UserID
	u, err := s.accounts.FindUserByID(ctx, me)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Helio", AccountName: u.Nickname, Period: 30,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return TOTPEnrolment{}, apperr.Wrap(err, "generate TOTP secret")
	}
	svg, err := qrSVG(key.URL())
	if err != nil {
		return TOTPEnrolment{}, apperr.Wrap(err, "draw QR code")
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		confirmed, err := s.store.findTOTPConfirmed(ctx, me)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return apperr.Wrap(err, "find TOTP secret")
		}
		if confirmed.Valid {
			return apperr.New(apperr.Conflict, "An authenticator app is already set up. Turn it off first to set up another.")
		}
		if err := s.store.createTOTPSecret(ctx, me, key.Secret(), s.clock.Now()); err != nil {
			return apperr.Wrap(err, "store TOTP secret")
		}
		return s.audit.Record(ctx, audit.Event{Action: "security.totp_start", ObjectType: "user", ObjectID: me})
	})
	if err != nil {
		return TOTPEnrolment{}, err
	}
	return TOTPEnrolment{Secret: key.Secret(), OTPAuthURL: key.URL(), QRSVG: svg}, nil
}

// PendingTOTP returns the actor's TOTP set-up still waiting for its first
// code, so that a wrong code keeps the secret the app already scanned.
func (s *Service) PendingTOTP(ctx context.Context) (TOTPEnrolment, error) {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return TOTPEnrolment{}, err
	}
	me := authz.ActorFrom(ctx).UserID
	secret, _, confirmed, err := s.totpSecret(ctx, me)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	if secret == "" || confirmed {
		return TOTPEnrolment{}, apperr.New(apperr.NotFound, "There is no authenticator app set-up waiting for its first code.")
	}
	u, err := s.accounts.FindUserByID(ctx, me)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	url := (&url.URL{Scheme: "otpauth", Host: "totp", Path: "/Helio:" + u.Nickname,
		RawQuery: url.Values{"secret": {secret}, "issuer": {"Helio"}, "period": {"30"}, "digits": {"6"},
			"algorithm": {"SHA1"}}.Encode()}).String()
	svg, err := qrSVG(url)
	if err != nil {
		return TOTPEnrolment{}, apperr.Wrap(err, "draw QR code")
	}
	return TOTPEnrolment{Secret: secret, OTPAuthURL: url, QRSVG: svg}, nil
}

// ConfirmTOTP turns TOTP on with the first code from the app and returns
// new recovery codes, shown this once (only their hashes are kept).
func (s *Service) ConfirmTOTP(ctx context.Context, code string) ([]string, error) {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return nil, err
	}
	me := authz.ActorFrom(ctx).UserID
	var codes []string
	var refusal error
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		secret, step, confirmed, err := s.totpSecret(ctx, me)
		if err != nil {
			return err
		}
		if secret == "" || confirmed {
			return apperr.New(apperr.Conflict, "There is no authenticator app set-up waiting for its first code.")
		}
		next, ok := totpStep(secret, code, s.clock.Now(), step)
		if !ok {
			refusal = errWrongCode()
			return s.audit.Record(ctx, audit.Event{Action: "security.totp_confirm", ObjectType: "user", ObjectID: me,
				Outcome: audit.Failed, Summary: "wrong code"})
		}
		if err := s.store.updateTOTPConfirmed(ctx, me, s.clock.Now(), next); err != nil {
			return apperr.Wrap(err, "confirm TOTP")
		}
		if codes, err = s.newRecoveryCodes(ctx, me); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "security.totp_on", ObjectType: "user", ObjectID: me,
			Summary: fmt.Sprintf("authenticator app on; %d recovery codes issued", len(codes))})
	})
	if err != nil {
		return nil, err
	}
	return codes, refusal
}

// DeleteTOTP turns TOTP off. It needs a fresh verification: a current code
// from the app, or a recovery code.
func (s *Service) DeleteTOTP(ctx context.Context, code string) error {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return err
	}
	me := authz.ActorFrom(ctx).UserID
	var refusal error
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		_, _, confirmed, err := s.totpSecret(ctx, me)
		if err != nil {
			return err
		}
		if !confirmed {
			return apperr.New(apperr.NotFound, "No authenticator app is set up.")
		}
		ok, err := s.useTOTP(ctx, me, code)
		if err == nil && !ok {
			ok, err = s.useRecoveryCode(ctx, me, code)
		}
		if err != nil {
			return err
		}
		if !ok {
			refusal = errWrongCode()
			return s.audit.Record(ctx, audit.Event{Action: "security.totp_off", ObjectType: "user", ObjectID: me,
				Outcome: audit.Failed, Summary: "wrong code"})
		}
		for _, del := range []func(context.Context, string) error{s.store.deleteTOTPSecret, s.store.deleteRecoveryCodes} {
			if err := del(ctx, me); err != nil {
				return apperr.Wrap(err, "turn TOTP off")
			}
		}
		return s.audit.Record(ctx, audit.Event{Action: "security.totp_off", ObjectType: "user", ObjectID: me})
	})
	if err != nil {
		return err
	}
	return refusal
}

// totpSecret returns the user's secret ("" when none), its last used step
// and whether it is confirmed.
func (s *Service) totpSecret(ctx context.Context, userID string) (string, int64, bool, error) {
	secret, step, confirmed, err := s.store.findTOTPSecret(ctx, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, false, nil
	}
	if err != nil {
		return "", 0, false, apperr.Wrap(err, "find TOTP secret")
	}
	return secret, step, confirmed.Valid, nil
}

// useTOTP checks a code of the user's confirmed TOTP secret and burns its
// step, inside the caller's transaction.
func (s *Service) useTOTP(ctx context.Context, userID, code string) (bool, error) {
	secret, last, confirmed, err := s.totpSecret(ctx, userID)
	if err != nil || !confirmed {
		return false, err
	}
	step, ok := totpStep(secret, code, s.clock.Now(), last)
	if !ok {
		return false, nil
	}
	if err := s.store.updateTOTPStep(ctx, userID, step); err != nil {
		return false, apperr.Wrap(err, "burn TOTP step")
	}
	return true, nil
}

// totpStep finds the step (now, one before or one after) whose code is
// code and which is later than last, so that no code is accepted twice.
func totpStep(secret, code string, now time.Time, last int64) (int64, bool) {
	code = strings.TrimSpace(code)
	if len(code) != 6 {
		return 0, false
	}
	base := now.Unix() / 30
	for _, k := range []int64{0, -1, 1} {
		step := base + k
		if step <= last {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*30, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// newRecoveryCodes replaces the user's recovery codes with fresh ones and
// returns them; only their hashes are stored.
func (s *Service) newRecoveryCodes(ctx context.Context, userID string) ([]string, error) {
	if err := s.store.deleteRecoveryCodes(ctx, userID); err != nil {
		return nil, apperr.Wrap(err, "clear recovery codes")
	}
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789" // 32 symbols: no modulo bias
	codes := make([]string, recoveryCodeCount)
	for i := range codes {
		b := make([]byte, 10)
		_, _ = rand.Read(b)
		for j := range b {
			b[j] = alphabet[int(b[j])%len(alphabet)]
		}
		codes[i] = string(b[:5]) + "-" + string(b[5:])
		if err := s.store.createRecoveryCode(ctx, uuid.Must(uuid.NewV7()).String(), userID, recoveryHash(codes[i]),
			s.clock.Now()); err != nil {
			return nil, apperr.Wrap(err, "store recovery code")
		}
	}
	return codes, nil
}

// recoveryHash hashes a recovery code, ignoring case, spaces and dashes.
func recoveryHash(code string) string {
	code = strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToLower(code))
	sum := sha256.Sum256([]byte("helio-recovery-code:" + code))
	return hex.EncodeToString(sum[:])
}

// useRecoveryCode spends one of the user's recovery codes.
func (s *Service) useRecoveryCode(ctx context.Context, userID, code string) (bool, error) {
	n, err := s.store.updateRecoveryCodeUsed(ctx, userID, recoveryHash(code), s.clock.Now())
	if err != nil {
		return false, apperr.Wrap(err, "use recovery code")
	}
	return n == 1, nil
}

// qrSVG draws content as a QR code in SVG, one path of unit squares with a
// quiet zone of four modules, so the console shows it without scripts or
// images. boombuler/barcode computes the matrix (pquerna/otp depends on it
// already).
func qrSVG(content string) (string, error) {
	code, err := qr.Encode(content, qr.M, qr.Auto)
	if err != nil {
		return "", err
	}
	n := code.Bounds().Dx()
	const quiet = 4
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="QR code">`,
		n+2*quiet, n+2*quiet)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n+2*quiet, n+2*quiet)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if r, _, _, _ := code.At(x, y).RGBA(); r == 0 {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}

// TOTPEnabled reports whether the actor has a confirmed authenticator app.
func (s *Service) TOTPEnabled(ctx context.Context) (bool, error) {
	if err := authz.CheckCtx(ctx, authz.ReadSecurity, nil); err != nil {
		return false, err
	}
	_, _, confirmed, err := s.totpSecret(ctx, authz.ActorFrom(ctx).UserID)
	return confirmed, err
}
