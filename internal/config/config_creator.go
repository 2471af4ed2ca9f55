package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Creator holds the (default) numbers of SPEC §2.2–2.4 and §11 for creator
// accounts, certification, media uploads and the review queue.
type Creator struct {
	// NameChangeInterval is how long a creator account waits between two
	// name changes (default 30 days).
	NameChangeInterval time.Duration
	// MinAge is the age an individual subject must have reached (18).
	MinAge int
	// CertificationValidity is how long an approved certification lasts.
	CertificationValidity time.Duration
	// ImageMaxBytes and VideoMaxBytes bound uploads; documents count as images.
	ImageMaxBytes int64
	VideoMaxBytes int64
	// ReviewSLA is the target in working days per review kind.
	ReviewSLA map[string]int
	// Holidays are dates (UTC) that are not working days.
	Holidays []time.Time
	// Workdays are weekend dates that are working days (make-up days).
	Workdays []time.Time
	// SubAccountVerifyWithin is how long a new or renewed sub-account has
	// to pass real-person verification before it is restricted (7 days).
	SubAccountVerifyWithin time.Duration
	// SubscriptionPushesPerDay bounds pushes to the subscription channel
	// per account in 24 hours (SPEC §5.2, default 1).
	SubscriptionPushesPerDay int
}

func creatorDefaults() Creator {
	return Creator{
		NameChangeInterval:       30 * 24 * time.Hour,
		MinAge:                   18,
		CertificationValidity:    365 * 24 * time.Hour,
		ImageMaxBytes:            5 << 20,
		VideoMaxBytes:            200 << 20,
		SubscriptionPushesPerDay: 1,
		SubAccountVerifyWithin:   7 * 24 * time.Hour,
		ReviewSLA:                map[string]int{"certification": 3, "capability": 3, "brand_entry": 5},
	}
}

func creatorSettings() []setting {
	return []setting{
		{flag: "sub-account-verify-within", env: "HELIO_SUB_ACCOUNT_VERIFY_WITHIN", usage: "time a sub-account has to pass real-person verification",
			set: durationSetter(func(c *Config, d time.Duration) { c.Creator.SubAccountVerifyWithin = d })},
		{flag: "name-change-interval", env: "HELIO_NAME_CHANGE_INTERVAL", usage: "time between two creator account name changes",
			set: durationSetter(func(c *Config, d time.Duration) { c.Creator.NameChangeInterval = d })},
		{flag: "min-age", env: "HELIO_MIN_AGE", usage: "age an individual must have reached to open a creator account",
			set: uintSetter(1, 150, func(c *Config, n uint64) { c.Creator.MinAge = int(n) })},
		{flag: "certification-validity", env: "HELIO_CERTIFICATION_VALIDITY", usage: "how long an approved certification lasts",
			set: durationSetter(func(c *Config, d time.Duration) { c.Creator.CertificationValidity = d })},
		{flag: "subscription-pushes-per-day", env: "HELIO_SUBSCRIPTION_PUSHES_PER_DAY", usage: "pushes to the subscription channel per account in 24 hours",
			set: uintSetter(1, 100, func(c *Config, n uint64) { c.Creator.SubscriptionPushesPerDay = int(n) })},
		{flag: "image-max-bytes", env: "HELIO_IMAGE_MAX_BYTES", usage: "largest image or document upload in bytes",
			set: byteSetter(func(c *Config, n int64) { c.Creator.ImageMaxBytes = n })},
		{flag: "video-max-bytes", env: "HELIO_VIDEO_MAX_BYTES", usage: "largest video upload in bytes",
			set: byteSetter(func(c *Config, n int64) { c.Creator.VideoMaxBytes = n })},
		{flag: "review-sla", env: "HELIO_REVIEW_SLA", usage: "working days per review kind, such as certification=3,capability=3",
			set: func(c *Config, v string) error {
				m := map[string]int{}
				for _, part := range strings.Split(v, ",") {
					k, n, ok := strings.Cut(strings.TrimSpace(part), "=")
					days, err := strconv.Atoi(n)
					if !ok || k == "" || err != nil || days < 1 {
						return errors.New("want kind=days pairs separated by commas")
					}
					m[k] = days
				}
				c.Creator.ReviewSLA = m
				return nil
			}},
		{flag: "holidays", env: "HELIO_HOLIDAYS", usage: "dates that are not working days, such as 2026-05-01,2026-05-04",
			set: dateListSetter(func(c *Config, ds []time.Time) { c.Creator.Holidays = ds })},
		{flag: "workdays", env: "HELIO_WORKDAYS", usage: "weekend dates that are working days",
			set: dateListSetter(func(c *Config, ds []time.Time) { c.Creator.Workdays = ds })},
	}
}

func byteSetter(f func(*Config, int64)) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 {
			return errors.New("want a number of bytes, at least 1024")
		}
		f(c, n)
		return nil
	}
}

func dateListSetter(f func(*Config, []time.Time)) func(*Config, string) error {
	return func(c *Config, v string) error {
		var out []time.Time
		for _, s := range strings.Split(v, ",") {
			d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
			if err != nil {
				return fmt.Errorf("want dates such as 2026-05-01 separated by commas (%q)", s)
			}
			out = append(out, d)
		}
		f(c, out)
		return nil
	}
}
