package config

// Feed holds the numbers of follower feeds (SPEC §6.1): where fan-out on
// write gives way to fan-out on read, and how the fan-out jobs work.
type Feed struct {
	// ReadThreshold is the follower count from which an account's pushes
	// are merged into feeds when read instead of copied into every
	// follower's inbox (default 10,000).
	ReadThreshold int
	// FanoutBatch is how many followers' inboxes one fan-out job fills.
	FanoutBatch int
	// Backfill is how many recent pushes of an account a new follower's
	// inbox receives at once.
	Backfill int
}

func feedDefaults() Feed {
	return Feed{ReadThreshold: 10000, FanoutBatch: 1000, Backfill: 20}
}

func feedSettings() []setting {
	return []setting{
		{flag: "feed-read-threshold", env: "HELIO_FEED_READ_THRESHOLD",
			usage: "followers from which an account's pushes are merged into feeds at read time instead of fanned out",
			set:   uintSetter(1, 1<<31-1, func(c *Config, n uint64) { c.Feed.ReadThreshold = int(n) })},
		{flag: "feed-fanout-batch", env: "HELIO_FEED_FANOUT_BATCH", usage: "followers' inboxes filled by one fan-out job",
			set: uintSetter(1, 10000, func(c *Config, n uint64) { c.Feed.FanoutBatch = int(n) })},
		{flag: "feed-backfill", env: "HELIO_FEED_BACKFILL", usage: "recent pushes copied into a new follower's feed",
			set: uintSetter(0, 1000, func(c *Config, n uint64) { c.Feed.Backfill = int(n) })},
	}
}
