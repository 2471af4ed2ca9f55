package web

import (
	"net/http"

	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/webhook"
)

// webhookRow is a subscription with its latest deliveries.
type webhookRow struct {
	webhook.Subscription
	Deliveries []webhook.Delivery
}

// webhooksData is the webhooks page.
type webhooksData struct {
	EventTypes    []string
	Subscriptions []webhookRow
	// Secret is the secret of the subscription just created, shown once.
	Secret string
}

// deliveriesShown is how many deliveries each subscription shows.
const deliveriesShown = 10

func (c *Console) webhooksData(r *http.Request) (webhooksData, error) {
	d := webhooksData{EventTypes: webhook.EventTypes}
	subs, err := c.deps.Webhooks.FindSubscriptions(r.Context())
	if err != nil {
		return d, err
	}
	for _, s := range subs {
		ds, _, err := c.deps.Webhooks.FindDeliveries(r.Context(), s.ID, db.Page{Limit: deliveriesShown})
		if err != nil {
			return d, err
		}
		d.Subscriptions = append(d.Subscriptions, webhookRow{Subscription: s, Deliveries: ds})
	}
	return d, nil
}

func (c *Console) webhooksPage(w http.ResponseWriter, r *http.Request) {
	d, err := c.webhooksData(r)
	c.show(w, r, "webhooks.html", page{Title: "Webhooks", Data: d, Flash: r.URL.Query().Get("done")}, err)
}

func (c *Console) createWebhook(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	form := formOf(r, "url")
	url, types := form["url"], r.Form["event_types"]
	sub, err := c.deps.Webhooks.CreateSubscription(r.Context(), webhook.SubscriptionInput{URL: &url, EventTypes: &types})
	d, derr := c.webhooksData(r)
	if err != nil {
		c.fail(w, r, "webhooks.html", page{Title: "Webhooks", Form: form, Data: d}, err)
		return
	}
	d.Secret = sub.Secret
	c.show(w, r, "webhooks.html", page{Title: "Webhooks", Data: d, Flash: "created"}, derr)
}

func (c *Console) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	c.afterWebhookChange(w, r, "deleted", c.deps.Webhooks.DeleteSubscription(r.Context(), r.PathValue("id")))
}

func (c *Console) replayDelivery(w http.ResponseWriter, r *http.Request) {
	_, err := c.deps.Webhooks.Replay(r.Context(), r.PathValue("id"))
	c.afterWebhookChange(w, r, "replayed", err)
}

// afterWebhookChange shows the page with the error, or redirects to it.
func (c *Console) afterWebhookChange(w http.ResponseWriter, r *http.Request, done string, err error) {
	if err != nil {
		d, _ := c.webhooksData(r)
		c.fail(w, r, "webhooks.html", page{Title: "Webhooks", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/webhooks?done="+done, http.StatusSeeOther)
}
