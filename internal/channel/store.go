package channel

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// store holds every SQL statement of channels and activities.
type store struct{ db *db.DB }

func encode(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

func decodeList(s string) []string {
	out := []string{}
	_ = json.Unmarshal([]byte(s), &out)
	return out
}

func notFoundErr(what i18n.Text) error {
	return apperr.New(apperr.NotFound, "%s not found.", what)
}

const channelColumns = `id, slug, name, description, categories, rule, status, position, version, created_at, updated_at`

func scanChannel(r interface{ Scan(...any) error }) (Channel, error) {
	var c Channel
	var cats, rule string
	err := r.Scan(&c.ID, &c.Slug, &c.Name, &c.Description, &cats, &rule, &c.Status, &c.Position, &c.Version, &c.CreatedAt, &c.UpdatedAt)
	c.Categories = decodeList(cats)
	_ = json.Unmarshal([]byte(rule), &c.Rule)
	if c.Rule.Clauses == nil {
		c.Rule.Clauses = []RuleClause{}
	}
	return c, err
}

// findChannels lists channels in position order with their sub-channels.
func (s store) findChannels(ctx context.Context, hidden bool) ([]Channel, error) {
	var w db.Where
	if !hidden {
		w.Add("status = ?", StatusActive)
	}
	rows, err := s.db.Query(ctx, `SELECT `+channelColumns+` FROM channels WHERE `+w.SQL()+` ORDER BY position, id`, w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "find channels")
	}
	defer rows.Close()
	out := []Channel{}
	for rows.Next() {
		c, err := scanChannel(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan channel")
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "find channels")
	}
	for i := range out {
		if out[i].SubChannels, err = s.findSubChannels(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// findChannel returns a channel by id or slug with its sub-channels.
func (s store) findChannel(ctx context.Context, idOrSlug string) (Channel, error) {
	c, err := scanChannel(s.db.QueryRow(ctx, `SELECT `+channelColumns+` FROM channels WHERE id = ? OR slug = ?`, idOrSlug, idOrSlug))
	if errors.Is(err, sql.ErrNoRows) {
		return Channel{}, notFoundErr(i18n.T("Channel"))
	}
	if err != nil {
		return Channel{}, apperr.Wrap(err, "find channel")
	}
	c.SubChannels, err = s.findSubChannels(ctx, c.ID)
	return c, err
}

func (s store) findSubChannels(ctx context.Context, channelID string) ([]SubChannel, error) {
	rows, err := s.db.Query(ctx, `SELECT id, name, daily_quota FROM channel_sub_channels WHERE channel_id = ? ORDER BY position, id`, channelID)
	if err != nil {
		return nil, apperr.Wrap(err, "find sub-channels")
	}
	defer rows.Close()
	out := []SubChannel{}
	for rows.Next() {
		var sc SubChannel
		if err := rows.Scan(&sc.ID, &sc.Name, &sc.DailyQuota); err != nil {
			return nil, apperr.Wrap(err, "scan sub-channel")
		}
		out = append(out, sc)
	}
	return out, apperr.WrapIf(rows.Err(), "find sub-channels")
}

func (s store) createChannel(ctx context.Context, c Channel) error {
	_, err := s.db.Exec(ctx, `INSERT INTO channels (`+channelColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Slug, c.Name, c.Description, encode(c.Categories), encode(c.Rule), c.Status, c.Position, c.Version, c.CreatedAt, c.UpdatedAt)
	if _, dup := db.IsUniqueViolation(err); dup {
		return apperr.Field("slug", "another channel is called %s", c.Slug)
	}
	if err != nil {
		return apperr.Wrap(err, "create channel")
	}
	for i, sc := range c.SubChannels {
		if err := s.saveSubChannel(ctx, c.ID, sc, i); err != nil {
			return err
		}
	}
	return nil
}

func (s store) updateChannel(ctx context.Context, c Channel) error {
	_, err := s.db.Exec(ctx, `UPDATE channels SET slug = ?, name = ?, description = ?, categories = ?, rule = ?, status = ?,
		position = ?, version = ?, updated_at = ? WHERE id = ?`,
		c.Slug, c.Name, c.Description, encode(c.Categories), encode(c.Rule), c.Status, c.Position, c.Version, c.UpdatedAt, c.ID)
	if _, dup := db.IsUniqueViolation(err); dup {
		return apperr.Field("slug", "another channel is called %s", c.Slug)
	}
	return apperr.WrapIf(err, "update channel")
}

// saveSubChannel creates or updates a sub-channel at position pos.
func (s store) saveSubChannel(ctx context.Context, channelID string, sc SubChannel, pos int) error {
	_, err := s.db.Exec(ctx, `INSERT INTO channel_sub_channels (id, channel_id, name, daily_quota, position) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, daily_quota = excluded.daily_quota, position = excluded.position`,
		sc.ID, channelID, sc.Name, sc.DailyQuota, pos)
	if _, dup := db.IsUniqueViolation(err); dup {
		return apperr.Field("sub_channels", "two sub-channels are named %s", sc.Name)
	}
	return apperr.WrapIf(err, "save sub-channel")
}

// createVersion stores a snapshot in table (channel_versions or
// activity_versions, keyed by column).
func (s store) createVersion(ctx context.Context, table, column, id string, version int, snapshot any, by string, at time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO `+table+` (`+column+`, version, snapshot, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		id, version, encode(snapshot), by, at)
	return apperr.WrapIf(err, "save version")
}

func (s store) findVersions(ctx context.Context, table, column, id string) ([]ChannelVersion, error) {
	rows, err := s.db.Query(ctx, `SELECT version, snapshot, created_by, created_at FROM `+table+` WHERE `+column+` = ? ORDER BY version DESC`, id)
	if err != nil {
		return nil, apperr.Wrap(err, "find versions")
	}
	defer rows.Close()
	out := []ChannelVersion{}
	for rows.Next() {
		var v ChannelVersion
		if err := rows.Scan(&v.Version, &v.Snapshot, &v.CreatedBy, &v.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan version")
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "find versions")
	}
	if len(out) == 0 {
		return nil, notFoundErr(i18n.T("Version"))
	}
	return out, nil
}

func (s store) isMember(ctx context.Context, channelID, account string) (bool, error) {
	if account == "" {
		return false, nil
	}
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM channel_members WHERE channel_id = ? AND account_id = ?`, channelID, account).Scan(&n)
	return n > 0, apperr.WrapIf(err, "find admission")
}

func (s store) admit(ctx context.Context, channelID, account, applicationID string, at time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO channel_members (channel_id, account_id, application_id, admitted_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (channel_id, account_id) DO NOTHING`, channelID, account, applicationID, at)
	return apperr.WrapIf(err, "admit")
}

func (s store) hasPendingApplication(ctx context.Context, channelID, user string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM channel_applications WHERE channel_id = ? AND user_id = ? AND status = ?`,
		channelID, user, StatusSubmitted).Scan(&n)
	return n > 0, apperr.WrapIf(err, "find applications")
}

func (s store) createApplication(ctx context.Context, a ChannelApplication) error {
	_, err := s.db.Exec(ctx, `INSERT INTO channel_applications (id, channel_id, user_id, reason, sample_links, external_homepages,
		screenshots, status, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.ChannelID, a.UserID, a.Reason, encode(a.SampleLinks), encode(a.ExternalHomepages), encode(a.Screenshots), a.Status, a.SubmittedAt)
	return apperr.WrapIf(err, "create channel application")
}

const applicationColumns = `a.id, a.channel_id, c.name, a.user_id, a.reason, a.sample_links, a.external_homepages, a.screenshots,
	a.status, a.decision_reason, a.submitted_at, a.decided_at`

func scanApplication(r interface{ Scan(...any) error }) (ChannelApplication, error) {
	var a ChannelApplication
	var links, homes, shots string
	var decided sql.NullTime
	err := r.Scan(&a.ID, &a.ChannelID, &a.ChannelName, &a.UserID, &a.Reason, &links, &homes, &shots, &a.Status, &a.DecisionReason,
		&a.SubmittedAt, &decided)
	a.SampleLinks, a.ExternalHomepages, a.Screenshots, a.DecidedAt = decodeList(links), decodeList(homes), decodeList(shots), db.TimePtr(decided)
	return a, err
}

func (s store) queryApplications(ctx context.Context, query string, args ...any) ([]ChannelApplication, error) {
	rows, err := s.db.Query(ctx, query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find channel applications")
	}
	defer rows.Close()
	out := []ChannelApplication{}
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan channel application")
		}
		out = append(out, a)
	}
	return out, apperr.WrapIf(rows.Err(), "find channel applications")
}

func (s store) findApplicationsOf(ctx context.Context, user string) ([]ChannelApplication, error) {
	return s.queryApplications(ctx, `SELECT `+applicationColumns+` FROM channel_applications a JOIN channels c ON c.id = a.channel_id
		WHERE a.user_id = ? ORDER BY a.submitted_at DESC, a.id DESC`, user)
}

// findApplications pages through applications oldest first.
func (s store) findApplications(ctx context.Context, f ChannelApplicationFilter) ([]ChannelApplication, string, error) {
	limit, after, err := db.Page{Limit: f.Limit, Cursor: f.Cursor}.Resolve()
	if err != nil {
		return nil, "", err
	}
	var w db.Where
	switch f.Status {
	case "pending":
		w.Add("a.status = ?", StatusSubmitted)
	case "decided":
		w.Add("a.status <> ?", StatusSubmitted)
	}
	if !after.IsZero() {
		w.Keyset("a.submitted_at, a.id", ">", after.Time, after.ID)
	}
	lim, largs := s.db.Limit(limit + 1)
	out, err := s.queryApplications(ctx, `SELECT `+applicationColumns+` FROM channel_applications a JOIN channels c ON c.id = a.channel_id
		WHERE `+w.SQL()+` ORDER BY a.submitted_at, a.id`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, "", err
	}
	out, next := db.Trim(out, limit, func(a ChannelApplication) (time.Time, string) { return a.SubmittedAt, a.ID })
	return out, next, nil
}

func (s store) findApplication(ctx context.Context, id string) (ChannelApplication, error) {
	a, err := scanApplication(s.db.QueryRow(ctx, `SELECT `+applicationColumns+` FROM channel_applications a
		JOIN channels c ON c.id = a.channel_id WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return ChannelApplication{}, notFoundErr(i18n.T("Application"))
	}
	return a, apperr.WrapIf(err, "find channel application")
}

func (s store) decideApplication(ctx context.Context, id, status, reason, by string, at time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE channel_applications SET status = ?, decision_reason = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
		status, reason, by, at, id)
	return apperr.WrapIf(err, "decide channel application")
}

// findQuotaUsed answers the submissions used today per sub-channel.
func (s store) findQuotaUsed(ctx context.Context, channelID, account, day string) (map[string]int, error) {
	rows, err := s.db.Query(ctx, `SELECT u.sub_channel_id, u.used FROM channel_quota_usage u
		JOIN channel_sub_channels sc ON sc.id = u.sub_channel_id
		WHERE sc.channel_id = ? AND u.account_id = ? AND u.day = ?`, channelID, account, day)
	if err != nil {
		return nil, apperr.Wrap(err, "find quota")
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, apperr.Wrap(err, "scan quota")
		}
		out[id] = n
	}
	return out, apperr.WrapIf(rows.Err(), "find quota")
}

// useQuota takes one of the day's submissions of a sub-channel; false when
// limit were already used. One statement, so two concurrent submissions
// cannot both take the last one.
func (s store) useQuota(ctx context.Context, subChannelID, account, day string, limit int) (bool, error) {
	var used int
	err := s.db.QueryRowWrite(ctx, `INSERT INTO channel_quota_usage (sub_channel_id, account_id, day, used) VALUES (?, ?, ?, 1)
		ON CONFLICT (sub_channel_id, account_id, day) DO UPDATE SET used = channel_quota_usage.used + 1
		WHERE channel_quota_usage.used < ? RETURNING used`, subChannelID, account, day, limit).Scan(&used)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil && used <= limit, apperr.WrapIf(err, "use quota")
}

func (s store) createSubmission(ctx context.Context, sub ChannelSubmission, day string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO channel_submissions (id, channel_id, sub_channel_id, content_id, account_id, day, status,
		display_weight, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sub.ID, sub.ChannelID, sub.SubChannelID, sub.ContentID, sub.AccountID, day, sub.Status, sub.DisplayWeight, sub.CreatedAt)
	if _, dup := db.IsUniqueViolation(err); dup {
		return apperr.Field("content_id", "this content was already submitted to this sub-channel")
	}
	return apperr.WrapIf(err, "create channel submission")
}

const submissionColumns = `id, channel_id, sub_channel_id, content_id, account_id, status, display_weight, reason, created_at, decided_at`

func (s store) querySubmissions(ctx context.Context, query string, args ...any) ([]ChannelSubmission, error) {
	rows, err := s.db.Query(ctx, query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "find channel submissions")
	}
	defer rows.Close()
	out := []ChannelSubmission{}
	for rows.Next() {
		sub, err := scanSubmission(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan channel submission")
		}
		out = append(out, sub)
	}
	return out, apperr.WrapIf(rows.Err(), "find channel submissions")
}

func scanSubmission(r interface{ Scan(...any) error }) (ChannelSubmission, error) {
	var sub ChannelSubmission
	var decided sql.NullTime
	err := r.Scan(&sub.ID, &sub.ChannelID, &sub.SubChannelID, &sub.ContentID, &sub.AccountID, &sub.Status, &sub.DisplayWeight,
		&sub.Reason, &sub.CreatedAt, &decided)
	sub.DecidedAt = db.TimePtr(decided)
	return sub, err
}

// findPublicSubmissions pages through a channel's accepted submissions by
// display weight, then decision time, highest and newest first. The cursor
// carries the weight in its id part ("weight/id").
func (s store) findPublicSubmissions(ctx context.Context, channelID string, page db.Page) ([]ChannelSubmission, string, error) {
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	var w db.Where
	w.Add("channel_id = ? AND status = ?", channelID, StatusAccepted)
	if !after.IsZero() {
		weight, id, ok := strings.Cut(after.ID, "/")
		n, nerr := strconv.Atoi(weight)
		if !ok || nerr != nil {
			return nil, "", apperr.Field("cursor", "is not a cursor this server gave out")
		}
		w.Keyset("display_weight, decided_at, id", "<", n, after.Time, id)
	}
	lim, largs := s.db.Limit(limit + 1)
	out, err := s.querySubmissions(ctx, `SELECT `+submissionColumns+` FROM channel_submissions WHERE `+w.SQL()+`
		ORDER BY display_weight DESC, decided_at DESC, id DESC`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, "", err
	}
	out, next := db.Trim(out, limit, func(sub ChannelSubmission) (time.Time, string) {
		return *sub.DecidedAt, strconv.Itoa(sub.DisplayWeight) + "/" + sub.ID
	})
	return out, next, nil
}

// findSubmissions pages through a channel's submissions of one status,
// oldest first.
func (s store) findSubmissions(ctx context.Context, channelID string, f SubmissionFilter) ([]ChannelSubmission, string, error) {
	limit, after, err := db.Page{Limit: f.Limit, Cursor: f.Cursor}.Resolve()
	if err != nil {
		return nil, "", err
	}
	var w db.Where
	w.Add("channel_id = ? AND status = ?", channelID, f.Status)
	if !after.IsZero() {
		w.Keyset("created_at, id", ">", after.Time, after.ID)
	}
	lim, largs := s.db.Limit(limit + 1)
	out, err := s.querySubmissions(ctx, `SELECT `+submissionColumns+` FROM channel_submissions WHERE `+w.SQL()+`
		ORDER BY created_at, id`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, "", err
	}
	out, next := db.Trim(out, limit, func(sub ChannelSubmission) (time.Time, string) { return sub.CreatedAt, sub.ID })
	return out, next, nil
}

func (s store) findSubmission(ctx context.Context, id string) (ChannelSubmission, error) {
	sub, err := scanSubmission(s.db.QueryRow(ctx, `SELECT `+submissionColumns+` FROM channel_submissions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return ChannelSubmission{}, notFoundErr(i18n.T("Submission"))
	}
	return sub, apperr.WrapIf(err, "find channel submission")
}

func (s store) decideSubmission(ctx context.Context, id, status, reason string, at time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE channel_submissions SET status = ?, reason = ?, decided_at = ? WHERE id = ?`, status, reason, at, id)
	return apperr.WrapIf(err, "decide channel submission")
}

const activityColumns = `id, title, rules_text, channel_id, placement, submit_from, deadline, placement_from, placement_to, min_level,
	roles, categories, invite_level, invite_fan_value, invite_content_value, creators, submissions, saturation_ppm, version,
	created_at, updated_at`

// activityArgs are a's values for activityColumns.
func activityArgs(a Activity) []any {
	invLevel, invFan, invContent := -1, 0, 0
	if a.Invitation != nil {
		invLevel, invFan, invContent = levelRank(a.Invitation.MinLevel), a.Invitation.MinFanValue, a.Invitation.MinContentValue
	}
	return []any{a.ID, a.Title, a.RulesText, a.ChannelID, a.Placement, a.SubmitFrom, a.Deadline, a.PlacementFrom, a.PlacementTo,
		levelRank(a.MinLevel), encode(a.Roles), encode(a.Categories), invLevel, invFan, invContent, a.Creators, a.Submissions,
		a.SaturationPPM, a.Version, a.CreatedAt, a.UpdatedAt}
}

func scanActivity(r interface{ Scan(...any) error }) (Activity, error) {
	var a Activity
	var minLevel, invLevel, invFan, invContent int
	var roles, cats string
	err := r.Scan(&a.ID, &a.Title, &a.RulesText, &a.ChannelID, &a.Placement, &a.SubmitFrom, &a.Deadline, &a.PlacementFrom,
		&a.PlacementTo, &minLevel, &roles, &cats, &invLevel, &invFan, &invContent, &a.Creators, &a.Submissions, &a.SaturationPPM,
		&a.Version, &a.CreatedAt, &a.UpdatedAt)
	a.MinLevel, a.Roles, a.Categories = levelName(minLevel), decodeList(roles), decodeList(cats)
	if invLevel >= 0 {
		a.Invitation = &Invite{MinLevel: levelName(invLevel), MinFanValue: invFan, MinContentValue: invContent}
	}
	return a, err
}

func (s store) createActivity(ctx context.Context, a Activity) error {
	_, err := s.db.Exec(ctx, `INSERT INTO activities (`+activityColumns+`) VALUES (`+db.Placeholders(21)+`)`, activityArgs(a)...)
	if err != nil {
		return apperr.Wrap(err, "create activity")
	}
	return s.saveActivityParts(ctx, a)
}

// saveActivityParts replaces an activity's themes and capacities.
func (s store) saveActivityParts(ctx context.Context, a Activity) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM activity_themes WHERE activity_id = ?`, a.ID); err != nil {
		return apperr.Wrap(err, "save themes")
	}
	for _, t := range a.Themes {
		if _, err := s.db.Exec(ctx, `INSERT INTO activity_themes (activity_id, theme) VALUES (?, ?)`, a.ID, t); err != nil {
			return apperr.Wrap(err, "save themes")
		}
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM activity_capacities WHERE activity_id = ?`, a.ID); err != nil {
		return apperr.Wrap(err, "save capacities")
	}
	for _, c := range a.Capacities {
		if _, err := s.db.Exec(ctx, `INSERT INTO activity_capacities (activity_id, category, capacity, used) VALUES (?, ?, ?, ?)`,
			a.ID, c.Category, c.Capacity, c.Used); err != nil {
			return apperr.Wrap(err, "save capacities")
		}
	}
	return nil
}

func (s store) updateActivity(ctx context.Context, a Activity) error {
	args := activityArgs(a)
	_, err := s.db.Exec(ctx, `UPDATE activities SET title = ?, rules_text = ?, channel_id = ?, placement = ?, submit_from = ?,
		deadline = ?, placement_from = ?, placement_to = ?, min_level = ?, roles = ?, categories = ?, invite_level = ?,
		invite_fan_value = ?, invite_content_value = ?, saturation_ppm = ?, version = ?, updated_at = ? WHERE id = ?`,
		append(args[1:15], a.SaturationPPM, a.Version, a.UpdatedAt, a.ID)...)
	if err != nil {
		return apperr.Wrap(err, "update activity")
	}
	return s.saveActivityParts(ctx, a)
}

func (s store) findActivity(ctx context.Context, id string) (Activity, error) {
	a, err := scanActivity(s.db.QueryRow(ctx, `SELECT `+activityColumns+` FROM activities WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Activity{}, notFoundErr(i18n.T("Activity"))
	}
	if err != nil {
		return Activity{}, apperr.Wrap(err, "find activity")
	}
	items := []Activity{a}
	if err := s.fillActivities(ctx, items); err != nil {
		return Activity{}, err
	}
	return items[0], nil
}

// fillActivities loads the themes and capacities of items.
func (s store) fillActivities(ctx context.Context, items []Activity) error {
	if len(items) == 0 {
		return nil
	}
	ids := make([]string, len(items))
	at := map[string]*Activity{}
	for i := range items {
		ids[i], at[items[i].ID] = items[i].ID, &items[i]
		items[i].Themes, items[i].Capacities = []string{}, []Capacity{}
	}
	in, args := db.InList(ids)
	rows, err := s.db.Query(ctx, `SELECT activity_id, theme FROM activity_themes WHERE activity_id IN `+in+` ORDER BY theme`, args...)
	if err != nil {
		return apperr.Wrap(err, "find themes")
	}
	for rows.Next() {
		var id, t string
		if err := rows.Scan(&id, &t); err != nil {
			rows.Close()
			return apperr.Wrap(err, "scan theme")
		}
		at[id].Themes = append(at[id].Themes, t)
	}
	rows.Close()
	rows, err = s.db.Query(ctx, `SELECT activity_id, category, capacity, used FROM activity_capacities WHERE activity_id IN `+in+`
		ORDER BY category`, args...)
	if err != nil {
		return apperr.Wrap(err, "find capacities")
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var c Capacity
		if err := rows.Scan(&id, &c.Category, &c.Capacity, &c.Used); err != nil {
			return apperr.Wrap(err, "scan capacity")
		}
		c.Full = c.Used >= c.Capacity
		at[id].Capacities = append(at[id].Capacities, c)
	}
	return apperr.WrapIf(rows.Err(), "find capacities")
}

// activityQuery is an activity filter with what its view needs: the
// clock, the actor and, for invited, its standing.
type activityQuery struct {
	ActivityFilter
	now     time.Time
	account string
	invite  *Invitations
}

// sortSpec is a sort's column, direction and whether its key is a time.
var sortSpec = map[string]struct {
	column string
	desc   bool
	isTime bool
}{
	SortNewest:         {"created_at", true, true},
	SortHottest:        {"creators", true, false},
	SortSaturation:     {"saturation_ppm", true, false},
	SortDeadline:       {"deadline", false, true},
	SortPlacementStart: {"placement_from", false, true},
}

// activityCursor encodes the position after a: the sort, its key and id.
func activityCursor(sort string, a Activity) string {
	var key string
	switch sort {
	case SortNewest:
		key = a.CreatedAt.UTC().Format(time.RFC3339Nano)
	case SortHottest:
		key = strconv.Itoa(a.Creators)
	case SortSaturation:
		key = strconv.Itoa(a.SaturationPPM)
	case SortDeadline:
		key = a.Deadline.UTC().Format(time.RFC3339Nano)
	default:
		key = a.PlacementFrom.UTC().Format(time.RFC3339Nano)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(sort + "|" + key + "|" + a.ID))
}

// decodeActivityCursor answers the key and id of a cursor of sort.
func decodeActivityCursor(sort, cursor string, isTime bool) (any, string, error) {
	bad := apperr.Field("cursor", "is not a cursor this server gave out")
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	parts := strings.SplitN(string(raw), "|", 3)
	if err != nil || len(parts) != 3 || parts[0] != sort || parts[2] == "" || !utf8Valid(parts[2]) {
		return nil, "", bad
	}
	if isTime {
		t, err := time.Parse(time.RFC3339Nano, parts[1])
		if err != nil {
			return nil, "", bad
		}
		return t, parts[2], nil
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil {
		return nil, "", bad
	}
	return n, parts[2], nil
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s && !strings.ContainsRune(s, 0) }

// likePattern is q as a case-insensitive LIKE pattern with its wildcards
// escaped.
func likePattern(q string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(q)) + "%"
}

// findActivities pages through activities by q's sort, filters and view.
func (s store) findActivities(ctx context.Context, q activityQuery) ([]Activity, string, error) {
	limit, _, err := db.Page{Limit: q.Limit}.Resolve()
	if err != nil {
		return nil, "", err
	}
	spec := sortSpec[q.Sort]
	var w db.Where
	switch q.Sort {
	case SortDeadline:
		w.Add("deadline > ?", q.now)
	case SortPlacementStart:
		w.Add("placement_from > ?", q.now)
	}
	if q.Q != "" {
		p := likePattern(q.Q)
		w.Add(`(LOWER(title) LIKE ? ESCAPE '\' OR LOWER(rules_text) LIKE ? ESCAPE '\')`, p, p)
	}
	if q.Theme != "" {
		w.Add("EXISTS (SELECT 1 FROM activity_themes t WHERE t.activity_id = activities.id AND t.theme = ?)", q.Theme)
	}
	if q.Channel != "" {
		w.Add("channel_id = ?", q.Channel)
	}
	switch q.View {
	case ViewMine:
		w.Add("EXISTS (SELECT 1 FROM activity_participants p WHERE p.activity_id = activities.id AND p.account_id = ?)", q.account)
	case ViewInvited:
		invitedWhere(&w, *q.invite, q.now)
	}
	if q.Cursor != "" {
		key, id, err := decodeActivityCursor(q.Sort, q.Cursor, spec.isTime)
		if err != nil {
			return nil, "", err
		}
		w.Keyset(spec.column+", id", map[bool]string{true: "<", false: ">"}[spec.desc], key, id)
	}
	dir := map[bool]string{true: " DESC", false: ""}[spec.desc]
	lim, largs := s.db.Limit(limit + 1)
	rows, err := s.db.Query(ctx, `SELECT `+activityColumns+` FROM activities WHERE `+w.SQL()+`
		ORDER BY `+spec.column+dir+`, id`+dir+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, "", apperr.Wrap(err, "find activities")
	}
	defer rows.Close()
	out := []Activity{}
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			return nil, "", apperr.Wrap(err, "scan activity")
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, "", apperr.Wrap(err, "find activities")
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = activityCursor(q.Sort, out[limit-1])
	}
	return out, next, s.fillActivities(ctx, out)
}

// invitedWhere selects the activities still taking submissions whose
// invitation criteria st meets.
func invitedWhere(w *db.Where, st Invitations, now time.Time) {
	w.Add("invite_level >= 0 AND invite_level <= ? AND invite_fan_value <= ? AND invite_content_value <= ? AND deadline > ?",
		levelRank(st.Level), st.FanValue, st.ContentValue, now)
}

func (s store) countInvitations(ctx context.Context, st Invitations, now time.Time) (int, error) {
	var w db.Where
	invitedWhere(&w, st, now)
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM activities WHERE `+w.SQL(), w.Args()...).Scan(&n)
	return n, apperr.WrapIf(err, "count invitations")
}

func (s store) createActivitySubmission(ctx context.Context, sub ActivitySubmission) error {
	_, err := s.db.Exec(ctx, `INSERT INTO activity_submissions (id, activity_id, account_id, content_id, category, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, sub.ID, sub.ActivityID, sub.AccountID, sub.ContentID, sub.Category, sub.CreatedAt)
	if _, dup := db.IsUniqueViolation(err); dup {
		return apperr.Field("content_id", "this content was already submitted to this activity")
	}
	return apperr.WrapIf(err, "create activity submission")
}

// useCapacity takes one place in the category's capacity, if it has one;
// false when it is full. One statement, so the last place goes once.
func (s store) useCapacity(ctx context.Context, activityID, category string) (bool, error) {
	var capacity int
	err := s.db.QueryRow(ctx, `SELECT capacity FROM activity_capacities WHERE activity_id = ? AND category = ?`, activityID, category).Scan(&capacity)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, apperr.Wrap(err, "find capacity")
	}
	res, err := s.db.Exec(ctx, `UPDATE activity_capacities SET used = used + 1 WHERE activity_id = ? AND category = ? AND used < capacity`,
		activityID, category)
	if err != nil {
		return false, apperr.Wrap(err, "use capacity")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "use capacity")
}

// join records the account as taking part; true when it is new.
func (s store) join(ctx context.Context, activityID, account string, at time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `INSERT INTO activity_participants (activity_id, account_id, joined_at) VALUES (?, ?, ?)
		ON CONFLICT (activity_id, account_id) DO NOTHING`, activityID, account, at)
	if err != nil {
		return false, apperr.Wrap(err, "join activity")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.WrapIf(err, "join activity")
}

// countSubmission adds a submission (and a creator when joined) to the
// activity's counts and refreshes its saturation from its capacities.
func (s store) countSubmission(ctx context.Context, activityID string, joined bool) error {
	creators := 0
	if joined {
		creators = 1
	}
	_, err := s.db.Exec(ctx, `UPDATE activities SET submissions = submissions + 1, creators = creators + ?,
		saturation_ppm = COALESCE((SELECT MAX(used * 1000000 / capacity) FROM activity_capacities WHERE activity_id = ?), 0)
		WHERE id = ?`, creators, activityID, activityID)
	return apperr.WrapIf(err, "count activity submission")
}

// findActivitySubmissions pages through an account's activity
// submissions, newest first.
func (s store) findActivitySubmissions(ctx context.Context, account string, page db.Page) ([]ActivitySubmission, string, error) {
	limit, after, err := page.Resolve()
	if err != nil {
		return nil, "", err
	}
	var w db.Where
	w.Add("s.account_id = ?", account)
	if !after.IsZero() {
		w.Keyset("s.created_at, s.id", "<", after.Time, after.ID)
	}
	lim, largs := s.db.Limit(limit + 1)
	rows, err := s.db.Query(ctx, `SELECT s.id, s.activity_id, a.title, s.account_id, s.content_id, s.category, s.created_at
		FROM activity_submissions s JOIN activities a ON a.id = s.activity_id
		WHERE `+w.SQL()+` ORDER BY s.created_at DESC, s.id DESC`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, "", apperr.Wrap(err, "find activity submissions")
	}
	defer rows.Close()
	out := []ActivitySubmission{}
	for rows.Next() {
		var sub ActivitySubmission
		if err := rows.Scan(&sub.ID, &sub.ActivityID, &sub.ActivityTitle, &sub.AccountID, &sub.ContentID, &sub.Category, &sub.CreatedAt); err != nil {
			return nil, "", apperr.Wrap(err, "scan activity submission")
		}
		out = append(out, sub)
	}
	if err := rows.Err(); err != nil {
		return nil, "", apperr.Wrap(err, "find activity submissions")
	}
	out, next := db.Trim(out, limit, func(sub ActivitySubmission) (time.Time, string) { return sub.CreatedAt, sub.ID })
	return out, next, nil
}
