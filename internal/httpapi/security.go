package httpapi

import (
	"context"
	"net/http"

	"github.com/go-webauthn/webauthn/protocol"

	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/authz"
)

// The login-security surface (SPEC §2.5, §3): step-up challenges, security
// settings, TOTP, passkeys, devices and sessions, and recovery.

type verifyInput struct {
	DeviceCookie string `cookie:"helio_device_token" doc:"The console's device token, used when the body has none."`
	Body         auth.Verification
}

type challengeIDInput struct {
	ID string `path:"id"`
}

// CodeSent says where a one-time code went (masked).
type CodeSent struct {
	SentTo string `json:"sent_to"`
}

type codeSentOutput struct {
	Body CodeSent
}

type assertionOutput struct {
	Body *protocol.CredentialAssertion
}

type settingsInput struct {
	Body auth.Settings
}

type settingsOutput struct {
	Body auth.Settings
}

type sessionsOutput struct {
	Body List[auth.SessionInfo]
}

type devicesOutput struct {
	Body List[auth.Device]
}

type idInput struct {
	ID string `path:"id"`
}

// SignedOut counts the sessions a sign-out ended.
type SignedOut struct {
	Ended int `json:"ended"`
}

type signedOutOutput struct {
	Body SignedOut
}

type totpOutput struct {
	Body auth.TOTPEnrolment
}

// CodeBody carries one code.
type CodeBody struct {
	Code string `json:"code" minLength:"1" maxLength:"32"`
}

type codeInput struct {
	Body CodeBody
}

// RecoveryCodes are shown once, when TOTP is turned on.
type RecoveryCodes struct {
	RecoveryCodes []string `json:"recovery_codes"`
}

type recoveryCodesOutput struct {
	Body RecoveryCodes
}

type creationOutput struct {
	Body *protocol.CredentialCreation
}

// PasskeyFinish names a new passkey and carries the browser's credential.
type PasskeyFinish struct {
	Name       string         `json:"name"`
	Credential map[string]any `json:"credential"`
}

type passkeyFinishInput struct {
	Body PasskeyFinish
}

type passkeyOutput struct {
	Body auth.Passkey
}

type passkeysOutput struct {
	Body List[auth.Passkey]
}

// PasswordChange carries the current and the new password.
type PasswordChange struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

type passwordChangeInput struct {
	Body PasswordChange
}

// ResetRequest names the account whose password is forgotten.
type ResetRequest struct {
	Login string `json:"login"`
}

type resetInput struct {
	Body ResetRequest
}

type resetOutput struct {
	Body auth.PasswordReset
}

type resetConfirmInput struct {
	Body auth.ResetConfirmation
}

// RecoveryRequest carries the certification details of a forgotten account.
type RecoveryRequest struct {
	IDNumber string `json:"id_number" doc:"the ID or licence number the account was certified with"`
}

type recoveryInput struct {
	Body RecoveryRequest
}

type recoveryOutput struct {
	Body auth.AccountRecovery
}

// PhoneRequest names the new phone number.
type PhoneRequest struct {
	Phone string `json:"phone"`
}

type phoneInput struct {
	Body PhoneRequest
}

type phoneOutput struct {
	Body auth.PhoneChange
}

// PhoneConfirmation carries the codes sent to the old factor and the new
// number.
type PhoneConfirmation struct {
	OldCode string `json:"old_code"`
	NewCode string `json:"new_code"`
}

type phoneConfirmInput struct {
	Body PhoneConfirmation
}

func (a *API) registerSecurity() {
	a.registerStepUp()
	a.registerSessionList()
	a.registerFactors()
	a.registerRecovery()
}

func (a *API) registerStepUp() {
	handle(a, Route{OperationID: "verify-log-in", Method: http.MethodPost, Path: "/sessions/verify", Permission: authz.LogIn,
		Summary: "Answer a step-up challenge; opens the session once it is satisfied", Status: http.StatusCreated},
		func(ctx context.Context, in *verifyInput) (*sessionOutput, error) {
			in.Body.DeviceToken = orCookie(in.Body.DeviceToken, in.DeviceCookie)
			g, err := a.deps.Auth.Verify(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return a.grantedOutput(g), nil
		})
	handle(a, Route{OperationID: "resend-challenge-code", Method: http.MethodPost, Path: "/sessions/challenges/{id}/resend",
		Permission: authz.LogIn, Summary: "Send another code for a step-up challenge (rate-limited)", Status: http.StatusAccepted},
		func(ctx context.Context, in *challengeIDInput) (*codeSentOutput, error) {
			to, err := a.deps.Auth.ResendCode(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &codeSentOutput{Body: CodeSent{SentTo: to}}, nil
		})
	handle(a, Route{OperationID: "challenge-webauthn", Method: http.MethodGet, Path: "/sessions/challenges/{id}/webauthn",
		Permission: authz.LogIn, Summary: "Passkey assertion options for a step-up challenge"},
		func(ctx context.Context, in *challengeIDInput) (*assertionOutput, error) {
			opts, err := a.deps.Auth.ChallengeWebAuthn(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &assertionOutput{Body: opts}, nil
		})
}

func (a *API) registerSessionList() {
	handle(a, Route{OperationID: "list-sessions", Method: http.MethodGet, Path: "/sessions", Permission: authz.ReadSecurity,
		Summary: "My signed-in sessions with device, region and last use"},
		func(ctx context.Context, _ *struct{}) (*sessionsOutput, error) {
			items, err := a.deps.Auth.FindSessions(ctx)
			if err != nil {
				return nil, err
			}
			return &sessionsOutput{Body: newList(items, "")}, nil
		})
	handle(a, Route{OperationID: "sign-out-others", Method: http.MethodDelete, Path: "/sessions/others",
		Permission: authz.UpdateSecurity, Summary: "Sign out every session but this one"},
		func(ctx context.Context, _ *struct{}) (*signedOutOutput, error) {
			n, err := a.deps.Auth.SignOutOthers(ctx)
			if err != nil {
				return nil, err
			}
			return &signedOutOutput{Body: SignedOut{Ended: n}}, nil
		})
	handle(a, Route{OperationID: "sign-out-session", Method: http.MethodDelete, Path: "/sessions/{id}",
		Permission: authz.UpdateSecurity, Summary: "Sign one of my sessions out", Status: http.StatusNoContent},
		func(ctx context.Context, in *idInput) (*struct{}, error) {
			return nil, a.deps.Auth.SignOut(ctx, in.ID)
		})
	handle(a, Route{OperationID: "list-devices", Method: http.MethodGet, Path: "/me/devices", Permission: authz.ReadSecurity,
		Summary: "My known devices"},
		func(ctx context.Context, _ *struct{}) (*devicesOutput, error) {
			items, err := a.deps.Auth.FindDevices(ctx)
			if err != nil {
				return nil, err
			}
			return &devicesOutput{Body: newList(items, "")}, nil
		})
	handle(a, Route{OperationID: "delete-device", Method: http.MethodDelete, Path: "/me/devices/{id}",
		Permission: authz.UpdateSecurity, Summary: "Forget a known device and sign it out", Status: http.StatusNoContent},
		func(ctx context.Context, in *idInput) (*struct{}, error) {
			return nil, a.deps.Auth.DeleteDevice(ctx, in.ID)
		})
	handle(a, Route{OperationID: "get-security", Method: http.MethodGet, Path: "/me/security", Permission: authz.ReadSecurity,
		Summary: "My security settings"},
		func(ctx context.Context, _ *struct{}) (*settingsOutput, error) {
			set, err := a.deps.Auth.FindSettings(ctx)
			if err != nil {
				return nil, err
			}
			return &settingsOutput{Body: set}, nil
		})
	handle(a, Route{OperationID: "put-security", Method: http.MethodPut, Path: "/me/security", Permission: authz.UpdateSecurity,
		Summary: "Change my security settings"},
		func(ctx context.Context, in *settingsInput) (*settingsOutput, error) {
			set, err := a.deps.Auth.UpdateSettings(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &settingsOutput{Body: set}, nil
		})
	handle(a, Route{OperationID: "change-password", Method: http.MethodPut, Path: "/me/password", Permission: authz.UpdateSecurity,
		Summary: "Change my password; signs out every other session", Status: http.StatusNoContent},
		func(ctx context.Context, in *passwordChangeInput) (*struct{}, error) {
			return nil, a.deps.Auth.ChangePassword(ctx, in.Body.CurrentPassword, in.Body.NewPassword)
		})
}

func (a *API) registerFactors() {
	handle(a, Route{OperationID: "start-totp", Method: http.MethodPost, Path: "/me/totp", Permission: authz.UpdateSecurity,
		Summary: "Start setting up an authenticator app (TOTP)", Status: http.StatusCreated},
		func(ctx context.Context, _ *struct{}) (*totpOutput, error) {
			e, err := a.deps.Auth.StartTOTP(ctx)
			if err != nil {
				return nil, err
			}
			return &totpOutput{Body: e}, nil
		})
	handle(a, Route{OperationID: "confirm-totp", Method: http.MethodPost, Path: "/me/totp/confirm", Permission: authz.UpdateSecurity,
		Summary: "Turn TOTP on with its first code; answers the recovery codes, shown once"},
		func(ctx context.Context, in *codeInput) (*recoveryCodesOutput, error) {
			codes, err := a.deps.Auth.ConfirmTOTP(ctx, in.Body.Code)
			if err != nil {
				return nil, err
			}
			return &recoveryCodesOutput{Body: RecoveryCodes{RecoveryCodes: codes}}, nil
		})
	handle(a, Route{OperationID: "delete-totp", Method: http.MethodDelete, Path: "/me/totp", Permission: authz.UpdateSecurity,
		Summary: "Turn TOTP off (needs a current code or a recovery code)", Status: http.StatusNoContent},
		func(ctx context.Context, in *codeInput) (*struct{}, error) {
			return nil, a.deps.Auth.DeleteTOTP(ctx, in.Body.Code)
		})
	handle(a, Route{OperationID: "start-passkey", Method: http.MethodPost, Path: "/me/webauthn/registrations",
		Permission: authz.UpdateSecurity, Summary: "Passkey creation options"},
		func(ctx context.Context, _ *struct{}) (*creationOutput, error) {
			c, err := a.deps.Auth.StartPasskey(ctx)
			if err != nil {
				return nil, err
			}
			return &creationOutput{Body: c}, nil
		})
	handle(a, Route{OperationID: "finish-passkey", Method: http.MethodPost, Path: "/me/webauthn/registrations/finish",
		Permission: authz.UpdateSecurity, Summary: "Register the browser's new passkey under a name", Status: http.StatusCreated},
		func(ctx context.Context, in *passkeyFinishInput) (*passkeyOutput, error) {
			p, err := a.deps.Auth.FinishPasskey(ctx, in.Body.Name, in.Body.Credential)
			if err != nil {
				return nil, err
			}
			return &passkeyOutput{Body: p}, nil
		})
	handle(a, Route{OperationID: "list-passkeys", Method: http.MethodGet, Path: "/me/webauthn/credentials",
		Permission: authz.ReadSecurity, Summary: "My passkeys"},
		func(ctx context.Context, _ *struct{}) (*passkeysOutput, error) {
			items, err := a.deps.Auth.FindPasskeys(ctx)
			if err != nil {
				return nil, err
			}
			return &passkeysOutput{Body: newList(items, "")}, nil
		})
	handle(a, Route{OperationID: "delete-passkey", Method: http.MethodDelete, Path: "/me/webauthn/credentials/{id}",
		Permission: authz.UpdateSecurity, Summary: "Remove a passkey", Status: http.StatusNoContent},
		func(ctx context.Context, in *idInput) (*struct{}, error) {
			return nil, a.deps.Auth.DeletePasskey(ctx, in.ID)
		})
	handle(a, Route{OperationID: "start-phone-change", Method: http.MethodPost, Path: "/me/phone", Permission: authz.UpdateSecurity,
		Summary: "Change the bound phone: codes go to the old factor and the new number", Status: http.StatusAccepted},
		func(ctx context.Context, in *phoneInput) (*phoneOutput, error) {
			pc, err := a.deps.Auth.StartPhoneChange(ctx, in.Body.Phone)
			if err != nil {
				return nil, err
			}
			return &phoneOutput{Body: pc}, nil
		})
	handle(a, Route{OperationID: "confirm-phone-change", Method: http.MethodPost, Path: "/me/phone/confirm",
		Permission: authz.UpdateSecurity, Summary: "Bind the new phone with both codes", Status: http.StatusNoContent},
		func(ctx context.Context, in *phoneConfirmInput) (*struct{}, error) {
			return nil, a.deps.Auth.ConfirmPhoneChange(ctx, in.Body.OldCode, in.Body.NewCode)
		})
}

func (a *API) registerRecovery() {
	handle(a, Route{OperationID: "start-password-reset", Method: http.MethodPost, Path: "/password-resets",
		Permission: authz.RecoverAccount, Summary: "Send a reset code to the bound phone or e-mail", Status: http.StatusAccepted},
		func(ctx context.Context, in *resetInput) (*resetOutput, error) {
			r, err := a.deps.Auth.StartPasswordReset(ctx, in.Body.Login)
			if err != nil {
				return nil, err
			}
			return &resetOutput{Body: r}, nil
		})
	handle(a, Route{OperationID: "confirm-password-reset", Method: http.MethodPost, Path: "/password-resets/confirm",
		Permission: authz.RecoverAccount, Summary: "Set a new password with the code; ends every session", Status: http.StatusNoContent},
		func(ctx context.Context, in *resetConfirmInput) (*struct{}, error) {
			return nil, a.deps.Auth.ConfirmPasswordReset(ctx, in.Body)
		})
	handle(a, Route{OperationID: "recover-account", Method: http.MethodPost, Path: "/account-recovery",
		Permission: authz.RecoverAccount, Summary: "Find an account by its certification details; answers masked contacts"},
		func(ctx context.Context, in *recoveryInput) (*recoveryOutput, error) {
			r, err := a.deps.Auth.RecoverAccount(ctx, in.Body.IDNumber)
			if err != nil {
				return nil, err
			}
			return &recoveryOutput{Body: r}, nil
		})
}
