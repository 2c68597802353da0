package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// Request bodies are read under two clocks (issue 15, item 1: a client
// sending one byte every 1.5 s held a connection and a goroutine for as
// long as it liked):
//
//   - the whole body must arrive within a deadline: RequestTimeout for the
//     API, UploadTimeout for screening uploads;
//   - and no gap between two reads may exceed BodyIdleTimeout.
//
// Both are connection read deadlines set through http.ResponseController,
// so a stalled client is cut off by the network layer, not only when a
// handler looks at its context. Once the body has been read to its end the
// deadline is lifted, so that a long streamed answer (screening a big file)
// is not cut by it.
//
// A request refused before its body was read (401, 403, 400 on a bad
// parameter, ...) is answered with Connection: close, so that the server
// does not read (or wait for) the rest of the body to reuse the connection.

// guardedBody is a request body read under the deadlines above.
type guardedBody struct {
	rc       *http.ResponseController
	body     io.ReadCloser
	idle     time.Duration
	deadline time.Time
	// armed is the read deadline set last; unsupported is set when the
	// writer cannot set deadlines.
	armed       time.Time
	unsupported bool
	// eof is set when the body has been read to its end; failed when
	// reading it failed (the connection is then not reused).
	eof, failed bool
}

// arm sets the read deadline: the idle time from now, or the whole
// body's deadline when that comes first.
func (g *guardedBody) arm(now time.Time) {
	g.armed = now.Add(g.idle)
	if g.armed.After(g.deadline) {
		g.armed = g.deadline
	}
	g.setDeadline(g.armed)
}

// setDeadline sets the connection's read deadline, unless the writer
// cannot (a ResponseRecorder in tests): then it stops trying.
func (g *guardedBody) setDeadline(t time.Time) {
	if g.unsupported {
		return
	}
	if err := g.rc.SetReadDeadline(t); errors.Is(err, http.ErrNotSupported) {
		g.unsupported = true
	}
}

func (g *guardedBody) Read(p []byte) (int, error) {
	if g.eof || g.failed {
		return g.body.Read(p)
	}
	// Re-arm the idle deadline only once half of it has passed: a small
	// body is read under the deadline set by guardBody, without a call
	// per read.
	if now := time.Now(); g.armed.Sub(now) < g.idle/2 && g.armed.Before(g.deadline) {
		g.arm(now)
	}
	n, err := g.body.Read(p)
	switch {
	case errors.Is(err, io.EOF):
		g.eof = true
		g.setDeadline(time.Time{})
	case err != nil:
		g.failed = true
		if isTimeout(err) {
			err = fmt.Errorf("%w: %w", errSlowBody, err)
		}
	}
	return n, err
}

func (g *guardedBody) Close() error { return g.body.Close() }

// errSlowBody is a request body that did not arrive in time.
var errSlowBody = errors.New("the request body arrived too slowly")

func isTimeout(err error) bool {
	var ne interface{ Timeout() bool }
	return errors.As(err, &ne) && ne.Timeout()
}

// refusingWriter answers an error status with Connection: close while the
// request body has not been read to its end.
type refusingWriter struct {
	http.ResponseWriter
	body  *guardedBody
	wrote bool
}

func (w *refusingWriter) WriteHeader(code int) {
	if !w.wrote && code >= 400 && !w.body.eof {
		w.Header().Set("Connection", "close")
		// net/http reads up to 256 KiB of an unread body when the
		// handler returns (to reuse the connection): end that read now.
		w.body.setDeadline(time.Now())
	}
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *refusingWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *refusingWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *refusingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// guardBody puts r's body under the read deadlines (total is the time the
// whole body may take) and returns the writer to answer with.
func (s *Server) guardBody(w http.ResponseWriter, r *http.Request, total time.Duration) http.ResponseWriter {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		return w
	}
	g := &guardedBody{rc: http.NewResponseController(w), body: r.Body, idle: s.opts.BodyIdleTimeout, deadline: time.Now().Add(total)}
	// Bounded even when no handler reads it (then net/http reads up to
	// 256 KiB of it after the handler, to reuse the connection).
	g.arm(time.Now())
	r.Body = g
	return &refusingWriter{ResponseWriter: w, body: g}
}

// spoolMemory is how much of an upload is kept in memory; the rest goes to
// a temporary file.
const spoolMemory = 1 << 20

// spooled is an upload read to its end before screening starts (issue 15,
// item 12: once a streamed answer is flushed, net/http discards the unread
// rest of a request body under 256 KiB, and the screening read "invalid
// Read on closed Body" after a few thousand rows). Reading everything first
// also turns a slow, cut or oversized upload into a plain error status
// instead of an error in the last line of a 200.
type spooled struct {
	mem  []byte
	file *os.File
	// Size is the number of bytes read.
	Size int64
}

// spool reads r to its end: the first spoolMemory bytes in memory, the
// rest in an unlinked temporary file in dir ("" for the system's).
func spool(r io.Reader, dir string) (*spooled, error) {
	var buf bytes.Buffer
	n, err := io.CopyN(&buf, r, spoolMemory+1)
	if errors.Is(err, io.EOF) {
		return &spooled{mem: buf.Bytes(), Size: n}, nil
	}
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "redline-upload-*")
	if err != nil {
		return nil, fmt.Errorf("spooling the upload: %w", err)
	}
	// Unlinked at once: the space is freed when the file is closed, even
	// after a crash.
	os.Remove(f.Name())
	sp := &spooled{file: f}
	if _, err := f.Write(buf.Bytes()); err != nil {
		sp.Close()
		return nil, fmt.Errorf("spooling the upload: %w", err)
	}
	m, err := io.Copy(f, r)
	if err != nil {
		sp.Close()
		return nil, err
	}
	sp.Size = n + m
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		sp.Close()
		return nil, fmt.Errorf("spooling the upload: %w", err)
	}
	return sp, nil
}

// Reader returns the upload from its start.
func (s *spooled) Reader() io.Reader {
	if s.file != nil {
		return s.file
	}
	return bytes.NewReader(s.mem)
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// checkConsumed returns an error when a screening read fewer bytes than
// the upload holds: rows were left out.
func checkConsumed(read, size int64) error {
	if read != size {
		return fmt.Errorf("only %d of the %d bytes uploaded were screened", read, size)
	}
	return nil
}

// Close releases the temporary file.
func (s *spooled) Close() error {
	if s.file != nil {
		return s.file.Close()
	}
	return nil
}

// readUpload spools the request body of a screening upload; on failure it
// writes the error status (413 too large, 408 too slow, 400 cut) and
// returns nil.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) *spooled {
	sp, err := spool(http.MaxBytesReader(w, r.Body, s.opts.MaxUploadBytes), "")
	if err == nil {
		return sp
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		writeError(w, http.StatusRequestEntityTooLarge, "upload larger than %d bytes", mbe.Limit)
	case errors.Is(err, errSlowBody):
		writeError(w, http.StatusRequestTimeout, "the upload arrived too slowly (a gap over %s, or longer than %s in all)", s.opts.BodyIdleTimeout, s.opts.UploadTimeout)
	default:
		s.log.Warn("reading an upload", "route", r.Pattern, "err", err)
		writeError(w, http.StatusBadRequest, "the upload could not be read to its end")
	}
	return nil
}
