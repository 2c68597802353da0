package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
)

var (
	loadFor   = flag.Duration("load", 0, "run TestLoadSwap this long and enforce its targets (>= -load-rps /match requests/s, p99 <= -load-p99)")
	loadRPS   = flag.Float64("load-rps", 5000, "throughput TestLoadSwap must reach with -load")
	loadP99   = flag.Duration("load-p99", 10*time.Millisecond, "99th percentile latency TestLoadSwap must stay under with -load")
	loadConns = flag.Int("load-conns", 0, "keep-alive connections of the load generator (0: 4 × GOMAXPROCS)")
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
	cpu0 := cpuTime()
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
	cpu := cpuTime() - cpu0
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

// cpuTime returns the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
// encoding.
func BenchmarkMatchHandler(b *testing.B) {
	e := newEnv(b, nil)
	bodies := matchBodies(b)
	h := e.srv.Handler()
	key := "Bearer " + e.keys[casestore.Viewer]
	b.ReportAllocs()
	i := 0
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
}
