package httpapi_test

import "maps"

// discoverMatrix is the permission matrix of the discover page and search.
var discoverMatrix = map[string]string{
	"GET /api/v1/discover":        "............G.....",
	"GET /api/v1/search/contents": "............G.....",
	"GET /api/v1/search/creators": "............G.....",
}

func init() { maps.Copy(matrix, discoverMatrix) }

// discoverConsoleMatrix is the permission matrix of the discover and
// search pages.
var discoverConsoleMatrix = map[string]string{
	"GET /discover": "..................",
	"GET /explore":  "..................",
	"GET /search":   "..................",
}

func init() { maps.Copy(consoleMatrix, discoverConsoleMatrix) }
