package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/internal/testutil"
)

// binary builds cmd/redline once per test run.
var binary struct {
	once sync.Once
	path string
	err  error
}

func redlineBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the redline binary; skipped with -short")
	}
	binary.once.Do(func() {
		dir, err := os.MkdirTemp("", "redline-bin-")
		if err != nil {
			binary.err = err
			return
		}
		binary.path = filepath.Join(dir, "redline")
		out, err := exec.Command("go", "build", "-o", binary.path, "../cmd/redline").CombinedOutput()
		if err != nil {
			binary.err = fmt.Errorf("go build ../cmd/redline: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

// startServe runs `redline serve` on a free loopback port and returns its
// address once it listens.
func startServe(t *testing.T, bin, data string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "--data", data, "serve", "--addr", "127.0.0.1:0", "--watch", "0", "--log", "json")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(data, fmt.Sprintf("serve-%d.log", time.Now().UnixNano())))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait(); logf.Close() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, a, ok := strings.Cut(sc.Text(), "listening on "); ok {
				addr <- a
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case a := <-addr:
		return cmd, a
	case <-time.After(60 * time.Second):
		t.Fatal("redline serve did not start within 60 s")
	}
	return nil, ""
}

// TestCrashKeepsAcknowledgedDecisions runs the real `redline serve`, posts
// decisions from eight clients, kills the server with SIGKILL in the middle
// of the batch, restarts it and checks that every decision the server
// acknowledged (201) is there, with its audit entry.
func TestCrashKeepsAcknowledgedDecisions(t *testing.T) {
	bin := redlineBinary(t)
	data := t.TempDir()
	ctx := context.Background()

	// Seed the case store the server will open: keys and 600 open alerts.
	db, err := casestore.OpenSQLite(ctx, filepath.Join(data, "cases.db"), casestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	analystKey, _, err := db.CreateKey(ctx, "test", "analyst", casestore.Analyst)
	if err != nil {
		t.Fatal(err)
	}
	adminKey, _, _ := db.CreateKey(ctx, "test", "admin", casestore.Admin)
	run, err := db.CreateRun(ctx, casestore.Run{Actor: "test", Kind: "parties", Source: "crash.csv"})
	if err != nil {
		t.Fatal(err)
	}
	const n = 600
	hits := make([]casestore.Alert, n)
	for i := range hits {
		hits[i] = casestore.Alert{PartyKey: fmt.Sprint("id:", i), PartyName: fmt.Sprint("Party ", i), EntityID: "unsc-6907993",
			EntityCaption: "ERIC BADEGE", EntityHash: "v1", Score: 0.9}
	}
	if _, err := db.AddAlerts(ctx, run.ID, hits); err != nil {
		t.Fatal(err)
	}
	db.Close()

	cmd, addr := startServe(t, bin, data)
	client := &http.Client{Timeout: 10 * time.Second}
	type ack struct {
		alert    int64
		decision int64
	}
	var (
		mu     sync.Mutex
		acked  []ack
		count  atomic.Int64
		killed = make(chan struct{})
	)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				body := fmt.Sprintf(`{"decision": "false_positive", "reason": "crash test %d"}`, i)
				req, _ := http.NewRequest("POST", fmt.Sprintf("%s/alerts/%d/decisions", addr, hits[i].ID), strings.NewReader(body))
				req.Header.Set("X-API-Key", analystKey)
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone: nothing more is acknowledged
				}
				var rec casestore.DecisionRecord
				err = json.NewDecoder(resp.Body).Decode(&rec)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated || err != nil {
					select {
					case <-killed:
						return
					default:
						t.Errorf("decision on alert %d: status %d, %v", hits[i].ID, resp.StatusCode, err)
						return
					}
				}
				mu.Lock()
				acked = append(acked, ack{hits[i].ID, rec.ID})
				mu.Unlock()
				count.Add(1)
			}
		})
	}
	// Kill in the middle of the batch.
	for count.Load() < n/4 {
		time.Sleep(time.Millisecond)
	}
	close(killed)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	cmd.Wait()
	wg.Wait()
	t.Logf("%d decisions acknowledged before SIGKILL", len(acked))
	if len(acked) >= n {
		t.Fatalf("the server finished the whole batch (%d) before it was killed", len(acked))
	}

	// Restart and check through the API.
	_, addr = startServe(t, bin, data)
	get := func(path string, v any) {
		req, _ := http.NewRequest("GET", addr+path, nil)
		req.Header.Set("Authorization", "Bearer "+adminKey)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	audited := map[int64]bool{}
	before := int64(0)
	for {
		var page struct{ Entries []casestore.AuditEntry }
		get(fmt.Sprintf("/audit?action=decision.add&limit=1000&before=%d", before), &page)
		for _, e := range page.Entries {
			var d struct {
				DecisionID int64 `json:"decision_id"`
			}
			json.Unmarshal(e.Detail, &d)
			audited[d.DecisionID] = true
			before = e.ID
		}
		if len(page.Entries) < 1000 {
			break
		}
	}
	lost := 0
	for _, a := range acked {
		var ad struct {
			Status    string
			Decisions []casestore.DecisionRecord
		}
		get(fmt.Sprintf("/alerts/%d", a.alert), &ad)
		if len(ad.Decisions) != 1 || ad.Decisions[0].ID != a.decision || ad.Status != "false_positive" {
			t.Errorf("alert %d: acknowledged decision %d lost (found %+v, status %s)", a.alert, a.decision, ad.Decisions, ad.Status)
			lost++
		}
		if !audited[a.decision] {
			t.Errorf("decision %d: audit entry lost", a.decision)
		}
	}
	t.Logf("after restart: %d acknowledged decisions checked, %d lost; %d decisions audited in all", len(acked), lost, len(audited))
}

// run runs the redline binary and returns its stdout; it fails the test
// unless the exit status is want.
func run(t *testing.T, bin, stdin string, want int, args ...string) (string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code != want {
		t.Fatalf("redline %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, stdout.String(), stderr.String())
	}
	return stdout.String(), stderr.String()
}

// TestServeCommands drives the real binary: users and keys commands, a
// key shown once and hashed at rest, revocation, and `serve` picking up a
// list imported by another command (the index is swapped in while it
// serves).
func TestServeCommands(t *testing.T) {
	bin := redlineBinary(t)
	if _, err := os.Stat(unList); err != nil {
		testutil.Skipf(t, "real list data not found: %v", err)
	}
	data := t.TempDir()
	run(t, bin, "correct horse battery\n", 0, "--data", data, "users", "add", "alice", "--role", "admin")
	run(t, bin, "short\n", 1, "--data", data, "users", "add", "bob")
	run(t, bin, "", 2, "--data", data, "users", "add", "carol", "--role", "root")
	out, _ := run(t, bin, "", 0, "--data", data, "users", "list")
	if !strings.Contains(out, "alice") || !strings.Contains(out, "admin") || strings.Contains(out, "bob") {
		t.Fatalf("users list:\n%s", out)
	}
	key, _ := run(t, bin, "", 0, "--data", data, "keys", "create", "payments", "--role", "viewer")
	key = strings.TrimSpace(key)
	if !strings.HasPrefix(key, "rl_") || len(key) != 67 {
		t.Fatalf("key %q", key)
	}
	list, _ := run(t, bin, "", 0, "--data", data, "keys", "list")
	if !strings.Contains(list, key[:11]) || strings.Contains(list, key[11:]) {
		t.Fatalf("keys list shows no prefix or the secret:\n%s", list)
	}
	db, err := os.ReadFile(filepath.Join(data, "cases.db"))
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(filepath.Join(data, "cases.db-wal"))
	if strings.Contains(string(db)+string(wal), key[11:]) {
		t.Fatal("the key is stored in clear")
	}

	// serve with an empty list store, then import a list: the watcher
	// swaps the new index in.
	cmd := exec.Command(bin, "--data", data, "serve", "--addr", "127.0.0.1:0", "--watch", "200ms")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	sc := bufio.NewScanner(stdout)
	addr := ""
	for sc.Scan() {
		if _, a, ok := strings.Cut(sc.Text(), "listening on "); ok {
			addr = a
			break
		}
	}
	go io.Copy(io.Discard, stdout)
	entities := func() int {
		resp, err := http.Get(addr + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r struct{ Entities int }
		json.NewDecoder(resp.Body).Decode(&r)
		return r.Entities
	}
	if n := entities(); n != 0 {
		t.Fatalf("%d entities before any import", n)
	}
	run(t, bin, "", 0, "--data", data, "lists", "import", unList)
	deadline := time.Now().Add(30 * time.Second)
	for entities() < 1000 {
		if time.Now().After(deadline) {
			t.Fatal("the imported list was not swapped in within 30 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	search := func() int {
		req, _ := http.NewRequest("GET", addr+"/search/default?q=Eric+Badege", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := search(); code != 200 {
		t.Fatalf("search with the new key: %d", code)
	}
	run(t, bin, "", 0, "--data", data, "keys", "revoke", key[:11])
	deadline = time.Now().Add(10 * time.Second)
	for search() != http.StatusUnauthorized {
		if time.Now().After(deadline) {
			t.Fatal("the revoked key still works after 10 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
}
