package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/org"
)

type organizationInput struct {
	Body org.OrganizationInput
}

type organizationOutput struct {
	Body org.Organization
}

type organizationViewOutput struct {
	Body org.View
}

type invitationInput struct {
	ID   string `path:"id"`
	Body org.InvitationInput
}

type invitationOutput struct {
	Body org.Invitation
}

type orgBindingOutput struct {
	Body org.Binding
}

type unbindInput struct {
	ID        string `path:"id"`
	CreatorID string `path:"creator_id"`
}

type orgStatsOutput struct {
	Body org.OrganizationStats
}

type myOrganizationsOutput struct {
	Body org.Mine
}

func (a *API) registerOrganizations() {
	s := func() *org.Service { return a.deps.Orgs }
	handle(a, retrySafe(Route{OperationID: "create-organization", Method: http.MethodPost, Path: "/organizations",
		Permission: authz.CreateOrganization, Status: http.StatusCreated,
		Summary: "Open the caller's organization (needs an approved organization certification)"}),
		func(ctx context.Context, in *organizationInput) (*organizationOutput, error) {
			o, err := s().CreateOrganization(ctx, in.Body)
			return &organizationOutput{Body: o}, err
		})
	handle(a, Route{OperationID: "get-my-organization", Method: http.MethodGet, Path: "/me/organization",
		Permission: authz.ReadOrganization, Summary: "The organization the caller runs"},
		func(ctx context.Context, _ *struct{}) (*organizationOutput, error) {
			o, err := s().FindMyOrganization(ctx)
			return &organizationOutput{Body: o}, err
		})
	handle(a, Route{OperationID: "get-organization", Method: http.MethodGet, Path: "/organizations/{id}",
		Permission: authz.ReadOrganization,
		Summary:    "An organization with its bindings (each with its contract history and hand-overs) and invitations"},
		func(ctx context.Context, in *idInput) (*organizationViewOutput, error) {
			v, err := s().FindOrganizationByID(ctx, in.ID)
			return &organizationViewOutput{Body: v}, err
		})
	handle(a, Route{OperationID: "invite-creator", Method: http.MethodPost, Path: "/organizations/{id}/invitations",
		Permission: authz.InviteCreator, Status: http.StatusCreated,
		Summary: "Invite a creator with a revenue share in basis points (a bound creator: the next contract version)"},
		func(ctx context.Context, in *invitationInput) (*invitationOutput, error) {
			i, err := s().CreateInvitation(ctx, in.ID, in.Body)
			return &invitationOutput{Body: i}, err
		})
	handle(a, Route{OperationID: "get-organization-stats", Method: http.MethodGet, Path: "/organizations/{id}/stats",
		Permission: authz.ReadOrganization,
		Summary:    "The bound creators' aggregated content figures and earnings (nothing private)"},
		func(ctx context.Context, in *idInput) (*orgStatsOutput, error) {
			st, err := s().FindStats(ctx, in.ID)
			return &orgStatsOutput{Body: st}, err
		})
	handle(a, Route{OperationID: "unbind-creator", Method: http.MethodPost, Path: "/organizations/{id}/creators/{creator_id}/unbind",
		Permission: authz.UnbindOrganization,
		Summary:    "Give notice to end a binding (either side); it ends after the notice period with a hand-over"},
		func(ctx context.Context, in *unbindInput) (*orgBindingOutput, error) {
			b, err := s().Unbind(ctx, in.ID, in.CreatorID)
			return &orgBindingOutput{Body: b}, err
		})
	handle(a, Route{OperationID: "list-my-organization-invitations", Method: http.MethodGet, Path: "/me/organizations",
		Permission: authz.ReadMyOrganizations, Summary: "The caller's invitations and bindings as a creator, with contract history"},
		func(ctx context.Context, _ *struct{}) (*myOrganizationsOutput, error) {
			m, err := s().FindMine(ctx)
			return &myOrganizationsOutput{Body: m}, err
		})
	handle(a, Route{OperationID: "accept-organization-invitation", Method: http.MethodPost,
		Path: "/organization-invitations/{id}/accept", Permission: authz.DecideOrgInvitation,
		Summary: "Accept an invitation: the binding's contract version in force from now"},
		func(ctx context.Context, in *idInput) (*orgBindingOutput, error) {
			b, err := s().AcceptInvitation(ctx, in.ID)
			return &orgBindingOutput{Body: b}, err
		})
	handle(a, Route{OperationID: "decline-organization-invitation", Method: http.MethodPost,
		Path: "/organization-invitations/{id}/decline", Permission: authz.DecideOrgInvitation, Summary: "Decline an invitation"},
		func(ctx context.Context, in *idInput) (*invitationOutput, error) {
			i, err := s().DeclineInvitation(ctx, in.ID)
			return &invitationOutput{Body: i}, err
		})
}
