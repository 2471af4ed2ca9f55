package moderation

import (
	"context"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// store holds the SQL of the rule tables. A rule's scopes are three boolean
// columns, scope_profile, scope_content and scope_comment, the same on both
// databases and indexable.
type store struct{ db *db.DB }

const ruleColumns = `id, kind, label, pattern, severity, enabled, updated_at, updated_by, scope_profile, scope_content, scope_comment`

// scopeColumns maps each scope to its column.
var scopeColumns = map[string]string{ScopeProfile: "scope_profile", ScopeContent: "scope_content", ScopeComment: "scope_comment"}

// scopeFlags returns, in column order, whether r applies to each scope.
func scopeFlags(r Rule) []any {
	return []any{r.Applies(ScopeProfile), r.Applies(ScopeContent), r.Applies(ScopeComment)}
}

func (s store) scan(ctx context.Context, q string, args ...any) ([]Rule, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find moderation rules")
	}
	defer rows.Close()
	var out []Rule
	for rows.Next() {
		var r Rule
		flags := make([]bool, len(Scopes))
		if err := rows.Scan(&r.ID, &r.Kind, &r.Label, &r.Pattern, &r.Severity, &r.Enabled, &r.UpdatedAt, &r.UpdatedBy,
			&flags[0], &flags[1], &flags[2]); err != nil {
			return nil, apperr.Wrap(err, "scan moderation rule")
		}
		r.UpdatedAt, r.Scopes = r.UpdatedAt.UTC(), []string{}
		for i, on := range flags {
			if on {
				r.Scopes = append(r.Scopes, Scopes[i])
			}
		}
		out = append(out, r)
	}
	return out, apperr.WrapIf(rows.Err(), "find moderation rules")
}

// findRules lists every rule, or with scope the enabled rules of that scope.
func (s store) findRules(ctx context.Context, scope string) ([]Rule, error) {
	var w db.Where
	if col, ok := scopeColumns[scope]; ok {
		w.Add("enabled = ? AND "+col+" = ?", true, true)
	}
	return s.scan(ctx, `SELECT `+ruleColumns+` FROM moderation_rules WHERE `+w.SQL()+` ORDER BY kind, id`, w.Args()...)
}

func (s store) findHistory(ctx context.Context, id string) ([]Rule, error) {
	return s.scan(ctx, `SELECT rule_id, kind, label, pattern, severity, enabled, changed_at, changed_by,
		scope_profile, scope_content, scope_comment
		FROM moderation_rule_history WHERE rule_id = ? ORDER BY changed_at DESC, id DESC`, id)
}

func (s store) saveRule(ctx context.Context, r Rule, create bool) error {
	args := append([]any{r.Kind, r.Label, r.Pattern, r.Severity, r.Enabled, r.UpdatedAt, r.UpdatedBy}, scopeFlags(r)...)
	if create {
		_, err := s.db.Exec(ctx, `INSERT INTO moderation_rules (kind, label, pattern, severity, enabled, updated_at, updated_by,
			scope_profile, scope_content, scope_comment, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, r.ID)...)
		return apperr.WrapIf(err, "insert moderation rule")
	}
	res, err := s.db.Exec(ctx, `UPDATE moderation_rules SET kind = ?, label = ?, pattern = ?, severity = ?, enabled = ?,
		updated_at = ?, updated_by = ?, scope_profile = ?, scope_content = ?, scope_comment = ? WHERE id = ?`, append(args, r.ID)...)
	if err != nil {
		return apperr.Wrap(err, "update moderation rule")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "%s not found.", i18n.T("Moderation rule"))
	}
	return nil
}

func (s store) addHistory(ctx context.Context, id string, r Rule) error {
	args := append([]any{id, r.ID, r.Kind, r.Label, r.Pattern, r.Severity, r.Enabled, r.UpdatedAt, r.UpdatedBy}, scopeFlags(r)...)
	_, err := s.db.Exec(ctx, `INSERT INTO moderation_rule_history (id, rule_id, kind, label, pattern, severity, enabled,
		changed_at, changed_by, scope_profile, scope_content, scope_comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	return apperr.WrapIf(err, "record moderation rule history")
}
