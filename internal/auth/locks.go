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
// starts, in the transaction that records the failure which started it,
// and of each that ends before its Until because its failures were cleared
// (a successful log-in, a block lifted on appeal), in the transaction that
// clears them (the restriction domain shows the block to the account as an
// automatic restriction it may appeal).
type LockListener interface {
	LoginLocked(ctx context.Context, l LoginLock) error
	// LoginLockEnded: the lock ref names (a LoginLock's Ref) on userID's
	// account ended early. A lock that ended already, or was never told,
	// may be told of again.
	LoginLockEnded(ctx context.Context, userID, ref string) error
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

// ref is the key as a LoginLock's Ref.
func (k lockKey) ref() (string, error) {
	ref, err := json.Marshal(k)
	return string(ref), apperr.WrapIf(err, "encode log-in lock")
}

// lockWait is how long the lock of key k still holds at now (0 when it is
// not in force).
func (s *Service) lockWait(ctx context.Context, k lockKey, now time.Time) (time.Duration, error) {
	_, wait, err := s.blocked(ctx, k.condition(), []any{k.Subject, k.Key}, s.limits.LockFailures, s.limits.LockWindow,
		s.limits.LockDuration, now)
	return wait, err
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
		wait, err := s.lockWait(ctx, k, now)
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
		ref, err := k.ref()
		if err != nil {
			return err
		}
		if err := s.locks.LoginLocked(ctx, LoginLock{UserID: a.User.ID, Ref: ref, Scope: k.Scope, From: from,
			Failures: s.limits.LockFailures, Until: now.Add(wait)}); err != nil {
			return err
		}
	}
	return nil
}

// forgetFailures forgets the failures of userID's account in scope (a
// failuresOf… condition whose first argument is userID) in the caller's
// transaction, and tells the lock listener of each of the account's locks
// that ends with them: those of the IP addresses and devices of the
// failures forgotten, not only the one scope names. A lock that does not
// end keeps its expiry: no failure is recorded against a key while it is
// locked, so the failures left never make a shorter lock of their own.
func (s *Service) forgetFailures(ctx context.Context, userID, scope string, args []any) error {
	now := s.clock.Now()
	var inForce []lockKey
	if s.locks != nil {
		keys, err := s.store.findFailureKeys(ctx, scope, args, now.Add(-s.limits.LockWindow-s.limits.LockDuration))
		if err != nil {
			return apperr.Wrap(err, "find log-in locks")
		}
		for _, k := range keys {
			k.Subject = userID
			wait, err := s.lockWait(ctx, k, now)
			if err != nil {
				return err
			}
			if wait > 0 {
				inForce = append(inForce, k)
			}
		}
	}
	if err := s.store.deleteFailuresIn(ctx, scope, args); err != nil {
		return apperr.Wrap(err, "clear log-in failures")
	}
	for _, k := range inForce {
		wait, err := s.lockWait(ctx, k, now)
		if err != nil {
			return err
		}
		if wait > 0 {
			continue
		}
		ref, err := k.ref()
		if err != nil {
			return err
		}
		if err := s.locks.LoginLockEnded(ctx, userID, ref); err != nil {
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
		if err := s.forgetFailures(ctx, userID, k.condition(), []any{k.Subject, k.Key}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{OwnerID: userID, Action: "session.unlock", ObjectType: "user",
			ObjectID: userID, Summary: "log-in lock from this " + map[string]string{LockScopeIP: "IP",
				LockScopeDevice: "device"}[k.Scope] + " cleared"})
	})
}
