package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/server"
)

// shared is the real list data the tests read in place.
var shared = testutil.SharedData()

var (
	unList   = filepath.Join(shared, "lists/un/consolidated-2026-02-27.xml")
	zalaList = filepath.Join(shared, "lists/opensanctions/yente_fixtures/zala_entities.ftm.json")
)

// fixture is the list store and index built once for all tests from the
// real UN consolidated list and the OpenSanctions ZALA network.
var fixture struct {
	once    sync.Once
	dir     string
	lists   *lists.Store
	matcher *match.Matcher
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}

// realIndex returns the list store and the Matcher over the real lists, or
// skips when the shared data folder is missing.
func realIndex(t testing.TB) (*lists.Store, *match.Matcher) {
	t.Helper()
	if _, err := os.Stat(unList); err != nil {
		testutil.Skipf(t, "real list data not found at %s: %v", unList, err)
	}
	fixture.once.Do(func() {
		ctx := context.Background()
		fixture.dir, fixture.err = os.MkdirTemp("", "redline-server-test-")
		if fixture.err != nil {
			return
		}
		fixture.lists, fixture.err = lists.Open(filepath.Join(fixture.dir, "lists"))
		if fixture.err != nil {
			return
		}
		res, err := fixture.lists.Import(ctx, []string{unList, zalaList}, lists.ImportOptions{})
		if err != nil {
			fixture.err = err
			return
		}
		for _, r := range res {
			if r.Status != lists.StatusCurrent {
				fixture.err = fmt.Errorf("import %s: status %s: %s", r.Path, r.Status, r.Err)
				return
			}
		}
		fixture.matcher, fixture.err = match.Build(ctx, fixture.lists.Entities(ctx))
	})
	if fixture.err != nil {
		t.Fatalf("building the index from the real lists: %v", fixture.err)
	}
	return fixture.lists, fixture.matcher
}

// env is a running server with a user and a key for each role.
type env struct {
	t      testing.TB
	srv    *server.Server
	ts     *httptest.Server
	store  *casestore.DB
	holder *match.Holder
	logs   *syncBuffer
	keys   map[casestore.Role]string
	users  map[casestore.Role]casestore.User
}

// password is every test user's password.
const password = "correct horse battery"

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newEnv(t testing.TB, mod func(*server.Options)) *env {
	t.Helper()
	realIndex(t)
	store, err := casestore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "cases.db"), casestore.Options{PasswordIterations: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return newEnvStore(t, store, mod)
}

// newEnvStore is newEnv over a given case store.
func newEnvStore(t testing.TB, store *casestore.DB, mod func(*server.Options)) *env {
	t.Helper()
	ls, m := realIndex(t)
	var err error
	e := &env{t: t, store: store, holder: &match.Holder{}, logs: &syncBuffer{},
		keys: map[casestore.Role]string{}, users: map[casestore.Role]casestore.User{}}
	e.holder.Swap(m)
	for _, r := range []casestore.Role{casestore.Viewer, casestore.Analyst, casestore.Admin} {
		u, err := store.AddUser(context.Background(), "test", string(r)+"-user", r, password)
		if err != nil {
			t.Fatal(err)
		}
		e.users[r] = u
		k, _, err := store.CreateKey(context.Background(), "test", string(r)+"-key", r)
		if err != nil {
			t.Fatal(err)
		}
		e.keys[r] = k
	}
	opts := server.Options{
		Holder: e.holder, Store: store, Lists: ls, AuditMatches: true,
		Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if mod != nil {
		mod(&opts)
	}
	e.srv, err = server.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	e.ts = httptest.NewServer(e.srv.Handler())
	t.Cleanup(func() { e.ts.Close(); e.srv.Close() })
	return e
}

// do sends a request with the key of role (none when role is "") and
// returns the status and body.
func (e *env) do(method, path string, role casestore.Role, body string, hdr ...string) (int, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.keys[role])
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// browser returns an HTTP client logged in as the user of role, and the
// session's CSRF token (read from a page).
func (e *env) browser(role casestore.Role) (*http.Client, string) {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(e.ts.URL+"/ui/login", url.Values{"name": {string(role) + "-user"}, "password": {password}})
	if err != nil {
		e.t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(page, []byte(string(role)+"-user")) {
		e.t.Fatalf("login as %s: %d\n%s", role, resp.StatusCode, page)
	}
	i := bytes.Index(page, []byte(`name="csrf" value="`))
	if i < 0 {
		e.t.Fatalf("no CSRF token in the page after login")
	}
	rest := page[i+len(`name="csrf" value="`):]
	return c, string(rest[:bytes.IndexByte(rest, '"')])
}

// noRedirects is an HTTP client that returns redirects instead of
// following them.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func decode(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
}
