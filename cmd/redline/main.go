// Command redline screens parties, goods and shipments against the official
// sanctions and export-control lists. This package holds flags, configuration
// and wiring only; the work is done by the packages it imports.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// app is what every command receives: where the data lives and where to
// write.
type app struct {
	dataDir string
	stdout  io.Writer
	stderr  io.Writer
	// isTerminal reports whether stderr is a terminal (progress bars).
	isTerminal bool
	// stdoutTerminal reports whether stdout is a terminal: commands then
	// print tables for people rather than JSON lines.
	stdoutTerminal bool
	// actorName is the --actor flag (cliActor).
	actorName string
}

// command is one subcommand. Names with a space ("lists import") are
// subcommands of a group.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

// commands lists every subcommand; each group's implementation lives in its
// own file (lists.go, search.go, screen.go, goods.go, shipments.go, demo.go,
// serve.go, bench.go).
func commands() []command {
	return []command{
		{"lists import", "import list files or folders into the data folder", runListsImport},
		{"lists status", "show the current version of each imported list", runListsStatus},
		{"lists diff", "show what changed between two versions of a list", runListsDiff},
		{"lists update", "download the lists from their official addresses", runListsUpdate},
		{"lists export", "export the imported lists as FtM JSON lines", runListsExport},
		{"lists verify", "check the stored list versions against their checksums", runListsVerify},
		{"audit verify", "check the audit log's hash chain (and archive files)", runAuditVerify},
		{"audit archive", "move old audit entries into an archive file (retention)", runAuditArchive},
		{"search", "search the lists for a name", runSearch},
		{"ownership", "trace who owns an entity and whether the 50% rule blocks it", runOwnership},
		{"match", "score labelled pairs of FtM records (--pairs FILE)", runMatch},
		{"screen parties", "screen a CSV or JSON lines file of parties", runScreenParties},
		{"screen shipments", "screen a file of shipments and score their risk", runScreenShipments},
		{"screen text", "find listed parties, goods of concern and reported transfers in a text (en, ru, zh)", runScreenText},
		{"goods classify", "classify goods by HS code or description against the CHPL", runGoodsClassify},
		{"flows suppliers", "who ships CHPL goods to listed or 50%-owned end users (transaction-level records)", runFlowsSuppliers},
		{"flows import-shipments", "import shipment files (screened on import) or transaction aggregates into the flows store", runFlowsImportShipments},
		{"demo", "generate, screen and report a sample of shipments (no network needed)", runDemo},
		{"demo data", "generate a seeded sample of shipments", runDemoData},
		{"bench", "measure accuracy and speed (optionally against a peer)", runBench},
		{"serve", "run the HTTP API and the analysts' web UI", runServe},
		{"users", "manage users: users add|list|remove", runUsers},
		{"keys", "manage API keys: keys create|revoke|list", runKeys},
		{"flows import", "import trade statistics (Eurostat Comext, UN Comtrade) into the analytics store", runFlowsImport},
		{"flows spikes", "rank a reporter's partners by the growth of its trade with them since a baseline", runFlowsSpikes},
		{"flows mirror", "compare declared exports with the partners' declared imports", runFlowsMirror},
		{"flows series", "a reporter's yearly or monthly trade with each partner", runFlowsSeries},
		{"flows report", "write the trade-flow report as a self-contained HTML page", runFlowsReport},
		{"evidence add", "store a document in the evidence ledger with the parties, goods and transfers it names", runEvidenceAdd},
		{"evidence list", "list the evidence ledger's documents", runEvidenceList},
		{"evidence show", "show a document: parties, goods, reported transfers and their reviews", runEvidenceShow},
		{"evidence review", "confirm, refute or annotate a reported transfer (audited)", runEvidenceReview},
		{"evidence rescreen", "match the ledger's party mentions again against the imported lists", runEvidenceRescreen},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	a := &app{stdout: os.Stdout, stderr: os.Stderr, isTerminal: isTerminal(os.Stderr), stdoutTerminal: isTerminal(os.Stdout)}
	err := run(ctx, a, os.Args[1:])
	stop()
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "redline:", err)
		var u usageError
		if errors.As(err, &u) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError is an error in how the command was called (exit status 2).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run parses the global flags and runs the command args name.
func run(ctx context.Context, a *app, args []string) error {
	global := flag.NewFlagSet("redline", flag.ContinueOnError)
	global.SetOutput(a.stderr)
	global.StringVar(&a.dataDir, "data", defaultDataDir(), "data folder of the embedded store")
	global.StringVar(&a.actorName, "actor", "", "who is acting, recorded in the audit log after the OS account (see actor.go)")
	global.Usage = func() { usage(global.Output(), global) }
	if err := global.Parse(args); err != nil {
		return err
	}
	rest := global.Args()
	if len(rest) == 0 {
		usage(a.stderr, global)
		return usagef("no command given")
	}
	cmds := commands()
	// Longest match first: "lists import" before "lists".
	sort.Slice(cmds, func(i, j int) bool { return len(cmds[i].name) > len(cmds[j].name) })
	for _, c := range cmds {
		words := strings.Fields(c.name)
		if len(rest) < len(words) || strings.Join(rest[:len(words)], " ") != c.name {
			continue
		}
		return c.run(ctx, a, rest[len(words):])
	}
	if rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		usage(a.stdout, global)
		return nil
	}
	// A group alone ("lists", "lists --help"): its commands.
	var group []command
	for _, c := range cmds {
		if strings.HasPrefix(c.name, rest[0]+" ") {
			group = append(group, c)
		}
	}
	if len(group) > 0 {
		sort.Slice(group, func(i, j int) bool { return group[i].name < group[j].name })
		w := a.stdout
		if len(rest) == 1 || (rest[1] != "-h" && rest[1] != "--help" && rest[1] != "help") {
			w = a.stderr
		}
		fmt.Fprintf(w, "redline %s: one of these commands (each has --help):\n", rest[0])
		for _, c := range group {
			fmt.Fprintf(w, "  %-18s %s\n", c.name, c.summary)
		}
		if w == a.stdout {
			return nil
		}
		if len(rest) == 1 {
			return usagef("%s: give a command", rest[0])
		}
		return usagef("unknown command %q", strings.Join(rest, " "))
	}
	usage(a.stderr, global)
	return usagef("unknown command %q", strings.Join(rest, " "))
}

func usage(w io.Writer, global *flag.FlagSet) {
	fmt.Fprintln(w, "usage: redline [--data DIR] COMMAND [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	cmds := commands()
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-18s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nglobal flags:")
	global.SetOutput(w)
	global.PrintDefaults()
}

// defaultDataDir is $REDLINE_DATA, else $XDG_DATA_HOME/redline, else
// ~/.local/share/redline.
func defaultDataDir() string {
	if d := os.Getenv("REDLINE_DATA"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "redline")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "redline")
	}
	return "redline-data"
}
