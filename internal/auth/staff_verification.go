package auth

import (
	"context"
	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/staff"
)

// purposeStaffVerification marks the codes of a sub-account holder's
// real-person verification.
const purposeStaffVerification = "sub_account_verification"

// StaffVerification is a code sent for a sub-account's verification.
type StaffVerification struct {
	CodeID string `json:"code_id"`
	SentTo string `json:"sent_to"`
}

// StaffConfirmation answers a StaffVerification with the same details and
// the code received.
type StaffConfirmation struct {
	staff.VerificationInput
	CodeID string `json:"code_id"`
	Code   string `json:"code"`
}

// StartStaffVerification checks a staff member's name and ID number and
// sends a code to the holder's phone (SPEC §4.2: name + ID + a code check).
func (s *Service) StartStaffVerification(ctx context.Context, in staff.VerificationInput) (StaffVerification, error) {
	sub, phone, err := s.staff.CheckVerification(ctx, in)
	if err != nil {
		return StaffVerification{}, err
	}
	if err := s.checkCodeLimits(ctx, sub.MainUserID); err != nil {
		return StaffVerification{}, err
	}
	var out StaffVerification
	out.CodeID, out.SentTo, err = s.issueCode(ctx, uuid.Must(uuid.NewV7()).String(), sub.MainUserID, purposeStaffVerification+":"+sub.ID, "sms", phone)
	return out, err
}

// ConfirmStaffVerification checks the code and, when right, records the
// holder: the sub-account is no longer muted. A wrong code uses up a try.
func (s *Service) ConfirmStaffVerification(ctx context.Context, in StaffConfirmation) (staff.SubAccount, error) {
	me, err := s.staff.Me(ctx)
	if err != nil {
		return me, err
	}
	var sub staff.SubAccount
	wrong := false
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		ok, err := s.useCode(ctx, in.CodeID, me.MainUserID, purposeStaffVerification+":"+me.ID, in.Code)
		if err != nil || !ok {
			wrong = !ok
			return err
		}
		sub, err = s.staff.CompleteVerification(ctx, in.VerificationInput)
		return err
	})
	if err == nil && wrong {
		err = errWrongCode()
	}
	return sub, err
}
