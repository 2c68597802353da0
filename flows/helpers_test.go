//go:build cgo

package flows_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/redline-sanctions/redline/flows"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
)

// unList is the real UN Security Council consolidated list, read in place.
var unList = testutil.SharedData("lists", "un", "consolidated-2026-02-27.xml")

// screening is a shipment engine over the real UN list plus the embedded
// sample SDN list and its synthetic ownership data (the 50% rule needs
// ownership links, which the UN list has none of), and the parties the
// demo generator plants from them. The real SDN CSV is not added: it is
// the dataset us_ofac_sdn too and replaces the sample that the ownership
// data names, which leaves the 50% rule nothing to block.
type screening struct {
	engine *shipment.Engine
	listed []demo.Listed
	owned  []demo.Listed
}

var (
	screenOnce sync.Once
	screenFix  *screening
	screenErr  error
)

func newScreening(t testing.TB) *screening {
	t.Helper()
	if _, err := os.Stat(unList); err != nil {
		t.Skipf("real list not here: %v", err)
	}
	screenOnce.Do(func() { screenFix, screenErr = buildScreening() })
	if screenErr != nil {
		t.Fatal(screenErr)
	}
	return screenFix
}

func buildScreening() (*screening, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "redline-flows-test")
	if err != nil {
		return nil, err
	}
	sdn, err := demo.WriteSample(filepath.Join(dir, "sample"))
	if err != nil {
		return nil, err
	}
	own, err := demo.WriteOwnership(filepath.Join(dir, "sample"))
	if err != nil {
		return nil, err
	}
	st, err := lists.Open(filepath.Join(dir, "lists"))
	if err != nil {
		return nil, err
	}
	if _, err := st.Import(ctx, []string{unList, sdn, own}, lists.ImportOptions{Formats: lists.Formats()}); err != nil {
		return nil, err
	}
	m, err := match.Build(ctx, st.Entities(ctx))
	if err != nil {
		return nil, err
	}
	ax, err := shipment.NewAddressIndex(ctx, st.Entities(ctx))
	if err != nil {
		return nil, err
	}
	g, err := ownership.Build(ctx, st.Entities(ctx), ownership.OFACOptions())
	if err != nil {
		return nil, err
	}
	listed, err := demo.ListedFrom(ctx, st.Entities(ctx), 300)
	if err != nil {
		return nil, err
	}
	owned, err := demo.OwnedFrom(ctx, st.Entities(ctx), g, 100)
	if err != nil {
		return nil, err
	}
	mo := match.DefaultOptions()
	mo.Limit = 3
	e, err := shipment.New(shipment.Options{Parties: shipment.Matcher{M: m, Opts: mo}, Goods: shipment.DefaultGoods(), Addresses: ax, Ownership: g})
	if err != nil {
		return nil, err
	}
	return &screening{engine: e, listed: listed, owned: owned}, nil
}

// openDB opens an in-memory store closed at the end of the test.
func openDB(t testing.TB) *flows.DB {
	t.Helper()
	db, err := flows.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
