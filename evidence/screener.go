package evidence

import (
	"context"
	"fmt"
	"sync"

	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/textscreen"
)

// Screener screens documents for the ledger with the textscreen package.
// Building a textscreen.Screener scans the index's name forms (about a
// second for the full lists), so Screener keeps the one of the index it
// was last asked about and builds a new one when the index changes. It is
// safe for concurrent use; its Screen method is a server.TextScreener.
type Screener struct {
	opts textscreen.Options
	mu   sync.Mutex
	m    *match.Matcher
	s    *textscreen.Screener
}

// NewScreener returns a Screener with the given text-screening options.
func NewScreener(opts textscreen.Options) *Screener { return &Screener{opts: opts} }

// Screen reads content (UTF-8 plain text or HTML, see textscreen.Parse)
// and screens it against m. The errors of textscreen.Parse (ErrEmpty,
// ErrTooLarge, ErrBinary, ErrEncoding) are returned wrapped with name.
func (sc *Screener) Screen(ctx context.Context, m *match.Matcher, content []byte, name string) (*textscreen.Result, error) {
	d, err := textscreen.Parse(content)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sc.mu.Lock()
	if sc.s == nil || sc.m != m {
		sc.m, sc.s = m, textscreen.New(m, sc.opts)
	}
	s := sc.s
	sc.mu.Unlock()
	return s.Screen(ctx, d), nil
}
