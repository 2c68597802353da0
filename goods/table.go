package goods

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:generate go run ./internal/gen -src ../../shared/data/goods -out data

// The embedded tables, written by internal/gen (see its doc for the format).
var (
	//go:embed data/hs.tsv
	hsTSV string
	//go:embed data/chpl.tsv
	chplTSV string
	//go:embed data/tiers.tsv
	tiersTSV string
)

// hsTable is the HS 2022 nomenclature and the CHPL, read once from the
// embedded tables and never changed afterwards.
type hsTable struct {
	// desc maps every chapter (2 digits), heading (4) and subheading (6)
	// to its HS 2022 description.
	desc map[string]string
	// subs lists the six-digit subheadings in nomenclature order.
	subs []string
	// chpl maps a six-digit subheading on the CHPL to its tier ("1",
	// "3.A", ...).
	chpl map[string]string
	// tiers maps a CHPL tier to its definition.
	tiers map[string]string
}

var nomenclature = sync.OnceValue(func() *hsTable {
	t, err := loadTable(hsTSV, chplTSV, tiersTSV)
	if err != nil {
		// The tables are compiled in and checked by the tests: a failure
		// here is a broken build, not bad input.
		panic(err)
	}
	return t
})

func loadTable(hs, chpl, tiers string) (*hsTable, error) {
	t := &hsTable{desc: make(map[string]string, 7000), chpl: map[string]string{}, tiers: map[string]string{}}
	err := eachLine("data/hs.tsv", hs, func(k, v string) error {
		switch len(k) {
		case 2, 4:
		case 6:
			t.subs = append(t.subs, k)
		default:
			return fmt.Errorf("code %q is not 2, 4 or 6 digits", k)
		}
		t.desc[k] = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("data/chpl.tsv", chpl, func(k, v string) error {
		if _, ok := t.desc[k]; !ok || len(k) != 6 {
			return fmt.Errorf("CHPL code %q is not an HS 2022 subheading", k)
		}
		t.chpl[k] = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("data/tiers.tsv", tiers, func(k, v string) error {
		t.tiers[k] = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(t.subs)
	return t, nil
}

func eachLine(name, text string, f func(k, v string) error) error {
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		if !ok {
			return fmt.Errorf("goods: %s:%d: no tab", name, i+1)
		}
		if err := f(k, v); err != nil {
			return fmt.Errorf("goods: %s:%d: %w", name, i+1, err)
		}
	}
	return nil
}

// Description returns the HS 2022 description of a chapter, heading or
// subheading written as NormalizeHS returns it ("854231", "8542", "85"),
// and "" when there is none.
func Description(code string) string { return nomenclature().desc[code] }

// Tier returns the CHPL tier of a six-digit subheading ("1", "2", "3.A",
// "3.B", "4.A", "4.B"), or "" when it is not on the list.
func Tier(hs6 string) string { return nomenclature().chpl[hs6] }

// TierDefinition returns the BIS definition of a CHPL tier.
func TierDefinition(tier string) string { return nomenclature().tiers[tier] }

// CHPL returns the six-digit subheadings on the Common High Priority List,
// sorted.
func CHPL() []string {
	t := nomenclature()
	out := make([]string, 0, len(t.chpl))
	for k := range t.chpl {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
