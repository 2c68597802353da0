package lists

import (
	"regexp"
	"sort"

	"github.com/redline-sanctions/redline/source"
)

// ProblemKind is a group of a reader's problems that say the same thing
// about different records, e.g. every `Remarks: N statement(s) not
// understood` of one file.
type ProblemKind struct {
	// Kind is the reason with quoted values and numbers masked:
	// `N statement(s) not understood, kept as notes: "…"`.
	Kind    string `json:"kind"`
	Skipped bool   `json:"skipped"`
	Count   int    `json:"count"`
	// Examples are the first problems of the kind, in input order.
	Examples []source.Problem `json:"examples"`
}

var (
	quoted = regexp.MustCompile(`"[^"]*"`)
	number = regexp.MustCompile(`\d+`)
	// quotedRun is a list of masked values, as in `"…"; "…"; and 2 more`.
	quotedRun = regexp.MustCompile(`"…"(; "…")+(; and \d+ more)?`)
)

// problemKind masks what varies between records in a problem's reason:
// quoted values (a run of them counts as one) and numbers. The field is
// left out, so that one reason given for many fields is one kind.
func problemKind(p source.Problem) string {
	k := quoted.ReplaceAllString(p.Reason, `"…"`)
	k = quotedRun.ReplaceAllString(k, `"…"`)
	return number.ReplaceAllString(k, "N")
}

// GroupProblems groups problems by kind, keeping up to examples of each
// (all when examples < 0). Records skipped come first, then the most
// frequent kinds; ties keep input order.
func GroupProblems(problems []source.Problem, examples int) []ProblemKind {
	var out []ProblemKind
	at := map[string]int{}
	for _, p := range problems {
		k := problemKind(p)
		if p.Skipped {
			k = "\x00" + k // a skipped record never shares a group with a warning
		}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, ProblemKind{Kind: problemKind(p), Skipped: p.Skipped})
		}
		out[i].Count++
		if examples < 0 || len(out[i].Examples) < examples {
			out[i].Examples = append(out[i].Examples, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Skipped != out[j].Skipped {
			return out[i].Skipped
		}
		return out[i].Count > out[j].Count
	})
	return out
}
