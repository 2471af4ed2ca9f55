package creator

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/helio-platform/helio/internal/apperr"
	"github.com/helio-platform/helio/internal/audit"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/jobs"
)

// MaxRoles is how many role certifications one certification may claim.
const MaxRoles = 3

// Roles lists the role certifications one may apply for (a table).
func (s *Service) Roles(ctx context.Context) ([]Role, error) {
	return s.store.findRoles(ctx, "certification_roles")
}

// DomainFocuses lists the domain focuses one may declare (a table).
func (s *Service) DomainFocuses(ctx context.Context) ([]Role, error) {
	return s.store.findRoles(ctx, "domain_focuses")
}

// SubmitCertification applies for personal or organization certification
// of one of the actor's creator accounts, with documents, role
// certifications and a domain focus; in.Draft keeps it as a draft. The
// name and number come from the actor's verified real-name record.
func (s *Service) SubmitCertification(ctx context.Context, in CertificationInput) (Certification, error) {
	if err := authz.CheckCtx(ctx, authz.SubmitCertification, nil); err != nil {
		return Certification{}, err
	}
	var out Certification
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		acct, err := s.store.findCreatorAccount(ctx, in.CreatorAccountID)
		if err != nil {
			return apperr.Field("creator_account_id", "is not one of your creator accounts")
		}
		if err := authz.CheckCtx(ctx, authz.SubmitCertification, acct); err != nil {
			return apperr.Field("creator_account_id", "is not one of your creator accounts")
		}
		real, err := s.store.findRealName(ctx, acct.UserID, s.clock.Now())
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		var v apperr.Validation
		switch in.Kind {
		case CertPersonal:
			if err != nil || real.Kind != RealNamePerson {
				v.Reject("kind", "personal certification needs your real name verified as a person")
			}
		case CertOrganization:
			if err != nil || real.Kind != RealNameEnterprise {
				v.Reject("kind", "organization certification needs your enterprise verified with its licence number")
			}
		default:
			v.Reject("kind", "must be personal or organization")
		}
		s.checkDocuments(ctx, &v, "documents", in.Documents, 1)
		if err := s.checkRoles(ctx, &v, in); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		// Role certifications are a level privilege (SPEC §7.3: from L1).
		if len(in.Roles) > 0 {
			if err := authz.CheckCtx(ctx, authz.ApplyRole, nil); err != nil {
				return err
			}
		}
		if n, err := s.store.countOpenCertifications(ctx, acct.ID); err != nil {
			return err
		} else if n > 0 {
			return apperr.New(apperr.Conflict, "This account already has a certification under review or approved.")
		}
		now := s.clock.Now()
		out = Certification{ID: newID(), UserID: acct.UserID, CreatorAccountID: acct.ID, Kind: in.Kind, Name: real.Name,
			Number: real.Number, Documents: in.Documents, Roles: in.Roles, DomainFocus: in.DomainFocus,
			Status: StatusSubmitted, CreatedAt: now}
		if out.Roles == nil {
			out.Roles = []string{}
		}
		if in.Draft {
			out.Status = StatusDraft
		} else {
			out.SubmittedAt = &now
		}
		if err := s.store.insertCertification(ctx, out, real.number); err != nil {
			return err
		}
		action := "certification.submit"
		if in.Draft {
			action = "certification.draft"
		}
		return s.audit.Record(ctx, audit.Event{Action: action, ObjectType: "certification", ObjectID: out.ID, Summary: out.Kind + " " + strings.Join(out.Roles, ",")})
	})
	return out, err
}

// checkRoles checks the claimed role certifications and domain focus
// against their tables.
func (s *Service) checkRoles(ctx context.Context, v *apperr.Validation, in CertificationInput) error {
	roles, err := s.Roles(ctx)
	if err != nil {
		return err
	}
	focuses, err := s.DomainFocuses(ctx)
	if err != nil {
		return err
	}
	known := func(list []Role, code string) bool {
		return slices.ContainsFunc(list, func(r Role) bool { return r.Code == code })
	}
	if len(in.Roles) > MaxRoles {
		v.Reject("roles", "choose at most %d roles", MaxRoles)
	}
	for _, r := range in.Roles {
		if !known(roles, r) {
			v.Reject("roles", "%s is not a role certification", r)
		}
	}
	if in.DomainFocus != "" && !known(focuses, in.DomainFocus) {
		v.Reject("domain_focus", "%s is not a domain focus", in.DomainFocus)
	}
	return nil
}

// SubmitDraftCertification submits a draft certification for review.
func (s *Service) SubmitDraftCertification(ctx context.Context, id string) (Certification, error) {
	var out Certification
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.findCertification(ctx, id)
		if err != nil {
			return err
		}
		if err := authz.CheckCtx(ctx, authz.SubmitCertification, c); err != nil {
			return err
		}
		if n, err := s.store.countOpenCertifications(ctx, c.CreatorAccountID); err != nil {
			return err
		} else if n > 0 {
			return apperr.New(apperr.Conflict, "This account already has a certification under review or approved.")
		}
		if err := s.store.submitDraft(ctx, id, s.clock.Now()); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{Action: "certification.submit", ObjectType: "certification", ObjectID: id}); err != nil {
			return err
		}
		out, err = s.store.findCertification(ctx, id)
		return err
	})
	return out, err
}

// FindCertificationByID returns one of the actor's certifications.
func (s *Service) FindCertificationByID(ctx context.Context, id string) (Certification, error) {
	c, err := s.store.findCertification(ctx, id)
	if err != nil {
		return Certification{}, err
	}
	if err := authz.CheckCtx(ctx, authz.ReadCertification, c); err != nil {
		return Certification{}, err
	}
	return c, nil
}

// FindCertifications lists the actor's certifications, newest first.
func (s *Service) FindCertifications(ctx context.Context) ([]Certification, error) {
	if err := authz.CheckCtx(ctx, authz.ReadCertification, nil); err != nil {
		return nil, err
	}
	return s.store.findCertifications(ctx, authz.ActorFrom(ctx).UserID)
}

// ApplyCapability applies for a publishing capability with qualification
// material; an operator decides in the review queue.
func (s *Service) ApplyCapability(ctx context.Context, in CapabilityInput) (CapabilityApplication, error) {
	if err := authz.CheckCtx(ctx, authz.ApplyCapability, nil); err != nil {
		return CapabilityApplication{}, err
	}
	var v apperr.Validation
	if !slices.Contains(authz.Capabilities, in.Capability) {
		v.Reject("capability", "must be one of %s", strings.Join(authz.Capabilities, ", "))
	}
	in.Material = strings.TrimSpace(in.Material)
	if n := utf8.RuneCountInString(in.Material); n < 10 || n > 2000 {
		v.Reject("material", "describe your qualification in 10 to 2000 characters")
	}
	s.checkDocuments(ctx, &v, "documents", in.Documents, 0)
	if err := v.Err(); err != nil {
		return CapabilityApplication{}, err
	}
	a := authz.ActorFrom(ctx)
	app := CapabilityApplication{Capability: in.Capability, Material: in.Material, Application: s.newApplication(a.UserID, in.Documents)}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		latest, err := s.store.latestCapabilityApplications(ctx, a.UserID)
		if err != nil {
			return err
		}
		if prev, ok := latest[in.Capability]; ok && (prev.Status == StatusSubmitted || prev.Status == StatusApproved) {
			return apperr.Field("capability", "you hold it already or an application is under review")
		}
		if err := s.store.insertCapabilityApplication(ctx, app); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "capability.apply", ObjectType: "capability_application",
			ObjectID: app.ID, Summary: app.Capability})
	})
	return app, err
}

// MyCapabilities answers which capabilities the actor holds or applied
// for, whether it is certified, and which publishing actions authz lets it
// take now, with the reason and the fix link for those it may not.
func (s *Service) MyCapabilities(ctx context.Context) (Capabilities, error) {
	if err := authz.CheckCtx(ctx, authz.ReadCapabilities, nil); err != nil {
		return Capabilities{}, err
	}
	a := authz.ActorFrom(ctx)
	caps, certified, err := s.store.entitlements(ctx, a.UserID, s.clock.Now())
	if err != nil {
		return Capabilities{}, err
	}
	latest, err := s.store.latestCapabilityApplications(ctx, a.UserID)
	if err != nil {
		return Capabilities{}, err
	}
	out := Capabilities{Certified: certified}
	for _, c := range authz.Capabilities {
		st := CapabilityState{Capability: c, Granted: caps[c], Status: "none"}
		if app, ok := latest[c]; ok {
			st.Status, st.Reason = app.Status, app.Reason
		}
		if st.Granted {
			st.Status = "granted"
		}
		out.Capabilities = append(out.Capabilities, st)
	}
	a.Capabilities, a.Certified = caps, certified
	lang := i18n.FromContext(ctx)
	for _, p := range authz.PublishingPermissions {
		g := GateState{Permission: string(p), Allowed: true}
		if err := authz.Check(a, p, nil); err != nil {
			e := apperr.From(err)
			g.Allowed, g.Message = false, e.MessageIn(lang)
			g.Link, _ = e.Details["link"].(string)
			if g.Link == "" {
				g.Link = "/capabilities"
			}
		}
		out.Publishing = append(out.Publishing, g)
	}
	return out, nil
}

// Entitlements returns what authz needs to know of userID: its granted
// capabilities and whether it holds a valid certification. auth calls it
// for every authenticated request (one indexed query).
func (s *Service) Entitlements(ctx context.Context, userID string) (map[string]bool, bool, error) {
	return s.store.entitlements(ctx, userID, s.clock.Now())
}

// FindSubmissions lists the applications for review, oldest first.
func (s *Service) FindSubmissions(ctx context.Context, f SubmissionFilter) ([]Submission, string, error) {
	if err := authz.CheckCtx(ctx, authz.ReviewApplications, nil); err != nil {
		return nil, "", err
	}
	if f.Kind != "" && !slices.Contains(ReviewKinds, f.Kind) {
		return nil, "", apperr.Field("kind", "must be one of %s", strings.Join(ReviewKinds, ", "))
	}
	if f.Status != "" && f.Status != "pending" && f.Status != "decided" && f.Status != "all" {
		return nil, "", apperr.Field("status", "must be pending, decided or all")
	}
	return s.store.findSubmissions(ctx, f)
}

// FindSubmission returns one application for review with its material.
func (s *Service) FindSubmission(ctx context.Context, id string) (Submission, error) {
	if err := authz.CheckCtx(ctx, authz.ReviewApplications, nil); err != nil {
		return Submission{}, err
	}
	return s.store.findSubmission(ctx, id)
}

// reviewNotice is what the applicant is told about a decision.
type reviewNotice struct {
	title, body i18n.Text
}

var reviewNotices = map[string]map[bool]reviewNotice{
	ReviewCertification: {
		true:  {i18n.T("Your certification was approved"), i18n.T("You may now publish with the capabilities you hold.")},
		false: {i18n.T("Your certification was not approved"), i18n.T("Open the certification page to see the reason and apply again.")},
	},
	ReviewCapability: {
		true:  {i18n.T("Your capability application was approved"), i18n.T("The capability is now open to you.")},
		false: {i18n.T("Your capability application was not approved"), i18n.T("Open your capabilities to see the reason and apply again.")},
	},
	ReviewBrandEntry: {
		true:  {i18n.T("Your brand entry was approved"), i18n.T("You may now open a brand account.")},
		false: {i18n.T("Your brand entry was not approved"), i18n.T("Open your verification page to see the reason and apply again.")},
	},
}

// DecideReview approves or rejects (with a reason) a submitted
// application, through the action of its own kind: an approved
// certification gets its expiry scheduled and becomes the key account
// recovery finds the identity by, an approved capability
// application grants the capability. The applicant is notified either way.
func (s *Service) DecideReview(ctx context.Context, id string, approve bool, reason string) (Submission, error) {
	if err := authz.CheckCtx(ctx, authz.ReviewApplications, nil); err != nil {
		return Submission{}, err
	}
	reason = strings.TrimSpace(reason)
	if !approve {
		if err := validateReason(reason); err != nil {
			return Submission{}, err
		}
	}
	var out Submission
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		it, err := s.store.findSubmission(ctx, id)
		if err != nil {
			return err
		}
		now, by := s.clock.Now(), authz.ActorFrom(ctx).UserID
		status := map[bool]string{true: StatusApproved, false: StatusRejected}[approve]
		table := map[string]string{ReviewCertification: "certifications", ReviewCapability: "capability_applications",
			ReviewBrandEntry: "brand_entries"}[it.Kind]
		if err := s.store.decide(ctx, table, id, status, reason, by, now); err != nil {
			return err
		}
		switch {
		case approve && it.Kind == ReviewCertification:
			userID, number, err := s.store.certificationSubject(ctx, id)
			if err != nil {
				return err
			}
			if err := s.accounts.SaveRecoveryKey(ctx, userID, number); err != nil {
				return err
			}
			expires := now.Add(s.opts.CertificationValidity)
			if err := s.store.setCertificationExpiry(ctx, id, expires, now); err != nil {
				return err
			}
			if _, err := s.jobs.Enqueue(ctx, CertificationExpiryKind, map[string]string{"certification_id": id},
				jobs.At(expires), jobs.Dedupe(CertificationExpiryKind+":"+id)); err != nil {
				return apperr.Wrap(err, "schedule certification expiry")
			}
		case approve && it.Kind == ReviewCapability:
			if err := s.store.grantCapability(ctx, *it.Capability, now); err != nil {
				return err
			}
		}
		if err := s.audit.Record(ctx, audit.Event{OwnerID: it.UserID, Action: "review." + status, ObjectType: it.Kind,
			ObjectID: id, Summary: reason}); err != nil {
			return err
		}
		n := reviewNotices[it.Kind][approve]
		if err := s.notify.Notify(ctx, it.UserID, "review."+it.Kind, n.title.Format, n.body.Format, nil); err != nil {
			return err
		}
		out, err = s.store.findSubmission(ctx, id)
		return err
	})
	return out, err
}

// expireCertification is the CertificationExpiryKind job.
func (s *Service) expireCertification(ctx context.Context, j jobs.Job) error {
	var p struct {
		CertificationID string `json:"certification_id"`
	}
	if err := j.Decode(&p); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.findCertification(ctx, p.CertificationID)
		if err != nil {
			return err
		}
		expired, err := s.store.expireCertification(ctx, c.ID, s.clock.Now())
		if err != nil || !expired {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{ActorID: audit.System, OwnerID: c.UserID, Action: "certification.expire",
			ObjectType: "certification", ObjectID: c.ID}); err != nil {
			return err
		}
		return s.notify.Notify(ctx, c.UserID, "certification.expired", "Your certification has expired",
			"Apply for certification again to keep publishing.", nil)
	})
}
