package storetest

import (
	"errors"
	"strconv"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// testFailedRuns checks FailRun and UnfinishedRuns: a run cut short is
// listed until it is finished or failed; a failed run keeps its counts and
// its reason.
func testFailedRuns(t *testing.T, s casestore.Store) {
	done, failed, open := newRun(t, s), newRun(t, s), newRun(t, s)
	un, err := s.UnfinishedRuns(ctx(t))
	if err != nil || len(un) != 3 || un[0].ID != done.ID || un[2].ID != open.ID {
		t.Fatalf("UnfinishedRuns = %+v, %v; want the three runs, oldest first", un, err)
	}
	if err := s.FinishRun(ctx(t), done.ID, casestore.RunStats{Parties: 5}); err != nil {
		t.Fatal(err)
	}
	if err := s.FailRun(ctx(t), failed.ID, casestore.RunStats{Parties: 2, Hits: 1}, "upload cut after 2 of 5 rows"); err != nil {
		t.Fatal(err)
	}
	if err := s.FailRun(ctx(t), open.ID, casestore.RunStats{}, " "); !errors.Is(err, casestore.ErrInvalid) {
		t.Fatalf("FailRun without a reason = %v, want ErrInvalid", err)
	}
	if err := s.FailRun(ctx(t), 424242, casestore.RunStats{}, "x"); !errors.Is(err, casestore.ErrNotFound) {
		t.Fatalf("FailRun of an unknown run = %v, want ErrNotFound", err)
	}
	un, err = s.UnfinishedRuns(ctx(t))
	if err != nil || len(un) != 1 || un[0].ID != open.ID {
		t.Fatalf("UnfinishedRuns = %+v, %v; want only run %d", un, err, open.ID)
	}
	got, err := s.Run(ctx(t), failed.ID)
	if err != nil || got.Finished == nil || got.Error != "upload cut after 2 of 5 rows" || got.Parties != 2 || got.Hits != 1 {
		t.Fatalf("failed run = %+v, %v", got, err)
	}
	if got, err := s.Run(ctx(t), done.ID); err != nil || got.Error != "" || got.Finished == nil {
		t.Fatalf("finished run = %+v, %v", got, err)
	}
	es, err := s.AuditLog(ctx(t), casestore.AuditFilter{Action: "run.fail"})
	if err != nil || len(es) != 1 || es[0].Subject != "run:"+strconv.FormatInt(failed.ID, 10) {
		t.Fatalf("audit of run.fail = %+v, %v", es, err)
	}
}
