package httpapi_test

import "maps"

// taskMatrix is the permission matrix of the task marketplace's routes
// (columns as in matrix), merged into matrix. Quotes and the creator's
// actions need the task-marketplace level privilege (L2+, which no matrix
// actor holds); an operation account reaches the buyer's routes only.
var taskMatrix = map[string]string{
	"GET /api/v1/quotes":                                "LDDDDDDDDDDDGDDDDD", // task_quote.manage
	"POST /api/v1/quotes":                               "LDDDDDDDDDDDGDDDDD", // task_quote.manage
	"PATCH /api/v1/quotes/{id}":                         "LDDDDDDDDDDDGDDDDD", // task_quote.manage
	"DELETE /api/v1/quotes/{id}":                        "LDDDDDDDDDDDGDDDDD", // task_quote.manage
	"GET /api/v1/task-creators":                         "L...DDDDDDDDGDD...", // task_creator.browse
	"GET /api/v1/task-creators/{id}":                    "L...DDDDDDDDGDD...", // task_creator.browse
	"POST /api/v1/tasks":                                "L...DDDDDDDDGDD...", // task.place
	"GET /api/v1/tasks":                                 "L...DDDDDDDDGDD...", // task.read
	"GET /api/v1/tasks/{id}":                            "L...DDDDDDDDGDD...", // task.read
	"POST /api/v1/tasks/{id}/accept":                    "LDDDDDDDDDDDGDDDDD", // task.work
	"POST /api/v1/tasks/{id}/decline":                   "LDDDDDDDDDDDGDDDDD", // task.work
	"POST /api/v1/tasks/{id}/deliver":                   "LDDDDDDDDDDDGDDDDD", // task.work
	"POST /api/v1/tasks/{id}/confirm":                   "L...DDDDDDDDGDD...", // task.buyer_act
	"POST /api/v1/tasks/{id}/cancel":                    "L...DDDDDDDDGDD...", // task.read (the side's own permission in the service)
	"POST /api/v1/tasks/{id}/dispute":                   "L...DDDDDDDDGDD...", // task.read (the side's own permission in the service)
	"POST /api/v1/task-disputes/{id}/decide":            "LDDDDDDDDDDDGDD..D", // task_dispute.decide
	"GET /api/v1/task-rules":                            "............G.....", // task_rules.read
	"PUT /api/v1/task-rules":                            "LDDDDDDDDDDDGDDD.D", // task_rules.manage
	"POST /api/v1/operation-accounts":                   "L...DDDDDDDDGDD..D", // operation_account.manage
	"GET /api/v1/operation-accounts":                    "L...DDDDDDDDGDD...", // operation_account.accept
	"POST /api/v1/operation-accounts/{id}/accept":       "L...DDDDDDDDGDD...", // operation_account.accept
	"DELETE /api/v1/operation-accounts/{id}":            "L...DDDDDDDDGDD..D", // operation_account.manage
	"GET /api/v1/operation-accounts/{id}/statement.csv": "L...DDDDDDDDGDD..D", // operation_account.manage
}

// taskConsoleMatrix is the permission matrix of the task marketplace's
// console pages (columns as in consoleMatrix), merged into it. A service's
// own refusal (an account with no shop ordering, one that is no
// Tmall-style store inviting) answers 403 too.
var taskConsoleMatrix = map[string]string{
	"GET /quotes":                                "LDDDDDDDDDDDLDDDDD",
	"POST /quotes":                               "LDDDDDDDDDDDLDDDDD",
	"POST /quotes/{id}":                          "LDDDDDDDDDDDLDDDDD",
	"POST /quotes/{id}/delete":                   "LDDDDDDDDDDDLDDDDD",
	"GET /tasks/market":                          "L...DDDDDDDDLDD...",
	"POST /tasks":                                "LDDDDDDDDDDDLDDDD.",
	"GET /tasks":                                 "L...DDDDDDDDLDD...",
	"GET /tasks/{id}":                            "L...DDDDDDDDLDD...",
	"POST /tasks/{id}/act":                       "L...DDDDDDDDLDD...",
	"GET /operation-accounts":                    "L...DDDDDDDDLDD...",
	"POST /operation-accounts":                   "LDDDDDDDDDDDLDDDDD",
	"POST /operation-accounts/{id}/accept":       "L...DDDDDDDDLDD...",
	"POST /operation-accounts/{id}/unbind":       "L...DDDDDDDDLDD..D",
	"GET /operation-accounts/{id}/statement.csv": "L...DDDDDDDDLDD..D",
	"GET /backoffice/task-disputes":              "LDDDDDDDDDDDLDD..D",
	"POST /backoffice/task-disputes/{id}":        "LDDDDDDDDDDDLDD..D",
}

func init() {
	maps.Copy(matrix, taskMatrix)
	maps.Copy(consoleMatrix, taskConsoleMatrix)
}
