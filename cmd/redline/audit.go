package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/internal/atomicfile"
)

func runAuditVerify(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "audit verify")
	db := fs.String("db", "", "case store: a postgres:// URL, or a SQLite file (default DATA/cases.db)")
	format := fs.String("format", "table", "output format: table or json")
	fs.Usage = func() {
		fmt.Fprintln(a.stderr, `usage: redline audit verify [--db DSN] [--format table|json] [ARCHIVE-FILE...]
Walks the audit log's hash chain and recomputes every entry's hash; each
ARCHIVE-FILE (written by audit archive) is checked against its recorded
segment. Prints the chain's head: keep it outside the database, and compare
later heads with it to detect entries removed from the end or a re-chained
log. Exits non-zero when the chain or an archive does not hold.`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	cases, err := openCases(ctx, a, *db)
	if err != nil {
		return err
	}
	defer cases.Close()
	c, err := cases.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	type archiveCheck struct {
		File string `json:"file"`
		casestore.AuditCheck
	}
	var archives []archiveCheck
	for _, f := range fs.Args() {
		r, err := os.Open(f)
		if err != nil {
			return err
		}
		ac, err := cases.VerifyAuditArchive(ctx, r)
		r.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		archives = append(archives, archiveCheck{f, ac})
	}
	if *format == "json" {
		if err := writeJSON(a.stdout, rawHTML, map[string]any{"chain": c, "archives": archives}); err != nil {
			return err
		}
	} else {
		state := "ok"
		if !c.OK {
			state = "BROKEN at " + c.Break
		}
		fmt.Fprintf(a.stdout, "audit chain: %s\n  %d live entries (%d written before the chain existed), %d archived\n  head: entry %d, %s\n",
			state, c.Entries, c.Unchained, c.Archived, c.HeadID, c.Head)
		for _, ar := range archives {
			state := "ok"
			if !ar.OK {
				state = "DOES NOT HOLD: " + ar.Break
			}
			fmt.Fprintf(a.stdout, "archive %s: %d entries: %s\n", ar.File, ar.Entries, state)
		}
	}
	if !c.OK {
		return errors.New("the audit chain is broken: " + c.Break)
	}
	for _, ar := range archives {
		if !ar.OK {
			return fmt.Errorf("archive %s does not hold: %s", ar.File, ar.Break)
		}
	}
	return nil
}

func runAuditArchive(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "audit archive")
	db := fs.String("db", "", "case store: a postgres:// URL, or a SQLite file (default DATA/cases.db)")
	before := fs.String("before", "", "archive the entries written before this date (YYYY-MM-DD, UTC)")
	out := fs.String("out", "", "the archive file to write (JSON lines; it must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *before == "" || *out == "" {
		return usagef("audit archive: give --before DATE and --out FILE")
	}
	cut, err := time.Parse("2006-01-02", *before)
	if err != nil {
		return usagef("audit archive: --before %q: want YYYY-MM-DD", *before)
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("audit archive: %s exists: archives are never overwritten", *out)
	}
	cases, err := openCases(ctx, a, *db)
	if err != nil {
		return err
	}
	defer cases.Close()
	tmp, err := atomicfile.Create(*out, 0o600)
	if err != nil {
		return err
	}
	seg, err := cases.ArchiveAudit(ctx, cliActor(a), cut, tmp) // syncs tmp before the entries leave the database
	if err != nil || seg.Entries == 0 {
		tmp.Abort()
		if err == nil {
			fmt.Fprintf(a.stdout, "no audit entries before %s: nothing archived\n", *before)
		}
		return err
	}
	// The entries have left the database: on failure the temporary file,
	// which holds them, is kept and named.
	if err := tmp.Commit(); err != nil {
		return fmt.Errorf("audit archive: the entries %d-%d are archived in %s, which could not be renamed to %s: %w", seg.FirstID, seg.LastID, tmp.Name(), *out, err)
	}
	fmt.Fprintf(a.stdout, "archived %d entries (%d-%d) to %s\n  sha256 %s\n  last hash %s\nkeep the file: `redline audit verify %s` checks it against the store\n",
		seg.Entries, seg.FirstID, seg.LastID, *out, seg.FileSHA256, seg.LastHash, *out)
	return nil
}
