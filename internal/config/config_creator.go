package config

import "time"

// Creator holds the (default) numbers of SPEC §2.2–2.4 for creator
// accounts and their certification.
type Creator struct {
	// NameChangeInterval is how long a creator account waits between two
	// name changes (default 30 days).
	NameChangeInterval time.Duration
	// MinAge is the age an individual subject must have reached (18).
	MinAge int
	// CertificationValidity is how long an approved certification lasts.
	CertificationValidity time.Duration
}

func creatorDefaults() Creator {
	return Creator{
		NameChangeInterval:    30 * 24 * time.Hour,
		MinAge:                18,
		CertificationValidity: 365 * 24 * time.Hour,
	}
}

func creatorSettings() []setting {
	return []setting{
		{flag: "name-change-interval", env: "HELIO_NAME_CHANGE_INTERVAL", usage: "time between two creator account name changes",
			set: durationSetter(func(c *Config, d time.Duration) { c.Creator.NameChangeInterval = d })},
		{flag: "min-age", env: "HELIO_MIN_AGE", usage: "age an individual must have reached to open a creator account",
			set: uintSetter(1, 150, func(c *Config, n uint64) { c.Creator.MinAge = int(n) })},
		{flag: "certification-validity", env: "HELIO_CERTIFICATION_VALIDITY", usage: "how long an approved certification lasts",
			set: durationSetter(func(c *Config, d time.Duration) { c.Creator.CertificationValidity = d })},
	}
}
