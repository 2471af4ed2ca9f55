package httpapi_test

import (
	"net/http"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/config"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// BenchmarkLogIn measures whole API log-ins (risk checks, one argon2id
// verification, the session insert) with the default argon2id parameters,
// on one goroutine: log-ins/s is per core.
func BenchmarkLogIn(b *testing.B) {
	d, err := db.Open(b.Context(), db.Options{SQLitePath: filepath.Join(b.TempDir(), "bench.db")})
	testkit.Must(b, err)
	defer d.Close()
	_, err = d.Migrate(b.Context())
	testkit.Must(b, err)
	def := config.Defaults()
	env := apptest.New(b, d, "HELIO_ARGON2_MEMORY_KIB="+strconv.Itoa(int(def.Account.Argon2MemoryKiB)),
		"HELIO_ARGON2_TIME="+strconv.Itoa(int(def.Account.Argon2Time)), "HELIO_ARGON2_THREADS="+strconv.Itoa(int(def.Account.Argon2Threads)))
	c := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}
	c.Call(b, "POST", "/api/v1/users", "", map[string]any{"email": "bench@example.com", "nickname": "bench", "password": good}).
		Expect(b, http.StatusCreated, "")
	body := map[string]any{"login": "bench", "password": good, "device_id": "bench-device"}
	b.ResetTimer()
	for b.Loop() {
		c.Call(b, "POST", "/api/v1/sessions", "", body).Expect(b, http.StatusCreated, "")
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "logins/s")
	b.Logf("argon2id m=%d KiB, t=%d, p=%d", def.Account.Argon2MemoryKiB, def.Account.Argon2Time, def.Account.Argon2Threads)
}
