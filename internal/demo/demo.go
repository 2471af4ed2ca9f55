// Package demo loads a small, believable data set so that a newcomer can
// log in and look around: a few creators, a merchant, a brand and an
// operator, with creator accounts and certifications in each state (approved,
// under review, rejected, draft). Loading is idempotent: people who already
// exist are left alone.
package demo

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/media"
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
	// RealName is the verified name; an enterprise when Licence is set.
	RealName string
	Licence  string
	// Shop is a Tmall-style store recorded for a merchant.
	Shop string
	// Certification is the state the demo leaves the certification in.
	Certification string
	// Capabilities are granted after an approved certification.
	Capabilities []string
}

// People is the demo data set.
var People = []Person{
	{Role: "creator", Nickname: "小雅穿搭", Phone: "13800000001", Email: "xiaoya@demo.helio.test", RealName: "林小雅",
		Certification: account.StatusApproved, Capabilities: []string{authz.CapGraphicPost}},
	{Role: "creator", Nickname: "LeoRuns", Email: "leo@demo.helio.test", RealName: "李跑跑", Certification: account.StatusSubmitted},
	{Role: "creator", Nickname: "厨房日记", Phone: "13800000003", RealName: "王厨师", Certification: account.StatusRejected},
	{Role: "merchant", Nickname: "山野茶铺", Phone: "13800000004", Email: "tea@demo.helio.test", RealName: "山野茶业有限公司",
		Licence: "91350100M000100Y43", Shop: "山野茶铺官方旗舰店", Certification: account.StatusDraft},
	{Role: "brand", Nickname: "LumiBeauty", Email: "brand@lumi.demo.helio.test", RealName: "Lumi 美妆有限公司",
		Licence: "91110000802100433B"},
	{Role: "operator", Nickname: "ops", Email: "ops@demo.helio.test", Operator: []string{authz.RoleAdmin}},
}

// demoIDNumber is a valid resident ID number (a published test value).
const demoIDNumber = "11010519491231002X"

// Load creates the demo identities that do not exist yet, with their creator
// accounts, and returns how many it created.
func Load(ctx context.Context, accounts *account.Service, creators *account.Creators, files *media.Service) (int, error) {
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
		if err := setUp(ctx, operator, creators, files, u, people[i]); err != nil {
			return i, fmt.Errorf("demo %s: %w", u.Nickname, err)
		}
	}
	return len(fresh), nil
}

// png is the smallest file the media service takes as a PNG image.
var png = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)

// setUp gives a demo identity its payout account, real name, shop or brand
// entry, creator account and certification in the person's state.
func setUp(ctx, operator context.Context, creators *account.Creators, files *media.Service, u account.User, p Person) error {
	ctx = authz.WithActor(ctx, authz.Actor{UserID: u.ID})
	rn := account.RealNameInput{Kind: account.RealNamePerson, Name: p.RealName, IDNumber: demoIDNumber}
	payout := account.PayoutAccount{Provider: "dev", AccountID: "13900000000", HolderName: p.RealName, HolderType: account.SubjectIndividual}
	if p.Licence != "" {
		rn = account.RealNameInput{Kind: account.RealNameEnterprise, Name: p.RealName, LicenceNumber: p.Licence}
		payout.HolderType, payout.AccountID = account.SubjectEnterprise, "6222020200112233445"
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
	in := account.OpenInput{Type: account.TypeCreator, Name: p.Nickname, Bio: "Helio demo"}
	switch p.Role {
	case "merchant":
		if _, err := creators.RegisterShop(operator, account.Shop{UserID: u.ID, Name: p.Shop, Kind: account.ShopTmall}); err != nil {
			return err
		}
		in.Type = account.TypeMerchant
	case "brand":
		b, err := creators.SubmitBrandEntry(ctx, p.Nickname, []string{doc.ID})
		if err != nil {
			return err
		}
		if _, err := creators.DecideReview(operator, b.ID, true, ""); err != nil {
			return err
		}
		in.Type = account.TypeBrand
	}
	acct, err := creators.OpenCreatorAccount(ctx, in)
	if err != nil || p.Certification == "" {
		return err
	}
	kind := account.CertPersonal
	if p.Licence != "" {
		kind = account.CertOrganization
	}
	cert, err := creators.SubmitCertification(ctx, account.CertificationInput{CreatorAccountID: acct.ID, Kind: kind,
		Documents: []string{doc.ID}, Draft: p.Certification == account.StatusDraft})
	if err != nil {
		return err
	}
	switch p.Certification {
	case account.StatusApproved:
		if _, err = creators.DecideReview(operator, cert.ID, true, ""); err != nil {
			return err
		}
		for _, c := range p.Capabilities {
			app, err := creators.ApplyCapability(ctx, account.CapabilityInput{Capability: c, Material: "Helio demo: three years of posts"})
			if err != nil {
				return err
			}
			if _, err := creators.DecideReview(operator, app.ID, true, ""); err != nil {
				return err
			}
		}
	case account.StatusRejected:
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
}
