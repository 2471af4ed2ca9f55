package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/creator"
	"github.com/helio-platform/helio/internal/discover"
)

type discoverInput struct {
	Period string `query:"period" enum:"7d,30d,90d" doc:"how far back engagement counts: 7d (default), 30d or 90d"`
	PageQuery
}

type discoverOutput struct {
	Body struct {
		discover.Discovery
		// Newest pages with limit and cursor.
		Newest List[discover.ContentCard] `json:"newest"`
	}
}

type searchInput struct {
	Q string `query:"q" doc:"the text looked for (required, at most 100 characters)"`
	PageQuery
}

type searchContentsOutput struct {
	Body List[discover.ContentCard]
}

type searchCreatorsOutput struct {
	Body List[creator.Profile]
}

func (a *API) registerDiscover() {
	d := func() *discover.Service { return a.deps.Discover }
	handle(a, Route{OperationID: "discover", Method: http.MethodGet, Path: "/discover", Permission: authz.ReadPublished,
		Summary: "Recommended creators and the most engaged content of a period, and a page of the newest published content"},
		func(ctx context.Context, in *discoverInput) (*discoverOutput, error) {
			found, err := d().Discover(ctx, discover.Filter{Period: in.Period, Page: pageOf(in.PageQuery)})
			return result(found, err, func(found discover.Discovery) *discoverOutput {
				out := &discoverOutput{}
				out.Body.Discovery, out.Body.Newest = found, newList(found.Newest, found.Next)
				return out
			})
		})
	handle(a, Route{OperationID: "search-contents", Method: http.MethodGet, Path: "/search/contents", Permission: authz.ReadPublished,
		Summary: "Search every account's published content by title and body (trigram index), newest first"},
		func(ctx context.Context, in *searchInput) (*searchContentsOutput, error) {
			found, err := d().Search(ctx, discover.SearchFilter{Q: in.Q, Kind: discover.KindContent, Page: pageOf(in.PageQuery)})
			return result(found, err, func(found discover.Results) *searchContentsOutput {
				return &searchContentsOutput{Body: newList(found.Contents, found.Next)}
			})
		})
	handle(a, Route{OperationID: "search-creators", Method: http.MethodGet, Path: "/search/creators", Permission: authz.ReadPublished,
		Summary: "Search creators by their creator account's name (case, width and look-alike letters folded), newest first"},
		func(ctx context.Context, in *searchInput) (*searchCreatorsOutput, error) {
			found, err := d().Search(ctx, discover.SearchFilter{Q: in.Q, Kind: discover.KindCreators, Page: pageOf(in.PageQuery)})
			return result(found, err, func(found discover.Results) *searchCreatorsOutput {
				return &searchCreatorsOutput{Body: newList(found.Creators, found.Next)}
			})
		})
}
