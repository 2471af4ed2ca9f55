package authz

// The permissions of the creative centre (SPEC §6.4): reading hot topics,
// rankings and personas (public; coverage needs a signed-in account),
// starting a draft for a topic or persona, and the operators' management
// of topics and personas.
const (
	ReadInsights      Permission = "insight.read"
	CreateForAudience Permission = "insight.create_draft"
	ManageInsights    Permission = "insight.manage"
)

func init() {
	for p, r := range map[Permission]Rule{
		ReadInsights:      {Public: true, Describe: "see hot topics, rankings and audience personas"},
		CreateForAudience: {Describe: "start a draft tagged with a hot topic or a persona"},
		ManageInsights:    {Roles: []string{RoleAdmin, RoleActivityManager}, Describe: "create and edit hot topics and audience personas"},
	} {
		rules[p] = r
	}
}
