package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/channel"
	"github.com/helio-platform/helio/internal/content"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/level"
	"github.com/helio-platform/helio/internal/media"
)

// channelsData is the public list of channels.
type channelsData struct {
	Channels []channel.Channel
}

func (c *Console) channelsPage(w http.ResponseWriter, r *http.Request) {
	items, err := c.deps.Channels.FindChannels(r.Context())
	c.show(w, r, "channels.html", page{Title: "Channels", Data: channelsData{Channels: items}}, err)
}

// clauseView is one eligibility clause in words.
type clauseView struct {
	Number int
	Met    bool
	Lines  []conditionLine
}

// conditionLine is one condition in words, met or not.
type conditionLine struct {
	Met  bool
	Text string
}

// acceptedView is one accepted submission with its picture.
type acceptedView struct {
	channel.ChannelSubmission
	Picture string
	Excerpt string
}

// channelData is a channel's page: its description, sub-channels with
// today's quota, the visitor's eligibility in words, the application and
// submission forms, and the accepted contents.
type channelData struct {
	Channel     channel.Channel
	LoggedIn    bool
	Eligibility *channel.Eligibility
	Clauses     []clauseView
	Quota       []channel.SubmissionQuota
	AnyLeft     bool
	Pending     bool
	Published   []content.Published
	Accepted    []acceptedView
	Next        string
}

func (c *Console) channelPage(w http.ResponseWriter, r *http.Request) {
	c.channelRender(w, r, page{Flash: r.URL.Query().Get("saved")}, nil)
}

// channelRender shows a channel's page, with fail (a refused form) when
// not nil.
func (c *Console) channelRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	ctx := r.Context()
	p.Title = "Channel"
	ch, err := c.deps.Channels.FindChannelByID(ctx, r.PathValue("id"))
	if err != nil {
		c.fail(w, r, "channel.html", p, err)
		return
	}
	d := channelData{Channel: ch, LoggedIn: !authz.ActorFrom(ctx).Anonymous()}
	subs, next, err := c.deps.Channels.FindChannelContents(ctx, ch.ID, pageFromQuery(r))
	if err == nil {
		d.Accepted, d.Next, err = c.acceptedViews(ctx, subs), next, nil
	}
	if err == nil && !authz.ActorFrom(ctx).IsOperator() && authz.CheckCtx(ctx, authz.CheckEligibility, nil) == nil {
		err = c.channelMemberData(ctx, &d)
	}
	p.Data = d
	if fail == nil {
		fail = err
	}
	c.show(w, r, "channel.html", p, fail)
}

// channelMemberData adds what a logged-in creator sees: eligibility in
// words, a pending application, today's quota and the contents to submit.
func (c *Console) channelMemberData(ctx context.Context, d *channelData) error {
	e, err := c.deps.Channels.Eligibility(ctx, d.Channel.ID)
	if err != nil {
		return err
	}
	d.Eligibility = &e
	if d.Clauses, err = c.clauseViews(ctx, e); err != nil {
		return err
	}
	apps, err := c.deps.Channels.FindMyApplications(ctx)
	if err != nil {
		return err
	}
	d.Pending = slices.ContainsFunc(apps, func(a channel.ChannelApplication) bool {
		return a.ChannelID == d.Channel.ID && a.Status == channel.StatusSubmitted
	})
	if !e.Admitted {
		return nil
	}
	if d.Quota, err = c.deps.Channels.Quota(ctx, d.Channel.ID); err != nil {
		return err
	}
	d.AnyLeft = slices.ContainsFunc(d.Quota, func(q channel.SubmissionQuota) bool { return q.Left > 0 })
	d.Published, err = c.myPublished(ctx)
	return err
}

// myPublished lists the actor's published contents for the submission
// pickers, newest first.
func (c *Console) myPublished(ctx context.Context) ([]content.Published, error) {
	l, err := c.deps.Contents.FindContents(ctx, content.Filter{Status: content.StatusPublished})
	if err != nil {
		return nil, err
	}
	out := make([]content.Published, len(l.Items))
	for i, it := range l.Items {
		out[i] = content.Published{ID: it.ID, Title: it.Title}
	}
	return out, nil
}

// acceptedViews adds each accepted submission's picture and excerpt.
func (c *Console) acceptedViews(ctx context.Context, subs []channel.ChannelSubmission) []acceptedView {
	ids := make([]string, len(subs))
	for i, s := range subs {
		ids[i] = s.ContentID
	}
	published, _ := c.deps.Contents.FindPublishedByIDs(ctx, ids)
	out := make([]acceptedView, len(subs))
	for i, s := range subs {
		p := published[s.ContentID]
		out[i] = acceptedView{ChannelSubmission: s, Picture: picture(p), Excerpt: excerpt(p.Body, 80)}
	}
	return out
}

// clauseViews says each clause of an eligibility answer in words.
func (c *Console) clauseViews(ctx context.Context, e channel.Eligibility) ([]clauseView, error) {
	l := i18n.FromContext(ctx)
	names := map[string]string{}
	roles, err := c.deps.Creators.Roles(ctx)
	if err != nil {
		return nil, err
	}
	focuses, err := c.deps.Creators.DomainFocuses(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range append(roles, focuses...) {
		names[r.Code] = r.Name
		if l == i18n.Chinese {
			names[r.Code] = r.NameZh
		}
	}
	for code, label := range map[string]i18n.Text{"creator": i18n.T("Creator"), "merchant": i18n.T("Merchant"), "brand": i18n.T("Brand")} {
		names[code] = label.In(l)
	}
	for _, cl := range e.Clauses {
		for _, cond := range cl.Conditions {
			if cond.Kind == channel.CondCapability {
				for _, c := range cond.Values {
					names[c] = authz.CapabilityLabel(c).In(l)
				}
			}
		}
	}
	out := make([]clauseView, len(e.Clauses))
	for i, cl := range e.Clauses {
		v := clauseView{Number: cl.Clause, Met: cl.Met}
		for _, cond := range cl.Conditions {
			v.Lines = append(v.Lines, conditionLine{Met: cond.Met, Text: conditionWords(cond, names).In(l)})
		}
		out[i] = v
	}
	return out, nil
}

// named lists codes by their names, joined for reading.
func named(codes []string, names map[string]string) string {
	out := make([]string, len(codes))
	for i, code := range codes {
		out[i] = code
		if n, ok := names[code]; ok {
			out[i] = n
		}
	}
	if len(out) == 0 {
		return "—"
	}
	return strings.Join(out, ", ")
}

// conditionWords says a condition and what the visitor has.
func conditionWords(cond channel.ConditionResult, names map[string]string) i18n.Text {
	have := named(cond.Have, names)
	switch cond.Kind {
	case channel.CondLevel:
		lowest := cond.Values[0]
		for _, v := range cond.Values {
			if slices.Index(level.Levels, v) < slices.Index(level.Levels, lowest) {
				lowest = v
			}
		}
		if cond.Met {
			return i18n.T("level %s or higher: you are %s", lowest, have)
		}
		return i18n.T("needs level %s or higher; you are %s", lowest, have)
	case channel.CondRole:
		if cond.Met {
			return i18n.T("certified role: you hold %s", have)
		}
		return i18n.T("needs one of the certified roles %s; you hold none of them", named(cond.Values, names))
	case channel.CondDomainFocus:
		if cond.Met {
			return i18n.T("domain focus %s", have)
		}
		return i18n.T("needs the domain focus %s; yours is %s", named(cond.Values, names), have)
	case channel.CondAccountType:
		if cond.Met {
			return i18n.T("account type: %s", have)
		}
		return i18n.T("needs a %s account; yours: %s", named(cond.Values, names), have)
	}
	if cond.Met {
		return i18n.T("holds the %s certification", named(cond.Values, names))
	}
	return i18n.T("needs the %s certification (apply under Capabilities)", named(cond.Values, names))
}

// pageFromQuery reads a list page's cursor.
func pageFromQuery(r *http.Request) db.Page {
	return db.Page{Cursor: r.URL.Query().Get("cursor")}
}

func (c *Console) applyToChannel(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseMultipartForm(maxForm)
	form := formOf(r, "reason", "sample_links", "external_homepages")
	shots, err := c.uploads(r, "screenshots", media.PurposeDocument)
	if err == nil {
		_, err = c.deps.Channels.Apply(r.Context(), channel.ChannelApplicationInput{ChannelID: r.PathValue("id"), Reason: form["reason"],
			SampleLinks: lines(form["sample_links"]), ExternalHomepages: lines(form["external_homepages"]), Screenshots: shots})
	}
	if err != nil {
		c.channelRender(w, r, page{Form: form}, folded(err))
		return
	}
	http.Redirect(w, r, "/channels/"+url.PathEscape(r.PathValue("id"))+"?saved=applied", http.StatusSeeOther)
}

func (c *Console) submitToChannel(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "sub_channel_id", "content_id")
	_, err := c.deps.Channels.Submit(r.Context(), r.PathValue("id"), channel.ChannelSubmissionInput{SubChannelID: form["sub_channel_id"],
		ContentID: form["content_id"]})
	if err != nil {
		c.channelRender(w, r, page{Form: form}, err)
		return
	}
	http.Redirect(w, r, "/channels/"+url.PathEscape(r.PathValue("id"))+"?saved=submitted", http.StatusSeeOther)
}

// lines splits a textarea into its non-empty lines (commas also separate).
func lines(s string) []string {
	var out []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == '，' }) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// folded names nested field errors ("sample_links[0]",
// "capacities[1].capacity") by their form field, so the console shows each
// next to the input it came from.
func folded(err error) error {
	e := apperr.From(err)
	if len(e.Fields) == 0 {
		return err
	}
	out := &apperr.Error{Code: e.Code, Message: e.Message, Fields: map[string]i18n.Text{}, Details: e.Details}
	for _, name := range e.FieldNames() {
		short, _, _ := strings.Cut(strings.SplitN(name, "[", 2)[0], ".")
		if _, ok := out.Fields[short]; !ok {
			out.Fields[short] = e.Fields[name]
		}
	}
	return out
}

// activitiesData is the activity list with its filters.
type activitiesData struct {
	Filter      channel.ActivityFilter
	Items       []channel.Activity
	Next        string
	Channels    []channel.Channel
	Invitations *channel.Invitations
	Sorts       []string
	Creator     bool
}

func (c *Console) activitiesPage(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	actor := authz.ActorFrom(ctx)
	f := channel.ActivityFilter{Sort: q.Get("sort"), Q: q.Get("q"), Theme: q.Get("theme"), Channel: q.Get("channel"),
		View: q.Get("view"), Cursor: q.Get("cursor")}
	d := activitiesData{Filter: f, Sorts: channel.Sorts, Creator: !actor.IsOperator() && authz.CheckCtx(ctx, authz.SubmitToActivity, nil) == nil}
	var err error
	d.Items, d.Next, err = c.deps.Channels.FindActivities(ctx, f)
	if d.Filter.Sort == "" {
		d.Filter.Sort = channel.SortNewest
	}
	if err == nil {
		d.Channels, err = c.deps.Channels.FindChannels(ctx)
	}
	if err == nil && d.Creator {
		var inv channel.Invitations
		if inv, err = c.deps.Channels.MyInvitations(ctx); err == nil {
			d.Invitations = &inv
		}
	}
	c.show(w, r, "activities.html", page{Title: "Activities", Data: d}, err)
}

// activityData is one activity's page with the submission form.
type activityData struct {
	Activity  channel.Activity
	Channel   string
	Creator   bool
	Published []content.Published
}

func (c *Console) activityPage(w http.ResponseWriter, r *http.Request) {
	c.activityRender(w, r, page{Flash: r.URL.Query().Get("saved")}, nil)
}

func (c *Console) activityRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	ctx := r.Context()
	p.Title = "Activity"
	a, err := c.deps.Channels.FindActivityByID(ctx, r.PathValue("id"))
	if err != nil {
		c.fail(w, r, "activity.html", p, err)
		return
	}
	actor := authz.ActorFrom(ctx)
	d := activityData{Activity: a, Creator: !actor.IsOperator() && authz.CheckCtx(ctx, authz.SubmitToActivity, nil) == nil}
	if a.ChannelID != "" {
		if ch, err := c.deps.Channels.FindChannelByID(ctx, a.ChannelID); err == nil {
			d.Channel = ch.Name
		}
	}
	if d.Creator {
		d.Published, err = c.myPublished(ctx)
	}
	p.Data = d
	if fail == nil {
		fail = err
	}
	c.show(w, r, "activity.html", p, fail)
}

func (c *Console) submitToActivity(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "content_id", "category")
	_, err := c.deps.Channels.SubmitToActivity(r.Context(), r.PathValue("id"), channel.ActivitySubmissionInput{ContentID: form["content_id"],
		Category: form["category"]})
	if err != nil {
		c.activityRender(w, r, page{Form: form}, err)
		return
	}
	http.Redirect(w, r, "/activities/"+url.PathEscape(r.PathValue("id"))+"?saved=submitted", http.StatusSeeOther)
}

// channelAdminData is the operators' channel page: the channels, the form
// of one (new or to edit), its versions and its submissions to review.
type channelAdminData struct {
	Channels    []channel.Channel
	Channel     *channel.Channel
	Versions    []channel.ChannelVersion
	Submissions []acceptedView
}

// channelForm fills the channel form from a channel.
func channelForm(ch channel.Channel) map[string]string {
	var subs []string
	for _, sc := range ch.SubChannels {
		subs = append(subs, fmt.Sprintf("%s|%d|%s", sc.Name, sc.DailyQuota, sc.ID))
	}
	rule, _ := json.MarshalIndent(ch.Rule, "", "  ")
	return map[string]string{"slug": ch.Slug, "name": ch.Name, "description": ch.Description, "categories": strings.Join(ch.Categories, ", "),
		"sub_channels": strings.Join(subs, "\n"), "rule": string(rule), "status": ch.Status, "position": strconv.Itoa(ch.Position)}
}

func (c *Console) channelAdminPage(w http.ResponseWriter, r *http.Request) {
	c.channelAdminRender(w, r, page{Flash: r.URL.Query().Get("saved")}, nil)
}

func (c *Console) channelAdminRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	ctx := r.Context()
	p.Title = "Channels"
	var d channelAdminData
	var err error
	d.Channels, err = c.deps.Channels.FindChannels(ctx)
	if id := r.PathValue("id"); id != "" && err == nil {
		var ch channel.Channel
		if ch, err = c.deps.Channels.FindChannelByID(ctx, id); err == nil {
			d.Channel = &ch
			if p.Form == nil {
				p.Form = channelForm(ch)
			}
			d.Versions, err = c.deps.Channels.FindChannelVersions(ctx, ch.ID)
		}
		if err == nil {
			var subs []channel.ChannelSubmission
			subs, _, err = c.deps.Channels.FindSubmissions(ctx, ch.ID, channel.SubmissionFilter{})
			d.Submissions = c.acceptedViews(ctx, subs)
		}
	}
	if p.Form == nil {
		p.Form = map[string]string{"rule": `{"clauses": []}`, "status": channel.StatusActive}
	}
	p.Data = d
	if fail == nil {
		fail = err
	}
	c.show(w, r, "channel_admin.html", p, fail)
}

// channelInputOf reads the channel form: sub-channels one a line as
// "name|daily quota|id" (id when kept), the rule as JSON.
func channelInputOf(form map[string]string) (channel.ChannelInput, error) {
	in := channel.ChannelInput{Slug: form["slug"], Name: form["name"], Description: form["description"], Categories: lines(form["categories"]),
		Status: form["status"]}
	in.Position, _ = strconv.Atoi(form["position"])
	for _, line := range strings.Split(form["sub_channels"], "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		quota := 0
		if len(parts) > 1 {
			quota, _ = strconv.Atoi(strings.TrimSpace(parts[1]))
		}
		sc := channel.SubChannelInput{Name: strings.TrimSpace(parts[0]), DailyQuota: quota}
		if len(parts) > 2 {
			sc.ID = strings.TrimSpace(parts[2])
		}
		in.SubChannels = append(in.SubChannels, sc)
	}
	if err := json.Unmarshal([]byte(form["rule"]), &in.Rule); err != nil {
		return in, apperr.Field("rule", "is not valid JSON: %s", err.Error())
	}
	return in, nil
}

func (c *Console) saveChannel(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "slug", "name", "description", "categories", "sub_channels", "rule", "status", "position")
	in, err := channelInputOf(form)
	var saved channel.Channel
	if err == nil {
		if id := r.PathValue("id"); id != "" {
			saved, err = c.deps.Channels.UpdateChannel(r.Context(), id, in)
		} else {
			saved, err = c.deps.Channels.CreateChannel(r.Context(), in)
		}
	}
	if err != nil {
		e := apperr.From(folded(err))
		if msg, ok := e.Fields["eligibility"]; ok {
			e.Fields["rule"] = msg
		}
		c.channelAdminRender(w, r, page{Form: form}, e)
		return
	}
	http.Redirect(w, r, "/backoffice/channels/"+url.PathEscape(saved.ID)+"?saved=1", http.StatusSeeOther)
}

func (c *Console) decideChannelSubmission(w http.ResponseWriter, r *http.Request) {
	sub, err := c.deps.Channels.DecideSubmission(r.Context(), r.PathValue("id"), r.PathValue("decision") == "accept", r.FormValue("reason"))
	if err != nil {
		c.channelAdminRender(w, r, page{}, err)
		return
	}
	http.Redirect(w, r, "/backoffice/channels/"+url.PathEscape(sub.ChannelID)+"?saved=decided", http.StatusSeeOther)
}

// activityAdminData is the operators' activity page: the activities, the
// form of one (new or to edit), its versions and the channels to pick.
type activityAdminData struct {
	Items    []channel.Activity
	Activity *channel.Activity
	Versions []channel.ChannelVersion
	Channels []channel.Channel
	Levels   []string
}

const formTime = "2006-01-02T15:04"

// activityForm fills the activity form from an activity.
func activityForm(a channel.Activity) map[string]string {
	var caps []string
	for _, c := range a.Capacities {
		caps = append(caps, fmt.Sprintf("%s|%d", c.Category, c.Capacity))
	}
	f := map[string]string{"title": a.Title, "themes": strings.Join(a.Themes, ", "), "rules_text": a.RulesText, "channel_id": a.ChannelID,
		"placement": a.Placement, "submit_from": a.SubmitFrom.UTC().Format(formTime), "deadline": a.Deadline.UTC().Format(formTime),
		"placement_from": a.PlacementFrom.UTC().Format(formTime), "placement_to": a.PlacementTo.UTC().Format(formTime),
		"min_level": a.MinLevel, "roles": strings.Join(a.Roles, ", "), "categories": strings.Join(a.Categories, ", "),
		"capacities": strings.Join(caps, "\n")}
	if inv := a.Invitation; inv != nil {
		f["invite_level"], f["invite_fan_value"], f["invite_content_value"] = inv.MinLevel, strconv.Itoa(inv.MinFanValue), strconv.Itoa(inv.MinContentValue)
	}
	return f
}

var activityFields = []string{"title", "themes", "rules_text", "channel_id", "placement", "submit_from", "deadline", "placement_from",
	"placement_to", "min_level", "roles", "categories", "capacities", "invite_level", "invite_fan_value", "invite_content_value"}

// activityInputOf reads the activity form (times in UTC, capacities one a
// line as "category|capacity").
func activityInputOf(form map[string]string) (channel.ActivityInput, error) {
	var v apperr.Validation
	at := func(name string) time.Time {
		if form[name] == "" {
			return time.Time{}
		}
		t, err := time.Parse(formTime, form[name])
		if err != nil {
			v.Reject(name, "is not a date and time")
		}
		return t
	}
	in := channel.ActivityInput{Title: form["title"], Themes: lines(form["themes"]), RulesText: form["rules_text"], ChannelID: form["channel_id"],
		Placement: form["placement"], SubmitFrom: at("submit_from"), Deadline: at("deadline"), PlacementFrom: at("placement_from"),
		PlacementTo: at("placement_to"), MinLevel: form["min_level"], Roles: lines(form["roles"]), Categories: lines(form["categories"])}
	for _, line := range strings.Split(form["capacities"], "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		cat, n, _ := strings.Cut(line, "|")
		capacity, err := strconv.Atoi(strings.TrimSpace(n))
		if err != nil {
			v.Reject("capacities", "write each capacity as category|number, like 女装|100")
		}
		in.Capacities = append(in.Capacities, channel.CapacityInput{Category: strings.TrimSpace(cat), Capacity: capacity})
	}
	if form["invite_level"] != "" {
		fan, ferr := strconv.Atoi(form["invite_fan_value"])
		cv, cerr := strconv.Atoi(form["invite_content_value"])
		if ferr != nil {
			v.Reject("invite_fan_value", "must be 0 to %d", level.MaxScore)
		}
		if cerr != nil {
			v.Reject("invite_content_value", "must be 0 to %d", level.MaxScore)
		}
		in.Invitation = &channel.Invite{MinLevel: form["invite_level"], MinFanValue: fan, MinContentValue: cv}
	}
	return in, v.Err()
}

func (c *Console) activityAdminPage(w http.ResponseWriter, r *http.Request) {
	c.activityAdminRender(w, r, page{Flash: r.URL.Query().Get("saved")}, nil)
}

func (c *Console) activityAdminRender(w http.ResponseWriter, r *http.Request, p page, fail error) {
	ctx := r.Context()
	p.Title = "Activities"
	d := activityAdminData{Levels: level.Levels}
	var err error
	d.Items, _, err = c.deps.Channels.FindActivities(ctx, channel.ActivityFilter{Limit: 100})
	if err == nil {
		d.Channels, err = c.deps.Channels.FindChannels(ctx)
	}
	if id := r.PathValue("id"); id != "" && err == nil {
		var a channel.Activity
		if a, err = c.deps.Channels.FindActivityByID(ctx, id); err == nil {
			d.Activity = &a
			if p.Form == nil {
				p.Form = activityForm(a)
			}
			d.Versions, err = c.deps.Channels.FindActivityVersions(ctx, id)
		}
	}
	if p.Form == nil {
		p.Form = map[string]string{"min_level": level.Levels[0]}
	}
	p.Data = d
	if fail == nil {
		fail = err
	}
	c.show(w, r, "activity_admin.html", p, fail)
}

func (c *Console) saveActivity(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, activityFields...)
	in, err := activityInputOf(form)
	var saved channel.Activity
	if err == nil {
		if id := r.PathValue("id"); id != "" {
			saved, err = c.deps.Channels.UpdateActivity(r.Context(), id, in)
		} else {
			saved, err = c.deps.Channels.CreateActivity(r.Context(), in)
		}
	}
	if err != nil {
		e := apperr.From(folded(err))
		for from, to := range map[string]string{"invitation": "invite_level"} {
			if msg, ok := e.Fields[from]; ok {
				e.Fields[to] = msg
			}
		}
		c.activityAdminRender(w, r, page{Form: form}, e)
		return
	}
	http.Redirect(w, r, "/backoffice/activities/"+url.PathEscape(saved.ID)+"?saved=1", http.StatusSeeOther)
}

// activitySubmissionsData is the creator's list of activity submissions.
type activitySubmissionsData struct {
	Items []channel.ActivitySubmission
	Next  string
}

func (c *Console) activitySubmissionsPage(w http.ResponseWriter, r *http.Request) {
	items, next, err := c.deps.Channels.FindMyActivitySubmissions(r.Context(), pageFromQuery(r))
	c.show(w, r, "activity_submissions.html", page{Title: "My submissions", Data: activitySubmissionsData{Items: items, Next: next}}, err)
}
