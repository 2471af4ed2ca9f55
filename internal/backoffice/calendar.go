// Package backoffice holds the operators' review queue: one list over what
// the domains submit for review (the creator domain's certifications,
// capability applications and brand entries, and content), each with its
// SLA clock in working days.
// Deciding an item calls the owning domain's own review action.
package backoffice

import "time"

// chinaTime is the zone working days are counted in (UTC+8).
var chinaTime = time.FixedZone("CST", 8*3600)

// Calendar tells working days apart: Monday to Friday, except configured
// holidays, plus configured make-up working days on weekends.
type Calendar struct {
	holidays map[string]bool
	workdays map[string]bool
}

// NewCalendar returns a calendar with the given holidays and make-up days.
func NewCalendar(holidays, workdays []time.Time) Calendar {
	c := Calendar{holidays: map[string]bool{}, workdays: map[string]bool{}}
	for _, d := range holidays {
		c.holidays[d.Format(time.DateOnly)] = true
	}
	for _, d := range workdays {
		c.workdays[d.Format(time.DateOnly)] = true
	}
	return c
}

// IsWorkingDay reports whether the day of t (in China time) is a working day.
func (c Calendar) IsWorkingDay(t time.Time) bool {
	key := t.In(chinaTime).Format(time.DateOnly)
	if c.workdays[key] {
		return true
	}
	if c.holidays[key] {
		return false
	}
	wd := t.In(chinaTime).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Due returns when something received at t is due when it must be handled
// within n working days: the end of the n-th working day after the day of t.
func (c Calendar) Due(t time.Time, n int) time.Time {
	t = t.In(chinaTime)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, chinaTime)
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if c.IsWorkingDay(day) {
			n--
		}
	}
	return day.AddDate(0, 0, 1).UTC()
}
