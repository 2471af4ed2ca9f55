package db_test

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// dialectArtefacts are the schema objects one dialect has and the other
// cannot: the same feature built from each engine's own parts.
var dialectArtefacts = []string{
	// Full-text search over contents: SQLite's FTS5 trigram table and the
	// shadow tables FTS5 keeps for it …
	"table contents_fts", "column contents_fts.body", "column contents_fts.title",
	"table contents_fts_config", "column contents_fts_config.k", "column contents_fts_config.v",
	"table contents_fts_data", "column contents_fts_data.block", "column contents_fts_data.id",
	"table contents_fts_docsize", "column contents_fts_docsize.id", "column contents_fts_docsize.sz",
	"table contents_fts_idx", "column contents_fts_idx.pgno", "column contents_fts_idx.segid", "column contents_fts_idx.term",
	// … and PostgreSQL's pg_trgm index over the same text; the same again
	// for the published snapshot's text (migration 025).
	"index contents_text_trgm",
	"table contents_published_fts", "column contents_published_fts.published_body", "column contents_published_fts.published_title",
	"table contents_published_fts_config", "column contents_published_fts_config.k", "column contents_published_fts_config.v",
	"table contents_published_fts_data", "column contents_published_fts_data.block", "column contents_published_fts_data.id",
	"table contents_published_fts_docsize", "column contents_published_fts_docsize.id", "column contents_published_fts_docsize.sz",
	"table contents_published_fts_idx", "column contents_published_fts_idx.pgno", "column contents_published_fts_idx.segid", "column contents_published_fts_idx.term",
	"index contents_published_trgm",
	// SQLite's FTS5 index of drafts lags behind saves (migration 033): the
	// rows it has yet to catch up with.
	"table contents_fts_stale", "column contents_fts_stale.body", "column contents_fts_stale.source_rowid",
	"column contents_fts_stale.title",
}

// TestMigrationFoldersHoldTheSameFiles is the cheap check that runs without
// PostgreSQL: every numbered migration exists for both dialects.
func TestMigrationFoldersHoldTheSameFiles(t *testing.T) {
	t.Parallel()
	names := func(dialect db.Dialect) []string {
		entries, err := os.ReadDir("migrations/" + string(dialect))
		testkit.Must(t, err)
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	if sqlite, postgres := names(db.SQLite), names(db.Postgres); !slices.Equal(sqlite, postgres) {
		t.Fatalf("the migration folders differ:\nsqlite:   %v\npostgres: %v", sqlite, postgres)
	}
}

// TestMigrationsAgreeAcrossDialects applies both migration sets and compares
// the resulting tables, their column names and the index names, less the
// named dialect artefacts. It needs HELIO_TEST_POSTGRES for the comparison.
func TestMigrationsAgreeAcrossDialects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	schemas := map[db.Dialect][]string{}
	for _, dialect := range testkit.Dialects() {
		schemas[dialect] = schemaOf(ctx, t, testkit.Open(t, dialect))
	}
	if len(schemas[db.SQLite]) == 0 {
		t.Fatal("the SQLite schema is empty")
	}
	if _, ok := schemas[db.Postgres]; !ok {
		t.Skip(testkit.PostgresEnv + " is not set: nothing to compare the SQLite schema with")
	}
	for _, only := range [][2]db.Dialect{{db.SQLite, db.Postgres}, {db.Postgres, db.SQLite}} {
		for _, object := range schemas[only[0]] {
			if !slices.Contains(schemas[only[1]], object) && !slices.Contains(dialectArtefacts, object) {
				t.Errorf("%s only in %s", object, only[0])
			}
		}
	}
}

// schemaOf lists d's tables ("table t"), columns ("column t.c") and named
// indexes ("index i"); indexes a dialect makes for a primary key or a
// UNIQUE constraint are left out, since each engine names them its own way.
func schemaOf(ctx context.Context, t *testing.T, d *db.DB) []string {
	t.Helper()
	queries := map[db.Dialect]string{
		db.SQLite: `SELECT 'table ' || name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
			UNION ALL SELECT 'column ' || m.name || '.' || c.name FROM sqlite_master m, pragma_table_info(m.name) c
				WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
			UNION ALL SELECT 'index ' || name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`,
		db.Postgres: `SELECT 'table ' || table_name FROM information_schema.tables
				WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
			UNION ALL SELECT 'column ' || table_name || '.' || column_name FROM information_schema.columns
				WHERE table_schema = current_schema()
			UNION ALL SELECT 'index ' || i.relname FROM pg_index x
				JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
				WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
	}
	rows, err := d.Query(ctx, queries[d.Dialect()])
	testkit.Must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var object string
		testkit.Must(t, rows.Scan(&object))
		out = append(out, object)
	}
	testkit.Must(t, rows.Err())
	slices.Sort(out)
	return out
}
