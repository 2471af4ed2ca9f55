package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/helio-platform/helio/internal/testkit"
)

// BenchmarkFeedRead measures reading the first page of a fan's feed through
// the API (session, authorization, the merged feed query, the content and
// author lookups, JSON) on each database. The fan follows 200 accounts: 10
// creators who pushed 10 posts each, one of them above the read threshold
// (fan-out on read), and 190 accounts that never post. Run with
// HELIO_TEST_POSTGRES set to cover PostgreSQL; bench/ drives the same read
// over HTTP at scale.
func BenchmarkFeedRead(b *testing.B) {
	for _, dialect := range testkit.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			w := &feedWorld{creatorWorld: newCreatorWorld(b, testkit.Open(b, dialect), "HELIO_FEED_READ_THRESHOLD=3"),
				titles: map[string]string{}}
			fan, _ := w.signUp("fan")
			for i := range 10 {
				name := fmt.Sprintf("creator%d", i)
				tok := w.certify(name, fmt.Sprintf("19%02d0101", 80+i), "graphic_post")
				id := w.call("GET", "/api/v1/me", tok, nil).String("id")
				w.call("PUT", "/api/v1/follows/"+id, fan, nil).Expect(b, http.StatusOK, "")
				if i == 0 { // three more followers put creator0 above the read threshold
					for j := range 3 {
						other, _ := w.signUp(fmt.Sprintf("starfan%d", j))
						w.call("PUT", "/api/v1/follows/"+id, other, nil).Expect(b, http.StatusOK, "")
					}
				}
				for j := range 10 {
					w.publish(tok, "post", fmt.Sprintf("%s-%d", name, j), true)
				}
			}
			for i := range 190 {
				_, id := w.signUp(fmt.Sprintf("quiet%d", i))
				w.call("PUT", "/api/v1/follows/"+id, fan, nil).Expect(b, http.StatusOK, "")
			}
			w.env.DrainJobs(b)
			if n := len(w.call("GET", "/api/v1/feed", fan, nil).Body["items"].([]any)); n != 20 {
				b.Fatalf("first page holds %d items", n)
			}
			b.ResetTimer()
			for b.Loop() {
				w.call("GET", "/api/v1/feed?tab=all", fan, nil).Expect(b, http.StatusOK, "")
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reads/s")
		})
	}
}
