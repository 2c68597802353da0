package server

import (
	"net"
	"net/http"
	"sync"
)

// connCounter caps the open connections of each client address (issue 15,
// item 1: slow clients could hold any number of connections). A connection
// over the cap is closed as soon as it is accepted, before anything is
// read from it; the client's other connections are not touched.
type connCounter struct {
	mu sync.Mutex
	// open counts the connections per client address; counted marks the
	// connections that were counted (a refused one is not).
	open    map[string]int
	counted map[net.Conn]string
	refused int64
}

// track returns the http.Server.ConnState hook that enforces max.
func (c *connCounter) track(max int) func(net.Conn, http.ConnState) {
	return func(conn net.Conn, state http.ConnState) {
		switch state {
		case http.StateNew:
			host := clientHost(conn.RemoteAddr().String())
			c.mu.Lock()
			if c.open == nil {
				c.open, c.counted = map[string]int{}, map[net.Conn]string{}
			}
			if c.open[host] >= max {
				c.refused++
				c.mu.Unlock()
				conn.Close()
				return
			}
			c.open[host]++
			c.counted[conn] = host
			c.mu.Unlock()
		case http.StateClosed, http.StateHijacked:
			c.mu.Lock()
			if host, ok := c.counted[conn]; ok {
				delete(c.counted, conn)
				if c.open[host]--; c.open[host] <= 0 {
					delete(c.open, host)
				}
			}
			c.mu.Unlock()
		}
	}
}

// clientHost is the host part of a remote address ("host:port").
func clientHost(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return host
}
