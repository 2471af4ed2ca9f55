package blob

import (
	"net/http"
	"strings"
)

// ContentType names the type of a file from its first bytes (up to 512 are
// read), without parameters: the WHATWG sniffing algorithm browsers use,
// from the standard library's net/http, so that domain packages judge an
// upload the way a browser will show it without importing the HTTP layer.
func ContentType(head []byte) string {
	ctype, _, _ := strings.Cut(http.DetectContentType(head), ";")
	return ctype
}
