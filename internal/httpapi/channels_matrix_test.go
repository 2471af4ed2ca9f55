package httpapi_test

import "maps"

// channelMatrix is the permission matrix of the channel and activity routes.
var channelMatrix = map[string]string{
	"GET /api/v1/channels":                         "............G....",
	"GET /api/v1/channels/{id}":                    "............G....",
	"POST /api/v1/channels":                        "LDDDDDDDDDDDGDDD.",
	"PATCH /api/v1/channels/{id}":                  "LDDDDDDDDDDDGDDD.",
	"GET /api/v1/channels/{id}/versions":           "LDDDDDDDDDDDGDDD.",
	"GET /api/v1/channels/{id}/eligibility":        "L...DDDDDDDDGDD..",
	"POST /api/v1/channel-applications":            "L...DDDDDDDDGDD..",
	"GET /api/v1/me/channel-applications":          "L...DDDDDDDDGDD..",
	"GET /api/v1/channels/{id}/quota":              "L...DDDDDDDDGDD..",
	"POST /api/v1/channels/{id}/submissions":       "L...DDDDDDDDGDD..",
	"GET /api/v1/channels/{id}/contents":           "............G....",
	"GET /api/v1/channels/{id}/submissions":        "LDDDDDDDDDDDGDD..",
	"POST /api/v1/channel-submissions/{id}/accept": "LDDDDDDDDDDDGDD..",
	"POST /api/v1/channel-submissions/{id}/reject": "LDDDDDDDDDDDGDD..",
	"GET /api/v1/activities":                       "............G....",
	"GET /api/v1/activities/{id}":                  "............G....",
	"POST /api/v1/activities":                      "LDDDDDDDDDDDGDDD.",
	"PATCH /api/v1/activities/{id}":                "LDDDDDDDDDDDGDDD.",
	"GET /api/v1/activities/{id}/versions":         "LDDDDDDDDDDDGDDD.",
	"POST /api/v1/activities/{id}/submissions":     "L...DDDDDDDDGDD..",
	"GET /api/v1/me/activity-submissions":          "L...DDDDDDDDGDD..",
	"GET /api/v1/me/activity-invitations":          "L...DDDDDDDDGDD..",
}

func init() { maps.Copy(matrix, channelMatrix) }

// insightMatrix is the permission matrix of the creative centre's routes.
var insightMatrix = map[string]string{
	"GET /api/v1/insights/hot-topics":               "............G....",
	"POST /api/v1/insights/hot-topics":              "LDDDDDDDDDDDGDDD.",
	"PATCH /api/v1/insights/hot-topics/{id}":        "LDDDDDDDDDDDGDDD.",
	"POST /api/v1/insights/hot-topics/{id}/drafts":  "L...DDDDDDDDGDD..",
	"GET /api/v1/insights/rankings":                 "............G....",
	"GET /api/v1/insights/personas":                 "............G....",
	"GET /api/v1/insights/personas/{id}":            "............G....",
	"POST /api/v1/insights/personas":                "LDDDDDDDDDDDGDDD.",
	"PATCH /api/v1/insights/personas/{id}":          "LDDDDDDDDDDDGDDD.",
	"GET /api/v1/insights/hot-topics/{id}/versions": "LDDDDDDDDDDDGDDD.",
	"GET /api/v1/insights/personas/{id}/versions":   "LDDDDDDDDDDDGDDD.",
	"POST /api/v1/insights/personas/{id}/drafts":    "L...DDDDDDDDGDD..",
}

func init() { maps.Copy(matrix, insightMatrix) }
