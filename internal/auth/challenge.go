package auth

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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
	ID        string
	UserID    string
	SubID     string
	DeviceID  string
	Alts      alternatives
	Done      []string
	CodeID    string
	WebAuthn  string
	ExpiresAt time.Time
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
		codeID, to, err := s.sendUserCode(ctx, u, purposeLogin)
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
// A wrong answer is counted (a code's tries) and refused.
func (s *Service) Verify(ctx context.Context, in Verification) (Granted, error) {
	if err := authz.CheckCtx(ctx, authz.LogIn, nil); err != nil {
		return Granted{}, err
	}
	var g Granted
	var refusal error
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.findChallenge(ctx, in.ChallengeID)
		if err != nil {
			return err
		}
		if !contains(c.Alts.remaining(c.Done), in.Method) {
			return apperr.Field("method", "must be one of the methods this verification offers")
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
			refusal = apperr.New(apperr.StepUpRequired, "One more verification is needed to finish logging in.").
				With("challenge_id", c.ID).With("methods", c.Alts.remaining(c.Done))
			return nil
		}
		if err := s.store.updateChallengeCompleted(ctx, c.ID, s.clock.Now()); err != nil {
			return apperr.Wrap(err, "complete challenge")
		}
		g, err = s.openSession(ctx, u, c.SubID, c.DeviceID)
		return err
	})
	if err != nil {
		return Granted{}, err
	}
	if refusal != nil {
		return Granted{}, refusal
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

// ChallengeMethods lists the methods an open challenge still offers.
func (s *Service) ChallengeMethods(ctx context.Context, challengeID string) ([]string, error) {
	if err := authz.CheckCtx(ctx, authz.LogIn, nil); err != nil {
		return nil, err
	}
	c, err := s.findChallenge(ctx, challengeID)
	if err != nil {
		return nil, err
	}
	return c.Alts.remaining(c.Done), nil
}
