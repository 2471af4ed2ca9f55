package config

import "time"

// Level holds the numbers of the level recompute (SPEC §7). The scores'
// weights, windows and thresholds are rule tables operators edit, not
// settings.
type Level struct {
	// BatchSize is how many accounts one recompute job computes.
	BatchSize int
	// DailyAt is when, after midnight UTC, the daily recompute starts.
	DailyAt time.Duration
}

func levelDefaults() Level {
	return Level{BatchSize: 500, DailyAt: 3 * time.Hour}
}

func levelSettings() []setting {
	return []setting{
		{flag: "level-batch", env: "HELIO_LEVEL_BATCH", usage: "accounts one level recompute job computes",
			set: uintSetter(1, 10000, func(c *Config, n uint64) { c.Level.BatchSize = int(n) })},
		{flag: "level-daily-at", env: "HELIO_LEVEL_DAILY_AT", usage: "time after midnight UTC of the daily level recompute (e.g. 3h)",
			set: durationSetter(func(c *Config, d time.Duration) { c.Level.DailyAt = d })},
	}
}
