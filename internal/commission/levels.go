package commission

import (
	"context"
	"sync"
	"time"
)

// Levels answers a creator's level (SPEC §7) for the settlement gate. The
// levels domain implements it; until it is wired, StaticLevels does.
type Levels interface {
	// LevelOf answers the account's level (0 for L0 … 6 for L6) and the
	// rule-table row that decided it.
	LevelOf(ctx context.Context, accountID string) (level int, rule RuleRef, err error)
}

// StaticLevels is the default Levels: every account is L0 unless
// configured otherwise (HELIO_COMMISSION_LEVELS, the demo).
type StaticLevels struct {
	mu     sync.RWMutex
	levels map[string]int
}

// StaticLevelsTable is the rule reference StaticLevels answers with.
const StaticLevelsTable = "configured_levels"

// NewStaticLevels returns levels holding the given accounts' levels.
func NewStaticLevels(levels map[string]int) *StaticLevels {
	s := &StaticLevels{levels: map[string]int{}}
	for id, l := range levels {
		s.levels[id] = l
	}
	return s
}

// Set configures an account's level.
func (s *StaticLevels) Set(accountID string, level int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.levels[accountID] = level
}

// LevelOf answers the configured level, L0 when none is.
func (s *StaticLevels) LevelOf(_ context.Context, accountID string) (int, RuleRef, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.levels[accountID], RuleRef{Table: StaticLevelsTable, Version: 1}, nil
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
