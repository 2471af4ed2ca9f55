package moderation

import (
	"context"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// store holds the SQL of the rule tables.
type store struct{ db *db.DB }

const ruleColumns = `id, kind, label, pattern, severity, enabled, updated_at, updated_by`

func (s store) scan(ctx context.Context, q string, args ...any) ([]Rule, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find moderation rules")
	}
	defer rows.Close()
	var out []Rule
	for rows.Next() {
		var r Rule
		if err := rows.Scan(&r.ID, &r.Kind, &r.Label, &r.Pattern, &r.Severity, &r.Enabled, &r.UpdatedAt, &r.UpdatedBy); err != nil {
			return nil, apperr.Wrap(err, "scan moderation rule")
		}
		r.UpdatedAt = r.UpdatedAt.UTC()
		out = append(out, r)
	}
	return out, apperr.WrapIf(rows.Err(), "find moderation rules")
}

func (s store) findRules(ctx context.Context, enabledOnly bool) ([]Rule, error) {
	var w db.Where
	if enabledOnly {
		w.Add("enabled = ?", true)
	}
	return s.scan(ctx, `SELECT `+ruleColumns+` FROM moderation_rules WHERE `+w.SQL()+` ORDER BY kind, id`, w.Args()...)
}

func (s store) findHistory(ctx context.Context, id string) ([]Rule, error) {
	return s.scan(ctx, `SELECT rule_id, kind, label, pattern, severity, enabled, changed_at, changed_by
		FROM moderation_rule_history WHERE rule_id = ? ORDER BY changed_at DESC, id DESC`, id)
}

func (s store) saveRule(ctx context.Context, r Rule, create bool) error {
	if create {
		_, err := s.db.Exec(ctx, `INSERT INTO moderation_rules (`+ruleColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.Kind, r.Label, r.Pattern, r.Severity, r.Enabled, r.UpdatedAt, r.UpdatedBy)
		return apperr.WrapIf(err, "insert moderation rule")
	}
	res, err := s.db.Exec(ctx, `UPDATE moderation_rules SET kind = ?, label = ?, pattern = ?, severity = ?, enabled = ?,
		updated_at = ?, updated_by = ? WHERE id = ?`, r.Kind, r.Label, r.Pattern, r.Severity, r.Enabled, r.UpdatedAt, r.UpdatedBy, r.ID)
	if err != nil {
		return apperr.Wrap(err, "update moderation rule")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "%s not found.", i18n.T("Moderation rule"))
	}
	return nil
}

func (s store) addHistory(ctx context.Context, id string, r Rule) error {
	_, err := s.db.Exec(ctx, `INSERT INTO moderation_rule_history (id, rule_id, kind, label, pattern, severity, enabled,
		changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, r.ID, r.Kind, r.Label, r.Pattern, r.Severity,
		r.Enabled, r.UpdatedAt, r.UpdatedBy)
	return apperr.WrapIf(err, "record moderation rule history")
}
