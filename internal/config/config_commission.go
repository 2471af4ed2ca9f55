package config

import (
	"errors"
	"strconv"
	"strings"
)

// Commission holds the settings of affiliate commission (SPEC §9). The
// commission numbers themselves (splits, windows, the settlement level)
// are rows of the versioned commission rule table, edited by operators.
type Commission struct {
	// Sandbox turns on synthetic orders whose money stays in sandbox
	// accounts (HELIO_SANDBOX).
	Sandbox bool
	// Levels are creator levels for the settlement gate until the levels
	// domain answers them: account id → level; every other account is L0.
	Levels map[string]int
	// SettlementBatch is how many order lines one settlement transaction
	// moves.
	SettlementBatch int
}

func commissionDefaults() Commission {
	return Commission{Levels: map[string]int{}, SettlementBatch: 200}
}

func commissionSettings() []setting {
	return []setting{
		boolSetting("sandbox", "HELIO_SANDBOX", "allow synthetic sandbox orders (their money never mixes with real balances)",
			func(c *Config, b bool) { c.Commission.Sandbox = b }),
		{flag: "commission-levels", env: "HELIO_COMMISSION_LEVELS",
			usage: "creator levels for the settlement gate as id=level,… (others are L0) until the levels domain answers them",
			set: func(c *Config, v string) error {
				levels := map[string]int{}
				for _, pair := range strings.Split(v, ",") {
					if pair = strings.TrimSpace(pair); pair == "" {
						continue
					}
					id, l, ok := strings.Cut(pair, "=")
					n, err := strconv.Atoi(l)
					if !ok || id == "" || err != nil || n < 0 || n > 6 {
						return errors.New("want id=level pairs with levels 0 to 6, separated by commas")
					}
					levels[id] = n
				}
				c.Commission.Levels = levels
				return nil
			}},
		{flag: "settlement-batch", env: "HELIO_SETTLEMENT_BATCH", usage: "order lines one settlement transaction moves",
			set: uintSetter(1, 10000, func(c *Config, n uint64) { c.Commission.SettlementBatch = int(n) })},
	}
}
