package casestore_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// TestEvidenceAppendOnly goes around the Store API with raw SQL: the
// database itself must refuse to change or remove evidence documents,
// claims, matches and claim reviews.
func TestEvidenceAppendOnly(t *testing.T) {
	targets := []struct {
		name, driver string
		target       func(t *testing.T) string
	}{
		{"sqlite", "sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "cases.db") }},
		{"postgres", "pgx", freshPostgres},
	}
	const text = "Rosoboronexport ordered 20 engines."
	for _, tc := range targets {
		t.Run(tc.name, func(t *testing.T) {
			target := tc.target(t)
			db, err := casestore.Open(t.Context(), target, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			doc, _, err := db.AddDocument(t.Context(), "alice", casestore.NewDocument{
				SourceURL: "https://example.org/a", Published: "2026-01-02", Content: []byte(text),
				Mentions: []casestore.Mention{{Text: "Rosoboronexport", Span: casestore.Span{End: 15}, Kind: "Company",
					Matches: []casestore.MentionMatch{{EntityID: "e", EntityHash: "h"}}}},
				Claims: []casestore.Claim{{Supplier: "?", Recipient: "Rosoboronexport", Item: "engines", Status: "reported", Sentence: casestore.Span{End: len(text)}}},
			})
			if err != nil {
				t.Fatal(err)
			}
			d, _ := db.Document(t.Context(), doc.ID)
			if _, err := db.ReviewClaim(t.Context(), d.Claims[0].ID, casestore.Confirmed, "seen in customs data", "alice"); err != nil {
				t.Fatal(err)
			}
			raw, err := sql.Open(tc.driver, target)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, stmt := range []string{
				"UPDATE evidence_documents SET source_url = 'https://evil.example'",
				"DELETE FROM evidence_documents",
				"UPDATE evidence_claims SET status = 'confirmed'",
				"DELETE FROM evidence_claims",
				"UPDATE evidence_matches SET score = 0",
				"DELETE FROM evidence_matches",
				"UPDATE claim_reviews SET verdict = 'refuted'",
				"DELETE FROM claim_reviews",
			} {
				_, err := raw.ExecContext(t.Context(), stmt)
				if err == nil || !strings.Contains(err.Error(), "append-only") {
					t.Errorf("%s: err = %v, want append-only refusal", stmt, err)
				}
			}
			got, _ := db.Document(t.Context(), doc.ID)
			if got.SourceURL != "https://example.org/a" || got.Claims[0].Verdict != casestore.Confirmed || len(got.Parties[0].Matches) != 1 {
				t.Fatalf("document changed: %+v", got)
			}
		})
	}
}
