package casestore

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

//go:embed migrations
var migrations embed.FS

// Options tunes a DB. The zero value is the production setting.
type Options struct {
	// PasswordIterations is the PBKDF2 iteration count for new password
	// hashes; DefaultIterations when zero. Tests lower it.
	PasswordIterations int
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
}

// DB is a Store over SQLite or PostgreSQL through database/sql. The SQL is
// shared; the dialects differ in their migrations and in placeholders.
type DB struct {
	// w takes the writes; for SQLite it holds a single connection so that
	// writers queue in Go instead of failing with SQLITE_BUSY.
	w *sql.DB
	// r takes the reads (the same pool as w for PostgreSQL).
	r        *sql.DB
	postgres bool
	opts     Options
}

// Open opens the store at target: a postgres:// or postgresql:// URL opens
// PostgreSQL, anything else is a SQLite file path.
func Open(ctx context.Context, target string, opts Options) (*DB, error) {
	if strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://") {
		return OpenPostgres(ctx, target, opts)
	}
	return OpenSQLite(ctx, target, opts)
}

// OpenSQLite opens (creating if needed) the SQLite database file at path, in
// WAL mode with synchronous=FULL, and applies pending migrations.
func OpenSQLite(ctx context.Context, file string, opts Options) (*DB, error) {
	if file == "" {
		return nil, fmt.Errorf("casestore: sqlite: %w: empty path", ErrInvalid)
	}
	if err := restrictSQLiteFiles(file); err != nil { // filemode.go
		return nil, err
	}
	// In a URI file name "?" and "#" end the path and "%" escapes: a path
	// holding them must have them escaped, or another file is opened.
	dsn := "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(file) +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("casestore: opening %s: %w", file, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("casestore: opening %s: %w", file, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	db := &DB{w: w, r: r, opts: opts}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("casestore: %s: %w", file, err)
	}
	return db, nil
}

// OpenPostgres connects to the PostgreSQL database at dsn and applies
// pending migrations (under an advisory lock, so that several servers may
// start at once).
func OpenPostgres(ctx context.Context, dsn string, opts Options) (*DB, error) {
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("casestore: postgres: %w", err)
	}
	p.SetMaxOpenConns(16)
	p.SetMaxIdleConns(16)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("casestore: postgres: %w", err)
	}
	db := &DB{w: p, r: p, postgres: true, opts: opts}
	if err := db.migrate(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("casestore: postgres: %w", err)
	}
	return db, nil
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string {
	if db.postgres {
		return "postgres"
	}
	return "sqlite"
}

// Close closes the database.
func (db *DB) Close() error {
	err := db.w.Close()
	if db.r != db.w {
		if err2 := db.r.Close(); err == nil {
			err = err2
		}
	}
	return err
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.w.PingContext(ctx); err != nil {
		return fmt.Errorf("casestore: ping: %w", err)
	}
	return nil
}

// Migration is one schema migration file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations of a dialect ("sqlite" or
// "postgres") in version order. Files are named NNNN_name.sql.
func Migrations(dialect string) ([]Migration, error) {
	dir := path.Join("migrations", dialect)
	ents, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("casestore: migrations for %q: %w", dialect, err)
	}
	var out []Migration
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("casestore: %s/%s: %w: migration name must start with a version number", dir, name, ErrInvalid)
		}
		b, err := migrations.ReadFile(path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("casestore: %s: %w: two migrations with version %d", dir, ErrInvalid, out[i].Version)
		}
	}
	return out, nil
}

// SchemaVersion returns the highest applied migration version.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	if err := db.r.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("casestore: schema version: %w", err)
	}
	return int(v.Int64), nil
}

func (db *DB) migrate(ctx context.Context) error {
	ms, err := Migrations(db.Dialect())
	if err != nil {
		return err
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	defer tx.Rollback()
	if db.postgres {
		// One migrator at a time across processes.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(72616564)"); err != nil {
			return fmt.Errorf("migrations: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	applied := map[int]bool{}
	rows, err := tx.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("migrations: %w", err)
		}
		applied[v] = true
	}
	rows.Close()
	for _, m := range ms {
		if applied[m.Version] {
			continue
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, db.q("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
			m.Version, m.Name, db.now().UnixMicro()); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrations: commit: %w", err)
	}
	return nil
}

// q rewrites ? placeholders to $1, $2, ... for PostgreSQL. The queries in
// this package hold no ? inside string literals.
func (db *DB) q(s string) string {
	if !db.postgres {
		return s
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func (db *DB) now() time.Time {
	if db.opts.Now != nil {
		return db.opts.Now().UTC()
	}
	return time.Now().UTC()
}

func micro(t int64) time.Time { return time.UnixMicro(t).UTC() }

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// tx runs f in a write transaction and commits it.
func (db *DB) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// insert runs an INSERT with RETURNING id.
func (db *DB) insert(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, db.q(query+" RETURNING id"), args...).Scan(&id)
	return id, err
}

// audit appends an audit entry inside tx.
func (db *DB) audit(ctx context.Context, tx *sql.Tx, actor, action, subject string, detail any) (AuditEntry, error) {
	var raw json.RawMessage
	switch d := detail.(type) {
	case nil:
		raw = json.RawMessage("{}")
	case json.RawMessage:
		raw = d
		if len(raw) == 0 {
			raw = json.RawMessage("{}")
		}
	default:
		b, err := json.Marshal(d)
		if err != nil {
			return AuditEntry{}, fmt.Errorf("audit detail: %w", err)
		}
		raw = b
	}
	if !json.Valid(raw) {
		return AuditEntry{}, fmt.Errorf("audit detail: %w: not JSON", ErrInvalid)
	}
	e := AuditEntry{At: db.now(), Actor: actor, Action: action, Subject: subject, Detail: raw}
	prev, err := db.auditHead(ctx, tx) // audit.go: the hash chain
	if err != nil {
		return AuditEntry{}, err
	}
	at := e.At.UnixMicro()
	e.PrevHash, e.Hash = prev, auditHash(prev, at, actor, action, subject, string(raw))
	id, err := db.insert(ctx, tx, "INSERT INTO audit (at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
		at, actor, action, subject, string(raw), e.PrevHash, e.Hash)
	if err != nil {
		return AuditEntry{}, fmt.Errorf("audit: %w", err)
	}
	e.ID = id
	e.At = micro(e.At.UnixMicro())
	return e, nil
}

// ---- users ----

// AddUser creates a user with a password.
func (db *DB) AddUser(ctx context.Context, actor, name string, role Role, password string) (User, error) {
	name = strings.TrimSpace(name)
	if name == "" || strings.ContainsAny(name, " \t\r\n:") || len(name) > 64 {
		return User{}, fmt.Errorf("casestore: add user %q: %w: a name is 1-64 characters without spaces or colons", name, ErrInvalid)
	}
	if !role.Valid() {
		return User{}, fmt.Errorf("casestore: add user %s: %w: role %q", name, ErrInvalid, role)
	}
	if len(password) < 8 {
		return User{}, fmt.Errorf("casestore: add user %s: %w: password shorter than 8 characters", name, ErrInvalid)
	}
	hash, err := hashPassword(password, db.opts.PasswordIterations)
	if err != nil {
		return User{}, err
	}
	u := User{Name: name, Role: role, Created: micro(db.now().UnixMicro())}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		id, err := db.insert(ctx, tx, "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
			name, string(role), hash, u.Created.UnixMicro())
		if err != nil {
			return err
		}
		u.ID = id
		_, err = db.audit(ctx, tx, actor, "user.add", "user:"+name, map[string]any{"role": role})
		return err
	})
	if isUnique(err) {
		return User{}, fmt.Errorf("casestore: add user %s: %w", name, ErrExists)
	}
	if err != nil {
		return User{}, fmt.Errorf("casestore: add user %s: %w", name, err)
	}
	return u, nil
}

// Users lists the users by name.
func (db *DB) Users(ctx context.Context) ([]User, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT id, name, role, created_at FROM users ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("casestore: users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var role string
		var c int64
		if err := rows.Scan(&u.ID, &u.Name, &role, &c); err != nil {
			return nil, fmt.Errorf("casestore: users: %w", err)
		}
		u.Role, u.Created = Role(role), micro(c)
		out = append(out, u)
	}
	return out, rows.Err()
}

// RemoveUser deletes a user and their sessions.
func (db *DB) RemoveUser(ctx context.Context, actor, name string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q("DELETE FROM users WHERE name = ?"), name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = db.audit(ctx, tx, actor, "user.remove", "user:"+name, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("casestore: remove user %s: %w", name, err)
	}
	return nil
}

// Login checks a user's password. Unknown users and wrong passwords give the
// same error, after the same work.
func (db *DB) Login(ctx context.Context, name, password string) (User, error) {
	var u User
	var role, hash string
	var c int64
	err := db.r.QueryRowContext(ctx, db.q("SELECT id, name, role, password_hash, created_at FROM users WHERE name = ?"), name).
		Scan(&u.ID, &u.Name, &role, &hash, &c)
	if errors.Is(err, sql.ErrNoRows) {
		checkPassword(password, dummyHash(db.opts.PasswordIterations))
		return User{}, fmt.Errorf("casestore: login %s: %w", name, ErrCredentials)
	}
	if err != nil {
		return User{}, fmt.Errorf("casestore: login: %w", err)
	}
	if !checkPassword(password, hash) {
		return User{}, fmt.Errorf("casestore: login %s: %w", name, ErrCredentials)
	}
	u.Role, u.Created = Role(role), micro(c)
	return u, nil
}

// dummyHash is a hash to check unknown users' passwords against, so that
// a login for an unknown name costs as much as one for a known name.
func dummyHash(iter int) string {
	if iter <= 0 {
		iter = DefaultIterations
	}
	return "pbkdf2-sha256$" + strconv.Itoa(iter) + "$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
}

// ---- API keys ----

// keyPrefixLen is how much of a key is kept in clear: "rl_" and 8 hex
// digits.
const keyPrefixLen = 11

// CreateKey makes a new API key "rl_" + 64 hex digits and returns it in
// clear; only its SHA-256 is stored.
func (db *DB) CreateKey(ctx context.Context, actor, name string, role Role) (string, Key, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 64 {
		return "", Key{}, fmt.Errorf("casestore: create key: %w: a key name is 1-64 characters", ErrInvalid)
	}
	if !role.Valid() {
		return "", Key{}, fmt.Errorf("casestore: create key %s: %w: role %q", name, ErrInvalid, role)
	}
	for attempt := 0; ; attempt++ {
		secret := newToken("rl_")
		k := Key{Prefix: secret[:keyPrefixLen], Name: name, Role: role, CreatedBy: actor, Created: micro(db.now().UnixMicro())}
		err := db.tx(ctx, func(tx *sql.Tx) error {
			id, err := db.insert(ctx, tx, "INSERT INTO api_keys (prefix, hash, name, role, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
				k.Prefix, tokenHash(secret), name, string(role), actor, k.Created.UnixMicro())
			if err != nil {
				return err
			}
			k.ID = id
			_, err = db.audit(ctx, tx, actor, "key.create", "key:"+k.Prefix, map[string]any{"name": name, "role": role})
			return err
		})
		if isUnique(err) && attempt < 3 {
			continue // prefix collision: draw again
		}
		if err != nil {
			return "", Key{}, fmt.Errorf("casestore: create key %s: %w", name, err)
		}
		return secret, k, nil
	}
}

// Keys lists the keys, revoked ones included, newest first.
func (db *DB) Keys(ctx context.Context) ([]Key, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT id, prefix, name, role, created_by, created_at, revoked_at FROM api_keys ORDER BY id DESC")
	if err != nil {
		return nil, fmt.Errorf("casestore: keys: %w", err)
	}
	defer rows.Close()
	var out []Key
	for rows.Next() {
		var k Key
		var role string
		var c int64
		var rv sql.NullInt64
		if err := rows.Scan(&k.ID, &k.Prefix, &k.Name, &role, &k.CreatedBy, &c, &rv); err != nil {
			return nil, fmt.Errorf("casestore: keys: %w", err)
		}
		k.Role, k.Created = Role(role), micro(c)
		if rv.Valid {
			t := micro(rv.Int64)
			k.Revoked = &t
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeKey revokes a key by id or prefix.
func (db *DB) RevokeKey(ctx context.Context, actor, idOrPrefix string) error {
	col, arg := "prefix", any(idOrPrefix)
	if id, err := strconv.ParseInt(idOrPrefix, 10, 64); err == nil {
		col, arg = "id", id
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var prefix string
		var rv sql.NullInt64
		err := tx.QueryRowContext(ctx, db.q("SELECT prefix, revoked_at FROM api_keys WHERE "+col+" = ?"), arg).Scan(&prefix, &rv)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if rv.Valid {
			return nil // already revoked
		}
		if _, err := tx.ExecContext(ctx, db.q("UPDATE api_keys SET revoked_at = ? WHERE prefix = ?"), db.now().UnixMicro(), prefix); err != nil {
			return err
		}
		_, err = db.audit(ctx, tx, actor, "key.revoke", "key:"+prefix, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("casestore: revoke key %s: %w", idOrPrefix, err)
	}
	return nil
}

// KeyPrincipal returns who holds a key.
func (db *DB) KeyPrincipal(ctx context.Context, secret string) (Principal, error) {
	if !strings.HasPrefix(secret, "rl_") || len(secret) != 3+64 {
		return Principal{}, fmt.Errorf("casestore: key: %w", ErrCredentials)
	}
	var name, role string
	err := db.r.QueryRowContext(ctx, db.q("SELECT name, role FROM api_keys WHERE hash = ? AND revoked_at IS NULL"), tokenHash(secret)).Scan(&name, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return Principal{}, fmt.Errorf("casestore: key %s: %w", secret[:keyPrefixLen], ErrCredentials)
	}
	if err != nil {
		return Principal{}, fmt.Errorf("casestore: key: %w", err)
	}
	return Principal{Name: "key:" + name, Role: Role(role), Kind: "key"}, nil
}

// ---- sessions ----

// CreateSession starts a browser session for a user.
func (db *DB) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (string, Session, error) {
	if ttl <= 0 {
		return "", Session{}, fmt.Errorf("casestore: session: %w: ttl %v", ErrInvalid, ttl)
	}
	token := newToken("rs_")
	csrf := newToken("")[:40]
	now := db.now()
	s := Session{CSRF: csrf, Created: micro(now.UnixMicro()), Expires: micro(now.Add(ttl).UnixMicro())}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var role string
		var c int64
		err := tx.QueryRowContext(ctx, db.q("SELECT id, name, role, created_at FROM users WHERE id = ?"), userID).Scan(&s.User.ID, &s.User.Name, &role, &c)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		s.User.Role, s.User.Created = Role(role), micro(c)
		// Sweep expired sessions while we are here.
		if _, err := tx.ExecContext(ctx, db.q("DELETE FROM sessions WHERE expires_at < ?"), now.UnixMicro()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.q("INSERT INTO sessions (hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"),
			tokenHash(token), userID, csrf, s.Created.UnixMicro(), s.Expires.UnixMicro())
		if err != nil {
			return err
		}
		_, err = db.audit(ctx, tx, s.User.Name, "session.login", "user:"+s.User.Name, nil)
		return err
	})
	if err != nil {
		return "", Session{}, fmt.Errorf("casestore: session for user %d: %w", userID, err)
	}
	return token, s, nil
}

// Session returns a live session.
func (db *DB) Session(ctx context.Context, token string) (Session, error) {
	var s Session
	var role string
	var uc, c, exp int64
	err := db.r.QueryRowContext(ctx, db.q(`SELECT u.id, u.name, u.role, u.created_at, s.csrf, s.created_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ?`), tokenHash(token)).
		Scan(&s.User.ID, &s.User.Name, &role, &uc, &s.CSRF, &c, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("casestore: session: %w", ErrCredentials)
	}
	if err != nil {
		return Session{}, fmt.Errorf("casestore: session: %w", err)
	}
	s.User.Role, s.User.Created, s.Created, s.Expires = Role(role), micro(uc), micro(c), micro(exp)
	if !db.now().Before(s.Expires) {
		return Session{}, fmt.Errorf("casestore: session expired: %w", ErrCredentials)
	}
	return s, nil
}

// EndSession deletes a session.
func (db *DB) EndSession(ctx context.Context, token string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, db.q("SELECT u.name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ?"), tokenHash(token)).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q("DELETE FROM sessions WHERE hash = ?"), tokenHash(token)); err != nil {
			return err
		}
		_, err = db.audit(ctx, tx, name, "session.logout", "user:"+name, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("casestore: end session: %w", err)
	}
	return nil
}

// ---- runs ----

// CreateRun records the start of a screening run.
func (db *DB) CreateRun(ctx context.Context, r Run) (Run, error) {
	if r.Kind == "" || r.Actor == "" {
		return Run{}, fmt.Errorf("casestore: create run: %w: kind and actor are required", ErrInvalid)
	}
	if r.ListVersions == nil {
		r.ListVersions = map[string]string{}
	}
	if len(r.Settings) == 0 {
		r.Settings = json.RawMessage("{}")
	}
	if !json.Valid(r.Settings) {
		return Run{}, fmt.Errorf("casestore: create run: %w: settings are not JSON", ErrInvalid)
	}
	lv, _ := json.Marshal(r.ListVersions)
	r.Started = micro(db.now().UnixMicro())
	r.Finished = nil
	err := db.tx(ctx, func(tx *sql.Tx) error {
		id, err := db.insert(ctx, tx, `INSERT INTO runs (actor, kind, source, list_versions, settings, started_at, parties, hits, alerts, suppressed, repeated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Actor, r.Kind, r.Source, string(lv), string(r.Settings), r.Started.UnixMicro(),
			r.Parties, r.Hits, r.Alerts, r.Suppressed, r.Repeated)
		if err != nil {
			return err
		}
		r.ID = id
		_, err = db.audit(ctx, tx, r.Actor, "run.create", "run:"+strconv.FormatInt(id, 10), map[string]any{
			"kind": r.Kind, "source": r.Source, "list_versions": r.ListVersions, "settings": r.Settings,
		})
		return err
	})
	if err != nil {
		return Run{}, fmt.Errorf("casestore: create run: %w", err)
	}
	return r, nil
}

// FinishRun records a run's end and counts.
func (db *DB) FinishRun(ctx context.Context, id int64, st RunStats) error {
	return db.endRun(ctx, id, st, "")
}

const runCols = "id, actor, kind, source, list_versions, settings, started_at, finished_at, parties, hits, alerts, suppressed, repeated, error"

func scanRun(sc interface{ Scan(...any) error }) (Run, error) {
	var r Run
	var lv, settings string
	var st int64
	var fin sql.NullInt64
	if err := sc.Scan(&r.ID, &r.Actor, &r.Kind, &r.Source, &lv, &settings, &st, &fin,
		&r.Parties, &r.Hits, &r.Alerts, &r.Suppressed, &r.Repeated, &r.Error); err != nil {
		return Run{}, err
	}
	if err := json.Unmarshal([]byte(lv), &r.ListVersions); err != nil {
		return Run{}, fmt.Errorf("run %d list versions: %w", r.ID, err)
	}
	r.Settings = json.RawMessage(settings)
	r.Started = micro(st)
	if fin.Valid {
		t := micro(fin.Int64)
		r.Finished = &t
	}
	return r, nil
}

// Run returns one run.
func (db *DB) Run(ctx context.Context, id int64) (Run, error) {
	r, err := scanRun(db.r.QueryRowContext(ctx, db.q("SELECT "+runCols+" FROM runs WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, fmt.Errorf("casestore: run %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Run{}, fmt.Errorf("casestore: run %d: %w", id, err)
	}
	return r, nil
}

// Runs lists the latest runs, newest first.
func (db *DB) Runs(ctx context.Context, limit int) ([]Run, error) {
	return db.queryRuns(ctx, "runs", "SELECT "+runCols+" FROM runs ORDER BY id DESC LIMIT ?", clampLimit(limit))
}

func clampLimit(n int) int {
	if n <= 0 {
		return 100
	}
	return min(n, 1000)
}

// ---- alerts ----

// AddAlerts records the hits of a run: each becomes a new alert unless its
// pair is allow-listed for the same entity version (Suppressed) or an alert
// for the same pair and entity version exists (Repeated).
func (db *DB) AddAlerts(ctx context.Context, runID int64, hits []Alert) ([]Outcome, error) {
	out := make([]Outcome, len(hits))
	for i := range hits {
		h := &hits[i]
		if h.PartyKey == "" || h.EntityID == "" || h.EntityHash == "" {
			return nil, fmt.Errorf("casestore: add alerts: hit %d: %w: party key, entity id and entity hash are required", i, ErrInvalid)
		}
		if len(h.Party) == 0 {
			h.Party = json.RawMessage("{}")
		}
		if len(h.Explanation) == 0 {
			h.Explanation = json.RawMessage("{}")
		}
		if !json.Valid(h.Party) || !json.Valid(h.Explanation) {
			return nil, fmt.Errorf("casestore: add alerts: hit %d: %w: party or explanation is not JSON", i, ErrInvalid)
		}
	}
	var actor string
	var counts = map[Outcome]int{}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, db.q("SELECT actor FROM runs WHERE id = ?"), runID).Scan(&actor); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("run %d: %w", runID, ErrNotFound)
			}
			return err
		}
		now := db.now().UnixMicro()
		allowed, err := tx.PrepareContext(ctx, db.q("SELECT 1 FROM allow_list WHERE party_key = ? AND entity_id = ? AND entity_hash = ?"))
		if err != nil {
			return err
		}
		defer allowed.Close()
		seen, err := tx.PrepareContext(ctx, db.q("SELECT 1 FROM alerts WHERE party_key = ? AND entity_id = ? AND entity_hash = ? LIMIT 1"))
		if err != nil {
			return err
		}
		defer seen.Close()
		insert, err := tx.PrepareContext(ctx, db.q(`INSERT INTO alerts (run_id, party_key, party_name, party, entity_id, entity_caption, entity_hash, dataset, score, explanation, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`))
		if err != nil {
			return err
		}
		defer insert.Close()
		for i := range hits {
			h := &hits[i]
			var one int
			err := allowed.QueryRowContext(ctx, h.PartyKey, h.EntityID, h.EntityHash).Scan(&one)
			if err == nil {
				out[i] = Suppressed
				counts[Suppressed]++
				continue
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			err = seen.QueryRowContext(ctx, h.PartyKey, h.EntityID, h.EntityHash).Scan(&one)
			if err == nil {
				out[i] = Repeated
				counts[Repeated]++
				continue
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			var id int64
			err = insert.QueryRowContext(ctx, runID, h.PartyKey, h.PartyName, string(h.Party), h.EntityID, h.EntityCaption, h.EntityHash, h.Dataset,
				h.Score, string(h.Explanation), StatusOpen, now, now).Scan(&id)
			if err != nil {
				return err
			}
			h.ID, h.RunID, h.Status, h.Created, h.Updated = id, runID, StatusOpen, micro(now), micro(now)
			out[i] = Created
			counts[Created]++
		}
		if len(hits) == 0 {
			return nil
		}
		_, err = db.audit(ctx, tx, actor, "alerts.add", "run:"+strconv.FormatInt(runID, 10), map[string]int{
			"hits": len(hits), "created": counts[Created], "suppressed": counts[Suppressed], "repeated": counts[Repeated],
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("casestore: add alerts to run %d: %w", runID, err)
	}
	return out, nil
}

// SaveParties records the parties a run screened.
func (db *DB) SaveParties(ctx context.Context, runID int64, ps []Party) error {
	for i, p := range ps {
		if p.Key == "" || !json.Valid(p.Query) {
			return fmt.Errorf("casestore: save parties: party %d: %w: a key and a JSON query are required", i, ErrInvalid)
		}
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now().UnixMicro()
		for _, p := range ps {
			_, err := tx.ExecContext(ctx, db.q(`INSERT INTO parties (party_key, name, query, first_run, last_run, updated_at) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (party_key) DO UPDATE SET name = excluded.name, query = excluded.query, last_run = excluded.last_run, updated_at = excluded.updated_at`),
				p.Key, p.Name, string(p.Query), runID, runID, now)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("casestore: save parties of run %d: %w", runID, err)
	}
	return nil
}

// Parties lists the stored parties with a key after the given one.
func (db *DB) Parties(ctx context.Context, after string, limit int) ([]Party, error) {
	rows, err := db.r.QueryContext(ctx, db.q("SELECT party_key, name, query, first_run, last_run, updated_at FROM parties WHERE party_key > ? ORDER BY party_key LIMIT ?"), after, clampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("casestore: parties: %w", err)
	}
	defer rows.Close()
	var out []Party
	for rows.Next() {
		var p Party
		var q string
		var u int64
		if err := rows.Scan(&p.Key, &p.Name, &q, &p.FirstRun, &p.LastRun, &u); err != nil {
			return nil, fmt.Errorf("casestore: parties: %w", err)
		}
		p.Query, p.Updated = json.RawMessage(q), micro(u)
		out = append(out, p)
	}
	return out, rows.Err()
}

// CountParties counts the stored parties.
func (db *DB) CountParties(ctx context.Context) (int, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM parties").Scan(&n); err != nil {
		return 0, fmt.Errorf("casestore: count parties: %w", err)
	}
	return n, nil
}

const alertCols = "id, run_id, party_key, party_name, party, entity_id, entity_caption, entity_hash, dataset, score, explanation, status, created_at, updated_at"

func scanAlert(sc interface{ Scan(...any) error }) (Alert, error) {
	var a Alert
	var party, expl string
	var c, u int64
	if err := sc.Scan(&a.ID, &a.RunID, &a.PartyKey, &a.PartyName, &party, &a.EntityID, &a.EntityCaption, &a.EntityHash,
		&a.Dataset, &a.Score, &expl, &a.Status, &c, &u); err != nil {
		return Alert{}, err
	}
	a.Party, a.Explanation, a.Created, a.Updated = json.RawMessage(party), json.RawMessage(expl), micro(c), micro(u)
	return a, nil
}

// Alert returns one alert.
func (db *DB) Alert(ctx context.Context, id int64) (Alert, error) {
	a, err := scanAlert(db.r.QueryRowContext(ctx, db.q("SELECT "+alertCols+" FROM alerts WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return Alert{}, fmt.Errorf("casestore: alert %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Alert{}, fmt.Errorf("casestore: alert %d: %w", id, err)
	}
	return a, nil
}

// Alerts lists alerts, newest first.
func (db *DB) Alerts(ctx context.Context, f AlertFilter) ([]Alert, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	if f.RunID != 0 {
		where, args = append(where, "run_id = ?"), append(args, f.RunID)
	}
	if f.MinScore > 0 {
		where, args = append(where, "score >= ?"), append(args, f.MinScore)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		pat := "%" + likeEscape(strings.ToLower(t)) + "%"
		where, args = append(where, `(LOWER(party_name) LIKE ? ESCAPE '\' OR LOWER(entity_caption) LIKE ? ESCAPE '\' OR entity_id = ?)`), append(args, pat, pat, t)
	}
	q := "SELECT " + alertCols + " FROM alerts"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT ? OFFSET ?"
	args = append(args, clampLimit(f.Limit), max(f.Offset, 0))
	rows, err := db.r.QueryContext(ctx, db.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("casestore: alerts: %w", err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("casestore: alerts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CountAlerts counts alerts per status.
func (db *DB) CountAlerts(ctx context.Context) (map[string]int, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT status, COUNT(*) FROM alerts GROUP BY status")
	if err != nil {
		return nil, fmt.Errorf("casestore: count alerts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("casestore: count alerts: %w", err)
		}
		out[s] = n
	}
	return out, rows.Err()
}

// ---- decisions ----

// Decide records a decision on an alert. On false_positive the pair is
// allow-listed for the alert's entity version; any other decision removes
// such an allow-listing.
func (db *DB) Decide(ctx context.Context, alertID int64, d Decision, reason, actor string) (DecisionRecord, error) {
	reason = strings.TrimSpace(reason)
	if err := CheckDecision(d); err != nil {
		return DecisionRecord{}, fmt.Errorf("casestore: decide alert %d: %w", alertID, err)
	}
	if reason == "" {
		return DecisionRecord{}, fmt.Errorf("casestore: decide alert %d: %w: a reason is required", alertID, ErrInvalid)
	}
	if actor == "" {
		return DecisionRecord{}, fmt.Errorf("casestore: decide alert %d: %w: no actor", alertID, ErrInvalid)
	}
	rec := DecisionRecord{AlertID: alertID, Decision: d, Reason: reason, Actor: actor}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var pk, eid, eh string
		err := tx.QueryRowContext(ctx, db.q("SELECT party_key, entity_id, entity_hash FROM alerts WHERE id = ?"), alertID).Scan(&pk, &eid, &eh)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		now := db.now().UnixMicro()
		rec.Created = micro(now)
		id, err := db.insert(ctx, tx, "INSERT INTO decisions (alert_id, decision, reason, actor, created_at) VALUES (?, ?, ?, ?, ?)",
			alertID, string(d), reason, actor, now)
		if err != nil {
			return err
		}
		rec.ID = id
		if _, err := tx.ExecContext(ctx, db.q("UPDATE alerts SET status = ?, updated_at = ? WHERE id = ?"), string(d), now, alertID); err != nil {
			return err
		}
		if d == FalsePositive {
			_, err = tx.ExecContext(ctx, db.q(`INSERT INTO allow_list (party_key, entity_id, entity_hash, decision_id, actor, created_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`), pk, eid, eh, id, actor, now)
		} else {
			_, err = tx.ExecContext(ctx, db.q("DELETE FROM allow_list WHERE party_key = ? AND entity_id = ? AND entity_hash = ?"), pk, eid, eh)
		}
		if err != nil {
			return err
		}
		_, err = db.audit(ctx, tx, actor, "decision.add", "alert:"+strconv.FormatInt(alertID, 10), map[string]any{
			"decision_id": id, "decision": d, "reason": reason, "party_key": pk, "entity_id": eid, "entity_hash": eh,
		})
		return err
	})
	if err != nil {
		return DecisionRecord{}, fmt.Errorf("casestore: decide alert %d: %w", alertID, err)
	}
	return rec, nil
}

// Decisions lists the decisions on an alert, oldest first.
func (db *DB) Decisions(ctx context.Context, alertID int64) ([]DecisionRecord, error) {
	rows, err := db.r.QueryContext(ctx, db.q("SELECT id, alert_id, decision, reason, actor, created_at FROM decisions WHERE alert_id = ? ORDER BY id"), alertID)
	if err != nil {
		return nil, fmt.Errorf("casestore: decisions of alert %d: %w", alertID, err)
	}
	defer rows.Close()
	var out []DecisionRecord
	for rows.Next() {
		var r DecisionRecord
		var d string
		var c int64
		if err := rows.Scan(&r.ID, &r.AlertID, &d, &r.Reason, &r.Actor, &c); err != nil {
			return nil, fmt.Errorf("casestore: decisions: %w", err)
		}
		r.Decision, r.Created = Decision(d), micro(c)
		out = append(out, r)
	}
	return out, rows.Err()
}

// IsAllowed reports whether the pair is allow-listed for that entity
// version.
func (db *DB) IsAllowed(ctx context.Context, partyKey, entityID, entityHash string) (bool, error) {
	var one int
	err := db.r.QueryRowContext(ctx, db.q("SELECT 1 FROM allow_list WHERE party_key = ? AND entity_id = ? AND entity_hash = ?"),
		partyKey, entityID, entityHash).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("casestore: allow-list: %w", err)
	}
	return true, nil
}

// AllowList lists the allow-list, newest first.
func (db *DB) AllowList(ctx context.Context, limit int) ([]Allowed, error) {
	rows, err := db.r.QueryContext(ctx, db.q("SELECT party_key, entity_id, entity_hash, decision_id, actor, created_at FROM allow_list ORDER BY created_at DESC, decision_id DESC LIMIT ?"), clampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("casestore: allow-list: %w", err)
	}
	defer rows.Close()
	var out []Allowed
	for rows.Next() {
		var a Allowed
		var c int64
		if err := rows.Scan(&a.PartyKey, &a.EntityID, &a.EntityHash, &a.DecisionID, &a.Actor, &c); err != nil {
			return nil, fmt.Errorf("casestore: allow-list: %w", err)
		}
		a.Created = micro(c)
		out = append(out, a)
	}
	return out, rows.Err()
}

// ---- audit ----

// Audit appends an entry to the audit log. At and ID are set by the store.
func (db *DB) Audit(ctx context.Context, e AuditEntry) (AuditEntry, error) {
	if e.Actor == "" || e.Action == "" {
		return AuditEntry{}, fmt.Errorf("casestore: audit: %w: actor and action are required", ErrInvalid)
	}
	var out AuditEntry
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = db.audit(ctx, tx, e.Actor, e.Action, e.Subject, e.Detail)
		return err
	})
	if err != nil {
		return AuditEntry{}, fmt.Errorf("casestore: audit: %w", err)
	}
	return out, nil
}

// AuditBatch appends several entries in one transaction (one fsync).
func (db *DB) AuditBatch(ctx context.Context, es []AuditEntry) ([]AuditEntry, error) {
	for i, e := range es {
		if e.Actor == "" || e.Action == "" {
			return nil, fmt.Errorf("casestore: audit batch entry %d: %w: actor and action are required", i, ErrInvalid)
		}
	}
	out := make([]AuditEntry, len(es))
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for i, e := range es {
			var err error
			if out[i], err = db.audit(ctx, tx, e.Actor, e.Action, e.Subject, e.Detail); err != nil {
				return fmt.Errorf("entry %d: %w", i, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("casestore: audit batch: %w", err)
	}
	return out, nil
}

// AuditLog lists entries, newest first.
func (db *DB) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var where []string
	var args []any
	if f.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, f.Actor)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if f.Before > 0 {
		where, args = append(where, "id < ?"), append(args, f.Before)
	}
	q := "SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, clampLimit(f.Limit))
	rows, err := db.r.QueryContext(ctx, db.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("casestore: audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		var detail string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Subject, &detail, &e.PrevHash, &e.Hash); err != nil {
			return nil, fmt.Errorf("casestore: audit log: %w", err)
		}
		e.At, e.Detail = micro(at), json.RawMessage(detail)
		out = append(out, e)
	}
	return out, rows.Err()
}

var _ Store = (*DB)(nil)
