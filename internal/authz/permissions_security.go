package authz

// The permissions of login security (SPEC §2.5, §3).
const (
	// ReadSecurity covers one's own security settings, devices, sessions
	// and passkeys.
	ReadSecurity Permission = "security.read"
	// UpdateSecurity covers changing them: settings, TOTP, passkeys,
	// removing devices, signing sessions out, the password and the phone.
	UpdateSecurity Permission = "security.update"
	// RecoverAccount covers the anonymous recovery flows: password reset by
	// code and account recovery by certification details.
	RecoverAccount Permission = "account.recover"
)

func init() {
	rules[ReadSecurity] = Rule{Describe: "see one's own security settings, devices, sessions and passkeys"}
	rules[UpdateSecurity] = Rule{Describe: "change one's own security settings, factors, devices and sessions"}
	rules[RecoverAccount] = Rule{Public: true, Describe: "reset a forgotten password or find a forgotten account"}
}
