package config

import (
	"fmt"
	"time"
)

// minIdempotencyTTL is API.md's floor: keys live at least 24 hours.
const minIdempotencyTTL = 24 * time.Hour

func idempotencySettings() []setting {
	return []setting{
		{flag: "idempotency-ttl", env: "HELIO_IDEMPOTENCY_TTL", usage: "how long an Idempotency-Key and its answer are kept (at least 24h)",
			set: checkIdempotencyTTL},
	}
}

// checkIdempotencyTTL refuses a key life below API.md's 24 hours.
func checkIdempotencyTTL(c *Config, v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d < minIdempotencyTTL {
		return fmt.Errorf("want a duration of at least %s", minIdempotencyTTL)
	}
	c.IdempotencyTTL = d
	return nil
}
