package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// TestSearchRefusesBadQueries: an empty name, a birth date that is not a
// date and an unknown country are usage errors (exit 2) that say what is
// wrong, before any list is loaded (issue 13, item 15).
func TestSearchRefusesBadQueries(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"blank name", []string{"   "}, "search: the query is empty"},
		{"tab name", []string{"\t"}, "search: the query is empty"},
		{"month 13", []string{"--birth-date", "1985-13", "Ivan Petrov"}, `search: --birth-date: date "1985-13": want a real date as YYYY, YYYY-MM or YYYY-MM-DD`},
		{"day 30 of February", []string{"Ivan Petrov", "--birth-date", "1985-02-30"}, `date "1985-02-30"`},
		{"day first", []string{"--birth-date", "30.01.1985", "Ivan Petrov"}, `date "30.01.1985"`},
		{"blank date", []string{"--birth-date", " ", "Ivan Petrov"}, `--birth-date: date " "`},
		{"unknown country", []string{"--country", "Narnia", "Ivan Petrov"}, `search: --country: country "Narnia": not an ISO 3166 country code or a known country name`},
		{"unknown code", []string{"--country", "QQ", "Ivan Petrov"}, `country "QQ"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			a := &app{dataDir: t.TempDir(), stdout: &out, stderr: &errs}
			err := runSearch(context.Background(), a, tc.args)
			var u usageError
			if !errors.As(err, &u) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("runSearch(%q) = %v, want a usage error containing %q", tc.args, err, tc.want)
			}
		})
	}
}
