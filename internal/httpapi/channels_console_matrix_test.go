package httpapi_test

import "maps"

// channelConsoleMatrix is the console permission matrix of the channel and
// activity pages.
var channelConsoleMatrix = map[string]string{
	"GET /channels":                                        "..................",
	"GET /channels/{id}":                                   "..................",
	"POST /channels/{id}/apply":                            "L...DDDDDDDDLDD..D",
	"POST /channels/{id}/submit":                           "L...DDDDDDDDLDD..D",
	"GET /activities":                                      "..................",
	"GET /activities/submissions":                          "L...DDDDDDDDLDD..D",
	"GET /activities/{id}":                                 "..................",
	"POST /activities/{id}/submit":                         "L...DDDDDDDDLDD..D",
	"GET /backoffice/channels":                             "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/channels":                            "LDDDDDDDDDDDLDDD.D",
	"GET /backoffice/channels/{id}":                        "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/channels/{id}":                       "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/channel-submissions/{id}/{decision}": "LDDDDDDDDDDDLDD..D",
	"GET /backoffice/activities":                           "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/activities":                          "LDDDDDDDDDDDLDDD.D",
	"GET /backoffice/activities/{id}":                      "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/activities/{id}":                     "LDDDDDDDDDDDLDDD.D",
}

func init() { maps.Copy(consoleMatrix, channelConsoleMatrix) }

// creativeConsoleMatrix is the console permission matrix of the creative
// centre's pages.
var creativeConsoleMatrix = map[string]string{
	"GET /creative":                         "..................",
	"POST /creative/{kind}/{id}/draft":      "L...DDDDDDDDLDD..D",
	"GET /backoffice/creative":              "LDDDDDDDDDDDLDDD.D",
	"GET /backoffice/creative/{kind}/{id}":  "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/creative/{kind}":      "LDDDDDDDDDDDLDDD.D",
	"POST /backoffice/creative/{kind}/{id}": "LDDDDDDDDDDDLDDD.D",
}

func init() { maps.Copy(consoleMatrix, creativeConsoleMatrix) }
