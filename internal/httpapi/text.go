package httpapi

import (
	"bytes"
	"io"
	"mime"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/helio-platform/helio/internal/httpx"
)

// checkText refuses, before huma decodes the input, text that is not valid
// UTF-8 or holds a NUL: in the operation's path and header parameters, in
// any query value, and in a JSON body (up to the operation's body limit; a
// larger body is refused by huma as too large). Each offending input is a
// field error under its own name.
func checkText(hctx huma.Context) error {
	var g httpx.TextGuard
	op := hctx.Operation()
	for _, p := range op.Parameters {
		switch p.In {
		case "path":
			g.Check(p.Name, hctx.Param(p.Name))
		case "header":
			g.Check(p.Name, hctx.Header(p.Name))
		}
	}
	u := hctx.URL()
	g.CheckValues(u.Query(), "query")
	if ct, _, _ := mime.ParseMediaType(hctx.Header("Content-Type")); ct == "application/json" && op.RequestBody != nil {
		r, _ := humago.Unwrap(hctx)
		raw, err := io.ReadAll(io.LimitReader(r.Body, op.MaxBodyBytes+1))
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(raw), r.Body), r.Body}
		if err == nil && int64(len(raw)) <= op.MaxBodyBytes {
			g.CheckJSON(raw)
		}
	}
	return g.Err()
}
