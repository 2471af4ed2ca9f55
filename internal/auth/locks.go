package auth

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
)

// Scopes of an automatic block of log-in security: the account's log-ins
// from one IP address, or from one device.
const (
	LockScopeIP     = "ip"
	LockScopeDevice = "device"
)

// LoginLock is an automatic block of log-in security (SPEC §3.1): after
// Failures failed log-ins within the lock window, the account's log-ins
// from one IP address or one device are refused until Until.
type LoginLock struct {
	UserID string
	// Ref names the lock for ClearLoginLock; other domains keep it as it
	// is, without reading it.
	Ref string
	// Scope is LockScopeIP or LockScopeDevice; From names what is blocked:
	// the IP address, or the device's readable name.
	Scope    string
	From     string
	Failures int
	Until    time.Time
}

// LockListener is told of each automatic block of log-in security as it
// starts, in the transaction that records the failure which started it
// (the restriction domain shows the block to the account as an automatic
// restriction it may appeal).
type LockListener interface {
	LoginLocked(ctx context.Context, l LoginLock) error
}

// lockKey is what a LoginLock's Ref encodes: the failures that make the
// lock.
type lockKey struct {
	Scope   string `json:"scope"`
	Subject string `json:"subject"`
	Key     string `json:"key"`
}

// condition is the failuresOf… condition of the key's failures.
func (k lockKey) condition() string {
	if k.Scope == LockScopeDevice {
		return failuresOfSubjectDevice
	}
	return failuresOfSubjectIP
}

// tellLocks tells the lock listener of each lock of a's account in force
// at now (from a's IP, from its device), in the caller's transaction. A
// sub-account's locks stay with login security: the staff member cannot
// appeal.
func (g guard) tellLocks(ctx context.Context, a Attempt, now time.Time) error {
	s := g.s
	if s.locks == nil || a.User.ID == "" || a.SubAccountID != "" {
		return nil
	}
	keys := []lockKey{{Scope: LockScopeIP, Subject: a.Subject, Key: a.IP}}
	if a.DeviceKey != "" {
		keys = append(keys, lockKey{Scope: LockScopeDevice, Subject: a.Subject, Key: a.DeviceKey})
	}
	for _, k := range keys {
		_, wait, err := s.blocked(ctx, k.condition(), []any{k.Subject, k.Key}, s.limits.LockFailures,
			s.limits.LockWindow, s.limits.LockDuration, now)
		if err != nil {
			return err
		}
		if wait == 0 {
			continue
		}
		from := a.IP
		if k.Scope == LockScopeDevice {
			from = deviceName(audit.RequestFrom(ctx).UserAgent)
		}
		ref, err := json.Marshal(k)
		if err != nil {
			return apperr.Wrap(err, "encode log-in lock")
		}
		if err := s.locks.LoginLocked(ctx, LoginLock{UserID: a.User.ID, Ref: string(ref), Scope: k.Scope, From: from,
			Failures: s.limits.LockFailures, Until: now.Add(wait)}); err != nil {
			return err
		}
	}
	return nil
}

// ClearLoginLock ends the automatic block ref names on userID's account at
// once, forgetting the failures that made it, audited in the caller's
// transaction. The restriction domain calls it inside a use case that
// checked authorization (an upheld appeal, an operator's lifting); a lock
// that ended already is cleared again harmlessly.
func (s *Service) ClearLoginLock(ctx context.Context, userID, ref string) error {
	var k lockKey
	if err := json.Unmarshal([]byte(ref), &k); err != nil || k.Subject != userID || k.Key == "" ||
		(k.Scope != LockScopeIP && k.Scope != LockScopeDevice) {
		return apperr.Wrap(errors.New("not a log-in lock of this account"), "clear log-in lock")
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.deleteFailuresIn(ctx, k.condition(), []any{k.Subject, k.Key}); err != nil {
			return apperr.Wrap(err, "clear log-in lock")
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: userID, Action: "session.unlock", ObjectType: "user",
			ObjectID: userID, Summary: "log-in lock from this " + map[string]string{LockScopeIP: "IP",
				LockScopeDevice: "device"}[k.Scope] + " cleared"})
	})
}
