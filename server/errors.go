package server

import (
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// Internal errors (issue 15, item 5): a 500 never shows the error's text,
// which may name files, queries or database details. The error is logged
// with a new request id, and the answer (JSON for the API, a page for the
// UI) shows only what failed and that id, so that an administrator can
// find the log line.

// newRequestID returns 16 random hex digits.
func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// internalError logs err with a new request id and answers 500, saying
// what failed (a short phrase, no error text) and the id.
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, what string, err error) {
	id := s.logInternal(r, what, err)
	if strings.HasPrefix(r.URL.Path, "/ui/") {
		s.uiError(w, r, http.StatusInternalServerError, "Sorry: "+what+". Request id "+id+" (the server log has the details).")
		return
	}
	writeJSON(w, http.StatusInternalServerError, internalJSON{
		Detail: what + "; request id " + id + " (the server log has the details)", Status: http.StatusInternalServerError, RequestID: id,
	})
}

// logInternal logs an internal error under a new request id and returns
// the id.
func (s *Server) logInternal(r *http.Request, what string, err error) string {
	id := newRequestID()
	s.log.Error(what, "request_id", id, "method", r.Method, "route", r.Pattern, "err", err)
	return id
}

// internalJSON is the body of a 500: apiError plus the request id.
type internalJSON struct {
	Detail    string `json:"detail"`
	Status    int    `json:"status"`
	RequestID string `json:"request_id"`
}

// securityHeaders sets X-Content-Type-Options: nosniff on every response,
// so that no browser runs an answer as another type than it says.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// noListing serves the files of fsys and answers 404 for its
// directories, instead of listing them.
func noListing(fsys fs.FS, files http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "."
		}
		if st, err := fs.Stat(fsys, name); err != nil || st.IsDir() {
			writeError(w, http.StatusNotFound, "no such file: %s", r.URL.Path)
			return
		}
		files.ServeHTTP(w, r)
	})
}
