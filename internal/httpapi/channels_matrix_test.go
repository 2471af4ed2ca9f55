package httpapi_test

import "maps"

// channelMatrix is the permission matrix of the channel and activity routes.
var channelMatrix = map[string]string{
	"GET /api/v1/channels":                         "............G.....",
	"GET /api/v1/channels/{id}":                    "............G.....",
	"POST /api/v1/channels":                        "LDDDDDDDDDDDGDDD.D",
	"PATCH /api/v1/channels/{id}":                  "LDDDDDDDDDDDGDDD.D",
	"GET /api/v1/channels/{id}/versions":           "LDDDDDDDDDDDGDDD.D",
	"GET /api/v1/channels/{id}/eligibility":        "L...DDDDDDDDGDD..D",
	"POST /api/v1/channel-applications":            "L...DDDDDDDDGDD..D",
	"GET /api/v1/me/channel-applications":          "L...DDDDDDDDGDD..D",
	"GET /api/v1/channels/{id}/quota":              "L...DDDDDDDDGDD..D",
	"POST /api/v1/channels/{id}/submissions":       "L...DDDDDDDDGDD..D",
	"GET /api/v1/channels/{id}/contents":           "............G.....",
	"GET /api/v1/channels/{id}/submissions":        "LDDDDDDDDDDDGDD..D",
	"POST /api/v1/channel-submissions/{id}/accept": "LDDDDDDDDDDDGDD..D",
	"POST /api/v1/channel-submissions/{id}/reject": "LDDDDDDDDDDDGDD..D",
	"GET /api/v1/activities":                       "............G.....",
	"GET /api/v1/activities/{id}":                  "............G.....",
	"POST /api/v1/activities":                      "LDDDDDDDDDDDGDDD.D",
	"PATCH /api/v1/activities/{id}":                "LDDDDDDDDDDDGDDD.D",
	"GET /api/v1/activities/{id}/versions":         "LDDDDDDDDDDDGDDD.D",
	"POST /api/v1/activities/{id}/submissions":     "L...DDDDDDDDGDD..D",
	"GET /api/v1/me/activity-submissions":          "L...DDDDDDDDGDD..D",
	"GET /api/v1/me/activity-invitations":          "L...DDDDDDDDGDD..D",
}

func init() { maps.Copy(matrix, channelMatrix) }

// insightMatrix is the permission matrix of the creative centre's routes.
var insightMatrix = map[string]string{
	"GET /api/v1/insights/hot-topics":               "............G.....",
	"POST /api/v1/insights/hot-topics":              "LDDDDDDDDDDDGDDD.D",
	"PATCH /api/v1/insights/hot-topics/{id}":        "LDDDDDDDDDDDGDDD.D",
	"POST /api/v1/insights/hot-topics/{id}/drafts":  "L...DDDDDDDDGDD..D",
	"GET /api/v1/insights/rankings":                 "............G.....",
	"GET /api/v1/insights/personas":                 "............G.....",
	"GET /api/v1/insights/personas/{id}":            "............G.....",
	"POST /api/v1/insights/personas":                "LDDDDDDDDDDDGDDD.D",
	"PATCH /api/v1/insights/personas/{id}":          "LDDDDDDDDDDDGDDD.D",
	"GET /api/v1/insights/hot-topics/{id}/versions": "LDDDDDDDDDDDGDDD.D",
	"GET /api/v1/insights/personas/{id}/versions":   "LDDDDDDDDDDDGDDD.D",
	"POST /api/v1/insights/personas/{id}/drafts":    "L...DDDDDDDDGDD..D",
}

func init() { maps.Copy(matrix, insightMatrix) }
