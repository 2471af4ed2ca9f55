package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the embedded migrations of the DB's dialect in order.
func (d *DB) Migrations() ([]Migration, error) {
	dir := "migrations/" + string(d.dialect)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and '_'", name)
		}
		body, err := migrationFiles.ReadFile(path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("migrations %s and %s share a number", out[i-1].Name, out[i].Name)
		}
	}
	return out, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TIMESTAMP NOT NULL
)`

// Migrate applies every embedded migration not yet recorded, each in its own
// transaction, and returns how many it applied. Concurrent callers (several
// replicas starting at once) are serialised by a lock.
func (d *DB) Migrate(ctx context.Context) (int, error) {
	all, err := d.Migrations()
	if err != nil {
		return 0, err
	}
	if _, err := d.Exec(ctx, createMigrationsTable); err != nil && !isDuplicateTableRace(err) {
		return 0, fmt.Errorf("create schema_migrations: %w", err)
	}
	applied := 0
	for _, m := range all {
		done := false
		err := d.WithTx(ctx, func(ctx context.Context) error {
			if err := d.lockMigrations(ctx); err != nil {
				return err
			}
			var n int
			if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				done = true
				return nil
			}
			if _, err := d.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := d.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.Version, m.Name, time.Now().UTC())
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if !done {
			applied++
		}
	}
	return applied, nil
}

// Current reports whether every embedded migration has been applied.
func (d *DB) Current(ctx context.Context) (bool, error) {
	all, err := d.Migrations()
	if err != nil {
		return false, err
	}
	var n int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		return false, err
	}
	return n == len(all), nil
}

// lockMigrations takes a transaction-scoped lock so that only one process
// migrates at a time. SQLite's immediate transactions already exclude other
// writers.
func (d *DB) lockMigrations(ctx context.Context) error {
	if d.dialect != Postgres {
		return nil
	}
	_, err := d.Exec(ctx, `SELECT pg_advisory_xact_lock(7220151)`)
	return err
}

// isDuplicateTableRace recognises PostgreSQL's answer when two processes run
// CREATE TABLE IF NOT EXISTS at the same moment.
func isDuplicateTableRace(err error) bool {
	_, unique := IsUniqueViolation(err)
	return unique
}
