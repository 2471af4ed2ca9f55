package demo

import (
	"context"
	"fmt"
	"image/color"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
)

// Audience is what the demo crowd does with a creator's posts, so that the
// creators reach different levels at the demo's first recompute (the
// figures and the levels they give are in docs/levels.md's terms).
type Audience struct {
	// Fans is how many crowd members follow the creator.
	Fans int
	// Likes and Favourites make each of those fans like and favourite
	// every post.
	Likes, Favourites bool
	// Views are read on the first post; Clicks on the posts' products.
	Views, Clicks int
}

// CrowdSize is the number of crowd fans (crowd01 …), who log in like the
// demo fan but are not listed at start.
const CrowdSize = 30

// crowdNickname names crowd member i (from 1).
func crowdNickname(i int) string { return fmt.Sprintf("crowd%02d", i) }

// series makes n posts headed title 1 … n in category, the odd ones
// mounting product when it is set.
func series(title, body, category, product string, n int, c color.RGBA) []Post {
	out := make([]Post, n)
	for i := range out {
		out[i] = Post{Type: content.TypePost, Headline: fmt.Sprintf("%s %d", title, i+1), Body: body, Colour: c, Category: category}
		if product != "" && i%2 == 0 {
			out[i].Type, out[i].Product = content.TypeItem, fmt.Sprintf("%s-%02d", product, i+1)
		}
	}
	return out
}

// levelPeople are the creators at different levels: with their audiences
// the first recompute puts 潮流阿May at L4, 露营小队 at L2 and 阿杰数码 at L1
// (the base people's audiences put 小雅穿搭 at L2 and LumiBeauty at L1); the
// demo's other creators stay at L0.
var levelPeople = []Person{
	{Role: "creator", Nickname: "潮流阿May", IDNumber: "110105199305061239", Email: "may@demo.helio.test", RealName: "陈阿美", Focus: "outfits",
		Certification: creator.StatusApproved, Capabilities: []string{authz.CapGraphicPost, authz.CapProductMounting},
		Posts:    series("一周通勤穿搭", "每天一套，上班不重样，单品都能互相搭配。", "outfits", "demo-sku-may", 10, color.RGBA{0xf0, 0xb2, 0xc8, 0xff}),
		Audience: &Audience{Fans: 30, Likes: true, Favourites: true, Views: 200, Clicks: 50}},
	{Role: "creator", Nickname: "露营小队", IDNumber: "110105198709111234", Email: "camp@demo.helio.test", RealName: "赵露营",
		Certification: creator.StatusApproved, Capabilities: []string{authz.CapGraphicPost},
		Posts:    series("周末露营清单", "帐篷、睡袋和炉具怎么选，第一次露营也不手忙脚乱。", "sports_outdoor", "", 6, color.RGBA{0xa8, 0xd5, 0xa2, 0xff}),
		Audience: &Audience{Fans: 20, Likes: true, Favourites: true, Views: 300}},
	{Role: "creator", Nickname: "阿杰数码", IDNumber: "110105199602201234", Email: "jay@demo.helio.test", RealName: "周阿杰",
		Certification: creator.StatusApproved, Capabilities: []string{authz.CapGraphicPost},
		Posts:    series("数码好物开箱", "耳机、充电器和键盘，用了一个月的真实感受。", "digital", "", 4, color.RGBA{0xb5, 0xc4, 0xe6, 0xff}),
		Audience: &Audience{Fans: 15, Likes: true, Views: 300}},
}

// crowd returns the crowd's identities, signing up those missing.
func crowd(ctx context.Context, accounts *account.Service) ([]account.User, error) {
	out := make([]account.User, 0, CrowdSize)
	for i := 1; i <= CrowdSize; i++ {
		name := crowdNickname(i)
		u, _, err := accounts.FindCredentials(ctx, name)
		if apperr.CodeOf(err) == apperr.NotFound {
			u, err = accounts.SignUp(ctx, account.SignUp{Email: name + "@demo.helio.test", Nickname: name, Password: Password})
		}
		if err != nil {
			return nil, fmt.Errorf("demo %s: %w", name, err)
		}
		out = append(out, u)
	}
	return out, nil
}

// engage has the first a.Fans of fans follow u and do what a says with
// its posts.
func engage(ctx context.Context, s Services, u account.User, posts []content.Published, a Audience, fans []account.User) error {
	for _, fan := range fans[:a.Fans] {
		fanCtx := authz.WithActor(ctx, authz.Actor{UserID: fan.ID})
		if _, err := s.Feed.Follow(fanCtx, u.ID, false); err != nil {
			return err
		}
		for _, p := range posts {
			for kind, on := range map[string]bool{content.ReactionLike: a.Likes, content.ReactionFavourite: a.Favourites} {
				if !on {
					continue
				}
				if _, err := s.Contents.React(fanCtx, p.ID, kind, true); err != nil {
					return err
				}
			}
		}
	}
	for range a.Views {
		if _, err := s.Contents.ReadPublished(ctx, posts[0].ID); err != nil {
			return err
		}
	}
	var products []content.Published
	for _, p := range posts {
		if len(p.Products) > 0 {
			products = append(products, p)
		}
	}
	for i := range a.Clicks {
		if len(products) == 0 {
			break
		}
		p := products[i%len(products)]
		if _, err := s.Contents.ClickProduct(ctx, p.ID, p.Products[0].ID); err != nil {
			return err
		}
	}
	return nil
}
