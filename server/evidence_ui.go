package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/evidence"
)

// segment is a run of a document's text with the same highlighting:
// inside a party mention (listed when it matched a listed entity), a good
// of concern, a claim's sentence, or none.
type segment struct {
	Text   string
	Class  string
	Anchor string
}

// maxShownText bounds the text a document page shows highlighted.
const maxShownText = 1 << 20

// highlight cuts text at every span boundary (moved forward to the start
// of a character) and gives each piece the classes of the spans that
// cover it: "party", "listed", "good", "claim". A piece that starts a
// claim's sentence carries the anchor "s-OFFSET".
func highlight(text string, parties []casestore.Mention, goods []casestore.GoodMention, claims []casestore.Claim) []segment {
	snap := func(i int) int {
		i = max(0, min(i, len(text)))
		for i < len(text) && !utf8.RuneStart(text[i]) {
			i++
		}
		return i
	}
	const (
		party = iota
		listed
		good
		claim
		kinds
	)
	type event struct {
		at, kind, delta int
	}
	var evs []event
	add := func(s casestore.Span, kind int) {
		a, b := snap(s.Start), snap(s.End)
		if a < b {
			evs = append(evs, event{a, kind, 1}, event{b, kind, -1})
		}
	}
	for _, p := range parties {
		add(p.Span, party)
		if len(p.Matches) > 0 {
			add(p.Span, listed)
		}
	}
	for _, g := range goods {
		add(g.Span, good)
	}
	starts := map[int]bool{}
	for _, c := range claims {
		add(c.Sentence, claim)
		starts[snap(c.Sentence.Start)] = true
	}
	cuts := []int{0, len(text)}
	for _, e := range evs {
		cuts = append(cuts, e.at)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	slices.SortFunc(evs, func(a, b event) int { return a.at - b.at })
	var depth [kinds]int
	names := [kinds]string{"party", "listed", "good", "claim"}
	var out []segment
	j := 0
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		for j < len(evs) && evs[j].at <= a {
			depth[evs[j].kind] += evs[j].delta
			j++
		}
		var cls []string
		for k := range kinds {
			if depth[k] > 0 {
				cls = append(cls, names[k])
			}
		}
		sg := segment{Text: text[a:b], Class: strings.Join(cls, " ")}
		if starts[a] {
			sg.Anchor = "s-" + strconv.Itoa(a)
		}
		out = append(out, sg)
	}
	return out
}

// evidenceListView is the data of the evidence list page.
type evidenceListView struct {
	Docs      []casestore.Document
	CanAdd    bool
	CanScreen bool
	Form      evidence.Meta
	Next      string
	Prev      string
}

func (s *Server) uiEvidenceList(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	s.renderEvidenceList(w, r, p, http.StatusOK, "", evidence.Meta{})
}

func (s *Server) renderEvidenceList(w http.ResponseWriter, r *http.Request, p casestore.Principal, status int, errMsg string, form evidence.Meta) {
	const limit = 50
	off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	off = max(off, 0)
	ds, err := s.opts.Store.Documents(r.Context(), casestore.DocumentFilter{Limit: limit, Offset: off})
	if err != nil {
		s.internalError(w, r, "could not read the evidence ledger", err)
		return
	}
	v := evidenceListView{Docs: ds, CanAdd: p.Role.Allows(casestore.Analyst), CanScreen: s.opts.TextScreen != nil, Form: form}
	if len(ds) == limit {
		v.Next = "/ui/evidence?offset=" + strconv.Itoa(off+limit)
	}
	if off > 0 {
		v.Prev = "/ui/evidence?offset=" + strconv.Itoa(max(0, off-limit))
	}
	s.render(w, r, status, "evidence", view{Title: "Evidence", Error: errMsg, Data: v})
}

// uiEvidenceAdd screens an uploaded document into the ledger and shows
// its page.
func (s *Server) uiEvidenceAdd(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		s.uiError(w, r, http.StatusBadRequest, "Send the document as multipart/form-data.")
		return
	}
	d, err := readEvidenceForm(r)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var doc casestore.Document
	created := false
	if err == nil {
		doc, created, err = s.addEvidence(r.Context(), p, d)
	}
	if err != nil {
		status, msg := s.evidenceError(r, err)
		if status == http.StatusInternalServerError {
			s.uiError(w, r, status, msg)
			return
		}
		s.renderEvidenceList(w, r, p, status, "The document was not added: "+msg, d.Meta)
		return
	}
	flag := "added"
	if !created {
		flag = "duplicate"
	}
	http.Redirect(w, r, fmt.Sprintf("/ui/evidence/%d?%s=1", doc.ID, flag), http.StatusSeeOther)
}

// evidenceDocView is the data of a document page.
type evidenceDocView struct {
	D         casestore.DocumentDetail
	Segments  []segment
	Truncated bool
	// Reviews maps a claim id to its reviews, oldest first.
	Reviews   map[int64][]casestore.ClaimReview
	CanReview bool
	Verdicts  []casestore.Verdict
}

func (s *Server) uiEvidenceDoc(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.uiError(w, r, http.StatusBadRequest, "Bad document id.")
		return
	}
	flash := ""
	switch q := r.URL.Query(); {
	case q.Has("added"):
		flash = "Document screened and added to the ledger."
	case q.Has("duplicate"):
		flash = "This document (same SHA-256) was already in the ledger: nothing was added."
	case q.Has("reviewed"):
		flash = "Review recorded."
	}
	s.renderEvidenceDoc(w, r, p, id, http.StatusOK, flash, "")
}

func (s *Server) renderEvidenceDoc(w http.ResponseWriter, r *http.Request, p casestore.Principal, id int64, status int, flash, errMsg string) {
	d, err := s.opts.Store.Document(r.Context(), id)
	if errors.Is(err, casestore.ErrNotFound) {
		s.uiError(w, r, http.StatusNotFound, fmt.Sprintf("No evidence document %d.", id))
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Sprintf("could not read evidence document %d", id), err)
		return
	}
	text := d.Text
	v := evidenceDocView{D: d, CanReview: p.Role.Allows(casestore.Analyst), Verdicts: casestore.Verdicts, Reviews: map[int64][]casestore.ClaimReview{}}
	if len(text) > maxShownText {
		text, v.Truncated = text[:maxShownText], true
	}
	v.Segments = highlight(text, d.Parties, d.Goods, d.Claims)
	for _, rv := range d.Reviews {
		v.Reviews[rv.ClaimID] = append(v.Reviews[rv.ClaimID], rv)
	}
	d.Content = nil
	s.render(w, r, status, "evidence_doc", view{Title: docTitle(d.Document), Nav: "evidence", Flash: flash, Error: errMsg, Data: v})
}

func docTitle(d casestore.Document) string {
	if d.Title != "" {
		return d.Title
	}
	return fmt.Sprintf("Document %d", d.ID)
}

// uiClaimReview records a review from the document page's form (fields
// verdict, note, and document to return to).
func (s *Server) uiClaimReview(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	claim, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	doc, err2 := strconv.ParseInt(r.FormValue("document"), 10, 64)
	if err != nil || err2 != nil || claim <= 0 || doc <= 0 {
		s.uiError(w, r, http.StatusBadRequest, "Bad claim or document id.")
		return
	}
	v := casestore.Verdict(r.FormValue("verdict"))
	if _, err := s.opts.Store.ReviewClaim(r.Context(), claim, v, r.FormValue("note"), p.Name); err != nil {
		switch {
		case errors.Is(err, casestore.ErrInvalid):
			s.renderEvidenceDoc(w, r, p, doc, http.StatusBadRequest, "", "Choose a verdict (confirmed, refuted or annotated) and write a note.")
		case errors.Is(err, casestore.ErrNotFound):
			s.uiError(w, r, http.StatusNotFound, fmt.Sprintf("No claim %d.", claim))
		default:
			s.internalError(w, r, fmt.Sprintf("the review of claim %d could not be recorded", claim), err)
		}
		return
	}
	u := url.Values{"reviewed": {strconv.FormatInt(claim, 10)}}
	http.Redirect(w, r, fmt.Sprintf("/ui/evidence/%d?%s#claim-%d", doc, u.Encode(), claim), http.StatusSeeOther)
}

// evidenceFor lists the documents that mention a listed entity, for the
// entity and alert pages; a failure is logged and shows nothing.
func (s *Server) evidenceFor(r *http.Request, entityID string) []casestore.Document {
	if entityID == "" {
		return nil
	}
	ds, err := s.opts.Store.Documents(r.Context(), casestore.DocumentFilter{EntityID: entityID, Limit: 20})
	if err != nil {
		s.log.Error("evidence for entity", "entity", entityID, "err", err)
		return nil
	}
	return ds
}
