package authz

import (
	"testing"

	"github.com/helio-platform/helio/internal/apperr"
)

type owned string

func (o owned) OwnerID() string { return string(o) }

func TestCheck(t *testing.T) {
	const (
		capRule  Permission = "test.capability"
		privRule Permission = "test.privilege"
		fanRule  Permission = "test.fan"
	)
	rules[capRule] = Rule{Capability: "short_video"}
	rules[privRule] = Rule{Privilege: "task_marketplace"}
	rules[fanRule] = Rule{NotForStaff: true}
	t.Cleanup(func() { delete(rules, capRule); delete(rules, privRule); delete(rules, fanRule) })

	anon := Actor{}
	user := Actor{UserID: "u1"}
	staff := Actor{UserID: "u1", SubAccountID: "s1", Permissions: map[Permission]bool{ReadMessages: true, fanRule: true}}
	op := Actor{UserID: "op", Roles: []string{RoleReviewer}}
	admin := Actor{UserID: "root", Roles: []string{RoleAdmin}}
	creator := Actor{UserID: "u2", Capabilities: map[string]bool{"short_video": true}, Privileges: map[string]bool{"task_marketplace": true}}

	cases := []struct {
		name  string
		actor Actor
		perm  Permission
		obj   Object
		want  apperr.Code
	}{
		{"public for anonymous", anon, SignUp, nil, ""},
		{"anonymous needs log-in", anon, ReadMessages, nil, apperr.Unauthenticated},
		{"user reads own", user, ReadMessages, owned("u1"), ""},
		{"user cannot see another's object", user, ReadMessages, owned("u9"), apperr.NotFound},
		{"user is not an operator", user, ViewBackoffice, nil, apperr.Forbidden},
		{"reviewer opens back office", op, ViewBackoffice, nil, ""},
		{"reviewer cannot read all audit", op, ReadAuditEvents, nil, apperr.Forbidden},
		{"admin holds every role", admin, ReadAuditEvents, nil, ""},
		{"staff with permission", staff, ReadMessages, owned("u1"), ""},
		{"staff without permission", staff, UpdateMessages, nil, apperr.Forbidden},
		{"staff is not a fan", staff, fanRule, nil, apperr.Forbidden},
		{"main account is a fan", user, fanRule, nil, ""},
		{"missing capability", user, capRule, nil, apperr.Forbidden},
		{"granted capability", creator, capRule, nil, ""},
		{"missing privilege", user, privRule, nil, apperr.Forbidden},
		{"level privilege", creator, privRule, nil, ""},
		{"unknown permission", admin, "no.such", nil, apperr.Forbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := apperr.CodeOf(Check(c.actor, c.perm, c.obj)); got != c.want {
				t.Fatalf("Check = %q, want %q", got, c.want)
			}
		})
	}
}

func TestForbiddenNamesWhatIsMissing(t *testing.T) {
	rules["test.cap2"] = Rule{Capability: "live_streaming"}
	t.Cleanup(func() { delete(rules, "test.cap2") })
	err := apperr.From(Check(Actor{UserID: "u"}, "test.cap2", nil))
	if got := err.MessageIn("en"); got != "This needs the live streaming capability." {
		t.Fatalf("message = %q", got)
	}
	if m, _ := err.Details["missing"].(map[string]string); m["capability"] != "live_streaming" {
		t.Fatalf("details = %v", err.Details)
	}
}

// TestPublishingNeedsCertificationThenCapability walks the publishing gate:
// an uncertified account is told to get certified (with the link), a
// certified one without the capability is told which capability it lacks,
// and one with both passes.
func TestPublishingNeedsCertificationThenCapability(t *testing.T) {
	for _, p := range PublishingPermissions {
		r, _ := RuleOf(p)
		browsing := Actor{UserID: "u", Capabilities: map[string]bool{r.Capability: true}}
		err := apperr.From(Check(browsing, p, nil))
		if err.Code != apperr.Forbidden || err.MessageIn("en") != "Insufficient permission: certification required." {
			t.Fatalf("%s uncertified: %v", p, err)
		}
		if err.Details["link"] != CertificationLink {
			t.Fatalf("%s uncertified: details %v lack the link", p, err.Details)
		}
		certified := Actor{UserID: "u", Certified: true}
		err = apperr.From(Check(certified, p, nil))
		if m, _ := err.Details["missing"].(map[string]string); err.Code != apperr.Forbidden || m["capability"] != r.Capability {
			t.Fatalf("%s without capability: %v %v", p, err, err.Details)
		}
		certified.Capabilities = map[string]bool{r.Capability: true}
		// Every level holds publishing by default (SPEC §7.3).
		certified.Privileges = map[string]bool{PrivPublish: true}
		if err := Check(certified, p, nil); err != nil {
			t.Fatalf("%s certified with capability: %v", p, err)
		}
	}
}
