package httpapi_test

import "maps"

// discoverMatrix is the permission matrix of the discover page and search.
var discoverMatrix = map[string]string{
	"GET /api/v1/discover":        "............G.....",
	"GET /api/v1/search/contents": "............G.....",
	"GET /api/v1/search/creators": "............G.....",
}

func init() { maps.Copy(matrix, discoverMatrix) }

// studioMatrix is the permission matrix of the comments inbox and the
// scheduling calendar.
var studioMatrix = map[string]string{
	"GET /api/v1/me/comments": "L...DDDDDDDDG.D..D", // content.moderate_comments
	"GET /api/v1/me/calendar": "L...DD.D.DD.G.D..D", // content.read
}

func init() { maps.Copy(matrix, studioMatrix) }

// discoverConsoleMatrix is the permission matrix of the discover and
// search pages.
var discoverConsoleMatrix = map[string]string{
	"GET /discover": "..................",
	"GET /explore":  "..................",
	"GET /search":   "..................",
}

func init() { maps.Copy(consoleMatrix, discoverConsoleMatrix) }

// studioConsoleMatrix is the permission matrix of the comments inbox and
// the scheduling calendar pages.
var studioConsoleMatrix = map[string]string{
	"GET /comments":       "L...DDDDDDDDL.D..D", // content.moderate_comments
	"POST /comments/{id}": "L...DDDDDDDDL.D..D",
	"GET /calendar":       "L...DD.D.DD.L.D..D", // content.read
}

func init() { maps.Copy(consoleMatrix, studioConsoleMatrix) }
