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
	"math/big"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/notify"
)

// One-time codes: 6 digits, single use, a short life, a few tries, stored
// as a salted hash, sent at once through notify.SendNow (never through the
// job table), and limited per account (SPEC §3.1).

// codeHash hashes a code with the id of its row as salt.
func codeHash(id, code string) string {
	sum := sha256.Sum256([]byte(id + ":" + code))
	return hex.EncodeToString(sum[:])
}

// checkCodeLimits refuses a new code while the account's last one is
// younger than the resend interval or it had its daily allowance.
func (s *Service) checkCodeLimits(ctx context.Context, userID string) error {
	now := s.clock.Now()
	today, err := s.store.countCodesSince(ctx, userID, now.Add(-24*time.Hour))
	if err != nil {
		return apperr.Wrap(err, "count codes")
	}
	last, err := s.store.findLastCodeTime(ctx, userID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return apperr.Wrap(err, "find last code")
	}
	if today >= s.limits.CodeDailyLimit {
		return apperr.New(apperr.RateLimited, "Too many codes today. Try again tomorrow.").Exhausted(s.limits.CodeDailyLimit, 24*time.Hour)
	}
	if err == nil {
		if next := last.Add(s.limits.CodeResendInterval); now.Before(next) {
			return apperr.New(apperr.RateLimited, "A code was sent moments ago. You can ask for another in %d seconds.",
				int((next.Sub(now)+time.Second-1)/time.Second)).Exhausted(1, next.Sub(now))
		}
	}
	return nil
}

// issueCode stores a new code of purpose for userID under id and sends it
// to (channel, to). It returns the code's id and the masked destination.
// The caller checks the limits first.
func (s *Service) issueCode(ctx context.Context, id, userID, purpose, channel, to string) (string, string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", "", apperr.Wrap(err, "draw code")
	}
	code := fmt.Sprintf("%06d", n.Int64())
	now := s.clock.Now()
	if err := s.store.createCode(ctx, id, userID, purpose, channel, to, codeHash(id, code), now, now.Add(s.limits.CodeTTL)); err != nil {
		return "", "", apperr.Wrap(err, "store code")
	}
	text := fmt.Sprintf("Your Helio verification code is %s. It is valid for %d minutes. Never share it.",
		code, minutes(s.limits.CodeTTL))
	if err := s.notify.SendNow(ctx, notify.Message{To: to, Channel: channel, Kind: "code_" + purpose, Text: text, Code: code}); err != nil {
		return "", "", apperr.Wrap(err, "send code")
	}
	return id, maskContact(to), nil
}

// sendUserCode checks the limits and sends a code of purpose, stored under
// id, to the user's bound phone (or e-mail).
func (s *Service) sendUserCode(ctx context.Context, id string, u account.User, purpose string) (string, string, error) {
	to, channel := contactOf(u)
	if to == "" {
		return "", "", apperr.New(apperr.Forbidden, "This account has no phone or e-mail to send a code to.")
	}
	if err := s.checkCodeLimits(ctx, u.ID); err != nil {
		return "", "", err
	}
	return s.issueCode(ctx, id, u.ID, purpose, channel, to)
}

// errWrongCode is the one answer for a wrong, used, expired or exhausted
// code, and for a code that does not exist.
func errWrongCode() error {
	return apperr.Field("code", "is wrong or has expired; ask for a new code if needed")
}

// useCode checks code against the code row id of userID and purpose. A
// wrong code uses up a try; the row then stays usable until its tries run
// out. It must run inside the caller's transaction, which must commit even
// when the code is wrong (so that the try counts): it reports a wrong code
// as ok=false, not as an error.
func (s *Service) useCode(ctx context.Context, id, userID, purpose, code string) (ok bool, err error) {
	if ok, err = s.checkCode(ctx, id, userID, purpose, code); !ok || err != nil {
		return ok, err
	}
	return true, s.markCodeUsed(ctx, id)
}

// checkCode reports whether code is the live code id without using it up;
// a wrong answer counts as a try.
func (s *Service) checkCode(ctx context.Context, id, userID, purpose, code string) (ok bool, err error) {
	c, err := s.store.findCode(ctx, id, userID, purpose)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, apperr.Wrap(err, "find code")
	}
	if c.UsedAt.Valid || c.Tries >= s.limits.CodeMaxTries || !s.clock.Now().Before(c.ExpiresAt) {
		return false, nil
	}
	if subtle.ConstantTimeCompare([]byte(codeHash(id, code)), []byte(c.Hash)) != 1 {
		if err := s.store.updateCodeTries(ctx, id); err != nil {
			return false, apperr.Wrap(err, "count code try")
		}
		return false, nil
	}
	return true, nil
}

// markCodeUsed makes code id single-use.
func (s *Service) markCodeUsed(ctx context.Context, id string) error {
	if err := s.store.updateCodeUsed(ctx, id, s.clock.Now()); err != nil {
		return apperr.Wrap(err, "use code")
	}
	return nil
}

// maskContact hides the middle of a phone number (138****5678) or of an
// e-mail's local part (x***@example.com).
func maskContact(to string) string {
	if at := strings.IndexByte(to, '@'); at > 0 {
		return to[:1] + "***" + to[at:]
	}
	if len(to) >= 7 {
		return to[:3] + "****" + to[len(to)-4:]
	}
	return "****"
}
