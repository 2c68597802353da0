package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

// TestFlagsAnywhere: flags before, between and after the files (issue:
// `screen shipments shipments.csv --report report.html`, as the README
// writes it, was refused with "give one shipments file").
func TestFlagsAnywhere(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		report string
		quiet  bool
		pos    []string
	}{
		{"flags first", []string{"--report", "r.html", "a.csv"}, "r.html", false, []string{"a.csv"}},
		{"flags last", []string{"a.csv", "--report", "r.html"}, "r.html", false, []string{"a.csv"}},
		{"between", []string{"a.csv", "--quiet", "b.csv", "--report=r.html"}, "r.html", true, []string{"a.csv", "b.csv"}},
		{"double dash ends flags", []string{"a.csv", "--", "--report", "-x"}, "", false, []string{"a.csv", "--report", "-x"}},
		{"none", nil, "", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := newFlags(&app{stderr: io.Discard}, "test")
			report := fs.String("report", "", "")
			quiet := fs.Bool("quiet", false, "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if *report != tt.report || *quiet != tt.quiet || !slices.Equal(fs.Args(), tt.pos) || fs.NArg() != len(tt.pos) {
				t.Errorf("report %q quiet %v args %q, want %q %v %q", *report, *quiet, fs.Args(), tt.report, tt.quiet, tt.pos)
			}
		})
	}
	t.Run("unknown flag after a file", func(t *testing.T) {
		fs := newFlags(&app{stderr: io.Discard}, "test")
		if err := fs.Parse([]string{"a.csv", "--nope"}); err == nil {
			t.Error("no error for an unknown flag")
		}
	})
}

// TestGroupHelp: `redline lists --help` lists the group's commands;
// `redline lists` alone does too, on stderr, as a usage error.
func TestGroupHelp(t *testing.T) {
	var out, errs bytes.Buffer
	a := &app{stdout: &out, stderr: &errs, dataDir: t.TempDir()}
	if err := run(context.Background(), a, []string{"lists", "--help"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"lists import", "lists status", "lists diff"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("lists --help lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	var u usageError
	if err := run(context.Background(), a, []string{"lists"}); !errors.As(err, &u) || !strings.Contains(errs.String(), "lists import") {
		t.Errorf("lists alone: err %v, stderr:\n%s", err, errs.String())
	}
}

// TestCheckChoice: the message names the flag that was wrong (it said
// --format for --algorithm, --input and --lang too).
func TestCheckChoice(t *testing.T) {
	tests := []struct {
		name, flag, value string
		want              string // "" for no error
	}{
		{"allowed", "algorithm", "ofac", ""},
		{"refused", "algorithm", "fuzzy", `--algorithm "fuzzy": want one of redline, ofac`},
		{"format", "format", "xml", `--format "xml": want one of redline, ofac`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkChoice(tc.flag, tc.value, "redline", "ofac")
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("checkChoice(%q, %q) = %q, want %q", tc.flag, tc.value, got, tc.want)
			}
		})
	}
}

// TestDemoHelp: the --store flag reads as a switch; back-quotes in its
// usage made flag print "-store redline --data DATA/demo serve", as if
// the flag took that as its value.
func TestDemoHelp(t *testing.T) {
	var out, errs bytes.Buffer
	a := &app{stdout: &out, stderr: &errs, dataDir: t.TempDir()}
	if err := run(context.Background(), a, []string{"demo", "--help"}); err != nil && !errors.Is(err, flag.ErrHelp) {
		t.Fatal(err)
	}
	help := out.String() + errs.String()
	if !strings.Contains(help, "  -store\n") {
		t.Errorf("demo --help: -store is not a plain switch:\n%s", help)
	}
}
