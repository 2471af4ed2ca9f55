package httpapi_test

import "maps"

// commissionMatrix is the permission matrix of the commission routes
// (columns as in matrix), merged into matrix.
var commissionMatrix = map[string]string{
	"POST /api/v1/products":                                   "L...DDDDDDDDG.D..D", // product.create
	"GET /api/v1/products/{id}":                               "............G.....", // product.read
	"POST /api/v1/links":                                      "LDDDDDDDDDDDGDDDDD", // commission_link.create
	"POST /api/v1/clicks":                                     "LDDDDDDDDDDDGDDD.D", // commission_click.record
	"POST /api/v1/order-events":                               "LDDDDDDDDDDDGDDD.D", // order_event.post
	"POST /api/v1/order-events/batch":                         "LDDDDDDDDDDDGDDD.D", // order_event.post
	"GET /api/v1/earnings":                                    "L...DDD.DDDDG.D..D", // earnings.read
	"GET /api/v1/earnings.csv":                                "L...DDD.DDDDG.D..D", // earnings.read
	"GET /api/v1/ledger/entries":                              "L...DDD.DDDDG.D..D", // ledger.read
	"GET /api/v1/ledger/verify":                               "L...DDD.DDDDG.D..D", // ledger.verify
	"GET /api/v1/commission-rules":                            "............G.....", // commission_rules.read
	"PUT /api/v1/commission-rules":                            "LDDDDDDDDDDDGDDD.D", // commission_rules.manage
	"POST /api/v1/settlements":                                "LDDDDDDDDDDDGDDD.D", // settlement.run
	"GET /api/v1/settlements/{id}":                            "LDDDDDDDDDDDGDDD.D", // settlement.run
	"POST /api/v1/reward-pools/{channel}/{period}/distribute": "LDDDDDDDDDDDGDDD.D", // reward_pool.distribute
	"POST /api/v1/sandbox/orders":                             "L...DDDDDDDDG.D..D", // sandbox.orders
	"GET /api/v1/me/sandbox":                                  "L...DDDDDDDDG.D..D", // sandbox.orders
	"PUT /api/v1/me/sandbox":                                  "L...DDDDDDDDG.D..D", // sandbox.orders
}

func init() { maps.Copy(matrix, commissionMatrix) }
