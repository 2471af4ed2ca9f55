package config

// Commission holds the settings of affiliate commission (SPEC §9). The
// commission numbers themselves (splits, windows, the below-level policy)
// are rows of the versioned commission rule table, edited by operators.
type Commission struct {
	// Sandbox turns on synthetic orders whose money stays in sandbox
	// accounts (HELIO_SANDBOX).
	Sandbox bool
	// SettlementBatch is how many order lines one settlement transaction
	// moves.
	SettlementBatch int
}

func commissionDefaults() Commission {
	return Commission{SettlementBatch: 200}
}

func commissionSettings() []setting {
	return []setting{
		boolSetting("sandbox", "HELIO_SANDBOX", "allow synthetic sandbox orders (their money never mixes with real balances)",
			func(c *Config, b bool) { c.Commission.Sandbox = b }),
		{flag: "settlement-batch", env: "HELIO_SETTLEMENT_BATCH", usage: "order lines one settlement transaction moves",
			set: uintSetter(1, 10000, func(c *Config, n uint64) { c.Commission.SettlementBatch = int(n) })},
	}
}
