package commission

import (
	"context"
	"sync"
	"time"
)

// Levels answers a creator's level (SPEC §7) for the settlement gate; the
// levels domain implements it (wired in internal/app).
type Levels interface {
	// LevelOf answers the account's level (0 for L0 … 6 for L6) and the
	// rule-table row that decided it.
	LevelOf(ctx context.Context, accountID string) (level int, rule RuleRef, err error)
}

// ConfiguredLevels are levels set by configuration (HELIO_COMMISSION_LEVELS,
// and the demo, whose settlement runs before its first level recompute),
// asked before the computed ones: an integrator can test the settlement
// gate with an account at any level.
type ConfiguredLevels struct {
	mu       sync.RWMutex
	levels   map[string]int
	computed Levels
}

// ConfiguredLevelsTable is the rule reference a configured level answers
// with.
const ConfiguredLevelsTable = "configured_levels"

// NewConfiguredLevels returns the given accounts' levels in front of
// computed, which answers every other account (L0 for all when nil).
func NewConfiguredLevels(levels map[string]int, computed Levels) *ConfiguredLevels {
	s := &ConfiguredLevels{levels: map[string]int{}, computed: computed}
	for id, l := range levels {
		s.levels[id] = l
	}
	return s
}

// Set configures an account's level.
func (s *ConfiguredLevels) Set(accountID string, level int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.levels[accountID] = level
}

// LevelOf answers the configured level, else the computed one.
func (s *ConfiguredLevels) LevelOf(ctx context.Context, accountID string) (int, RuleRef, error) {
	s.mu.RLock()
	l, ok := s.levels[accountID]
	s.mu.RUnlock()
	if ok || s.computed == nil {
		return l, RuleRef{Table: ConfiguredLevelsTable, Version: 1}, nil
	}
	return s.computed.LevelOf(ctx, accountID)
}

// ContentRef is what commission needs of a content: its owner (the
// creator), the products mounted in its published version (ids or skus),
// and when it was pushed (its first push, or its publication when never
// pushed).
type ContentRef struct {
	ID       string
	OwnerID  string
	Products []string
	PushedAt time.Time
}

// Contents finds published content for tracked links. The content domain
// answers it (wired in package app).
type Contents interface {
	FindContentRef(ctx context.Context, id string) (ContentRef, error)
}
