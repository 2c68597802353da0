package entity

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDatasetsRoundTrip writes entities of one and of several datasets as
// FtM JSON and reads them back: every dataset survives, primary first.
func TestDatasetsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		in   *Entity
		json string   // the "datasets" member written
		all  []string // AllDatasets after the round trip
	}{
		{
			name: "official list, Datasets nil",
			in:   New(Person, "us_ofac_sdn", "306"),
			json: `["us_ofac_sdn"]`,
			all:  []string{"us_ofac_sdn"},
		},
		{
			name: "one dataset spelt out",
			in:   &Entity{ID: "x-1", Schema: Company, Dataset: "eu_fsf", Datasets: []string{"eu_fsf"}, SourceID: "x-1"},
			json: `["eu_fsf"]`,
			all:  []string{"eu_fsf"},
		},
		{
			name: "several datasets",
			in: &Entity{ID: "NK-abc", Schema: Person, Dataset: "gb_coh_disqualified", SourceID: "NK-abc",
				Datasets: []string{"gb_coh_disqualified", "us_ofac_sdn", "eu_fsf"}},
			json: `["gb_coh_disqualified","us_ofac_sdn","eu_fsf"]`,
			all:  []string{"gb_coh_disqualified", "us_ofac_sdn", "eu_fsf"},
		},
		{
			name: "no dataset",
			in:   &Entity{ID: "x-2", Schema: Person, SourceID: "x-2"},
			json: ``,
			all:  nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in.Properties == nil {
				tc.in.Properties = map[string][]string{}
			}
			tc.in.Add(Name, "Ivan Petrov")
			b, err := json.Marshal(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			var raw struct {
				Datasets json.RawMessage `json:"datasets"`
			}
			if err := json.Unmarshal(b, &raw); err != nil {
				t.Fatal(err)
			}
			if string(raw.Datasets) != tc.json {
				t.Errorf("datasets written %s, want %s", raw.Datasets, tc.json)
			}
			back, err := ParseJSON(b)
			if err != nil {
				t.Fatal(err)
			}
			if !Equal(tc.in, back) {
				t.Errorf("round trip changed %v:\n in  %+v\n out %+v", ChangedProps(tc.in, back), tc.in, back)
			}
			if diff := cmp.Diff(tc.all, back.AllDatasets()); diff != "" {
				t.Errorf("AllDatasets (-want +got):\n%s", diff)
			}
			if len(tc.all) > 0 && back.Dataset != tc.all[0] {
				t.Errorf("Dataset %q, want the first of %v", back.Dataset, tc.all)
			}
			if len(back.Datasets) == 1 {
				t.Errorf("Datasets %v: one dataset is kept as nil", back.Datasets)
			}
			var viaUnmarshal Entity
			if err := json.Unmarshal(b, &viaUnmarshal); err != nil {
				t.Fatal(err)
			}
			if !Equal(back, &viaUnmarshal) || !slices.Equal(back.Datasets, viaUnmarshal.Datasets) {
				t.Errorf("UnmarshalJSON gives %+v, ParseJSON %+v", viaUnmarshal, back)
			}
		})
	}
}

func TestParseJSONDatasets(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		dataset string
		all     []string
	}{
		{"none", `{"id":"a","schema":"Person"}`, "", nil},
		{"empty list", `{"id":"a","schema":"Person","datasets":[]}`, "", nil},
		{"one", `{"id":"a","schema":"Person","datasets":["eu_fsf"]}`, "eu_fsf", []string{"eu_fsf"}},
		{"order kept", `{"id":"a","schema":"Person","datasets":["b","a","c"]}`, "b", []string{"b", "a", "c"}},
		{"repeats and empty names dropped", `{"id":"a","schema":"Person","datasets":["","x","y","x",""]}`, "x", []string{"x", "y"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := ParseJSON([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if e.Dataset != tc.dataset {
				t.Errorf("Dataset %q, want %q", e.Dataset, tc.dataset)
			}
			if diff := cmp.Diff(tc.all, e.AllDatasets()); diff != "" {
				t.Errorf("AllDatasets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInDataset(t *testing.T) {
	official := New(Company, "us_ofac_sdn", "1")
	merged := &Entity{ID: "NK-1", Schema: Company, Dataset: "mc_fund_freezes",
		Datasets: []string{"mc_fund_freezes", "us_ofac_sdn", "eu_fsf"}}
	none := &Entity{ID: "x", Schema: Company}
	tests := []struct {
		name string
		e    *Entity
		ds   string
		want bool
	}{
		{"official primary", official, "us_ofac_sdn", true},
		{"official other", official, "eu_fsf", false},
		{"merged primary", merged, "mc_fund_freezes", true},
		{"merged second", merged, "us_ofac_sdn", true},
		{"merged last", merged, "eu_fsf", true},
		{"merged absent", merged, "un_sc_sanctions", false},
		{"empty name", merged, "", false},
		{"no dataset", none, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.e.InDataset(tc.ds); got != tc.want {
				t.Errorf("InDataset(%q) = %v, want %v", tc.ds, got, tc.want)
			}
		})
	}
}

func TestSetDatasets(t *testing.T) {
	tests := []struct {
		name     string
		in       []string
		dataset  string
		datasets []string
	}{
		{"none leaves the entity", nil, "keep", nil},
		{"only empty names", []string{"", ""}, "keep", nil},
		{"one", []string{"a"}, "a", nil},
		{"two", []string{"a", "b"}, "a", []string{"a", "b"}},
		{"repeat of one", []string{"a", "a"}, "a", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := &Entity{ID: "x", Schema: Person, Dataset: "keep"}
			e.SetDatasets(tc.in...)
			if e.Dataset != tc.dataset || !slices.Equal(e.Datasets, tc.datasets) {
				t.Errorf("Dataset %q Datasets %v, want %q %v", e.Dataset, e.Datasets, tc.dataset, tc.datasets)
			}
		})
	}
}

// TestEqualDatasets checks that Equal and ChangedProps see a change of the
// set of datasets, and not a change of its order.
func TestEqualDatasets(t *testing.T) {
	base := func(ds ...string) *Entity {
		e := &Entity{ID: "NK-1", Schema: Company, Properties: map[string][]string{Name: {"Aeroscan"}}}
		e.SetDatasets(ds...)
		return e
	}
	tests := []struct {
		name    string
		a, b    *Entity
		equal   bool
		changed []string
	}{
		{"same", base("a", "b"), base("a", "b"), true, nil},
		{"nil is [Dataset]", New(Company, "a", "1"), &Entity{ID: "a-1", Schema: Company, Dataset: "a", SourceID: "1", Datasets: []string{"a"}, Properties: map[string][]string{}}, true, nil},
		{"reordered", base("a", "b", "c"), base("a", "c", "b"), true, nil},
		{"added", base("a"), base("a", "us_ofac_sdn"), false, []string{"datasets"}},
		{"removed", base("a", "b"), base("a"), false, []string{"datasets"}},
		{"other primary, same set", base("a", "b"), base("b", "a"), false, nil},
		{"datasets and a property", base("a"), func() *Entity { e := base("a", "b"); e.Add(Country, "ru"); return e }(), false, []string{"country", "datasets"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Equal(tc.a, tc.b); got != tc.equal {
				t.Errorf("Equal = %v, want %v", got, tc.equal)
			}
			if diff := cmp.Diff(tc.changed, ChangedProps(tc.a, tc.b)); diff != "" {
				t.Errorf("ChangedProps (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCloneDatasets(t *testing.T) {
	e := &Entity{ID: "NK-1", Schema: Person, Properties: map[string][]string{}}
	e.SetDatasets("a", "b")
	c := e.Clone()
	if !Equal(e, c) {
		t.Fatalf("clone differs: %v", ChangedProps(e, c))
	}
	c.Datasets[1] = "z"
	if e.Datasets[1] != "b" {
		t.Errorf("the clone shares Datasets with the original: %v", e.Datasets)
	}
}

// FuzzParseJSON checks that ParseJSON never panics and that what it reads
// keeps the invariants and round-trips through MarshalJSON.
func FuzzParseJSON(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "entities.ftm.json"))
	if err != nil {
		f.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f.Add(slices.Clone(sc.Bytes()))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := ParseJSON(b)
		if err != nil {
			return
		}
		if len(e.Datasets) > 0 && e.Datasets[0] != e.Dataset {
			t.Fatalf("Dataset %q is not the first of Datasets %v", e.Dataset, e.Datasets)
		}
		if len(e.Datasets) == 1 || slices.Contains(e.Datasets, "") {
			t.Fatalf("Datasets %v: want nil for one dataset and no empty names", e.Datasets)
		}
		for _, d := range e.AllDatasets() {
			if !e.InDataset(d) {
				t.Fatalf("InDataset(%q) false for a dataset of AllDatasets %v", d, e.AllDatasets())
			}
		}
		out, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseJSON(out)
		if err != nil {
			t.Fatalf("reading back %s: %v", out, err)
		}
		if !Equal(e, back) || !slices.Equal(e.AllDatasets(), back.AllDatasets()) {
			t.Fatalf("round trip changed %v: %s", ChangedProps(e, back), out)
		}
	})
}
