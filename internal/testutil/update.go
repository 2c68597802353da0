package testutil

import "flag"

// Update is the -update flag of every test binary that imports testutil:
// with it, golden-file tests rewrite their files under testdata/ (and the
// evaluation splits) instead of comparing against them.
var Update = flag.Bool("update", false, "rewrite the golden files under testdata/")
