package creator

import (
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/apperr"
)

func TestBioCountsCharacters(t *testing.T) {
	for n, wantErr := range map[int]bool{0: false, 72: false, 73: true} {
		v := &apperr.Validation{}
		validateBio(v, strings.Repeat("穿", n))
		if got := v.Err() != nil; got != wantErr {
			t.Errorf("bio of %d Chinese characters (%d bytes): error %v, want %v", n, 3*n, got, wantErr)
		}
	}
}
