package main

import (
	"context"
	"fmt"

	"github.com/redline-sanctions/redline/screen"
)

// withOwnership wraps the output of `screen parties` so that each match
// carries the OFAC 50 Percent Rule's verdict on its entity (screen.Ownership),
// over the ownership links of every imported list. With no ownership links
// and no registry-identifier twins in the lists it says so on standard
// error and returns w unchanged.
func withOwnership(ctx context.Context, a *app, w screen.Writer) (screen.Writer, error) {
	st, err := openLists(a)
	if err != nil {
		return nil, err
	}
	g, err := buildOwnership(ctx, st)
	if err != nil {
		return nil, err
	}
	if s := g.Stats(); s.Links == 0 && s.SameAs == 0 {
		fmt.Fprintln(a.stderr, "ownership: no ownership data in the imported lists (no Ownership links, no registry-identifier twins): matches carry no 50% rule verdict")
		return w, nil
	}
	return screen.WithOwnership(w, g), nil
}
