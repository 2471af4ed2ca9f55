package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
)

// maxListed bounds the sessions and devices listed at once; an account has
// a handful of each.
const maxListed = 100

// FindSettings returns the actor's security settings.
func (s *Service) FindSettings(ctx context.Context) (Settings, error) {
	if err := authz.CheckCtx(ctx, authz.ReadSecurity, nil); err != nil {
		return Settings{}, err
	}
	set, _, err := s.settings(ctx, authz.ActorFrom(ctx).UserID)
	return set, err
}

// UpdateSettings replaces the actor's security settings.
func (s *Service) UpdateSettings(ctx context.Context, set Settings) (Settings, error) {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return Settings{}, err
	}
	me := authz.ActorFrom(ctx).UserID
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		before, region, err := s.settings(ctx, me)
		if err != nil {
			return err
		}
		if err := s.saveSettings(ctx, me, set, region); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "security.settings", ObjectType: "user", ObjectID: me,
			Summary: fmt.Sprintf("%+v -> %+v", before, set)})
	})
	return set, err
}

// FindSessions lists the actor's open sessions, most recently used first.
func (s *Service) FindSessions(ctx context.Context) ([]SessionInfo, error) {
	if err := authz.CheckCtx(ctx, authz.ReadSecurity, nil); err != nil {
		return nil, err
	}
	a := authz.ActorFrom(ctx)
	return s.store.findSessions(ctx, a.UserID, a.SessionID, s.clock.Now(), maxListed)
}

// SignOut ends one of the actor's sessions.
func (s *Service) SignOut(ctx context.Context, sessionID string) error {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return err
	}
	me := authz.ActorFrom(ctx).UserID
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		n, err := s.store.updateSessionRevoked(ctx, sessionID, me, s.clock.Now())
		if err != nil {
			return apperr.Wrap(err, "revoke session")
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "This session has already ended.")
		}
		return s.audit.Record(ctx, audit.Event{Action: "session.revoke", ObjectType: "session", ObjectID: sessionID})
	})
}

// SignOutOthers ends every session of the actor but the current one and
// returns how many ended.
func (s *Service) SignOutOthers(ctx context.Context) (int, error) {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return 0, err
	}
	a := authz.ActorFrom(ctx)
	var n int
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if n, err = s.revokeSessions(ctx, a.UserID, a.SessionID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "session.revoke_others", ObjectType: "user", ObjectID: a.UserID,
			Summary: fmt.Sprintf("%d sessions ended", n)})
	})
	return n, err
}

// revokeSessions ends every open session of userID except keep (which may
// be empty) and returns how many ended.
func (s *Service) revokeSessions(ctx context.Context, userID, keep string) (int, error) {
	n, err := s.store.updateSessionsRevoked(ctx, userID, keep, s.clock.Now())
	if err != nil {
		return 0, apperr.Wrap(err, "revoke sessions")
	}
	return int(n), nil
}

// FindDevices lists the actor's known devices, most recently seen first.
func (s *Service) FindDevices(ctx context.Context) ([]Device, error) {
	if err := authz.CheckCtx(ctx, authz.ReadSecurity, nil); err != nil {
		return nil, err
	}
	a := authz.ActorFrom(ctx)
	current, err := s.store.findSessionDeviceKey(ctx, a.SessionID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Wrap(err, "find session device")
	}
	return s.store.findDevices(ctx, a.UserID, current, maxListed)
}

// DeleteDevice forgets one of the actor's known devices and ends its
// sessions: its next log-in needs verification again.
func (s *Service) DeleteDevice(ctx context.Context, id string) error {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return err
	}
	me := authz.ActorFrom(ctx).UserID
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		label, key, err := s.store.deleteDevice(ctx, id, me)
		if err != nil {
			return apperr.New(apperr.NotFound, "Device not found.")
		}
		scope, arg := sessionsOnDeviceKey, key
		if key == "" {
			scope, arg = sessionsOnLabel, label
		}
		if err := s.store.updateDeviceSessionsRevoked(ctx, me, scope, arg, s.clock.Now()); err != nil {
			return apperr.Wrap(err, "revoke device sessions")
		}
		return s.audit.Record(ctx, audit.Event{Action: "security.device_remove", ObjectType: "device", ObjectID: id})
	})
}

// ChangePassword sets a new password for the actor after checking the
// current one, and signs out every other session.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	if err := authz.CheckCtx(ctx, authz.UpdateSecurity, nil); err != nil {
		return err
	}
	a := authz.ActorFrom(ctx)
	u, err := s.accounts.FindUserByID(ctx, a.UserID)
	if err != nil {
		return err
	}
	_, hash, err := s.accounts.FindCredentials(ctx, u.Nickname)
	if err != nil {
		return err
	}
	ok, err := s.accounts.Hasher().Verify(current, hash)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Field("current_password", "is not your current password")
	}
	if msg := s.accounts.Policy().Check(next); msg.Format != "" {
		return apperr.Field("new_password", msg.Format, msg.Args...)
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.accounts.SetPassword(ctx, a.UserID, next); err != nil {
			return err
		}
		n, err := s.revokeSessions(ctx, a.UserID, a.SessionID)
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "security.password_change", ObjectType: "user", ObjectID: a.UserID,
			Summary: fmt.Sprintf("password changed; %d other sessions ended", n)})
	})
}
