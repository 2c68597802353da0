package names_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/names"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/ofac"
	"github.com/redline-sanctions/redline/source/un"
)

// arabicSetPath is the labelled Arabic-script set (BRIEF format), written
// by TestArabicSet with -update.
const arabicSetPath = "../eval/scripts/arabic.csv"

// The lists the set is built from, read in place.
var (
	arabicUN  = "lists/un/consolidated-2026-02-27.xml"
	arabicSDN = []string{"lists/ofac/sdn-2021-07/sdn.csv", "lists/ofac/cons-2025-12/cons_prim.csv"}
)

// TestArabicSet rebuilds eval/scripts/arabic.csv from the lists and
// compares it with the committed file (-update rewrites it).
//
// The rule, fixed before any score was looked at:
//
//   - Queries are the NAME_ORIGINAL_SCRIPT of UN records written in Arabic
//     script (Arabic, Persian, Pashto, Urdu letters).
//   - Positives: a UN individual and an OFAC record (SDN 2021-07 or
//     consolidated 2025-12) of a Person are the same party when they share
//     a date of birth (equal, or one is the year of the other) and two or
//     more Latin name tokens of at least three letters, particles (al, el,
//     bin, ibn, bint, ben) left out, between any of their Latin names and
//     aliases. A UN entity and an OFAC non-person record are the same party
//     when one Latin name or alias of each has the same set of tokens
//     (particles and legal forms left out). A UN record that pairs with
//     two or more OFAC records of different names is left out (ambiguous).
//     The pair's name is the OFAC name (primary or alias) sharing
//     the most tokens with the UN primary Latin name; negatives use primary names.
//   - repaired: each positive's query against the name of the positive
//     seven rows on (same schema class), when that is another OFAC record
//     sharing no Latin token with the query's own OFAC names.
//   - lookalike: each positive's query against the names of the first two
//     other positives' OFAC records (in set order) that share a surname
//     token (a token of four or more letters before the comma of both
//     primary names) — relatives and namesakes (the sons of Saddam
//     Hussein al-Tikriti).
//   - common: common Arabic given names (see commonArabic) against listed
//     names from the positives that share none of their Latin spellings.
func TestArabicSet(t *testing.T) {
	unEnts := readList(t, arabicUN, un.Reader{})
	var ofacEnts []*entity.Entity
	for _, f := range arabicSDN {
		ofacEnts = append(ofacEnts, readList(t, f, ofac.CSVReader{})...)
	}
	rows := buildArabicSet(unEnts, ofacEnts)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"query", "schema", "name", "list_id", "label", "kind", "source"})
	for _, r := range rows {
		w.Write([]string{r.query, r.schema, r.name, r.listID, r.label, r.kind, r.source})
	}
	w.Flush()
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.kind]++
	}
	t.Logf("%d rows: %v", len(rows), counts)
	if counts["positive"] < 60 {
		t.Errorf("%d positives, want at least 60", counts["positive"])
	}
	testutil.Golden(t, arabicSetPath, buf.Bytes())
}

func readList(t *testing.T, path string, r source.Reader) []*entity.Entity {
	t.Helper()
	full := testutil.SharedData(path)
	if _, err := os.Stat(full); err != nil {
		testutil.Skipf(t, "reference data not found at %s (%v): skipping", full, err)
	}
	var es []*entity.Entity
	if _, err := r.Read(context.Background(), full, func(e *entity.Entity) error {
		es = append(es, e)
		return nil
	}); err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return es
}

// setRow is one row of the labelled set.
type setRow struct {
	query, schema, name, listID, label, kind, source string
}

// arabicLetters reports whether s is written (mostly) in Arabic script.
func arabicLetters(s string) bool {
	n, a := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
			if unicode.Is(unicode.Arabic, r) {
				a++
			}
		}
	}
	return n > 0 && 2*a > n
}

var setParticles = map[string]bool{"al": true, "el": true, "bin": true, "ibn": true, "bint": true, "ben": true}

// nameSet is a Latin name and its token set.
type nameSet struct {
	text string
	set  map[string]bool
}

// latinTokens returns the normalized Latin tokens of the names of e
// (name, alias, weakAlias, previousName), particles left out, one set per
// name.
func latinTokens(e *entity.Entity) []nameSet {
	latinMu.Lock()
	defer latinMu.Unlock()
	if out, ok := latinCache[e]; ok {
		return out
	}
	out := latinTokensOf(e)
	latinCache[e] = out
	return out
}

// latinCache memoizes latinTokens: the pairing rule compares every UN
// record with every OFAC record.
var (
	latinMu    sync.Mutex
	latinCache = map[*entity.Entity][]nameSet{}
)

func latinTokensOf(e *entity.Entity) []nameSet {
	var out []nameSet
	for _, p := range []string{entity.Name, entity.Alias, entity.WeakAlias, entity.PreviousName} {
		for _, v := range e.Properties[p] {
			if arabicLetters(v) {
				continue
			}
			set := map[string]bool{}
			for _, t := range strings.Fields(names.Normalize(v)) {
				if !setParticles[t] && len(t) >= 3 && names.LegalForm(t) == "" {
					set[t] = true
				}
			}
			if len(set) > 0 {
				out = append(out, nameSet{v, set})
			}
		}
	}
	return out
}

func shared(a, b map[string]bool) int {
	n := 0
	for t := range a {
		if b[t] {
			n++
		}
	}
	return n
}

func sameDOB(a, b *entity.Entity) bool {
	for _, x := range a.Properties[entity.BirthDate] {
		for _, y := range b.Properties[entity.BirthDate] {
			if x == y || strings.HasPrefix(x, y) && len(y) == 4 || strings.HasPrefix(y, x) && len(x) == 4 {
				return true
			}
		}
	}
	return false
}

func isPerson(e *entity.Entity) bool { return e.Schema == entity.Person }

// samePartyNames says whether a UN record and an OFAC record are the same
// party by the rule of TestArabicSet, and returns the OFAC name (primary
// or alias) that shares the most tokens with the UN primary Latin name,
// the OFAC primary name first on a tie or when none shares any.
func samePartyNames(u, o *entity.Entity) (string, bool) {
	if isPerson(u) != isPerson(o) {
		return "", false
	}
	same := false
	best, bestN := "", 0
	for i, a := range latinTokens(u) {
		for _, b := range latinTokens(o) {
			n := shared(a.set, b.set)
			if isPerson(u) && n >= 2 && sameDOB(u, o) || !isPerson(u) && len(a.set) == len(b.set) && n == len(a.set) {
				same = true
			}
			if i == 0 && n > bestN {
				best, bestN = b.text, n
			}
		}
	}
	if !same {
		return "", false
	}
	if best == "" {
		best = o.Properties[entity.Name][0]
	}
	return best, true
}

func citeOFAC(o *entity.Entity) string {
	if o.Dataset == "us_ofac_cons" {
		return "OFAC consolidated non-SDN list CSV 2025-12 ent_num " + o.SourceID
	}
	return "OFAC SDN list CSV 2021-07 ent_num " + o.SourceID
}

func citeUN(u *entity.Entity) string {
	ref := strings.Join(u.Properties[entity.UNSCReference], "/")
	return fmt.Sprintf("UN Security Council consolidated list 2026-02-27 %s (DATAID %s) NAME_ORIGINAL_SCRIPT", ref, u.SourceID)
}

// commonArabic are common Arabic given names, with their usual Latin
// spellings. Sources: Muhammad, Ahmad, Ali, Omar, Fatima, Hassan as the
// most popular names (https://www.mybaby.net.au/origin/arabic/,
// https://egyptianstreets.com/2019/07/10/on-the-popularity-of-mohammed-and-other-arabic-naming-conventions/,
// which lists the spellings of Muhammad), Abdullah
// (http://piglix.com/piglix/Laqab).
var commonArabic = []struct {
	arabic string
	latin  []string
}{
	{"محمد أحمد", []string{"muhammad", "mohammed", "mohamed", "mohammad", "muhammed", "mohamad", "ahmad", "ahmed"}},
	{"علي حسن", []string{"ali", "hassan", "hasan"}},
	{"عمر محمد", []string{"omar", "umar", "muhammad", "mohammed", "mohamed", "mohammad", "muhammed", "mohamad"}},
	{"فاطمة علي", []string{"fatima", "fatimah", "fatma", "ali"}},
	{"عبد الله حسن", []string{"abdullah", "abdallah", "abd", "allah", "hassan", "hasan"}},
	{"أحمد عمر", []string{"ahmad", "ahmed", "omar", "umar"}},
}

func buildArabicSet(unEnts, ofacEnts []*entity.Entity) []setRow {
	type pos struct {
		u, o        *entity.Entity
		query, name string
	}
	var positives []pos
	for _, u := range unEnts {
		var query string
		for _, a := range u.Properties[entity.Alias] {
			if arabicLetters(a) {
				query = a
				break
			}
		}
		if query == "" {
			continue
		}
		var found []*entity.Entity
		var name string
		for _, o := range ofacEnts {
			if n, ok := samePartyNames(u, o); ok {
				found = append(found, o)
				if name == "" {
					name = n
				}
			}
		}
		if len(found) == 0 {
			continue
		}
		primary := found[0].Properties[entity.Name][0]
		ambiguous := false
		for _, o := range found[1:] {
			if o.Properties[entity.Name][0] != primary {
				ambiguous = true
			}
		}
		if ambiguous {
			continue
		}
		positives = append(positives, pos{u, found[0], query, name})
	}
	slices.SortFunc(positives, func(a, b pos) int {
		return strings.Compare(citeUN(a.u), citeUN(b.u))
	})
	schemaOf := func(e *entity.Entity) string {
		if e.Schema == entity.Person {
			return entity.Person
		}
		return entity.Organisation
	}
	var rows []setRow
	for _, p := range positives {
		rows = append(rows, setRow{p.query, schemaOf(p.u), p.name, p.o.ID, "1", "positive",
			citeUN(p.u) + "; " + citeOFAC(p.o)})
	}
	disjoint := func(a, b *entity.Entity) bool {
		for _, x := range latinTokens(a) {
			for _, y := range latinTokens(b) {
				if shared(x.set, y.set) > 0 {
					return false
				}
			}
		}
		return true
	}
	for i, p := range positives {
		for k := 7; k < len(positives); k++ {
			q := positives[(i+k)%len(positives)]
			if isPerson(q.o) != isPerson(p.o) || q.o.ID == p.o.ID || !disjoint(p.o, q.o) {
				continue
			}
			rows = append(rows, setRow{p.query, schemaOf(p.u), q.o.Properties[entity.Name][0], q.o.ID, "0", "repaired",
				"re-pairing of " + citeUN(p.u) + " with " + citeOFAC(q.o)})
			break
		}
	}
	// family is the set of surname tokens of an OFAC primary name,
	// written "SURNAME, Given".
	family := func(e *entity.Entity) map[string]bool {
		set := map[string]bool{}
		sur, _, ok := strings.Cut(e.Properties[entity.Name][0], ",")
		if !ok {
			return set
		}
		for _, t := range strings.Fields(names.Normalize(sur)) {
			if len(t) >= 4 && !setParticles[t] {
				set[t] = true
			}
		}
		return set
	}
	for _, p := range positives {
		if !isPerson(p.o) {
			continue
		}
		n := 0
		for _, q := range positives {
			if !isPerson(q.o) || q.o.ID == p.o.ID || q.o.Properties[entity.Name][0] == p.o.Properties[entity.Name][0] ||
				shared(family(p.o), family(q.o)) == 0 {
				continue
			}
			rows = append(rows, setRow{p.query, entity.Person, q.o.Properties[entity.Name][0], q.o.ID, "0", "lookalike",
				"namesake: " + citeUN(p.u) + " is " + citeOFAC(p.o) + ", not " + citeOFAC(q.o)})
			if n++; n == 2 {
				break
			}
		}
	}
	for ci, c := range commonArabic {
		spell := map[string]bool{}
		for _, s := range c.latin {
			spell[s] = true
		}
		n := 0
		for k := range positives {
			q := positives[(ci*11+k*5)%len(positives)]
			if !isPerson(q.o) {
				continue
			}
			clash := false
			for _, set := range latinTokens(q.o) {
				if shared(set.set, spell) > 0 {
					clash = true
				}
			}
			if clash {
				continue
			}
			rows = append(rows, setRow{c.arabic, entity.Person, q.o.Properties[entity.Name][0], q.o.ID, "0", "common",
				"common Arabic name (" + strings.Join(c.latin[:2], "/") + ", https://www.mybaby.net.au/origin/arabic/) against " + citeOFAC(q.o)})
			if n++; n == 5 {
				break
			}
		}
	}
	return rows
}
