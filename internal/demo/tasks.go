package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/task"
)

// Operation accounts of the demo's Tmall-style store 山野茶铺.
const (
	OperatorWang = "茶铺运营小王"
	OperatorLi   = "茶铺运营小李"
)

// operationPeople are the store's two operation accounts (plain accounts
// until they accept its invitation).
var operationPeople = []Person{
	{Role: "fan", Nickname: OperatorWang, Email: "wang@tea.demo.helio.test"},
	{Role: "fan", Nickname: OperatorLi, Email: "li@tea.demo.helio.test"},
}

// pastClock is the wall clock moved back by a fixed time.
type pastClock time.Duration

func (p pastClock) Now() time.Time { return time.Now().Add(-time.Duration(p)) }

// loadTasks fills the task marketplace: it runs the jobs queued so far (the
// level recompute, so that 潮流阿May stands at L4 and 露营小队 at L2 and may
// publish quotes), has both publish quotes, binds the store's two operation
// accounts (and leaves the fan's invitation pending), and has them order
// tasks that end in every state of the lifecycle: ordered, accepted,
// declined, expired (back-dated three days; its timer runs out when the
// server's jobs run), cancelled, delivered, disputed, confirmed, and a
// dispute the operator split. It runs when the store and both creators were
// created by this load.
func loadTasks(ctx, operator context.Context, s Services, fresh []account.User) error {
	if s.Tasks == nil || s.Jobs == nil {
		return nil
	}
	by := map[string]account.User{}
	for _, u := range fresh {
		by[u.Nickname] = u
	}
	store, may, camp, wang, li := by["山野茶铺"], by["潮流阿May"], by["露营小队"], by[OperatorWang], by[OperatorLi]
	if store.ID == "" || may.ID == "" || camp.ID == "" || wang.ID == "" || li.ID == "" {
		return nil
	}
	if err := drain(ctx, s); err != nil {
		return err
	}
	quotes := map[string]task.Quote{}
	for _, q := range []struct {
		key  string
		who  account.User
		kind string
		fen  int64
		text string
	}{
		{"may-task", may, task.KindTask, 10000, "普通任务：一条图文种草笔记，含 3 张实拍图，发布后保留 30 天。"},
		{"may-live", may, task.KindLiveWindow, 20000, "直播信息窗：在直播间挂出你的商品并讲解，按小时计费。"},
		{"camp-task", camp, task.KindTask, 15000, "普通任务：露营场景实拍一组，附使用体验。"},
	} {
		actx, err := actorOf(ctx, s, q.who)
		if err != nil {
			return err
		}
		made, err := s.Tasks.CreateQuote(actx, task.QuoteInput{Kind: q.kind, Price: money.New(q.fen, "CNY"), Description: q.text})
		if err != nil {
			return fmt.Errorf("quote of %s: %w", q.who.Nickname, err)
		}
		quotes[q.key] = made
	}
	storeCtx := authz.WithActor(ctx, authz.Actor{UserID: store.ID})
	buyers := map[string]context.Context{}
	for _, op := range []account.User{wang, li} {
		b, err := s.Tasks.InviteOperationAccount(storeCtx, task.InviteInput{Login: op.Nickname})
		if err != nil {
			return err
		}
		if _, err := s.Tasks.AcceptOperationAccount(authz.WithActor(ctx, authz.Actor{UserID: op.ID}), b.ID); err != nil {
			return err
		}
		buyers[op.Nickname] = authz.WithActor(ctx, authz.Actor{UserID: op.ID, OperationFor: store.ID})
	}
	if _, err := s.Tasks.InviteOperationAccount(storeCtx, task.InviteInput{Login: "小鹿爱逛"}); err != nil {
		return err
	}
	mayCtx, err := actorOf(ctx, s, may)
	if err != nil {
		return err
	}
	campCtx, err := actorOf(ctx, s, camp)
	if err != nil {
		return err
	}
	creatorOf := map[string]context.Context{"may-task": mayCtx, "may-live": mayCtx, "camp-task": campCtx}
	link := task.ActInput{ContentLink: "https://www.example.com/demo/notes/1"}
	for _, o := range []struct {
		buyer, quote string
		hours        int
		steps        []string
	}{
		{OperatorWang, "may-task", 0, nil},
		{OperatorWang, "may-live", 2, []string{task.ActionAccept}},
		{OperatorLi, "camp-task", 0, []string{task.ActionDecline}},
		{OperatorWang, "camp-task", 0, []string{"buyer:" + task.ActionCancel}},
		{OperatorWang, "may-task", 0, []string{task.ActionAccept, task.ActionDeliver}},
		{OperatorLi, "may-task", 0, []string{task.ActionAccept, task.ActionDeliver, "buyer:" + task.ActionDispute}},
		{OperatorWang, "camp-task", 0, []string{task.ActionAccept, task.ActionDeliver, "buyer:" + task.ActionConfirm}},
		{OperatorLi, "may-live", 1, []string{task.ActionAccept, task.ActionDeliver, "buyer:" + task.ActionDispute, "operator:split"}},
	} {
		t, err := s.Tasks.PlaceTask(buyers[o.buyer], task.OrderInput{QuoteID: quotes[o.quote].ID, Requirements: "请突出茶叶的产地和冲泡方法。", Hours: o.hours})
		if err != nil {
			return fmt.Errorf("order of %s: %w", o.buyer, err)
		}
		for _, step := range o.steps {
			switch step {
			case "operator:split":
				_, err = s.Tasks.DecideDispute(operator, t.ID, task.DisputeDecision{Outcome: task.OutcomeSplit, CreatorShareBP: 6000})
			case "buyer:" + task.ActionDispute:
				_, err = s.Tasks.Act(buyers[o.buyer], t.ID, task.ActionDispute, task.ActInput{Reason: "笔记里没有出现我们的茶叶。"})
			case "buyer:" + task.ActionCancel, "buyer:" + task.ActionConfirm:
				_, err = s.Tasks.Act(buyers[o.buyer], t.ID, step[len("buyer:"):], task.ActInput{})
			default:
				_, err = s.Tasks.Act(creatorOf[o.quote], t.ID, step, link)
			}
			if err != nil {
				return fmt.Errorf("%s of an order of %s: %w", step, o.buyer, err)
			}
		}
	}
	back := s.Tasks.WithClock(pastClock(72 * time.Hour))
	if _, err := back.PlaceTask(buyers[OperatorLi], task.OrderInput{QuoteID: quotes["may-task"].ID, Requirements: "三天前下的单，达人没有接单。"}); err != nil {
		return err
	}
	return drain(ctx, s)
}

// drain runs the jobs due until none is left.
func drain(ctx context.Context, s Services) error {
	for {
		ran, err := s.Jobs.RunOnce(ctx, "demo")
		if err != nil || !ran {
			return err
		}
	}
}
