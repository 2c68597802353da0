// Package entity is redline's one model of a listed party, compatible with
// FollowTheMoney (FtM), the data model that OpenSanctions and yente speak.
//
// An Entity is a bag of multi-valued string properties under a schema
// (Person, Company, Vessel, ...). Links between parties (Ownership,
// Directorship, UnknownLink for OFAC "Linked To:") and sanction designations
// (Sanction) are entities too, whose properties hold the IDs of the entities
// they join, exactly as in FtM. Every entity remembers the list it came from
// (Dataset) and that list's own key for it (SourceID), so an analyst can always
// go back to the official record. An FtM entity merged from several lists, as
// OpenSanctions publishes them, also keeps every list it belongs to
// (Datasets).
package entity

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Entity is one record of a list: a party, a link or a sanction.
//
// Properties maps an FtM property name (see the constants in props.go) to its
// values in the order the list gave them, without duplicates. The zero value
// is not useful; build entities with New.
type Entity struct {
	// ID is unique across all datasets: the FtM id of the record. Readers of
	// official lists build it with MakeID(dataset, sourceID); FtM files keep
	// their own ids.
	ID string
	// Schema is an FtM schema name such as "Person" or "Ownership".
	Schema string
	// Dataset is the OpenSanctions-style name of the list, e.g. "us_ofac_sdn":
	// the entity's primary dataset, the first of Datasets.
	Dataset string
	// Datasets lists every dataset the entity belongs to, primary first and
	// without repeats, e.g. ["gb_coh_disqualified", "us_ofac_sdn", "eu_fsf"]
	// for an OpenSanctions entity merged from several lists. Invariant:
	// Dataset == Datasets[0] when Datasets is not empty. Nil means
	// [Dataset]: readers of official lists leave it nil, and so do
	// ParseJSON and SetDatasets for an entity of one dataset. Read it
	// through AllDatasets and InDataset, which handle both forms.
	Datasets []string
	// SourceID is the list's own key for the record: OFAC ent_num, UN DATAID,
	// EU logicalId, UK Group ID / Unique ID, CSL _id.
	SourceID string
	// Sublist names the part of a composite list the record comes from, e.g.
	// "Entity List (EL) - Bureau of Industry and Security" in the US CSL.
	// Empty for single lists.
	Sublist string
	// Properties holds the values of each FtM property.
	Properties map[string][]string
	// Referents are the ids of the source records an OpenSanctions entity
	// was merged from (FtM's "referents", e.g. ofac-306 and unsc-6908 for
	// NK-…); nil for the records of official lists. The matcher groups an
	// entity with the records its referents name.
	Referents []string
}

// New returns an empty entity of the given schema, dataset and source id,
// with ID set by MakeID.
func New(schema, dataset, sourceID string) *Entity {
	return &Entity{
		ID:         MakeID(dataset, sourceID),
		Schema:     schema,
		Dataset:    dataset,
		SourceID:   sourceID,
		Properties: make(map[string][]string),
	}
}

// MakeID returns the entity id used for a record with the given source id in
// dataset: the dataset's short prefix (see Prefix), a dash and the source id
// with spaces and slashes replaced, e.g. MakeID("us_ofac_sdn", "306") ==
// "ofac-306".
func MakeID(dataset, sourceID string) string {
	return Prefix(dataset) + "-" + idReplacer.Replace(strings.TrimSpace(sourceID))
}

var idReplacer = strings.NewReplacer(" ", "-", "/", "-", "\\", "-", "\t", "-")

// Prefix returns the id prefix used for a dataset's entities. Known datasets
// use the prefixes OpenSanctions uses; others use the dataset name.
func Prefix(dataset string) string {
	switch dataset {
	case "us_ofac_sdn":
		return "ofac"
	case "us_ofac_cons":
		return "ofac-cons"
	case "un_sc_sanctions":
		return "unsc"
	case "eu_fsf":
		return "eu-fsf"
	case "gb_hmt_sanctions":
		return "gb-hmt"
	case "gb_fcdo_sanctions":
		return "gb-fcdo"
	case "us_trade_csl":
		return "us-csl"
	case "us_bis_denied":
		return "us-bis-dpl"
	}
	return dataset
}

// AllDatasets returns every dataset of the entity, primary first: Datasets,
// or [Dataset] when Datasets is nil, or nil when the entity names no
// dataset. The caller must not modify the slice.
func (e *Entity) AllDatasets() []string {
	if len(e.Datasets) > 0 {
		return e.Datasets
	}
	if e.Dataset != "" {
		return []string{e.Dataset}
	}
	return nil
}

// InDataset reports whether the entity belongs to the named dataset, as its
// primary dataset or as one of Datasets.
func (e *Entity) InDataset(name string) bool {
	return name != "" && (e.Dataset == name || slices.Contains(e.Datasets, name))
}

// SetDatasets sets Dataset and Datasets from names, in order, dropping
// empty names and repeats: Dataset becomes the first name, and Datasets
// the whole list when it holds two or more (nil otherwise). With no
// usable name it leaves the entity unchanged.
func (e *Entity) SetDatasets(names ...string) {
	var ds []string
	for _, n := range names {
		if n != "" && !slices.Contains(ds, n) {
			ds = append(ds, n)
		}
	}
	if len(ds) == 0 {
		return
	}
	e.Dataset = ds[0]
	e.Datasets = nil
	if len(ds) > 1 {
		e.Datasets = ds
	}
}

// Add appends values to a property, trimming spaces and dropping empty values
// and values already present. Country codes (two ASCII letters in a
// country-typed property such as country or nationality) are stored in lower
// case, as FtM does.
func (e *Entity) Add(prop string, values ...string) {
	for _, v := range values {
		v = strings.TrimSpace(v)
		if len(v) == 2 && countryProps[prop] {
			v = strings.ToLower(v)
		}
		if v == "" || slices.Contains(e.Properties[prop], v) {
			continue
		}
		e.Properties[prop] = append(e.Properties[prop], v)
	}
}

// Get returns the values of a property. The slice belongs to the entity.
func (e *Entity) Get(prop string) []string { return e.Properties[prop] }

// First returns the first value of a property, or "".
func (e *Entity) First(prop string) string {
	if v := e.Properties[prop]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Caption returns the display name: the first name, or the first value of
// a schema's fallback caption property.
func (e *Entity) Caption() string {
	for _, p := range []string{Name, "title", Owner, Director, Subject, Program} {
		if v := e.First(p); v != "" {
			return v
		}
	}
	return e.ID
}

// Names returns every name-like value (name, alias, weakAlias, previousName)
// in that order; the names a screening engine should index.
func (e *Entity) Names() []string {
	var out []string
	for _, p := range NameProps {
		out = append(out, e.Properties[p]...)
	}
	return out
}

// IsCountryProp reports whether the values of prop are countries (country,
// nationality, citizenship, jurisdiction, flag and the like).
func IsCountryProp(prop string) bool { return countryProps[prop] }

// countryProps are the properties whose values are countries.
var countryProps = map[string]bool{
	Country: true, Nationality: true, Citizenship: true, Jurisdiction: true, Flag: true,
	"mainCountry": true, "birthCountry": true, "pastFlags": true,
}

// NameProps are the properties that carry a name of the party, strongest
// first.
var NameProps = []string{Name, Alias, PreviousName, WeakAlias}

// ftmJSON is the FtM JSON form of an entity, as in OpenSanctions'
// entities.ftm.json.
type ftmJSON struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Caption    string              `json:"caption,omitempty"`
	Datasets   []string            `json:"datasets,omitempty"`
	Properties map[string][]string `json:"properties"`
	Referents  []string            `json:"referents,omitempty"`
	// redline's additions, ignored by other FtM readers.
	SourceID string `json:"source_id,omitempty"`
	Sublist  string `json:"sublist,omitempty"`
}

// MarshalJSON writes the entity as an FtM JSON object with the extra fields
// source_id and sublist; "datasets" holds AllDatasets.
func (e *Entity) MarshalJSON() ([]byte, error) {
	ds := e.AllDatasets()
	props := e.Properties
	if props == nil {
		props = map[string][]string{}
	}
	return json.Marshal(ftmJSON{
		ID: e.ID, Schema: e.Schema, Caption: e.Caption(), Datasets: ds,
		Properties: props, Referents: e.Referents, SourceID: e.SourceID, Sublist: e.Sublist,
	})
}

// UnmarshalJSON reads an FtM JSON object (see ParseJSON).
func (e *Entity) UnmarshalJSON(b []byte) error {
	p, err := ParseJSON(b)
	if err != nil {
		return err
	}
	*e = *p
	return nil
}

// ParseJSON reads one FtM JSON object. "datasets" sets Dataset (the first)
// and Datasets as SetDatasets does; SourceID defaults to the id when the object has no source_id. It
// parses b once, where json.Unmarshal into an Entity validates it twice.
func ParseJSON(b []byte) (*Entity, error) {
	var f ftmJSON
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	if f.ID == "" {
		return nil, fmt.Errorf("entity: FtM object has no id")
	}
	if f.Schema == "" {
		return nil, fmt.Errorf("entity %s: FtM object has no schema", f.ID)
	}
	e := &Entity{ID: f.ID, Schema: f.Schema, SourceID: f.SourceID, Sublist: f.Sublist, Properties: f.Properties}
	if len(f.Referents) > 0 {
		e.Referents = f.Referents
	}
	e.SetDatasets(f.Datasets...)
	if e.SourceID == "" {
		e.SourceID = f.ID
	}
	if e.Properties == nil {
		e.Properties = make(map[string][]string)
	}
	return e, nil
}

// Clone returns a deep copy of e.
func (e *Entity) Clone() *Entity {
	c := *e
	c.Datasets = slices.Clone(e.Datasets)
	c.Referents = slices.Clone(e.Referents)
	c.Properties = make(map[string][]string, len(e.Properties))
	for k, v := range e.Properties {
		c.Properties[k] = slices.Clone(v)
	}
	return &c
}

// Equal reports whether a and b have the same id, schema, primary dataset,
// set of datasets (AllDatasets, in any order), source and property values
// (in any order). A nil Datasets equals [Dataset].
func Equal(a, b *Entity) bool {
	return a.ID == b.ID && a.Schema == b.Schema && a.Dataset == b.Dataset &&
		a.SourceID == b.SourceID && a.Sublist == b.Sublist && len(ChangedProps(a, b)) == 0
}

// DatasetsField is the name under which ChangedProps reports a change of
// the set of datasets. FtM has no property of that name.
const DatasetsField = "datasets"

// ChangedProps returns, sorted, the properties whose set of values differs
// between a and b, and DatasetsField when their sets of datasets
// (AllDatasets, in any order) differ. A change of the primary dataset
// alone, the set staying the same, is not reported.
func ChangedProps(a, b *Entity) []string {
	var out []string
	if !sameSet(a.AllDatasets(), b.AllDatasets()) {
		out = append(out, DatasetsField)
	}
	seen := map[string]bool{}
	for _, m := range []map[string][]string{a.Properties, b.Properties} {
		for k := range m {
			if seen[k] {
				continue
			}
			seen[k] = true
			if !sameSet(a.Properties[k], b.Properties[k]) {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	// A property named like DatasetsField, which FtM does not have, is
	// reported under the same name.
	return slices.Compact(out)
}

// sameSet reports whether x and y hold the same values, in any order.
func sameSet(x, y []string) bool {
	if len(x) != len(y) {
		return false
	}
	x, y = slices.Clone(x), slices.Clone(y)
	sort.Strings(x)
	sort.Strings(y)
	return slices.Equal(x, y)
}
