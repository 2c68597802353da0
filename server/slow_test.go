package server_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/server"
)

// serveReal serves e's handler through the http.Server of HTTPServer (its
// timeouts and connection hooks) on a loopback port and returns the
// address.
func serveReal(t *testing.T, e *env) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := e.srv.HTTPServer(ln.Addr().String())
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return ln.Addr().String()
}

// slowClient opens a connection and sends a request's headers (with a
// Content-Length of n) and no body yet.
func slowClient(t *testing.T, addr, target, auth string, n int) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	hdr := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", target, addr, n)
	if auth != "" {
		hdr += "Authorization: Bearer " + auth + "\r\n"
	}
	if _, err := io.WriteString(c, hdr+"\r\n"); err != nil {
		t.Fatal(err)
	}
	return c
}

// trickle writes one byte every gap until stop is closed or writing fails.
func trickle(c net.Conn, gap time.Duration, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(gap):
		}
		if _, err := c.Write([]byte(" ")); err != nil {
			return
		}
	}
}

// TestSlowBodies drives the real http.Server over loopback with clients
// that send their bodies one byte at a time (issue 15, item 1): a client
// without credentials is refused at once and its connection closed; one
// with credentials is cut off when its body takes longer than the request
// timeout, or when it stalls.
func TestSlowBodies(t *testing.T) {
	e := newEnv(t, func(o *server.Options) {
		o.RequestTimeout = 2 * time.Second
		o.BodyIdleTimeout = 700 * time.Millisecond
	})
	addr := serveReal(t, e)

	t.Run("refused before the body", func(t *testing.T) {
		c := slowClient(t, addr, "/match/default", "", 1000)
		stop := make(chan struct{})
		defer close(stop)
		go trickle(c, 300*time.Millisecond, stop)
		c.SetReadDeadline(time.Now().Add(3 * time.Second))
		start := time.Now()
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("no answer within 3 s: %v (the server waited for the body)", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || !resp.Close {
			t.Fatalf("status %d, Connection: %q; want 401 and close", resp.StatusCode, resp.Header.Get("Connection"))
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("401 took %s", d)
		}
		if _, err := c.Read(make([]byte, 1)); !errors.Is(err, io.EOF) && !isReset(err) {
			t.Fatalf("connection still open after the refusal: %v", err)
		}
	})

	t.Run("trickling past the request timeout", func(t *testing.T) {
		c := slowClient(t, addr, "/match/default", e.keys["viewer"], 1000)
		stop := make(chan struct{})
		defer close(stop)
		go trickle(c, 300*time.Millisecond, stop) // 1000 bytes would take 5 min
		c.SetReadDeadline(time.Now().Add(6 * time.Second))
		start := time.Now()
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("no answer: %v", err)
		}
		resp.Body.Close()
		d := time.Since(start)
		if resp.StatusCode != http.StatusRequestTimeout || d < 1500*time.Millisecond || d > 4*time.Second {
			t.Fatalf("status %d after %s; want 408 after about 2 s", resp.StatusCode, d)
		}
	})

	t.Run("stalled body", func(t *testing.T) {
		c := slowClient(t, addr, "/screen/parties", e.keys["analyst"], 1000)
		io.WriteString(c, "id,name\n")
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		start := time.Now()
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("no answer: %v", err)
		}
		resp.Body.Close()
		if d := time.Since(start); resp.StatusCode != http.StatusRequestTimeout || d > 2*time.Second {
			t.Fatalf("status %d after %s; want 408 after about 0.7 s", resp.StatusCode, d)
		}
	})

}

// TestConnsPerClient checks that connections beyond the cap per client
// address are closed at once, and that closing one makes room again.
func TestConnsPerClient(t *testing.T) {
	e := newEnv(t, func(o *server.Options) { o.MaxConnsPerClient = 4 })
	addr := serveReal(t, e)
	{
		var held []net.Conn
		for range 4 {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			held = append(held, c)
			// A request answered: the server has counted it (and keeps
			// it open for the next request).
			io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatalf("connection %d: %v", len(held), err)
			}
			resp.Body.Close()
		}
		extra, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer extra.Close()
		extra.SetReadDeadline(time.Now().Add(2 * time.Second))
		io.WriteString(extra, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		if _, err := extra.Read(make([]byte, 1)); !errors.Is(err, io.EOF) && !isReset(err) {
			t.Fatalf("fifth connection: read %v, want it closed", err)
		}
		held[0].Close()
		var resp *http.Response
		for try := 0; ; try++ {
			resp, err = (&http.Client{Transport: &http.Transport{}}).Get("http://" + addr + "/healthz")
			if err == nil {
				break
			}
			if try == 20 {
				t.Fatalf("after one closed, a new connection: %v", err)
			}
			time.Sleep(100 * time.Millisecond)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("healthz %d", resp.StatusCode)
		}
	}
}

func isReset(err error) bool {
	return err != nil && strings.Contains(err.Error(), "connection reset")
}
