package config

import (
	"fmt"
	"strings"
	"time"
)

// Channel holds the settings of channels and activities (SPEC §6.2, §6.3).
// Quotas and capacities are data operators edit, not settings.
type Channel struct {
	// Location is the platform's time zone: the day of a daily submission
	// quota starts at its midnight.
	Location *time.Location
	// ClosingSoon is how close to its deadline an activity is badged
	// "closing soon".
	ClosingSoon time.Duration
	// CreativeWindow is how far back the creative centre's heat index and
	// persona coverage count engagement.
	CreativeWindow time.Duration
}

func channelDefaults() Channel {
	return Channel{Location: time.FixedZone("UTC+08:00", 8*3600), ClosingSoon: 48 * time.Hour, CreativeWindow: 7 * 24 * time.Hour}
}

// parseLocation reads a time zone as an offset (+08:00, -05:30) or an IANA
// name (Asia/Shanghai).
func parseLocation(v string) (*time.Location, error) {
	if strings.HasPrefix(v, "+") || strings.HasPrefix(v, "-") {
		t, err := time.Parse("-07:00", v)
		if err != nil {
			return nil, fmt.Errorf("want an offset such as +08:00, got %q", v)
		}
		_, offset := t.Zone()
		return time.FixedZone("UTC"+v, offset), nil
	}
	return time.LoadLocation(v)
}

func channelSettings() []setting {
	return []setting{
		{flag: "channel-time-zone", env: "HELIO_CHANNEL_TIME_ZONE",
			usage: "the platform's time zone for daily channel quotas: an offset such as +08:00 or a name such as Asia/Shanghai",
			set: func(c *Config, v string) error {
				loc, err := parseLocation(v)
				c.Channel.Location = loc
				return err
			}},
		{flag: "activity-closing-soon", env: "HELIO_ACTIVITY_CLOSING_SOON", usage: "how close to its deadline an activity is badged closing soon (e.g. 48h)",
			set: durationSetter(func(c *Config, d time.Duration) { c.Channel.ClosingSoon = d })},
		{flag: "creative-window", env: "HELIO_CREATIVE_WINDOW", usage: "how far back hot-topic heat and persona coverage count engagement (e.g. 168h)",
			set: durationSetter(func(c *Config, d time.Duration) { c.Channel.CreativeWindow = d })},
	}
}
