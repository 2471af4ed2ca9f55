package web

import (
	"net/http"
	"strings"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/export"
)

// exportsData is the exports page: the kinds this server exports and the
// account's exports with their progress.
type exportsData struct {
	Kinds   []string
	Exports []export.Export
	// Running is set while an export is unfinished: the list then
	// refreshes itself.
	Running bool
}

func (c *Console) exportsData(r *http.Request) (exportsData, error) {
	d := exportsData{Kinds: append(c.deps.Exports.Kinds(), export.KindAll)}
	var err error
	d.Exports, _, err = c.deps.Exports.FindExports(r.Context(), db.Page{Limit: db.MaxLimit})
	for _, e := range d.Exports {
		d.Running = d.Running || e.State == export.StateQueued || e.State == export.StateRunning
	}
	return d, err
}

func (c *Console) exportsPage(w http.ResponseWriter, r *http.Request) {
	d, err := c.exportsData(r)
	c.show(w, r, "exports.html", page{Title: "Exports", Data: d, Flash: r.URL.Query().Get("started")}, err)
}

func (c *Console) startExport(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "kind", "format")
	if _, err := c.deps.Exports.CreateExport(r.Context(), export.ExportInput{Kind: form["kind"], Format: form["format"]}); err != nil {
		d, _ := c.exportsData(r)
		c.fail(w, r, "exports.html", page{Title: "Exports", Form: form, Data: d}, err)
		return
	}
	http.Redirect(w, r, "/exports?started=1", http.StatusSeeOther)
}

// downloadExport streams a finished export's file.
func (c *Console) downloadExport(w http.ResponseWriter, r *http.Request) {
	e, err := c.deps.Exports.FindFile(r.Context(), r.PathValue("id"))
	if err != nil {
		d, _ := c.exportsData(r)
		c.fail(w, r, "exports.html", page{Title: "Exports", Data: d}, err)
		return
	}
	w.Header().Set("Content-Type", e.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(e.FileName(), `"`, "")+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	if err := c.deps.Exports.CopyFile(r.Context(), e, w); err != nil {
		c.deps.Logger.ErrorContext(r.Context(), "stream export", "export", e.ID, "err", err)
	}
}
