// Package demo loads a small, believable data set so that a newcomer can
// log in and look around: a few creators, a merchant, a brand and an
// operator. Loading is idempotent: people who already exist are left alone.
package demo

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
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
}

// People is the demo data set.
var People = []Person{
	{Role: "creator", Nickname: "小雅穿搭", Phone: "13800000001", Email: "xiaoya@demo.helio.test"},
	{Role: "creator", Nickname: "LeoRuns", Email: "leo@demo.helio.test"},
	{Role: "creator", Nickname: "厨房日记", Phone: "13800000003"},
	{Role: "merchant", Nickname: "山野茶铺", Phone: "13800000004", Email: "tea@demo.helio.test"},
	{Role: "brand", Nickname: "LumiBeauty", Email: "brand@lumi.demo.helio.test"},
	{Role: "operator", Nickname: "ops", Operator: []string{authz.RoleAdmin}},
}

// Load creates the demo identities that do not exist yet and returns how
// many it created.
func Load(ctx context.Context, accounts *account.Service) (int, error) {
	created := 0
	for _, p := range People {
		if p.Operator != nil {
			if _, err := accounts.CreateOperator(ctx, p.Nickname, Password, p.Operator); err != nil {
				return created, fmt.Errorf("demo operator %s: %w", p.Nickname, err)
			}
			continue
		}
		_, _, err := accounts.FindCredentials(ctx, p.Nickname)
		if err == nil {
			continue
		}
		if apperr.CodeOf(err) != apperr.NotFound {
			return created, err
		}
		if _, err := accounts.SignUp(ctx, account.SignUp{Phone: p.Phone, Email: p.Email, Nickname: p.Nickname,
			Password: Password}); err != nil {
			return created, fmt.Errorf("demo %s: %w", p.Nickname, err)
		}
		created++
	}
	return created, nil
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
