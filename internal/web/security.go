package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/i18n"
)

// The console's login-security pages: the step-up page of the log-in, the
// security centre, and the forgot-password and forgot-account pages.

// stepUpLocation is the step-up page of a challenge, or "" when err is not
// a step-up.
func stepUpLocation(err error, next string) string {
	e := apperr.From(err)
	id, _ := e.Details["challenge_id"].(string)
	if e.Code != apperr.StepUpRequired || id == "" {
		return ""
	}
	return "/login/verify?challenge=" + url.QueryEscape(id) + "&next=" + url.QueryEscape(next)
}

// verifyData is the step-up page.
type verifyData struct {
	Challenge     string
	Next          string
	Methods       map[string]bool
	ResendSeconds int
	// Password asks for the password with the code: the account is under
	// a password-guessing flood, so the password is checked after the code.
	Password bool
	// DevCodes says the demo writes codes to the server's log.
	DevCodes bool
}

func (c *Console) verifyPage(w http.ResponseWriter, r *http.Request) {
	flash := ""
	if r.URL.Query().Get("accepted") != "" {
		// Double verification: one method passed, another is still due.
		flash = i18n.T("That code is accepted. Your account has double verification on, so confirm once more with another way below.").
			In(i18n.FromContext(r.Context()))
	}
	c.renderVerify(w, r, r.URL.Query().Get("challenge"), safeNext(r.URL.Query().Get("next")), flash, nil)
}

// renderVerify shows the methods the challenge still offers, with flash
// or the error of the last answer.
func (c *Console) renderVerify(w http.ResponseWriter, r *http.Request, challenge, next, flash string, failure error) {
	p := page{Title: "Confirm it is you", Flash: flash}
	methods, password, err := c.deps.Auth.ChallengeMethods(r.Context(), challenge)
	if err != nil {
		c.fail(w, r, "verify.html", p, err)
		return
	}
	d := verifyData{Challenge: challenge, Next: next, Methods: map[string]bool{}, Password: password,
		ResendSeconds: int(c.deps.Auth.ResendInterval().Seconds()), DevCodes: c.deps.DevCodes}
	for _, m := range methods {
		d.Methods[m] = true
	}
	p.Data = d
	if failure != nil {
		c.fail(w, r, "verify.html", p, failure)
		return
	}
	c.render(w, r, http.StatusOK, "verify.html", p)
}

func (c *Console) verify(w http.ResponseWriter, r *http.Request) {
	challenge, next, method := r.PostFormValue("challenge"), safeNext(r.PostFormValue("next")), r.PostFormValue("method")
	// Each method's form names its code field, so an error lands next to it.
	field := map[string]string{auth.MethodTOTP: "totp_code", auth.MethodRecoveryCode: "recovery_code"}[method]
	if field == "" {
		field = "code"
	}
	g, err := c.deps.Auth.Verify(r.Context(), auth.Verification{ChallengeID: challenge, Method: method,
		Code: strings.TrimSpace(r.PostFormValue(field)), Password: r.PostFormValue("password"), DeviceToken: deviceToken(r)})
	if loc := stepUpLocation(err, next); loc != "" {
		http.Redirect(w, r, loc+"&accepted="+url.QueryEscape(method), http.StatusSeeOther)
		return
	}
	if e := apperr.From(err); err != nil && e.Fields["code"].Format != "" {
		err = &apperr.Error{Code: e.Code, Fields: map[string]i18n.Text{field: e.Fields["code"]}}
	}
	if err != nil {
		c.renderVerify(w, r, challenge, next, "", err)
		return
	}
	c.grant(w, r, g, next)
}

func (c *Console) resend(w http.ResponseWriter, r *http.Request) {
	challenge, next := r.PostFormValue("challenge"), safeNext(r.PostFormValue("next"))
	to, err := c.deps.Auth.ResendCode(r.Context(), challenge)
	flash := ""
	if err == nil {
		flash = i18n.T("A new code was sent to %s.", to).In(i18n.FromContext(r.Context()))
	}
	c.renderVerify(w, r, challenge, next, flash, err)
}

// securityData is the security centre.
type securityData struct {
	Settings auth.Settings
	TOTP     bool
	Passkeys []auth.Passkey
	Devices  []auth.Device
	Sessions []auth.SessionInfo
	// Enrolment is a TOTP set-up waiting for its first code.
	Enrolment *auth.TOTPEnrolment
	QR        template.HTML
	// RecoveryCodes are shown once, right after TOTP is turned on.
	RecoveryCodes []string
}

func (c *Console) security(w http.ResponseWriter, r *http.Request) {
	c.renderSecurity(w, r, securityData{}, "", nil)
}

// renderSecurity loads the security centre around d (which may carry an
// enrolment or recovery codes) and shows it with flash or failure.
func (c *Console) renderSecurity(w http.ResponseWriter, r *http.Request, d securityData, flash string, failure error) {
	ctx := r.Context()
	p := page{Title: "Security", Flash: flash}
	var err error
	d.Settings, err = c.deps.Auth.FindSettings(ctx)
	if err == nil {
		d.TOTP, err = c.deps.Auth.TOTPEnabled(ctx)
	}
	if err == nil {
		d.Passkeys, err = c.deps.Auth.FindPasskeys(ctx)
	}
	if err == nil {
		d.Devices, err = c.deps.Auth.FindDevices(ctx)
	}
	if err == nil {
		d.Sessions, err = c.deps.Auth.FindSessions(ctx)
	}
	if err != nil {
		c.fail(w, r, "security.html", p, err)
		return
	}
	if d.Enrolment != nil {
		// The SVG is drawn by auth from a QR matrix: no input reaches it.
		d.QR = template.HTML(d.Enrolment.QRSVG)
	}
	p.Data = d
	if failure != nil {
		c.fail(w, r, "security.html", p, failure)
		return
	}
	c.render(w, r, http.StatusOK, "security.html", p)
}

// securityAction runs one change of the security centre and shows the
// centre again with a confirmation or the refusal.
func (c *Console) securityAction(w http.ResponseWriter, r *http.Request, done i18n.Text, act func() error) {
	if err := act(); err != nil {
		c.renderSecurity(w, r, securityData{}, "", err)
		return
	}
	c.renderSecurity(w, r, securityData{}, done.In(i18n.FromContext(r.Context())), nil)
}

func (c *Console) saveSettings(w http.ResponseWriter, r *http.Request) {
	on := func(name string) bool { return r.PostFormValue(name) == "on" }
	c.securityAction(w, r, i18n.T("Your security settings are saved."), func() error {
		_, err := c.deps.Auth.UpdateSettings(r.Context(), auth.Settings{NewDeviceVerification: on("new_device_verification"),
			RemoteLoginAlert: on("remote_login_alert"), DoubleVerification: on("double_verification"),
			VerifyEveryLogin: on("verify_every_login")})
		return err
	})
}

func (c *Console) startTOTP(w http.ResponseWriter, r *http.Request) {
	e, err := c.deps.Auth.StartTOTP(r.Context())
	if err != nil {
		c.renderSecurity(w, r, securityData{}, "", err)
		return
	}
	c.renderSecurity(w, r, securityData{Enrolment: &e}, "", nil)
}

func (c *Console) confirmTOTP(w http.ResponseWriter, r *http.Request) {
	codes, err := c.deps.Auth.ConfirmTOTP(r.Context(), strings.TrimSpace(r.PostFormValue("code")))
	if err != nil {
		// A wrong code keeps the set-up on the page, its field marked.
		d := securityData{}
		if e, perr := c.deps.Auth.PendingTOTP(r.Context()); perr == nil {
			d.Enrolment = &e
		}
		c.renderSecurity(w, r, d, "", err)
		return
	}
	c.renderSecurity(w, r, securityData{RecoveryCodes: codes},
		i18n.T("Your authenticator app is on.").In(i18n.FromContext(r.Context())), nil)
}

func (c *Console) deleteTOTP(w http.ResponseWriter, r *http.Request) {
	c.securityAction(w, r, i18n.T("Your authenticator app is off."), func() error {
		return c.deps.Auth.DeleteTOTP(r.Context(), strings.TrimSpace(r.PostFormValue("code")))
	})
}

func (c *Console) deletePasskey(w http.ResponseWriter, r *http.Request) {
	c.securityAction(w, r, i18n.T("The passkey is removed."), func() error {
		return c.deps.Auth.DeletePasskey(r.Context(), r.PathValue("id"))
	})
}

func (c *Console) deleteDevice(w http.ResponseWriter, r *http.Request) {
	c.securityAction(w, r, i18n.T("The device is removed and signed out."), func() error {
		return c.deps.Auth.DeleteDevice(r.Context(), r.PathValue("id"))
	})
}

func (c *Console) signOutSession(w http.ResponseWriter, r *http.Request) {
	c.securityAction(w, r, i18n.T("The session is signed out."), func() error {
		return c.deps.Auth.SignOut(r.Context(), r.PathValue("id"))
	})
}

func (c *Console) signOutOthers(w http.ResponseWriter, r *http.Request) {
	c.securityAction(w, r, i18n.T("Every other session is signed out."), func() error {
		_, err := c.deps.Auth.SignOutOthers(r.Context())
		return err
	})
}

// forgotData is the forgot-password page: the first step asks for the
// login, the second for the code and the new password.
type forgotData struct {
	ResetID string
	Done    bool
}

func (c *Console) forgotPasswordPage(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusOK, "forgot_password.html", page{Title: "Forgot password", Data: forgotData{}})
}

func (c *Console) forgotPassword(w http.ResponseWriter, r *http.Request) {
	form := map[string]string{"login": r.PostFormValue("login")}
	res, err := c.deps.Auth.StartPasswordReset(r.Context(), strings.TrimSpace(form["login"]))
	if err != nil {
		c.fail(w, r, "forgot_password.html", page{Title: "Forgot password", Form: form, Data: forgotData{}}, err)
		return
	}
	c.render(w, r, http.StatusOK, "forgot_password.html", page{Title: "Forgot password", Form: form,
		Data: forgotData{ResetID: res.ResetID}})
}

func (c *Console) resetPassword(w http.ResponseWriter, r *http.Request) {
	d := forgotData{ResetID: r.PostFormValue("reset_id")}
	p := page{Title: "Forgot password", Data: d}
	password := r.PostFormValue("password")
	if password != r.PostFormValue("password_confirm") {
		c.fail(w, r, "forgot_password.html", p, apperr.Field("password_confirm", "does not match the password"))
		return
	}
	err := c.deps.Auth.ConfirmPasswordReset(r.Context(), auth.ResetConfirmation{ResetID: d.ResetID,
		Code: strings.TrimSpace(r.PostFormValue("code")), Password: password})
	if err != nil {
		c.fail(w, r, "forgot_password.html", p, err)
		return
	}
	p.Data = forgotData{Done: true}
	c.render(w, r, http.StatusOK, "forgot_password.html", p)
}

// recoveryData is the forgot-account page.
type recoveryData struct {
	Asked    bool
	Contacts []string
}

func (c *Console) forgotAccountPage(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusOK, "forgot_account.html", page{Title: "Forgot account", Data: recoveryData{}})
}

func (c *Console) forgotAccount(w http.ResponseWriter, r *http.Request) {
	p := page{Title: "Forgot account", Data: recoveryData{}}
	res, err := c.deps.Auth.RecoverAccount(r.Context(), strings.TrimSpace(r.PostFormValue("id_number")))
	if err != nil {
		c.fail(w, r, "forgot_account.html", p, err)
		return
	}
	p.Data = recoveryData{Asked: true, Contacts: res.Contacts}
	c.render(w, r, http.StatusOK, "forgot_account.html", p)
}
