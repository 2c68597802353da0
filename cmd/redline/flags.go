package main

import (
	"flag"
	"slices"
	"strings"
)

// flagSet is a subcommand's flags. Parse accepts flags anywhere among the
// arguments, before or after the files ("screen shipments FILE --report
// R" as well as "--report R FILE"), as git, kubectl and go do; "--" ends
// the flags. Args, NArg and Arg return the positional arguments.
type flagSet struct {
	*flag.FlagSet
	pos []string
}

// newFlags returns a flag set for a subcommand that reports errors instead
// of exiting.
func newFlags(a *app, name string) *flagSet {
	fs := flag.NewFlagSet("redline "+name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	return &flagSet{FlagSet: fs}
}

// Parse parses flags placed before, between or after the positional
// arguments.
func (f *flagSet) Parse(args []string) error {
	f.pos = nil
	for {
		if err := f.FlagSet.Parse(args); err != nil {
			return err
		}
		rest := f.FlagSet.Args()
		if consumed := args[:len(args)-len(rest)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			f.pos = append(f.pos, rest...)
			return nil
		}
		if len(rest) == 0 {
			return nil
		}
		f.pos = append(f.pos, rest[0])
		args = rest[1:]
	}
}

// Args returns the positional arguments.
func (f *flagSet) Args() []string { return f.pos }

// NArg returns the number of positional arguments.
func (f *flagSet) NArg() int { return len(f.pos) }

// Arg returns the i-th positional argument, or "" if there is none.
func (f *flagSet) Arg(i int) string {
	if i < 0 || i >= len(f.pos) {
		return ""
	}
	return f.pos[i]
}

// parseInterspersed parses args with fs and returns the positional
// arguments (fs.Parse does the same; kept for the callers that want both
// in one call).
func parseInterspersed(fs *flagSet, args []string) ([]string, error) {
	err := fs.Parse(args)
	return fs.Args(), err
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// checkFormat checks the value of --format: a usage error unless it is
// one of allowed.
func checkFormat(f string, allowed ...string) error { return checkChoice("format", f, allowed...) }

// checkChoice checks the value of the flag --name: a usage error unless it
// is one of allowed.
func checkChoice(name, v string, allowed ...string) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	return usagef("--%s %q: want one of %s", name, v, strings.Join(allowed, ", "))
}
