package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

// server is a `helio serve` process on SQLite in a data folder of its own.
type server struct {
	url string
	cmd *exec.Cmd
}

// serveData starts helio on dir (loading the demo when asked), with one
// unit per export part and a short job lease so a killed worker's job is
// taken over quickly, and waits until it is ready.
func serveData(t *testing.T, dir string, withDemo bool) *server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	testkit.Must(t, err)
	addr := l.Addr().String()
	testkit.Must(t, l.Close())
	args := []string{"serve", "--addr", addr, "--data", dir, "--log-level", "error", "--export-batch", "1",
		"--job-lease", "2s", "--job-poll", "50ms"}
	if withDemo {
		args = append(args, "--demo")
	}
	cmd := exec.Command(helioBin, args...)
	cmd.Stderr = os.Stderr
	testkit.Must(t, cmd.Start())
	s := &server{url: "http://" + addr, cmd: cmd}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(s.url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
	}
	t.Fatal("helio was not ready within 60 s")
	return nil
}

// stop ends the server gracefully.
func (s *server) stop(t *testing.T) {
	t.Helper()
	testkit.Must(t, s.cmd.Process.Signal(os.Interrupt))
	_ = s.cmd.Wait()
}

// kill ends the server with SIGKILL.
func (s *server) kill(t *testing.T) {
	t.Helper()
	testkit.Must(t, s.cmd.Process.Kill())
	_ = s.cmd.Wait()
}

// progress answers an export's state and done of total.
func (s *server) progress(t *testing.T, token, id string) (string, int, int) {
	t.Helper()
	e := api(t, s.url, "GET", "/api/v1/exports/"+id, token, nil)
	return e["state"].(string), int(e["done"].(float64)), int(e["total"].(float64))
}

// awaitDone waits for an export to finish and answers its file.
func (s *server) awaitDone(t *testing.T, token, id string) []byte {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if state, _, _ := s.progress(t, token, id); state == "done" {
			r, err := http.NewRequest("GET", s.url+"/api/v1/exports/"+id+"/file", nil)
			testkit.Must(t, err)
			r.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(r)
			testkit.Must(t, err)
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			testkit.Must(t, err)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("download = %d %s", resp.StatusCode, b)
			}
			return b
		}
	}
	t.Fatal("the export did not finish within 60 s")
	return nil
}

// copyDir copies the files of the folder from into to.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	testkit.Must(t, filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	}))
}

// TestExportResumedAfterKill9WritesTheSameFile: a real helio process on
// SQLite (the demo plus drafts made through the API, one unit per part)
// is killed with SIGKILL while an "everything" export is mid-way; after a
// restart the export finishes, and its file is byte for byte the file an
// uninterrupted export of a copy of the same data writes.
func TestExportResumedAfterKill9WritesTheSameFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := serveData(t, dir, true)
	login := api(t, s.url, "POST", "/api/v1/sessions", "", map[string]any{"login": demo.People[0].Nickname, "password": demo.Password})
	token := login["token"].(string)
	for i := range 150 {
		api(t, s.url, "POST", "/api/v1/contents", token, map[string]any{"type": "post", "title": fmt.Sprintf("草稿 %d", i),
			"body": "导出测试的草稿，内容足够长。"})
	}
	// The data both exports read: the same database, session included.
	s.stop(t)
	twin := t.TempDir()
	copyDir(t, dir, twin)
	start := func(s *server) string {
		return api(t, s.url, "POST", "/api/v1/exports", token, map[string]any{"kind": "all", "format": "csv"})["id"].(string)
	}

	s = serveData(t, dir, false)
	id := start(s)
	killed := false
	for deadline := time.Now().Add(30 * time.Second); !killed && time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		state, done, total := s.progress(t, token, id)
		if state == "done" {
			t.Fatal("the export finished before it could be killed; the data set is too small")
		}
		if total > 0 && done > total/4 && done < total*3/4 {
			s.kill(t)
			killed = true
			t.Logf("killed at %d of %d", done, total)
		}
	}
	if !killed {
		t.Fatal("the export never got mid-way within 30 s")
	}
	s = serveData(t, dir, false)
	afterKill := s.awaitDone(t, token, id)
	s.stop(t)

	s = serveData(t, twin, false)
	uninterrupted := s.awaitDone(t, token, start(s))
	s.stop(t)
	if !bytes.Equal(afterKill, uninterrupted) {
		t.Fatalf("the file resumed after kill -9 (%d bytes) differs from the uninterrupted one (%d bytes):\n%s", len(afterKill),
			len(uninterrupted), firstDifference(afterKill, uninterrupted))
	}
	if !bytes.HasPrefix(afterKill, []byte("\ufeff# content\n")) || !bytes.Contains(afterKill, []byte("草稿 149")) ||
		!bytes.Contains(afterKill, []byte("\n# audit\n")) {
		t.Fatalf("the file: %.500s", afterKill)
	}
}

// firstDifference shows where two files part.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return fmt.Sprintf("at byte %d:\n--- resumed\n%s\n--- uninterrupted\n%s", i, a[from:min(len(a), i+200)], b[from:min(len(b), i+200)])
}
