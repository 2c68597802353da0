package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/evidence"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/textscreen"
)

// TextScreener screens the bytes of a document (name names it in
// messages) against the index m and returns what it found;
// (*evidence.Screener).Screen is one. An error that wraps one of
// textscreen's reading errors (ErrEmpty, ErrBinary, ErrEncoding,
// ErrTooLarge) is the document's fault and answered 400 or 413.
type TextScreener = evidence.ScreenFunc

// errNoTextScreener: the server was started without a TextScreener.
var errNoTextScreener = errors.New("text screening is not configured on this server")

// evidenceRoutes registers the evidence ledger's API and UI routes.
func (s *Server) evidenceRoutes() {
	s.route("GET /evidence", casestore.Viewer, false, s.evidenceList)
	s.route("GET /evidence/{id}", casestore.Viewer, false, s.evidenceDoc)
	s.route("POST /evidence", casestore.Analyst, true, s.evidenceAdd)
	s.route("POST /evidence/claims/{id}/review", casestore.Analyst, false, s.claimReview)

	s.route("GET /ui/evidence", casestore.Viewer, false, s.uiEvidenceList)
	s.route("POST /ui/evidence", casestore.Analyst, true, s.uiEvidenceAdd)
	s.route("GET /ui/evidence/{id}", casestore.Viewer, false, s.uiEvidenceDoc)
	s.route("POST /ui/evidence/claims/{id}/review", casestore.Analyst, false, s.uiClaimReview)
}

// addEvidence screens a document and stores it in the ledger (see
// evidence.Add).
func (s *Server) addEvidence(ctx context.Context, p casestore.Principal, d evidence.Document) (casestore.Document, bool, error) {
	if s.opts.TextScreen == nil {
		return casestore.Document{}, false, errNoTextScreener
	}
	m := s.opts.Holder.Load()
	if m == nil {
		return casestore.Document{}, false, errNoIndex
	}
	doc, created, _, err := evidence.Add(ctx, s.opts.Store, s.opts.TextScreen, m, s.listVersions(), p.Name, d)
	return doc, created, err
}

// evidenceError maps an error of addEvidence or the ledger to a status
// and a message safe to show; a server fault is logged and not shown.
func (s *Server) evidenceError(r *http.Request, err error) (status int, msg string) {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("the document is larger than %d bytes", mbe.Limit)
	case errors.Is(err, textscreen.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, err.Error()
	case errors.Is(err, casestore.ErrInvalid), errors.Is(err, textscreen.ErrEmpty), errors.Is(err, textscreen.ErrBinary), errors.Is(err, textscreen.ErrEncoding):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, casestore.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, errNoTextScreener), errors.Is(err, errNoIndex):
		return http.StatusServiceUnavailable, err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the request took too long"
	}
	id := s.logInternal(r, "the evidence ledger failed", err)
	return http.StatusInternalServerError, "the evidence ledger failed; request id " + id + " (the server log has the details)"
}

// evidenceList answers GET /evidence[?entity=ID&limit=N&offset=N].
func (s *Server) evidenceList(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	lim, ok := queryInt(w, r, "limit")
	if !ok {
		return
	}
	off, ok := queryInt(w, r, "offset")
	if !ok {
		return
	}
	ds, err := s.opts.Store.Documents(r.Context(), casestore.DocumentFilter{EntityID: r.URL.Query().Get("entity"), Limit: lim, Offset: off})
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if ds == nil {
		ds = []casestore.Document{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"documents": ds})
}

// evidenceDoc answers GET /evidence/{id}: the document, its text, and
// what was found in it.
func (s *Server) evidenceDoc(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	d, err := s.opts.Store.Document(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// addResponse is the answer to POST /evidence.
type addResponse struct {
	Document casestore.Document `json:"document"`
	Created  bool               `json:"created"`
	Detail   string             `json:"detail,omitempty"`
}

// evidenceAdd answers POST /evidence: the document as the body (with
// source_url, published and title as query parameters) or as the "file"
// part of a multipart form (with those fields as parts). 201 when stored,
// 200 when the same bytes were already in the ledger.
func (s *Server) evidenceAdd(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	// Text screening reads at most textscreen.MaxInput bytes: refuse a
	// larger body early instead of reading it all.
	r.Body = http.MaxBytesReader(w, r.Body, min(s.opts.MaxUploadBytes, textscreen.MaxInput+1<<20))
	var d evidence.Document
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		d, err = readEvidenceForm(r)
	} else {
		q := r.URL.Query()
		d = evidence.Document{Name: q.Get("name"), Meta: evidence.Meta{Title: q.Get("title"), SourceURL: q.Get("source_url"), Published: q.Get("published")}}
		d.Content, err = io.ReadAll(r.Body)
	}
	if d.Name == "" {
		d.Name = "api"
	}
	if err == nil {
		var created bool
		var doc casestore.Document
		doc, created, err = s.addEvidence(r.Context(), p, d)
		if err == nil {
			if created {
				writeJSON(w, http.StatusCreated, addResponse{Document: doc, Created: true})
			} else {
				writeJSON(w, http.StatusOK, addResponse{Document: doc, Detail: fmt.Sprintf("already in the ledger as document %d (same SHA-256); nothing added", doc.ID)})
			}
			return
		}
	}
	status, msg := s.evidenceError(r, err)
	writeError(w, status, "%s", msg)
}

// readEvidenceForm reads a multipart upload: the "file" part and the
// title, source_url and published fields.
func readEvidenceForm(r *http.Request) (evidence.Document, error) {
	if r.MultipartForm == nil {
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return evidence.Document{}, err
			}
			return evidence.Document{}, fmt.Errorf("%w: unreadable multipart form: %w", casestore.ErrInvalid, err)
		}
	}
	f := r.MultipartForm
	d := evidence.Document{Meta: evidence.Meta{Title: first(f.Value["title"]), SourceURL: first(f.Value["source_url"]), Published: first(f.Value["published"])}}
	fhs := f.File["file"]
	if len(fhs) == 0 {
		return d, fmt.Errorf("%w: no file: send the document as the form's \"file\" part", casestore.ErrInvalid)
	}
	var err error
	d.Name = fhs[0].Filename
	d.Content, err = readPart(fhs[0])
	return d, err
}

func readPart(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("reading the upload: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("reading the upload: %w", err)
	}
	return b, nil
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// reviewRequest is the body of POST /evidence/claims/{id}/review.
type reviewRequest struct {
	Verdict casestore.Verdict `json:"verdict"`
	Note    string            `json:"note"`
}

// claimReview answers POST /evidence/claims/{id}/review. The 201 response
// is sent only after the review and its audit entry are committed.
func (s *Server) claimReview(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var req reviewRequest
	if !s.decodeJSON(w, r, &req) {
		return
	}
	if !req.Verdict.Valid() {
		writeError(w, http.StatusBadRequest, "verdict %q: want confirmed, refuted or annotated", req.Verdict)
		return
	}
	rec, err := s.opts.Store.ReviewClaim(r.Context(), id, req.Verdict, req.Note, p.Name)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, rec)
}

// rescreenEvidence matches the ledger's stored party mentions again as
// part of a re-screening run.
func (s *Server) rescreenEvidence(ctx context.Context, m *match.Matcher, run casestore.Run) error {
	st, err := evidence.Rematch(ctx, s.opts.Store, m, s.opts.Match, run.ID, s.listVersions())
	if err != nil {
		return err
	}
	s.log.Info("rescreen: evidence mentions", "run", run.ID, "mentions", st.Mentions, "hits", st.Hits, "new", st.Created)
	return nil
}
