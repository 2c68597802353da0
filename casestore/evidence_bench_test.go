package casestore_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// benchDocument is a report of about ten pages (30 KB) with 200 party
// mentions (one in four matched), 50 goods and 30 claims; seed makes its
// bytes unique.
func benchDocument(seed int) casestore.NewDocument {
	var b strings.Builder
	fmt.Fprintf(&b, "Report %d.\n", seed)
	d := casestore.NewDocument{SourceURL: "https://example.org/report", Published: "2026-03-03", Format: "text", Lang: "en"}
	for i := range 200 {
		start := b.Len()
		b.WriteString("Shenzhen Example Electronics Co., Ltd.")
		m := casestore.Mention{Text: "Shenzhen Example Electronics Co., Ltd.", Span: casestore.Span{Start: start, End: b.Len()}, Kind: "Company", Country: "cn"}
		if i%4 == 0 {
			m.Matches = []casestore.MentionMatch{{EntityID: fmt.Sprint("NK-", i), Caption: "EXAMPLE", Dataset: "us_ofac_sdn", Score: 0.93, EntityHash: "h", ListVersion: "2026-03-01"}}
		}
		d.Mentions = append(d.Mentions, m)
		gs := b.Len()
		b.WriteString(" shipped flight controllers")
		if i%4 == 0 {
			d.Goods = append(d.Goods, casestore.GoodMention{Text: "flight controllers", Span: casestore.Span{Start: gs + 9, End: b.Len()}, Concern: "uav", HSCode: "8526.91"})
		}
		b.WriteString(" to a buyer in the Russian Federation, according to customs records reviewed for this report. ")
		if i%7 == 0 {
			d.Claims = append(d.Claims, casestore.Claim{Supplier: m.Text, Recipient: "a buyer", Item: "flight controllers", Status: "reported", Sentence: casestore.Span{Start: start, End: b.Len()}})
		}
	}
	d.Content = []byte(b.String())
	return d
}

// BenchmarkAddDocument measures storing one ten-page document with what
// was found in it: one durable (synchronous=FULL) transaction.
func BenchmarkAddDocument(b *testing.B) {
	db, err := casestore.OpenSQLite(b.Context(), filepath.Join(b.TempDir(), "cases.db"), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ReportAllocs()
	n, bytes := 0, 0
	for b.Loop() {
		d := benchDocument(n)
		n++
		bytes += len(d.Content)
		if _, _, err := db.AddDocument(b.Context(), "bench", d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(bytes)/b.Elapsed().Seconds()/1e6, "MB/s")
}

// BenchmarkDocument measures reading a document back with its content,
// mentions, matches, goods, claims and reviews (the document page).
func BenchmarkDocument(b *testing.B) {
	db, err := casestore.OpenSQLite(b.Context(), filepath.Join(b.TempDir(), "cases.db"), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	doc, _, err := db.AddDocument(b.Context(), "bench", benchDocument(0))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Document(b.Context(), doc.ID); err != nil {
			b.Fatal(err)
		}
	}
}
