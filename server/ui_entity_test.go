package server_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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
			"<td>un_sc_sanctions</td>", "<li>DRC</li>", `<td class="nowrap">2012-12-31</td>`,
		}, []string{">cd<", ">rw<"}},
		{"ftm addresses and sanctions", "NK-abdzbEBkqyT29GyREbiURZ", []string{
			"Russia (RU)",
			`<a href="/ui/entities/NK-Fb67aBqg7osJjYfQsBhmYT">130 Vorovskogo st. Izhevsk, 426063, Russia</a>`,
			"<li>AU-RUSSIA</li>", `<td class="nowrap">2023-02-24</td>`, "Autonomous Sanctions (Designated Persons and Entities",
			"<li>EU-UKR</li>", `<td class="nowrap">2023-12-18<br>2025-03-15</td>`,
		}, []string{">addr-1792725a5f4435b80bd24a4421634aeeb3c513f8<"}},
		{"address", "NK-Fb67aBqg7osJjYfQsBhmYT", []string{"<h1>130 Vorovskogo st. Izhevsk, 426063, Russia"}, []string{`class="card listings"`, "date not given"}},
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

// TestBrowserEntityDetails opens entity pages in Chromium, follows an
// address link and saves a screenshot of each page.
func TestBrowserEntityDetails(t *testing.T) {
	b := openBrowser(t, 1280, 900, 30*time.Second)
	e := newEnv(t, nil)
	u := e.ts.URL
	b.Step(t, "entity page", chromedp.Navigate(u+"/ui/entities/unsc-6907993"), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))
	logIn(t, b, "viewer-user", `section.listings`)
	if got := b.Text(t, "section.listings"); !strings.Contains(got, "2012-12-31") || !strings.Contains(got, "DRC") {
		t.Errorf("UN listing lacks its date or programme:\n%s", got)
	}
	// The final review: identifiers spelt as people know them ("Unsc id"
	// was shown), and the record number once only when it is the id.
	if got := b.Text(t, "section.identifiers"); !strings.Contains(got, "UN SC ID") {
		t.Errorf("UN identifiers %q: want UN SC ID", got)
	}
	if got := b.Text(t, "main h1 + p"); !strings.Contains(got, "record 6907993 · id unsc-6907993") {
		t.Errorf("UN record line %q", got)
	}
	b.Shot(t, "entity-un-listing")

	b.Step(t, "ftm entity", chromedp.Navigate(u+"/ui/entities/NK-abdzbEBkqyT29GyREbiURZ"), chromedp.WaitVisible(chromedp.CSS(`section.listings`)))
	if got := b.Text(t, "section.listings"); !strings.Contains(got, "AU-RUSSIA") || !strings.Contains(got, "2023-02-24") {
		t.Errorf("sanctions lack programme or start date:\n%s", got)
	}
	if got := b.Text(t, "section.identifiers"); !strings.Contains(got, "INN code") || !strings.Contains(got, "OGRN code") || strings.Contains(got, "Inn code") {
		t.Errorf("identifiers %q: want INN code, OGRN code", got)
	}
	if got := b.Text(t, "main h1 + p"); strings.Contains(got, "record NK-") {
		t.Errorf("record line %q repeats the id as the record number", got)
	}
	b.Shot(t, "entity-ftm-listings")
	b.Step(t, "address", chromedp.Click(chromedp.CSS(`a[href="/ui/entities/NK-Fb67aBqg7osJjYfQsBhmYT"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`section.listings`)))
	if got := b.Text(t, "h1"); !strings.Contains(got, "130 Vorovskogo st. Izhevsk") {
		t.Errorf("address page heading %q", got)
	}
	if got := b.Text(t, "section.names"); !strings.Contains(got, "None listed: an address has no names of its own.") {
		t.Errorf("an address's names card %q: want a hint, not an empty card", got)
	}
	b.Shot(t, "entity-address")
}
