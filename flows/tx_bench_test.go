//go:build cgo

package flows_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/redline-sanctions/redline/flows"
)

var benchRows = flag.String("flows.rows", "1000000", "sizes (rows, comma-separated) of the generated file of BenchmarkTransactions, e.g. 1000000,100000000")

// BenchmarkTransactions generates a Parquet file of screened shipments of
// each size (flows.ScreenedColumns: the rows carry their screening outcome
// and are not screened again; see genScreened) into b.TempDir(), then
// measures:
//
//	import     loading it into a store on disk (ImportTransactions)
//	suppliers  Suppliers{To: RU, CHPL, Listed} on the store
//	monthly    Monthly{} on the store: month × destination × HS × currency
//	naive-suppliers, naive-monthly
//	           the same aggregations done naively in Go: the file read
//	           with parquet-go row by row, a map group-by
//
// each with rows/s, and the peak RSS (VmHWM, reset before each) and peak Go
// heap while it ran. Run 100M rows once with
//
//	go test ./flows -run '^$' -bench Transactions -benchtime 1x -flows.rows 100000000
func BenchmarkTransactions(b *testing.B) {
	for _, f := range strings.Split(*benchRows, ",") {
		rows, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || rows <= 0 {
			b.Fatalf("-flows.rows %q: want row counts", *benchRows)
		}
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) { benchTransactions(b, rows) })
	}
}

func benchTransactions(b *testing.B, rows int) {
	ctx := context.Background()
	dir := b.TempDir()
	path := filepath.Join(dir, "screened.parquet")
	start := time.Now()
	if err := genScreened(path, rows, 1); err != nil {
		b.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d rows in %s: %.1f MB", rows, time.Since(start).Round(time.Millisecond), float64(st.Size())/1e6)
	db, err := flows.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	imported := false
	load := func(b *testing.B) {
		rep, err := db.ImportTransactions(ctx, path, nil, flows.ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Rows != rows || rep.Read.Skipped != 0 {
			b.Fatalf("imported %d rows, %d skipped, want %d", rep.Rows, rep.Read.Skipped, rows)
		}
		imported = true
	}
	perRow := func(b *testing.B) { b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s") }
	supQ := flows.SupplierQuery{To: "RU", CHPL: true, Listed: true}
	var sqlSup, sqlMonthly, goSup, goMonthly [2]float64 // groups, shipments

	b.Run("import", func(b *testing.B) {
		p := startPeak()
		for b.Loop() {
			load(b)
		}
		p.report(b)
		perRow(b)
	})
	b.Run("suppliers", func(b *testing.B) {
		if !imported {
			load(b)
		}
		p := startPeak()
		var res []flows.SupplierRow
		for b.Loop() {
			if res, err = db.Suppliers(ctx, supQ); err != nil {
				b.Fatal(err)
			}
		}
		p.report(b)
		perRow(b)
		sqlSup[0] = float64(len(res))
		for _, r := range res {
			sqlSup[1] += float64(r.Shipments)
		}
	})
	b.Run("monthly", func(b *testing.B) {
		if !imported {
			load(b)
		}
		p := startPeak()
		var res []flows.MonthlyRow
		for b.Loop() {
			if res, err = db.Monthly(ctx, flows.SupplierQuery{}); err != nil {
				b.Fatal(err)
			}
		}
		p.report(b)
		perRow(b)
		sqlMonthly[0] = float64(len(res))
		for _, r := range res {
			sqlMonthly[1] += float64(r.Shipments)
		}
	})
	b.Run("naive-suppliers", func(b *testing.B) {
		p := startPeak()
		var res map[supKey]*supAcc
		for b.Loop() {
			if res, err = naiveSuppliers(path, supQ); err != nil {
				b.Fatal(err)
			}
		}
		p.report(b)
		perRow(b)
		goSup[0] = float64(len(res))
		for _, a := range res {
			goSup[1] += float64(a.shipments)
		}
	})
	b.Run("naive-monthly", func(b *testing.B) {
		p := startPeak()
		var res map[monthKey]*monthAcc
		for b.Loop() {
			if res, err = naiveMonthly(path); err != nil {
				b.Fatal(err)
			}
		}
		p.report(b)
		perRow(b)
		goMonthly[0] = float64(len(res))
		for _, a := range res {
			goMonthly[1] += float64(a.shipments)
		}
	})
	// The two ways agree, or the figures mean nothing.
	if sqlSup[1] > 0 && goSup[1] > 0 && sqlSup != goSup {
		b.Errorf("suppliers: DuckDB %v groups/shipments, Go %v", sqlSup, goSup)
	}
	if sqlMonthly[1] > 0 && goMonthly[1] > 0 && sqlMonthly != goMonthly {
		b.Errorf("monthly: DuckDB %v groups/shipments, Go %v", sqlMonthly, goMonthly)
	}
}

// genScreened writes rows screened shipments: 36 months (2022–2024), 40
// destinations (Russia a tenth of the trade), 20,000 suppliers, 50,000
// consignees of which 1% listed (with their list entry), 2,000 HS codes of
// which a tenth on the CHPL, log-normal values. The screening outcome is
// drawn, not computed: the rows stand for shipments screened upstream.
func genScreened(path string, rows int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 42))
	countries := strings.Fields("RU DE FR IT NL PL CN HK TR AE KZ KG AM GE UZ BY IN US GB JP KR SG MY TH VN FI EE LV LT CZ SK HU AT CH SE ES PT BE RS AZ")
	type party struct {
		name, country, entity string
	}
	suppliers := make([]party, 20000)
	for i := range suppliers {
		c := countries[1+r.IntN(len(countries)-1)]
		suppliers[i] = party{name: fmt.Sprintf("Supplier %05d %s", i, c), country: c}
	}
	consignees := make([]party, 50000)
	for i := range consignees {
		c := countries[r.IntN(len(countries))]
		if r.IntN(10) == 0 {
			c = "RU"
		}
		p := party{name: fmt.Sprintf("Consignee %05d %s", i, c), country: c}
		if r.IntN(100) == 0 {
			p.entity = fmt.Sprintf("us_ofac_sdn:ofac-%d", 10000+i)
		}
		consignees[i] = p
	}
	type goods struct{ hs, tier string }
	codes := make([]goods, 2000)
	for i := range codes {
		codes[i] = goods{hs: fmt.Sprintf("%06d", 100000+r.IntN(870000))}
		if r.IntN(10) == 0 {
			codes[i].tier = []string{"1", "2", "3.A", "3.B", "4.A"}[r.IntN(5)]
		}
	}
	var dates []string
	for y := 2022; y <= 2024; y++ {
		for m := 1; m <= 12; m++ {
			for d := 1; d <= 28; d++ {
				dates = append(dates, fmt.Sprintf("%d-%02d-%02d", y, m, d))
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := parquet.NewGenericWriter[flows.ScreenedRow](f, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(1<<20))
	buf := make([]flows.ScreenedRow, 0, 8192)
	for i := range rows {
		sup := suppliers[r.IntN(len(suppliers))]
		con := consignees[r.IntN(len(consignees))]
		g := codes[r.IntN(len(codes))]
		dest := con.country
		if r.IntN(20) == 0 {
			dest = countries[r.IntN(len(countries))]
		}
		buf = append(buf, flows.ScreenedRow{
			ID:       "TX-" + strconv.Itoa(i+1),
			Date:     dates[r.IntN(len(dates))],
			Supplier: sup.name, SupplierCountry: sup.country, Consignee: con.name, ConsigneeCountry: con.country, Destination: dest,
			HS: g.hs, CHPLTier: g.tier, Value: math.Round(math.Exp(7+r.NormFloat64()*1.5)*100) / 100, Currency: "USD",
			Listed: con.entity != "", PartyListed: con.entity != "", EntityIDs: con.entity,
		})
		if len(buf) == cap(buf) {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if _, err := w.Write(buf); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return f.Close()
}

// readScreened calls fn with each row of the file, in batches.
func readScreened(path string, fn func(*flows.ScreenedRow)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rd := parquet.NewGenericReader[flows.ScreenedRow](f)
	defer rd.Close()
	buf := make([]flows.ScreenedRow, 4096)
	for {
		n, err := rd.Read(buf)
		for i := range buf[:n] {
			fn(&buf[i])
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

type supKey struct{ supplierCountry, supplier, consignee, consigneeCountry, dest, hs, tier, currency string }

type supAcc struct {
	shipments   int64
	value       float64
	first, last string
	months      map[string]bool
	entities    map[string]bool
}

// naiveSuppliers is Suppliers done in Go: a map keyed by the group.
func naiveSuppliers(path string, q flows.SupplierQuery) (map[supKey]*supAcc, error) {
	out := map[supKey]*supAcc{}
	err := readScreened(path, func(r *flows.ScreenedRow) {
		dest := r.Destination
		if dest == "" {
			dest = r.ConsigneeCountry
		}
		if q.To != "" && dest != q.To || q.CHPL && r.CHPLTier == "" || q.Listed && !r.Listed {
			return
		}
		k := supKey{r.SupplierCountry, r.Supplier, r.Consignee, r.ConsigneeCountry, dest, r.HS, r.CHPLTier, r.Currency}
		a := out[k]
		month := r.Date[:min(7, len(r.Date))]
		if a == nil {
			a = &supAcc{first: month, last: month, months: map[string]bool{}, entities: map[string]bool{}}
			out[k] = a
		}
		a.shipments++
		a.value += r.Value
		a.first, a.last = min(a.first, month), max(a.last, month)
		a.months[month] = true
		if r.EntityIDs != "" {
			a.entities[r.EntityIDs] = true
		}
	})
	return out, err
}

type monthKey struct{ month, dest, hs, currency string }

type monthAcc struct {
	shipments int64
	value     float64
}

// naiveMonthly is Monthly done in Go.
func naiveMonthly(path string) (map[monthKey]*monthAcc, error) {
	out := map[monthKey]*monthAcc{}
	err := readScreened(path, func(r *flows.ScreenedRow) {
		dest := r.Destination
		if dest == "" {
			dest = r.ConsigneeCountry
		}
		k := monthKey{r.Date[:min(7, len(r.Date))], dest, r.HS, r.Currency}
		a := out[k]
		if a == nil {
			a = &monthAcc{}
			out[k] = a
		}
		a.shipments++
		a.value += r.Value
	})
	return out, err
}

// peak watches the process's peak memory while a benchmark runs: the
// kernel's RSS high-water mark (reset at the start, Linux) and the Go
// heap, sampled every 5 ms.
type peak struct {
	stop chan struct{}
	done chan uint64
	rss  bool
}

func startPeak() *peak {
	runtime.GC()
	p := &peak{stop: make(chan struct{}), done: make(chan uint64)}
	// Writing 5 to clear_refs resets VmHWM to the current RSS.
	p.rss = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var max uint64
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			max = maxU(max, s[0].Value.Uint64())
			select {
			case <-p.stop:
				p.done <- max
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func maxU(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}

func (p *peak) report(b *testing.B) {
	close(p.stop)
	heap := <-p.done
	b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
	if !p.rss {
		return
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err == nil {
				b.ReportMetric(float64(kb)/1024, "peak-RSS-MB")
			}
		}
	}
}
