package backoffice

import (
	"testing"
	"time"
)

func date(s string) time.Time {
	t, _ := time.ParseInLocation(time.DateTime, s, chinaTime)
	return t
}

func TestDueCountsWorkingDays(t *testing.T) {
	// 2026-04-30 is a Thursday; 1 May (Friday) and 4–5 May are holidays,
	// Saturday 9 May is a make-up working day.
	cal := NewCalendar([]time.Time{date("2026-05-01 00:00:00"), date("2026-05-04 00:00:00"), date("2026-05-05 00:00:00")},
		[]time.Time{date("2026-05-09 00:00:00")})
	cases := []struct {
		from string
		days int
		want string
	}{
		{"2026-03-02 10:00:00", 1, "2026-03-04 00:00:00"}, // Monday → end of Tuesday
		{"2026-03-02 10:00:00", 3, "2026-03-06 00:00:00"}, // Monday → end of Thursday
		{"2026-03-06 18:00:00", 1, "2026-03-10 00:00:00"}, // Friday → end of Monday
		{"2026-03-07 12:00:00", 3, "2026-03-12 00:00:00"}, // Saturday → end of Wednesday
		{"2026-04-30 09:00:00", 1, "2026-05-07 00:00:00"}, // over the May holidays → end of Wednesday 6 May
		{"2026-05-08 09:00:00", 1, "2026-05-10 00:00:00"}, // the make-up Saturday counts
	}
	for _, c := range cases {
		if got := cal.Due(date(c.from), c.days); !got.Equal(date(c.want)) {
			t.Errorf("Due(%s, %d) = %s, want %s", c.from, c.days, got.In(chinaTime), c.want)
		}
	}
	if cal.IsWorkingDay(date("2026-05-01 12:00:00")) || !cal.IsWorkingDay(date("2026-05-09 12:00:00")) {
		t.Fatal("holiday or make-up day misread")
	}
}
