package demo

import (
	"context"
	"image/color"
	"time"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/channel"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creative"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
)

// ChannelMerchant is the demo's merchant admitted to iFashion (the rule's
// merchant clause): its first post is accepted on the channel page, its
// second waits for the channel's review, and its outfit fills the 女装
// capacity of an activity.
const ChannelMerchant = "衣橱小铺"

// FullActivity is the demo activity whose 女装 capacity is full.
const FullActivity = "女装上新季"

// channelPeople are the demo people of channels and activities.
var channelPeople = []Person{
	{Role: "merchant", Nickname: ChannelMerchant, Email: "closet@demo.helio.test", RealName: "衣橱小铺服饰有限公司",
		Licence: "91330100MA2B3C4D5N", Shop: "衣橱小铺旗舰店", Certification: creator.StatusApproved,
		Capabilities: []string{authz.CapGraphicPost},
		Posts: []Post{
			{Type: content.TypePost, Headline: "夏日碎花裙的三种穿法", Colour: color.RGBA{0xf7, 0xd6, 0xe0, 0xff}, Category: "女装",
				Body: "配草编包去海边，配小白鞋去逛街，配西装外套去上班，一条裙子三种心情。"},
			{Type: content.TypePost, Headline: "通勤包怎么选：容量与轻便", Colour: color.RGBA{0xd6, 0xe4, 0xf7, 0xff}, Category: "服饰配件",
				Body: "能放下电脑的托特包、轻便的腋下包和双肩包，各有各的场合。"},
		}},
}

// loadChannels admits the channel merchant to iFashion through an
// application the operator approves, submits its posts (one accepted, one
// waiting), leaves 山野茶铺's application in the review queue, and opens
// activities in every state: open and inviting L1 and up, closing soon,
// full for 女装, closed.
func loadChannels(ctx, operator context.Context, s Services, fresh []account.User) error {
	users := map[string]account.User{}
	for _, u := range fresh {
		users[u.Nickname] = u
	}
	merchant, ok := users[ChannelMerchant]
	if !ok {
		return nil
	}
	ctx, err := actorOf(ctx, s, merchant)
	if err != nil {
		return err
	}
	app, err := s.Channels.Apply(ctx, channel.ChannelApplicationInput{ChannelID: "ifashion", Reason: "我们做原创女装，每周上新搭配。",
		SampleLinks: []string{"https://closet.demo.helio.test/looks"}, ExternalHomepages: []string{"https://weibo.demo.helio.test/closet"}})
	if err != nil {
		return err
	}
	if _, err := s.Channels.DecideApplication(operator, app.ID, true, ""); err != nil {
		return err
	}
	posts, _, err := s.Contents.FindPublished(ctx, merchant.ID, db.Page{Limit: 10})
	if err != nil || len(posts) < 2 {
		return err
	}
	ifashion, err := s.Channels.FindChannelByID(ctx, "ifashion")
	if err != nil {
		return err
	}
	var subs []channel.ChannelSubmission
	for i, p := range posts[:2] {
		sub, err := s.Channels.Submit(ctx, ifashion.ID, channel.ChannelSubmissionInput{SubChannelID: ifashion.SubChannels[i].ID, ContentID: p.ID})
		if err != nil {
			return err
		}
		subs = append(subs, sub)
	}
	if _, err := s.Channels.DecideSubmission(operator, subs[0].ID, true, ""); err != nil {
		return err
	}
	if tea, ok := users["山野茶铺"]; ok {
		teaCtx, err := actorOf(context.WithoutCancel(ctx), s, tea)
		if err != nil {
			return err
		}
		if _, err := s.Channels.Apply(teaCtx, channel.ChannelApplicationInput{ChannelID: "ifashion", Reason: "茶具与茶服也是生活方式的一部分。",
			SampleLinks: []string{"https://tea.demo.helio.test/works"}}); err != nil {
			return err
		}
	}
	if err := loadInsights(operator, s); err != nil {
		return err
	}
	return demoActivities(ctx, operator, s, ifashion.ID, posts)
}

// demoActivities opens the demo's activities relative to now and submits
// the merchant's outfit to the one whose 女装 capacity it fills.
func demoActivities(ctx, operator context.Context, s Services, ifashion string, posts []content.Published) error {
	now := s.Clock.Now().UTC().Truncate(time.Hour)
	day := 24 * time.Hour
	inviteL1 := &channel.Invite{MinLevel: "L1"}
	var full string
	// Each activity's title is its name (demo data, not a message id).
	for _, e := range []struct {
		name string
		in   channel.ActivityInput
	}{
		{"越夏越嗨皮", channel.ActivityInput{Themes: []string{"夏日", "穿搭"}, RulesText: "原创夏日穿搭，图文不少于 3 张图，挂载当季商品。",
			ChannelID: ifashion, Placement: "手淘-首焦-营销活动会场", SubmitFrom: now.Add(-2 * day), Deadline: now.Add(9 * day),
			PlacementFrom: now.Add(12 * day), PlacementTo: now.Add(14 * day), MinLevel: "L1", Invitation: inviteL1,
			Capacities: []channel.CapacityInput{{Category: "女鞋", Capacity: 200}, {Category: "服饰配件", Capacity: 100}}}},
		{FullActivity, channel.ActivityInput{Themes: []string{"上新", "穿搭"}, RulesText: "新品女装的上身效果，真人实拍。", ChannelID: ifashion,
			Placement: "iFashion 频道-上新专区", SubmitFrom: now.Add(-5 * day), Deadline: now.Add(6 * day), PlacementFrom: now.Add(7 * day),
			PlacementTo: now.Add(10 * day), Capacities: []channel.CapacityInput{{Category: "女装", Capacity: 1}, {Category: "女鞋", Capacity: 50}}}},
		{"周末露营挑战", channel.ActivityInput{Themes: []string{"户外"}, RulesText: "分享你的露营装备清单与路线。", Placement: "手淘-户外频道-精选",
			SubmitFrom: now.Add(-3 * day), Deadline: now.Add(20 * time.Hour), PlacementFrom: now.Add(2 * day), PlacementTo: now.Add(4 * day),
			Invitation: &channel.Invite{MinLevel: "L2", MinFanValue: 200}}},
		{"春日出游记", channel.ActivityInput{Themes: []string{"春日", "出游"}, RulesText: "春天出游的穿搭与好物。", Placement: "手淘-首页-猜你喜欢",
			SubmitFrom: now.Add(-40 * day), Deadline: now.Add(-10 * day), PlacementFrom: now.Add(-8 * day), PlacementTo: now.Add(-5 * day)}},
	} {
		a := e.in
		a.Title = e.name
		created, err := s.Channels.CreateActivity(operator, a)
		if err != nil {
			return err
		}
		if e.name == FullActivity {
			full = created.ID
		}
	}
	_, err := s.Channels.SubmitToActivity(ctx, full, channel.ActivitySubmissionInput{ContentID: posts[len(posts)-1].ID, Category: "女装"})
	return err
}

// demoInsights are the creative centre's demo topics and personas; the
// heat and coverage come from the demo crowd's engagement.
var (
	// demoTopics are each a title, a keyword and a description.
	demoTopics = [][3]string{
		{"通勤穿搭", "通勤", "上班路上的穿搭灵感"},
		{"周末露营", "露营", "帐篷、装备与路线"},
		{"夏日碎花裙", "碎花", "一条裙子三种心情"},
	}
	demoPersonas = []creative.PersonaInput{
		{Name: "青春期少女", Dimension: "life_stage", Categories: []string{"outfits", "女装"},
			Description: "初中、高中、大学这三个阶段的女生，年轻、有活力，喜欢一切跟美相关的东西，追求款式。"},
		{Name: "户外运动派", Dimension: "interest", Categories: []string{"sports_outdoor"},
			Description: "周末爱去露营和徒步，关注装备与路线。"},
		{Name: "数码尝鲜者", Dimension: "interest", Categories: []string{"digital"},
			Description: "新品发布第一时间关注，喜欢评测和对比。"},
	}
)

// loadInsights creates the demo's topics and personas.
func loadInsights(operator context.Context, s Services) error {
	for _, t := range demoTopics {
		if _, err := s.Creative.CreateTopic(operator, creative.TopicInput{Title: t[0], Keywords: []string{t[1]}, Description: t[2]}); err != nil {
			return err
		}
	}
	for _, p := range demoPersonas {
		if _, err := s.Creative.CreatePersona(operator, p); err != nil {
			return err
		}
	}
	return nil
}
