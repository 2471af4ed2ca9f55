// Package e2e drives a real `helio serve --demo` through headless Chromium
// (chromedp with Debian's chromium). The tests skip when no Chromium is
// installed, unless HELIO_E2E_REQUIRE=1 (CI sets it), which makes a missing
// browser a failure.
package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	// The tests run a helio binary built in TestMain; importing its wiring
	// makes go test's cache notice when the server's code changes.
	_ "github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

var helioBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "helio-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	helioBin = filepath.Join(dir, "helio")
	build := exec.Command("go", "build", "-o", helioBin, "../cmd/helio")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build helio:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// chromium returns the browser's path, skipping (or failing in CI) when
// there is none.
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("HELIO_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("HELIO_E2E_REQUIRE") == "1" {
		t.Fatal("HELIO_E2E_REQUIRE=1 but no Chromium found (apt-get install chromium)")
	}
	t.Skip("no Chromium installed; apt-get install chromium to run the browser tests")
	return ""
}

var listening = regexp.MustCompile(`Open (http://127\.0\.0\.1:\d+) and log in`)

// startHelio runs `helio serve --demo` on a free port (or with the extra
// flags given, which win) and returns its URL.
func startHelio(t *testing.T, dialect db.Dialect, extra ...string) string {
	t.Helper()
	args := []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--log-level", "warn"}
	args = append(args, extra...)
	if dialect == db.Postgres {
		args = append(args, "--database-url", testkit.PostgresSchema(t))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, helioBin, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	testkit.Must(t, err)
	testkit.Must(t, cmd.Start())
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		defer close(found)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				_, _ = io.Copy(io.Discard, stdout)
				return
			}
		}
	}()
	select {
	case url, ok := <-found:
		if !ok {
			t.Fatal("helio exited before it was listening")
		}
		return url
	case <-time.After(60 * time.Second):
		t.Fatal("helio did not start within 60 s")
	}
	return ""
}

// browser opens a headless Chromium tab whose steps must all finish
// within 90 s.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserFor(t, 90*time.Second)
}

// browserFor opens a headless Chromium tab whose steps must all finish
// within limit.
func browserFor(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	return ctx
}

// TestConsoleLogInAndLanguage logs in as a demo creator, sees the home page,
// switches to Chinese, signs out, sees a field error, and opens the back
// office as the demo operator.
func TestConsoleLogInAndLanguage(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := browser(t)
			url := startHelio(t, dialect)
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/"),
				chromedp.WaitVisible(chromedp.ID("login")),
				chromedp.SendKeys(chromedp.ID("login"), demo.People[0].Nickname),
				chromedp.SendKeys(chromedp.ID("password"), demo.Password),
				chromedp.Click(chromedp.ID("login-submit")),
				chromedp.WaitVisible(chromedp.ID("home-title")),
			))
			title := text(t, ctx, "home-title")
			if who := text(t, ctx, "who"); !strings.Contains(title, "Welcome") || who != demo.People[0].Nickname {
				t.Fatalf("home page: title %q, who %q", title, who)
			}
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.SetValue(chromedp.ID("lang-select"), "zh"),
				chromedp.Click(chromedp.ID("lang-apply")),
				chromedp.WaitVisible(chromedp.CSS(`html[lang="zh-CN"] #home-title`)),
			))
			if title := text(t, ctx, "home-title"); !strings.Contains(title, "欢迎") {
				t.Fatalf("after switching to Chinese the title is %q", title)
			}
			// Log out; a log-in without a password shows the error next to the
			// field; then the operator opens the back office.
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.ID("logout")),
				chromedp.WaitVisible(chromedp.ID("login")),
				chromedp.SendKeys(chromedp.ID("login"), "ops"),
				chromedp.Click(chromedp.ID("login-submit")),
				chromedp.WaitVisible(chromedp.ID("password-error")),
			))
			if msg := text(t, ctx, "password-error"); msg != "请输入密码" {
				t.Fatalf("password field error %q", msg)
			}
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.SendKeys(chromedp.ID("password"), demo.Password),
				chromedp.Click(chromedp.ID("login-submit")),
				chromedp.WaitVisible(chromedp.ID("stat-users")),
			))
			if n := text(t, ctx, "stat-users"); n != fmt.Sprint(len(demo.People)+demo.CrowdSize) {
				t.Fatalf("back office counts %q accounts, want %d", n, len(demo.People)+demo.CrowdSize)
			}
		})
	}
}

// text returns the visible text of the element with id.
func text(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
	testkit.Must(t, err)
	return strings.TrimSpace(s)
}

// TestCreatorCertificationFlow: a new user signs up, verifies their real name
// and payout account, opens a creator account, and submits certification
// with a document; the home page shows the "certification required" gate.
// The demo operator approves it in the back office; the creator's home then
// shows the account certified and the gate passed.
func TestCreatorCertificationFlow(t *testing.T) {
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := browser(t)
			acceptConfirmations(t, ctx)
			url := startHelio(t, dialect)
			doc := filepath.Join(t.TempDir(), "id-card.png")
			testkit.Must(t, os.WriteFile(doc, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...), 0o600))
			signUp(t, ctx, url, "newbie")
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Navigate(url+"/verification"),
				chromedp.SendKeys(chromedp.ID("name"), "林新人"),
				chromedp.SendKeys(chromedp.ID("id_number"), "11010519491231002X"),
				chromedp.Click(chromedp.ID("real-name-submit")),
				chromedp.WaitVisible(chromedp.ID("real-name-state")),
				chromedp.SendKeys(chromedp.ID("account_id"), "13900000009"),
				chromedp.SendKeys(chromedp.ID("holder_name"), "林新人"),
				chromedp.Click(chromedp.ID("payout-submit")),
				chromedp.WaitVisible(chromedp.ID("payout-state")),
				chromedp.Navigate(url+"/creator?type=creator"),
				chromedp.WaitVisible(chromedp.ID("open-submit")),
				chromedp.SendKeys(chromedp.ID("name"), "Newbie Style"),
				chromedp.SendKeys(chromedp.ID("bio"), "每天一套通勤穿搭"),
				chromedp.Click(chromedp.ID("open-submit")),
				chromedp.WaitVisible(chromedp.ID("opened")),
				chromedp.Navigate(url+"/certification"),
				chromedp.WaitVisible(chromedp.ID("cert-submit")),
				chromedp.SetUploadFiles(chromedp.ID("documents"), []string{doc}),
				chromedp.Click(chromedp.ID("cert-submit")),
				chromedp.WaitVisible(chromedp.CSS("tr.certification .status-submitted")),
				chromedp.Navigate(url+"/"),
				chromedp.WaitVisible(chromedp.ID("publishing")),
			))
			if gate := text(t, ctx, "publishing"); !strings.Contains(gate, "certification required") || !strings.Contains(text(t, ctx, "certified-state"), "Not certified") {
				t.Fatalf("before approval the home page shows %q", gate)
			}
			testkit.Must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.ID("logout")),
				chromedp.WaitVisible(chromedp.ID("login")),
				chromedp.SendKeys(chromedp.ID("login"), "ops"),
				chromedp.SendKeys(chromedp.ID("password"), demo.Password),
				chromedp.Click(chromedp.ID("login-submit")),
				chromedp.WaitVisible(chromedp.ID("nav-reviews")),
				chromedp.Click(chromedp.ID("nav-reviews")),
				chromedp.WaitVisible(chromedp.CSS(`tr[data-applicant="newbie"] a.review-link`)),
				chromedp.Click(chromedp.CSS(`tr[data-applicant="newbie"] a.review-link`)),
				chromedp.WaitVisible(chromedp.ID("approve")),
				chromedp.Click(chromedp.ID("approve")),
				chromedp.WaitVisible(chromedp.CSS("#review-status .status-approved")),
				chromedp.Click(chromedp.ID("logout")),
				chromedp.WaitVisible(chromedp.ID("login")),
				chromedp.SendKeys(chromedp.ID("login"), "newbie"),
				chromedp.SendKeys(chromedp.ID("password"), demo.Password),
				chromedp.Click(chromedp.ID("login-submit")),
				chromedp.WaitVisible(chromedp.ID("publishing")),
			))
			gate := text(t, ctx, "publishing")
			if text(t, ctx, "certified-state") != "Certified" || strings.Contains(gate, "certification required") || !strings.Contains(gate, "graphic posts") {
				t.Fatalf("after approval the home page shows %q", gate)
			}
		})
	}
}
