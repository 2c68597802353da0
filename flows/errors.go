package flows

import "errors"

// ErrNeedsCgo is returned by Open in a binary built with CGO_ENABLED=0:
// the analytics store is DuckDB, which needs cgo.
var ErrNeedsCgo = errors.New("flows: trade-flow analysis needs the default (cgo) build of redline; this binary was built with CGO_ENABLED=0")
