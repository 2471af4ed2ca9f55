package level

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
)

// store is the SQL of levels.
type store struct {
	db *db.DB
}

// findCurrentVersions returns the latest version of each rule table.
func (s store) findCurrentVersions(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.Query(ctx, `SELECT rule_table, MAX(version) FROM level_rule_versions GROUP BY rule_table`)
	if err != nil {
		return nil, apperr.Wrap(err, "find rule versions")
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var name string
		var v int
		if err := rows.Scan(&name, &v); err != nil {
			return nil, apperr.Wrap(err, "scan rule version")
		}
		out[name] = v
	}
	return out, apperr.WrapIf(rows.Err(), "find rule versions")
}

// findTable returns one version of a rule table with its rows.
func (s store) findTable(ctx context.Context, name string, version int) (Table, error) {
	t := Table{Name: name, Version: version, Rows: map[string]string{}}
	err := s.db.QueryRow(ctx, `SELECT note, created_by, created_at FROM level_rule_versions WHERE rule_table = ? AND version = ?`,
		name, version).Scan(&t.Note, &t.CreatedBy, &t.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Table{}, apperr.New(apperr.NotFound, "Version %d of the rule table %s was not found.", version, name)
	}
	if err != nil {
		return Table{}, apperr.Wrap(err, "find rule table")
	}
	t.CreatedAt = t.CreatedAt.UTC()
	rows, err := s.db.Query(ctx, `SELECT name, value FROM level_rule_rows WHERE rule_table = ? AND version = ?`, name, version)
	if err != nil {
		return Table{}, apperr.Wrap(err, "find rule rows")
	}
	defer rows.Close()
	for rows.Next() {
		var n, v string
		if err := rows.Scan(&n, &v); err != nil {
			return Table{}, apperr.Wrap(err, "scan rule row")
		}
		t.Rows[n] = v
	}
	return t, apperr.WrapIf(rows.Err(), "find rule rows")
}

// findVersions lists the versions of every rule table, newest first.
func (s store) findVersions(ctx context.Context) ([]Table, error) {
	rows, err := s.db.Query(ctx, `SELECT rule_table, version, note, created_by, created_at FROM level_rule_versions
		ORDER BY created_at DESC, rule_table, version DESC`)
	if err != nil {
		return nil, apperr.Wrap(err, "find rule history")
	}
	defer rows.Close()
	var out []Table
	for rows.Next() {
		var t Table
		if err := rows.Scan(&t.Name, &t.Version, &t.Note, &t.CreatedBy, &t.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan rule history")
		}
		t.CreatedAt = t.CreatedAt.UTC()
		out = append(out, t)
	}
	return out, apperr.WrapIf(rows.Err(), "find rule history")
}

// createTable stores a new version of a rule table; a version another
// operator stored first is a conflict.
func (s store) createTable(ctx context.Context, t Table) error {
	_, err := s.db.Exec(ctx, `INSERT INTO level_rule_versions (rule_table, version, note, created_by, created_at)
		VALUES (?, ?, ?, ?, ?)`, t.Name, t.Version, t.Note, t.CreatedBy, t.CreatedAt)
	if _, dup := db.IsUniqueViolation(err); dup {
		return apperr.New(apperr.Conflict, "The rule table %s changed meanwhile; reload and try again.", t.Name)
	}
	if err != nil {
		return apperr.Wrap(err, "create rule version")
	}
	for name, value := range t.Rows {
		if _, err := s.db.Exec(ctx, `INSERT INTO level_rule_rows (rule_table, version, name, value) VALUES (?, ?, ?, ?)`,
			t.Name, t.Version, name, value); err != nil {
			return apperr.Wrap(err, "create rule row")
		}
	}
	return nil
}

// findAccountLevel returns the stored level of account ("" when it has
// none yet) and the current version of the privilege table, in one query:
// every authenticated request asks it.
func (s store) findAccountLevel(ctx context.Context, account string) (string, int, error) {
	var level string
	var version int
	err := s.db.QueryRow(ctx, `SELECT COALESCE((SELECT level FROM level_scores WHERE account_id = ?), ''),
		(SELECT MAX(version) FROM level_rule_versions WHERE rule_table = ?)`, account, TablePrivileges).Scan(&level, &version)
	return level, version, apperr.WrapIf(err, "find account level")
}

const standingColumns = `account_id, level, creator_index, content_value, fan_value, domain_focus, commercial_value,
	account_health, inputs, input_hash, thresholds_version, weights_version, computed_at`

func scanStanding(scan func(...any) error) (Standing, error) {
	var st Standing
	var inputs string
	var at time.Time
	sc := &st.Scores
	if err := scan(&st.AccountID, &st.Level, &sc.CreatorIndex, &sc.ContentValue, &sc.FanValue, &sc.DomainFocus,
		&sc.CommercialValue, &sc.AccountHealth, &inputs, &st.hash, &st.ThresholdsVersion, &st.WeightsVersion, &at); err != nil {
		return Standing{}, err
	}
	at = at.UTC()
	st.ComputedAt = &at
	return st, json.Unmarshal([]byte(inputs), &st.Inputs)
}

// findStanding returns the stored standing of account; NotFound before its
// first recompute.
func (s store) findStanding(ctx context.Context, account string) (Standing, error) {
	st, err := scanStanding(s.db.QueryRow(ctx, `SELECT `+standingColumns+` FROM level_scores WHERE account_id = ?`, account).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return Standing{}, apperr.New(apperr.NotFound, "No level has been computed for this account yet.")
	}
	return st, apperr.WrapIf(err, "find standing")
}

// findStandings returns the stored standings of accounts (absent when none),
// or, with accounts empty, one keyset page of every standing after after.
func (s store) findStandings(ctx context.Context, accounts []string, after string, limit int) ([]Standing, error) {
	var w db.Where
	if len(accounts) > 0 {
		in, args := db.InList(accounts)
		w.Add("account_id IN "+in, args...)
	} else {
		w.Add("account_id > ?", after)
	}
	lim, largs := s.db.Limit(limit)
	rows, err := s.db.Query(ctx, `SELECT `+standingColumns+` FROM level_scores WHERE `+w.SQL()+` ORDER BY account_id`+lim,
		append(w.Args(), largs...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find standings")
	}
	defer rows.Close()
	var out []Standing
	for rows.Next() {
		st, err := scanStanding(rows.Scan)
		if err != nil {
			return nil, apperr.Wrap(err, "scan standing")
		}
		out = append(out, st)
	}
	return out, apperr.WrapIf(rows.Err(), "find standings")
}

// upsertStanding writes an account's scores and level.
func (s store) upsertStanding(ctx context.Context, st Standing, runID string) error {
	inputs, _ := json.Marshal(st.Inputs)
	sc := st.Scores
	_, err := s.db.Exec(ctx, `INSERT INTO level_scores (`+standingColumns+`, run_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id) DO UPDATE SET level = excluded.level, creator_index = excluded.creator_index,
			content_value = excluded.content_value, fan_value = excluded.fan_value, domain_focus = excluded.domain_focus,
			commercial_value = excluded.commercial_value, account_health = excluded.account_health, inputs = excluded.inputs,
			input_hash = excluded.input_hash, thresholds_version = excluded.thresholds_version,
			weights_version = excluded.weights_version, computed_at = excluded.computed_at, run_id = excluded.run_id`,
		st.AccountID, st.Level, sc.CreatorIndex, sc.ContentValue, sc.FanValue, sc.DomainFocus, sc.CommercialValue,
		sc.AccountHealth, string(inputs), st.hash, st.ThresholdsVersion, st.WeightsVersion, *st.ComputedAt, runID)
	return apperr.WrapIf(err, "write standing")
}

const runColumns = `id, cause, status, job_id, total, done, batches, batches_done, changed, raised, lowered,
	thresholds_version, weights_version, created_by, started_at, finished_at`

func scanRun(scan func(...any) error) (Run, error) {
	var r Run
	var finished sql.NullTime
	err := scan(&r.ID, &r.Cause, &r.Status, &r.JobID, &r.Total, &r.Done, &r.Batches, &r.BatchesDone, &r.Changed, &r.Raised,
		&r.Lowered, &r.ThresholdsVersion, &r.WeightsVersion, &r.CreatedBy, &r.StartedAt, &finished)
	r.StartedAt = r.StartedAt.UTC()
	r.FinishedAt = db.TimePtr(finished)
	return r, err
}

// findRun returns a run; lock holds its row until the transaction ends.
func (s store) findRun(ctx context.Context, id string, lock bool) (Run, error) {
	q := `SELECT ` + runColumns + ` FROM level_runs WHERE id = ?`
	row := s.db.QueryRow(ctx, q, id)
	if lock {
		row = s.db.QueryRowWrite(ctx, q+s.db.ForUpdate(), id)
	}
	r, err := scanRun(row.Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, apperr.New(apperr.NotFound, "Recompute run %s was not found.", id)
	}
	return r, apperr.WrapIf(err, "find run")
}

// findRuns lists runs newest first: the unfinished ones when open, else
// the latest limit.
func (s store) findRuns(ctx context.Context, open bool, limit int) ([]Run, error) {
	var w db.Where
	if open {
		w.Add("status <> ?", RunDone)
	} else {
		w.Add("1 = 1")
	}
	lim, largs := s.db.Limit(limit)
	rows, err := s.db.Query(ctx, `SELECT `+runColumns+` FROM level_runs WHERE `+w.SQL()+` ORDER BY started_at DESC, id DESC`+lim,
		append(w.Args(), largs...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "find runs")
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows.Scan)
		if err != nil {
			return nil, apperr.Wrap(err, "scan run")
		}
		out = append(out, r)
	}
	return out, apperr.WrapIf(rows.Err(), "find runs")
}

func (s store) createRun(ctx context.Context, r Run) error {
	_, err := s.db.Exec(ctx, `INSERT INTO level_runs (id, cause, status, job_id, thresholds_version, weights_version,
		created_by, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Cause, r.Status, r.JobID, r.ThresholdsVersion, r.WeightsVersion, r.CreatedBy, r.StartedAt)
	return apperr.WrapIf(err, "create run")
}

func (s store) updateRunJob(ctx context.Context, id, jobID string) error {
	_, err := s.db.Exec(ctx, `UPDATE level_runs SET job_id = ? WHERE id = ?`, jobID, id)
	return apperr.WrapIf(err, "update run job")
}

// updateRunPlanned records a run's batches; false when the run was
// planned already (by another worker).
func (s store) updateRunPlanned(ctx context.Context, id string, total, batches int, status string, now time.Time) (bool, error) {
	var finished any
	if status == RunDone {
		finished = now
	}
	res, err := s.db.Exec(ctx, `UPDATE level_runs SET status = ?, total = ?, batches = ?, finished_at = ?
		WHERE id = ? AND status = ?`, status, total, batches, finished, id, RunPlanning)
	if err != nil {
		return false, apperr.Wrap(err, "plan run")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "plan run")
}

// updateRunProgress adds a finished batch to its run and finishes the run
// with its last batch.
func (s store) updateRunProgress(ctx context.Context, id string, b Batch, raised, lowered int, now time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE level_runs SET done = done + ?, batches_done = batches_done + 1, changed = changed + ?,
		raised = raised + ?, lowered = lowered + ?,
		status = CASE WHEN batches_done + 1 >= batches THEN ? ELSE status END,
		finished_at = CASE WHEN batches_done + 1 >= batches THEN ? ELSE finished_at END
		WHERE id = ?`, b.Accounts, b.Changed, raised, lowered, RunDone, now, id)
	return apperr.WrapIf(err, "update run progress")
}

func (s store) createBatch(ctx context.Context, runID string, b Batch) error {
	_, err := s.db.Exec(ctx, `INSERT INTO level_run_batches (run_id, seq, after_id, last_id, accounts, status)
		VALUES (?, ?, ?, ?, ?, ?)`, runID, b.Seq, b.AfterID, b.LastID, b.Accounts, BatchPending)
	return apperr.WrapIf(err, "create batch")
}

// findBatches lists a run's batches, only the pending ones when pending.
func (s store) findBatches(ctx context.Context, runID string, pending bool) ([]Batch, error) {
	var w db.Where
	w.Add("run_id = ?", runID)
	if pending {
		w.Add("status = ?", BatchPending)
	}
	rows, err := s.db.Query(ctx, `SELECT seq, after_id, last_id, accounts, status, changed FROM level_run_batches WHERE `+
		w.SQL()+` ORDER BY seq`, w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "find batches")
	}
	defer rows.Close()
	var out []Batch
	for rows.Next() {
		var b Batch
		if err := rows.Scan(&b.Seq, &b.AfterID, &b.LastID, &b.Accounts, &b.Status, &b.Changed); err != nil {
			return nil, apperr.Wrap(err, "scan batch")
		}
		out = append(out, b)
	}
	return out, apperr.WrapIf(rows.Err(), "find batches")
}

// updateBatchDone marks a pending batch done; false when it was done
// already (another worker committed it first).
func (s store) updateBatchDone(ctx context.Context, runID string, seq, changed int, now time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE level_run_batches SET status = ?, changed = ?, done_at = ?
		WHERE run_id = ? AND seq = ? AND status = ?`, BatchDone, changed, now, runID, seq, BatchPending)
	if err != nil {
		return false, apperr.Wrap(err, "finish batch")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "finish batch")
}
