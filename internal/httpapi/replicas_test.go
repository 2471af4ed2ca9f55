package httpapi_test

import (
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// onTwoReplicas runs test on each database with two processes on one
// database, as two replicas behind a load balancer, each with caches of its
// own: the test builds its world (replica A) on d, and b is a client of
// replica B.
func onTwoReplicas(t *testing.T, test func(t *testing.T, d *db.DB, b testkit.Client)) {
	t.Helper()
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			d, other := testkit.OpenTwice(t, dialect)
			b := apptest.New(t, other)
			test(t, d, testkit.Client{Handler: b.Handler, Device: new(testkit.DeviceJar)})
		})
	}
}
