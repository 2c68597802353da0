package lists

import (
	"errors"
	"fmt"
	"strings"
)

// DefaultMinRatio is the share of the current version's entities, names
// and aliases a new version must keep to be made current (see CheckShrink).
// Between publications a list changes by a small share (the SDN list's
// 2021-07 and 2023-01 files in ../shared/data differ by 695 removals of
// 12,377 entities); a file cut in half keeps 50%, and the re-saved 2023
// copy without alt.csv keeps about a fifth of the aliases.
const DefaultMinRatio = 0.75

// ErrShrunk is wrapped by the error of a version refused because it holds
// far fewer entities, names or aliases than the current one.
var ErrShrunk = errors.New("refusing a list that looks truncated or stripped")

// ShrinkError says which counts of a new version fell below the share
// required of the current version's.
type ShrinkError struct {
	Dataset string
	// Current and Next are the versions compared ("" for a version not
	// yet stored).
	Current, Next string
	// MinRatio is the share required.
	MinRatio float64
	// Drops are the counts that fell short, e.g. "entities 18506 -> 4523 (24%)".
	Drops []string
}

func (e *ShrinkError) Error() string {
	return fmt.Sprintf("%s: %v: the new version keeps less than %.0f%% of the current version %s: %s; the current version stays (pass --allow-shrink if the list really shrank)",
		e.Dataset, ErrShrunk, e.MinRatio*100, e.Current, strings.Join(e.Drops, ", "))
}

func (e *ShrinkError) Unwrap() error { return ErrShrunk }

// CheckShrink is the one guard that import and update apply before a new
// version replaces the current one: next must keep at least minRatio of
// cur's entities, of its names (name, alias, weakAlias, previousName
// values) and of its aliases (alias and weakAlias values). A file cut at a
// line boundary fails on entities; a re-saved copy without its aliases file
// fails on aliases even when it holds more entities. Aliases are compared
// only when the names overall fell too: a publisher that moves aliases
// into the name property (as some FtM exports do) loses nothing. minRatio <= 0
// disables the guard; a nil cur (first version) always passes. Counts cur
// does not know (a version stored before aliases were counted) are not
// compared.
func CheckShrink(cur, next *Meta, minRatio float64) error {
	if cur == nil || next == nil || minRatio <= 0 {
		return nil
	}
	e := &ShrinkError{Dataset: next.Dataset, Current: cur.Version, Next: next.Version, MinRatio: minRatio}
	check := func(what string, was, now int) {
		if was > 0 && float64(now) < minRatio*float64(was) {
			e.Drops = append(e.Drops, fmt.Sprintf("%s %d -> %d (%.0f%%)", what, was, now, 100*float64(now)/float64(was)))
		}
	}
	check("entities", cur.Entities, next.Entities)
	check("names", cur.Names, next.Names)
	if cur.Counted && next.Names < cur.Names {
		check("aliases", cur.Aliases, next.Aliases)
	}
	if len(e.Drops) > 0 {
		return e
	}
	return nil
}
