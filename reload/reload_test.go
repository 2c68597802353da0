package reload

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
)

// importFile imports one of the lists package's test versions.
func importFile(t *testing.T, st *lists.Store, name string) {
	t.Helper()
	res, err := st.Import(context.Background(), []string{filepath.Join("..", "lists", "testdata", name)}, lists.ImportOptions{ForceCurrent: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("%s: %v", name, r.Err)
		}
	}
}

func TestReload(t *testing.T) {
	ctx := context.Background()
	st, err := lists.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	importFile(t, st, "v1.ftm.json")
	var h match.Holder
	var swaps []string
	l, m, err := Load(ctx, st, &h, Options{Swapped: func(_ context.Context, why string, _ *match.Matcher) { swaps = append(swaps, why) }})
	if err != nil {
		t.Fatal(err)
	}
	if h.Load() != m || m.Len() == 0 {
		t.Fatalf("Load: holder has %p, want the built index %p (%d entities)", h.Load(), m, m.Len())
	}
	steps := []struct {
		name string
		file string
		want bool
	}{
		{name: "unchanged lists", want: false},
		{name: "new version", file: "v2.ftm.json", want: true},
		{name: "unchanged again", want: false},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := h.Load()
			if s.file != "" {
				importFile(t, st, s.file)
			}
			got, err := l.Reload(ctx, s.name)
			if err != nil {
				t.Fatal(err)
			}
			if got != s.want || (h.Load() != before) != s.want {
				t.Fatalf("Reload = %v (index swapped: %v), want %v", got, h.Load() != before, s.want)
			}
		})
	}
	if len(swaps) != 1 || swaps[0] != "new version" {
		t.Fatalf("Swapped called with %q, want once with the new version", swaps)
	}
}

// TestRunWatch: Run finds a version another command imported.
func TestRunWatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := lists.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	importFile(t, st, "v1.ftm.json")
	var h match.Holder
	swapped := make(chan string, 1)
	l, m, err := Load(ctx, st, &h, Options{Watch: 10 * time.Millisecond, Swapped: func(_ context.Context, why string, _ *match.Matcher) { swapped <- why }})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { l.Run(ctx); close(done) }()
	importFile(t, st, "v2.ftm.json")
	select {
	case why := <-swapped:
		if why != "watch" || h.Load() == m {
			t.Fatalf("swapped for %q, index changed %v", why, h.Load() != m)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the new version was not swapped in")
	}
	cancel()
	<-done
}
