// Package alerts turns screening results into the case store's alerts, so
// that what a screening found waits for an analyst whichever way it was
// screened: the server's API and upload page, `redline screen parties
// --store`, `redline screen shipments --store` and `redline demo --store`
// all record through it.
//
// A screening is one casestore.Run; a Recorder adds the run's alerts in
// batches, counts what AddAlerts did with each (created, suppressed by an
// earlier false-positive decision, or repeated), and ends the run with
// those counts, failed with the reason when it stopped early.
//
// Party screening (screen.Record) gives one alert of kind party per match
// at or above the threshold. Shipment screening (shipment.Assessment) gives
// one alert of kind shipment per shipment at medium or high risk, holding
// the flags with the guidance each cites, and one alert of kind party per
// distinct party the listed_party rule matched, with the match's
// explanation: a listed consignee in 300 shipments is one party alert.
package alerts

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/redline-sanctions/redline/internal/fold"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/screen"
)

// batchSize is how many alerts, or parties, wait before they are written
// in one transaction.
const batchSize = 256

// Recorder records the alerts of one run in a store, in batches of one
// transaction each, and counts the outcomes. It is not safe for
// concurrent use.
type Recorder struct {
	store   casestore.Store
	run     casestore.Run
	pending []casestore.Alert
	parties []casestore.Party
	stats   casestore.RunStats
}

// Start records the start of a run (casestore.Store.CreateRun) and returns
// its Recorder.
func Start(ctx context.Context, st casestore.Store, run casestore.Run) (*Recorder, error) {
	r, err := st.CreateRun(ctx, run)
	if err != nil {
		return nil, err
	}
	return &Recorder{store: st, run: r}, nil
}

// Run returns the run as created.
func (r *Recorder) Run() casestore.Run { return r.run }

// Stats returns the counts so far (of what was written: call Flush first
// for the rest).
func (r *Recorder) Stats() casestore.RunStats { return r.stats }

// Screened counts n more parties (or shipments) screened.
func (r *Recorder) Screened(n int) { r.stats.Parties += n }

// Add proposes alerts; each counts as a hit. They are written when a batch
// is full, and by Flush.
func (r *Recorder) Add(ctx context.Context, as ...casestore.Alert) error {
	r.stats.Hits += len(as)
	r.pending = append(r.pending, as...)
	if len(r.pending) >= batchSize {
		return r.flushAlerts(ctx)
	}
	return nil
}

// Keep records a screened party for re-screening after a list update
// (casestore.Store.SaveParties), in batches.
func (r *Recorder) Keep(ctx context.Context, p casestore.Party) error {
	r.parties = append(r.parties, p)
	if len(r.parties) >= 4*batchSize {
		return r.flushParties(ctx)
	}
	return nil
}

// Flush writes the pending parties and alerts.
func (r *Recorder) Flush(ctx context.Context) error {
	if err := r.flushParties(ctx); err != nil {
		return err
	}
	return r.flushAlerts(ctx)
}

func (r *Recorder) flushParties(ctx context.Context) error {
	if len(r.parties) == 0 {
		return nil
	}
	if err := r.store.SaveParties(ctx, r.run.ID, r.parties); err != nil {
		return err
	}
	r.parties = r.parties[:0]
	return nil
}

func (r *Recorder) flushAlerts(ctx context.Context) error {
	if len(r.pending) == 0 {
		return nil
	}
	outs, err := r.store.AddAlerts(ctx, r.run.ID, r.pending)
	if err != nil {
		return err
	}
	for _, o := range outs {
		switch o {
		case casestore.Created:
			r.stats.Alerts++
		case casestore.Suppressed:
			r.stats.Suppressed++
		case casestore.Repeated:
			r.stats.Repeated++
		}
	}
	r.pending = r.pending[:0]
	return nil
}

// End writes what is pending and records the end of the run with its
// counts: finished when err is nil, else failed with err as the reason
// (what was written before stays). It returns the first error of the
// flush and the recording; ctx's cancellation does not stop it.
func (r *Recorder) End(ctx context.Context, err error) error {
	ctx = context.WithoutCancel(ctx)
	if err == nil {
		err = r.Flush(ctx)
		if err == nil {
			return r.store.FinishRun(ctx, r.run.ID, r.stats)
		}
	}
	if ferr := r.store.FailRun(ctx, r.run.ID, r.stats, err.Error()); ferr != nil {
		return fmt.Errorf("recording the failure of run %d (%v): %w", r.run.ID, err, ferr)
	}
	return nil
}

// PartyKey identifies a screened party across runs: its id in the input
// (the record number when the input has none) and its name, folded. A
// party whose name changes is a new party, to be reviewed again.
func PartyKey(id, name string) string {
	return "id:" + id + "|" + fold.Lower(name)
}

// Entities finds listed entities by id; *match.Matcher is one.
type Entities interface {
	Entity(id string) *entity.Entity
}

// PartyAlerts returns the alerts of one screened record: one of kind party
// per match at or above the threshold whose entity ents still holds (its
// version hash is taken from it).
func PartyAlerts(rec *screen.Record, ents Entities) []casestore.Alert {
	var out []casestore.Alert
	for _, mt := range rec.Matches {
		if !mt.Match {
			continue
		}
		e := ents.Entity(mt.EntityID)
		if e == nil {
			continue
		}
		party, _ := json.Marshal(map[string]any{"id": rec.ID, "name": rec.Name, "line": rec.Line})
		expl, _ := json.Marshal(mt.Explanation)
		out = append(out, casestore.Alert{
			Kind: casestore.KindParty, PartyKey: PartyKey(rec.ID, rec.Name), PartyName: rec.Name, Party: party,
			EntityID: mt.EntityID, EntityCaption: mt.Caption, EntityHash: casestore.EntityHash(e),
			Dataset: mt.Dataset, Score: mt.Score, Explanation: expl,
		})
	}
	return out
}

// Parties is a screen.Writer that records each record's alerts
// (PartyAlerts) and keeps each screened party for re-screening, then
// passes the record on to W (when not nil).
type Parties struct {
	Ctx context.Context
	Rec *Recorder
	// Ents holds the entities screened against (the matcher).
	Ents Entities
	W    screen.Writer
}

// Write records one record.
func (p *Parties) Write(rec *screen.Record) error {
	if p.W != nil {
		if err := p.W.Write(rec); err != nil {
			return err
		}
	}
	if rec.Error == "" {
		p.Rec.Screened(1)
		// The query travels with its row (issue 15, item 15: kept by the
		// caller's id, a repeated id let parallel workers swap queries).
		if rec.Query != nil {
			q, err := json.Marshal(rec.Query)
			if err != nil {
				return fmt.Errorf("line %d: keeping the query: %w", rec.Line, err)
			}
			if err := p.Rec.Keep(p.Ctx, casestore.Party{Key: PartyKey(rec.ID, rec.Name), Name: rec.Name, Query: q}); err != nil {
				return err
			}
		}
	}
	for _, mt := range rec.Matches {
		if mt.Match && p.Ents.Entity(mt.EntityID) == nil {
			p.Rec.stats.Hits++ // a hit on an entity gone from the index: counted, not alerted
		}
	}
	return p.Rec.Add(p.Ctx, PartyAlerts(rec, p.Ents)...)
}

// Flush writes the pending alerts and parties, then flushes W: what W
// has passed on is committed first.
func (p *Parties) Flush() error {
	if err := p.Rec.Flush(p.Ctx); err != nil {
		return err
	}
	if p.W != nil {
		return p.W.Flush()
	}
	return nil
}

var _ screen.Writer = (*Parties)(nil)
