package config

// Content holds the (default) numbers of content management (SPEC §5).
type Content struct {
	// SubscriptionPushesPerDay bounds pushes to the subscription channel
	// per account in 24 hours (SPEC §5.2, default 1).
	SubscriptionPushesPerDay int
}

func contentDefaults() Content {
	return Content{SubscriptionPushesPerDay: 1}
}

func contentSettings() []setting {
	return []setting{
		{flag: "subscription-pushes-per-day", env: "HELIO_SUBSCRIPTION_PUSHES_PER_DAY", usage: "pushes to the subscription channel per account in 24 hours",
			set: uintSetter(1, 100, func(c *Config, n uint64) { c.Content.SubscriptionPushesPerDay = int(n) })},
	}
}
