package main

import (
	"context"
	"fmt"

	"github.com/redline-sanctions/redline/match"
)

// engineOptions says what loadMatcher builds.
type engineOptions struct {
	// Datasets limits the Matcher to these datasets; all imported ones when
	// empty.
	Datasets []string
}

// loadMatcher builds a Matcher over the current version of the lists
// imported in the data folder.
func loadMatcher(ctx context.Context, a *app, opts engineOptions) (*match.Matcher, error) {
	st, err := openLists(a)
	if err != nil {
		return nil, err
	}
	ds, err := st.Datasets()
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("no list imported in %s: run `redline lists import` first", st.Dir())
	}
	m, err := match.Build(ctx, st.Entities(ctx, opts.Datasets...))
	if err != nil {
		return nil, err
	}
	return m, nil
}
