package csl

import (
	"fmt"
	"strings"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
)

// The remarks of OFAC rows in the CSL name the parties an entry is linked
// to: "(Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE;
// Linked To: MAHAN AIR)". Each named party is looked up by its exact name
// among the rows of the file (a row of the same sub-list first) once the
// whole file is read, and the pair becomes an UnknownLink entity:
//
//	subject us-csl-SDN-21944 --UnknownLink "Linked To"--> object us-csl-SDN-4001
//	ID "us-csl-link-SDN-21944-SDN-4001"
//
// A name that no row has is reported as a warning; the remark stays in the
// entity's notes either way.

// pendingLink is a "Linked To:" remark waiting for the end of the file.
type pendingLink struct {
	subject *entity.Entity
	name    string
	line    int
}

// linkedTo returns the names in the "(Linked To: ...)" groups of a remark.
// Names may contain parentheses, so each group ends at its balancing ")".
func linkedTo(remarks string) []string {
	const open = "(Linked To: "
	var out []string
	for i := strings.Index(remarks, open); i >= 0; {
		depth, j := 0, i
		for ; j < len(remarks); j++ {
			if remarks[j] == '(' {
				depth++
			} else if remarks[j] == ')' {
				if depth--; depth == 0 {
					break
				}
			}
		}
		inner := remarks[i+1 : j]
		for _, part := range strings.Split(inner, "; Linked To: ") {
			if n := strings.TrimSpace(strings.TrimPrefix(part, "Linked To: ")); n != "" {
				out = append(out, n)
			}
		}
		if j >= len(remarks) {
			break
		}
		k := strings.Index(remarks[j:], open)
		if k < 0 {
			break
		}
		i = j + k
	}
	return out
}

// remember records e's name for lookups and its "Linked To:" remarks.
func (m *mapper) remember(e *entity.Entity, line int, remarks string) {
	if m.names == nil {
		m.names = map[string][]*entity.Entity{}
	}
	for _, n := range e.Get(entity.Name) {
		m.names[n] = append(m.names[n], e)
	}
	for _, n := range linkedTo(remarks) {
		m.links = append(m.links, pendingLink{subject: e, name: n, line: line})
	}
}

// emitLinks emits the UnknownLink entities of the file's remarks.
func (m *mapper) emitLinks(emit source.Emit) error {
	seen := map[string]bool{}
	for _, l := range m.links {
		cands := m.names[l.name]
		if len(cands) == 0 {
			m.warn(l.line, "remarks", fmt.Sprintf("Linked To %q: no row of the file has that name (kept in notes)", l.name))
			continue
		}
		obj := cands[0]
		for _, c := range cands {
			if c.Sublist == l.subject.Sublist {
				obj = c
				break
			}
		}
		id := linkID(l.subject.ID, obj.ID)
		if seen[id] {
			continue
		}
		seen[id] = true
		link := &entity.Entity{
			ID:         id,
			Schema:     entity.UnknownLink,
			Dataset:    Dataset,
			SourceID:   l.subject.SourceID + ">" + obj.SourceID,
			Sublist:    l.subject.Sublist,
			Properties: map[string][]string{entity.Subject: {l.subject.ID}, entity.Object: {obj.ID}, entity.Role: {"Linked To"}},
		}
		if err := emit(link); err != nil {
			return &source.Error{File: m.path, Line: l.line, Err: fmt.Errorf("csl: %w", err)}
		}
	}
	return nil
}

// linkID joins the ids of a link's two ends without their dataset
// prefix: "us-csl-SDN-1", "us-csl-SDN-2" → "us-csl-link-SDN-1-SDN-2".
func linkID(subject, object string) string {
	p := entity.Prefix(Dataset) + "-"
	return p + "link-" + strings.TrimPrefix(subject, p) + "-" + strings.TrimPrefix(object, p)
}
