package authz

// The permissions of organizations (机构, SPEC §10): an enterprise-certified
// account creates its organization and invites creators; a creator decides
// its invitations; either side gives notice to unbind. An organization
// sees its bound creators' aggregated content figures and earnings through
// ReadOrganizationStats, whose object (the binding) is the organization's
// only while the binding is in force; nothing grants it a creator's
// settings, messages or security, whose objects stay the creator's own.
const (
	CreateOrganization    Permission = "organization.create"
	ReadOrganization      Permission = "organization.read"
	InviteCreator         Permission = "organization.invite"
	ReadOrganizationStats Permission = "organization.read_stats"
	DecideOrgInvitation   Permission = "organization_invitation.decide"
	ReadMyOrganizations   Permission = "organization_invitation.read"
	UnbindOrganization    Permission = "organization.unbind"
)

// Parties is an Object that belongs to more than one account (a binding
// belongs to its creator and to its organization's owner): Check lets any
// of them act on it.
type Parties interface {
	Object
	PartyIDs() []string
}

func init() {
	rules[CreateOrganization] = Rule{NotForStaff: true, Certified: true, Describe: "create one's organization (needs an organization certification)"}
	rules[ReadOrganization] = Rule{NotForStaff: true, Describe: "see one's organization, its creators and contract history"}
	rules[InviteCreator] = Rule{NotForStaff: true, Describe: "invite creators to one's organization with a revenue share"}
	rules[ReadOrganizationStats] = Rule{NotForStaff: true, Describe: "see the bound creators' aggregated content figures and earnings"}
	rules[DecideOrgInvitation] = Rule{NotForStaff: true, Describe: "accept or decline an organization's invitation"}
	rules[ReadMyOrganizations] = Rule{NotForStaff: true, Describe: "see one's invitations, binding and contract history"}
	rules[UnbindOrganization] = Rule{NotForStaff: true, Describe: "give notice to end a binding between an organization and a creator"}
}
