package config

import "time"

// Export holds the numbers of export jobs (SPEC §12).
type Export struct {
	// Batch is how many contents, entries or events one part of a file reads.
	Batch int
	// Retention is how long a finished export file is kept.
	Retention time.Duration
}

func exportDefaults() Export {
	return Export{Batch: 100, Retention: 7 * 24 * time.Hour}
}

func exportSettings() []setting {
	return []setting{
		{flag: "export-batch", env: "HELIO_EXPORT_BATCH", usage: "contents, ledger entries or audit events one part of an export reads",
			set: uintSetter(1, 100, func(c *Config, n uint64) { c.Export.Batch = int(n) })},
		{flag: "export-retention", env: "HELIO_EXPORT_RETENTION", usage: "how long a finished export file is kept (e.g. 168h)",
			set: durationSetter(func(c *Config, d time.Duration) { c.Export.Retention = d })},
	}
}
