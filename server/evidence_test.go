package server_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/evidence"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/server"
	"github.com/redline-sanctions/redline/textscreen"
)

// Listed companies of the ZALA network the test article names.
const (
	aeroscanID    = "NK-iE6m5ryPeTAMZozfECVSL7"
	kalashnikovID = "NK-nR5AXM9AVPq4pQaSPSaVam"
)

// article is a short report written for these tests: Aeroscan LLC is
// named with its legal form, so that text screening finds it even when it
// is not listed.
const article = "Investigators say Aeroscan LLC supplied Lancet-3 loitering munitions to the Russian army. Kalashnikov Concern JSC delivered the warheads, according to Reuters.\n\nAeroscan denied it."

// withScreener configures the real text screening on a test server.
func withScreener(o *server.Options) {
	o.TextScreen = evidence.NewScreener(textscreen.Options{}).Screen
}

// addArticle posts the article as analyst and returns the stored document.
func addArticle(t *testing.T, e *env, body string) casestore.Document {
	t.Helper()
	q := url.Values{"source_url": {"https://example.org/lancet"}, "published": {"2026-03-03"}, "title": {"Lancets for the army"}}
	code, b := e.do("POST", "/evidence?"+q.Encode(), casestore.Analyst, body, "Content-Type", "text/plain")
	if code != http.StatusCreated {
		t.Fatalf("POST /evidence: %d %s", code, b)
	}
	var r struct {
		Document casestore.Document `json:"document"`
		Created  bool               `json:"created"`
	}
	decode(t, b, &r)
	if !r.Created {
		t.Fatalf("created false for a new document: %s", b)
	}
	return r.Document
}

func TestEvidenceAPI(t *testing.T) {
	e := newEnv(t, withScreener)
	doc := addArticle(t, e, article)
	if doc.Mentions != 3 || doc.Matched != 3 || doc.Goods < 2 || doc.Claims != 2 || doc.AddedBy != "key:analyst-key" || doc.Title != "Lancets for the army" {
		t.Fatalf("stored %+v", doc)
	}

	// The same bytes again: 200, not stored twice.
	q := url.Values{"source_url": {"https://example.org/other"}, "published": {"2026-03-04"}}
	code, b := e.do("POST", "/evidence?"+q.Encode(), casestore.Analyst, article)
	if code != http.StatusOK || !strings.Contains(string(b), `"created":false`) || !strings.Contains(string(b), "already in the ledger") {
		t.Fatalf("second add: %d %s", code, b)
	}

	// Reading.
	code, b = e.do("GET", "/evidence", casestore.Viewer, "")
	var list struct{ Documents []casestore.Document }
	decode(t, b, &list)
	if code != 200 || len(list.Documents) != 1 || list.Documents[0].ID != doc.ID {
		t.Fatalf("GET /evidence: %d %s", code, b)
	}
	for entityID, want := range map[string]int{aeroscanID: 1, "unsc-6907993": 0} {
		_, b = e.do("GET", "/evidence?entity="+entityID, casestore.Viewer, "")
		decode(t, b, &list)
		if len(list.Documents) != want {
			t.Errorf("GET /evidence?entity=%s: %d documents, want %d", entityID, len(list.Documents), want)
		}
	}
	code, b = e.do("GET", fmt.Sprint("/evidence/", doc.ID), casestore.Viewer, "")
	var d casestore.DocumentDetail
	decode(t, b, &d)
	if code != 200 || d.Text != article || len(d.Parties) != 3 || len(d.Claims) != 2 || d.Parties[0].Matches[0].EntityID != aeroscanID || d.Claims[0].Supplier != "Aeroscan LLC" {
		t.Fatalf("GET /evidence/%d: %d %s", doc.ID, code, b)
	}
	if !slices.ContainsFunc(d.Goods, func(g casestore.GoodMention) bool {
		return g.Model == "Lancet-3" && d.Text[g.Start:g.End] == "Lancet-3"
	}) {
		t.Fatalf("goods %+v lack Lancet-3", d.Goods)
	}
	claim := d.Claims[0].ID

	// Reviews.
	review := func(role casestore.Role, id int64, body string) (int, []byte) {
		return e.do("POST", fmt.Sprintf("/evidence/claims/%d/review", id), role, body, "Content-Type", "application/json")
	}
	code, b = review(casestore.Analyst, claim, `{"verdict":"confirmed","note":"Customs data: 12 shipments, Jan 2026"}`)
	var rec casestore.ClaimReview
	decode(t, b, &rec)
	if code != http.StatusCreated || rec.Actor != "key:analyst-key" || rec.Verdict != casestore.Confirmed {
		t.Fatalf("review: %d %s", code, b)
	}
	log, _ := e.store.AuditLog(t.Context(), casestore.AuditFilter{Action: "claim.review"})
	if len(log) != 1 || log[0].Actor != "key:analyst-key" {
		t.Fatalf("review audit %+v", log)
	}

	bad := []struct {
		name, method, path, body string
		role                     casestore.Role
		status                   int
		detail                   string
	}{
		{"review by viewer", "POST", fmt.Sprintf("/evidence/claims/%d/review", claim), `{"verdict":"refuted","note":"x"}`, casestore.Viewer, 403, "needs analyst"},
		{"review unknown verdict", "POST", fmt.Sprintf("/evidence/claims/%d/review", claim), `{"verdict":"true","note":"x"}`, casestore.Analyst, 400, "want confirmed, refuted or annotated"},
		{"review without note", "POST", fmt.Sprintf("/evidence/claims/%d/review", claim), `{"verdict":"refuted"}`, casestore.Analyst, 400, "a note is required"},
		{"review unknown claim", "POST", "/evidence/claims/99999/review", `{"verdict":"refuted","note":"x"}`, casestore.Analyst, 404, "not found"},
		{"review bad claim id", "POST", "/evidence/claims/abc/review", `{"verdict":"refuted","note":"x"}`, casestore.Analyst, 400, "positive integer"},
		{"review bad JSON", "POST", fmt.Sprintf("/evidence/claims/%d/review", claim), `{"verdict":`, casestore.Analyst, 400, "invalid JSON"},
		{"review without credentials", "POST", fmt.Sprintf("/evidence/claims/%d/review", claim), `{"verdict":"refuted","note":"x"}`, "", 401, "authentication required"},
		{"add by viewer", "POST", "/evidence?source_url=https://a.example/x&published=2026-01-01", "some text here", casestore.Viewer, 403, "needs analyst"},
		{"add without source", "POST", "/evidence?published=2026-01-01", "some text here", casestore.Analyst, 400, "want an absolute http or https URL"},
		{"add with a bad date", "POST", "/evidence?source_url=https://a.example/x&published=yesterday", "some text here", casestore.Analyst, 400, "want a date YYYY-MM-DD"},
		{"add empty", "POST", "/evidence?source_url=https://a.example/x&published=2026-01-01", "", casestore.Analyst, 400, "empty"},
		{"add binary", "POST", "/evidence?source_url=https://a.example/x&published=2026-01-01", "\x00\x01\xff binary", casestore.Analyst, 400, "binary data"},
		{"add UTF-16", "POST", "/evidence?source_url=https://a.example/x&published=2026-01-01", "\xff\xfe\x41\x00", casestore.Analyst, 400, "not UTF-8"},
		{"add without credentials", "POST", "/evidence?source_url=https://a.example/x&published=2026-01-01", "text", "", 401, "authentication required"},
		{"list bad limit", "GET", "/evidence?limit=-1", "", casestore.Viewer, 400, "non-negative integer"},
		{"list without credentials", "GET", "/evidence", "", "", 401, "authentication required"},
		{"unknown document", "GET", "/evidence/99999", "", casestore.Viewer, 404, "not found"},
		{"bad document id", "GET", "/evidence/x1", "", casestore.Viewer, 400, "positive integer"},
		{"wrong method", "DELETE", fmt.Sprint("/evidence/", doc.ID), "", casestore.Admin, 405, "not allowed"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			code, b := e.do(tc.method, tc.path, tc.role, tc.body)
			var er struct {
				Detail string
				Status int
			}
			decode(t, b, &er)
			if code != tc.status || er.Status != tc.status || !strings.Contains(er.Detail, tc.detail) {
				t.Fatalf("%d %s, want %d saying %q", code, b, tc.status, tc.detail)
			}
		})
	}
	// A body over textscreen's limit is refused with 413.
	big := strings.Repeat("Aeroscan LLC shipped parts. ", (textscreen.MaxInput+2<<20)/28)
	if code, b := e.do("POST", "/evidence?source_url=https://a.example/x&published=2026-01-01", casestore.Analyst, big); code != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "larger than") {
		t.Fatalf("%d MiB body: %d %.300s", len(big)>>20, code, b)
	}
	if ds, _ := e.store.Documents(t.Context(), casestore.DocumentFilter{}); len(ds) != 1 {
		t.Fatalf("%d documents after the refused adds, want 1", len(ds))
	}

	// A multipart upload.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("source_url", "https://example.org/second")
	mw.WriteField("published", "2026-03-05")
	fw, _ := mw.CreateFormFile("file", "second.txt")
	io.WriteString(fw, "Kalashnikov Concern JSC supplied Lancet-3 loitering munitions to the Russian army.")
	mw.Close()
	code, b = e.do("POST", "/evidence", casestore.Analyst, body.String(), "Content-Type", mw.FormDataContentType())
	if code != http.StatusCreated || !strings.Contains(string(b), `"title":"second.txt"`) {
		t.Fatalf("multipart add: %d %s", code, b)
	}
}

// TestEvidenceNoScreener: a server without text screening answers 503 for
// new documents and still serves the ledger.
func TestEvidenceNoScreener(t *testing.T) {
	e := newEnv(t, nil)
	code, b := e.do("POST", "/evidence?source_url=https://a.example/x&published=2026-01-01", casestore.Analyst, "Some text.")
	if code != http.StatusServiceUnavailable || !strings.Contains(string(b), "not configured") {
		t.Fatalf("add without a screener: %d %s", code, b)
	}
	if code, b := e.do("GET", "/evidence", casestore.Viewer, ""); code != 200 || !strings.Contains(string(b), `"documents":[]`) {
		t.Fatalf("GET /evidence: %d %s", code, b)
	}
}

// TestEvidenceRescreen adds the article while Aeroscan is not listed, then
// re-screens after a list update that lists it: the stored mention gets
// the new match, recorded by the re-screening run.
func TestEvidenceRescreen(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testEvidenceRescreen(t, newEnv(t, withScreener)) })
	t.Run("postgres", func(t *testing.T) {
		realIndex(t)
		testEvidenceRescreen(t, newEnvStore(t, postgresStore(t), withScreener))
	})
}

func testEvidenceRescreen(t *testing.T, e *env) {
	ls, full := realIndex(t)
	without := func(yield func(*entity.Entity, error) bool) {
		for x, err := range ls.Entities(t.Context()) {
			if err == nil && x.ID == aeroscanID {
				continue
			}
			if !yield(x, err) {
				return
			}
		}
	}
	m1, err := match.Build(t.Context(), without)
	if err != nil {
		t.Fatal(err)
	}
	e.holder.Swap(m1)
	doc := addArticle(t, e, article)
	if doc.Mentions != 2 || doc.Matched != 1 {
		t.Fatalf("before the update: %d mentions, %d matched; want Aeroscan LLC unlisted and Kalashnikov listed", doc.Mentions, doc.Matched)
	}
	e.holder.Swap(full)
	code, b := e.do("POST", "/rescreen", casestore.Analyst, "")
	var run casestore.Run
	decode(t, b, &run)
	if code != 200 {
		t.Fatalf("rescreen: %d %s", code, b)
	}
	d, _ := e.store.Document(t.Context(), doc.ID)
	if d.Matched != 2 {
		t.Fatalf("after the update: %d mentions matched, want 2 (Aeroscan LLC now listed)", d.Matched)
	}
	var found *casestore.MentionMatch
	for _, p := range d.Parties {
		for i, x := range p.Matches {
			if x.EntityID == aeroscanID {
				found = &p.Matches[i]
			}
		}
	}
	if found == nil || found.RunID != run.ID {
		t.Fatalf("Aeroscan match %+v, want one recorded by run %d", found, run.ID)
	}
	log, _ := e.store.AuditLog(t.Context(), casestore.AuditFilter{Action: "evidence.rematch"})
	if len(log) != 1 || !strings.Contains(string(log[0].Detail), `"created":1`) {
		t.Fatalf("rematch audit %+v", log)
	}
	// Again on the same lists: nothing new.
	e.do("POST", "/rescreen", casestore.Analyst, "")
	if log, _ := e.store.AuditLog(t.Context(), casestore.AuditFilter{Action: "evidence.rematch"}); len(log) != 1 {
		t.Fatalf("a second re-screening on the same lists recorded matches: %+v", log)
	}
}

// TestEvidenceUI drives the pages over HTTP: the list and document pages,
// the review form with and without CSRF, the viewer's read-only view, the
// evidence sections on the entity and alert pages, and an HTML 500 that
// shows no error text.
func TestEvidenceUI(t *testing.T) {
	realIndex(t)
	dbPath := filepath.Join(t.TempDir(), "cases.db")
	store, err := casestore.OpenSQLite(t.Context(), dbPath, casestore.Options{PasswordIterations: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	e := newEnvStore(t, store, withScreener)
	doc := addArticle(t, e, article)
	d, _ := e.store.Document(t.Context(), doc.ID)
	claim := d.Claims[0].ID
	get := func(c *http.Client, path string) (int, string) {
		t.Helper()
		resp, err := c.Get(e.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	analyst, csrf := e.browser(casestore.Analyst)
	viewer, viewerCSRF := e.browser(casestore.Viewer)

	code, page := get(analyst, fmt.Sprint("/ui/evidence/", doc.ID))
	for _, want := range []string{`<span class="party listed claim">Aeroscan LLC</span>`, `<span class="good claim">Lancet-3</span>`, `id="s-0"`, `action="/ui/evidence/claims/` + fmt.Sprint(claim) + `/review"`, `href="/ui/entities/` + aeroscanID} {
		if !strings.Contains(page, want) {
			t.Errorf("document page lacks %s", want)
		}
	}
	if code != 200 {
		t.Fatalf("document page: %d", code)
	}
	if code, page := get(viewer, fmt.Sprint("/ui/evidence/", doc.ID)); code != 200 || strings.Contains(page, `class="review"`) {
		t.Fatalf("viewer's document page: %d, review form shown: %v", code, strings.Contains(page, `class="review"`))
	}
	if code, page := get(viewer, "/ui/evidence"); code != 200 || !strings.Contains(page, "Lancets for the army") || strings.Contains(page, "evidence-form") {
		t.Fatalf("viewer's list page: %d", code)
	}
	for _, path := range []string{"/ui/entities/" + aeroscanID, "/ui/entities/" + kalashnikovID} {
		if _, page := get(viewer, path); !strings.Contains(page, fmt.Sprintf(`href="/ui/evidence/%d"`, doc.ID)) {
			t.Errorf("%s does not link the document", path)
		}
	}
	if _, page := get(viewer, "/ui/entities/unsc-6907993"); !strings.Contains(page, "No document in the evidence ledger") {
		t.Errorf("entity page of an unmentioned entity lacks the empty evidence note")
	}
	run, _ := e.store.CreateRun(t.Context(), casestore.Run{Actor: "test", Kind: "parties"})
	hits := []casestore.Alert{{PartyKey: "p", PartyName: "Aeroscan LLC", EntityID: aeroscanID, EntityCaption: "AEROSCAN", EntityHash: "h", Score: 0.9}}
	e.store.AddAlerts(t.Context(), run.ID, hits)
	if _, page := get(viewer, fmt.Sprint("/ui/alerts/", hits[0].ID)); !strings.Contains(page, fmt.Sprintf(`href="/ui/evidence/%d"`, doc.ID)) {
		t.Errorf("alert page does not link the document")
	}

	post := func(c *http.Client, form url.Values, origin string) (int, string) {
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/ui/evidence/claims/%d/review", e.ts.URL, claim), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Location") + string(b)
	}
	docID := fmt.Sprint(doc.ID)
	tests := []struct {
		name   string
		c      *http.Client
		form   url.Values
		origin string
		want   int
		says   string
	}{
		{"no token", analyst, url.Values{"verdict": {"refuted"}, "note": {"n"}, "document": {docID}}, "", 403, "CSRF"},
		{"wrong token", analyst, url.Values{"verdict": {"refuted"}, "note": {"n"}, "document": {docID}, "csrf": {"x" + csrf[1:]}}, "", 403, "CSRF"},
		{"other origin", analyst, url.Values{"verdict": {"refuted"}, "note": {"n"}, "document": {docID}, "csrf": {csrf}}, "https://evil.example", 403, "cross-origin"},
		{"viewer", viewer, url.Values{"verdict": {"refuted"}, "note": {"n"}, "document": {docID}, "csrf": {viewerCSRF}}, e.ts.URL, 403, "needs analyst"},
		{"no verdict", analyst, url.Values{"note": {"n"}, "document": {docID}, "csrf": {csrf}}, e.ts.URL, 400, "Choose a verdict"},
		{"no note", analyst, url.Values{"verdict": {"refuted"}, "document": {docID}, "csrf": {csrf}}, e.ts.URL, 400, "write a note"},
		{"no document", analyst, url.Values{"verdict": {"refuted"}, "note": {"n"}, "csrf": {csrf}}, e.ts.URL, 400, "Bad claim or document id"},
		{"right", analyst, url.Values{"verdict": {"refuted"}, "note": {"Reuters retracted the story"}, "document": {docID}, "csrf": {csrf}}, e.ts.URL, 303, fmt.Sprintf("/ui/evidence/%d?reviewed=%d#claim-%d", doc.ID, claim, claim)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, body := post(tc.c, tc.form, tc.origin)
			if got != tc.want || !strings.Contains(body, tc.says) {
				t.Fatalf("status %d, want %d saying %q:\n%.400s", got, tc.want, tc.says, body)
			}
		})
	}
	d, _ = e.store.Document(t.Context(), doc.ID)
	if len(d.Reviews) != 1 || d.Reviews[0].Actor != "analyst-user" || d.Claims[0].Verdict != casestore.Refuted {
		t.Fatalf("reviews %+v", d.Reviews)
	}

	// The upload form: CSRF checked on the multipart body, bad input
	// answered on the list page with the form kept.
	upload := func(fields map[string]string, content string) (int, string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range fields {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("file", "note.txt")
		io.WriteString(fw, content)
		mw.Close()
		req, _ := http.NewRequest("POST", e.ts.URL+"/ui/evidence", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		analyst.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := analyst.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Location") + string(b)
	}
	uploads := []struct {
		name    string
		fields  map[string]string
		content string
		want    int
		says    string
	}{
		{"no token", map[string]string{"source_url": "https://example.org/n", "published": "2026-03-06"}, "Aeroscan shipped parts.", 403, "CSRF"},
		{"bad date", map[string]string{"csrf": csrf, "source_url": "https://example.org/n", "published": "06.03.2026"}, "Aeroscan shipped parts.", 400, "want a date YYYY-MM-DD"},
		{"binary", map[string]string{"csrf": csrf, "source_url": "https://example.org/n", "published": "2026-03-06"}, "\x00\x01\xff", 400, "binary data"},
		{"same bytes", map[string]string{"csrf": csrf, "source_url": "https://example.org/n", "published": "2026-03-06"}, article, 303, fmt.Sprintf("/ui/evidence/%d?duplicate=1", doc.ID)},
		{"new", map[string]string{"csrf": csrf, "source_url": "https://example.org/n", "published": "2026-03-06"}, "Aeroscan shipped parts.", 303, "?added=1"},
	}
	for _, tc := range uploads {
		t.Run("upload "+tc.name, func(t *testing.T) {
			got, body := upload(tc.fields, tc.content)
			if got != tc.want || !strings.Contains(body, tc.says) {
				t.Fatalf("status %d, want %d saying %q:\n%.600s", got, tc.want, tc.says, body)
			}
			if tc.name == "bad date" && !strings.Contains(body, `value="https://example.org/n"`) {
				t.Errorf("the form lost the source URL")
			}
		})
	}

	// A store failure is a 500 page without the error's text: the goods
	// table goes missing behind the store's back.
	raw, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(t.Context(), "DROP TABLE evidence_goods"); err != nil {
		t.Fatal(err)
	}
	code, page = get(viewer, fmt.Sprint("/ui/evidence/", doc.ID))
	if code != 500 || !strings.Contains(page, fmt.Sprintf("could not read evidence document %d. Request id ", doc.ID)) || strings.Contains(page, "evidence_goods") || strings.Contains(page, "no such table") {
		t.Fatalf("broken store: %d\n%s", code, page)
	}
}

// TestEvidenceOpenAPI checks that openapi.json documents the evidence
// routes.
func TestEvidenceOpenAPI(t *testing.T) {
	e := newEnv(t, nil)
	_, body := e.do("GET", "/openapi.json", "", "")
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	decode(t, body, &doc)
	for _, r := range []struct{ method, path string }{
		{"get", "/evidence"}, {"post", "/evidence"}, {"get", "/evidence/{id}"}, {"post", "/evidence/claims/{id}/review"},
	} {
		if _, ok := doc.Paths[r.path][r.method]; !ok {
			t.Errorf("openapi.json does not document %s %s", r.method, r.path)
		}
	}
}
