package apperr

import (
	"errors"
	"testing"

	"github.com/helio-platform/helio/internal/i18n"
)

func TestValidationCollectsFirstMessagePerField(t *testing.T) {
	var v Validation
	if v.Err() != nil {
		t.Fatal("empty validation is an error")
	}
	v.Reject("bio", "at most %d characters", 72)
	v.Reject("bio", "ignored")
	v.Reject("name", "is already taken")
	e := From(v.Err())
	if e.Code != Invalid || len(e.Fields) != 2 {
		t.Fatalf("got %+v", e)
	}
	if got := e.MessageIn(i18n.English); got != "bio: at most 72 characters; name: is already taken" {
		t.Fatalf("message = %q", got)
	}
	if !v.Has("bio") || v.Has("other") {
		t.Fatal("Has is wrong")
	}
}

func TestFromWrapsForeignErrorsAsInternal(t *testing.T) {
	cause := errors.New("disk on fire")
	e := From(cause)
	if e.Code != Internal || !errors.Is(e, cause) {
		t.Fatalf("From = %+v", e)
	}
	if got := e.MessageIn(i18n.English); got == "" || got == cause.Error() {
		t.Fatalf("internal message leaks or is empty: %q", got)
	}
	if CodeOf(nil) != "" {
		t.Fatal("CodeOf(nil) is not empty")
	}
}
