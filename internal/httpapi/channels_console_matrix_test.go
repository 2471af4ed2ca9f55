package httpapi_test

import "maps"

// channelConsoleMatrix is the console permission matrix of the channel and
// activity pages.
var channelConsoleMatrix = map[string]string{
	"GET /channels":                                        ".................",
	"GET /channels/{id}":                                   ".................",
	"POST /channels/{id}/apply":                            "L...DDDDDDDDLDD..",
	"POST /channels/{id}/submit":                           "L...DDDDDDDDLDD..",
	"GET /activities":                                      ".................",
	"GET /activities/submissions":                          "L...DDDDDDDDLDD..",
	"GET /activities/{id}":                                 ".................",
	"POST /activities/{id}/submit":                         "L...DDDDDDDDLDD..",
	"GET /backoffice/channels":                             "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/channels":                            "LDDDDDDDDDDDLDDD.",
	"GET /backoffice/channels/{id}":                        "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/channels/{id}":                       "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/channel-submissions/{id}/{decision}": "LDDDDDDDDDDDLDD..",
	"GET /backoffice/activities":                           "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/activities":                          "LDDDDDDDDDDDLDDD.",
	"GET /backoffice/activities/{id}":                      "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/activities/{id}":                     "LDDDDDDDDDDDLDDD.",
}

func init() { maps.Copy(consoleMatrix, channelConsoleMatrix) }

// creativeConsoleMatrix is the console permission matrix of the creative
// centre's pages.
var creativeConsoleMatrix = map[string]string{
	"GET /creative":                         ".................",
	"POST /creative/{kind}/{id}/draft":      "L...DDDDDDDDLDD..",
	"GET /backoffice/creative":              "LDDDDDDDDDDDLDDD.",
	"GET /backoffice/creative/{kind}/{id}":  "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/creative/{kind}":      "LDDDDDDDDDDDLDDD.",
	"POST /backoffice/creative/{kind}/{id}": "LDDDDDDDDDDDLDDD.",
}

func init() { maps.Copy(consoleMatrix, creativeConsoleMatrix) }
