package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/evidence"
	"github.com/redline-sanctions/redline/internal/logbuf"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/reload"
	"github.com/redline-sanctions/redline/server"
	"github.com/redline-sanctions/redline/textscreen"
)

// openCases opens the case store: PostgreSQL when db is a postgres:// URL,
// else SQLite at db, or cases.db in the data folder when db is "".
func openCases(ctx context.Context, a *app, db string) (*casestore.DB, error) {
	return openCasesWith(ctx, a, db, casestore.Options{})
}

// openCasesWith is openCases with options (serve's four-eyes policy).
func openCasesWith(ctx context.Context, a *app, db string, opts casestore.Options) (*casestore.DB, error) {
	if db == "" {
		if err := ensureDataDir(a); err != nil { // actor.go
			return nil, err
		}
		db = filepath.Join(a.dataDir, "cases.db")
	}
	return casestore.Open(ctx, db, opts)
}

// serveConfig is what the serve flags ask for, checked.
type serveConfig struct {
	addr, db           string
	updateEvery, watch time.Duration
	match              match.Options
	server             server.Options // the settings only; runServe adds the stores
	logFormat          string
	rescreen           bool
	fourEyes           casestore.FourEyes
}

// parseServeFlags reads and checks the flags of `redline serve`.
func parseServeFlags(a *app, args []string) (*serveConfig, error) {
	fs := newFlags(a, "serve")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	db := fs.String("db", "", "case store: a postgres:// URL, or a SQLite file (default DATA/cases.db)")
	updateEvery := fs.Duration("update-every", 0, "download the lists from their official addresses this often (0: never); the index is swapped in without dropping a request")
	watch := fs.Duration("watch", 30*time.Second, "how often to look for list versions imported by other commands (0: never)")
	threshold := fs.Float64("threshold", match.DefaultThreshold, "score at or above which a result is a match")
	auditMatches := fs.Bool("audit-matches", true, "record every /match and /search request in the audit log (batched)")
	searchAudit := fs.String("search-audit", "hits", "what the audit keeps of each /match and /search: full, hits (hits in full, other queries as digests) or count (docs/audit.md)")
	logFormat := fs.String("log", "text", "log format: text or json")
	secure := fs.Bool("secure-cookies", false, "mark session cookies Secure (when served over TLS)")
	maxUpload := fs.Int64("max-upload", 256<<20, "largest screening upload, in bytes")
	uploadTimeout := fs.Duration("upload-timeout", 10*time.Minute, "longest time a screening upload may take to arrive")
	maxConns := fs.Int("max-conns-per-client", 64, "most open connections from one client address (behind a reverse proxy, all clients share its address)")
	accessLog := fs.String("access-log", "all", "which requests the access log records: all, or errors (status >= 400 and requests over 1 s)")
	rescreen := fs.Bool("rescreen", true, "after each list update, screen the stored parties again (only new or changed hits become alerts)")
	feScore := fs.Float64("four-eyes-score", casestore.DefaultFourEyesScore, "clearing (false_positive) an alert scoring at least this needs a second person's approval; 1.01 (above 1): no score does (docs/four-eyes.md)")
	feLists := fs.String("four-eyes-lists", strings.Join(casestore.DefaultFourEyes().Lists, ","), "list ids (comma-separated) on which clearing any alert needs a second person's approval; \"\": none")
	feChecker := fs.String("four-eyes-checker", string(casestore.Admin), "the least role that may approve or reject a clearance request: admin or analyst (never the requester)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	mopts := match.DefaultOptions()
	mopts.Threshold = *threshold
	if err := mopts.Validate(); err != nil {
		return nil, usagef("serve: %v", err)
	}
	searchMode, err := casestore.ParseSearchAuditMode(*searchAudit)
	if err != nil {
		return nil, usagef("serve: --search-audit: %v", err)
	}
	fourEyes, err := casestore.ParseFourEyes(*feScore, *feLists, *feChecker)
	if err != nil {
		return nil, usagef("serve: --four-eyes-score, --four-eyes-lists, --four-eyes-checker: %v", err)
	}
	if fs.NArg() > 0 {
		return nil, usagef("serve: unexpected argument %q", fs.Arg(0))
	}
	if *accessLog != "all" && *accessLog != "errors" {
		return nil, usagef("--access-log %q: want all or errors", *accessLog)
	}
	if *logFormat != "text" && *logFormat != "json" {
		return nil, usagef("--log %q: want text or json", *logFormat)
	}
	return &serveConfig{
		addr: *addr, db: *db, updateEvery: *updateEvery, watch: *watch, match: mopts, logFormat: *logFormat, rescreen: *rescreen, fourEyes: fourEyes,
		server: server.Options{
			Match: mopts, QuietAccessLog: *accessLog == "errors",
			SecureCookies: *secure, MaxUploadBytes: *maxUpload, AuditMatches: *auditMatches, SearchAudit: searchMode,
			UploadTimeout: *uploadTimeout, MaxConnsPerClient: *maxConns,
		},
	}, nil
}

func runServe(ctx context.Context, a *app, args []string) error {
	cfg, err := parseServeFlags(a, args)
	if err != nil {
		return err
	}
	// The log is buffered (written out every 100 ms and at exit) so that
	// the access log does not cost a write system call per request.
	logOut := logbuf.New(a.stderr, 100*time.Millisecond)
	defer logOut.Close()
	logger := slog.New(slog.NewTextHandler(logOut, nil))
	if cfg.logFormat == "json" {
		logger = slog.New(slog.NewJSONHandler(logOut, nil))
	}
	st, err := openLists(a)
	if err != nil {
		return err
	}
	cases, err := openCasesWith(ctx, a, cfg.db, casestore.Options{FourEyes: &cfg.fourEyes})
	if err != nil {
		return err
	}
	defer cases.Close()
	logger.Info("four eyes", "policy", cfg.fourEyes.String())
	if users, err := cases.Users(ctx); err != nil {
		return err
	} else if len(users) == 0 {
		logger.Warn("no users yet: create one with `redline users add NAME --role admin`, and API keys with `redline keys create NAME`")
	}

	var holder match.Holder
	var srv *server.Server // set before loop.Run starts
	loop, err := loadServeIndex(ctx, a, cfg, st, cases, &holder, logger, func() *server.Server { return srv })
	if err != nil {
		return err
	}
	opts := cfg.server
	opts.Holder, opts.Store, opts.Lists, opts.Logger = &holder, cases, st, logger
	opts.Shipments = server.NewShipmentScreener(st, &holder, 0) // the rules' own min_score, as `screen shipments`
	opts.TextScreen = evidence.NewScreener(textscreen.Options{Match: cfg.match}).Screen
	opts.Flows = flowsOnDemand{a.dataDir}
	if srv, err = server.New(opts); err != nil {
		return err
	}
	if err := recoverRuns(ctx, srv, logger); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("listening", "addr", "http://"+ln.Addr().String(), "db", cases.Dialect())
	// The address line on stdout lets scripts and tests find the port.
	fmt.Fprintf(a.stdout, "redline serve: listening on http://%s\n", ln.Addr())
	go loop.Run(ctx)
	return serveUntilDone(ctx, srv, srv.HTTPServer(cfg.addr), ln, logger)
}

// loadServeIndex builds the index over the current lists and returns the
// loop that keeps it current: scheduled downloads (audited) and versions
// imported by other commands build a new index that is swapped in
// (requests in flight finish on the old one), after which the stored
// parties are screened again when cfg.rescreen is set.
func loadServeIndex(ctx context.Context, a *app, cfg *serveConfig, st *lists.Store, cases *casestore.DB, h *match.Holder, logger *slog.Logger, srv func() *server.Server) (*reload.Loop, error) {
	start := time.Now()
	loop, m, err := reload.Load(ctx, st, h, reload.Options{
		UpdateEvery: cfg.updateEvery, Watch: cfg.watch, Update: lists.UpdateOptions{UserAgent: "redline-serve"}, Logger: logger,
		Updated: func(ctx context.Context, res []lists.UpdateResult, _ error) {
			var audit []casestore.AuditEntry
			for _, r := range res {
				audit = append(audit, updateAudit("serve:"+cliActor(a), r)) // lists.go
			}
			if len(audit) > 0 {
				if _, err := cases.AuditBatch(ctx, audit); err != nil {
					logger.Error("list update: not audited", "err", err)
				}
			}
		},
		Swapped: func(ctx context.Context, why string, _ *match.Matcher) {
			if !cfg.rescreen {
				return
			}
			run, err := srv().Rescreen(ctx, "system:"+why)
			if err != nil {
				logger.Error("re-screening after the list update failed", "err", err)
				return
			}
			logger.Info("re-screened", "run", run.ID, "parties", run.Parties, "new_alerts", run.Alerts, "suppressed", run.Suppressed, "repeated", run.Repeated)
		},
	})
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	logger.Info("index loaded", "entities", m.Len(), "forms", m.Forms(), "took", time.Since(start).Round(time.Millisecond), "lists", reload.Fingerprint(st))
	return loop, nil
}

// recoverRuns fails the runs a crash cut short before serving; a lost
// re-screening is done again in the background.
func recoverRuns(ctx context.Context, srv *server.Server, logger *slog.Logger) error {
	interrupted, err := srv.RecoverRuns(ctx)
	if err != nil {
		return err
	}
	if server.NeedsRescreen(interrupted) {
		go func() {
			run, err := srv.Rescreen(ctx, "system:resume")
			if err != nil {
				logger.Error("re-screening again after an interrupted one failed", "err", err)
				return
			}
			logger.Info("re-screened again after an interrupted one", "run", run.ID, "parties", run.Parties, "new_alerts", run.Alerts)
		}()
	}
	return nil
}

// serveUntilDone serves on ln until the server fails or ctx is done, then
// shuts down, giving requests in flight 15 s.
func serveUntilDone(ctx context.Context, srv *server.Server, hs *http.Server, ln net.Listener, logger *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		srv.Close()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	srv.Close()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}

// readPassword reads a password: from the terminal without echo, twice,
// or as the first line of stdin when it is not a terminal.
func readPassword(a *app) (string, error) {
	if f := os.Stdin; term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(a.stderr, "Password: ")
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(a.stderr, "Again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords differ")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(io.LimitReader(os.Stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func runUsers(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 {
		return usagef("users: want add, list or remove")
	}
	sub, args := args[0], args[1:]
	fs := newFlags(a, "users "+sub)
	db := fs.String("db", "", "case store: a postgres:// URL, or a SQLite file (default DATA/cases.db)")
	role := fs.String("role", "analyst", "role of a new user: viewer, analyst or admin")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintln(w, "usage: redline users add NAME [--role ROLE] | users list | users remove NAME   [--db DSN]")
		fmt.Fprintln(w, "users add reads the password from the terminal without echo (asked twice), or, when standard")
		fmt.Fprintln(w, "input is not a terminal, as the first line of standard input, without a prompt:")
		io.WriteString(w, "  printf '%s\\n' \"$PASSWORD\" | redline users add alice --role analyst\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	cases, err := openCases(ctx, a, *db)
	if err != nil {
		return err
	}
	defer cases.Close()
	switch sub {
	case "add":
		if fs.NArg() != 1 {
			return usagef("users add NAME [--role ROLE]: the password is read from the terminal or stdin")
		}
		if !casestore.Role(*role).Valid() {
			return usagef("--role %q: want viewer, analyst or admin", *role)
		}
		pw, err := readPassword(a)
		if err != nil {
			return fmt.Errorf("users add: reading the password: %w", err)
		}
		u, err := cases.AddUser(ctx, cliActor(a), fs.Arg(0), casestore.Role(*role), pw)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "user %s added with role %s\n", u.Name, u.Role)
	case "list":
		us, err := cases.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tCREATED")
		for _, u := range us {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Name, u.Role, u.Created.Format(time.RFC3339))
		}
		tw.Flush()
	case "remove":
		if fs.NArg() != 1 {
			return usagef("users remove NAME")
		}
		if err := cases.RemoveUser(ctx, cliActor(a), fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "user %s removed\n", fs.Arg(0))
	default:
		return usagef("users %s: want add, list or remove", sub)
	}
	return nil
}

func runKeys(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 {
		return usagef("keys: want create, revoke or list")
	}
	sub, args := args[0], args[1:]
	fs := newFlags(a, "keys "+sub)
	db := fs.String("db", "", "case store: a postgres:// URL, or a SQLite file (default DATA/cases.db)")
	role := fs.String("role", "viewer", "role of a new key: viewer, analyst or admin")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cases, err := openCases(ctx, a, *db)
	if err != nil {
		return err
	}
	defer cases.Close()
	switch sub {
	case "create":
		if fs.NArg() != 1 {
			return usagef("keys create NAME [--role ROLE]")
		}
		if !casestore.Role(*role).Valid() {
			return usagef("--role %q: want viewer, analyst or admin", *role)
		}
		secret, k, err := cases.CreateKey(ctx, cliActor(a), fs.Arg(0), casestore.Role(*role))
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "key %s (%s, role %s) created; it is shown once, store it now:\n", k.Name, k.Prefix, k.Role)
		fmt.Fprintln(a.stdout, secret)
	case "revoke":
		if fs.NArg() != 1 {
			return usagef("keys revoke ID|PREFIX")
		}
		if err := cases.RevokeKey(ctx, cliActor(a), fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "key %s revoked (servers forget it within 5 s)\n", fs.Arg(0))
	case "list":
		ks, err := cases.Keys(ctx)
		if err != nil {
			return err
		}
		sort.Slice(ks, func(i, j int) bool { return ks[i].ID < ks[j].ID })
		tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tPREFIX\tNAME\tROLE\tCREATED BY\tCREATED\tREVOKED")
		for _, k := range ks {
			rev := "-"
			if k.Revoked != nil {
				rev = k.Revoked.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%d\t%s…\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Prefix, k.Name, k.Role, k.CreatedBy, k.Created.Format(time.RFC3339), rev)
		}
		tw.Flush()
	default:
		return usagef("keys %s: want create, revoke or list", sub)
	}
	return nil
}
