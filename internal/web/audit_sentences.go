package web

import (
	"context"
	"slices"
	"strings"

	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/i18n"
)

// eventSentences tell an audit action as a sentence: the first %s is who
// acted, the second (where there is one) the object's name. Actions not
// listed are told as the person followed by the action's label.
var eventSentences = map[string]i18n.Text{
	"comment.create":         i18n.T("%s commented on “%s”"),
	"content.create":         i18n.T("%s created draft “%s”"),
	"content.save":           i18n.T("%s saved draft “%s”"),
	"content.save_conflict":  i18n.T("%s kept a conflicting save of “%s”"),
	"content.submit":         i18n.T("%s submitted “%s” for review"),
	"content.published":      i18n.T("%s published “%s”"),
	"content.push":           i18n.T("%s pushed “%s”"),
	"content.withdraw_push":  i18n.T("%s withdrew the push of “%s”"),
	"content.withdraw":       i18n.T("%s withdrew “%s”"),
	"content.delete":         i18n.T("%s deleted “%s”"),
	"content.restore":        i18n.T("%s restored “%s”"),
	"content.share":          i18n.T("%s shared “%s”"),
	"feed.follow":            i18n.T("%s followed %s"),
	"feed.unfollow":          i18n.T("%s unfollowed %s"),
	"sub_account.create":     i18n.T("%s created sub-account %s"),
	"sub_account.update":     i18n.T("%s changed sub-account %s"),
	"sub_account.deactivate": i18n.T("%s deactivated sub-account %s"),
	"sub_account.restore":    i18n.T("%s restored sub-account %s"),
}

// auditRow is one event of the activity log as people read it.
type auditRow struct {
	audit.Event
	// Who is the person who acted, by name.
	Who person
	// Sentence tells the event with names and titles, never ids.
	Sentence string
}

// person is someone the activity log names, for the avatar partial.
type person struct{ Name, AvatarURL string }

// auditNames are the names of one page's people and objects, each looked
// up once for the whole page from the domain that owns it.
type auditNames struct {
	people, titles, staff map[string]string
}

// lookUpAuditNames asks the owning domains, one batch each, for the names
// of the people and the titles of the objects in events.
func (c *Console) lookUpAuditNames(ctx context.Context, events []audit.Event, staff map[string]string) auditNames {
	var users, contents []string
	for _, e := range events {
		users = append(users, e.ActorID, e.OwnerID)
		switch e.ObjectType {
		case "user", "account":
			users = append(users, e.ObjectID)
		case "content":
			contents = append(contents, e.ObjectID)
		}
	}
	n := auditNames{people: map[string]string{}, titles: map[string]string{}, staff: staff}
	if ids, err := c.deps.Accounts.FindIdentities(ctx, compactIDs(users)); err == nil {
		for id, ident := range ids {
			n.people[id] = ident.Nickname
		}
	}
	// A viewer who may not read contents sees them untitled.
	if titles, err := c.deps.Contents.FindTitles(ctx, compactIDs(contents)); err == nil {
		n.titles = titles
	}
	return n
}

// compactIDs is ids sorted, without repeats or empty ones.
func compactIDs(ids []string) []string {
	ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == "" || id == audit.System || id == "-" })
	slices.Sort(ids)
	return slices.Compact(ids)
}

// row tells e in l.
func (n auditNames) row(e audit.Event, l i18n.Lang) auditRow {
	who := n.actor(e, l)
	r := auditRow{Event: e, Who: person{Name: who}}
	if s, ok := eventSentences[e.Action]; ok {
		r.Sentence = i18n.Text{Format: s.Format, Args: []any{who, n.object(e, l)}}.In(l)
	} else {
		r.Sentence = i18n.T("%s: %s", who, label(eventLabels, e.Action, l)).In(l)
	}
	return r
}

// actor names who acted in e: the staff member, the person, or the system.
func (n auditNames) actor(e audit.Event, l i18n.Lang) string {
	if e.SubAccountID != "" {
		if name, ok := n.staff[e.SubAccountID]; ok {
			return name
		}
		return i18n.T("a staff member").In(l)
	}
	if e.ActorID == audit.System || e.ActorID == "-" {
		return i18n.T("Helio").In(l)
	}
	if name, ok := n.people[e.ActorID]; ok {
		return name
	}
	return i18n.T("someone").In(l)
}

// object names e's object by its title or name.
func (n auditNames) object(e audit.Event, l i18n.Lang) string {
	var name string
	switch e.ObjectType {
	case "content":
		name = n.titles[e.ObjectID]
	case "user", "account":
		name = n.people[e.ObjectID]
	case "sub_account":
		name = n.staff[e.ObjectID]
	}
	if strings.TrimSpace(name) == "" {
		return i18n.T("untitled").In(l)
	}
	return name
}

// actionOption is one kind of action in the activity log's filter.
type actionOption struct{ Value, Label string }

// actionOptions lists the kinds of action by their label in l, and the
// chosen one as written when it has no label.
func actionOptions(l i18n.Lang, chosen string) []actionOption {
	out := make([]actionOption, 0, len(eventLabels)+1)
	for action, t := range eventLabels {
		out = append(out, actionOption{Value: action, Label: t.In(l)})
	}
	slices.SortFunc(out, func(a, b actionOption) int { return strings.Compare(a.Label, b.Label) })
	if _, ok := eventLabels[chosen]; chosen != "" && !ok {
		out = append(out, actionOption{Value: chosen, Label: chosen})
	}
	return out
}
