package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Backoffice holds the review queue's targets (SPEC §2.4, §11) and its
// calendar of working days.
type Backoffice struct {
	// ReviewSLA is the target in working days per review kind.
	ReviewSLA map[string]int
	// Holidays are dates (UTC) that are not working days.
	Holidays []time.Time
	// Workdays are weekend dates that are working days (make-up days).
	Workdays []time.Time
}

func backofficeDefaults() Backoffice {
	return Backoffice{ReviewSLA: map[string]int{"certification": 3, "capability": 3, "brand_entry": 5, "appeal": 2}}
}

func backofficeSettings() []setting {
	return []setting{
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
				c.Backoffice.ReviewSLA = m
				return nil
			}},
		{flag: "holidays", env: "HELIO_HOLIDAYS", usage: "dates that are not working days, such as 2026-05-01,2026-05-04",
			set: dateListSetter(func(c *Config, ds []time.Time) { c.Backoffice.Holidays = ds })},
		{flag: "workdays", env: "HELIO_WORKDAYS", usage: "weekend dates that are working days",
			set: dateListSetter(func(c *Config, ds []time.Time) { c.Backoffice.Workdays = ds })},
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
