package httpapi

import (
	"context"
	"net/http"

	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/creator"
)

type certificationInput struct {
	Body creator.CertificationInput
}

type certificationOutput struct {
	Body creator.Certification
}

type certificationsOutput struct {
	Body List[creator.Certification]
}

// RoleTables are the role certifications and domain focuses one may claim.
type RoleTables struct {
	Roles         []creator.Role `json:"roles"`
	DomainFocuses []creator.Role `json:"domain_focuses"`
}

type roleTablesOutput struct {
	Body RoleTables
}

type capabilityInput struct {
	Body creator.CapabilityInput
}

type capabilityOutput struct {
	Body creator.CapabilityApplication
}

type capabilitiesOutput struct {
	Body creator.Capabilities
}

func (a *API) registerCertification() {
	c := func() *creator.Service { return a.deps.Creators }
	handle(a, Route{OperationID: "list-certification-roles", Method: http.MethodGet, Path: "/certification-roles",
		Permission: authz.ReadCertification, Summary: "Role certifications and domain focuses"},
		func(ctx context.Context, _ *struct{}) (*roleTablesOutput, error) {
			roles, err := c().Roles(ctx)
			if err != nil {
				return nil, err
			}
			focuses, err := c().DomainFocuses(ctx)
			return &roleTablesOutput{Body: RoleTables{Roles: roles, DomainFocuses: focuses}}, err
		})
	handle(a, Route{OperationID: "submit-certification", Method: http.MethodPost, Path: "/certifications",
		Permission: authz.SubmitCertification, Status: http.StatusCreated,
		Summary: "Apply for personal or organization certification (draft: true keeps a draft)"},
		func(ctx context.Context, in *certificationInput) (*certificationOutput, error) {
			cert, err := c().SubmitCertification(ctx, in.Body)
			return &certificationOutput{Body: cert}, err
		})
	handle(a, Route{OperationID: "list-certifications", Method: http.MethodGet, Path: "/certifications",
		Permission: authz.ReadCertification, Summary: "My certifications, newest first"},
		func(ctx context.Context, _ *struct{}) (*certificationsOutput, error) {
			items, err := c().FindCertifications(ctx)
			return &certificationsOutput{Body: newList(items, "")}, err
		})
	handle(a, Route{OperationID: "get-certification", Method: http.MethodGet, Path: "/certifications/{id}",
		Permission: authz.ReadCertification, Summary: "One of my certifications"},
		func(ctx context.Context, in *messageIDInput) (*certificationOutput, error) {
			cert, err := c().FindCertificationByID(ctx, in.ID)
			return &certificationOutput{Body: cert}, err
		})
	handle(a, Route{OperationID: "submit-draft-certification", Method: http.MethodPost, Path: "/certifications/{id}/submit",
		Permission: authz.SubmitCertification, Summary: "Submit a draft certification for review"},
		func(ctx context.Context, in *messageIDInput) (*certificationOutput, error) {
			cert, err := c().SubmitDraftCertification(ctx, in.ID)
			return &certificationOutput{Body: cert}, err
		})
	handle(a, Route{OperationID: "apply-capability", Method: http.MethodPost, Path: "/capability-applications",
		Permission: authz.ApplyCapability, Status: http.StatusCreated, Summary: "Apply for a publishing capability"},
		func(ctx context.Context, in *capabilityInput) (*capabilityOutput, error) {
			app, err := c().ApplyCapability(ctx, in.Body)
			return &capabilityOutput{Body: app}, err
		})
	handle(a, Route{OperationID: "my-capabilities", Method: http.MethodGet, Path: "/me/capabilities",
		Permission: authz.ReadCapabilities, Summary: "My capabilities, certification and the publishing actions open to me"},
		func(ctx context.Context, _ *struct{}) (*capabilitiesOutput, error) {
			caps, err := c().MyCapabilities(ctx)
			return &capabilitiesOutput{Body: caps}, err
		})
}
