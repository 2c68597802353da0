package textscreen

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// repeatReader yields n bytes of a repeated pattern without holding them.
type repeatReader struct {
	pattern []byte
	n, off  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && r.off < r.n {
		p[k] = r.pattern[r.off%len(r.pattern)]
		k++
		r.off++
	}
	return k, nil
}

func TestReadBadInput(t *testing.T) {
	tests := []struct {
		name string
		in   io.Reader
		want error
		msg  string // part of the error message
	}{
		{"empty", strings.NewReader(""), ErrEmpty, "empty input"},
		{"white space", strings.NewReader(" \n\t\n"), ErrEmpty, "white space only"},
		{"binary", bytes.NewReader([]byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0}), ErrBinary, "NUL byte at offset 7"},
		{"control characters", strings.NewReader(strings.Repeat("\x01\x02a", 50)), ErrBinary, "control characters"},
		{"pdf", strings.NewReader("%PDF-1.7\n%âãÏÓ\n1 0 obj"), ErrBinary, "extract its text first"},
		{"utf-16", bytes.NewReader([]byte{0xFF, 0xFE, 'h', 0, 'i', 0}), ErrEncoding, "UTF-16"},
		{"latin-1", strings.NewReader("Soci\xe9t\xe9 g\xe9n\xe9rale livre des pi\xe8ces \xe0 Moscou"), ErrEncoding, "not valid UTF-8 (first at offset 4)"},
		{"200 MB", &repeatReader{pattern: []byte("Iran shipped drones to Russia. "), n: 200 << 20}, ErrTooLarge, "larger than 16 MiB"},
		{"empty html", strings.NewReader("<html><head><script>var a = 1;</script></head><body> </body></html>"), ErrEmpty, "html holds no text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v (doc %v), want %v", err, d, tc.want)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", err, tc.msg)
			}
		})
	}
}

func TestReadText(t *testing.T) {
	tests := []struct {
		name, in   string
		format     string
		text       string // "" means the input unchanged
		warn       string
		wantOffset bool
	}{
		{"plain", "Iran shipped drones to Russia.", "text", "", "", false},
		{"bom", "\xEF\xBB\xBFIran shipped drones.", "text", "Iran shipped drones.", "byte-order mark", false},
		{"stray byte", "Iran shipped drones \xff to Russia in 2022 according to a report from the field, a long sentence of text.", "text", "Iran shipped drones \uFFFD to Russia in 2022 according to a report from the field, a long sentence of text.", "1 invalid UTF-8 byte(s) replaced by U+FFFD (first at input offset 20)", false},
		{"html", `<!DOCTYPE html><html><head><title>News</title><style>p{color:red}</style><script>alert("Shahed-136")</script></head>` +
			`<body><h1>Drones</h1><p>Iran &amp; Russia: <b>Shahed</b>-136 drones were <i>shipped</i>.</p><!-- Lancet --><p>Second&nbsp;para</p></body></html>`,
			"html", "News\n\nDrones\n\nIran & Russia: Shahed-136 drones were shipped.\n\nSecond para", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			want := tc.text
			if want == "" {
				want = tc.in
			}
			if d.Text != want || d.Format != tc.format || d.Input != (tc.text == "") {
				t.Errorf("got %q (%s, input %v), want %q (%s)", d.Text, d.Format, d.Input, want, tc.format)
			}
			if tc.warn != "" && (len(d.Warnings) == 0 || !strings.Contains(d.Warnings[0], tc.warn)) {
				t.Errorf("warnings %q, want %q", d.Warnings, tc.warn)
			}
			if len(d.SHA256) != 64 {
				t.Errorf("sha256 %q", d.SHA256)
			}
		})
	}
}

// TestOtherLanguage: a text in a language the rules do not read is
// screened for names, and the result says what was not read.
func TestOtherLanguage(t *testing.T) {
	s := New(nil, Options{})
	for _, in := range []string{
		"أعلنت الشركة عن توريد طائرات بدون طيار إلى روسيا وفقا لتقارير صحفية",
		"Die Firma lieferte im letzten Jahr viele Maschinen nach Russland und in die Türkei, sagte ein Sprecher der Regierung.",
	} {
		d, err := Parse([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		r := s.Screen(context.Background(), d)
		if len(r.Warnings) == 0 || !strings.Contains(r.Warnings[0], "only the names") {
			t.Errorf("%.30q: warnings %q", in, r.Warnings)
		}
	}
}

func TestLang(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Iran shipped drones to Russia, according to the report.", "en"},
		{"Иран поставил России беспилотники, сообщает агентство.", "ru"},
		{"伊朗向俄罗斯提供了DJI无人机。", "zh"},
		{"Iran shipped drones. Иран поставил России беспилотники и ракеты.", "mixed"},
	}
	for _, tc := range tests {
		if got, _ := detectLang(tc.in); got != tc.want {
			t.Errorf("detectLang(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	d, _ := Parse([]byte("Иран поставил России беспилотники."))
	if r := New(nil, Options{Lang: "zh"}).Screen(context.Background(), d); r.Lang != "zh" {
		t.Errorf("--lang zh: Lang %q", r.Lang)
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{"", "plain text", "<p>a &amp; b</p>", "<html><script>x</script>", "\xEF\xBB\xBFbom", "\xff\xfe", "%PDF-", "<p>Иран «Герань-2» 伊朗</p>"} {
		f.Add([]byte(s))
	}
	for _, tx := range readEvalFile(f) {
		f.Add([]byte(tx.Text))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Parse(b)
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrBinary) && !errors.Is(err, ErrEncoding) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if !utf8.ValidString(d.Text) || strings.TrimSpace(d.Text) == "" {
			t.Fatalf("text %q: invalid UTF-8 or empty", d.Text)
		}
		if d.Input && d.Text != string(b) {
			t.Fatal("Input set but Text differs from the input")
		}
	})
}
