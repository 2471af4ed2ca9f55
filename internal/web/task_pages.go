package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/money"
	"github.com/helio-platform/helio/internal/task"
)

// tasksData is the "My tasks" page: the orders placed with me as a
// creator and those I (or my store's operation accounts) placed.
type tasksData struct {
	State   string
	States  []string
	Creator []task.Order
	Buyer   []task.Order
	// Operation is set for an operation account, which only buys.
	Operation bool
}

func (c *Console) tasksPage(w http.ResponseWriter, r *http.Request) {
	state := r.URL.Query().Get("state")
	d := tasksData{State: state, States: task.States, Operation: authz.ActorFrom(r.Context()).OperationFor != ""}
	var err error
	if !d.Operation {
		d.Creator, _, err = c.deps.Tasks.FindTasks(r.Context(), task.TaskFilter{Role: task.SideCreator, State: state,
			Page: db.Page{Limit: db.MaxLimit}})
	}
	if err == nil {
		d.Buyer, _, err = c.deps.Tasks.FindTasks(r.Context(), task.TaskFilter{Role: "merchant", State: state,
			Page: db.Page{Limit: db.MaxLimit}})
	}
	c.show(w, r, "tasks.html", page{Title: "My tasks", Flash: r.URL.Query().Get("done"), Data: d}, err)
}

// taskData is one task's page with the actions the viewer may take.
type taskData struct {
	Task    task.Order
	Actions []string
	// Side is the viewer's side: creator or buyer.
	Side string
}

func (c *Console) taskPage(w http.ResponseWriter, r *http.Request) {
	c.taskRender(w, r, page{Flash: r.URL.Query().Get("done")}, nil)
}

func (c *Console) taskRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	t, err := c.deps.Tasks.FindTaskByID(r.Context(), r.PathValue("id"))
	viewer := authz.ActorFrom(r.Context()).UserID
	side := task.SideBuyer
	if t.CreatorID == viewer {
		side = task.SideCreator
	}
	p.Title, p.Data = "Task", taskData{Task: t, Actions: t.Actions(viewer), Side: side}
	if err != nil {
		c.fail(w, r, "task.html", page{Title: "Task"}, err)
		return
	}
	c.show(w, r, "task.html", p, fail)
}

// actOnTask takes the action of the form's action field.
func (c *Console) actOnTask(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "action", "content_link", "reason")
	id := r.PathValue("id")
	_, err := c.deps.Tasks.Act(r.Context(), id, form["action"], task.ActInput{ContentLink: form["content_link"], Reason: form["reason"]})
	if err != nil {
		c.taskRender(w, r, page{Form: form}, err)
		return
	}
	http.Redirect(w, r, "/tasks/"+id+"?done="+form["action"], http.StatusSeeOther)
}

// marketData is the marketplace search with its creator cards.
type marketData struct {
	Cards      []task.CreatorCard
	Categories []categoryOption
	Next       string
	Query      string
}

// categoryOption is one domain focus of the category filter.
type categoryOption struct {
	Code, Name, NameZh string
}

func (c *Console) marketPage(w http.ResponseWriter, r *http.Request) {
	c.marketRender(w, r, page{Flash: r.URL.Query().Get("ordered")}, nil)
}

func (c *Console) marketRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	q := r.URL.Query()
	filter := map[string]string{"q": q.Get("q"), "category": q.Get("category"), "min_price": q.Get("min_price"), "max_price": q.Get("max_price")}
	if p.Form == nil {
		p.Form = filter
	} else {
		for k, v := range filter {
			p.Form[k] = v
		}
	}
	minPrice, err1 := optionalYuan(filter["min_price"])
	maxPrice, err2 := optionalYuan(filter["max_price"])
	var cards []task.CreatorCard
	var next string
	var err error
	switch {
	case err1 != nil:
		err = apperr.Field("min_price", "must be an amount like 99.00")
	case err2 != nil:
		err = apperr.Field("max_price", "must be an amount like 99.00")
	default:
		cards, next, err = c.deps.Tasks.FindCards(r.Context(), task.CardFilter{Q: filter["q"], Category: filter["category"],
			MinPrice: minPrice, MaxPrice: maxPrice, After: q.Get("after")})
	}
	d := marketData{Cards: cards, Next: next}
	if next != "" {
		v := r.URL.Query()
		v.Set("after", next)
		d.Query = v.Encode()
	}
	if focuses, ferr := c.deps.Creators.DomainFocuses(r.Context()); ferr == nil {
		for _, f := range focuses {
			d.Categories = append(d.Categories, categoryOption{Code: f.Code, Name: f.Name, NameZh: f.NameZh})
		}
	}
	p.Title, p.Data = "Task marketplace", d
	if fail == nil {
		fail = err
	}
	c.show(w, r, "market.html", p, fail)
}

// optionalYuan reads an optional amount in yuan as fen (0 when empty).
func optionalYuan(s string) (int64, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	return parseYuan(s)
}

// placeTask orders a task from the marketplace's order form.
func (c *Console) placeTask(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "quote_id", "requirements", "hours")
	in := task.OrderInput{QuoteID: form["quote_id"], Requirements: form["requirements"]}
	var err error
	if form["hours"] != "" {
		if in.Hours, err = strconv.Atoi(form["hours"]); err != nil {
			err = apperr.Field("hours", "a per-hour quote needs 1 to %d hours", task.MaxHours)
		}
	}
	var t task.Order
	if err == nil {
		t, err = c.deps.Tasks.PlaceTask(r.Context(), in)
	}
	if err != nil {
		c.marketRender(w, r, page{Form: form}, err)
		return
	}
	http.Redirect(w, r, "/tasks/"+t.ID+"?done=ordered", http.StatusSeeOther)
}

// quotesData is the creator's quotes page.
type quotesData struct {
	Quotes []task.Quote
}

func (c *Console) quotesPage(w http.ResponseWriter, r *http.Request) {
	c.quotesRender(w, r, page{Flash: r.URL.Query().Get("saved")}, nil)
}

func (c *Console) quotesRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	items, err := c.deps.Tasks.FindQuotes(r.Context())
	p.Title, p.Data = "My quotes", quotesData{Quotes: items}
	if fail == nil {
		fail = err
	}
	c.show(w, r, "quotes.html", p, fail)
}

// quoteForm reads a quote form (price in yuan).
func quoteForm(r *http.Request) (map[string]string, task.QuoteInput, error) {
	form := formOf(r, "kind", "price", "description")
	price, err := parseYuan(form["price"])
	if err != nil {
		return form, task.QuoteInput{}, apperr.Field("price", "must be an amount like 99.00")
	}
	return form, task.QuoteInput{Kind: form["kind"], Price: money.New(price, "CNY"), Description: form["description"]}, nil
}

// saveQuote publishes a quote, or replaces the one of the path's id.
func (c *Console) saveQuote(w http.ResponseWriter, r *http.Request) {
	form, in, err := quoteForm(r)
	saved := "created"
	if err == nil {
		if id := r.PathValue("id"); id != "" {
			saved = "updated"
			_, err = c.deps.Tasks.UpdateQuote(r.Context(), id, in)
		} else {
			_, err = c.deps.Tasks.CreateQuote(r.Context(), in)
		}
	}
	if err != nil {
		c.quotesRender(w, r, page{Form: form}, err)
		return
	}
	http.Redirect(w, r, "/quotes?saved="+saved, http.StatusSeeOther)
}

func (c *Console) deleteQuote(w http.ResponseWriter, r *http.Request) {
	if err := c.deps.Tasks.DeleteQuote(r.Context(), r.PathValue("id")); err != nil {
		c.quotesRender(w, r, page{}, err)
		return
	}
	http.Redirect(w, r, "/quotes?saved=deleted", http.StatusSeeOther)
}

// operationData is the operation-accounts page: a store's bindings, or an
// account's invitations.
type operationData struct {
	Bindings []task.OperationAccount
	Viewer   string
}

func (c *Console) operationPage(w http.ResponseWriter, r *http.Request) {
	c.operationRender(w, r, page{Flash: r.URL.Query().Get("done")}, nil)
}

func (c *Console) operationRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	items, err := c.deps.Tasks.FindOperationAccounts(r.Context())
	p.Title, p.Data = "Operation accounts", operationData{Bindings: items, Viewer: authz.ActorFrom(r.Context()).UserID}
	if fail == nil {
		fail = err
	}
	c.show(w, r, "operation_accounts.html", p, fail)
}

func (c *Console) inviteOperation(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "login")
	if _, err := c.deps.Tasks.InviteOperationAccount(r.Context(), task.InviteInput{Login: form["login"]}); err != nil {
		c.operationRender(w, r, page{Form: form}, err)
		return
	}
	http.Redirect(w, r, "/operation-accounts?done=invited", http.StatusSeeOther)
}

func (c *Console) acceptOperation(w http.ResponseWriter, r *http.Request) {
	if _, err := c.deps.Tasks.AcceptOperationAccount(r.Context(), r.PathValue("id")); err != nil {
		c.operationRender(w, r, page{}, err)
		return
	}
	http.Redirect(w, r, "/operation-accounts?done=accepted", http.StatusSeeOther)
}

func (c *Console) unbindOperation(w http.ResponseWriter, r *http.Request) {
	if _, err := c.deps.Tasks.UnbindOperationAccount(r.Context(), r.PathValue("id")); err != nil {
		c.operationRender(w, r, page{}, err)
		return
	}
	http.Redirect(w, r, "/operation-accounts?done=unbound", http.StatusSeeOther)
}

// operationStatement downloads an operation account's order statement.
func (c *Console) operationStatement(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := c.deps.Tasks.ExportStatement(r.Context(), r.PathValue("id"), &buf); err != nil {
		c.operationRender(w, r, page{}, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="operation-statement.csv"`)
	_, _ = w.Write(buf.Bytes())
}

// disputesData is the operators' dispute page.
type disputesData struct {
	Disputes []task.Order
}

func (c *Console) disputesPage(w http.ResponseWriter, r *http.Request) {
	c.disputesRender(w, r, page{Flash: r.URL.Query().Get("decided")}, nil)
}

func (c *Console) disputesRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	items, _, err := c.deps.Tasks.FindDisputes(r.Context(), "", db.Page{Limit: db.MaxLimit})
	p.Title, p.Data = "Task disputes", disputesData{Disputes: items}
	if fail == nil {
		fail = err
	}
	c.show(w, r, "task_disputes.html", p, fail)
}

// decideDispute decides a dispute from the form: outcome and, for a
// split, the creator's share in percent.
func (c *Console) decideDispute(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "outcome", "share")
	d := task.DisputeDecision{Outcome: form["outcome"]}
	var err error
	if d.Outcome == task.OutcomeSplit {
		pct, perr := strconv.Atoi(form["share"])
		if perr != nil || pct < 1 || pct > 99 {
			err = apperr.Field("share", "must be a whole percentage from 1 to 99")
		}
		d.CreatorShareBP = pct * 100
	}
	if err == nil {
		_, err = c.deps.Tasks.DecideDispute(r.Context(), r.PathValue("id"), d)
	}
	if err != nil {
		c.disputesRender(w, r, page{Form: form}, err)
		return
	}
	http.Redirect(w, r, "/backoffice/task-disputes?decided="+d.Outcome, http.StatusSeeOther)
}

// yuan renders an amount as the console's price inputs take it: "100.00".
func yuan(a money.Amount) string {
	s := a.String()
	return s[strings.LastIndex(s, " ")+1:]
}
