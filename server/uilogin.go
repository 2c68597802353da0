package server

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/casestore"
)

// safeNext keeps a post-login redirect on this site (issue 15, item 19:
// "/\t/evil.example" passed a prefix check, and browsers drop the tab and
// go to //evil.example). next must parse as a URL without scheme, user or
// host, hold no control character, backslash or tab, start with one "/"
// and not "//" (once parsed as well); it is returned re-encoded from the
// parsed URL. Anything else gives the search page.
func safeNext(next string) string {
	const fallback = "/ui/search"
	if next == "" || strings.ContainsFunc(next, unsafeRune) {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return fallback
	}
	if !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.ContainsFunc(u.Path, unsafeRune) {
		return fallback
	}
	out := &url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery, Fragment: u.Fragment}
	s := out.String()
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return fallback
	}
	return s
}

// unsafeRune: a control character or a backslash, which browsers drop or
// read as a slash in a URL.
func unsafeRune(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }

func (s *Server) uiLoginPage(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	s.render(w, r, http.StatusOK, "login", view{Title: "Log in", Data: map[string]string{"Next": safeNext(r.URL.Query().Get("next"))}})
}

// uiLogin checks a password and starts a session. Failures are audited
// (without the password) and answered after the same work as successes.
func (s *Server) uiLogin(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	if !sameOrigin(r) {
		s.uiError(w, r, http.StatusForbidden, "cross-origin login refused")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.uiError(w, r, http.StatusBadRequest, "unreadable form")
		return
	}
	name, pw, next := r.PostForm.Get("name"), r.PostForm.Get("password"), safeNext(r.PostForm.Get("next"))
	addr := clientHost(r.RemoteAddr)
	if s.logins.blocked(name, addr, time.Now()) {
		s.metrics.authFailures.WithLabelValues("login_throttled").Inc()
		w.Header().Set("Retry-After", "60")
		s.render(w, r, http.StatusTooManyRequests, "login", view{Title: "Log in", Error: "Too many failed logins: wait a minute.", Data: map[string]string{"Next": next, "Name": name}})
		return
	}
	u, err := s.opts.Store.Login(r.Context(), name, pw)
	if err != nil {
		s.logins.fail(name, addr, time.Now())
		if !errors.Is(err, casestore.ErrCredentials) {
			s.log.Error("login", "err", err)
		}
		s.metrics.authFailures.WithLabelValues("login").Inc()
		s.opts.Store.Audit(r.Context(), casestore.AuditEntry{Actor: "anonymous", Action: "session.login_failed", Subject: "user:" + truncate(name, 64)})
		s.render(w, r, http.StatusUnauthorized, "login", view{Title: "Log in", Error: "Wrong user name or password.", Data: map[string]string{"Next": next, "Name": name}})
		return
	}
	s.logins.succeed(name, addr)
	token, sess, err := s.opts.Store.CreateSession(r.Context(), u.ID, s.opts.SessionTTL)
	if err != nil {
		s.internalError(w, r, "could not start a session", err)
		return
	}
	s.setSessionCookie(w, token, sess.Expires)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func (s *Server) uiLogout(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.opts.Store.EndSession(r.Context(), c.Value)
	}
	s.setSessionCookie(w, "", time.Time{})
	http.Redirect(w, r, "/ui/login", http.StatusSeeOther)
}
