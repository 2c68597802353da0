package shipment_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
	"github.com/redline-sanctions/redline/source/bis"
	"github.com/redline-sanctions/redline/source/ofac"
	"github.com/redline-sanctions/redline/source/un"
)

// realFormats read the real lists of ../shared/data used by the tests.
var realFormats = []lists.Format{
	{Name: "un-xml", Detect: un.Detect, Reader: un.Reader{}},
	{Name: "bis-dpl", Detect: bis.Detect, Reader: bis.DPLReader{}},
}

// sampleFormat reads the sample list (OFAC CSV), whatever lists.Formats
// holds.
var sampleFormat = lists.Format{Name: "ofac-csv", Detect: ofac.DetectCSV, Reader: ofac.CSVReader{}}

// sharedData is the real reference data, read in place.
var sharedData = testutil.SharedData()

// fixture is a list store with the embedded sample list imported, the
// matcher and the address index built from it.
type fixture struct {
	store   *lists.Store
	matcher *match.Matcher
	addrs   *shipment.AddressIndex
	graph   *ownership.Graph
	listed  []demo.Listed
	owned   []demo.Listed
}

var (
	sampleOnce sync.Once
	sampleFix  *fixture
	sampleErr  error
)

// sampleFixture imports the embedded sample list (the same path `redline
// demo` takes on a fresh machine) once per test binary.
func sampleFixture(t testing.TB) *fixture {
	t.Helper()
	sampleOnce.Do(func() {
		dir, err := os.MkdirTemp("", "redline-shipment-test")
		if err != nil {
			sampleErr = err
			return
		}
		sampleFix, sampleErr = buildFixture(dir, nil)
	})
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sampleFix
}

// buildFixture imports the sample list and the given extra list files into
// a store in dir.
func buildFixture(dir string, extra []string, formats ...lists.Format) (*fixture, error) {
	ctx := context.Background()
	sdn, err := demo.WriteSample(filepath.Join(dir, "sample"))
	if err != nil {
		return nil, err
	}
	st, err := lists.Open(filepath.Join(dir, "lists"))
	if err != nil {
		return nil, err
	}
	own, err := demo.WriteOwnership(filepath.Join(dir, "sample"))
	if err != nil {
		return nil, err
	}
	if _, err := st.Import(ctx, append([]string{sdn, own}, extra...), lists.ImportOptions{Formats: append(append([]lists.Format{sampleFormat}, formats...), lists.Formats()...)}); err != nil {
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
	owned, err := demo.OwnedFrom(ctx, st.Entities(ctx), g, 100)
	if err != nil {
		return nil, err
	}
	sampleStore, err := lists.Open(filepath.Join(dir, "sample-only"))
	if err != nil {
		return nil, err
	}
	if _, err := sampleStore.Import(ctx, []string{sdn}, lists.ImportOptions{Formats: []lists.Format{sampleFormat}}); err != nil {
		return nil, err
	}
	listed, err := demo.ListedFrom(ctx, sampleStore.Entities(ctx), 100)
	if err != nil {
		return nil, err
	}
	return &fixture{store: st, matcher: m, addrs: ax, graph: g, listed: listed, owned: owned}, nil
}

func (f *fixture) engine(t testing.TB, opts shipment.Options) *shipment.Engine {
	t.Helper()
	mo := match.DefaultOptions()
	mo.Limit = 3
	opts.Parties = shipment.Matcher{M: f.matcher, Opts: mo}
	opts.Addresses = f.addrs
	if opts.Ownership == nil {
		opts.Ownership = f.graph
	}
	if opts.Goods == nil {
		opts.Goods = goodsClassifier()
	}
	e, err := shipment.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// goodsClassifier is the embedded goods classifier.
func goodsClassifier() shipment.GoodsClassifier { return shipment.DefaultGoods() }
