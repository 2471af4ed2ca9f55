package creative

import (
	"context"
	"strings"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
)

// FindPersonas lists the personas (hidden ones for operators too), each
// with its coverage of the caller's fans when a creator asks.
func (s *Service) FindPersonas(ctx context.Context) ([]Persona, error) {
	if err := authz.CheckCtx(ctx, authz.ReadInsights, nil); err != nil {
		return nil, err
	}
	ps, err := s.store.findPersonas(ctx, authz.CheckCtx(ctx, authz.ManageInsights, nil) == nil)
	if err != nil {
		return nil, err
	}
	return ps, s.cover(ctx, ps)
}

// FindPersonaByID returns one persona with its coverage of the caller's
// fans.
func (s *Service) FindPersonaByID(ctx context.Context, id string) (Persona, error) {
	if err := authz.CheckCtx(ctx, authz.ReadInsights, nil); err != nil {
		return Persona{}, err
	}
	p, err := s.store.findPersona(ctx, id)
	if err != nil {
		return Persona{}, err
	}
	ps := []Persona{p}
	return ps[0], s.cover(ctx, ps)
}

// cover computes each persona's coverage of the actor's fans: the share of
// its followers (up to MaxFans, the newest) who interacted in the window
// with content in one of the persona's categories.
func (s *Service) cover(ctx context.Context, ps []Persona) error {
	a := authz.ActorFrom(ctx)
	if a.Anonymous() || a.IsOperator() || len(ps) == 0 {
		return nil
	}
	var fans []string
	page := db.Page{Limit: db.MaxLimit}
	for len(fans) < s.opts.MaxFans {
		follows, next, err := s.feed.FindFollowers(ctx, a.UserID, page)
		if err != nil {
			return err
		}
		for _, f := range follows {
			fans = append(fans, f.Account.ID)
		}
		if next == "" {
			break
		}
		page.Cursor = next
	}
	fans = fans[:min(len(fans), s.opts.MaxFans)]
	read, err := s.contents.InteractedCategories(ctx, fans, s.clock.Now().Add(-s.opts.Window))
	if err != nil {
		return err
	}
	days := int(s.opts.Window.Hours() / 24)
	for i := range ps {
		c := Coverage{Fans: len(fans), WindowDay: days}
		for _, fan := range fans {
			for _, cat := range ps[i].Categories {
				if read[fan][cat] > 0 {
					c.Covered++
					break
				}
			}
		}
		if c.Fans > 0 {
			c.ShareBP = c.Covered * 10_000 / c.Fans
		}
		ps[i].Coverage = &c
	}
	return nil
}

// CreatePersona creates a persona as version 1.
func (s *Service) CreatePersona(ctx context.Context, in PersonaInput) (Persona, error) {
	if err := authz.CheckCtx(ctx, authz.ManageInsights, nil); err != nil {
		return Persona{}, err
	}
	if err := in.validate(); err != nil {
		return Persona{}, err
	}
	now := s.clock.Now()
	p := Persona{ID: newID(), Name: in.Name, Dimension: in.Dimension, Description: in.Description, Categories: in.Categories,
		Status: in.Status, Version: 1, CreatedAt: now, UpdatedAt: now}
	return p, s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.savePersona(ctx, p); err != nil {
			return err
		}
		return s.save(ctx, "persona", p.ID, p.Version, p, "persona.create")
	})
}

// UpdatePersona saves a new version of a persona.
func (s *Service) UpdatePersona(ctx context.Context, id string, in PersonaInput) (Persona, error) {
	if err := authz.CheckCtx(ctx, authz.ManageInsights, nil); err != nil {
		return Persona{}, err
	}
	if err := in.validate(); err != nil {
		return Persona{}, err
	}
	var p Persona
	return p, s.db.WithTx(ctx, func(ctx context.Context) error {
		old, err := s.store.findPersona(ctx, id)
		if err != nil {
			return err
		}
		p = Persona{ID: old.ID, Name: in.Name, Dimension: in.Dimension, Description: in.Description, Categories: in.Categories,
			Status: in.Status, Version: old.Version + 1, CreatedAt: old.CreatedAt, UpdatedAt: s.clock.Now()}
		if err := s.store.savePersona(ctx, p); err != nil {
			return err
		}
		return s.save(ctx, "persona", p.ID, p.Version, p, "persona.update")
	})
}

// CreateDraftFor starts a post draft "created for" a topic (titled with
// its hashtag) or a persona (in its first category, the persona named in
// the body); kind is topic or persona.
func (s *Service) CreateDraftFor(ctx context.Context, kind, id string) (content.Content, error) {
	if err := authz.CheckCtx(ctx, authz.CreateForAudience, nil); err != nil {
		return content.Content{}, err
	}
	var f content.Fields
	if kind == "topic" {
		t, err := s.store.findTopic(ctx, id)
		if err != nil {
			return content.Content{}, err
		}
		f = content.Fields{Title: "#" + t.Title + "# ", Body: "#" + strings.Join(t.Keywords, " #")}
	} else {
		p, err := s.store.findPersona(ctx, id)
		if err != nil {
			return content.Content{}, err
		}
		f = content.Fields{Body: "@" + p.Name + "\n", Category: p.Categories[0]}
	}
	return s.contents.CreateContent(ctx, content.TypePost, f)
}
