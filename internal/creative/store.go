package creative

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
)

// store holds every SQL statement of the creative centre.
type store struct{ db *db.DB }

func encode(v []string) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

func decode(s string) []string {
	out := []string{}
	_ = json.Unmarshal([]byte(s), &out)
	return out
}

func notFound(what i18n.Text) error { return apperr.New(apperr.NotFound, "%s not found.", what) }

const topicColumns = `id, title, keywords, description, status, version, created_at, updated_at`

func scanTopic(r interface{ Scan(...any) error }) (Topic, error) {
	var t Topic
	var kw string
	err := r.Scan(&t.ID, &t.Title, &kw, &t.Description, &t.Status, &t.Version, &t.CreatedAt, &t.UpdatedAt)
	t.Keywords = decode(kw)
	return t, err
}

func (s store) findTopics(ctx context.Context, hidden bool) ([]Topic, error) {
	var w db.Where
	if !hidden {
		w.Add("status = ?", StatusActive)
	}
	rows, err := s.db.Query(ctx, `SELECT `+topicColumns+` FROM creative_topics WHERE `+w.SQL()+` ORDER BY created_at, id`, w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "find topics")
	}
	defer rows.Close()
	out := []Topic{}
	for rows.Next() {
		t, err := scanTopic(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan topic")
		}
		out = append(out, t)
	}
	return out, apperr.WrapIf(rows.Err(), "find topics")
}

func (s store) findTopic(ctx context.Context, id string) (Topic, error) {
	t, err := scanTopic(s.db.QueryRow(ctx, `SELECT `+topicColumns+` FROM creative_topics WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Topic{}, notFound(i18n.T("Topic"))
	}
	return t, apperr.WrapIf(err, "find topic")
}

func (s store) saveTopic(ctx context.Context, t Topic) error {
	_, err := s.db.Exec(ctx, `INSERT INTO creative_topics (`+topicColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, keywords = excluded.keywords, description = excluded.description,
		status = excluded.status, version = excluded.version, updated_at = excluded.updated_at`,
		t.ID, t.Title, encode(t.Keywords), t.Description, t.Status, t.Version, t.CreatedAt, t.UpdatedAt)
	return apperr.WrapIf(err, "save topic")
}

const personaColumns = `id, name, dimension, description, categories, status, version, created_at, updated_at`

func scanPersona(r interface{ Scan(...any) error }) (Persona, error) {
	var p Persona
	var cats string
	err := r.Scan(&p.ID, &p.Name, &p.Dimension, &p.Description, &cats, &p.Status, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	p.Categories = decode(cats)
	return p, err
}

func (s store) findPersonas(ctx context.Context, hidden bool) ([]Persona, error) {
	var w db.Where
	if !hidden {
		w.Add("status = ?", StatusActive)
	}
	rows, err := s.db.Query(ctx, `SELECT `+personaColumns+` FROM creative_personas WHERE `+w.SQL()+` ORDER BY dimension, created_at, id`, w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "find personas")
	}
	defer rows.Close()
	out := []Persona{}
	for rows.Next() {
		p, err := scanPersona(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan persona")
		}
		out = append(out, p)
	}
	return out, apperr.WrapIf(rows.Err(), "find personas")
}

func (s store) findPersona(ctx context.Context, id string) (Persona, error) {
	p, err := scanPersona(s.db.QueryRow(ctx, `SELECT `+personaColumns+` FROM creative_personas WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Persona{}, notFound(i18n.T("Persona"))
	}
	return p, apperr.WrapIf(err, "find persona")
}

func (s store) savePersona(ctx context.Context, p Persona) error {
	_, err := s.db.Exec(ctx, `INSERT INTO creative_personas (`+personaColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, dimension = excluded.dimension, description = excluded.description,
		categories = excluded.categories, status = excluded.status, version = excluded.version, updated_at = excluded.updated_at`,
		p.ID, p.Name, p.Dimension, p.Description, encode(p.Categories), p.Status, p.Version, p.CreatedAt, p.UpdatedAt)
	return apperr.WrapIf(err, "save persona")
}

func (s store) createVersion(ctx context.Context, kind, id string, version int, snapshot, by string, at time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO creative_versions (object_type, object_id, version, snapshot, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, kind, id, version, snapshot, by, at)
	return apperr.WrapIf(err, "save version")
}

func (s store) findVersions(ctx context.Context, kind, id string) ([]InsightVersion, error) {
	rows, err := s.db.Query(ctx, `SELECT version, snapshot, created_at FROM creative_versions WHERE object_type = ? AND object_id = ?
		ORDER BY version DESC`, kind, id)
	if err != nil {
		return nil, apperr.Wrap(err, "find versions")
	}
	defer rows.Close()
	out := []InsightVersion{}
	for rows.Next() {
		var v InsightVersion
		if err := rows.Scan(&v.Version, &v.Snapshot, &v.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan version")
		}
		out = append(out, v)
	}
	return out, apperr.WrapIf(rows.Err(), "find versions")
}
