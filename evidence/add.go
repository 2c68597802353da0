package evidence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/textscreen"
)

// ScreenFunc screens the bytes of a document (name names it in messages)
// against the index m; (*Screener).Screen is one.
type ScreenFunc func(ctx context.Context, m *match.Matcher, content []byte, name string) (*textscreen.Result, error)

// Ledger is the part of the case store Add needs.
type Ledger interface {
	Documents(ctx context.Context, f casestore.DocumentFilter) ([]casestore.Document, error)
	AddDocument(ctx context.Context, actor string, d casestore.NewDocument) (casestore.Document, bool, error)
}

// Document is a document to add: its bytes, the name it goes by in
// messages (and its title when Meta has none), and what the analyst says
// about it.
type Document struct {
	Content []byte
	Name    string
	Meta
}

// Add screens a document with screen against m and stores it in the
// ledger by actor, with the list versions screened against (dataset ->
// version). The source is checked first (casestore.ErrInvalid), and bytes
// already in the ledger are not screened again: the stored document is
// returned with created false. warnings are what screening could not read.
func Add(ctx context.Context, l Ledger, screen ScreenFunc, m *match.Matcher, versions map[string]string, actor string, d Document) (doc casestore.Document, created bool, warnings []string, err error) {
	d.SourceURL, d.Published = strings.TrimSpace(d.SourceURL), strings.TrimSpace(d.Published)
	if err := casestore.CheckSource(d.SourceURL, d.Published); err != nil {
		return doc, false, nil, fmt.Errorf("evidence: %s: %w", d.Name, err)
	}
	if len(d.Content) == 0 {
		return doc, false, nil, fmt.Errorf("evidence: %s: %w: the document is empty", d.Name, casestore.ErrInvalid)
	}
	sum := sha256.Sum256(d.Content)
	old, err := l.Documents(ctx, casestore.DocumentFilter{SHA256: hex.EncodeToString(sum[:]), Limit: 1})
	if err != nil {
		return doc, false, nil, err
	}
	if len(old) == 1 {
		return old[0], false, nil, nil
	}
	res, err := screen(ctx, m, d.Content, d.Name)
	if err != nil {
		return doc, false, nil, fmt.Errorf("evidence: screening %w", err)
	}
	if d.Title == "" {
		d.Title = d.Name
	}
	nd := Record(res, d.Content, d.Meta, m, versions)
	doc, created, err = l.AddDocument(ctx, actor, nd)
	return doc, created, nd.Warnings, err
}
