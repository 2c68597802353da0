package main

import (
	"context"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// TestListChangesAudited is issue 15 item 18: list imports were never
// audited, the CLI actor came from $USER, and the data folder was readable
// by all.
func TestListChangesAudited(t *testing.T) {
	a, stdout, _ := importUN(t)
	ctx := context.Background()
	a.actorName = "alice"
	t.Setenv("USER", "mallory")
	if err := runListsImport(ctx, a, []string{"../../lists/testdata/v1.ftm.json"}); err != nil {
		t.Fatal(err)
	}
	cases, err := openCases(ctx, a, "")
	if err != nil {
		t.Fatal(err)
	}
	log, err := cases.AuditLog(ctx, casestore.AuditFilter{Action: "lists.import"})
	cases.Close()
	if err != nil {
		t.Fatal(err)
	}
	u, _ := user.Current()
	want := "cli:" + u.Username + "/alice"
	if len(log) != 2 || log[0].Actor != want || log[0].Subject != "list:test_list" || !strings.Contains(string(log[0].Detail), `"status":"current"`) {
		t.Fatalf("audit of list imports = %+v, want 2 entries by %s", log, want)
	}
	if st, _ := os.Stat(a.dataDir); st.Mode().Perm() != 0o700 {
		t.Errorf("data folder mode %o, want 700", st.Mode().Perm())
	}

	stdout.Reset()
	if err := runAuditVerify(ctx, a, nil); err != nil || !strings.Contains(stdout.String(), "audit chain: ok") {
		t.Fatalf("audit verify: %v\n%s", err, stdout)
	}
	stdout.Reset()
	archive := filepath.Join(t.TempDir(), "audit-1.jsonl")
	if err := runAuditArchive(ctx, a, []string{"--before", "2999-01-01", "--out", archive}); err != nil || !strings.Contains(stdout.String(), "archived 2 entries") {
		t.Fatalf("audit archive: %v\n%s", err, stdout)
	}
	stdout.Reset()
	if err := runAuditVerify(ctx, a, []string{archive}); err != nil || !strings.Contains(stdout.String(), "2 entries: ok") {
		t.Fatalf("audit verify with the archive: %v\n%s", err, stdout)
	}
	b, _ := os.ReadFile(archive)
	os.WriteFile(archive, []byte(strings.Replace(string(b), "test_list", "test_lisT", 1)), 0o600)
	if err := runAuditVerify(ctx, a, []string{archive}); err == nil {
		t.Error("a changed archive passes audit verify")
	}
}
