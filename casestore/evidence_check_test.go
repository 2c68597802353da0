package casestore

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzCheckDocument feeds checkDocument arbitrary content and spans: it
// either refuses with ErrInvalid or accepts a document whose text is valid
// UTF-8 and whose every span lies inside it, with the SHA-256 filled in.
func FuzzCheckDocument(f *testing.F) {
	f.Add([]byte("Rosoboronexport ordered 20 engines."), "", "https://example.org/a", "2026-01-02", 0, 15, 24, 34, 0, 35)
	f.Add([]byte("<p>ООО «Спецтехника»</p>"), "ООО «Спецтехника»", "http://a.example", "2025-12-31", 0, 8, -1, 3, 5, 4)
	f.Add([]byte{0xff, 0xfe}, "", "ftp://x", "31.12.2025", 0, 0, 0, 0, 0, 0)
	f.Fuzz(func(t *testing.T, content []byte, text, source, published string, a, b, c, d, e, g int) {
		doc := NewDocument{
			SourceURL: source, Published: published, Content: content, Text: text,
			Mentions: []Mention{{Span: Span{Start: a, End: b}, Matches: []MentionMatch{{EntityID: "e", EntityHash: "h"}}}},
			Goods:    []GoodMention{{Span: Span{Start: c, End: d}}},
			Claims:   []Claim{{Sentence: Span{Start: e, End: g}}},
		}
		err := checkDocument(&doc)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			return
		}
		shown := doc.Text
		if shown == "" {
			shown = string(doc.Content)
		}
		if !utf8.ValidString(shown) || len(doc.SHA256) != 64 {
			t.Fatalf("accepted a text that is not UTF-8 or no sha256: %q %q", shown, doc.SHA256)
		}
		for _, s := range []Span{doc.Mentions[0].Span, doc.Goods[0].Span, doc.Claims[0].Sentence} {
			if s.Start < 0 || s.End < s.Start || s.End > len(shown) {
				t.Fatalf("accepted span %+v outside %d bytes", s, len(shown))
			}
		}
	})
}
