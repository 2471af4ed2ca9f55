package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/testkit"
)

// BenchmarkDraftSave measures autosaves through the API (authorization,
// validation, the version row, the head update and the audit event in one
// transaction) on each database: serially on one draft, and in parallel
// with one draft per goroutine. Run with HELIO_TEST_POSTGRES set to cover
// PostgreSQL.
func BenchmarkDraftSave(b *testing.B) {
	for _, dialect := range testkit.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			env := apptest.New(b, testkit.Open(b, dialect))
			c := testkit.Client{Handler: env.Handler, Device: new(testkit.DeviceJar)}
			c.Call(b, "POST", "/api/v1/users", "", map[string]any{"email": "bench@example.com", "nickname": "bench", "password": good}).
				Expect(b, http.StatusCreated, "")
			tok := c.Call(b, "POST", "/api/v1/sessions", "", map[string]any{"login": "bench", "password": good}).String("token")
			draft := func() string {
				a := c.Call(b, "POST", "/api/v1/contents", tok, map[string]any{"type": "post", "title": "基准测试"})
				a.Expect(b, http.StatusCreated, "")
				return a.String("id")
			}
			text := strings.Repeat("今天的穿搭记录，", 60)
			b.Run("serial", func(b *testing.B) {
				id, version := draft(), 1
				for b.Loop() {
					c.Call(b, "PATCH", "/api/v1/contents/"+id, tok, map[string]any{"version": version, "body": text + fmt.Sprint(version)}).
						Expect(b, http.StatusOK, "")
					version++
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "saves/s")
			})
			b.Run("parallel", func(b *testing.B) {
				var saves atomic.Int64
				b.SetParallelism(4)
				b.RunParallel(func(pb *testing.PB) {
					id, version := draft(), 1
					for pb.Next() {
						c.Call(b, "PATCH", "/api/v1/contents/"+id, tok, map[string]any{"version": version, "body": text + fmt.Sprint(version)}).
							Expect(b, http.StatusOK, "")
						version++
						saves.Add(1)
					}
				})
				b.ReportMetric(float64(saves.Load())/b.Elapsed().Seconds(), "saves/s")
			})
		})
	}
}
