// Package demo loads a small, believable data set so that a newcomer can
// log in and look around: a few creators, a merchant, a brand, a fan and an
// operator, with creator accounts and certifications in each state (approved,
// under review, rejected, draft), published posts pushed to the follower
// feed (one pinned, one featured) and a fan who follows the accounts, so
// the fan's feed is full from the start; creators whose audience (a crowd
// of demo fans) puts them at levels L4, L2 and L1 at the first recompute,
// beside the L0 ones. Loading is idempotent: people who
// already exist are left alone, and posts and follows are made only with
// the people who make them.
package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	pngcodec "image/png"
	"io"
	"text/tabwriter"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/channel"
	"github.com/helio-platform/helio/internal/clock"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/creative"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/feed"
	"github.com/helio-platform/helio/internal/jobs"
	"github.com/helio-platform/helio/internal/level"
	"github.com/helio-platform/helio/internal/media"
	"github.com/helio-platform/helio/internal/org"
	"github.com/helio-platform/helio/internal/task"
)

// Password is every demo identity's password. It satisfies both password
// policies; it is published in the README, so never use demo data in
// production.
const Password = "Helio#demo2026"

// Person is one demo identity.
type Person struct {
	Role     string
	Nickname string
	Phone    string
	Email    string
	Operator []string
	// RealName is the verified name; an enterprise when Licence is set,
	// else a person with the resident IDNumber (each its own: one number
	// verifies one login, SPEC §2.1).
	RealName string
	IDNumber string
	Licence  string
	// Shop is a Tmall-style store recorded for a merchant.
	Shop string
	// MoreAccounts names the further creator accounts an enterprise opens
	// after its first (each a public identity the console switches to).
	MoreAccounts []string
	// Certification is the state the demo leaves the certification in.
	Certification string
	// Capabilities are granted after an approved certification.
	Capabilities []string
	// Posts are published (approved by the operator) and pushed to the
	// follower feed, in order, after the person is set up.
	Posts []Post
	// Follows names the people (by nickname) this person follows; true
	// makes the follow special. Follows are made after everyone's posts.
	Follows map[string]bool
	// Focus is the domain focus the certification declares.
	Focus string
	// Audience, when set, is what the demo crowd does with the posts.
	Audience *Audience
}

// Post is one demo post.
type Post struct {
	// Headline is the post's title (a page title's key would make it a
	// message id).
	Type, Headline, Body string
	// Colour tints the post's generated picture.
	Colour color.RGBA
	// Product is a mounted product's id (an item reviews one product).
	Product string
	// Pinned and Featured are the homepage flags the post gets.
	Pinned, Featured bool
	// Category is the post's category.
	Category string
}

// People is the demo data set, the creators at different levels last.
var People = append(append(append(append(basePeople, levelPeople...), operationPeople...), channelPeople...), orgPeople...)

var basePeople = []Person{
	{Role: "creator", Nickname: "小雅穿搭", IDNumber: "110105199504121230", Phone: "13800000001", Email: "xiaoya@demo.helio.test", RealName: "林小雅",
		Certification: creator.StatusApproved, Capabilities: []string{authz.CapGraphicPost, authz.CapProductMounting},
		Audience: &Audience{Fans: 20, Likes: true, Favourites: true, Views: 300, Clicks: 30},
		Posts: []Post{
			{Type: content.TypePost, Headline: "春日通勤穿搭：白衬衫的五种搭法", Colour: color.RGBA{0xf4, 0xc7, 0xc3, 0xff}, Pinned: true,
				Body: "一件白衬衫，配阔腿裤、半身裙、牛仔裤、针织背心和西装外套，一周通勤不重样。"},
			{Type: content.TypePost, Headline: "小个子显高的三个小技巧", Colour: color.RGBA{0xc3, 0xdd, 0xf4, 0xff}, Featured: true,
				Body: "高腰线、同色系和露脚踝，这三点做到了，一米五五也能穿出好比例。"},
			{Type: content.TypeItem, Headline: "测评：这双乐福鞋走一天不累脚", Colour: color.RGBA{0xd9, 0xc8, 0xa9, 0xff}, Product: "demo-sku-loafer-01",
				Body: "鞋底软硬适中，鞋头宽松不挤脚，走了一整天没有磨脚，通勤和周末都能穿。"},
			{Type: content.TypePost, Headline: "周末约会穿什么：温柔针织衫", Colour: color.RGBA{0xe8, 0xd5, 0xf0, 0xff}, Product: GroceryProduct,
				Body: "奶白色针织衫配浅色半身裙，再加一条细项链，简单又温柔。"},
		}},
	{Role: "creator", Nickname: "LeoRuns", IDNumber: "110105199203151233", Email: "leo@demo.helio.test", RealName: "李跑跑", Certification: creator.StatusSubmitted},
	{Role: "creator", Nickname: "厨房日记", IDNumber: "110105198807081235", Phone: "13800000003", RealName: "王厨师", Certification: creator.StatusRejected},
	{Role: "merchant", Nickname: "山野茶铺", Phone: "13800000004", Email: "tea@demo.helio.test", RealName: "山野茶业有限公司",
		Licence: "91350100M000100Y43", Shop: "山野茶铺官方旗舰店", Certification: creator.StatusDraft},
	{Role: "brand", Nickname: "LumiBeauty", Email: "brand@lumi.demo.helio.test", RealName: "Lumi 美妆有限公司",
		Licence: "91110000802100433B", MoreAccounts: []string{"Lumi 彩妆学院", "Lumi 男士护理"},
		Certification: creator.StatusApproved, Capabilities: []string{authz.CapGraphicPost, authz.CapProductMounting},
		Audience: &Audience{Fans: 20, Likes: true, Favourites: true, Views: 300, Clicks: 50},
		Posts: []Post{
			{Type: content.TypePost, Headline: "Lumi 春季新色：三支日常口红", Colour: color.RGBA{0xe0, 0x7a, 0x8a, 0xff}, Product: "demo-sku-lipstick-01",
				Body: "豆沙、奶茶和珊瑚三个颜色，薄涂自然，厚涂有气色，上班和约会都合适。"},
		}},
	{Role: "fan", Nickname: "小鹿爱逛", Email: "fan@demo.helio.test",
		Follows: map[string]bool{"小雅穿搭": true, "LumiBeauty": false, "LeoRuns": false, "山野茶铺": false}},
	{Role: "operator", Nickname: "ops", Email: "ops@demo.helio.test", Operator: []string{authz.RoleAdmin}},
}

// Services are the services the demo loads its data through: the same use
// cases the API and the console call.
type Services struct {
	Accounts *account.Service
	Creators *creator.Service
	Media    *media.Service
	Contents *content.Service
	Feed     *feed.Service
	Levels   *level.Service
	// Commission loads the affiliate-commission part: products, tracked
	// links, orders in every scene and a settlement run.
	Commission *commission.Service
	// Tasks loads the task marketplace, running the queued Jobs first (the
	// level recompute) so that creators hold their levels.
	Tasks *task.Service
	Jobs  *jobs.Queue
	// Clock is the app's clock: activities open and close relative to it.
	Clock clock.Clock
	// Channels loads channels and activities.
	Channels *channel.Service
	// Creative loads the creative centre's topics and personas.
	Creative *creative.Service
	// Orgs loads the demo organization with its bound creators.
	Orgs *org.Service
}

// Load creates the demo identities that do not exist yet, with their creator
// accounts, posts and follows, and returns how many it created. The posts'
// fan-out runs as jobs; a new follower's feed is filled at once with the
// followed accounts' recent posts, so the demo fan's feed is full without
// waiting for them.
func Load(ctx context.Context, s Services) (int, error) {
	accounts := s.Accounts
	var fresh []account.User
	var people []Person
	var ops account.User
	for _, p := range People {
		if p.Operator != nil {
			u, err := accounts.CreateOperator(ctx, account.Operator{Login: p.Nickname, Password: Password, Roles: p.Operator, Email: p.Email})
			if err != nil {
				return len(fresh), fmt.Errorf("demo operator %s: %w", p.Nickname, err)
			}
			ops = u
			continue
		}
		_, _, err := accounts.FindCredentials(ctx, p.Nickname)
		if err == nil {
			continue
		}
		if apperr.CodeOf(err) != apperr.NotFound {
			return len(fresh), err
		}
		u, err := accounts.SignUp(ctx, account.SignUp{Phone: p.Phone, Email: p.Email, Nickname: p.Nickname, Password: Password})
		if err != nil {
			return len(fresh), fmt.Errorf("demo %s: %w", p.Nickname, err)
		}
		fresh, people = append(fresh, u), append(people, p)
	}
	operator := authz.WithActor(ctx, authz.Actor{UserID: ops.ID, Roles: ops.Roles})
	for i, u := range fresh {
		if people[i].Role == "fan" {
			continue
		}
		if err := setUp(ctx, operator, s.Creators, s.Media, u, people[i]); err != nil {
			return i, fmt.Errorf("demo %s: %w", u.Nickname, err)
		}
		if err := publish(ctx, operator, s, u, people[i].Posts); err != nil {
			return i, fmt.Errorf("demo %s's posts: %w", u.Nickname, err)
		}
	}
	for i, u := range fresh {
		if err := follow(ctx, s, u, people[i].Follows); err != nil {
			return i, fmt.Errorf("demo %s's follows: %w", u.Nickname, err)
		}
	}
	if err := audiences(ctx, operator, s, fresh, people); err != nil {
		return len(fresh), err
	}
	if err := loadCommission(ctx, operator, s, fresh); err != nil {
		return len(fresh), fmt.Errorf("demo commission: %w", err)
	}
	if err := loadOrganizations(ctx, operator, s, fresh); err != nil {
		return len(fresh), fmt.Errorf("demo organizations: %w", err)
	}
	if err := loadTasks(ctx, operator, s, fresh); err != nil {
		return len(fresh), fmt.Errorf("demo tasks: %w", err)
	}
	if err := loadChannels(ctx, operator, s, fresh); err != nil {
		return len(fresh), fmt.Errorf("demo channels: %w", err)
	}
	return len(fresh), nil
}

// audiences has the crowd engage with the fresh people who have an
// audience, then starts a level recompute (its jobs run once the server
// serves) so the creators show their levels.
func audiences(ctx, operator context.Context, s Services, fresh []account.User, people []Person) error {
	var fans []account.User
	for i, u := range fresh {
		a := people[i].Audience
		if a == nil {
			continue
		}
		if fans == nil {
			var err error
			if fans, err = crowd(ctx, s.Accounts); err != nil {
				return err
			}
		}
		posts, _, err := s.Contents.FindPublished(ctx, u.ID, db.Page{Limit: 100})
		if err != nil {
			return err
		}
		if err := engage(ctx, s, u, posts, *a, fans); err != nil {
			return fmt.Errorf("demo %s's audience: %w", u.Nickname, err)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	_, err := s.Levels.StartRecompute(operator)
	return err
}

// actorOf is the actor of a demo person as a log-in makes it, with the
// capabilities, certification and level granted so far.
func actorOf(ctx context.Context, s Services, u account.User) (context.Context, error) {
	a := authz.Actor{UserID: u.ID}
	var err error
	if a.Capabilities, a.Certified, err = s.Creators.Entitlements(ctx, u.ID); err != nil {
		return ctx, err
	}
	if a.Level, err = s.Levels.ActorLevel(ctx, u.ID); err != nil {
		return ctx, err
	}
	a.Privileges = a.Level.Held()
	return authz.WithActor(ctx, a), nil
}

// publish writes, submits, approves (as the operator) and pushes to the
// follower feed each of posts, then pins and features those marked.
func publish(ctx, operator context.Context, s Services, u account.User, posts []Post) error {
	if len(posts) == 0 {
		return nil
	}
	ctx, err := actorOf(ctx, s, u)
	if err != nil {
		return err
	}
	for _, p := range posts {
		pic, err := s.Media.Upload(ctx, media.PurposeContent, bytes.NewReader(picture(p.Colour)))
		if err != nil {
			return err
		}
		f := content.Fields{Title: p.Headline, Body: p.Body, Media: []string{pic.ID}, Category: p.Category}
		if p.Product != "" {
			f.Products = []content.Product{{ID: p.Product}}
		}
		c, err := s.Contents.CreateContent(ctx, p.Type, f)
		if err != nil {
			return err
		}
		if _, err := s.Contents.Submit(ctx, c.ID, nil); err != nil {
			return err
		}
		if _, err := s.Contents.DecideReview(operator, c.ID, true, ""); err != nil {
			return err
		}
		if _, err := s.Contents.Push(ctx, c.ID, []string{content.TargetFeed}); err != nil {
			return err
		}
		for flag, on := range map[string]bool{"pinned": p.Pinned, "featured": p.Featured} {
			if on {
				if _, err := s.Contents.SetFlag(ctx, c.ID, flag, true); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// follow makes u follow the demo people named in follows.
func follow(ctx context.Context, s Services, u account.User, follows map[string]bool) error {
	ctx = authz.WithActor(ctx, authz.Actor{UserID: u.ID})
	for _, p := range People {
		special, ok := follows[p.Nickname]
		if !ok {
			continue
		}
		them, _, err := s.Accounts.FindCredentials(ctx, p.Nickname)
		if err != nil {
			return err
		}
		if _, err := s.Feed.Follow(ctx, them.ID, special); err != nil {
			return err
		}
	}
	return nil
}

// picture draws a 480×320 PNG in colour with a lighter band, so demo
// posts have a real image (and thumbnail) to show.
func picture(c color.RGBA) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 480, 320))
	light := color.RGBA{uint8((int(c.R) + 255) / 2), uint8((int(c.G) + 255) / 2), uint8((int(c.B) + 255) / 2), 0xff}
	for y := range 320 {
		for x := range 480 {
			img.SetRGBA(x, y, c)
			if y > 200 && y < 250 {
				img.SetRGBA(x, y, light)
			}
		}
	}
	var buf bytes.Buffer
	_ = pngcodec.Encode(&buf, img)
	return buf.Bytes()
}

// png is the smallest file the media service takes as a PNG image.
var png = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)

// setUp gives a demo identity its payout account, real name, shop or brand
// entry, creator account and certification in the person's state.
func setUp(ctx, operator context.Context, creators *creator.Service, files *media.Service, u account.User, p Person) error {
	ctx = authz.WithActor(ctx, authz.Actor{UserID: u.ID})
	rn := creator.RealNameInput{Kind: creator.RealNamePerson, Name: p.RealName, IDNumber: p.IDNumber}
	payout := creator.PayoutAccount{Provider: "dev", AccountID: "13900000000", HolderName: p.RealName, HolderType: creator.SubjectIndividual}
	if p.Licence != "" {
		rn = creator.RealNameInput{Kind: creator.RealNameEnterprise, Name: p.RealName, LicenceNumber: p.Licence}
		payout.HolderType, payout.AccountID = creator.SubjectEnterprise, "6222020200112233445"
	}
	if _, err := creators.VerifyRealName(ctx, rn); err != nil {
		return err
	}
	if _, err := creators.BindPayout(ctx, payout); err != nil {
		return err
	}
	doc, err := files.Upload(ctx, media.PurposeDocument, bytes.NewReader(png))
	if err != nil {
		return err
	}
	in := creator.OpenInput{Type: creator.TypeCreator, Name: p.Nickname, Bio: "Helio demo"}
	switch p.Role {
	case "merchant":
		if _, err := creators.RegisterShop(operator, creator.Shop{UserID: u.ID, Name: p.Shop, Kind: creator.ShopTmall}); err != nil {
			return err
		}
		in.Type = creator.TypeMerchant
	case "brand":
		b, err := creators.SubmitBrandEntry(ctx, p.Nickname, []string{doc.ID})
		if err != nil {
			return err
		}
		if _, err := creators.DecideReview(operator, b.ID, true, ""); err != nil {
			return err
		}
		in.Type = creator.TypeBrand
	}
	acct, err := creators.OpenCreatorAccount(ctx, in)
	if err != nil {
		return err
	}
	for _, name := range p.MoreAccounts {
		if _, err := creators.OpenCreatorAccount(ctx, creator.OpenInput{Type: creator.TypeCreator, Name: name, Bio: "Helio demo"}); err != nil {
			return err
		}
	}
	if p.Certification == "" {
		return nil
	}
	kind := creator.CertPersonal
	if p.Licence != "" {
		kind = creator.CertOrganization
	}
	cert, err := creators.SubmitCertification(ctx, creator.CertificationInput{CreatorAccountID: acct.ID, Kind: kind,
		Documents: []string{doc.ID}, DomainFocus: p.Focus, Draft: p.Certification == creator.StatusDraft})
	if err != nil {
		return err
	}
	switch p.Certification {
	case creator.StatusApproved:
		if _, err = creators.DecideReview(operator, cert.ID, true, ""); err != nil {
			return err
		}
		for _, c := range p.Capabilities {
			app, err := creators.ApplyCapability(ctx, creator.CapabilityInput{Capability: c, Material: "Helio demo: three years of posts"})
			if err != nil {
				return err
			}
			if _, err := creators.DecideReview(operator, app.ID, true, ""); err != nil {
				return err
			}
		}
	case creator.StatusRejected:
		_, err = creators.DecideReview(operator, cert.ID, false, "The ID card photo is unreadable; upload a sharper one.")
	}
	return err
}

// PrintLogins writes the demo log-ins as a table.
func PrintLogins(w io.Writer, url string) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Demo data loaded. Open %s and log in as:\n", url)
	fmt.Fprintln(tw, "  role\tlogin\tpassword")
	for _, p := range People {
		login := p.Nickname
		if p.Phone != "" {
			login += " / " + p.Phone
		}
		if p.Email != "" {
			login += " / " + p.Email
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", p.Role, login, Password)
	}
	tw.Flush()
	fmt.Fprintln(w, "Log-ins from a new browser ask for a code: with the log sender, this log prints it on a \"development code\" line.")
}
