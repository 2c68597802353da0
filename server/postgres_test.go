package server_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/internal/testutil"
)

// TestPostgresCases runs the case flow through the server over PostgreSQL:
// screen, decide a false positive, re-screen (suppressed), read the audit
// log. It needs REDLINE_TEST_POSTGRES (see .ci/postgres.sh).
func TestPostgresCases(t *testing.T) {
	dsn := os.Getenv("REDLINE_TEST_POSTGRES")
	if dsn == "" {
		testutil.Skipf(t, "PostgreSQL test skipped: set REDLINE_TEST_POSTGRES (see .ci/postgres.sh)")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "redline_server_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(t.Context(), "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	u, _ := url.Parse(dsn)
	u.Path = "/" + name
	store, err := casestore.OpenPostgres(t.Context(), u.String(), casestore.Options{PasswordIterations: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	e := newEnvStore(t, store, nil)

	csv := "id,name,schema\nc1,Eric Badege,Person\nc2,Мария Александровна Осетрова,Person\n"
	code, body := e.do("POST", "/screen/parties", casestore.Analyst, csv)
	if code != 200 {
		t.Fatalf("screen: %d %s", code, body)
	}
	as, err := store.Alerts(t.Context(), casestore.AlertFilter{})
	if err != nil || len(as) != 2 {
		t.Fatalf("%d alerts, %v", len(as), err)
	}
	code, body = e.do("POST", fmt.Sprintf("/alerts/%d/decisions", as[0].ID), casestore.Analyst, `{"decision":"false_positive","reason":"different person"}`)
	if code != 201 {
		t.Fatalf("decide: %d %s", code, body)
	}
	code, body = e.do("POST", "/rescreen", casestore.Analyst, "")
	var run casestore.Run
	decode(t, body, &run)
	if code != 200 || run.Alerts != 0 || run.Suppressed != 1 || run.Repeated != 1 {
		t.Fatalf("rescreen: %d %+v", code, run.RunStats)
	}
	code, body = e.do("GET", "/audit?action=decision.add", casestore.Admin, "")
	var au struct{ Entries []casestore.AuditEntry }
	decode(t, body, &au)
	if code != 200 || len(au.Entries) != 1 || au.Entries[0].Actor != "key:analyst-key" {
		t.Fatalf("audit: %d %s", code, body)
	}
	if _, err := store.Audit(t.Context(), casestore.AuditEntry{Actor: "x", Action: "y"}); err != nil {
		t.Fatal(err)
	}
}
