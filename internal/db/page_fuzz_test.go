package db

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzPageResolve checks that a cursor from anyone either is refused as a
// field error or decodes to a keyset whose id is text the databases store,
// and that the cursors this server gives out decode to what they encode.
func FuzzPageResolve(f *testing.F) {
	f.Add("", int64(0), "01a2334c-b857-79ec-87a0-be397a860d5d")
	f.Add("MjAyNi0wMy0wMlQwOTowMDowMFp8YQ", int64(1), "a\x00b")
	f.Add("not base64!", int64(-1), "\xff")
	f.Fuzz(func(t *testing.T, cursor string, unix int64, id string) {
		limit, after, err := Page{Cursor: cursor}.Resolve()
		switch {
		case err != nil:
			if limit != 0 || !after.IsZero() {
				t.Fatalf("a refused cursor %q still answered %d, %+v", cursor, limit, after)
			}
		case cursor == "" && !after.IsZero(), cursor != "" && (!utf8.ValidString(after.ID) || strings.ContainsRune(after.ID, 0) || after.ID == ""):
			t.Fatalf("cursor %q decoded to an id the databases refuse: %q", cursor, after.ID)
		}
		at := time.Unix(unix%(1<<33), 0).UTC()
		if id == "" || !utf8.ValidString(id) || strings.ContainsRune(id, 0) {
			return
		}
		_, back, err := Page{Cursor: Cursor(at, id)}.Resolve()
		if err != nil || !back.Time.Equal(at) || back.ID != id {
			t.Fatalf("Cursor(%s, %q) decodes to %+v, %v", at, id, back, err)
		}
	})
}
