package authz

// The permissions of affiliate commission (SPEC §9): products, tracked
// links and clicks, order events, earnings, the ledger, settlement runs,
// reward pools, the commission rule table and the sandbox.
const (
	CreateProduct         Permission = "product.create"
	ReadProduct           Permission = "product.read"
	CreateLink            Permission = "commission_link.create"
	FollowLink            Permission = "commission_link.follow"
	RecordClick           Permission = "commission_click.record"
	PostOrderEvents       Permission = "order_event.post"
	ReadEarnings          Permission = "earnings.read"
	ReadLedger            Permission = "ledger.read"
	VerifyLedger          Permission = "ledger.verify"
	RunSettlement         Permission = "settlement.run"
	DistributeRewardPool  Permission = "reward_pool.distribute"
	ReadCommissionRules   Permission = "commission_rules.read"
	ManageCommissionRules Permission = "commission_rules.manage"
	PlaceSandboxOrders    Permission = "sandbox.orders"
)

func init() {
	finance := []string{RoleAdmin, RoleFinance}
	integrators := []string{RoleAdmin, RoleIntegrator}
	for p, r := range map[Permission]Rule{
		CreateProduct:         {Describe: "list a product one sells, with its commission rate"},
		ReadProduct:           {Public: true, Describe: "see a product"},
		CreateLink:            {Certified: true, Capability: CapProductMounting, Describe: "create tracked links for products mounted in one's content"},
		FollowLink:            {Public: true, Describe: "follow a tracked link"},
		RecordClick:           {Roles: integrators, Describe: "record clicks tracked by the marketplace"},
		PostOrderEvents:       {Roles: integrators, Describe: "send order events (paid, refunded, cancelled, confirmed)"},
		ReadEarnings:          {Describe: "see commission earnings and export statements"},
		ReadLedger:            {Describe: "see the ledger entries of one's accounts"},
		VerifyLedger:          {Describe: "verify the ledger's hash chain and balances"},
		RunSettlement:         {Roles: finance, Describe: "run and follow commission settlements"},
		DistributeRewardPool:  {Roles: finance, Describe: "distribute a channel's reward pool"},
		ReadCommissionRules:   {Public: true, Describe: "see the commission rules and their history"},
		ManageCommissionRules: {Roles: finance, Describe: "publish a new version of the commission rules"},
		PlaceSandboxOrders:    {Describe: "place synthetic clicks and orders in sandbox mode"},
	} {
		rules[p] = r
	}
}
