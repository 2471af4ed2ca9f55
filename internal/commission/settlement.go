package commission

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/webhook"
)

// SettlementKind is the job that carries out a settlement run.
const SettlementKind = "commission.settle"

// Settlement states.
const (
	SettlementQueued  = "queued"
	SettlementRunning = "running"
	SettlementDone    = "done"
)

// Settlement is one run over a period (a month of payments), with its
// progress: Done of Total lines looked at, and the creator amounts it
// moved, in minor units of the lines' currency.
type Settlement struct {
	ID         string     `json:"id"`
	Period     string     `json:"period"`
	State      string     `json:"state" enum:"queued,running,done"`
	Total      int        `json:"total"`
	Done       int        `json:"done"`
	Settled    int64      `json:"settled"`
	NotPayable int64      `json:"not_payable"`
	Released   int64      `json:"released"`
	Forfeited  int64      `json:"forfeited"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	FinishedAt *time.Time `json:"finished_at"`
	JobID      string     `json:"job_id"`
}

// settleable are the lines a run for [from, to) settles: confirmed, still
// pending, real money, paid in the period.
func settleable(from, to time.Time) db.Where {
	var w db.Where
	w.Add(`state = ? AND confirmed AND NOT sandbox AND paid_at >= ? AND paid_at < ?`, StatePending, from, to)
	return w
}

// heldBelowLevel are the not-payable lines a run up to `to` looks at again.
func heldBelowLevel(to time.Time) db.Where {
	var w db.Where
	w.Add(`state = ? AND NOT sandbox AND paid_at < ?`, StateNotPayable, to)
	return w
}

// CreateSettlement starts a settlement run for a period ("2026-03") and
// answers it; a job does the work in batches. Running a period again moves
// only what the earlier runs left (nothing, when nothing changed).
func (s *Service) CreateSettlement(ctx context.Context, period string) (Settlement, error) {
	if err := authz.CheckCtx(ctx, authz.RunSettlement, nil); err != nil {
		return Settlement{}, err
	}
	from, to, err := parsePeriod(period)
	if err != nil {
		return Settlement{}, err
	}
	st := Settlement{ID: newID(), Period: from.Format("2006-01"), State: SettlementQueued,
		CreatedBy: authz.ActorFrom(ctx).UserID, CreatedAt: s.clock.Now()}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		a, err := s.store.countLines(ctx, settleable(from, to))
		if err != nil {
			return err
		}
		b, err := s.store.countLines(ctx, heldBelowLevel(to))
		if err != nil {
			return err
		}
		st.Total = a + b
		if st.JobID, err = s.jobs.Enqueue(ctx, SettlementKind, settlementJob{ID: st.ID}, jobs.Dedupe("settle:"+st.ID)); err != nil {
			return err
		}
		if err := s.store.createSettlement(ctx, st); err != nil {
			return err
		}
		return s.record(ctx, "settlement.create", "settlement", st.ID, "period "+st.Period)
	})
	return st, err
}

// FindSettlementByID answers a run with its progress.
func (s *Service) FindSettlementByID(ctx context.Context, id string) (Settlement, error) {
	if err := authz.CheckCtx(ctx, authz.RunSettlement, nil); err != nil {
		return Settlement{}, err
	}
	return s.store.findSettlement(ctx, id)
}

type settlementJob struct {
	ID string `json:"id"`
}

// runSettlement carries out a run: batch by batch, each batch one
// transaction holding the ledger lock that moves the lines and records the
// progress. Killed half-way, the job is retried and goes on where it
// stopped: a moved line has left the state the batches select, and every
// posting has the line's natural ref, so nothing moves twice.
func (s *Service) runSettlement(ctx context.Context, j jobs.Job) error {
	var p settlementJob
	if err := j.Decode(&p); err != nil {
		return err
	}
	st, err := s.store.findSettlement(ctx, p.ID)
	if err != nil || st.State == SettlementDone {
		return err // a job retried after the run finished does nothing again
	}
	from, to, err := parsePeriod(st.Period)
	if err != nil {
		return err
	}
	gates := map[string]gate{}
	for _, phase := range []db.Where{settleable(from, to), heldBelowLevel(to)} {
		var after time.Time
		var afterID string
		for {
			w := phase
			if afterID != "" {
				w.Keyset("paid_at, id", ">", after, afterID)
			}
			n := 0
			err := s.db.WithTx(ctx, func(ctx context.Context) error {
				if err := s.ledger.Lock(ctx); err != nil {
					return err
				}
				lines, err := s.store.findLines(ctx, w, s.opts.SettlementBatch)
				if err != nil {
					return err
				}
				n = len(lines)
				moved := Settlement{ID: st.ID, State: SettlementRunning, Done: n}
				for _, l := range lines {
					after, afterID = l.PaidAt, l.ID
					if err := s.settleLine(ctx, l, gates, &moved); err != nil {
						return err
					}
				}
				return s.store.addSettlementProgress(ctx, moved)
			})
			if err != nil {
				return err
			}
			if n < s.opts.SettlementBatch {
				break
			}
		}
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.finishSettlement(ctx, st.ID, s.clock.Now()); err != nil {
			return err
		}
		if err := s.emitSettled(ctx, st); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: st.CreatedBy, Action: "settlement.finish",
			ObjectType: "settlement", ObjectID: st.ID, Summary: "period " + st.Period})
	})
}

// SettledEvent is the data of the settlement.finished webhook event: what
// one finished run moved of one creator's parts, in minor units of
// Currency.
type SettledEvent struct {
	SettlementID string `json:"settlement_id"`
	Period       string `json:"period"`
	CreatorID    string `json:"creator_id"`
	Currency     string `json:"currency"`
	Settled      int64  `json:"settled"`
	NotPayable   int64  `json:"not_payable"`
	Released     int64  `json:"released"`
	Forfeited    int64  `json:"forfeited"`
}

// emitSettled hands each creator's totals of the run to their webhooks.
func (s *Service) emitSettled(ctx context.Context, st Settlement) error {
	if s.events == nil {
		return nil
	}
	totals, err := s.store.findSettlementCreators(ctx, st.ID)
	if err != nil {
		return err
	}
	for _, t := range totals {
		t.Period = st.Period
		if err := s.events.Emit(ctx, t.CreatorID, webhook.EventSettlementFinished, t); err != nil {
			return err
		}
	}
	return nil
}

// settleLine moves one line's creator part by the settlement gate (the
// level's cps_settlement privilege, see gateOf) and the below-level policy
// of the rules in force now.
func (s *Service) settleLine(ctx context.Context, l OrderLine, cache map[string]gate, moved *Settlement) error {
	now := s.clock.Now()
	rules, err := s.store.findRulesAt(ctx, now)
	if err != nil {
		return err
	}
	g, err := s.gateOf(ctx, cache, l.CreatorID)
	if err != nil {
		return err
	}
	payable := g.payable
	var kind, to, state string
	var total *int64
	switch {
	case l.State == StatePending && payable:
		kind, to, state, total = "settle", ledger.Creator(l.CreatorID, ledger.Settled), StateSettled, &moved.Settled
	case l.State == StatePending:
		kind, to, state, total = "not_payable", ledger.Creator(l.CreatorID, ledger.NotPayable), StateNotPayable, &moved.NotPayable
	case payable && (l.NotPayableAt == nil || now.Sub(*l.NotPayableAt) <= windowOf(rules.BelowLevel.HoldDays)):
		kind, to, state, total = "release", ledger.Creator(l.CreatorID, ledger.Settled), StateReleased, &moved.Released
	case l.NotPayableAt != nil && now.Sub(*l.NotPayableAt) > windowOf(rules.BelowLevel.HoldDays) && rules.BelowLevel.Then == PolicyForfeit:
		kind, to, state, total = "forfeit", ledger.Platform, StateForfeited, &moved.Forfeited
	default:
		return nil // held below the level, inside the hold or kept by policy
	}
	amount := money.New(l.Shares.Creator, l.Paid.Currency)
	detail, err := json.Marshal(g.detail(kind, rules))
	if err != nil {
		return apperr.Wrap(err, "encode the gate's detail")
	}
	if amount.Minor != 0 {
		_, _, err := s.ledger.Post(ctx, ledger.Posting{Kind: "commission." + kind, Ref: kind + ":" + l.ID, Memo: l.memo(kind),
			Lines: []ledger.Line{
				{Account: l.creatorAccount(), Amount: money.New(-amount.Minor, amount.Currency), Detail: detail},
				{Account: l.account(to), Amount: amount, Detail: detail},
			}})
		if err != nil {
			return apperr.Wrap(err, "post "+kind)
		}
	}
	*total += amount.Minor
	if err := s.store.addSettlementCreator(ctx, moved.ID, l.CreatorID, kind, amount); err != nil {
		return err
	}
	var at *time.Time
	if state == StateNotPayable {
		at = &now
	}
	return s.store.setLineState(ctx, l.ID, state, at)
}

func (s store) countLines(ctx context.Context, w db.Where) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM commission_lines WHERE `+w.SQL(), w.Args()...).Scan(&n)
	return n, apperr.WrapIf(err, "count order lines")
}

func (s store) createSettlement(ctx context.Context, st Settlement) error {
	return s.exec(ctx, "create settlement", `INSERT INTO commission_settlements (id, period, state, total, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, st.ID, st.Period, st.State, st.Total, st.CreatedBy, st.CreatedAt)
}

func (s store) findSettlement(ctx context.Context, id string) (Settlement, error) {
	var st Settlement
	var finished sql.NullTime
	err := s.db.QueryRow(ctx, `SELECT id, period, state, total, done, settled, not_payable, released, forfeited, created_by,
		created_at, finished_at FROM commission_settlements WHERE id = ?`, id).Scan(&st.ID, &st.Period, &st.State, &st.Total,
		&st.Done, &st.Settled, &st.NotPayable, &st.Released, &st.Forfeited, &st.CreatedBy, &st.CreatedAt, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return Settlement{}, apperr.New(apperr.NotFound, "%s not found.", i18n.T("Settlement"))
	} else if err != nil {
		return Settlement{}, apperr.Wrap(err, "find settlement")
	}
	st.CreatedAt, st.FinishedAt = st.CreatedAt.UTC(), db.TimePtr(finished)
	return st, nil
}

// addSettlementProgress adds a batch's counts and amounts to the run.
func (s store) addSettlementProgress(ctx context.Context, b Settlement) error {
	return s.exec(ctx, "record settlement progress", `UPDATE commission_settlements SET state = ?, done = done + ?,
		settled = settled + ?, not_payable = not_payable + ?, released = released + ?, forfeited = forfeited + ? WHERE id = ?`,
		b.State, b.Done, b.Settled, b.NotPayable, b.Released, b.Forfeited, b.ID)
}

// settlementColumns are the columns of commission_settlement_creators
// each kind of move adds to.
var settlementColumns = map[string]string{"settle": "settled", "not_payable": "not_payable", "release": "released",
	"forfeit": "forfeited"}

// addSettlementCreator adds one moved line's amount to its creator's totals
// of the run.
func (s store) addSettlementCreator(ctx context.Context, settlementID, creatorID, kind string, amount money.Amount) error {
	col := settlementColumns[kind]
	return s.exec(ctx, "record settlement per creator", `INSERT INTO commission_settlement_creators (settlement_id, creator_id,
		currency, `+col+`) VALUES (?, ?, ?, ?) ON CONFLICT (settlement_id, creator_id, currency)
		DO UPDATE SET `+col+` = commission_settlement_creators.`+col+` + excluded.`+col, settlementID, creatorID,
		amount.Currency, amount.Minor)
}

// findSettlementCreators answers a run's totals per creator and currency.
func (s store) findSettlementCreators(ctx context.Context, settlementID string) ([]SettledEvent, error) {
	rows, err := s.db.Query(ctx, `SELECT creator_id, currency, settled, not_payable, released, forfeited
		FROM commission_settlement_creators WHERE settlement_id = ? ORDER BY creator_id, currency`, settlementID)
	if err != nil {
		return nil, apperr.Wrap(err, "find settlement per creator")
	}
	defer rows.Close()
	var out []SettledEvent
	for rows.Next() {
		e := SettledEvent{SettlementID: settlementID}
		if err := rows.Scan(&e.CreatorID, &e.Currency, &e.Settled, &e.NotPayable, &e.Released, &e.Forfeited); err != nil {
			return nil, apperr.Wrap(err, "find settlement per creator")
		}
		out = append(out, e)
	}
	return out, apperr.WrapIf(rows.Err(), "find settlement per creator")
}

func (s store) finishSettlement(ctx context.Context, id string, at time.Time) error {
	return s.exec(ctx, "finish settlement", `UPDATE commission_settlements SET state = ?, finished_at = ? WHERE id = ?`,
		SettlementDone, at, id)
}
