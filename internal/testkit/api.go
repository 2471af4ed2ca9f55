package testkit

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Client calls an http.Handler the way an API client would.
type Client struct {
	Handler http.Handler
	// Header is sent with every request (such as a device id).
	Header http.Header
	// RemoteAddr is the client's address (192.0.2.10:40000 when empty).
	RemoteAddr string
	// Device, when set, keeps the device token the server issues and sends
	// it back, as the console's browser does; without it every log-in comes
	// from a new device.
	Device *DeviceJar
}

// deviceTokenCookie is the name of httpx.DeviceTokenCookie (testkit
// imports no HTTP layer).
const deviceTokenCookie = "helio_device_token"

// DeviceJar holds one client's device token.
type DeviceJar struct {
	mu    sync.Mutex
	token string
}

// Token is the device token held ("" before the first log-in).
func (j *DeviceJar) Token() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.token
}

// keep stores the device token a response sets.
func (j *DeviceJar) keep(h http.Header) {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == deviceTokenCookie && c.Value != "" {
			j.mu.Lock()
			j.token = c.Value
			j.mu.Unlock()
		}
	}
}

// Answer is a decoded API answer.
type Answer struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    []byte
}

// Call sends method path with body (JSON-encoded unless nil) and token as
// a bearer token (when not empty).
func (c Client) Call(t testing.TB, method, path, token string, body any) Answer {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		Must(t, err)
		rd = bytes.NewReader(raw)
	} else {
		rd = bytes.NewReader(nil)
	}
	r := httptest.NewRequest(method, path, rd)
	r.RemoteAddr = "192.0.2.10:40000"
	if c.RemoteAddr != "" {
		r.RemoteAddr = c.RemoteAddr
	}
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range c.Header {
		r.Header[k] = vs
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if c.Device != nil && c.Device.Token() != "" {
		r.AddCookie(&http.Cookie{Name: deviceTokenCookie, Value: c.Device.Token()})
	}
	w := httptest.NewRecorder()
	c.Handler.ServeHTTP(w, r)
	if c.Device != nil {
		c.Device.keep(w.Header())
	}
	a := Answer{Status: w.Code, Header: w.Header(), Raw: w.Body.Bytes()}
	if strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") && w.Body.Len() > 0 {
		if err := json.Unmarshal(w.Body.Bytes(), &a.Body); err != nil {
			t.Fatalf("%s %s: answer is not a JSON object: %v\n%s", method, path, err, w.Body.String())
		}
	}
	return a
}

// Error returns the answer's error member (nil for successes).
func (a Answer) Error() map[string]any {
	e, _ := a.Body["error"].(map[string]any)
	return e
}

// Fields returns the names of the answer's field errors, sorted.
func (a Answer) Fields() []string {
	f, _ := a.Error()["fields"].(map[string]any)
	var out []string
	for k := range f {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Expect fails the test unless the answer has the status, and (for errors)
// the code and exactly the field names given.
func (a Answer) Expect(t testing.TB, status int, code string, fields ...string) {
	t.Helper()
	if a.Status != status {
		t.Fatalf("status %d, want %d: %s", a.Status, status, a.Raw)
	}
	if code == "" {
		return
	}
	e := a.Error()
	if e["code"] != code {
		t.Fatalf("error code %v, want %s: %s", e["code"], code, a.Raw)
	}
	if id, _ := e["request_id"].(string); id == "" || a.Header.Get("X-Request-Id") != id {
		t.Fatalf("error lacks the request id of X-Request-Id: %s", a.Raw)
	}
	if fields != nil && strings.Join(a.Fields(), ",") != strings.Join(fields, ",") {
		t.Fatalf("error fields %v, want %v: %s", a.Fields(), fields, a.Raw)
	}
}

// String returns a string member at a dotted path such as "user.id".
func (a Answer) String(path string) string {
	var cur any = a.Body
	for _, k := range strings.Split(path, ".") {
		m, _ := cur.(map[string]any)
		cur = m[k]
	}
	s, _ := cur.(string)
	return s
}

// Missing returns what an authorization refusal names as missing (its
// "missing" detail), nil for other answers.
func (a Answer) Missing() map[string]any {
	m, _ := a.Error()["missing"].(map[string]any)
	return m
}
