// Package reload keeps a served name index current with the list store.
// A Loop builds a new match.Matcher when the store's current versions
// change (a scheduled download, or an import by another command) and swaps
// it into a match.Holder: searches in flight finish on the old index, none
// waits for the new one.
package reload

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
)

// Options say when a Loop looks for new versions and whom it tells.
type Options struct {
	// UpdateEvery is how often Run downloads the lists from their
	// official addresses (lists.Store.Update); 0: never.
	UpdateEvery time.Duration
	// Watch is how often Run looks for versions imported by other
	// commands; 0: never.
	Watch time.Duration
	// Update are the options of the scheduled downloads.
	Update lists.UpdateOptions
	// Updated, when set, is called after each scheduled download with its
	// results and error (to audit them), before the index is rebuilt.
	Updated func(ctx context.Context, res []lists.UpdateResult, err error)
	// Swapped, when set, is called after a new index was swapped in, with
	// why ("update" or "watch", or Reload's argument).
	Swapped func(ctx context.Context, why string, m *match.Matcher)
	// Logger receives the loop's messages; nil discards them.
	Logger *slog.Logger
}

// Loop rebuilds and swaps the index of one store into one holder.
type Loop struct {
	st   *lists.Store
	h    *match.Holder
	opts Options
	log  *slog.Logger

	mu sync.Mutex // serializes Reload
	fp string     // Fingerprint of the lists the current index was built from
}

// Load builds the index over the current lists of st, swaps it into h and
// returns the Loop that keeps it current, and the index.
func Load(ctx context.Context, st *lists.Store, h *match.Holder, opts Options) (*Loop, *match.Matcher, error) {
	l := &Loop{st: st, h: h, opts: opts, log: opts.Logger}
	if l.log == nil {
		l.log = slog.New(slog.DiscardHandler)
	}
	fp := Fingerprint(st)
	m, err := match.Build(ctx, st.Entities(ctx))
	if err != nil {
		return nil, nil, fmt.Errorf("reload: building the index: %w", err)
	}
	h.Swap(m)
	l.fp = fp
	return l, m, nil
}

// Fingerprint names the current version of every dataset in st; it
// changes when an import or update makes a new version current.
func Fingerprint(st *lists.Store) string {
	names, err := st.Datasets()
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, ds := range names {
		if m, err := st.Current(ds); err == nil {
			b.WriteString(ds + "=" + m.Version + ";")
		}
	}
	return b.String()
}

// Reload builds and swaps in a new index when the store's current versions
// differ from those of the index in the holder, and reports whether it
// did. On an error the current index is kept.
func (l *Loop) Reload(ctx context.Context, why string) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fp := Fingerprint(l.st)
	if fp == l.fp {
		return false, nil
	}
	start := time.Now()
	m, err := match.Build(ctx, l.st.Entities(ctx))
	if err != nil {
		return false, fmt.Errorf("reload: rebuilding the index (%s): %w", why, err)
	}
	l.h.Swap(m)
	l.fp = fp
	l.log.Info("index swapped", "why", why, "entities", m.Len(), "took", time.Since(start).Round(time.Millisecond))
	if l.opts.Swapped != nil {
		l.opts.Swapped(ctx, why, m)
	}
	return true, nil
}

// Run downloads and watches on the schedule of the Options until ctx is
// done. Errors are logged; the index in use stays.
func (l *Loop) Run(ctx context.Context) {
	var upd, watch <-chan time.Time
	if l.opts.UpdateEvery > 0 {
		t := time.NewTicker(l.opts.UpdateEvery)
		defer t.Stop()
		upd = t.C
	}
	if l.opts.Watch > 0 {
		t := time.NewTicker(l.opts.Watch)
		defer t.Stop()
		watch = t.C
	}
	for {
		var why string
		select {
		case <-ctx.Done():
			return
		case <-upd:
			l.update(ctx)
			why = "update"
		case <-watch:
			why = "watch"
		}
		if _, err := l.Reload(ctx, why); err != nil {
			l.log.Error("rebuilding the index failed; keeping the current one", "why", why, "err", err)
		}
	}
}

// update downloads the lists and tells Options.Updated.
func (l *Loop) update(ctx context.Context) {
	res, err := l.st.Update(ctx, nil, l.opts.Update)
	for _, r := range res {
		l.log.Info("list update", "dataset", r.Dataset, "status", r.Status, "error", r.Err)
	}
	if err != nil {
		l.log.Error("list update", "err", err)
	}
	if l.opts.Updated != nil {
		l.opts.Updated(ctx, res, err)
	}
}
