package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/auth"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/httpx"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/level"
	"github.com/helio-platform/helio/internal/notify"
	"github.com/helio-platform/helio/internal/staff"
)

// inboxData is a page of the message centre, on the home page and its own.
type inboxData struct {
	Messages []notify.Inbox
	Unread   int
	Next     string
	// Gate tells which publishing actions are open and why not (home only).
	Gate *creator.Capabilities
	// Tasks are the newcomer tasks (home only, for those who may read them).
	Tasks []level.Task
	// Started is the "get started" checklist from real data (home only).
	Started *startedSteps
	// Dashboard is a creator's figures over the chosen days (home only).
	Dashboard *dashboardData
}

// startedSteps are the three steps of "Get started", each ticked when done.
type startedSteps struct {
	Verified, Opened, Certified bool
}

// steps reads the actor's "get started" steps; an absent real name, payout
// account or creator account leaves its step open.
func (c *Console) steps(ctx context.Context, certified bool) (*startedSteps, error) {
	st := &startedSteps{Certified: certified}
	_, rerr := c.deps.Creators.FindRealName(ctx)
	_, perr := c.deps.Creators.FindPayoutAccount(ctx)
	for _, err := range []error{rerr, perr} {
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return nil, err
		}
	}
	st.Verified = rerr == nil && perr == nil
	accts, err := c.deps.Creators.FindCreatorAccounts(ctx)
	if err != nil {
		return nil, err
	}
	st.Opened = len(accts) > 0
	return st, nil
}

func (c *Console) home(w http.ResponseWriter, r *http.Request) {
	if authz.ActorFrom(r.Context()).IsOperator() {
		http.Redirect(w, r, "/backoffice", http.StatusSeeOther)
		return
	}
	// A staff member without capability.read sees the home page without
	// the publishing gate rather than a refusal.
	if a := authz.ActorFrom(r.Context()); a.SubAccountID != "" && authz.Check(a, authz.ReadCapabilities, nil) != nil {
		c.inbox(w, r, "home.html", page{Title: "Home"}, db.Page{Limit: 5}, inboxData{})
		return
	}
	gate, err := c.deps.Creators.MyCapabilities(r.Context())
	if err != nil {
		c.fail(w, r, "home.html", page{Title: "Home"}, err)
		return
	}
	started, err := c.steps(r.Context(), gate.Certified)
	if err != nil {
		c.fail(w, r, "home.html", page{Title: "Home"}, err)
		return
	}
	// A fan, who has no creator account, is not shown the publishing gate.
	gatep := &gate
	if !started.Opened {
		gatep = nil
	}
	var tasks []level.Task
	if authz.CheckCtx(r.Context(), authz.ReadLevel, nil) == nil {
		if tasks, err = c.deps.Levels.NewcomerTasks(r.Context()); err != nil {
			c.fail(w, r, "home.html", page{Title: "Home"}, err)
			return
		}
	}
	d := inboxData{Gate: gatep, Tasks: tasks, Started: started}
	if started.Opened {
		days := daysOf(r)
		series, err := c.deps.Analytics.FindAccountSeries(r.Context(), days)
		if err != nil {
			c.fail(w, r, "home.html", page{Title: "Home"}, err)
			return
		}
		dash := newDashboard(i18n.FromContext(r.Context()), series, days, "/?days=", true)
		d.Dashboard = &dash
	}
	c.inbox(w, r, "home.html", page{Title: "Home"}, db.Page{Limit: 5}, d)
}

// daysOf reads a dashboard's period (the days parameter, 30 when absent);
// what is not a number is 0, which the service refuses by name.
func daysOf(r *http.Request) int {
	v := r.URL.Query().Get("days")
	if v == "" {
		return 30
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0
	}
	return n
}

// inbox renders a page around one page of the actor's message centre, with
// the rest of d (the home page's gate, tasks and steps).
func (c *Console) inbox(w http.ResponseWriter, r *http.Request, name string, p page, pg db.Page, d inboxData) {
	items, next, unread, err := c.deps.Notify.Inbox(r.Context(), pg)
	if err != nil {
		c.fail(w, r, name, p, err)
		return
	}
	d.Messages, d.Unread, d.Next = items, unread, next
	p.Data = d
	c.render(w, r, http.StatusOK, name, p)
}

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	c.ensureDevice(w, r)
	if !authz.ActorFrom(r.Context()).Anonymous() {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	c.render(w, r, http.StatusOK, "login.html", page{Title: "Log in",
		Form: map[string]string{"next": safeNext(r.URL.Query().Get("next"))}})
}

func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	device := c.ensureDevice(w, r)
	form := map[string]string{"login": r.PostFormValue("login"), "next": safeNext(r.PostFormValue("next"))}
	g, err := c.deps.Auth.LogIn(r.Context(), auth.Credentials{Login: form["login"],
		Password: r.PostFormValue("password"), DeviceID: device, DeviceToken: deviceToken(r)})
	if loc := stepUpLocation(err, form["next"]); loc != "" {
		http.Redirect(w, r, loc, http.StatusSeeOther)
		return
	}
	if err != nil {
		c.fail(w, r, "login.html", page{Title: "Log in", Form: form}, err)
		return
	}
	httpx.SetQuotaHeaders(w.Header(), g.Quota)
	c.grant(w, r, g, form["next"])
}

func (c *Console) signupPage(w http.ResponseWriter, r *http.Request) {
	c.ensureDevice(w, r)
	c.render(w, r, http.StatusOK, "signup.html", page{Title: "Sign up", Data: c.deps.Accounts.Policy()})
}

func (c *Console) signup(w http.ResponseWriter, r *http.Request) {
	device := c.ensureDevice(w, r)
	in := account.SignUp{Phone: strings.TrimSpace(r.PostFormValue("phone")), Email: strings.TrimSpace(r.PostFormValue("email")),
		Nickname: r.PostFormValue("nickname"), Password: r.PostFormValue("password")}
	form := map[string]string{"phone": in.Phone, "email": in.Email, "nickname": in.Nickname}
	p := page{Title: "Sign up", Form: form, Data: c.deps.Accounts.Policy()}
	if in.Password != r.PostFormValue("password_confirm") {
		c.fail(w, r, "signup.html", p, apperr.Field("password_confirm", "does not match the password"))
		return
	}
	u, err := c.deps.Accounts.SignUp(r.Context(), in)
	if err != nil {
		c.fail(w, r, "signup.html", p, err)
		return
	}
	login := u.Email
	if u.Phone != "" {
		login = u.Phone
	}
	g, err := c.deps.Auth.LogIn(r.Context(), auth.Credentials{Login: login, Password: in.Password, DeviceID: device,
		DeviceToken: deviceToken(r)})
	if err != nil {
		// The identity exists; let the person log in by hand (a step-up may be due).
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	c.grant(w, r, g, "/")
}

// deviceToken is the browser's device token (SPEC §3.1), "" when it has none.
func deviceToken(r *http.Request) string {
	if ck, err := r.Cookie(httpx.DeviceTokenCookie); err == nil {
		return ck.Value
	}
	return ""
}

// grant sets the cookies of a successful log-in (the session and the device
// token) and goes on to next.
func (c *Console) grant(w http.ResponseWriter, r *http.Request, g auth.Granted, next string) {
	for _, ck := range httpx.GrantedCookies(g, c.deps.SecureCookies) {
		http.SetCookie(w, ck)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (c *Console) logout(w http.ResponseWriter, r *http.Request) {
	if err := c.deps.Auth.LogOut(r.Context()); err != nil && apperr.CodeOf(err) == apperr.Internal {
		c.fail(w, r, "login.html", page{Title: "Log in"}, err)
		return
	}
	http.SetCookie(w, httpx.ClearedCookie(c.deps.SecureCookies))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// switchAccount makes the session act as another of the login's creator
// accounts, and returns to the page the switcher was on.
func (c *Console) switchAccount(w http.ResponseWriter, r *http.Request) {
	if err := c.deps.Auth.SwitchAccount(r.Context(), r.PostFormValue("account_id")); err != nil {
		c.fail(w, r, "error.html", page{Title: "Error"}, err)
		return
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (c *Console) setLang(w http.ResponseWriter, r *http.Request) {
	l, ok := i18n.Parse(r.PostFormValue("lang"))
	if !ok {
		l = i18n.English
	}
	http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: c.deps.SecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (c *Console) messages(w http.ResponseWriter, r *http.Request) {
	c.inbox(w, r, "messages.html", page{Title: "Messages"}, db.Page{Cursor: r.URL.Query().Get("cursor")}, inboxData{})
}

// readAllMessages marks all the person's messages read and returns to the
// message centre.
func (c *Console) readAllMessages(w http.ResponseWriter, r *http.Request) {
	if _, err := c.deps.Notify.ReadAll(r.Context()); err != nil {
		c.fail(w, r, "messages.html", page{Title: "Messages"}, err)
		return
	}
	http.Redirect(w, r, "/messages", http.StatusSeeOther)
}

// readMessage marks a message read; htmx swaps the returned row in place,
// and a plain form post returns to the message centre.
func (c *Console) readMessage(w http.ResponseWriter, r *http.Request) {
	if err := c.deps.Notify.Read(r.Context(), r.PathValue("id")); err != nil {
		c.fail(w, r, "messages.html", page{Title: "Messages"}, err)
		return
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		lang := i18n.FromContext(r.Context())
		_ = c.pages[lang]["messages.html"]().ExecuteTemplate(w, "read-mark", nil)
		return
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// backofficeData is the operators' first page.
type backofficeData struct {
	Users                   int
	Queued, Running, Failed int
	Events                  []audit.Event
}

func (c *Console) backoffice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var d backofficeData
	users, err := c.deps.Accounts.Count(ctx)
	if err == nil {
		d.Users = users
		d.Queued, d.Running, d.Failed, err = c.deps.Jobs.Depth(ctx)
	}
	if err == nil {
		d.Events, _, err = c.deps.Audit.Search(ctx, audit.Filter{Page: db.Page{Limit: 20}})
	}
	if err != nil {
		c.fail(w, r, "backoffice.html", page{Title: "Back office"}, err)
		return
	}
	c.render(w, r, http.StatusOK, "backoffice.html", page{Title: "Back office", Data: d})
}

// safeNext keeps redirects on this site: next must be a path of this
// origin, else the answer is "/". Browsers drop tabs and line breaks from a
// URL and read a backslash as a slash, so "/\t/evil.example" or
// "/\\evil.example" would lead to another host: a control character or a
// backslash, written or percent-encoded, is refused, as is a path that
// starts with "//" as written or once decoded.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsFunc(next, unsafeInPath) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(u.Path, "//") || strings.ContainsFunc(u.Path, unsafeInPath) {
		return "/"
	}
	return next
}

// unsafeInPath reports the characters a redirect path must not hold.
func unsafeInPath(r rune) bool { return r < ' ' || r == 0x7f || r == '\\' }

// auditData is one page of the audit trail with the filters that chose it.
type auditData struct {
	// Rows are the page's events told as sentences, with names.
	Rows []auditRow
	Next string
	// Actions are the kinds of action the filter offers.
	Actions []actionOption
	// Query is the filter as a query string, for the next page and the export.
	Query string
	// Staff names the main account's sub-accounts (current and departed)
	// by id, for the person filter and the table; empty when the viewer may
	// not manage sub-accounts.
	Staff map[string]string
}

// auditTrail shows the actor's audit trail (every account's for operators
// who may read them all), filtered, newest first, with a CSV export.
// auditQuery reads the activity log's filter from q: as typed (the form)
// and as the audit trail takes it.
func auditQuery(q url.Values) (map[string]string, audit.Query) {
	form := map[string]string{}
	for _, k := range []string{"owner", "actor", "sub_account", "action", "object", "from", "to"} {
		form[k] = strings.TrimSpace(q.Get(k))
	}
	return form, audit.Query{Owner: form["owner"], Actor: form["actor"], SubAccount: form["sub_account"], Action: form["action"],
		Object: form["object"], From: form["from"], To: form["to"]}
}

// exportAudit starts an audit export of the filtered activity log and
// shows it on the exports page, where its progress and file are.
func (c *Console) exportAudit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		c.fail(w, r, "audit.html", page{Title: "Activity log"}, apperr.Field("form", "cannot be read"))
		return
	}
	form, q := auditQuery(r.PostForm)
	if _, err := c.deps.Exports.CreateAuditExport(r.Context(), q); err != nil {
		c.fail(w, r, "audit.html", page{Title: "Activity log", Form: form}, err)
		return
	}
	http.Redirect(w, r, "/exports?started=1", http.StatusSeeOther)
}

func (c *Console) auditTrail(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	form, aq := auditQuery(q)
	p := page{Title: "Activity log", Form: form}
	f, err := aq.Filter()
	if err != nil {
		c.fail(w, r, "audit.html", p, err)
		return
	}
	f.Page = db.Page{Cursor: q.Get("cursor")}
	events, next, err := c.deps.Audit.Search(r.Context(), f)
	if err != nil {
		c.fail(w, r, "audit.html", p, err)
		return
	}
	keep := url.Values{}
	for k, v := range form {
		if v != "" {
			keep.Set(k, v)
		}
	}
	staff := c.staffNames(r)
	names := c.lookUpAuditNames(r.Context(), events, staff)
	l := i18n.FromContext(r.Context())
	rows := make([]auditRow, len(events))
	for i, e := range events {
		rows[i] = names.row(e, l)
	}
	p.Data = auditData{Rows: rows, Next: next, Actions: actionOptions(l, form["action"]), Query: keep.Encode(), Staff: staff}
	c.render(w, r, http.StatusOK, "audit.html", p)
}

// staffNames maps the ids of the actor's sub-accounts, current and
// departed, to their names; nil when the actor may not list them.
func (c *Console) staffNames(r *http.Request) map[string]string {
	names := map[string]string{}
	for _, status := range []string{staff.StatusActive, staff.StatusDeparted} {
		subs, err := c.deps.Staff.FindSubAccounts(r.Context(), staff.Filter{Status: status})
		if err != nil {
			return nil
		}
		for _, s := range subs {
			names[s.ID] = s.Name
		}
	}
	return names
}
