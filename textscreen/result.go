// Package textscreen reads free text (news reports, studies, court filings,
// customs free text) in English, Russian and Chinese and finds the parties
// it names, the goods of concern it mentions and the transfers it reports.
// Its Result is what `redline screen text` prints and what the evidence
// ledger stores.
package textscreen

import "github.com/redline-sanctions/redline/screen"

// Result is everything found in one document. Offsets are byte offsets
// into the input as given (after decoding HTML, into the text Result.Text
// holds when it differs from the input).
type Result struct {
	// SHA256 is the hex SHA-256 of the input bytes.
	SHA256 string `json:"sha256"`
	// Format is how the input was read: "text" or "html".
	Format string `json:"format"`
	// Lang is the language detected or given: "en", "ru", "zh" or "mixed".
	Lang string `json:"lang"`
	// Text is the plain text the offsets point into, when it is not the
	// input itself (HTML input); empty otherwise.
	Text     string   `json:"text,omitempty"`
	Parties  []Party  `json:"parties"`
	Goods    []Good   `json:"goods"`
	Claims   []Claim  `json:"claims"`
	Warnings []string `json:"warnings,omitempty"`
}

// Span is a range of bytes [Start, End) of the text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Party is one mention of an organisation, person or vessel.
type Party struct {
	Text string `json:"text"`
	Span
	// Kind is the FtM schema the mention reads as: "Organization",
	// "Company", "Person", "Vessel" or "LegalEntity" when unclear.
	Kind string `json:"kind"`
	// Country is the ISO 3166-1 alpha-2 code (lower case, as in FtM) the
	// text gives for the party, if any.
	Country string `json:"country,omitempty"`
	// Matches are the listed entities the mention matches, best first, in
	// the same shape as `screen parties`; empty for an unlisted party.
	Matches []screen.Match `json:"matches"`
}

// Good is one mention of goods of concern or of a weapon system.
type Good struct {
	Text string `json:"text"`
	Span
	// Concern is the goods package's concern category (uav, ew,
	// navigation, aircraft, engines, microelectronics, machine_tools,
	// military, ...).
	Concern  string `json:"concern"`
	HSCode   string `json:"hs_code,omitempty"`
	CHPLTier string `json:"chpl_tier,omitempty"`
	// Model is a product model or designation recognised as such
	// ("Geran-2", "Lancet-3", "Ka-52").
	Model string `json:"model,omitempty"`
}

// Claim is one reported transfer: supplier -> recipient of item.
type Claim struct {
	Supplier  string `json:"supplier"`
	Recipient string `json:"recipient"`
	Item      string `json:"item"`
	Quantity  string `json:"quantity,omitempty"`
	Date      string `json:"date,omitempty"`
	// Status is "reported", "alleged", "confirmed" or "denied", read from
	// the text's own wording.
	Status string `json:"status"`
	// Source is the outlet or document the text cites for the claim.
	Source string `json:"source,omitempty"`
	// Sentence is the sentence the claim was read from.
	Sentence Span `json:"sentence"`
}
