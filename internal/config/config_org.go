package config

import "time"

// Org holds the numbers of organizations (SPEC §10).
type Org struct {
	// Notice is how long a binding stays in force after notice to unbind.
	Notice time.Duration
}

func orgDefaults() Org {
	return Org{Notice: 30 * 24 * time.Hour}
}

func orgSettings() []setting {
	return []setting{
		{flag: "org-notice", env: "HELIO_ORG_NOTICE", usage: "how long an organization binding stays in force after notice to unbind (e.g. 720h)",
			set: durationSetter(func(c *Config, d time.Duration) { c.Org.Notice = d })},
	}
}
