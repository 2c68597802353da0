package storetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/casestore"
)

// testAuditChain: entries written concurrently form one unbroken chain,
// archiving keeps it unbroken across the cut, and an archive file is
// checked against its segment.
func testAuditChain(t *testing.T, s casestore.Store) {
	ch, ok := s.(casestore.AuditChain)
	if !ok {
		t.Fatalf("%T does not implement casestore.AuditChain", s)
	}
	s.AddUser(ctx(t), "root", "alice", casestore.Analyst, "correct horse")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 5 {
				if _, err := s.Audit(ctx(t), casestore.AuditEntry{Actor: fmt.Sprint("w", i), Action: "match", Subject: "default",
					Detail: json.RawMessage(fmt.Sprintf(`{"q":"Иван %d"}`, j))}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if _, err := s.AuditBatch(ctx(t), []casestore.AuditEntry{{Actor: "a", Action: "search"}, {Actor: "b", Action: "search"}}); err != nil {
		t.Fatal(err)
	}
	c, err := ch.VerifyAudit(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if !c.OK || c.Entries != 43 || c.Unchained != 0 || c.Head == "" {
		t.Fatalf("VerifyAudit after concurrent writes = %+v", c)
	}
	log, _ := s.AuditLog(ctx(t), casestore.AuditFilter{Limit: 1})
	if log[0].Hash != c.Head || log[0].PrevHash == "" {
		t.Errorf("newest entry %+v, head %s", log[0], c.Head)
	}

	// Archive everything written so far.
	var buf bytes.Buffer
	seg, err := ch.ArchiveAudit(ctx(t), "root", time.Now().Add(time.Second), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if seg.Entries != 43 || seg.LastHash != c.Head || seg.FileSHA256 == "" {
		t.Fatalf("archive segment = %+v", seg)
	}
	s.Audit(ctx(t), casestore.AuditEntry{Actor: "a", Action: "after"})
	c2, err := ch.VerifyAudit(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	// Live: the audit.archive entry and one more; the chain runs on.
	if !c2.OK || c2.Entries != 2 || c2.Archived != 43 {
		t.Fatalf("VerifyAudit after archiving = %+v", c2)
	}
	live, _ := s.AuditLog(ctx(t), casestore.AuditFilter{})
	if live[len(live)-1].Action != "audit.archive" || live[len(live)-1].PrevHash != seg.LastHash {
		t.Errorf("the archiving is not audited, chained to the archive: %+v", live[len(live)-1])
	}
	ac, err := ch.VerifyAuditArchive(ctx(t), bytes.NewReader(buf.Bytes()))
	if err != nil || !ac.OK || ac.Entries != 43 {
		t.Fatalf("VerifyAuditArchive = %+v, %v", ac, err)
	}
	changed := bytes.Replace(buf.Bytes(), []byte("Иван 3"), []byte("Иван 4"), 1)
	if ac, err := ch.VerifyAuditArchive(ctx(t), bytes.NewReader(changed)); err != nil || ac.OK {
		t.Errorf("a changed archive file passes: %+v, %v", ac, err)
	}
	// Nothing to archive: no segment, nothing written.
	var empty bytes.Buffer
	if seg, err := ch.ArchiveAudit(ctx(t), "root", time.Unix(0, 0), &empty); err != nil || seg.Entries != 0 || empty.Len() != 0 {
		t.Errorf("empty archive: %+v %v %d bytes", seg, err, empty.Len())
	}
}
