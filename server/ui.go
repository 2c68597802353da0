package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/redline-sanctions/redline/names"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/casestore"
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
	"when": when,
	// whenp is when for a time that may be missing; both write seconds,
	// so "started" and "ended" of a run read alike.
	"whenp": func(t *time.Time) string {
		if t == nil {
			return "—"
		}
		return when(*t)
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
	"script": names.ScriptName,
	"join":   strings.Join,
	// keys lists a map's keys in order, for a stable page.
	"keys": func(m map[string]string) []string {
		return slices.Sorted(maps.Keys(m))
	},
	"label": label,
	// countries spells country codes as the entity page does: "Russia (RU)".
	"countries": func(vs []string) string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = countryText(v)
		}
		return strings.Join(out, ", ")
	},
	"status": func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
}

// when writes a time in UTC to the second, "—" for none.
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
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
	s.route("GET /ui/approvals", casestore.Viewer, false, s.uiApprovals)
	s.route("POST /ui/approvals/{id}", casestore.Analyst, false, s.uiSettle)
	s.route("GET /ui/runs", casestore.Viewer, false, s.uiRuns)
	s.route("GET /ui/runs/{id}", casestore.Viewer, false, s.uiRun)
	s.route("GET /ui/upload", casestore.Analyst, false, s.uiUploadPage)
	s.route("POST /ui/upload", casestore.Analyst, true, s.uiUpload)
	s.route("GET /ui/lists", casestore.Viewer, false, s.uiLists)
	s.route("GET /ui/flows/suppliers", casestore.Viewer, false, s.uiFlowsSuppliers)
	s.route("GET /ui/flows/report", casestore.Viewer, false, s.uiFlowsReport)
	s.route("GET /ui/audit", casestore.Admin, false, s.uiAudit)
	s.route("POST /ui/rescreen", casestore.Analyst, true, s.uiRescreen)
}
