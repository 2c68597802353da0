package casestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Four eyes (maker–checker). Clearing a strong match, a false_positive
// decision that also allow-lists the pair, is the decision a screening
// system can least afford to get wrong: from then on the pair is
// suppressed. A FourEyes policy (Options.FourEyes) says which clearances
// need a second person. Decide records such a decision as a pending
// Clearance instead of applying it: the alert keeps its status and nothing
// is allow-listed, so re-screening still raises the pair. Another user
// whose role is at least the policy's Checker then approves it (the
// decision and the allow-listing are applied, in the maker's name, with
// the checker recorded) or rejects it with a reason (the alert stays
// undecided). The maker never checks their own request; a decision applied
// to the alert meanwhile supersedes the request. Every step is audited:
// clearance.request, clearance.approve (with decision.add), clearance.reject,
// clearance.supersede.
//
// A worked example with DefaultFourEyes: analyst alice marks alert 7 (party
// "Eric Badege", entity on un_sc_sanctions, score 1.00) a false positive.
// Decide returns Decided{Pending: &Clearance{ID: 3, Status: pending, Rule:
// "score 1.00 ≥ 0.95; list un_sc_sanctions"}}; alert 7 stays open. alice's
// SettleClearance(3, approved) fails with ErrForbidden; admin bob's
// succeeds: decision 12 (false_positive, by alice, alice's reason) is
// recorded, alert 7 becomes false_positive and the pair is allow-listed.

// FourEyes says which clearances (false_positive decisions) need a second
// person. A clearance needs one when the alert scores at least MinScore or
// comes from one of Lists. The zero value sends every clearance to a
// second person (MinScore 0); DefaultFourEyes is the production setting;
// a nil *FourEyes (Options' default) applies every decision at once.
type FourEyes struct {
	// MinScore is the score at or above which a clearance needs a second
	// person. Above 1 (e.g. 1.01) no score does: only Lists count.
	MinScore float64 `json:"min_score"`
	// Lists are the datasets (list ids as in Alert.Dataset, e.g.
	// "un_sc_sanctions", "us_ofac_sdn") any clearance on which needs a
	// second person, whatever the score.
	Lists []string `json:"lists"`
	// Checker is the least role that may approve or reject a request;
	// "" means Admin.
	Checker Role `json:"checker"`
}

// Default four-eyes settings: `redline serve` uses them unless told
// otherwise.
const (
	// DefaultFourEyesScore is DefaultFourEyes' MinScore.
	DefaultFourEyesScore = 0.95
	// FourEyesScoreOff is a MinScore no score reaches.
	FourEyesScoreOff = 1.01
)

// DefaultFourEyes returns the production policy: a second person for any
// clearance scoring 0.95 or more, or on the UN Security Council or OFAC SDN
// list; checked by an admin.
func DefaultFourEyes() FourEyes {
	return FourEyes{MinScore: DefaultFourEyesScore, Lists: []string{"un_sc_sanctions", "us_ofac_sdn"}, Checker: Admin}
}

// Check returns nil for a usable policy, else an error wrapping ErrInvalid.
func (f FourEyes) Check() error {
	if math.IsNaN(f.MinScore) || f.MinScore < 0 {
		return fmt.Errorf("%w: four-eyes score %v: want 0 or more (above 1: no score needs a second person)", ErrInvalid, f.MinScore)
	}
	if f.Checker != "" && f.Checker != Analyst && f.Checker != Admin {
		return fmt.Errorf("%w: four-eyes checker role %q: want analyst or admin", ErrInvalid, f.Checker)
	}
	for _, l := range f.Lists {
		if strings.TrimSpace(l) == "" || l != strings.TrimSpace(l) {
			return fmt.Errorf("%w: four-eyes list %q: want a dataset id", ErrInvalid, l)
		}
	}
	return nil
}

// ParseFourEyes builds a policy from settings as people write them (the
// flags of `redline serve`): the score, the list ids separated by commas
// ("" for none) and the checker role ("" for admin). A score above 1 with
// no list turns four eyes off.
func ParseFourEyes(score float64, lists, checker string) (FourEyes, error) {
	f := FourEyes{MinScore: score, Checker: Role(strings.TrimSpace(checker))}
	for _, l := range strings.Split(lists, ",") {
		if l = strings.TrimSpace(l); l != "" && !slices.Contains(f.Lists, l) {
			f.Lists = append(f.Lists, l)
		}
	}
	return f, f.Check()
}

// CheckerRole returns the least role that may check a request.
func (f *FourEyes) CheckerRole() Role {
	if f == nil || f.Checker == "" {
		return Admin
	}
	return f.Checker
}

// Covers reports whether decision d on alert a needs a second person, and
// why ("score 1.00 ≥ 0.95; list un_sc_sanctions"). Only false_positive
// decisions do; a nil policy covers none.
func (f *FourEyes) Covers(a Alert, d Decision) (rule string, ok bool) {
	if f == nil || d != FalsePositive {
		return "", false
	}
	var why []string
	if f.MinScore <= 1 && a.Score >= f.MinScore {
		why = append(why, fmt.Sprintf("score %.2f ≥ %.2f", a.Score, f.MinScore))
	}
	if slices.Contains(f.Lists, a.Dataset) {
		why = append(why, "list "+a.Dataset)
	}
	return strings.Join(why, "; "), len(why) > 0
}

// String describes the policy for people: "the score is 0.95 or more or
// the hit is on un_sc_sanctions, us_ofac_sdn; checked by a user with the
// admin role or above" ("off" when it covers nothing).
func (f *FourEyes) String() string {
	if f == nil || (f.MinScore > 1 && len(f.Lists) == 0) {
		return "off"
	}
	var when []string
	if f.MinScore <= 1 {
		when = append(when, fmt.Sprintf("the score is %.2f or more", f.MinScore))
	}
	if len(f.Lists) > 0 {
		when = append(when, "the hit is on "+strings.Join(f.Lists, ", "))
	}
	return strings.Join(when, " or ") + "; checked by a user with the " + string(f.CheckerRole()) + " role or above"
}

// ClearanceStatus is where a clearance request stands.
type ClearanceStatus string

// The clearance statuses.
const (
	// ClearancePending awaits a second person.
	ClearancePending ClearanceStatus = "pending"
	// ClearanceApproved: a second person approved; the decision applied.
	ClearanceApproved ClearanceStatus = "approved"
	// ClearanceRejected: a second person rejected it, with a reason.
	ClearanceRejected ClearanceStatus = "rejected"
	// ClearanceSuperseded: a decision applied to the alert meanwhile.
	ClearanceSuperseded ClearanceStatus = "superseded"
)

// Clearance is a decision held for a second person.
type Clearance struct {
	ID       int64    `json:"id"`
	AlertID  int64    `json:"alert_id"`
	Decision Decision `json:"decision"`
	// Reason is the maker's.
	Reason string `json:"reason"`
	Maker  string `json:"maker"`
	// Rule says why the policy covered it.
	Rule    string          `json:"rule"`
	Created time.Time       `json:"created"`
	Status  ClearanceStatus `json:"status"`
	// Checker, CheckReason and Checked are set once the request is
	// settled (for a superseded one: who decided, and the decision).
	Checker     string     `json:"checker,omitempty"`
	CheckReason string     `json:"check_reason,omitempty"`
	Checked     *time.Time `json:"checked,omitempty"`
	// DecisionID is the decision that approval (or the superseding
	// decision) recorded.
	DecisionID int64 `json:"decision_id,omitempty"`
	// The alert, for lists of requests.
	PartyName     string  `json:"party_name"`
	EntityID      string  `json:"entity_id"`
	EntityCaption string  `json:"entity_caption"`
	Dataset       string  `json:"dataset"`
	Score         float64 `json:"score"`
}

// ClearanceFilter selects clearance requests, newest first. The zero value
// selects the latest 100 of any status.
type ClearanceFilter struct {
	// Status is "" (any) or a ClearanceStatus.
	Status  ClearanceStatus
	AlertID int64
	// Limit defaults to 100, at most 1000.
	Limit int
}

// Decided is what Decide did: it recorded the decision (DecisionRecord),
// or, when the four-eyes policy covers it, a clearance request awaiting a
// second person (Pending; DecisionRecord is then zero).
type Decided struct {
	DecisionRecord
	Pending *Clearance `json:"pending,omitempty"`
}

// FourEyesPolicy returns the store's four-eyes policy (nil when every
// decision applies at once).
func (db *DB) FourEyesPolicy() *FourEyes {
	if db.opts.FourEyes == nil {
		return nil
	}
	f := *db.opts.FourEyes
	f.Lists = slices.Clone(f.Lists)
	return &f
}

const clearanceCols = `c.id, c.alert_id, c.decision, c.reason, c.maker, c.rule, c.created_at, c.status, c.checker, c.check_reason,
	c.checked_at, c.decision_id, a.party_name, a.entity_id, a.entity_caption, a.dataset, a.score`

func scanClearance(sc interface{ Scan(...any) error }) (Clearance, error) {
	var c Clearance
	var d, st string
	var created int64
	var checked, did sql.NullInt64
	if err := sc.Scan(&c.ID, &c.AlertID, &d, &c.Reason, &c.Maker, &c.Rule, &created, &st, &c.Checker, &c.CheckReason,
		&checked, &did, &c.PartyName, &c.EntityID, &c.EntityCaption, &c.Dataset, &c.Score); err != nil {
		return Clearance{}, err
	}
	c.Decision, c.Status, c.Created, c.DecisionID = Decision(d), ClearanceStatus(st), micro(created), did.Int64
	if checked.Valid {
		t := micro(checked.Int64)
		c.Checked = &t
	}
	return c, nil
}

// Clearance returns one clearance request.
func (db *DB) Clearance(ctx context.Context, id int64) (Clearance, error) {
	c, err := scanClearance(db.r.QueryRowContext(ctx, db.q("SELECT "+clearanceCols+" FROM clearances c JOIN alerts a ON a.id = c.alert_id WHERE c.id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return Clearance{}, fmt.Errorf("casestore: clearance %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Clearance{}, fmt.Errorf("casestore: clearance %d: %w", id, err)
	}
	return c, nil
}

// Clearances lists clearance requests, newest first.
func (db *DB) Clearances(ctx context.Context, f ClearanceFilter) ([]Clearance, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "c.status = ?"), append(args, string(f.Status))
	}
	if f.AlertID != 0 {
		where, args = append(where, "c.alert_id = ?"), append(args, f.AlertID)
	}
	q := "SELECT " + clearanceCols + " FROM clearances c JOIN alerts a ON a.id = c.alert_id"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY c.id DESC LIMIT ?"
	args = append(args, clampLimit(f.Limit))
	rows, err := db.r.QueryContext(ctx, db.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("casestore: clearances: %w", err)
	}
	defer rows.Close()
	var out []Clearance
	for rows.Next() {
		c, err := scanClearance(rows)
		if err != nil {
			return nil, fmt.Errorf("casestore: clearances: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// requestClearance records decision d on alert a as a clearance request
// awaiting a second person, inside tx, and audits it.
func (db *DB) requestClearance(ctx context.Context, tx *sql.Tx, a Alert, d Decision, reason, maker, rule string) (Clearance, error) {
	now := db.now().UnixMicro()
	c := Clearance{AlertID: a.ID, Decision: d, Reason: reason, Maker: maker, Rule: rule, Created: micro(now), Status: ClearancePending,
		PartyName: a.PartyName, EntityID: a.EntityID, EntityCaption: a.EntityCaption, Dataset: a.Dataset, Score: a.Score}
	id, err := db.insert(ctx, tx, "INSERT INTO clearances (alert_id, decision, reason, maker, rule, created_at, status) VALUES (?, ?, ?, ?, ?, ?, 'pending')",
		a.ID, string(d), reason, maker, rule, now)
	if isUnique(err) {
		return Clearance{}, fmt.Errorf("%w: a clearance of alert %d already awaits a second person", ErrConflict, a.ID)
	}
	if err != nil {
		return Clearance{}, err
	}
	c.ID = id
	_, err = db.audit(ctx, tx, maker, "clearance.request", "alert:"+strconv.FormatInt(a.ID, 10), map[string]any{
		"clearance_id": id, "decision": d, "reason": reason, "rule": rule, "score": a.Score, "dataset": a.Dataset,
		"party_key": a.PartyKey, "entity_id": a.EntityID, "entity_hash": a.EntityHash,
	})
	return c, err
}

// supersede closes the requests pending on an alert (but skip) once a
// decision has been applied to it, inside tx, and audits each.
func (db *DB) supersede(ctx context.Context, tx *sql.Tx, alertID, skip, decisionID int64, d Decision, actor string) error {
	rows, err := tx.QueryContext(ctx, db.q("SELECT id, maker FROM clearances WHERE alert_id = ? AND status = 'pending' AND id <> ?"), alertID, skip)
	if err != nil {
		return err
	}
	type req struct {
		id    int64
		maker string
	}
	var reqs []req
	for rows.Next() {
		var r req
		if err := rows.Scan(&r.id, &r.maker); err != nil {
			rows.Close()
			return err
		}
		reqs = append(reqs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	now := db.now().UnixMicro()
	for _, r := range reqs {
		why := fmt.Sprintf("superseded by decision %d (%s)", decisionID, d)
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE clearances SET status = 'superseded', checker = ?, check_reason = ?, checked_at = ?, decision_id = ?
			WHERE id = ?`), actor, why, now, decisionID, r.id); err != nil {
			return err
		}
		if _, err := db.audit(ctx, tx, actor, "clearance.supersede", "alert:"+strconv.FormatInt(alertID, 10), map[string]any{
			"clearance_id": r.id, "maker": r.maker, "decision_id": decisionID, "decision": d,
		}); err != nil {
			return err
		}
	}
	return nil
}

// SettleClearance approves or rejects a pending clearance request
// (status ClearanceApproved or ClearanceRejected), with the checker's
// reason, in one transaction. The checker must not be the maker and must
// hold at least the policy's checker role (ErrForbidden); a request
// already settled gives ErrConflict. Approval applies the held decision
// in the maker's name (allow-listing the pair on false_positive) and
// audits clearance.approve and decision.add; rejection audits
// clearance.reject and leaves the alert as it is.
func (db *DB) SettleClearance(ctx context.Context, id int64, status ClearanceStatus, reason string, checker Principal) (Clearance, error) {
	reason = strings.TrimSpace(reason)
	fail := func(err error) (Clearance, error) {
		return Clearance{}, fmt.Errorf("casestore: settle clearance %d: %w", id, err)
	}
	if status != ClearanceApproved && status != ClearanceRejected {
		return fail(fmt.Errorf("%w: verdict %q: want approved or rejected", ErrInvalid, status))
	}
	if reason == "" {
		return fail(fmt.Errorf("%w: a reason is required", ErrInvalid))
	}
	if checker.Name == "" {
		return fail(fmt.Errorf("%w: no checker", ErrInvalid))
	}
	if need := db.opts.FourEyes.CheckerRole(); !checker.Role.Allows(need) {
		return fail(fmt.Errorf("%w: checking a clearance needs the %s role, %s has %s", ErrForbidden, need, checker.Name, checker.Role))
	}
	var c Clearance
	err := db.tx(ctx, func(tx *sql.Tx) error {
		lock := ""
		if db.postgres {
			lock = " FOR UPDATE OF c"
		}
		var err error
		c, err = scanClearance(tx.QueryRowContext(ctx, db.q("SELECT "+clearanceCols+" FROM clearances c JOIN alerts a ON a.id = c.alert_id WHERE c.id = ?"+lock), id))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if c.Status != ClearancePending {
			return fmt.Errorf("%w: the request is already %s", ErrConflict, c.Status)
		}
		if c.Maker == checker.Name {
			return fmt.Errorf("%w: %s made this request and cannot check it: another user must", ErrForbidden, checker.Name)
		}
		now := db.now().UnixMicro()
		subject := "alert:" + strconv.FormatInt(c.AlertID, 10)
		if status == ClearanceRejected {
			if _, err := tx.ExecContext(ctx, db.q(`UPDATE clearances SET status = 'rejected', checker = ?, check_reason = ?, checked_at = ? WHERE id = ?`),
				checker.Name, reason, now, id); err != nil {
				return err
			}
			_, err = db.audit(ctx, tx, checker.Name, "clearance.reject", subject, map[string]any{
				"clearance_id": id, "maker": c.Maker, "decision": c.Decision, "reason": reason,
			})
			c.Status, c.Checker, c.CheckReason = ClearanceRejected, checker.Name, reason
			t := micro(now)
			c.Checked = &t
			return err
		}
		a, err := scanAlert(tx.QueryRowContext(ctx, db.q("SELECT "+alertCols+" FROM alerts WHERE id = ?"), c.AlertID))
		if err != nil {
			return err
		}
		rec, err := db.applyDecision(ctx, tx, a, c.Decision, c.Reason, c.Maker, map[string]any{"clearance_id": id, "approved_by": checker.Name})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE clearances SET status = 'approved', checker = ?, check_reason = ?, checked_at = ?, decision_id = ? WHERE id = ?`),
			checker.Name, reason, now, rec.ID, id); err != nil {
			return err
		}
		if _, err := db.audit(ctx, tx, checker.Name, "clearance.approve", subject, map[string]any{
			"clearance_id": id, "maker": c.Maker, "decision": c.Decision, "decision_id": rec.ID, "reason": reason,
		}); err != nil {
			return err
		}
		c.Status, c.Checker, c.CheckReason, c.DecisionID = ClearanceApproved, checker.Name, reason, rec.ID
		t := micro(now)
		c.Checked = &t
		return nil
	})
	if err != nil {
		return fail(err)
	}
	return c, nil
}
