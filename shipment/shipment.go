// Package shipment screens shipments: it reads shipment files (CSV, JSON
// lines, Parquet) through a column mapping that knows the headers of common
// customs and trade data, screens every party against the lists, classifies
// the goods, examines the route, and applies the red-flag rules of package
// shipment/rules to give each shipment one risk score (0–100), a level and
// the flags behind it, each with its evidence.
//
// The work for one shipment is Engine.Assess; Engine.Run streams a whole
// file through all cores in bounded memory and keeps the input order. Party
// screening and goods classification are cached: realistic trade data
// repeats the same parties and goods many times.
package shipment

// Role is the part a party plays in a shipment.
type Role string

// The party roles.
const (
	Shipper   Role = "shipper"
	Consignee Role = "consignee"
	Notify    Role = "notify"
	EndUser   Role = "end_user"
)

// Roles lists the party roles in the order parties are kept.
var Roles = []Role{Shipper, Consignee, Notify, EndUser}

// Party is one party of a shipment as the file gives it.
type Party struct {
	Role Role   `json:"role"`
	Name string `json:"name"`
	// Country is an ISO 3166 alpha-2 code when the file's value was
	// recognised, else the value as given.
	Country string `json:"country,omitempty"`
	Address string `json:"address,omitempty"`
	// Incorporated is the party's incorporation date (YYYY-MM-DD) when the
	// file gives one.
	Incorporated string `json:"incorporated,omitempty"`
}

// Shipment is one record of a shipment file.
type Shipment struct {
	// Line is the 1-based line (CSV, JSON lines) or row (Parquet) of the
	// record in its file.
	Line int `json:"line"`
	// ID is the file's shipment id, or "line-N" when it gives none.
	ID string `json:"shipment_id"`
	// Parties holds the named parties, in the order of Roles.
	Parties     []Party `json:"parties"`
	HSCode      string  `json:"hs_code,omitempty"`
	Description string  `json:"description,omitempty"`
	Quantity    string  `json:"quantity,omitempty"`
	Value       float64 `json:"value,omitempty"`
	Currency    string  `json:"currency,omitempty"`
	Date        string  `json:"date,omitempty"`
	// Origin and Destination are ISO codes when recognised.
	Origin      string `json:"origin,omitempty"`
	Destination string `json:"destination,omitempty"`
	// Route lists the transit countries between origin and destination.
	Route []string `json:"route,omitempty"`
	// Planted is the evasion pattern the demo generator planted in the
	// record ("" for clean trade and for real data).
	Planted string `json:"planted,omitempty"`
}

// Party returns the shipment's party in a role, or nil.
func (s *Shipment) Party(r Role) *Party {
	for i := range s.Parties {
		if s.Parties[i].Role == r {
			return &s.Parties[i]
		}
	}
	return nil
}
