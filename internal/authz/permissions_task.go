package authz

// The permissions of the task marketplace (SPEC §8): creators' quotes,
// the marketplace cards, orders with escrow and their lifecycle, operation
// accounts and the operators' dispute decisions and rule table. Quotes need
// the task-marketplace level privilege (L2 and above); orders are placed by
// merchants or by a Tmall-style store's operation accounts, the one kind of
// actor ForOperationAccounts opens permissions to.
const (
	ManageQuotes          Permission = "task_quote.manage"
	BrowseTaskCreators    Permission = "task_creator.browse"
	PlaceTask             Permission = "task.place"
	ReadTasks             Permission = "task.read"
	WorkTask              Permission = "task.work"
	BuyerTask             Permission = "task.buyer_act"
	ManageOperationAccts  Permission = "operation_account.manage"
	AcceptOperationInvite Permission = "operation_account.accept"
	DecideTaskDisputes    Permission = "task_dispute.decide"
	ReadTaskRules         Permission = "task_rules.read"
	ManageTaskRules       Permission = "task_rules.manage"
)

func init() {
	finance := []string{RoleAdmin, RoleFinance}
	for p, r := range map[Permission]Rule{
		ManageQuotes:          {NotForStaff: true, Privilege: PrivTaskMarketplace, Describe: "publish, edit and delete one's task-marketplace quotes"},
		BrowseTaskCreators:    {ForOperationAccounts: true, Describe: "search the task marketplace's creator cards"},
		PlaceTask:             {NotForStaff: true, ForOperationAccounts: true, Describe: "order a task from a creator, holding its price in escrow"},
		ReadTasks:             {ForOperationAccounts: true, Describe: "see one's task orders with their timers"},
		WorkTask:              {NotForStaff: true, Privilege: PrivTaskMarketplace, Describe: "accept, decline, deliver and cancel tasks ordered from one"},
		BuyerTask:             {NotForStaff: true, ForOperationAccounts: true, Describe: "confirm, cancel or dispute tasks one ordered"},
		ManageOperationAccts:  {NotForStaff: true, Describe: "bind and unbind a store's operation accounts and download their statements"},
		AcceptOperationInvite: {NotForStaff: true, ForOperationAccounts: true, Describe: "accept an invitation to be a store's operation account"},
		DecideTaskDisputes:    {Roles: []string{RoleAdmin, RoleReviewer}, Describe: "decide task disputes"},
		ReadTaskRules:         {Public: true, Describe: "see the task marketplace's fee and timer rules and their history"},
		ManageTaskRules:       {Roles: finance, Describe: "publish a new version of the task marketplace's rules"},
	} {
		rules[p] = r
	}
	// An operation account may still log out and read its messages.
	for _, p := range []Permission{LogOut, ReadProfile, ReadMessages, UpdateMessages} {
		r := rules[p]
		r.ForOperationAccounts = true
		rules[p] = r
	}
}
