package authz

// The permissions of webhooks (API.md): integrators, and accounts for their
// own events, subscribe endpoints, see each delivery with its attempts and
// replay it.
const (
	ManageWebhooks Permission = "webhook.manage"
	ReadWebhooks   Permission = "webhook.read"
)

func init() {
	rules[ManageWebhooks] = Rule{NotForStaff: true, Describe: "subscribe, change and remove webhook endpoints and replay deliveries"}
	rules[ReadWebhooks] = Rule{NotForStaff: true, Describe: "see webhook subscriptions and their deliveries"}
}
