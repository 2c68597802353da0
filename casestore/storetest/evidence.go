package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/redline-sanctions/redline/casestore"
)

// evidenceTests are the evidence ledger's part of the suite.
var evidenceTests = []struct {
	name string
	f    func(t *testing.T, s casestore.Store)
}{
	{"EvidenceAdd", testEvidenceAdd},
	{"EvidenceIdempotent", testEvidenceIdempotent},
	{"EvidenceBadInput", testEvidenceBadInput},
	{"EvidenceHTML", testEvidenceHTML},
	{"EvidenceByEntity", testEvidenceByEntity},
	{"ClaimReviews", testClaimReviews},
	{"EvidenceRematch", testEvidenceRematch},
	{"EvidenceConcurrentAdd", testEvidenceConcurrentAdd},
}

// report is a short English news text with a Chinese and a Russian name;
// the offsets in newDoc point into it.
const report = `Reuters reported on 3 March that Shenzhen Huachuang Electronics Co., Ltd. shipped 300 flight controllers to АО «Ижевский электромеханический завод «Купол»» for Geran-2 drones. The company denied the claim.`

// span finds sub in report, failing when it is missing.
func span(t *testing.T, text, sub string) casestore.Span {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in the text", sub)
	}
	return casestore.Span{Start: i, End: i + len(sub)}
}

// newDoc is the report with two mentions (one matched), one good and one
// claim.
func newDoc(t *testing.T) casestore.NewDocument {
	t.Helper()
	sentence := span(t, report, report[:strings.Index(report, "drones.")+len("drones.")])
	return casestore.NewDocument{
		Title: "Drone parts for Kupol", SourceURL: "https://example.org/news/kupol", Published: "2026-03-03",
		Format: "text", Lang: "en", Content: []byte(report),
		Mentions: []casestore.Mention{
			{Text: "Shenzhen Huachuang Electronics Co., Ltd.", Span: span(t, report, "Shenzhen Huachuang Electronics Co., Ltd."), Kind: "Company", Country: "cn"},
			{Text: "АО «Ижевский электромеханический завод «Купол»»", Span: span(t, report, "АО «Ижевский электромеханический завод «Купол»»"), Kind: "Company", Country: "ru",
				Matches: []casestore.MentionMatch{{EntityID: "NK-kupol", Caption: "KUPOL", Dataset: "us_ofac_sdn", Score: 0.97, EntityHash: "h1", ListVersion: "2026-02-27"}}},
		},
		Goods: []casestore.GoodMention{
			{Text: "flight controllers", Span: span(t, report, "flight controllers"), Concern: "uav", HSCode: "8526.91", CHPLTier: "3.B"},
			{Text: "Geran-2", Span: span(t, report, "Geran-2"), Concern: "uav", Model: "Geran-2"},
		},
		Claims: []casestore.Claim{{
			Supplier: "Shenzhen Huachuang Electronics Co., Ltd.", Recipient: "АО «Ижевский электромеханический завод «Купол»»",
			Item: "flight controllers", Quantity: "300", Date: "3 March", Status: "denied", Source: "Reuters", Sentence: sentence,
		}},
	}
}

func addDoc(t *testing.T, s casestore.Store, d casestore.NewDocument) casestore.Document {
	t.Helper()
	doc, created, err := s.AddDocument(ctx(t), "alice", d)
	if err != nil || !created {
		t.Fatalf("AddDocument = %+v, %v, %v", doc, created, err)
	}
	return doc
}

func testEvidenceAdd(t *testing.T, s casestore.Store) {
	nd := newDoc(t)
	doc := addDoc(t, s, nd)
	sum := sha256.Sum256([]byte(report))
	want := casestore.Document{
		ID: doc.ID, SHA256: hex.EncodeToString(sum[:]), Title: "Drone parts for Kupol", SourceURL: "https://example.org/news/kupol",
		Published: "2026-03-03", AddedBy: "alice", Added: doc.Added, Format: "text", Lang: "en", Size: int64(len(report)),
		Mentions: 2, Matched: 1, Goods: 2, Claims: 1,
	}
	if diff := cmp.Diff(want, doc); diff != "" || doc.ID == 0 || doc.Added.IsZero() {
		t.Fatalf("AddDocument (-want +got):\n%s", diff)
	}
	d, err := s.Document(ctx(t), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(d.Content) != report || d.Text != report {
		t.Fatalf("content %q, text %q: want the original", d.Content, d.Text)
	}
	if d.Document != doc {
		t.Fatalf("Document header %+v, want %+v", d.Document, doc)
	}
	ignoreIDs := cmpopts.IgnoreFields(casestore.Mention{}, "ID", "DocumentID")
	ignoreMatch := cmpopts.IgnoreFields(casestore.MentionMatch{}, "ID", "MentionID", "Created")
	wantParties := nd.Mentions
	wantParties[0].Matches = []casestore.MentionMatch{}
	if diff := cmp.Diff(wantParties, d.Parties, ignoreIDs, ignoreMatch); diff != "" {
		t.Errorf("parties (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(nd.Goods, d.Goods, cmpopts.IgnoreFields(casestore.GoodMention{}, "ID", "DocumentID")); diff != "" {
		t.Errorf("goods (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(nd.Claims, d.Claims, cmpopts.IgnoreFields(casestore.Claim{}, "ID", "DocumentID")); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
	for _, p := range d.Parties {
		if got := d.Text[p.Start:p.End]; got != p.Text {
			t.Errorf("mention span reads %q, want %q", got, p.Text)
		}
	}
	if m := d.Parties[1].Matches; len(m) != 1 || m[0].MentionID != d.Parties[1].ID || m[0].RunID != 0 {
		t.Errorf("match %+v of mention %d", m, d.Parties[1].ID)
	}
	log, _ := s.AuditLog(ctx(t), casestore.AuditFilter{Action: "evidence.add"})
	if len(log) != 1 || log[0].Actor != "alice" || log[0].Subject != fmt.Sprint("document:", doc.ID) || !strings.Contains(string(log[0].Detail), want.SHA256) {
		t.Fatalf("audit %+v", log)
	}
	if _, err := s.Document(ctx(t), doc.ID+100); !errors.Is(err, casestore.ErrNotFound) {
		t.Fatalf("unknown document: %v", err)
	}
	ds, err := s.Documents(ctx(t), casestore.DocumentFilter{})
	if err != nil || len(ds) != 1 || ds[0] != doc {
		t.Fatalf("Documents = %+v, %v", ds, err)
	}
}

// testEvidenceIdempotent adds the same bytes twice (with other metadata):
// the second add says so and writes nothing.
func testEvidenceIdempotent(t *testing.T, s casestore.Store) {
	first := addDoc(t, s, newDoc(t))
	again := newDoc(t)
	again.Title, again.SourceURL = "Another title", "https://example.com/other"
	again.Claims = nil
	doc, created, err := s.AddDocument(ctx(t), "bob", again)
	if err != nil || created {
		t.Fatalf("second add: created %v, %v", created, err)
	}
	if doc != first {
		t.Fatalf("second add returned %+v, want the stored %+v", doc, first)
	}
	ds, _ := s.Documents(ctx(t), casestore.DocumentFilter{})
	log, _ := s.AuditLog(ctx(t), casestore.AuditFilter{Action: "evidence.add"})
	if len(ds) != 1 || len(log) != 1 {
		t.Fatalf("%d documents, %d audit entries after adding the same bytes twice; want 1, 1", len(ds), len(log))
	}
}

func testEvidenceBadInput(t *testing.T, s casestore.Store) {
	tests := []struct {
		name string
		mod  func(*casestore.NewDocument)
		msg  string
	}{
		{"empty", func(d *casestore.NewDocument) { d.Content = nil }, "empty"},
		{"no source", func(d *casestore.NewDocument) { d.SourceURL = "" }, "source URL"},
		{"relative source", func(d *casestore.NewDocument) { d.SourceURL = "/news/1" }, "source URL"},
		{"javascript source", func(d *casestore.NewDocument) { d.SourceURL = "javascript:alert(1)" }, "source URL"},
		{"bad date", func(d *casestore.NewDocument) { d.Published = "03/03/2026" }, "YYYY-MM-DD"},
		{"wrong sha256", func(d *casestore.NewDocument) { d.SHA256 = strings.Repeat("0", 64) }, "hashes to"},
		{"not UTF-8", func(d *casestore.NewDocument) {
			d.Content = []byte{0xff, 0xfe, 'a'}
			d.Mentions, d.Goods, d.Claims = nil, nil, nil
		}, "UTF-8"},
		{"mention past the end", func(d *casestore.NewDocument) { d.Mentions[0].End = len(report) + 1 }, "outside the text"},
		{"reversed span", func(d *casestore.NewDocument) { d.Goods[0].Start, d.Goods[0].End = 10, 5 }, "outside the text"},
		{"claim sentence", func(d *casestore.NewDocument) { d.Claims[0].Sentence.Start = -1 }, "outside the text"},
		{"match without hash", func(d *casestore.NewDocument) { d.Mentions[1].Matches[0].EntityHash = "" }, "entity hash"},
		{"NUL in a field", func(d *casestore.NewDocument) { d.Claims[0].Item = "a\x00b" }, "not UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newDoc(t)
			tc.mod(&d)
			_, _, err := s.AddDocument(ctx(t), "alice", d)
			if !errors.Is(err, casestore.ErrInvalid) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("AddDocument = %v, want ErrInvalid saying %q", err, tc.msg)
			}
		})
	}
	if _, _, err := s.AddDocument(ctx(t), "", newDoc(t)); !errors.Is(err, casestore.ErrInvalid) {
		t.Fatalf("no actor: %v", err)
	}
	if ds, _ := s.Documents(ctx(t), casestore.DocumentFilter{}); len(ds) != 0 {
		t.Fatalf("%d documents stored from bad input", len(ds))
	}
}

// testEvidenceHTML stores an HTML page: the original bytes come back as
// they were, the offsets point into the decoded text.
func testEvidenceHTML(t *testing.T, s casestore.Store) {
	page := "<html><body><p>В&nbsp;отчёте: ООО «Спецтехника» поставило БПЛА.</p></body></html>"
	text := "В отчёте: ООО «Спецтехника» поставило БПЛА."
	d := casestore.NewDocument{
		Title: "Отчёт", SourceURL: "https://example.ru/a?id=1&x=2", Published: "2025-12-31", Format: "html", Lang: "ru",
		Content: []byte(page), Text: text, Warnings: []string{"1 script element skipped"},
		Mentions: []casestore.Mention{{Text: "ООО «Спецтехника»", Span: span(t, text, "ООО «Спецтехника»"), Kind: "Company"}},
		Goods:    []casestore.GoodMention{{Text: "БПЛА", Span: span(t, text, "БПЛА"), Concern: "uav"}},
	}
	doc := addDoc(t, s, d)
	got, err := s.Document(ctx(t), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Content) != page || got.Text != text {
		t.Fatalf("content %q text %q", got.Content, got.Text)
	}
	if p := got.Parties[0]; got.Text[p.Start:p.End] != "ООО «Спецтехника»" {
		t.Fatalf("mention span reads %q", got.Text[p.Start:p.End])
	}
	if len(got.Warnings) != 1 || got.Claims == nil || len(got.Claims) != 0 || got.Reviews == nil {
		t.Fatalf("warnings %q, claims %v, reviews %v", got.Warnings, got.Claims, got.Reviews)
	}
}

func testEvidenceByEntity(t *testing.T, s casestore.Store) {
	a := addDoc(t, s, newDoc(t))
	other := newDoc(t)
	other.Content = []byte(report + " Updated.")
	other.Mentions[1].Matches[0].EntityID = "NK-other"
	b := addDoc(t, s, other)
	tests := []struct {
		entity string
		want   []int64
	}{
		{"NK-kupol", []int64{a.ID}},
		{"NK-other", []int64{b.ID}},
		{"NK-nobody", nil},
		{"", []int64{b.ID, a.ID}},
	}
	for _, tc := range tests {
		t.Run(tc.entity, func(t *testing.T) {
			ds, err := s.Documents(ctx(t), casestore.DocumentFilter{EntityID: tc.entity})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, d := range ds {
				got = append(got, d.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("documents %v, want %v", got, tc.want)
			}
		})
	}
	if ds, _ := s.Documents(ctx(t), casestore.DocumentFilter{SHA256: strings.ToUpper(b.SHA256)}); len(ds) != 1 || ds[0].ID != b.ID {
		t.Fatalf("by sha256: %+v", ds)
	}
	page, _ := s.Documents(ctx(t), casestore.DocumentFilter{Limit: 1, Offset: 1})
	if len(page) != 1 || page[0].ID != a.ID {
		t.Fatalf("second page %+v", page)
	}
}

func testClaimReviews(t *testing.T, s casestore.Store) {
	doc := addDoc(t, s, newDoc(t))
	d, _ := s.Document(ctx(t), doc.ID)
	claim := d.Claims[0].ID
	if d.Claims[0].Verdict != "" {
		t.Fatalf("unreviewed claim has verdict %q", d.Claims[0].Verdict)
	}
	steps := []struct {
		verdict casestore.Verdict
		note    string
		actor   string
		want    casestore.Verdict
	}{
		{casestore.Confirmed, "Customs records show the shipment (HS 8526.91, 300 units).", "alice", casestore.Confirmed},
		{casestore.Annotated, "Company statement of 5 March denies it.", "bob", casestore.Confirmed},
		{casestore.Refuted, "The customs record was for another consignee.", "carol", casestore.Refuted},
	}
	for i, st := range steps {
		r, err := s.ReviewClaim(ctx(t), claim, st.verdict, st.note, st.actor)
		if err != nil || r.ID == 0 || r.Verdict != st.verdict || r.Actor != st.actor || r.Created.IsZero() {
			t.Fatalf("step %d: ReviewClaim = %+v, %v", i, r, err)
		}
		d, _ := s.Document(ctx(t), doc.ID)
		if d.Claims[0].Verdict != st.want {
			t.Fatalf("step %d: verdict %q, want %q", i, d.Claims[0].Verdict, st.want)
		}
	}
	bad := []struct {
		name    string
		claim   int64
		verdict casestore.Verdict
		note    string
		actor   string
		want    error
	}{
		{"unknown verdict", claim, "true", "x", "alice", casestore.ErrInvalid},
		{"no note", claim, casestore.Confirmed, "  ", "alice", casestore.ErrInvalid},
		{"no actor", claim, casestore.Confirmed, "note", "", casestore.ErrInvalid},
		{"unknown claim", claim + 1000, casestore.Confirmed, "note", "alice", casestore.ErrNotFound},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.ReviewClaim(ctx(t), tc.claim, tc.verdict, tc.note, tc.actor); !errors.Is(err, tc.want) {
				t.Fatalf("ReviewClaim = %v, want %v", err, tc.want)
			}
		})
	}
	d, _ = s.Document(ctx(t), doc.ID)
	var got []string
	for _, r := range d.Reviews {
		got = append(got, fmt.Sprintf("%s %s", r.Actor, r.Verdict))
	}
	if want := "[alice confirmed bob annotated carol refuted]"; fmt.Sprint(got) != want {
		t.Fatalf("reviews %v, want %s", got, want)
	}
	log, _ := s.AuditLog(ctx(t), casestore.AuditFilter{Action: "claim.review"})
	if len(log) != 3 || log[0].Actor != "carol" || log[0].Subject != fmt.Sprint("claim:", claim) || !strings.Contains(string(log[0].Detail), "another consignee") {
		t.Fatalf("audit %+v", log)
	}
}

// testEvidenceRematch follows the re-screening rules for stored mentions:
// a match already recorded for the same entity version is repeated; a new
// entity or a changed one is recorded with the run and the list version.
func testEvidenceRematch(t *testing.T, s casestore.Store) {
	doc := addDoc(t, s, newDoc(t))
	var ms []casestore.StoredMention
	for after := int64(0); ; {
		page, err := s.StoredMentions(ctx(t), after, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		ms = append(ms, page...)
		after = page[len(page)-1].ID
	}
	if len(ms) != 2 || ms[0].Text != "Shenzhen Huachuang Electronics Co., Ltd." || ms[1].Kind != "Company" || ms[1].Country != "ru" || ms[1].DocumentID != doc.ID {
		t.Fatalf("stored mentions %+v", ms)
	}
	m := func(mention int64, entity, hash, version string) casestore.MentionMatch {
		return casestore.MentionMatch{MentionID: mention, EntityID: entity, Caption: "Entity " + entity, Dataset: "us_ofac_sdn", Score: 0.9, EntityHash: hash, ListVersion: version}
	}
	r := newRun(t, s)
	batch := []casestore.MentionMatch{
		m(ms[1].ID, "NK-kupol", "h1", "2026-03-10"),     // as stored: repeated
		m(ms[1].ID, "NK-kupol", "h2", "2026-03-10"),     // the entity changed
		m(ms[0].ID, "NK-huachuang", "h9", "2026-03-10"), // newly listed
	}
	out, err := s.AddMentionMatches(ctx(t), r.ID, batch)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[repeated created created]"; fmt.Sprint(out) != want {
		t.Fatalf("outcomes %v, want %s", out, want)
	}
	if batch[1].ID == 0 || batch[1].RunID != r.ID {
		t.Fatalf("created match not filled in: %+v", batch[1])
	}
	again, err := s.AddMentionMatches(ctx(t), newRun(t, s).ID, batch)
	if err != nil || fmt.Sprint(again) != "[repeated repeated repeated]" {
		t.Fatalf("second re-screening: %v, %v", again, err)
	}
	d, _ := s.Document(ctx(t), doc.ID)
	if d.Matched != 2 || len(d.Parties[0].Matches) != 1 || len(d.Parties[1].Matches) != 2 {
		t.Fatalf("after re-screening: matched %d, matches %+v", d.Matched, d.Parties)
	}
	if x := d.Parties[0].Matches[0]; x.EntityID != "NK-huachuang" || x.ListVersion != "2026-03-10" || x.RunID != r.ID {
		t.Fatalf("new match %+v", x)
	}
	if ds, _ := s.Documents(ctx(t), casestore.DocumentFilter{EntityID: "NK-huachuang"}); len(ds) != 1 {
		t.Fatalf("document not found by its newly matched entity: %+v", ds)
	}
	log, _ := s.AuditLog(ctx(t), casestore.AuditFilter{Action: "evidence.rematch"})
	if len(log) != 1 || log[0].Actor != "alice" || !strings.Contains(string(log[0].Detail), `"created":2`) {
		t.Fatalf("audit %+v", log)
	}
	bad := []struct {
		name  string
		run   int64
		match casestore.MentionMatch
		want  error
	}{
		{"unknown run", r.ID + 1000, m(ms[0].ID, "NK-x", "h", "v"), casestore.ErrNotFound},
		{"unknown mention", r.ID, m(ms[1].ID+1000, "NK-x", "h", "v"), casestore.ErrNotFound},
		{"no hash", r.ID, m(ms[0].ID, "NK-x", "", "v"), casestore.ErrInvalid},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.AddMentionMatches(ctx(t), tc.run, []casestore.MentionMatch{tc.match}); !errors.Is(err, tc.want) {
				t.Fatalf("AddMentionMatches = %v, want %v", err, tc.want)
			}
		})
	}
}

// testEvidenceConcurrentAdd adds the same document from several
// goroutines: exactly one add creates it.
func testEvidenceConcurrentAdd(t *testing.T, s casestore.Store) {
	const n = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	created, ids := 0, map[int64]bool{}
	d := newDoc(t)
	for i := range n {
		wg.Go(func() {
			doc, c, err := s.AddDocument(ctx(t), fmt.Sprint("analyst", i), d)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			ids[doc.ID] = true
			if c {
				created++
			}
		})
	}
	wg.Wait()
	if created != 1 || len(ids) != 1 {
		t.Fatalf("%d adds created the document, %d distinct ids; want 1, 1", created, len(ids))
	}
}
