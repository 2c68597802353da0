package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/match"
)

var (
	loadFor       = flag.Duration("load", 0, "run TestLoadSwap this long and enforce its targets (>= -load-rps /match requests/s, p99 <= -load-p99)")
	loadRPS       = flag.Float64("load-rps", 5000, "throughput TestLoadSwap must reach with -load")
	loadP99       = flag.Duration("load-p99", 10*time.Millisecond, "99th percentile latency TestLoadSwap must stay under with -load")
	loadAccessLog = flag.String("load-access-log", "all", "the --access-log of the server TestLoadBinary runs")
	loadConns     = flag.Int("load-conns", 0, "keep-alive connections of the load generator (0: 4 × GOMAXPROCS)")
)

// matchBodies returns single-query /match bodies: names of listed persons
// and organisations (hits) and made-up names (misses), yente-shaped.
func matchBodies(t testing.TB) [][]byte {
	ls, _ := realIndex(t)
	var out [][]byte
	for e, err := range ls.Entities(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if !entity.Matchable(e.Schema) || e.First(entity.Name) == "" {
			continue
		}
		q := map[string]any{"queries": map[string]any{"q1": map[string]any{"schema": e.Schema, "properties": map[string]any{"name": []string{e.First(entity.Name)}}}}}
		b, _ := json.Marshal(q)
		out = append(out, b)
		if len(out) == 400 {
			break
		}
	}
	for _, n := range []string{"Hortensia Quillfeather", "John Smith", "Acme Trading LLC", "Wang Wei", "Олег Иванов", "Maria Garcia Lopez", "Northwind Logistics GmbH", "Pedro Alvarez"} {
		b, _ := json.Marshal(map[string]any{"queries": map[string]any{"q1": map[string]any{"schema": "Person", "properties": map[string]any{"name": []string{n}}}}})
		out = append(out, b)
	}
	return out
}

// TestLoadSwap is the load benchmark: a bounded, closed-loop load generator
// (a fixed number of keep-alive connections, each sending single-query
// /match requests back to back for a fixed time) against the server on
// loopback, while the index is swapped every 100 ms. Every request must
// succeed. With -load DURATION it also enforces the throughput and p99
// targets; without, it runs for one second and only reports them (the
// machine may be shared).
func TestLoadSwap(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped with -short")
	}
	dur, enforce := *loadFor, *loadFor > 0
	if !enforce {
		dur = time.Second
	}
	e := newEnv(t, nil)
	ls, m1 := realIndex(t)
	m2, err := match.Build(context.Background(), ls.Entities(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	bodies := matchBodies(t)
	conns := *loadConns
	if conns <= 0 {
		conns = 4 * runtime.GOMAXPROCS(0)
	}
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	key := e.keys[casestore.Viewer]
	url := e.ts.URL + "/match/default"

	// Warm up the connections and the caches.
	for i := range conns * 4 {
		req, _ := http.NewRequest("POST", url, bytes.NewReader(bodies[i%len(bodies)]))
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}

	var failures atomic.Int64
	var firstFailure atomic.Value
	lat := make([][]time.Duration, conns)
	stop := make(chan struct{})
	var swaps atomic.Int64
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		cur := m1
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if cur == m1 {
					cur = m2
				} else {
					cur = m1
				}
				e.holder.Swap(cur)
				swaps.Add(1)
			}
		}
	}()
	cpu0 := testutil.CPUTime()
	start := time.Now()
	deadline := start.Add(dur)
	var wg sync.WaitGroup
	for c := range conns {
		wg.Go(func() {
			buf := make([]byte, 0, 64<<10)
			ls := make([]time.Duration, 0, 1<<16)
			for i := c; time.Now().Before(deadline); i += conns {
				req, _ := http.NewRequest("POST", url, bytes.NewReader(bodies[i%len(bodies)]))
				req.Header.Set("Authorization", "Bearer "+key)
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					b := bytes.NewBuffer(buf[:0])
					_, err = b.ReadFrom(resp.Body)
					resp.Body.Close()
					if err == nil && (resp.StatusCode != 200 || !bytes.HasPrefix(b.Bytes(), []byte(`{"responses":{"q1":{"status":200`))) {
						err = &statusError{resp.StatusCode, b.String()}
					}
				}
				ls = append(ls, time.Since(t0))
				if err != nil {
					failures.Add(1)
					firstFailure.CompareAndSwap(nil, err.Error())
				}
			}
			lat[c] = ls
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := testutil.CPUTime() - cpu0
	close(stop)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration { return all[min(len(all)-1, int(float64(len(all))*p))] }
	rps := float64(len(all)) / elapsed.Seconds()
	t.Logf("%d requests in %v over %d keep-alive connections (GOMAXPROCS %d): %.0f req/s; latency p50 %v, p90 %v, p99 %v, max %v; %d index swaps; %d failed",
		len(all), elapsed.Round(time.Millisecond), conns, runtime.GOMAXPROCS(0), rps, pct(0.5), pct(0.9), pct(0.99), all[len(all)-1], swaps.Load(), failures.Load())
	perReq := cpu / time.Duration(max(1, len(all)))
	t.Logf("CPU (server and load generator together, user+sys): %v, %v per request; on %d idle cores that is %.0f req/s",
		cpu.Round(time.Millisecond), perReq, runtime.NumCPU(), float64(runtime.NumCPU())/perReq.Seconds())
	if n := failures.Load(); n > 0 {
		t.Errorf("%d requests failed while the index was swapped; first: %v", n, firstFailure.Load())
	}
	if swaps.Load() == 0 {
		t.Error("the index was never swapped")
	}
	if enforce {
		if rps < *loadRPS {
			t.Errorf("throughput %.0f req/s, want >= %.0f", rps, *loadRPS)
		}
		if p := pct(0.99); p > *loadP99 {
			t.Errorf("p99 latency %v, want <= %v", p, *loadP99)
		}
	}
}

type statusError struct {
	code int
	body string
}

func (e *statusError) Error() string {
	return "status " + http.StatusText(e.code) + ": " + e.body[:min(len(e.body), 200)]
}

// BenchmarkMatchHandler measures the server's /match path without the
// network: auth (cached key), decoding, matching on the real lists,
// encoding. cpu-ns/op is the process's CPU time per request (garbage
// collection and the audit writer included), steadier than ns/op on a
// shared machine.
func BenchmarkMatchHandler(b *testing.B) {
	e := newEnv(b, nil)
	bodies := matchBodies(b)
	h := e.srv.Handler()
	key := "Bearer " + e.keys[casestore.Viewer]
	b.ReportAllocs()
	i := 0
	cpu0 := testutil.CPUTime()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/match/default", bytes.NewReader(bodies[i%len(bodies)]))
		req.Header.Set("Authorization", key)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
	b.ReportMetric(float64(testutil.CPUTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// procCPU returns the CPU time (user and system) process pid has used, from
// /proc/PID/stat.
func procCPU(t testing.TB, pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	// Fields after the command name, which is in parentheses.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ is 100 on Linux
}

// TestLoadBinary runs the load generator against the real `redline serve`
// process (lists imported in its data folder) while a new list version is
// imported by another `redline lists import`, which the server's watcher
// swaps in under load. It first runs the load for half as long without an
// import (steady state) and reports the server process's own CPU time per
// request in each phase. It runs only with -load.
func TestLoadBinary(t *testing.T) {
	if *loadFor <= 0 {
		t.Skip("runs only with -load DURATION")
	}
	bin := redlineBinary(t)
	realIndex(t)
	data := t.TempDir()
	run(t, bin, "", 0, "--data", data, "lists", "import", unList, zalaList)
	key, _ := run(t, bin, "", 0, "--data", data, "keys", "create", "load")
	key = strings.TrimSpace(key)
	cmd, addr := startServe(t, bin, data)
	// startServe uses --watch 0; restart with a watcher.
	cmd.Process.Kill()
	cmd.Wait()
	cmd = exec.Command(bin, "--data", data, "serve", "--addr", "127.0.0.1:0", "--watch", "500ms", "--log", "json", "--access-log", *loadAccessLog)
	stdout, _ := cmd.StdoutPipe()
	logf, _ := os.Create(filepath.Join(data, "load-serve.log"))
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait(); logf.Close() }()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if _, a, ok := strings.Cut(sc.Text(), "listening on "); ok {
			addr = a
			break
		}
	}
	go io.Copy(io.Discard, stdout)

	// A later version of the UN list, without its first individual.
	orig, _ := os.ReadFile(unList)
	start := bytes.Index(orig, []byte("<INDIVIDUAL>"))
	end := bytes.Index(orig, []byte("</INDIVIDUAL>")) + len("</INDIVIDUAL>")
	next := append(append([]byte{}, orig[:start]...), orig[end:]...)
	next = bytes.Replace(next, []byte(`dateGenerated="2026-02-27`), []byte(`dateGenerated="2026-03-06`), 1)
	later := filepath.Join(t.TempDir(), "consolidated-2026-03-06.xml")
	os.WriteFile(later, next, 0o644)

	bodies := matchBodies(t)
	conns := *loadConns
	if conns <= 0 {
		conns = 4 * runtime.GOMAXPROCS(0)
	}
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	// load sends single-query requests over conns connections for d and
	// returns their latencies (sorted), the failures, the first failure
	// and the server's CPU time.
	load := func(d time.Duration, during func()) (all []time.Duration, failed int64, first any, cpu time.Duration) {
		var failures atomic.Int64
		var firstFailure atomic.Value
		lat := make([][]time.Duration, conns)
		cpu0 := procCPU(t, cmd.Process.Pid)
		deadline := time.Now().Add(d)
		if during != nil {
			go during()
		}
		var wg sync.WaitGroup
		for c := range conns {
			wg.Go(func() {
				var ls []time.Duration
				for i := c; time.Now().Before(deadline); i += conns {
					req, _ := http.NewRequest("POST", addr+"/match/default", bytes.NewReader(bodies[i%len(bodies)]))
					req.Header.Set("X-API-Key", key)
					s := time.Now()
					resp, err := client.Do(req)
					if err == nil {
						var b bytes.Buffer
						_, err = b.ReadFrom(resp.Body)
						resp.Body.Close()
						if err == nil && resp.StatusCode != 200 {
							err = &statusError{resp.StatusCode, b.String()}
						}
					}
					ls = append(ls, time.Since(s))
					if err != nil {
						failures.Add(1)
						firstFailure.CompareAndSwap(nil, err.Error())
					}
				}
				lat[c] = ls
			})
		}
		wg.Wait()
		cpu = procCPU(t, cmd.Process.Pid) - cpu0
		for _, l := range lat {
			all = append(all, l...)
		}
		slices.Sort(all)
		return all, failures.Load(), firstFailure.Load(), cpu
	}
	report := func(phase string, all []time.Duration, failed int64, elapsed, cpu time.Duration) {
		pct := func(p float64) time.Duration { return all[min(len(all)-1, int(float64(len(all))*p))] }
		perReq := cpu / time.Duration(max(1, len(all)))
		t.Logf("%s: %d requests in %v over %d connections: %.0f req/s; p50 %v, p99 %v, max %v; %d failed; server process CPU %v, %v per request (%.0f req/s per idle core)",
			phase, len(all), elapsed.Round(time.Millisecond), conns, float64(len(all))/elapsed.Seconds(), pct(0.5), pct(0.99), all[len(all)-1], failed,
			cpu.Round(10*time.Millisecond), perReq, 1/perReq.Seconds())
	}

	// Steady state first (no import): the CPU per request of serving
	// alone; then the same load while a new list version is imported,
	// which the server's watcher builds an index for and swaps in.
	t0 := time.Now()
	all, failed, first, cpu := load(*loadFor/2, nil)
	report("redline serve, steady", all, failed, time.Since(t0), cpu)
	if failed > 0 {
		t.Errorf("%d requests failed; first: %v", failed, first)
	}
	t0 = time.Now()
	all, failed, first, cpu = load(*loadFor, func() { exec.Command(bin, "--data", data, "lists", "import", later).Run() })
	report("redline serve, list import and index swap under load (index build included in CPU)", all, failed, time.Since(t0), cpu)
	time.Sleep(300 * time.Millisecond) // the server writes its log out every 100 ms
	logs, _ := os.ReadFile(filepath.Join(data, "load-serve.log"))
	swapped := bytes.Count(logs, []byte(`"msg":"index swapped"`))
	t.Logf("index swapped %d times under load", swapped)
	if failed > 0 {
		t.Errorf("%d requests failed while the index was swapped; first: %v", failed, first)
	}
	if swapped == 0 {
		t.Error("the new list version was not swapped in under load")
	}
}

// BenchmarkMatchEngine measures only the matching of the same queries as
// BenchmarkMatchHandler (match.Matcher.Match on the real lists, default
// options), so that the handler's own cost is the difference of the two.
func BenchmarkMatchEngine(b *testing.B) {
	_, m := realIndex(b)
	bodies := matchBodies(b)
	queries := make([]*entity.Entity, len(bodies))
	for i, body := range bodies {
		var req struct {
			Queries map[string]struct {
				Schema     string              `json:"schema"`
				Properties map[string][]string `json:"properties"`
			} `json:"queries"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			b.Fatal(err)
		}
		q := req.Queries["q1"]
		queries[i] = &entity.Entity{Schema: q.Schema, Properties: q.Properties}
	}
	opts := match.DefaultOptions()
	opts.Limit = 5
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	cpu0 := testutil.CPUTime()
	for b.Loop() {
		m.Match(ctx, queries[i%len(queries)], opts)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
	b.ReportMetric(float64(testutil.CPUTime()-cpu0)/float64(b.N), "cpu-ns/op")
}
