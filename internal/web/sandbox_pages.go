package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/ledger"
	"github.com/helio-platform/helio/internal/money"
)

// sandboxData is the sandbox page: the caller's sandbox mode, their
// tracked links named by content and product title, and the answers of
// the sandbox orders just placed.
type sandboxData struct {
	Mode commission.SandboxMode
	// Since is when the account switched sandbox mode on.
	Since   string
	Links   []sandboxLinkRow
	Answers []sandboxAnswer
}

// sandboxAnswer is a placed sandbox order: its outcome, commission and
// the creator's part, and the state of the creator's sandbox account that
// part went to (pending).
type sandboxAnswer struct {
	N                                     int
	Outcome, Commission, Creator, Account string
}

// sandboxOutcome names an answer's outcome for people.
func sandboxOutcome(r *http.Request, outcome string) string {
	t := i18n.T("%s", outcome)
	switch outcome {
	case commission.OutcomeApplied:
		t = i18n.T("Attributed and recorded")
	case commission.OutcomeUnattributed:
		t = i18n.T("Not attributed")
	}
	return t.In(i18n.FromContext(r.Context()))
}

// sandboxLinkRow is one tracked link as people know it.
type sandboxLinkRow struct {
	ID, Content, Product, Scene string
}

func (c *Console) sandboxPage(w http.ResponseWriter, r *http.Request) {
	c.sandboxRender(w, r, page{Flash: r.URL.Query().Get("done")}, nil, nil)
}

func (c *Console) sandboxRender(w http.ResponseWriter, r *http.Request, p page, answers []commission.EventAnswer, fail error) {
	ctx := r.Context()
	mode, err := c.deps.Commission.FindSandboxMode(ctx)
	d := sandboxData{Mode: mode}
	if mode.EnabledAt != nil {
		d.Since = mode.EnabledAt.Format("2006-01-02 15:04:05 UTC")
	}
	for i, a := range answers {
		row := sandboxAnswer{N: i + 1, Outcome: sandboxOutcome(r, a.Outcome)}
		if a.Shares != nil {
			row.Commission, row.Creator = money.New(a.Shares.Commission, "CNY").String(), money.New(a.Shares.Creator, "CNY").String()
		}
		for _, posting := range a.Postings {
			for _, l := range posting.Lines {
				if strings.HasPrefix(l.Account, ledger.SandboxPrefix+"creator:") {
					row.Account = label(bucketLabels, l.Account[strings.LastIndex(l.Account, ":")+1:], i18n.FromContext(ctx))
				}
			}
		}
		d.Answers = append(d.Answers, row)
	}
	if err == nil {
		var links []commission.ProductLink
		if links, err = c.deps.Commission.FindSandboxLinks(ctx); err == nil {
			ids := make([]string, len(links))
			for i, l := range links {
				ids[i] = l.ContentID
			}
			titles := map[string]string{}
			if found, ferr := c.deps.Contents.FindPublishedByIDs(ctx, ids); ferr == nil {
				for id, pub := range found {
					titles[id] = pub.Title
				}
			}
			for _, l := range links {
				d.Links = append(d.Links, sandboxLinkRow{ID: l.ID, Content: titles[l.ContentID], Product: l.ProductTitle, Scene: l.Scene})
			}
		}
	}
	if fail == nil {
		fail = err
	}
	p.Title, p.Data = "Sandbox", d
	c.show(w, r, "sandbox.html", p, fail)
}

// switchSandbox turns the caller's account's sandbox mode on or off.
func (c *Console) switchSandbox(w http.ResponseWriter, r *http.Request) {
	if _, err := c.deps.Commission.SetSandboxMode(r.Context(), r.FormValue("enabled") == "1"); err != nil {
		c.sandboxRender(w, r, page{}, nil, err)
		return
	}
	http.Redirect(w, r, "/sandbox?done=1", http.StatusSeeOther)
}

// placeSandboxOrders places the form's synthetic orders on one link and
// shows their answers.
func (c *Console) placeSandboxOrders(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "link_id", "amount", "count")
	amount, aerr := parseYuan(form["amount"])
	count, cerr := strconv.Atoi(form["count"])
	var err error
	var answers []commission.EventAnswer
	switch {
	case aerr != nil || amount <= 0:
		err = apperr.Field("amount", "must be an amount like 99.00")
	case cerr != nil:
		err = apperr.Field("count", "must be between 1 and 100")
	default:
		answers, err = c.deps.Commission.PlaceSandboxOrders(r.Context(), commission.SandboxOrder{LinkID: form["link_id"],
			Amount: money.New(amount, "CNY"), Count: count})
	}
	p := page{Form: form}
	if err == nil {
		p.Flash = "orders"
	}
	c.sandboxRender(w, r, p, answers, err)
}
