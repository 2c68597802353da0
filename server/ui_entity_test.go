package server_test

import (
	"io"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// TestUIEntityDetails renders entity pages from the real UN list and the
// OpenSanctions ZALA network and checks country names, address links and
// each list's programme and listing date.
func TestUIEntityDetails(t *testing.T) {
	e := newEnv(t, nil)
	c, _ := e.browser(casestore.Viewer)
	tests := []struct {
		name, id string
		want     []string
		not      []string
	}{
		{"un listing date and programme", "unsc-6907993", []string{
			"Democratic Republic of the Congo (CD)", "Rwanda (RW)", // nationality and address country
			"<td>un_sc_sanctions</td>", "<li>DRC</li>", "<td>2012-12-31</td>",
		}, []string{">cd<", ">rw<"}},
		{"ftm addresses and sanctions", "NK-abdzbEBkqyT29GyREbiURZ", []string{
			"Russia (RU)",
			`<a href="/ui/entities/NK-Fb67aBqg7osJjYfQsBhmYT">130 Vorovskogo st. Izhevsk, 426063, Russia</a>`,
			"<li>AU-RUSSIA</li>", "<td>2023-02-24</td>", "Autonomous Sanctions (Designated Persons and Entities",
			"<li>EU-UKR</li>", "<td>2023-12-18, 2025-03-15</td>",
		}, []string{">addr-1792725a5f4435b80bd24a4421634aeeb3c513f8<"}},
		{"unresolved address reference", "NK-2Tbri3s6GgNtAwsSXh4qpL", []string{
			"Russia (RU)", "addr-bb65387b6e14a1dba2427e79358ba418377b9f28 <span class=\"muted small\">(record not in the loaded lists)</span>",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Get(e.ts.URL + "/ui/entities/" + tt.id)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			page := string(b)
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(page, w) {
					t.Errorf("page has %q", w)
				}
			}
			if t.Failed() {
				i := strings.Index(page, "<h2>Listings")
				t.Logf("page from Listings:\n%s", page[max(i, 0):])
			}
		})
	}
}
