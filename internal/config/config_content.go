package config

import "time"

// Content holds the (default) numbers of content management (SPEC §5).
type Content struct {
	// SubscriptionPushesPerDay bounds pushes to the subscription channel
	// per account in 24 hours (SPEC §5.2, default 1).
	SubscriptionPushesPerDay int
	// CountFlush is how often a replica writes the views and product
	// clicks it has counted in memory (default 1 s); a crash loses at
	// most this much of them.
	CountFlush time.Duration
}

func contentDefaults() Content {
	return Content{SubscriptionPushesPerDay: 1, CountFlush: time.Second}
}

func contentSettings() []setting {
	return []setting{
		{flag: "subscription-pushes-per-day", env: "HELIO_SUBSCRIPTION_PUSHES_PER_DAY", usage: "pushes to the subscription channel per account in 24 hours",
			set: uintSetter(1, 100, func(c *Config, n uint64) { c.Content.SubscriptionPushesPerDay = int(n) })},
		{flag: "count-flush", env: "HELIO_COUNT_FLUSH", usage: "how often a replica writes the content views and product clicks it counted in memory; a crash loses at most this much of them",
			set: durationSetter(func(c *Config, d time.Duration) { c.Content.CountFlush = d })},
	}
}
