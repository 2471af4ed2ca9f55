package httpapi_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/helio-platform/helio/internal/account"
	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// levelMatrix is the permission matrix of the level routes.
var levelMatrix = map[string]string{
	"GET /api/v1/me/level":             "L...DDDDDDDDG.D..D",
	"GET /api/v1/me/newcomer-tasks":    "L...DDDDDDDDG.D..D",
	"GET /api/v1/levels":               "............G.....",
	"GET /api/v1/level-rules":          "LDDDDDDDDDDDGDDD.D",
	"PUT /api/v1/level-rules":          "LDDDDDDDDDDDGDDD.D",
	"POST /api/v1/level-rules/dry-run": "LDDDDDDDDDDDGDDD.D",
	"POST /api/v1/levels/recompute":    "LDDDDDDDDDDDGDDD.D",
	"GET /api/v1/level-runs/{id}":      "LDDDDDDDDDDDGDDD.D",
}

func init() { maps.Copy(matrix, levelMatrix) }

// levelWorld is a wired process with an administrator and creators whose
// content figures are written as fixtures (the scores read them; how they
// come about is the content and feed domains' business, tested there).
type levelWorld struct {
	t     *testing.T
	env   *apptest.Env
	c     testkit.Client
	admin string
}

func newLevelWorld(t *testing.T, d *db.DB, settings ...string) *levelWorld {
	env := apptest.New(t, d, settings...)
	w := &levelWorld{t: t, env: env, c: testkit.Client{Handler: env.Handler}}
	_, err := env.Accounts.CreateOperator(context.Background(), account.Operator{Login: "admin", Password: good, Roles: []string{"admin"}})
	testkit.Must(t, err)
	w.admin = w.login("admin")
	return w
}

func (w *levelWorld) login(name string) string {
	a := w.c.Call(w.t, "POST", "/api/v1/sessions", "", map[string]any{"login": name, "password": good})
	a.Expect(w.t, http.StatusCreated, "")
	return a.String("token")
}

func (w *levelWorld) call(method, path, token string, body any) testkit.Answer {
	return w.c.Call(w.t, method, path, token, body)
}

// creator signs up nickname with a creator account and published
// contents, the first with views; it answers the identity's id.
func (w *levelWorld) creator(nickname string, published, views int) string {
	ctx, now := context.Background(), w.env.Clock.Now()
	u, err := w.env.Accounts.SignUp(ctx, account.SignUp{Email: nickname + "@example.com", Nickname: nickname, Password: good})
	testkit.Must(w.t, err)
	_, err = w.env.DB.Exec(ctx, `INSERT INTO creator_accounts (id, user_id, type, subject_type, name, name_key,
		name_changed_at, created_at, updated_at) VALUES (?, ?, 'creator', 'individual', ?, ?, ?, ?, ?)`,
		uuid.NewString(), u.ID, nickname+" studio", nickname+" studio", now, now, now)
	testkit.Must(w.t, err)
	for i := range published {
		id := uuid.NewString()
		_, err := w.env.DB.Exec(ctx, `INSERT INTO contents (id, owner_id, type, title, body, fields, status, version,
			published_version, published_title, published_at, created_at, updated_at)
			VALUES (?, ?, 'post', ?, 'body', '{}', 'published', 1, 1, ?, ?, ?, ?)`,
			id, u.ID, fmt.Sprint("post ", i), fmt.Sprint("post ", i), now, now, now)
		testkit.Must(w.t, err)
		if i == 0 && views > 0 {
			_, err := w.env.DB.Exec(ctx, `INSERT INTO content_counters (content_id, kind, target, count) VALUES (?, 'view', '', ?)`, id, views)
			testkit.Must(w.t, err)
		}
	}
	return u.ID
}

// recompute starts a run as the administrator, runs its jobs and answers
// the finished run.
func (w *levelWorld) recompute() testkit.Answer {
	start := w.call("POST", "/api/v1/levels/recompute", w.admin, nil)
	start.Expect(w.t, http.StatusAccepted, "")
	if start.String("job_id") == "" {
		w.t.Fatalf("recompute answered no job id: %s", start.Raw)
	}
	w.env.DrainJobs(w.t)
	run := w.call("GET", "/api/v1/level-runs/"+start.String("id"), w.admin, nil)
	run.Expect(w.t, http.StatusOK, "")
	if run.String("status") != "done" || run.Body["done"] != run.Body["total"] {
		w.t.Fatalf("run: %s", run.Raw)
	}
	return run
}

// TestLevelChangeThroughRecompute: a creator whose figures reach L1 moves
// from L0 to L1 at a recompute; the change is audited by the system and
// notified, and the next request's actor holds L1's privileges. A second
// recompute with nothing changed rewrites nobody.
func TestLevelChangeThroughRecompute(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newLevelWorld(t, d)
		// 10 contents in the window and 1,000 views make a content value of
		// exactly 250 and a creator index of 275 (docs/levels.md): L1.
		id := w.creator("rising", 10, 1000)
		w.creator("quiet", 1, 0)
		tok := w.login("rising")
		before := w.call("GET", "/api/v1/me/level", tok, nil)
		before.Expect(t, http.StatusOK, "")
		if before.String("level") != "L0" || before.Body["computed_at"] != nil {
			t.Fatalf("before: %s", before.Raw)
		}
		actor, err := w.env.Auth.Authenticate(context.Background(), tok)
		testkit.Must(t, err)
		if err := authz.Check(actor, authz.ApplyRole, nil); err == nil {
			t.Fatal("an L0 account may apply for roles")
		}

		run := w.recompute()
		if run.Body["total"] != 2.0 || run.Body["raised"] != 1.0 || run.Body["changed"] != 2.0 {
			t.Fatalf("run: %s", run.Raw)
		}
		after := w.call("GET", "/api/v1/me/level", tok, nil)
		scores := after.Body["scores"].(map[string]any)
		if after.String("level") != "L1" || scores["content_value"] != 250.0 || scores["creator_index"] != 275.0 ||
			after.Body["rule"].(map[string]any)["table"] != "level_thresholds" {
			t.Fatalf("after: %s", after.Raw)
		}
		next := after.Body["next"].(map[string]any)
		if next["level"] != "L2" || next["missing"].(map[string]any)["fan_value"] != 200.0 {
			t.Fatalf("next: %v", next)
		}
		actor, err = w.env.Auth.Authenticate(context.Background(), tok)
		testkit.Must(t, err)
		if actor.Level.Name != "L1" || authz.Check(actor, authz.ApplyRole, nil) != nil {
			t.Fatalf("next request's actor: %+v", actor.Level)
		}
		var events int
		testkit.Must(t, d.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_events
			WHERE action = 'level.change' AND actor_id = 'system' AND object_id = ? AND summary LIKE 'L0 → L1%'`, id).Scan(&events))
		msgs := w.call("GET", "/api/v1/messages", tok, nil)
		if events != 1 || len(msgs.Body["items"].([]any)) != 2 ||
			msgs.Body["items"].([]any)[0].(map[string]any)["kind"] != "level.changed" {
			t.Fatalf("audit events %d, messages %s", events, msgs.Raw)
		}

		again := w.recompute()
		if again.Body["changed"] != 0.0 || again.Body["raised"] != 0.0 {
			t.Fatalf("an unchanged recompute rewrote accounts: %s", again.Raw)
		}
	})
}

// TestRecomputeResumes: a run whose batch jobs were lost after the first
// batch (a simulated kill) finishes after Resume with the result of an
// uninterrupted run, and duplicate batch jobs (two replicas) count once.
func TestRecomputeResumes(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newLevelWorld(t, d, "HELIO_LEVEL_BATCH=2")
		ctx := context.Background()
		for i := range 5 {
			w.creator(fmt.Sprint("c", i), 2*i+1, 400*i)
		}
		start := w.call("POST", "/api/v1/levels/recompute", w.admin, nil)
		start.Expect(t, http.StatusAccepted, "")
		for range 2 { // the plan and one batch
			_, err := w.env.Jobs.RunOnce(ctx, "test")
			testkit.Must(t, err)
		}
		_, err := d.Exec(ctx, `DELETE FROM jobs WHERE kind = 'level.batch' AND status = 'queued'`)
		testkit.Must(t, err)
		w.env.DrainJobs(t)
		if r := w.call("GET", "/api/v1/level-runs/"+start.String("id"), w.admin, nil); r.String("status") != "running" || r.Body["done"] != 2.0 {
			t.Fatalf("after the kill: %s", r.Raw)
		}
		testkit.Must(t, w.env.Levels.Resume(ctx))
		testkit.Must(t, w.env.Levels.Resume(ctx)) // a second replica resumes too
		w.env.DrainJobs(t)
		r := w.call("GET", "/api/v1/level-runs/"+start.String("id"), w.admin, nil)
		if r.String("status") != "done" || r.Body["done"] != 5.0 || r.Body["batches_done"] != 3.0 {
			t.Fatalf("resumed: %s", r.Raw)
		}
		resumed := scoresByAccount(t, d)
		_, err = d.Exec(ctx, `DELETE FROM level_scores`)
		testkit.Must(t, err)
		w.recompute()
		if whole := scoresByAccount(t, d); len(whole) != 5 || !maps.Equal(whole, resumed) {
			t.Fatalf("resumed %v, uninterrupted %v", resumed, whole)
		}
	})
}

// scoresByAccount is every stored level and score, by account.
func scoresByAccount(t *testing.T, d *db.DB) map[string]string {
	rows, err := d.Query(context.Background(), `SELECT account_id, level, creator_index, content_value, fan_value,
		domain_focus, commercial_value, account_health, input_hash FROM level_scores`)
	testkit.Must(t, err)
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, level, hash string
		var s [6]int
		testkit.Must(t, rows.Scan(&id, &level, &s[0], &s[1], &s[2], &s[3], &s[4], &s[5], &hash))
		out[id] = fmt.Sprint(level, s, hash)
	}
	return out
}

// TestLevelRulesAndDryRun: a dry run of stricter thresholds tells who
// would move without saving; saving makes a new version with history, and
// the public table shows it.
func TestLevelRulesAndDryRun(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newLevelWorld(t, d)
		w.creator("rising", 10, 1000)
		w.creator("quiet", 1, 0)
		w.recompute()
		stricter := map[string]any{"thresholds": map[string]any{
			"L1": map[string]int{"creator_index": 300, "content_value": 250},
			"L2": map[string]int{"creator_index": 350, "content_value": 350, "fan_value": 200},
			"L3": map[string]int{"creator_index": 450, "content_value": 450, "fan_value": 300},
			"L4": map[string]int{"creator_index": 600, "content_value": 500, "fan_value": 450},
			"L5": map[string]int{"creator_index": 700, "content_value": 600, "fan_value": 600},
			"L6": map[string]int{"creator_index": 800, "content_value": 700, "fan_value": 750}}, "note": "stricter L1"}
		dry := w.call("POST", "/api/v1/level-rules/dry-run", w.admin, stricter)
		dry.Expect(t, http.StatusOK, "")
		sample := dry.Body["sample"].([]any)
		if dry.Body["accounts"] != 2.0 || dry.Body["lowered"] != 1.0 || dry.Body["raised"] != 0.0 || len(sample) != 1 ||
			sample[0].(map[string]any)["to"] != "L0" || dry.Body["rules"].([]any)[0].(map[string]any)["version"] != 2.0 {
			t.Fatalf("dry run: %s", dry.Raw)
		}
		if v := w.call("GET", "/api/v1/levels", "", nil).Body["rules"].([]any)[0].(map[string]any)["version"]; v != 1.0 {
			t.Fatalf("the dry run saved: version %v", v)
		}
		bad := w.call("PUT", "/api/v1/level-rules", w.admin, map[string]any{"thresholds": map[string]any{"L2": map[string]int{"fan_value": 2000}}})
		bad.Expect(t, http.StatusUnprocessableEntity, "invalid", "thresholds")
		w.call("PUT", "/api/v1/level-rules", w.admin, stricter).Expect(t, http.StatusOK, "")
		rules := w.call("GET", "/api/v1/level-rules", w.admin, nil)
		if len(rules.Body["history"].([]any)) != 5 || rules.Body["thresholds"].(map[string]any)["L1"].(map[string]any)["creator_index"] != 300.0 {
			t.Fatalf("rules: %s", rules.Raw)
		}
		pub := w.call("GET", "/api/v1/levels", "", nil)
		if pub.Body["rules"].([]any)[0].(map[string]any)["version"] != 2.0 ||
			pub.Body["privileges"].(map[string]any)["L0"].(map[string]any)["homepage"] != "default" {
			t.Fatalf("public table: %s", pub.Raw)
		}
		if run := w.recompute(); run.Body["lowered"] != 1.0 {
			t.Fatalf("recompute under the new thresholds: %s", run.Raw)
		}
	})
}

// TestNewcomerTasks: the four tasks tick from the account's data; public
// traffic waits for channels.
func TestNewcomerTasks(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newLevelWorld(t, d)
		w.creator("newbie", 3, 0)
		tok := w.login("newbie")
		w.env.Clock.Advance(8 * 24 * time.Hour)
		tasks := w.call("GET", "/api/v1/me/newcomer-tasks", tok, nil)
		tasks.Expect(t, http.StatusOK, "")
		done := map[string]bool{}
		for _, it := range tasks.Body["items"].([]any) {
			it := it.(map[string]any)
			done[it["id"].(string)] = it["done"].(bool)
		}
		if !done["publish_quality"] || done["gain_fans"] || done["stay_active"] || done["public_traffic"] || len(done) != 4 {
			t.Fatalf("tasks: %s", tasks.Raw)
		}
	})
}
