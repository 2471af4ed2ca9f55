package authz

// Permission names an action. Sub-accounts are granted permissions by name.
type Permission string

// Rule states what a permission requires beyond a logged-in actor.
type Rule struct {
	// Public permissions are open to anonymous visitors.
	Public bool
	// Roles: the actor needs one of these operator roles.
	Roles []string
	// Operators are the operator roles that may act on anyone's object;
	// everyone else may act on their own only.
	Operators []string
	// NotForStaff refuses sub-accounts whatever they were granted (SPEC §4.2:
	// a sub-account is a staff identity, not a fan or a shopper).
	NotForStaff bool
	// Certified: the account must hold a creator certification (SPEC §2.4).
	Certified bool
	// Capability the main account must have been granted (SPEC §4.1).
	Capability string
	// Privilege the account's level must include (SPEC §7.3).
	Privilege string
	// ForOperationAccounts opens the permission to operation accounts,
	// which are refused everything else (SPEC §8).
	ForOperationAccounts bool
	// Describe says in a few words what the permission allows (for the
	// console's permission pickers and the OpenAPI document).
	Describe string
}

// The permissions of the foundation. Later domains add theirs here.
const (
	SignUp          Permission = "account.sign_up"
	LogIn           Permission = "session.create"
	LogOut          Permission = "session.delete"
	ReadProfile     Permission = "profile.read"
	ReadMessages    Permission = "message.read"
	UpdateMessages  Permission = "message.update"
	ViewBackoffice  Permission = "backoffice.view"
	ReadOwnAudit    Permission = "audit.read"
	ReadAuditEvents Permission = "audit.read_all"
)

var rules = map[Permission]Rule{
	SignUp:          {Public: true, Describe: "create a login identity"},
	LogIn:           {Public: true, Describe: "log in"},
	LogOut:          {Describe: "log out of the current session"},
	ReadProfile:     {Describe: "see one's own login identity"},
	ReadMessages:    {Describe: "read the message centre"},
	UpdateMessages:  {Describe: "mark messages read"},
	ViewBackoffice:  {Roles: []string{RoleAdmin, RoleReviewer, RoleActivityManager, RoleFinance}, Describe: "open the back office"},
	ReadOwnAudit:    {Describe: "read one's own audit trail"},
	ReadAuditEvents: {Roles: []string{RoleAdmin}, Describe: "read every account's audit trail"},
}

// RuleOf returns the rule of p and whether p is known.
func RuleOf(p Permission) (Rule, bool) {
	r, ok := rules[p]
	return r, ok
}
