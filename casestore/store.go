// Package casestore keeps what screening leaves behind: users, API keys and
// browser sessions; screening runs and the alerts they raised; analysts'
// decisions on alerts; the allow-list those decisions build; the evidence
// ledger (documents, the parties, goods and transfers found in them, and
// analysts' reviews of those transfers, see evidence.go); and an
// append-only audit log of who screened what and who decided what.
//
// Store is the one interface. DB implements it over SQLite (OpenSQLite, the
// default, pure Go, in the data folder) and over PostgreSQL (OpenPostgres,
// for teams). Both run the same versioned migrations (migrations/sqlite and
// migrations/postgres, embedded) and pass the same conformance suite
// (casestore/storetest).
//
// Durability: a method that returns without error has committed its
// transaction; SQLite runs in WAL mode with synchronous=FULL, so an
// acknowledged decision survives a crash of the process or the machine.
// The audit log and the decisions table are append-only: the API has no way
// to change or remove an entry, and triggers in both databases refuse UPDATE
// and DELETE on them.
//
// Re-screening: AddAlerts records a hit as a new alert only when it is new or
// changed. A hit whose party key, entity id and entity version hash equal an
// allow-listed pair (a false-positive decision) is suppressed; one that equals
// an alert already raised is repeated; neither becomes a new alert. When the
// listed entity changes in a new list version its hash changes, and the hit
// is an alert again.
package casestore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/redline-sanctions/redline/entity"
)

// Role is what a user or an API key may do. Roles are ordered: an admin may
// do whatever an analyst may, an analyst whatever a viewer may.
type Role string

// The roles.
const (
	// Viewer may search, match and read alerts, lists and entities.
	Viewer Role = "viewer"
	// Analyst may also screen files and decide alerts.
	Analyst Role = "analyst"
	// Admin may also manage users and keys and read the audit log.
	Admin Role = "admin"
)

// Valid reports whether r is one of the three roles.
func (r Role) Valid() bool { return r == Viewer || r == Analyst || r == Admin }

// Allows reports whether a holder of role r may do what needs role need.
func (r Role) Allows(need Role) bool { return r.rank() >= need.rank() && r.Valid() }

func (r Role) rank() int {
	switch r {
	case Viewer:
		return 1
	case Analyst:
		return 2
	case Admin:
		return 3
	}
	return 0
}

// Decision is an analyst's verdict on an alert.
type Decision string

// The decisions.
const (
	TrueMatch     Decision = "true_match"
	FalsePositive Decision = "false_positive"
	NeedsReview   Decision = "needs_review"
)

// Valid reports whether d is one of the three decisions.
func (d Decision) Valid() bool { return d == TrueMatch || d == FalsePositive || d == NeedsReview }

// StatusOpen is the status of an alert nobody has decided yet; a decided
// alert's status is its latest decision.
const StatusOpen = "open"

// Errors the store returns, wrapped.
var (
	// ErrNotFound: no such user, key, session, run or alert.
	ErrNotFound = errors.New("not found")
	// ErrExists: a user or key with that name or prefix already exists.
	ErrExists = errors.New("already exists")
	// ErrInvalid: an argument is not acceptable (bad role, empty name, ...).
	ErrInvalid = errors.New("invalid argument")
	// ErrCredentials: wrong password, unknown or revoked key, expired session.
	ErrCredentials = errors.New("invalid credentials")
	// ErrForbidden: the actor may not do this (a maker checking their own
	// clearance request, a role below the four-eyes checker role).
	ErrForbidden = errors.New("forbidden")
	// ErrConflict: the request conflicts with the current state (a
	// clearance already settled, or one already pending on the alert).
	ErrConflict = errors.New("conflict")
)

// User is a person who logs in to the web UI.
type User struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	Role    Role      `json:"role"`
	Created time.Time `json:"created"`
}

// Key is an API key as stored: its secret is kept only as a hash; Prefix is
// the first characters of the key, shown so that people can tell keys apart.
type Key struct {
	ID        int64      `json:"id"`
	Prefix    string     `json:"prefix"`
	Name      string     `json:"name"`
	Role      Role       `json:"role"`
	CreatedBy string     `json:"created_by"`
	Created   time.Time  `json:"created"`
	Revoked   *time.Time `json:"revoked,omitempty"`
}

// Principal is who is making a request: a user (by session or password) or
// an API key.
type Principal struct {
	// Name is the user name, or "key:" and the key's name.
	Name string `json:"name"`
	Role Role   `json:"role"`
	// Kind is "user" or "key".
	Kind string `json:"kind"`
}

// Session is a browser session. The token itself is never stored, only its
// hash; CSRF is the token forms must echo.
type Session struct {
	User    User      `json:"user"`
	CSRF    string    `json:"-"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
}

// Run is one screening: who ran it, when, on what, against which list
// versions and with which settings.
type Run struct {
	ID    int64  `json:"id"`
	Actor string `json:"actor"`
	// Kind is "parties", "shipments", "match" or "rescreen".
	Kind string `json:"kind"`
	// Source names the input: a file name, "api" or a run id.
	Source string `json:"source"`
	// ListVersions maps each dataset to the version screened against.
	ListVersions map[string]string `json:"list_versions"`
	// Settings are the screening options, as JSON.
	Settings json.RawMessage `json:"settings"`
	Started  time.Time       `json:"started"`
	Finished *time.Time      `json:"finished,omitempty"`
	// Error is empty for a run that screened every row; for a failed run
	// (FailRun) it says why it stopped. A run with neither Finished nor
	// Error is running, or was cut short by a crash (UnfinishedRuns).
	Error string `json:"error,omitempty"`
	RunStats
}

// RunStats counts what a run found. Hits counts the alerts proposed
// (Alerts + Suppressed + Repeated, when every hit names a known entity);
// for a "shipments" run Parties counts the shipments screened.
type RunStats struct {
	Parties    int `json:"parties"`
	Hits       int `json:"hits"`
	Alerts     int `json:"alerts"`
	Suppressed int `json:"suppressed"`
	Repeated   int `json:"repeated"`
}

// AlertKind says what an alert is about.
type AlertKind string

// The kinds of alert.
const (
	// KindParty: a screened party resembles a listed entity.
	KindParty AlertKind = "party"
	// KindShipment: the red-flag rules scored a shipment medium or high
	// risk. PartyKey identifies the shipment (its id and a digest of its
	// content), PartyName is its id, Party the shipment as read;
	// EntityID names the rules that fired, EntityHash digests the flags
	// (so that the same shipment with the same flags is Repeated, and
	// Suppressed after a false-positive decision), EntityCaption names its
	// parties, Dataset the lists of the listed parties it names, Score is
	// the risk over 100, and Explanation holds the assessment: risk,
	// level, goods and the flags with the guidance each cites.
	KindShipment AlertKind = "shipment"
)

// Valid reports whether k is one of the kinds.
func (k AlertKind) Valid() bool { return k == KindParty || k == KindShipment }

// Alert is a hit at or above the threshold that an analyst must look at:
// of a party, or of a shipment (Kind).
type Alert struct {
	ID    int64 `json:"id"`
	RunID int64 `json:"run_id"`
	// Kind is KindParty (the default when empty on AddAlerts) or
	// KindShipment.
	Kind AlertKind `json:"kind"`
	// PartyKey identifies the screened party across runs (its id in the
	// input, or a hash of its name and details).
	PartyKey  string          `json:"party_key"`
	PartyName string          `json:"party_name"`
	Party     json.RawMessage `json:"party"`
	EntityID  string          `json:"entity_id"`
	// EntityCaption is the listed entity's display name.
	EntityCaption string `json:"entity_caption"`
	// EntityHash identifies the version of the listed entity (EntityHash).
	EntityHash  string          `json:"entity_hash"`
	Dataset     string          `json:"dataset"`
	Score       float64         `json:"score"`
	Explanation json.RawMessage `json:"explanation"`
	// Status is StatusOpen or the latest decision.
	Status  string    `json:"status"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// Outcome says what AddAlerts did with one hit.
type Outcome string

// The outcomes of AddAlerts.
const (
	// Created: the hit is a new alert.
	Created Outcome = "created"
	// Suppressed: the pair is allow-listed for this entity version.
	Suppressed Outcome = "suppressed"
	// Repeated: an alert for the same pair and entity version exists.
	Repeated Outcome = "repeated"
)

// AlertFilter selects alerts. The zero value selects the latest 100.
type AlertFilter struct {
	// Status is "", StatusOpen or a Decision.
	Status string
	// Kind is "" (all), KindParty or KindShipment.
	Kind  AlertKind
	RunID int64
	// MinScore selects alerts scoring at least this much.
	MinScore float64
	// Text selects alerts whose party name or entity caption contains it
	// (case-insensitive for ASCII).
	Text string
	// Limit defaults to 100, at most 1000; Offset skips that many.
	Limit, Offset int
}

// DecisionRecord is a decision as recorded.
type DecisionRecord struct {
	ID       int64     `json:"id"`
	AlertID  int64     `json:"alert_id"`
	Decision Decision  `json:"decision"`
	Reason   string    `json:"reason"`
	Actor    string    `json:"actor"`
	Created  time.Time `json:"created"`
}

// Allowed is one allow-list entry: a party–entity pair decided a false
// positive for one version of the entity.
type Allowed struct {
	PartyKey   string    `json:"party_key"`
	EntityID   string    `json:"entity_id"`
	EntityHash string    `json:"entity_hash"`
	DecisionID int64     `json:"decision_id"`
	Actor      string    `json:"actor"`
	Created    time.Time `json:"created"`
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID    int64     `json:"id"`
	At    time.Time `json:"at"`
	Actor string    `json:"actor"`
	// Action is a dotted verb such as "decision.add", "run.create",
	// "user.add", "key.create", "key.revoke", "session.login".
	Action  string          `json:"action"`
	Subject string          `json:"subject"`
	Detail  json.RawMessage `json:"detail"`
	// PrevHash and Hash chain the entry to the one before it (audit.go);
	// set by the store, "" for entries written before the chain existed.
	PrevHash string `json:"prev_hash,omitempty"`
	Hash     string `json:"hash,omitempty"`
}

// Party is a screened party kept for re-screening: its key and its query
// as an FtM JSON entity.
type Party struct {
	Key      string          `json:"key"`
	Name     string          `json:"name"`
	Query    json.RawMessage `json:"query"`
	FirstRun int64           `json:"first_run"`
	LastRun  int64           `json:"last_run"`
	Updated  time.Time       `json:"updated"`
}

// AuditFilter selects audit entries, newest first. The zero value selects
// the latest 100.
type AuditFilter struct {
	Actor  string
	Action string
	// Before selects entries with an id below it (paging); 0 for none.
	Before int64
	// Limit defaults to 100, at most 1000.
	Limit int
}

// Store is the case store. Every method is safe for concurrent use; every
// method that writes commits before it returns and records what it did in
// the audit log in the same transaction.
type Store interface {
	// AddUser creates a user with a password.
	AddUser(ctx context.Context, actor, name string, role Role, password string) (User, error)
	// Users lists the users by name.
	Users(ctx context.Context) ([]User, error)
	// RemoveUser deletes a user and their sessions.
	RemoveUser(ctx context.Context, actor, name string) error
	// Login checks a user's password.
	Login(ctx context.Context, name, password string) (User, error)

	// CreateKey makes a new API key and returns it in clear, the only
	// time it is ever visible.
	CreateKey(ctx context.Context, actor, name string, role Role) (secret string, k Key, err error)
	// Keys lists the keys, revoked ones included.
	Keys(ctx context.Context) ([]Key, error)
	// RevokeKey revokes a key by id or prefix.
	RevokeKey(ctx context.Context, actor, idOrPrefix string) error
	// KeyPrincipal returns who holds a key; ErrCredentials when the key is
	// unknown or revoked.
	KeyPrincipal(ctx context.Context, secret string) (Principal, error)

	// CreateSession starts a browser session for a user and returns its
	// token (the cookie value).
	CreateSession(ctx context.Context, userID int64, ttl time.Duration) (token string, s Session, err error)
	// Session returns a live session; ErrCredentials when unknown or
	// expired.
	Session(ctx context.Context, token string) (Session, error)
	// EndSession deletes a session.
	EndSession(ctx context.Context, token string) error

	// CreateRun records the start of a screening run.
	CreateRun(ctx context.Context, r Run) (Run, error)
	// FinishRun records a run's end and counts.
	FinishRun(ctx context.Context, id int64, stats RunStats) error
	// FailRun records the end of a run that did not screen every row:
	// its counts so far and why it stopped.
	FailRun(ctx context.Context, id int64, stats RunStats, reason string) error
	// UnfinishedRuns lists the runs neither finished nor failed, oldest
	// first (runs in progress, or cut short by a crash).
	UnfinishedRuns(ctx context.Context) ([]Run, error)
	// Run returns one run.
	Run(ctx context.Context, id int64) (Run, error)
	// Runs lists the latest runs, newest first.
	Runs(ctx context.Context, limit int) ([]Run, error)

	// AddAlerts records the hits of a run, returning one Outcome per hit
	// (and filling in the ID of created alerts).
	AddAlerts(ctx context.Context, runID int64, hits []Alert) ([]Outcome, error)
	// SaveParties records the parties a run screened (insert or update
	// by key), for re-screening.
	SaveParties(ctx context.Context, runID int64, ps []Party) error
	// Parties lists the stored parties with a key after the given one, in
	// key order (paging).
	Parties(ctx context.Context, after string, limit int) ([]Party, error)
	// CountParties counts the stored parties.
	CountParties(ctx context.Context) (int, error)

	// Alert returns one alert.
	Alert(ctx context.Context, id int64) (Alert, error)
	// Alerts lists alerts, newest first.
	Alerts(ctx context.Context, f AlertFilter) ([]Alert, error)
	// CountAlerts counts alerts per status.
	CountAlerts(ctx context.Context) (map[string]int, error)

	// Decide records a decision on an alert, sets its status, allow-lists
	// the pair on false_positive, and audits it, in one transaction; or,
	// when the four-eyes policy covers it, records a clearance request
	// awaiting a second person instead (Decided.Pending, foureyes.go).
	Decide(ctx context.Context, alertID int64, d Decision, reason, actor string) (Decided, error)
	// FourEyesPolicy returns the four-eyes policy (nil: none).
	FourEyesPolicy() *FourEyes
	// Clearance returns one clearance request.
	Clearance(ctx context.Context, id int64) (Clearance, error)
	// Clearances lists clearance requests, newest first.
	Clearances(ctx context.Context, f ClearanceFilter) ([]Clearance, error)
	// SettleClearance approves or rejects a pending clearance request as
	// a checker other than its maker, audited, in one transaction.
	SettleClearance(ctx context.Context, id int64, status ClearanceStatus, reason string, checker Principal) (Clearance, error)
	// Decisions lists the decisions on an alert, oldest first.
	Decisions(ctx context.Context, alertID int64) ([]DecisionRecord, error)
	// IsAllowed reports whether the pair is allow-listed for that entity
	// version.
	IsAllowed(ctx context.Context, partyKey, entityID, entityHash string) (bool, error)
	// AllowList lists the allow-list, newest first.
	AllowList(ctx context.Context, limit int) ([]Allowed, error)

	// Audit appends an entry to the audit log.
	Audit(ctx context.Context, e AuditEntry) (AuditEntry, error)
	// AuditBatch appends several entries in one transaction.
	AuditBatch(ctx context.Context, es []AuditEntry) ([]AuditEntry, error)
	// AuditLog lists entries, newest first.
	AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error)

	// AddDocument stores an evidence document with what screening found
	// in it, audited; the same bytes added again are not stored twice
	// (created false, the stored document returned).
	AddDocument(ctx context.Context, actor string, d NewDocument) (doc Document, created bool, err error)
	// Documents lists evidence documents, newest first.
	Documents(ctx context.Context, f DocumentFilter) ([]Document, error)
	// Document returns one document with its content, mentions, matches,
	// goods, claims and reviews.
	Document(ctx context.Context, id int64) (DocumentDetail, error)
	// ReviewClaim records an analyst's verdict on a claim, audited, in one
	// transaction.
	ReviewClaim(ctx context.Context, claimID int64, v Verdict, note, actor string) (ClaimReview, error)
	// StoredMentions lists the stored party mentions after an id, in id
	// order (paging), for re-screening.
	StoredMentions(ctx context.Context, after int64, limit int) ([]StoredMention, error)
	// AddMentionMatches records a re-screening run's matches of stored
	// mentions: only new ones and ones on a changed entity are recorded.
	AddMentionMatches(ctx context.Context, runID int64, ms []MentionMatch) ([]Outcome, error)

	// Ping reports whether the database answers.
	Ping(ctx context.Context) error
	// Close releases the database.
	Close() error
}

// EntityHash returns the version hash of a listed entity: the hex SHA-256 of
// its schema, dataset and sorted property values. It changes whenever the
// list changes the entity, and only then.
func EntityHash(e *entity.Entity) string {
	props := make(map[string][]string, len(e.Properties))
	for k, v := range e.Properties {
		if len(v) == 0 {
			continue
		}
		s := slices.Clone(v)
		slices.Sort(s)
		props[k] = s
	}
	b, _ := json.Marshal(struct {
		ID, Schema, Dataset string
		Props               map[string][]string
	}{e.ID, e.Schema, e.Dataset, props}) // map keys marshal sorted
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
