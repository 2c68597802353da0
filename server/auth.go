package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/redline-sanctions/redline/casestore"
)

// sessionCookie is the name of the browser session cookie.
const sessionCookie = "redline_session"

// keyCache remembers verified API keys for a short time so that the hot
// path (/match) does not ask the store on every request. Entries are keyed
// by the SHA-256 of the key; the key itself is not kept.
type keyCache struct {
	ttl time.Duration
	mu  sync.RWMutex
	m   map[[32]byte]keyEntry
}

type keyEntry struct {
	p       casestore.Principal
	expires time.Time
}

func (c *keyCache) get(h [32]byte) (casestore.Principal, bool) {
	c.mu.RLock()
	e, ok := c.m[h]
	c.mu.RUnlock()
	if !ok || time.Now().After(e.expires) {
		return casestore.Principal{}, false
	}
	return e.p, true
}

func (c *keyCache) put(h [32]byte, p casestore.Principal) {
	c.mu.Lock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[[32]byte]keyEntry{}
	}
	c.m[h] = keyEntry{p: p, expires: time.Now().Add(c.ttl)}
	c.mu.Unlock()
}

// reset forgets every cached key (after a revocation).
func (c *keyCache) reset() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

// apiKey returns the API key a request carries, if any.
func apiKey(r *http.Request) string {
	if k := r.Header.Get("X-API-Key"); k != "" {
		return strings.TrimSpace(k)
	}
	if a := r.Header.Get("Authorization"); a != "" {
		scheme, tok, ok := strings.Cut(a, " ")
		if ok && (strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "ApiKey")) {
			return strings.TrimSpace(tok)
		}
	}
	return ""
}

// errNoCredentials: the request carries neither key nor session.
var errNoCredentials = errors.New("no credentials")

// authenticate returns who made the request, the session (for CSRF) when
// it came from a browser, or an error.
func (s *Server) authenticate(r *http.Request) (casestore.Principal, *casestore.Session, error) {
	if k := apiKey(r); k != "" {
		h := sha256.Sum256([]byte(k))
		if p, ok := s.keys.get(h); ok {
			return p, nil, nil
		}
		p, err := s.opts.Store.KeyPrincipal(r.Context(), k)
		if err != nil {
			return casestore.Principal{}, nil, err
		}
		s.keys.put(h, p)
		return p, nil, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return casestore.Principal{}, nil, errNoCredentials
	}
	sess, err := s.opts.Store.Session(r.Context(), c.Value)
	if err != nil {
		return casestore.Principal{}, nil, err
	}
	return casestore.Principal{Name: sess.User.Name, Role: sess.User.Role, Kind: "user"}, &sess, nil
}

// stateChanging reports whether a method changes state.
func stateChanging(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

// authorize authenticates the request and checks its role and, for
// browser sessions making a state-changing request, the CSRF token and the
// origin. On failure it writes the error (JSON for the API, a redirect to
// the login page for UI pages) and returns false.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, need casestore.Role) (casestore.Principal, bool) {
	ui := strings.HasPrefix(r.URL.Path, "/ui/")
	p, sess, err := s.authenticate(r)
	if err != nil {
		if !errors.Is(err, errNoCredentials) && !errors.Is(err, casestore.ErrCredentials) {
			s.log.Error("authenticate", "err", err)
			writeError(w, http.StatusServiceUnavailable, "cannot check credentials now")
			return p, false
		}
		s.metrics.authFailures.WithLabelValues("unauthenticated").Inc()
		if ui && r.Method == http.MethodGet {
			http.Redirect(w, r, "/ui/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return p, false
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="redline"`)
		if errors.Is(err, errNoCredentials) {
			writeError(w, http.StatusUnauthorized, "authentication required: send an API key (Authorization: Bearer KEY or X-API-Key) or log in")
		} else {
			writeError(w, http.StatusUnauthorized, "invalid credentials: unknown or revoked key, or expired session")
		}
		return p, false
	}
	if slot, ok := r.Context().Value(principalKey{}).(*principalSlot); ok {
		slot.p, slot.sess = p, sess
	}
	if !p.Role.Allows(need) {
		s.metrics.authFailures.WithLabelValues("forbidden").Inc()
		s.forbidden(w, r, p, need)
		return p, false
	}
	if sess != nil && stateChanging(r.Method) {
		if !sameOrigin(r) {
			s.metrics.authFailures.WithLabelValues("origin").Inc()
			writeError(w, http.StatusForbidden, "cross-origin request refused")
			return p, false
		}
		tok := r.Header.Get("X-CSRF-Token")
		if tok == "" {
			tok = formValueNoParse(r, "csrf")
		}
		if tok == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(sess.CSRF)) != 1 {
			s.metrics.authFailures.WithLabelValues("csrf").Inc()
			writeError(w, http.StatusForbidden, "missing or wrong CSRF token")
			return p, false
		}
	}
	return p, true
}

// formValueNoParse reads a form field from a urlencoded or multipart body
// without consuming more than the form itself (multipart bodies are parsed
// with a 32 MiB memory limit, spilling files to disk).
func formValueNoParse(r *http.Request, name string) string {
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		if err := r.ParseForm(); err != nil {
			return ""
		}
		return r.PostForm.Get(name)
	case strings.HasPrefix(ct, "multipart/form-data"):
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return ""
		}
		if v := r.MultipartForm.Value[name]; len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// sameOrigin reports whether a browser request comes from this site: an
// Origin (or, failing that, Referer) header, when present, must name the
// request's host.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		o = r.Header.Get("Referer")
	}
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil {
		return false
	}
	return u.Host == r.Host
}

// setSessionCookie sets or clears the session cookie.
func (s *Server) setSessionCookie(w http.ResponseWriter, token string, expires time.Time) {
	c := &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteStrictMode,
	}
	if token == "" {
		c.MaxAge = -1
	} else {
		c.Expires = expires
	}
	http.SetCookie(w, c)
}
