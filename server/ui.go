package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/screen"
	"github.com/redline-sanctions/redline/shipment"
)

// pages holds the parsed UI templates, one set per page (each page with
// the layout).
type pages struct {
	t map[string]*template.Template
}

var funcs = template.FuncMap{
	"pct":   func(x float64) string { return fmt.Sprintf("%.0f%%", x*100) },
	"score": func(x float64) string { return fmt.Sprintf("%.2f", x) },
	"width": func(x float64) template.CSS {
		return template.CSS(fmt.Sprintf("width:%.0f%%", max(0, min(1, x))*100))
	},
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	},
	"whenp": func(t *time.Time) string {
		if t == nil || t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"age": func(sec float64) string {
		d := time.Duration(sec) * time.Second
		switch {
		case d < time.Hour:
			return fmt.Sprintf("%d min", int(d.Minutes()))
		case d < 48*time.Hour:
			return fmt.Sprintf("%d h", int(d.Hours()))
		}
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	},
	"pretty": func(raw json.RawMessage) string {
		var b bytes.Buffer
		if json.Indent(&b, raw, "", "  ") != nil {
			return string(raw)
		}
		return b.String()
	},
	"script": scriptOf,
	"join":   strings.Join,
	"label":  label,
	"status": func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
}

func parsePages() (*pages, error) {
	p := &pages{t: map[string]*template.Template{}}
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := path.Base(f)
		if name == "layout.html" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(assets, "templates/layout.html", f)
		if err != nil {
			return nil, fmt.Errorf("server: template %s: %w", name, err)
		}
		p.t[strings.TrimSuffix(name, ".html")] = t
	}
	return p, nil
}

// view is what every page template receives.
type view struct {
	Title string
	Nav   string
	User  casestore.Principal
	CSRF  string
	Flash string
	Error string
	Data  any
}

// render executes a page into a buffer first, so that a template error is
// a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	if slot, ok := r.Context().Value(principalKey{}).(*principalSlot); ok {
		v.User = slot.p
		if slot.sess != nil {
			v.CSRF = slot.sess.CSRF
		}
	}
	if v.Nav == "" {
		v.Nav = page
	}
	var b bytes.Buffer
	if err := s.pages.t[page].ExecuteTemplate(&b, "layout", v); err != nil {
		id := s.logInternal(r, "rendering the page "+page, err)
		http.Error(w, "Internal error rendering the page; request id "+id+".", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// uiError renders an error page.
func (s *Server) uiError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error", view{Title: http.StatusText(status), Error: msg, Nav: "-"})
}

func (s *Server) uiRoutes() {
	static, _ := fs.Sub(assets, "static")
	fileServer := http.StripPrefix("/static/", noListing(static, http.FileServerFS(static)))
	s.mux.Handle("GET /static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fileServer.ServeHTTP(w, r)
	}))
	public := casestore.Role("")
	s.route("GET /ui/login", public, false, s.uiLoginPage)
	s.route("POST /ui/login", public, false, s.uiLogin)
	s.route("POST /ui/logout", casestore.Viewer, false, s.uiLogout)
	s.route("GET /ui/{$}", casestore.Viewer, false, func(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
		http.Redirect(w, r, "/ui/search", http.StatusSeeOther)
	})
	s.route("GET /ui/search", casestore.Viewer, false, s.uiSearch)
	s.route("GET /ui/entities/{id}", casestore.Viewer, false, s.uiEntity)
	s.route("GET /ui/alerts", casestore.Viewer, false, s.uiAlerts)
	s.route("GET /ui/alerts/{id}", casestore.Viewer, false, s.uiAlert)
	s.route("POST /ui/alerts/{id}/decide", casestore.Analyst, false, s.uiDecide)
	s.route("GET /ui/upload", casestore.Analyst, false, s.uiUploadPage)
	s.route("POST /ui/upload", casestore.Analyst, true, s.uiUpload)
	s.route("GET /ui/lists", casestore.Viewer, false, s.uiLists)
	s.route("GET /ui/flows/suppliers", casestore.Viewer, false, s.uiFlowsSuppliers)
	s.route("GET /ui/flows/report", casestore.Viewer, false, s.uiFlowsReport)
	s.route("GET /ui/audit", casestore.Admin, false, s.uiAudit)
	s.route("POST /ui/rescreen", casestore.Analyst, true, s.uiRescreen)
}

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

// searchView is the data of the search page.
type searchView struct {
	Q, Schema string
	Results   []scoredJSON
	Threshold float64
	Entities  int
}

func (s *Server) uiSearch(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	v := searchView{Q: strings.TrimSpace(r.URL.Query().Get("q")), Schema: r.URL.Query().Get("schema"), Threshold: s.opts.Match.Threshold}
	if v.Schema == "" || !entity.Known(v.Schema) || !entity.Matchable(v.Schema) {
		v.Schema = entity.LegalEntity
	}
	m := s.opts.Holder.Load()
	if m != nil {
		v.Entities = m.Len()
	}
	if v.Q != "" && m != nil && len(v.Q) <= 1000 {
		o := s.opts.Match
		o.Limit = 20
		q := &entity.Entity{Schema: v.Schema, Properties: map[string][]string{entity.Name: {v.Q}}}
		res, err := m.Match(r.Context(), q, o)
		if err != nil {
			s.render(w, r, http.StatusServiceUnavailable, "search", view{Title: "Search", Error: "Search timed out; try again.", Data: v})
			return
		}
		for _, x := range res {
			v.Results = append(v.Results, toScored(x))
		}
		if s.audit != nil {
			s.audit.add(p.Name, "search", "dataset:default", map[string]any{"q": v.Q, "schema": v.Schema, "results": len(v.Results)})
		}
	}
	status, msg := http.StatusOK, ""
	if r.URL.Query().Has("q") {
		if err := match.CheckQuery(&entity.Entity{Schema: v.Schema, Properties: map[string][]string{entity.Name: {v.Q}}}); err != nil {
			status, msg = http.StatusBadRequest, "Not searched: "+err.Error()+"."
		}
	}
	s.render(w, r, status, "search", view{Title: "Search", Error: msg, Data: v})
}

// nameView is one name of an entity with its script.
type nameView struct {
	Prop, Value, Script string
}

// propView is one non-name property.
type propView struct {
	Label  string
	Values []string
	// Items are the values as shown on the entity page (country names,
	// links to referenced entities); nil elsewhere.
	Items []valueView
	key   string // the FtM property
}

type entityView struct {
	E           entityJSON
	Names       []nameView
	Scripts     []string
	Identifiers []propView
	// Listings are each list's programmes and listing dates.
	Listings []listingView
	Other    []propView
	Links    []linkView
	// Evidence are the ledger's documents that mention the entity.
	Evidence []casestore.Document
}

// linkView is a link or sanction naming the entity, with the other party.
type linkView struct {
	Schema  string
	Caption string
	Other   *entityJSON
	Props   []propView
}

var identifierProps = []string{entity.IDNumber, entity.PassportNumber, entity.TaxNumber, entity.InnCode, entity.OgrnCode,
	entity.RegistrationNum, entity.LeiCode, entity.SwiftBic, entity.UnifiedCode, entity.ImoNumber, entity.Mmsi,
	entity.CallSign, entity.UNSCReference, entity.CryptoWallet, entity.SerialNumber}

func (s *Server) uiEntity(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	m := s.opts.Holder.Load()
	if m == nil {
		s.uiError(w, r, http.StatusServiceUnavailable, "No index loaded yet.")
		return
	}
	d, ok := s.entityDetail(m, r.PathValue("id"))
	if !ok {
		s.uiError(w, r, http.StatusNotFound, fmt.Sprintf("No entity %q in the current lists.", r.PathValue("id")))
		return
	}
	v := buildEntityView(d)
	for i, p := range v.Other {
		v.Other[i].Items = detailValues(m, d.ID, p.key, p.Values)
	}
	v.Listings = listingsOf(d)
	v.E.Caption = entityText(m.Entity(d.ID))
	v.Evidence = s.evidenceFor(r, d.ID)
	s.render(w, r, http.StatusOK, "entity", view{Title: v.E.Caption, Nav: "search", Data: v})
}

func buildEntityView(d entityResponse) entityView {
	v := entityView{E: d.entityJSON}
	used := map[string]bool{}
	seenScript := map[string]bool{}
	for _, p := range entity.NameProps {
		for _, n := range d.Properties[p] {
			sc := scriptOf(n)
			v.Names = append(v.Names, nameView{Prop: p, Value: n, Script: sc})
			if !seenScript[sc] {
				seenScript[sc] = true
				v.Scripts = append(v.Scripts, sc)
			}
		}
		used[p] = true
	}
	for _, p := range identifierProps {
		if vals := d.Properties[p]; len(vals) > 0 {
			v.Identifiers = append(v.Identifiers, propView{Label: label(p), Values: vals})
		}
		used[p] = true
	}
	// Programmes and listing dates are shown per list (listingsOf).
	for _, p := range []string{entity.Program, entity.ProgramID, entity.ListingDate} {
		used[p] = true
	}
	var other []string
	for p := range d.Properties {
		if !used[p] {
			other = append(other, p)
		}
	}
	sort.Strings(other)
	for _, p := range other {
		v.Other = append(v.Other, propView{Label: label(p), Values: d.Properties[p], key: p})
	}
	for _, l := range d.Links {
		if l.Schema == entity.Sanction {
			continue // shown in Listings
		}
		lv := linkView{Schema: l.Schema, Caption: l.Caption}
		var keys []string
		for p := range l.Properties {
			keys = append(keys, p)
		}
		sort.Strings(keys)
		for _, p := range keys {
			vals := l.Properties[p]
			isRef := false
			for _, x := range vals {
				if o, ok := d.Related[x]; ok {
					oc := o
					lv.Other = &oc
					isRef = true
				} else if x == d.ID {
					isRef = true
				}
			}
			if !isRef {
				lv.Props = append(lv.Props, propView{Label: label(p), Values: vals})
			}
		}
		v.Links = append(v.Links, lv)
	}
	return v
}

// label turns an FtM property name into words: "birthDate" -> "Birth date".
func label(p string) string {
	var b strings.Builder
	for i, r := range p {
		if i == 0 {
			b.WriteRune(unicode.ToUpper(r))
			continue
		}
		if unicode.IsUpper(r) {
			b.WriteByte(' ')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// scriptOf names the main script of a name: the script of most of its
// letters.
func scriptOf(s string) string {
	scripts := []struct {
		name string
		t    *unicode.RangeTable
	}{
		{"Latin", unicode.Latin}, {"Cyrillic", unicode.Cyrillic}, {"Han", unicode.Han}, {"Arabic", unicode.Arabic},
		{"Hangul", unicode.Hangul}, {"Hebrew", unicode.Hebrew}, {"Greek", unicode.Greek}, {"Georgian", unicode.Georgian},
		{"Armenian", unicode.Armenian}, {"Thai", unicode.Thai}, {"Japanese", unicode.Hiragana}, {"Japanese", unicode.Katakana},
		{"Devanagari", unicode.Devanagari}, {"Persian/Arabic", unicode.Arabic},
	}
	counts := map[string]int{}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		for _, sc := range scripts {
			if unicode.Is(sc.t, r) {
				counts[sc.name]++
				break
			}
		}
	}
	best, n := "Other", 0
	for k, c := range counts {
		if c > n || (c == n && k < best) {
			best, n = k, c
		}
	}
	return best
}

type alertsView struct {
	Alerts []casestore.Alert
	Counts map[string]int
	F      casestore.AlertFilter
	Next   string
	Prev   string
}

func (s *Server) uiAlerts(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	q := r.URL.Query()
	f := casestore.AlertFilter{Status: q.Get("status"), Text: q.Get("q"), Limit: 50}
	if f.Status == "" && !q.Has("status") {
		f.Status = casestore.StatusOpen
	}
	if f.Status == "all" {
		f.Status = ""
	}
	if f.Status != "" && f.Status != casestore.StatusOpen && !casestore.Decision(f.Status).Valid() {
		s.uiError(w, r, http.StatusBadRequest, "Unknown status filter.")
		return
	}
	if v, err := strconv.ParseFloat(q.Get("min_score"), 64); err == nil && v >= 0 && v <= 1 {
		f.MinScore = v
	}
	if v, err := strconv.Atoi(q.Get("offset")); err == nil && v > 0 {
		f.Offset = v
	}
	if v, err := strconv.ParseInt(q.Get("run"), 10, 64); err == nil && v > 0 {
		f.RunID = v
	}
	as, err := s.opts.Store.Alerts(r.Context(), f)
	if err != nil {
		s.internalError(w, r, "could not read the alerts", err)
		return
	}
	counts, _ := s.opts.Store.CountAlerts(r.Context())
	v := alertsView{Alerts: as, Counts: counts, F: f}
	page := func(off int) string {
		u := url.Values{}
		st := f.Status
		if st == "" {
			st = "all"
		}
		u.Set("status", st)
		if f.Text != "" {
			u.Set("q", f.Text)
		}
		if f.MinScore > 0 {
			u.Set("min_score", strconv.FormatFloat(f.MinScore, 'f', -1, 64))
		}
		u.Set("offset", strconv.Itoa(off))
		return "/ui/alerts?" + u.Encode()
	}
	if len(as) == f.Limit {
		v.Next = page(f.Offset + f.Limit)
	}
	if f.Offset > 0 {
		v.Prev = page(max(0, f.Offset-f.Limit))
	}
	s.render(w, r, http.StatusOK, "alerts", view{Title: "Alerts", Data: v})
}

type alertView struct {
	A         casestore.Alert
	Party     map[string]any
	Expl      match.Explanation
	Decisions []casestore.DecisionRecord
	Entity    *entityJSON
	Changed   bool
	CanDecide bool
	// Evidence are the ledger's documents that mention the alert's entity.
	Evidence []casestore.Document
}

func (s *Server) uiAlert(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.uiError(w, r, http.StatusBadRequest, "Bad alert id.")
		return
	}
	s.renderAlert(w, r, p, id, "", "", http.StatusOK)
}

func (s *Server) renderAlert(w http.ResponseWriter, r *http.Request, p casestore.Principal, id int64, flash, errMsg string, status int) {
	a, err := s.opts.Store.Alert(r.Context(), id)
	if errors.Is(err, casestore.ErrNotFound) {
		s.uiError(w, r, http.StatusNotFound, fmt.Sprintf("No alert %d.", id))
		return
	}
	if err != nil {
		s.internalError(w, r, "could not read the alert", err)
		return
	}
	ds, _ := s.opts.Store.Decisions(r.Context(), id)
	v := alertView{A: a, Decisions: ds, CanDecide: p.Role.Allows(casestore.Analyst), Evidence: s.evidenceFor(r, a.EntityID)}
	json.Unmarshal(a.Party, &v.Party)
	json.Unmarshal(a.Explanation, &v.Expl)
	if m := s.opts.Holder.Load(); m != nil {
		if e := m.Entity(a.EntityID); e != nil {
			j := toJSON(e)
			v.Entity = &j
			v.Changed = casestore.EntityHash(e) != a.EntityHash
		}
	}
	s.render(w, r, status, "alert", view{Title: fmt.Sprintf("Alert %d", id), Nav: "alerts", Flash: flash, Error: errMsg, Data: v})
}

func (s *Server) uiDecide(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.uiError(w, r, http.StatusBadRequest, "Bad alert id.")
		return
	}
	// authorize parsed the form for the CSRF token.
	d := casestore.Decision(r.FormValue("decision"))
	reason := r.FormValue("reason")
	if casestore.CheckDecision(d) != nil {
		s.renderAlert(w, r, p, id, "", decisionMessage(d), http.StatusBadRequest)
		return
	}
	if _, err := s.opts.Store.Decide(r.Context(), id, d, reason, p.Name); err != nil {
		if errors.Is(err, casestore.ErrInvalid) {
			s.renderAlert(w, r, p, id, "", "Choose a decision and give a reason.", http.StatusBadRequest)
			return
		}
		if errors.Is(err, casestore.ErrNotFound) {
			s.uiError(w, r, http.StatusNotFound, fmt.Sprintf("No alert %d.", id))
			return
		}
		s.internalError(w, r, "the decision could not be recorded", err)
		return
	}
	s.metrics.decisions.WithLabelValues(string(d)).Inc()
	http.Redirect(w, r, fmt.Sprintf("/ui/alerts/%d?decided=1", id), http.StatusSeeOther)
}

type uploadView struct {
	Kind       string
	File       string
	Run        casestore.Run
	Stats      screen.Stats
	RunStats   casestore.RunStats
	Records    []screen.Record
	Shipments  []shipment.Record
	Total      int
	Shown      int
	CanShip    bool
	Problems   []string
	ElapsedSec float64
}

func (s *Server) uiUploadPage(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	s.render(w, r, http.StatusOK, "upload", view{Title: "Screen a file", Data: uploadView{CanShip: s.opts.Shipments != nil}})
}

// uiUpload screens an uploaded parties or shipments file and shows what was
// flagged.
func (s *Server) uiUpload(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	if r.MultipartForm == nil {
		r.ParseMultipartForm(32 << 20)
	}
	if r.MultipartForm == nil {
		s.uiError(w, r, http.StatusBadRequest, "Send the file as multipart/form-data.")
		return
	}
	defer r.MultipartForm.RemoveAll()
	fhs := r.MultipartForm.File["file"]
	if len(fhs) == 0 {
		s.render(w, r, http.StatusBadRequest, "upload", view{Title: "Screen a file", Error: "Choose a file.", Data: uploadView{CanShip: s.opts.Shipments != nil}})
		return
	}
	fh := fhs[0]
	if fh.Size > s.opts.MaxUploadBytes {
		s.uiError(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("The file is larger than %d MiB.", s.opts.MaxUploadBytes>>20))
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.uiError(w, r, http.StatusBadRequest, "Cannot read the uploaded file.")
		return
	}
	defer f.Close()
	format := ""
	switch strings.ToLower(path.Ext(fh.Filename)) {
	case ".csv":
		format = "csv"
	case ".jsonl", ".ndjson", ".json":
		format = "jsonl"
	}
	kind := r.MultipartForm.Value["kind"]
	v := uploadView{Kind: "parties", File: fh.Filename, CanShip: s.opts.Shipments != nil}
	if len(kind) > 0 && kind[0] == "shipments" {
		v.Kind = "shipments"
	}
	start := time.Now()
	const maxShown = 500
	if v.Kind == "shipments" {
		if s.opts.Shipments == nil {
			s.uiError(w, r, http.StatusServiceUnavailable, "Shipment screening is not configured on this server.")
			return
		}
		settings, _ := json.Marshal(map[string]any{"format": format})
		run, err := s.opts.Store.CreateRun(r.Context(), casestore.Run{Actor: p.Name, Kind: "shipments", Source: fh.Filename, ListVersions: s.listVersions(), Settings: settings})
		if err != nil {
			s.internalError(w, r, "could not record the run", err)
			return
		}
		flagged := 0
		in := &countingReader{r: f}
		rep, err := s.opts.Shipments(r.Context(), in, fh.Filename, format, func(rec shipment.Record) error {
			v.Total++
			if rec.Level == "high" || rec.Level == "medium" {
				flagged++
				if len(v.Shipments) < maxShown {
					v.Shipments = append(v.Shipments, rec)
				}
			}
			return nil
		})
		if err == nil {
			err = checkConsumed(in.n, fh.Size)
		}
		if ferr := s.endRun(r.Context(), run.ID, casestore.RunStats{Parties: v.Total, Hits: flagged}, err); ferr != nil && err == nil {
			err = ferr
		}
		v.Run, v.Shown = run, len(v.Shipments)
		if rep != nil {
			for i, pr := range rep.Problems {
				if i == 20 {
					break
				}
				v.Problems = append(v.Problems, pr.String())
			}
		}
		v.ElapsedSec = time.Since(start).Seconds()
		if err != nil {
			s.render(w, r, http.StatusBadRequest, "upload", view{Title: "Screen a file", Error: "Screening failed: " + err.Error(), Data: v})
			return
		}
		sort.SliceStable(v.Shipments, func(i, j int) bool { return v.Shipments[i].Risk > v.Shipments[j].Risk })
		s.render(w, r, http.StatusOK, "upload", view{Title: "Screen a file", Data: v})
		return
	}
	run, st, rs, err := s.partiesRun(r.Context(), p, f, fh.Size, fh.Filename, format, nil, func(rec *screen.Record) {
		v.Total++
		flagged := false
		for _, m := range rec.Matches {
			flagged = flagged || m.Match
		}
		if (flagged || rec.Error != "") && len(v.Records) < maxShown {
			v.Records = append(v.Records, *rec)
		}
	})
	v.Run, v.Stats, v.RunStats, v.Shown = run, st, rs, len(v.Records)
	v.ElapsedSec = time.Since(start).Seconds()
	for i, pr := range st.Problems {
		if i == 20 {
			break
		}
		v.Problems = append(v.Problems, pr.String())
	}
	if err != nil {
		s.render(w, r, http.StatusBadRequest, "upload", view{Title: "Screen a file", Error: "Screening failed: " + err.Error(), Data: v})
		return
	}
	s.render(w, r, http.StatusOK, "upload", view{Title: "Screen a file", Data: v})
}

func (s *Server) uiLists(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	st, err := s.listStatus(r.Context())
	if err != nil {
		s.internalError(w, r, "could not read the list store", err)
		return
	}
	runs, _ := s.opts.Store.Runs(r.Context(), 10)
	parties, _ := s.opts.Store.CountParties(r.Context())
	flash := ""
	if id := r.URL.Query().Get("rescreened"); id != "" {
		flash = "Re-screening finished: run " + id + " below."
	}
	s.render(w, r, http.StatusOK, "lists", view{Title: "Lists", Flash: flash, Data: map[string]any{"Status": st, "Runs": runs, "Parties": parties}})
}

// uiRescreen screens the stored parties again and shows the lists page.
func (s *Server) uiRescreen(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	run, err := s.Rescreen(r.Context(), p.Name)
	if err != nil {
		s.internalError(w, r, "re-screening failed", err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/ui/lists?rescreened=%d", run.ID), http.StatusSeeOther)
}

func (s *Server) uiAudit(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	q := r.URL.Query()
	f := casestore.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Limit: 100}
	if b, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil && b > 0 {
		f.Before = b
	}
	es, err := s.opts.Store.AuditLog(r.Context(), f)
	if err != nil {
		s.internalError(w, r, "could not read the audit log", err)
		return
	}
	next := ""
	if len(es) == f.Limit {
		u := url.Values{}
		u.Set("actor", f.Actor)
		u.Set("action", f.Action)
		u.Set("before", strconv.FormatInt(es[len(es)-1].ID, 10))
		next = "/ui/audit?" + u.Encode()
	}
	s.render(w, r, http.StatusOK, "audit", view{Title: "Audit log", Data: map[string]any{"Entries": es, "F": f, "Next": next}})
}
