package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/notify"
)

// Recovery (SPEC §2.5): a forgotten password is reset with a code to the
// bound phone or e-mail, which ends every session; a forgotten account is
// found by its certification details and answered with masked contacts
// only; the bound phone changes with codes to the old factor and the new
// number. None of the anonymous answers says whether a name exists.

// PasswordReset is the answer to a reset request: the id to confirm with.
// It has the same shape whether or not the login exists.
type PasswordReset struct {
	ResetID string `json:"reset_id"`
}

// ResetConfirmation sets a new password with the code sent for ResetID.
type ResetConfirmation struct {
	ResetID  string `json:"reset_id"`
	Code     string `json:"code"`
	Password string `json:"password"`
}

// JobPasswordReset sends the code of a password reset request.
const JobPasswordReset = "auth.password_reset"

// resetJob is the payload of JobPasswordReset.
type resetJob struct {
	Login   string `json:"login"`
	ResetID string `json:"reset_id"`
}

// StartPasswordReset accepts a reset request for login: it only counts the
// request against the IP's limits (like account recovery) and enqueues the
// job that looks the login up and sends the code, so an existing and an
// unknown login take the same statements and the same answer.
func (s *Service) StartPasswordReset(ctx context.Context, login string) (PasswordReset, error) {
	if err := authz.CheckCtx(ctx, authz.RecoverAccount, nil); err != nil {
		return PasswordReset{}, err
	}
	if login == "" || len(login) > 256 {
		return PasswordReset{}, apperr.Field("login", "enter your phone number, e-mail address or nickname")
	}
	out := PasswordReset{ResetID: uuid.Must(uuid.NewV7()).String()}
	err := s.anonymousLookup(ctx, "password reset", func(ctx context.Context) error {
		if _, err := s.jobs.Enqueue(ctx, JobPasswordReset, resetJob{Login: login, ResetID: out.ResetID}); err != nil {
			return apperr.Wrap(err, "enqueue password reset")
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, Action: "account.password_reset_request",
			ObjectType: "password_reset", ObjectID: out.ResetID, Summary: "password reset requested"})
	})
	if err != nil {
		return PasswordReset{}, err
	}
	return out, nil
}

// sendResetCode runs JobPasswordReset: it sends the reset code, stored
// under the request's reset id, to the bound phone (or e-mail) of the
// identity the login names. An unknown login or a disabled account gets
// nothing; an account over its code limits gets nothing and an audited
// refusal. A code already sent for the reset id ends the job (it is safe
// to run twice).
func (s *Service) sendResetCode(ctx context.Context, j jobs.Job) error {
	var p resetJob
	if err := j.Decode(&p); err != nil {
		return err
	}
	if _, err := s.store.findCodeUser(ctx, p.ResetID, purposeReset); !errors.Is(err, sql.ErrNoRows) {
		return apperr.WrapIf(err, "find reset code")
	}
	u, _, err := s.accounts.FindCredentials(ctx, p.Login)
	if err != nil || u.Status != account.StatusActive {
		if apperr.CodeOf(err) == apperr.Internal {
			return err
		}
		return nil
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		_, to, err := s.sendUserCode(ctx, p.ResetID, u, purposeReset)
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: u.ID, Action: "account.password_reset_start",
			ObjectType: "user", ObjectID: u.ID, Summary: "code sent to " + to})
	})
	switch apperr.CodeOf(err) {
	case apperr.RateLimited, apperr.Forbidden:
		return s.recordFailure(ctx, u.ID, "password reset refused: "+apperr.From(err).Message.String())
	}
	return err
}

// anonymousLookup runs fn, an anonymous request that may reveal whether an
// account exists (account recovery, password resets), under the per-IP
// limits of the log-in: it is refused with RateLimited before any work
// when the IP asked too often, and is otherwise counted, in fn's
// transaction, whatever it finds.
func (s *Service) anonymousLookup(ctx context.Context, subject string, fn func(ctx context.Context) error) error {
	at := Attempt{Subject: subject, IP: audit.RequestFrom(ctx).IP}
	if _, err := s.gate.Screen(ctx, at); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.gate.Failed(ctx, at); err != nil {
			return err
		}
		return fn(ctx)
	})
}

// ConfirmPasswordReset checks the code, sets the new password and ends
// every session of the account.
func (s *Service) ConfirmPasswordReset(ctx context.Context, in ResetConfirmation) error {
	if err := authz.CheckCtx(ctx, authz.RecoverAccount, nil); err != nil {
		return err
	}
	var v apperr.Validation
	if in.Code == "" {
		v.Reject("code", "enter the code you received")
	}
	if msg := s.accounts.Policy().Check(in.Password); msg.Format != "" {
		v.Reject("password", msg.Format, msg.Args...)
	}
	if err := v.Err(); err != nil {
		return err
	}
	var refusal error
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		userID, err := s.store.findCodeUser(ctx, in.ResetID, purposeReset)
		if err != nil {
			refusal = errWrongCode()
			return nil
		}
		ok, err := s.useCode(ctx, in.ResetID, userID, purposeReset, in.Code)
		if err != nil {
			return err
		}
		if !ok {
			refusal = errWrongCode()
			return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: userID, Action: "account.password_reset",
				ObjectType: "user", ObjectID: userID, Outcome: audit.Failed, Summary: "wrong code"})
		}
		if err := s.accounts.SetPassword(ctx, userID, in.Password); err != nil {
			return err
		}
		n, err := s.revokeSessions(ctx, userID, "")
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: userID, OwnerID: userID, Action: "account.password_reset",
			ObjectType: "user", ObjectID: userID, Summary: fmt.Sprintf("password reset by code; %d sessions ended", n)})
	})
	if err != nil {
		return err
	}
	return refusal
}

// AccountRecovery is the answer to a recovery by certification details:
// the bound contacts, masked. A miss answers an empty list.
type AccountRecovery struct {
	Contacts []string `json:"contacts"`
}

// RecoverAccount finds the accounts certified with idNumber and answers
// their masked phones and e-mails. Hits and misses run the same query and are
// counted alike against the IP's limit, so the answer's timing says
// nothing and enumeration is slow.
func (s *Service) RecoverAccount(ctx context.Context, idNumber string) (AccountRecovery, error) {
	if err := authz.CheckCtx(ctx, authz.RecoverAccount, nil); err != nil {
		return AccountRecovery{}, err
	}
	if len(idNumber) < 6 || len(idNumber) > 64 {
		return AccountRecovery{}, apperr.Field("id_number", "enter the ID or licence number you were certified with")
	}
	out := AccountRecovery{Contacts: []string{}}
	err := s.anonymousLookup(ctx, "recovery", func(ctx context.Context) error {
		users, err := s.accounts.FindUsersByCertification(ctx, idNumber)
		if err != nil {
			return err
		}
		if len(users) == 0 {
			return s.recordFailure(ctx, "", "account recovery: no match")
		}
		for _, u := range users {
			for _, c := range []string{u.Phone, u.Email} {
				if c != "" {
					out.Contacts = append(out.Contacts, maskContact(c))
				}
			}
			if err := s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: u.ID, Action: "account.recover",
				ObjectType: "user", ObjectID: u.ID, Summary: "masked contacts shown"}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// PhoneChange is the answer to a phone change request: where the codes
// went (masked).
type PhoneChange struct {
	OldFactor string `json:"old_factor_sent_to"`
	NewPhone  string `json:"new_phone_sent_to"`
}

// StartPhoneChange sends one code to the actor's current factor (phone, or
// e-mail where none is bound) and one to the new number.
func (s *Service) StartPhoneChange(ctx context.Context, phone string) (PhoneChange, error) {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return PhoneChange{}, err
	}
	p := account.NormalizePhone(phone)
	if p == "" {
		return PhoneChange{}, apperr.Field("phone", "must be a mainland mobile number of 11 digits starting with 1")
	}
	u, err := s.accounts.FindUserByID(ctx, authz.ActorFrom(ctx).UserID)
	if err != nil {
		return PhoneChange{}, err
	}
	if p == u.Phone {
		return PhoneChange{}, apperr.Field("phone", "is already your phone number")
	}
	var out PhoneChange
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		_, old, err := s.sendUserCode(ctx, uuid.Must(uuid.NewV7()).String(), u, purposePhoneOld)
		if err != nil {
			return err
		}
		_, fresh, err := s.issueCode(ctx, uuid.Must(uuid.NewV7()).String(), u.ID, purposePhoneNew, notify.ChannelSMS, p)
		if err != nil {
			return err
		}
		out = PhoneChange{OldFactor: old, NewPhone: fresh}
		return s.audit.Record(ctx, audit.Event{Action: "security.phone_change_start", ObjectType: "user", ObjectID: u.ID,
			Summary: "codes sent to " + old + " and " + fresh})
	})
	return out, err
}

// ConfirmPhoneChange binds the new number once both codes are right.
func (s *Service) ConfirmPhoneChange(ctx context.Context, oldCode, newCode string) error {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return err
	}
	me := authz.ActorFrom(ctx).UserID
	var refusal error
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		oldID, _, err := s.latestCode(ctx, me, purposePhoneOld)
		if err != nil {
			return err
		}
		newID, phone, err := s.latestCode(ctx, me, purposePhoneNew)
		if err != nil {
			return err
		}
		// Both codes are checked before either is used up, so that a wrong
		// one does not burn the right one.
		okOld, err := s.checkCode(ctx, oldID, me, purposePhoneOld, oldCode)
		if err != nil {
			return err
		}
		okNew, err := s.checkCode(ctx, newID, me, purposePhoneNew, newCode)
		if err != nil {
			return err
		}
		if !okOld || !okNew {
			var v apperr.Validation
			if !okOld {
				v.Reject("old_code", "is wrong or has expired; ask for a new code if needed")
			}
			if !okNew {
				v.Reject("new_code", "is wrong or has expired; ask for a new code if needed")
			}
			refusal = v.Err()
			return s.audit.Record(ctx, audit.Event{Action: "security.phone_change", ObjectType: "user", ObjectID: me,
				Outcome: audit.Failed, Summary: "wrong code"})
		}
		if err := s.markCodeUsed(ctx, oldID); err != nil {
			return err
		}
		if err := s.markCodeUsed(ctx, newID); err != nil {
			return err
		}
		if err := s.accounts.SetPhone(ctx, me, phone); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "security.phone_change", ObjectType: "user", ObjectID: me,
			Summary: "phone changed to " + maskContact(phone)})
	})
	if err != nil {
		return err
	}
	return refusal
}

// latestCode returns the id and destination of the user's newest code of
// purpose ("" when there is none).
func (s *Service) latestCode(ctx context.Context, userID, purpose string) (id, to string, err error) {
	id, to, err = s.store.findLatestCode(ctx, userID, purpose)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", apperr.Wrap(err, "find code")
	}
	return id, to, nil
}
