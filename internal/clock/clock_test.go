package clock

import (
	"testing"
	"time"
)

func TestFakeClock(t *testing.T) {
	start := time.Date(2026, 1, 1, 8, 0, 0, 123456789, time.FixedZone("CST", 8*3600))
	f := NewFake(start)
	if got := f.Now(); !got.Equal(start.Truncate(time.Microsecond)) || got.Location() != time.UTC {
		t.Fatalf("Now = %v", got)
	}
	f.Advance(90 * time.Minute)
	if got := f.Now().Sub(start.Truncate(time.Microsecond)); got != 90*time.Minute {
		t.Fatalf("advanced by %v", got)
	}
	if now := (System{}).Now(); now.Location() != time.UTC || now.Nanosecond()%1000 != 0 {
		t.Fatalf("system clock %v is not UTC microseconds", now)
	}
}
