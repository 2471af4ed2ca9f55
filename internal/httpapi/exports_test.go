package httpapi_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// exportMatrix is the permission matrix of the export routes: a main
// account exports its own data.
var exportMatrix = map[string]string{
	"POST /api/v1/exports":          "L...DDDDDDDDGDD..D",
	"GET /api/v1/exports":           "L...DDDDDDDDGDD..D",
	"GET /api/v1/exports/{id}":      "L...DDDDDDDDGDD..D",
	"GET /api/v1/exports/{id}/file": "L...DDDDDDDDGDD..D",
}

func init() { maps.Copy(matrix, exportMatrix) }

// TestExportThroughTheAPI: bad input is refused naming the field; an
// export answers its job at once, refuses its file until done, reports
// done of total, and serves a CSV with a byte-order mark and Chinese
// intact (or JSON) as an attachment; another account cannot see it.
func TestExportThroughTheAPI(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		leo := w.certify("leo", "19900101", "graphic_post")
		other, _ := w.signUp("noah")
		w.call("POST", "/api/v1/contents", leo, map[string]any{"type": "post", "title": "跑步日记", "body": "今天跑了十公里"}).
			Expect(t, http.StatusCreated, "")
		w.call("POST", "/api/v1/exports", leo, map[string]any{"kind": "payroll", "format": "csv"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "kind")
		w.call("POST", "/api/v1/exports", leo, map[string]any{"kind": "content", "format": "xlsx"}).
			Expect(t, http.StatusUnprocessableEntity, "invalid", "format")
		w.env.Clock.Advance(time.Second)

		e := w.call("POST", "/api/v1/exports", leo, map[string]any{"kind": "all", "format": "csv"})
		e.Expect(t, http.StatusAccepted, "")
		if e.String("state") != "queued" || e.String("job_id") == "" || e.String("url") != "" {
			t.Fatalf("new export: %s", e.Raw)
		}
		path := "/api/v1/exports/" + e.String("id")
		w.call("GET", path+"/file", leo, nil).Expect(t, http.StatusConflict, "conflict")
		w.call("GET", path, other, nil).Expect(t, http.StatusNotFound, "not_found")
		w.env.DrainJobs(t)
		got := w.call("GET", path, leo, nil)
		if got.String("state") != "done" || got.Body["done"] != got.Body["total"] || got.Body["total"] == float64(0) ||
			got.String("url") != path+"/file" {
			t.Fatalf("finished export: %s", got.Raw)
		}
		r := httptest.NewRequest("GET", path+"/file", nil)
		r.Header.Set("Authorization", "Bearer "+leo)
		rec := w.env.Do(r)
		body := rec.Body.String()
		if rec.Code != 200 || !strings.HasPrefix(body, "\ufeff# content\n") || !strings.Contains(body, "跑步日记") ||
			!strings.Contains(body, "# audit") || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.HasPrefix(rec.Header().Get("Content-Disposition"), `attachment; filename="helio-all-`) {
			t.Fatalf("file: %d %v\n%.600s", rec.Code, rec.Header(), body)
		}
		w.call("GET", path+"/file", other, nil).Expect(t, http.StatusNotFound, "not_found")

		j := w.call("POST", "/api/v1/exports", leo, map[string]any{"kind": "content", "format": "json"})
		w.env.DrainJobs(t)
		r = httptest.NewRequest("GET", "/api/v1/exports/"+j.String("id")+"/file", nil)
		r.Header.Set("Authorization", "Bearer "+leo)
		rec = w.env.Do(r)
		var doc struct {
			Kind  string           `json:"kind"`
			Items []map[string]any `json:"items"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || doc.Kind != "content" || len(doc.Items) != 1 ||
			doc.Items[0]["title"] != "跑步日记" {
			t.Fatalf("JSON export (%v): %s", err, rec.Body.String())
		}
		list := w.call("GET", "/api/v1/exports", leo, nil)
		if items := list.Body["items"].([]any); len(items) != 2 {
			t.Fatalf("my exports: %s", list.Raw)
		}
	})
}
