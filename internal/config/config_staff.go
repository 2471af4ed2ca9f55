package config

import "time"

// Staff holds the (default) numbers of sub-accounts (SPEC §4.2).
type Staff struct {
	// SubAccountVerifyWithin is how long a new or renewed sub-account has
	// to pass real-person verification before it is restricted (7 days).
	SubAccountVerifyWithin time.Duration
}

func staffDefaults() Staff {
	return Staff{SubAccountVerifyWithin: 7 * 24 * time.Hour}
}

func staffSettings() []setting {
	return []setting{
		{flag: "sub-account-verify-within", env: "HELIO_SUB_ACCOUNT_VERIFY_WITHIN", usage: "time a sub-account has to pass real-person verification",
			set: durationSetter(func(c *Config, d time.Duration) { c.Staff.SubAccountVerifyWithin = d })},
	}
}
