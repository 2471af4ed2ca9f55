package demo

import (
	"context"
	"image/color"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/org"
)

// The demo organization and its two bound creators.
const (
	DemoOrganization = "星火MCN"
	OrgCreatorSu     = "穿搭小苏"
	OrgCreatorLin    = "美妆小林"
)

// orgPeople are the demo organization account (enterprise-certified) and
// the two creators it binds.
var orgPeople = []Person{
	{Role: "creator", Nickname: DemoOrganization, Email: "mcn@demo.helio.test", RealName: "星火文化传媒有限公司",
		Licence: "91440300MA5F8XH2K4", Certification: creator.StatusApproved},
	{Role: "creator", Nickname: OrgCreatorSu, IDNumber: "11010519970315123X", Email: "su@demo.helio.test", RealName: "苏小苏",
		Certification: creator.StatusApproved, Capabilities: []string{authz.CapGraphicPost, authz.CapProductMounting},
		Posts: []Post{{Type: content.TypePost, Headline: "一双乐福鞋的一周通勤", Colour: color.RGBA{0xcf, 0xe3, 0xd1, 0xff},
			Product: "demo-sku-loafer-01", Body: "周一配西裤，周三配半身裙，周五配牛仔裤，一双鞋走完一周。"}}},
	{Role: "creator", Nickname: OrgCreatorLin, IDNumber: "110105199806221237", Email: "lin@demo.helio.test", RealName: "林美美",
		Certification: creator.StatusApproved, Capabilities: []string{authz.CapGraphicPost, authz.CapProductMounting},
		Posts: []Post{{Type: content.TypePost, Headline: "豆沙色口红的三种画法", Colour: color.RGBA{0xf0, 0xc4, 0xc8, 0xff},
			Product: "demo-sku-lipstick-01", Body: "薄涂、叠涂和晕染，一支豆沙色从通勤到约会。"}}},
}

// loadOrganizations opens the demo organization, binds its two creators
// (穿搭小苏 at 30%, 美妆小林 at 20%) and sends an order through each one's
// tracked link, so the organization's share shows in the ledger and its
// console; 穿搭小苏 then accepts contract version 2 (40%) and a second order
// uses it. It runs after loadCommission (the merchant's products) when the
// three were created by this load.
func loadOrganizations(ctx, operator context.Context, s Services, fresh []account.User) error {
	if s.Orgs == nil || s.Commission == nil {
		return nil
	}
	by := map[string]account.User{}
	for _, u := range fresh {
		by[u.Nickname] = u
	}
	boss, su, lin := by[DemoOrganization], by[OrgCreatorSu], by[OrgCreatorLin]
	if boss.ID == "" || su.ID == "" || lin.ID == "" {
		return nil
	}
	// Both creators are new (L0): the organization's leg is split at
	// payment, while their own net waits for a settlement run, which
	// records it as not payable until their level holds cps_settlement.
	bossCtx, err := actorOf(ctx, s, boss)
	if err != nil {
		return err
	}
	o, err := s.Orgs.CreateOrganization(bossCtx, org.OrganizationInput{Name: DemoOrganization})
	if err != nil {
		return err
	}
	bind := func(u account.User, bp int64) error {
		inv, err := s.Orgs.CreateInvitation(bossCtx, o.ID, org.InvitationInput{CreatorID: u.ID, ShareBP: bp})
		if err != nil {
			return err
		}
		_, err = s.Orgs.AcceptInvitation(authz.WithActor(ctx, authz.Actor{UserID: u.ID}), inv.ID)
		return err
	}
	var links []commission.Link
	for _, b := range []struct {
		u  account.User
		bp int64
	}{{su, 3000}, {lin, 2000}} {
		if err := bind(b.u, b.bp); err != nil {
			return err
		}
		made, err := linkPublished(ctx, s, b.u)
		if err != nil {
			return err
		}
		links = append(links, made...)
	}
	for _, l := range links {
		if err := demoOrder(operator, s, l, "demo-org-"+l.ID, l.CreatedAt); err != nil {
			return err
		}
	}
	if err := bind(su, 4000); err != nil {
		return err
	}
	for _, l := range links {
		if l.CreatorID == su.ID {
			if err := demoOrder(operator, s, l, "demo-org-v2-"+l.ID, s.Clock.Now()); err != nil {
				return err
			}
		}
	}
	return nil
}
