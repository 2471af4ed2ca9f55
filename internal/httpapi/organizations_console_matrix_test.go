package httpapi_test

import "maps"

// orgConsoleMatrix is the console's organization pages: main accounts
// only; opening an organization needs a certification.
var orgConsoleMatrix = map[string]string{
	"GET /organization":                               "L...DDDDDDDDLDD..D",
	"POST /organization":                              "LDDDDDDDDDDDLDDDDD",
	"POST /organization/invitations":                  "L...DDDDDDDDLDD..D",
	"POST /organization/creators/{creator_id}/unbind": "L...DDDDDDDDLDD..D",
	"GET /my-organization":                            "L...DDDDDDDDLDD..D",
	"POST /my-organization/invitations/{id}/accept":   "L...DDDDDDDDLDD..D",
	"POST /my-organization/invitations/{id}/decline":  "L...DDDDDDDDLDD..D",
	"POST /my-organization/{id}/unbind":               "L...DDDDDDDDLDD..D",
}

func init() { maps.Copy(consoleMatrix, orgConsoleMatrix) }
