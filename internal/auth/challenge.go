package auth

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"github.com/google/uuid"
	"slices"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
)

// challenge is a step-up verification in progress.
type challenge struct {
	ID       string
	UserID   string
	SubID    string
	DeviceID string
	Alts     alternatives
	Done     []string
	CodeID   string
	WebAuthn string
	// PendingLogin is set when the password is checked after the methods
	// (an account under a password-guessing flood): the login as typed.
	PendingLogin string
	ExpiresAt    time.Time
}

// awaitsPassword reports whether the methods are done and only the pending
// password check is left.
func (c challenge) awaitsPassword() bool {
	return c.PendingLogin != "" && c.Alts.satisfied(c.Done)
}

// errChallengeGone is the answer for an unknown, expired or finished
// challenge.
func errChallengeGone() error {
	return apperr.New(apperr.Unauthenticated, "This verification has expired. Please log in again.")
}

// findChallenge loads an open challenge, locking it in ctx's transaction.
func (s *Service) findChallenge(ctx context.Context, id string) (challenge, error) {
	c, alts, done, completed, err := s.store.findChallenge(ctx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return c, errChallengeGone()
	}
	if err != nil {
		return c, apperr.Wrap(err, "find challenge")
	}
	if completed.Valid || !s.clock.Now().Before(c.ExpiresAt) {
		return c, errChallengeGone()
	}
	if err := json.Unmarshal([]byte(alts), &c.Alts); err != nil {
		return c, apperr.Wrap(err, "decode challenge")
	}
	if err := json.Unmarshal([]byte(done), &c.Done); err != nil {
		return c, apperr.Wrap(err, "decode challenge")
	}
	return c, nil
}

// sendChallengeCode sends a new code for challenge id and returns where it
// went (masked).
func (s *Service) sendChallengeCode(ctx context.Context, id string, u account.User) (string, error) {
	var masked string
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		codeID, to, err := s.sendUserCode(ctx, uuid.Must(uuid.NewV7()).String(), u, purposeLogin)
		if err != nil {
			return err
		}
		masked = to
		if err := s.store.updateChallengeCode(ctx, id, codeID); err != nil {
			return apperr.Wrap(err, "attach code")
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: u.ID, Action: "session.code_sent",
			ObjectType: "challenge", ObjectID: id, Summary: "code sent to " + to})
	})
	return masked, err
}

// ResendCode sends another code for an open challenge that offers one,
// within the resend limits, and returns where it went (masked).
func (s *Service) ResendCode(ctx context.Context, challengeID string) (string, error) {
	if err := authz.CheckCtx(ctx, authz.LogIn, nil); err != nil {
		return "", err
	}
	c, err := s.findChallenge(ctx, challengeID)
	if err != nil {
		return "", err
	}
	if !contains(c.Alts.remaining(c.Done), MethodCode) {
		return "", apperr.New(apperr.Conflict, "This verification does not use a code.")
	}
	u, err := s.accounts.FindUserByID(ctx, c.UserID)
	if err != nil {
		return "", err
	}
	if c.SubID != "" && s.staff != nil {
		sub, err := s.staff.FindForSession(ctx, c.SubID)
		if err != nil {
			return "", err
		}
		u = reachAt(u, sub)
	}
	return s.sendChallengeCode(ctx, c.ID, u)
}

// ChallengeWebAuthn starts the passkey assertion of a challenge and returns
// the options for navigator.credentials.get.
func (s *Service) ChallengeWebAuthn(ctx context.Context, challengeID string) (*protocol.CredentialAssertion, error) {
	if err := authz.CheckCtx(ctx, authz.LogIn, nil); err != nil {
		return nil, err
	}
	var out *protocol.CredentialAssertion
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.findChallenge(ctx, challengeID)
		if err != nil {
			return err
		}
		if !contains(c.Alts.remaining(c.Done), MethodWebAuthn) {
			return apperr.New(apperr.Conflict, "This verification does not use a passkey.")
		}
		wu, err := s.webauthnUser(ctx, c.UserID)
		if err != nil {
			return err
		}
		assertion, session, err := s.webauthn.BeginLogin(wu, webauthn.WithUserVerification(protocol.VerificationRequired))
		if err != nil {
			return apperr.Wrap(err, "begin passkey log-in")
		}
		raw, _ := json.Marshal(session)
		if err := s.store.updateChallengeWebAuthn(ctx, c.ID, string(raw)); err != nil {
			return apperr.Wrap(err, "store passkey challenge")
		}
		out = assertion
		return nil
	})
	return out, err
}

// Verify answers one method of a step-up challenge. When the methods done
// so far satisfy the challenge, the device becomes known and the session
// opens; otherwise it answers StepUpRequired naming what is still missing.
// A wrong answer is counted (a code's tries) and refused. A challenge with
// a pending password check needs the password with its last method; the
// password is checked only once the methods are done.
func (s *Service) Verify(ctx context.Context, in Verification) (Granted, error) {
	if err := authz.CheckCtx(ctx, authz.LogIn, nil); err != nil {
		return Granted{}, err
	}
	var g Granted
	var refusal error
	var pending challenge
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.findChallenge(ctx, in.ChallengeID)
		if err != nil {
			return err
		}
		if c.awaitsPassword() {
			pending = c
			return nil
		}
		if !contains(c.Alts.remaining(c.Done), in.Method) {
			return apperr.Field("method", "must be one of the methods this verification offers")
		}
		if c.PendingLogin != "" && in.Password == "" && c.Alts.satisfied(append(slices.Clone(c.Done), in.Method)) {
			return apperr.Field("password", "enter your password")
		}
		u, err := s.accounts.FindUserByID(ctx, c.UserID)
		if err != nil {
			return err
		}
		ok, err := s.checkMethod(ctx, c, in)
		if err != nil {
			return err
		}
		if !ok {
			refusal = errWrongAnswer(in.Method)
			return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: u.ID, Action: "session.verify",
				ObjectType: "challenge", ObjectID: c.ID, DeviceID: c.DeviceID, Outcome: audit.Failed,
				Summary: "wrong " + in.Method})
		}
		c.Done = append(c.Done, in.Method)
		done, _ := json.Marshal(c.Done)
		if err := s.store.updateChallengeDone(ctx, c.ID, string(done)); err != nil {
			return apperr.Wrap(err, "update challenge")
		}
		if err := s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: u.ID, Action: "session.verify",
			ObjectType: "challenge", ObjectID: c.ID, DeviceID: c.DeviceID, Summary: in.Method + " verified"}); err != nil {
			return err
		}
		if !c.Alts.satisfied(c.Done) {
			e := apperr.New(apperr.StepUpRequired, "One more verification is needed to finish logging in.").
				With("challenge_id", c.ID).With("methods", c.Alts.remaining(c.Done))
			if c.PendingLogin != "" {
				e.With("password_required", true)
			}
			refusal = e
			return nil
		}
		if c.PendingLogin != "" {
			pending = c
			return nil
		}
		if err := s.store.updateChallengeCompleted(ctx, c.ID, s.clock.Now()); err != nil {
			return apperr.Wrap(err, "complete challenge")
		}
		g, err = s.openSession(ctx, u, c.SubID, c.DeviceID, in.DeviceToken)
		return err
	})
	switch {
	case err != nil:
		return Granted{}, err
	case refusal != nil:
		return Granted{}, refusal
	case pending.ID != "":
		return s.finishPendingPassword(ctx, pending, in)
	}
	return g, nil
}

// finishPendingPassword checks the password of a challenge whose methods
// are done, outside any transaction (hashing takes a slot and time), then
// ends the challenge: a right password opens the session; a wrong one is
// counted like any failed log-in and refused, so each guess costs a new
// code. When no hashing slot frees, the challenge stays satisfied and the
// password may be sent again.
func (s *Service) finishPendingPassword(ctx context.Context, c challenge, in Verification) (Granted, error) {
	password := in.Password
	if password == "" {
		return Granted{}, apperr.Field("password", "enter your password")
	}
	at, sub, hash, err := s.attempt(ctx, c.PendingLogin, c.DeviceID)
	if err != nil {
		return Granted{}, err
	}
	if in.DeviceToken != "" {
		at.DeviceKey = hashToken(in.DeviceToken)
	}
	if at.User.ID != c.UserID || sub.ID != c.SubID {
		return Granted{}, errChallengeGone()
	}
	checked := s.checkPassword(ctx, at, sub, hash, password)
	if apperr.CodeOf(checked) == apperr.Unavailable || apperr.CodeOf(checked) == apperr.Internal {
		return Granted{}, checked
	}
	var g Granted
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.findChallenge(ctx, c.ID); err != nil {
			return err
		}
		if err := s.store.updateChallengeCompleted(ctx, c.ID, s.clock.Now()); err != nil {
			return apperr.Wrap(err, "complete challenge")
		}
		if checked != nil {
			return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: c.UserID, Action: "session.verify",
				ObjectType: "challenge", ObjectID: c.ID, DeviceID: c.DeviceID, Outcome: audit.Failed,
				Summary: "password refused after the code"})
		}
		g, err = s.openSession(ctx, at.User, c.SubID, c.DeviceID, in.DeviceToken)
		return err
	})
	if err != nil {
		return Granted{}, err
	}
	if checked != nil {
		return Granted{}, checked
	}
	return g, nil
}

// checkMethod verifies one answer inside the caller's transaction.
func (s *Service) checkMethod(ctx context.Context, c challenge, in Verification) (bool, error) {
	switch in.Method {
	case MethodCode:
		if c.CodeID == "" {
			return false, nil
		}
		return s.useCode(ctx, c.CodeID, c.UserID, purposeLogin, in.Code)
	case MethodTOTP:
		return s.useTOTP(ctx, c.UserID, in.Code)
	case MethodRecoveryCode:
		return s.useRecoveryCode(ctx, c.UserID, in.Code)
	case MethodWebAuthn:
		return s.usePasskey(ctx, c, in.Assertion)
	}
	return false, nil
}

// errWrongAnswer refuses a wrong answer on the field it came in.
func errWrongAnswer(method string) error {
	if method == MethodWebAuthn {
		return apperr.Field("assertion", "the passkey could not be verified; try again")
	}
	return errWrongCode()
}

// ChallengeMethods lists the methods an open challenge still offers, and
// whether the password must be sent with the last of them.
func (s *Service) ChallengeMethods(ctx context.Context, challengeID string) (methods []string, passwordRequired bool, err error) {
	if err := authz.CheckCtx(ctx, authz.LogIn, nil); err != nil {
		return nil, false, err
	}
	c, err := s.findChallenge(ctx, challengeID)
	if err != nil {
		return nil, false, err
	}
	return c.Alts.remaining(c.Done), c.PendingLogin != "", nil
}
