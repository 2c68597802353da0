// Package server is redline's HTTP face: the screening API (yente-compatible
// /match, /search and /entities; /screen for files), the analysts' web UI,
// health and Prometheus metrics, over a match.Holder (the current index,
// swapped in atomically when the lists change) and a casestore.Store (users,
// keys, sessions, runs, alerts, decisions, the audit log).
//
// # Routes and roles
//
//	public      GET /healthz /readyz /metrics /openapi.json /static/... /ui/login
//	viewer      POST /match/{dataset}; GET /search/{dataset} /entities/{id} /lists
//	            /alerts /alerts/{id} /runs /runs/{id} /evidence /evidence/{id}
//	            /approvals /approvals/{id}; UI pages
//	analyst     POST /screen/parties /screen/shipments /alerts/{id}/decisions /rescreen
//	            /evidence /evidence/claims/{id}/review /approvals/{id} (the store
//	            also asks for the four-eyes checker role, admin by default)
//	admin       GET /audit
//
// A request is authenticated by an API key (Authorization: Bearer KEY, or
// X-API-Key: KEY) or by a browser session cookie. A state-changing request
// made with a session cookie must also carry the session's CSRF token (form
// field "csrf" or header X-CSRF-Token). Secrets never reach the log: the
// access log records the route pattern, status, duration and who.
//
// Errors are JSON {"detail": "...", "status": N} with the status that says
// what was wrong (400 bad input, 401 no or bad credentials, 403 role too
// low or CSRF or four eyes, 404, 405, 409 conflict, 413 body too large,
// 503 no index yet).
package server

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
)

//go:embed openapi.json templates static
var assets embed.FS

// Options configures a Server. Holder and Store are required; the zero
// value of every other field is a sensible default.
type Options struct {
	// Holder holds the current Matcher.
	Holder *match.Holder
	// Store is the case store.
	Store casestore.Store
	// Lists is the list store, for /lists and the list versions recorded
	// with each run; nil serves no list metadata.
	Lists *lists.Store
	// Shipments assesses shipment files for /screen/shipments and the
	// upload page; nil answers 503 there.
	Shipments ShipmentScreener
	// TextScreen screens documents added to the evidence ledger (POST
	// /evidence and the evidence page); nil answers 503 there.
	TextScreen TextScreener
	// Flows answers the trade-flow pages; nil answers 503 there.
	Flows FlowsStore
	// Match are the base scoring options; DefaultOptions when zero.
	Match match.Options
	// Logger receives the access log and errors; nil discards.
	Logger *slog.Logger
	// QuietAccessLog logs only failed requests (status >= 400) and slow
	// ones (over 1 s) instead of every request.
	QuietAccessLog bool
	// MaxBodyBytes limits JSON request bodies (default 4 MiB);
	// MaxUploadBytes limits screening uploads (default 256 MiB).
	MaxBodyBytes   int64
	MaxUploadBytes int64
	// RequestTimeout bounds non-streaming requests (default 30 s), and
	// the time their body may take to arrive.
	RequestTimeout time.Duration
	// UploadTimeout bounds the time a screening upload may take to
	// arrive (default 10 min); BodyIdleTimeout the gap between two reads
	// of any request body (default 10 s). See body.go.
	UploadTimeout   time.Duration
	BodyIdleTimeout time.Duration
	// MaxConnsPerClient caps the open connections of one client address
	// (default 64); more are closed at once. See conns.go.
	MaxConnsPerClient int
	// SessionTTL is how long a browser session lives (default 12 h).
	SessionTTL time.Duration
	// SecureCookies sets the Secure flag on cookies (behind TLS).
	SecureCookies bool
	// KeyCacheTTL is how long a verified API key is trusted without asking
	// the store again (default 5 s); a key revoked through this server is
	// forgotten at once, one revoked by another process within the TTL.
	KeyCacheTTL time.Duration
	// Registry receives the metrics; a new registry when nil.
	Registry *prometheus.Registry
	// AuditMatches records each /match and /search request in the audit
	// log. The entries are written in batches every AuditFlush (default
	// 200 ms) to keep the API fast; decisions, runs, users and keys are
	// audited synchronously in their own transaction.
	AuditMatches bool
	AuditFlush   time.Duration
	// SearchAudit says how much of each /match and /search request the
	// batched entries keep (casestore.CompactRequests); "" means
	// casestore.SearchAuditHits (docs/audit.md).
	SearchAudit casestore.SearchAuditMode
}

// Server serves the API and the UI. Create it with New; stop it with Close
// after the http.Server has shut down.
type Server struct {
	opts    Options
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler
	metrics *metrics
	keys    keyCache
	pages   *pages
	audit   *auditBatcher
	// ents caches encoded listed entities (*entity.Entity -> []byte);
	// entsN counts its entries.
	ents  sync.Map
	entsN atomic.Int64
	// entsFor is the index the cached entities belong to; the cache is
	// emptied when another index is swapped in.
	entsFor atomic.Pointer[match.Matcher]
	// logins slows password guessing.
	logins loginLimiter
	// diffs remembers list version diff summaries.
	diffs sync.Map
	// rescreenMu runs one re-screening at a time.
	rescreenMu sync.Mutex
	// datasets caches the imported dataset names.
	datasets datasetCache
	// conns counts open connections per client address.
	conns connCounter
	// listWatch remembers the list problems last logged.
	listWatch listWatch
	started   time.Time
}

// New returns a Server.
func New(opts Options) (*Server, error) {
	if opts.Holder == nil || opts.Store == nil {
		return nil, errors.New("server: Holder and Store are required")
	}
	if opts.Match.Limit == 0 && opts.Match.Threshold == 0 {
		opts.Match = match.DefaultOptions()
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 4 << 20
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = 256 << 20
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = 30 * time.Second
	}
	if opts.UploadTimeout <= 0 {
		opts.UploadTimeout = 10 * time.Minute
	}
	if opts.BodyIdleTimeout <= 0 {
		opts.BodyIdleTimeout = 10 * time.Second
	}
	if opts.MaxConnsPerClient <= 0 {
		opts.MaxConnsPerClient = 64
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 12 * time.Hour
	}
	if opts.KeyCacheTTL <= 0 {
		opts.KeyCacheTTL = 5 * time.Second
	}
	if opts.AuditFlush <= 0 {
		opts.AuditFlush = 200 * time.Millisecond
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	s := &Server{opts: opts, log: opts.Logger, mux: http.NewServeMux(), started: time.Now()}
	s.keys.ttl = opts.KeyCacheTTL
	var err error
	if s.metrics, err = newMetrics(opts.Registry, opts.Holder, opts.Lists); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	if opts.AuditMatches {
		mode, err := casestore.ParseSearchAuditMode(string(opts.SearchAudit))
		if err != nil {
			return nil, err
		}
		s.audit = newAuditBatcher(opts.Store, opts.AuditFlush, opts.Logger, s.metrics.auditDropped, mode)
	}
	s.routes()
	s.listProblems(context.Background()) // logged at start
	s.handler = securityHeaders(s.recoverer(s.instrument(s.unmatched(s.mux))))
	return s, nil
}

// Handler returns the root handler.
func (s *Server) Handler() http.Handler { return s.handler }

// HTTPServer returns an http.Server for addr with redline's timeouts: the
// headers must arrive within 10 s and an idle keep-alive connection is
// closed after 2 minutes; bodies and responses are bounded per route (size
// limits, RequestTimeout) so that uploads and streamed screening results
// are not cut.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ConnState:         s.conns.track(s.opts.MaxConnsPerClient),
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Close flushes pending audit entries.
func (s *Server) Close() error {
	if s.audit != nil {
		s.audit.close()
	}
	return nil
}

// route registers a handler for a pattern, with the role it needs ("" for
// public) and whether it streams (no request timeout).
func (s *Server) route(pattern string, need casestore.Role, stream bool, h func(w http.ResponseWriter, r *http.Request, p casestore.Principal)) {
	var handler http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p casestore.Principal
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxUploadBytes)
		}
		if stream {
			w = s.guardBody(w, r, s.opts.UploadTimeout)
		} else {
			w = s.guardBody(w, r, s.opts.RequestTimeout)
		}
		if need != "" {
			var ok bool
			p, ok = s.authorize(w, r, need)
			if !ok {
				return
			}
		}
		if !stream {
			ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
			defer cancel()
			r = r.WithContext(ctx)
		}
		h(w, r, p)
	})
	s.mux.Handle(pattern, handler)
}

func (s *Server) routes() {
	public := casestore.Role("")
	// Operations.
	s.route("GET /healthz", public, false, s.healthz)
	s.route("GET /readyz", public, false, s.readyz)
	s.mux.Handle("GET /metrics", s.metrics.handler())
	s.route("GET /openapi.json", public, false, s.openapi)

	// Screening API (yente-compatible where yente has the route).
	s.route("POST /match/{dataset}", casestore.Viewer, false, s.match)
	s.route("GET /search/{dataset}", casestore.Viewer, false, s.search)
	s.route("GET /entities/{id}", casestore.Viewer, false, s.entity)
	s.route("GET /lists", casestore.Viewer, false, s.lists)
	s.route("POST /screen/parties", casestore.Analyst, true, s.screenParties)
	s.route("POST /screen/shipments", casestore.Analyst, true, s.screenShipments)

	// Cases.
	s.route("GET /runs", casestore.Viewer, false, s.runs)
	s.route("GET /runs/{id}", casestore.Viewer, false, s.run)
	s.route("POST /rescreen", casestore.Analyst, true, s.rescreen)
	s.route("GET /alerts", casestore.Viewer, false, s.alerts)
	s.route("GET /alerts/{id}", casestore.Viewer, false, s.alert)
	s.route("POST /alerts/{id}/decisions", casestore.Analyst, false, s.decide)
	s.route("GET /approvals", casestore.Viewer, false, s.approvals)
	s.route("GET /approvals/{id}", casestore.Viewer, false, s.approval)
	s.route("POST /approvals/{id}", casestore.Analyst, false, s.settle)
	s.route("GET /audit", casestore.Admin, false, s.auditLog)

	// Evidence ledger (evidence.go, evidence_ui.go).
	s.evidenceRoutes()

	// Web UI.
	s.uiRoutes()
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ui/search", http.StatusSeeOther)
	})
}

// methods are tried to tell a wrong method (405) from a wrong path (404).
var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// unmatched answers requests no route matches with a JSON 405 (and Allow)
// when the path exists for another method, else a JSON 404.
func (s *Server) unmatched(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := s.mux.Handler(r); pattern != "" {
			next.ServeHTTP(w, r)
			return
		}
		var allow []string
		for _, m := range methods {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, p := s.mux.Handler(probe); p != "" {
				allow = append(allow, m)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeError(w, http.StatusMethodNotAllowed, "method %s not allowed on %s (allowed: %s)", r.Method, r.URL.Path, strings.Join(allow, ", "))
			return
		}
		writeError(w, http.StatusNotFound, "no such route: %s %s", r.Method, r.URL.Path)
	})
}

// ---- plumbing ----

// apiError is the JSON body of every error: yente's "detail" plus the
// status.
type apiError struct {
	Detail string `json:"detail"`
	Status int    `json:"status"`
}

func writeError(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, apiError{Detail: fmt.Sprintf(format, args...), Status: status})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"detail":"encoding the response failed","status":500}`, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte{'\n'})
}

// storeError maps a case store error to a status and writes it.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, casestore.ErrNotFound):
		writeError(w, http.StatusNotFound, "%v", err)
	case errors.Is(err, casestore.ErrInvalid):
		writeError(w, http.StatusBadRequest, "%v", err)
	case errors.Is(err, casestore.ErrExists):
		writeError(w, http.StatusConflict, "%v", err)
	case errors.Is(err, casestore.ErrConflict):
		writeError(w, http.StatusConflict, "%v", err)
	case errors.Is(err, casestore.ErrForbidden):
		writeError(w, http.StatusForbidden, "%v", err)
	case errors.Is(err, casestore.ErrCredentials):
		writeError(w, http.StatusUnauthorized, "%v", err)
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "the request took too long")
	default:
		s.internalError(w, r, "the case store failed", err)
	}
}

// decodeJSON reads a JSON body of at most MaxBodyBytes into v.
func (s *Server) decodeJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &mbe):
			writeError(w, http.StatusRequestEntityTooLarge, "request body larger than %d bytes", mbe.Limit)
		case errors.Is(err, errSlowBody):
			writeError(w, http.StatusRequestTimeout, "%v", errSlowBody)
		case errors.As(err, &se):
			writeError(w, http.StatusBadRequest, "invalid JSON at byte %d: %v", se.Offset, err)
		case errors.As(err, &te):
			writeError(w, http.StatusBadRequest, "invalid JSON: field %q at byte %d: want %s, got %s", te.Field, te.Offset, te.Type, te.Value)
		case errors.Is(err, io.EOF):
			writeError(w, http.StatusBadRequest, "empty request body")
		default:
			writeError(w, http.StatusBadRequest, "invalid JSON: %v", err)
		}
		return false
	}
	if dec.More() {
		writeError(w, http.StatusBadRequest, "invalid JSON: more than one value in the body")
		return false
	}
	return true
}

// statusWriter records the status code and keeps http.Flusher.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// statusWriters recycles the access log's response writers.
// BenchmarkStatusWriter (benchstat, -count=10, one run): 178 ns ±39% per
// request with the pool, 346 ns ±43% and one 32-byte allocation with a new
// writer (p=0.000). It wins, by little next to a request's cost (a /match
// is tens of microseconds), on every route, so it stays.
var statusWriters = sync.Pool{New: func() any { return new(statusWriter) }}

// instrument counts and times each request by route pattern and writes the
// access log (method, route, status, duration, who; never headers, cookies
// or bodies).
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := statusWriters.Get().(*statusWriter)
		*sw = statusWriter{ResponseWriter: w}
		who := &principalSlot{}
		r = r.WithContext(context.WithValue(r.Context(), principalKey{}, who))
		next.ServeHTTP(sw, r)
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		d := time.Since(start)
		s.metrics.observe(route, status, d)
		if (!s.opts.QuietAccessLog || status >= 400 || d > time.Second) && s.log.Enabled(r.Context(), slog.LevelInfo) {
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method), slog.String("route", route),
				slog.Int("status", status), slog.Duration("duration", d),
				slog.String("who", who.p.Name), slog.Int64("bytes", sw.bytes))
		}
		sw.ResponseWriter = nil
		statusWriters.Put(sw)
	})
}

// recoverer turns a panic in a handler into a 500 and a logged stack.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.internalError(w, r, "internal error", fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// principalKey keys the request's principalSlot in its context.
type principalKey struct{}

// principalSlot is filled by authorize so that the access log can say who
// made the request.
type principalSlot struct {
	p    casestore.Principal
	sess *casestore.Session
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz is 200 when an index with at least one listed party is loaded,
// the audit of /match and /search (when on) is being written,
// and the case store answers.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	m := s.opts.Holder.Load()
	if m == nil || m.Len() == 0 {
		writeError(w, http.StatusServiceUnavailable, "no lists loaded yet: import them with `redline lists import` or `redline lists update`")
		return
	}
	if err := s.opts.Store.Ping(r.Context()); err != nil {
		s.log.Error("readyz", "err", err)
		writeError(w, http.StatusServiceUnavailable, "the case store does not answer")
		return
	}
	if ps := s.listProblems(r.Context()); len(ps) > 0 {
		writeError(w, http.StatusServiceUnavailable, "lists not loaded: %s", strings.Join(ps, "; "))
		return
	}
	if s.audit != nil { // audit of /match and /search is required: losing it is not ready
		if why := s.audit.failing(); why != "" {
			s.log.Error("readyz: audit failing", "err", why)
			writeError(w, http.StatusServiceUnavailable, "the audit log cannot be written; requests are not being audited")
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "entities": m.Len(), "forms": m.Forms()})
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	b, err := assets.ReadFile("openapi.json")
	if err != nil {
		writeError(w, http.StatusInternalServerError, "openapi.json missing")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}
