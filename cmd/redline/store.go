package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/redline-sanctions/redline/alerts"
	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/lists"
)

// storedRun is a screening run recorded in a case store by a command
// (--store): the store, closed by close, and the run's recorder.
type storedRun struct {
	cases *casestore.DB
	rec   *alerts.Recorder
	// where names the store in messages.
	where string
	// users counts the store's users when the run started: with none,
	// nobody can log in to see the alerts yet.
	users int
}

// startStoredRun opens the case store at db (as openCases: "" is
// DATA/cases.db, the store `redline serve` uses) and records the start of
// a run of kind on source, by the command's actor, against the current
// versions of st's lists, with settings.
func startStoredRun(ctx context.Context, a *app, db string, st *lists.Store, kind, source string, settings any) (*storedRun, error) {
	cases, err := openCases(ctx, a, db)
	if err != nil {
		return nil, err
	}
	versions, err := st.CurrentVersions()
	if err != nil {
		cases.Close()
		return nil, err
	}
	sj, err := json.Marshal(settings)
	if err != nil {
		cases.Close()
		return nil, err
	}
	rec, err := alerts.Start(ctx, cases, casestore.Run{Actor: cliActor(a), Kind: kind, Source: source, ListVersions: versions, Settings: sj})
	if err != nil {
		cases.Close()
		return nil, err
	}
	us, err := cases.Users(ctx)
	if err != nil {
		cases.Close()
		return nil, err
	}
	where := db
	switch {
	case db == "":
		where = filepath.Join(a.dataDir, "cases.db")
	case strings.HasPrefix(db, "postgres://"), strings.HasPrefix(db, "postgresql://"):
		where = "on PostgreSQL (--db)" // the URL may hold a password
	}
	return &storedRun{cases: cases, rec: rec, where: where, users: len(us)}, nil
}

// end records the end of the run (failed with err when not nil), writes
// its counts and how to open them to out, and closes the store; it
// returns err, or the error of recording the end. serve is the command
// that serves the store, users the one that adds a user to it.
func (r *storedRun) end(ctx context.Context, out io.Writer, err error, serve, users string) error {
	defer r.cases.Close()
	if ferr := r.rec.End(ctx, err); ferr != nil && err == nil {
		err = ferr
	}
	run, st := r.rec.Run(), r.rec.Stats()
	state := "recorded"
	if err != nil {
		state = "recorded as failed"
	}
	fmt.Fprintf(out, "Run %d %s in the case store %s: %d hits, %d new alerts, %d suppressed by earlier false-positive decisions, %d already alerted.\n",
		run.ID, state, r.where, st.Hits, st.Alerts, st.Suppressed, st.Repeated)
	fmt.Fprintf(out, "Open them in the web UI:\n")
	if r.users == 0 {
		fmt.Fprintf(out, "  %s   # the store has no users yet\n", users)
	}
	fmt.Fprintf(out, "  %s\nthen /ui/runs/%d (the run) and /ui/alerts (the queue).\n", serve, run.ID)
	return err
}

// serveCommand is the command that serves the case store db ("" for
// DATA/cases.db) of the data folder in the web UI.
func serveCommand(a *app, db string) string {
	return storeCommand(a.dataDir, "serve", db)
}

// usersCommand is the command that adds an analyst to the case store db.
func usersCommand(a *app, db string) string {
	return storeCommand(a.dataDir, "users add NAME --role analyst", db)
}

// storeCommand is the redline command sub on the data folder dir and the
// case store db ("" for dir/cases.db).
func storeCommand(dir, sub, db string) string {
	cmd := "redline --data " + shellQuote(dir) + " " + sub
	switch {
	case db == "":
	case strings.HasPrefix(db, "postgres://"), strings.HasPrefix(db, "postgresql://"):
		cmd += " --db postgres://…" // the URL may hold a password
	default:
		cmd += " --db " + shellQuote(db)
	}
	return cmd
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@%+=,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
