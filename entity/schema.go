package entity

// FtM property names used across redline. Readers must use these constants
// so that every list speaks the same model.
const (
	Name             = "name"
	Alias            = "alias"
	WeakAlias        = "weakAlias"
	PreviousName     = "previousName"
	FirstName        = "firstName"
	MiddleName       = "middleName"
	LastName         = "lastName"
	FatherName       = "fatherName"
	Title            = "title"
	BirthDate        = "birthDate"
	BirthPlace       = "birthPlace"
	DeathDate        = "deathDate"
	Nationality      = "nationality"
	Citizenship      = "citizenship"
	Country          = "country"
	Jurisdiction     = "jurisdiction"
	Address          = "address"
	Gender           = "gender"
	Position         = "position"
	IDNumber         = "idNumber"
	PassportNumber   = "passportNumber"
	TaxNumber        = "taxNumber"
	InnCode          = "innCode"
	OgrnCode         = "ogrnCode"
	RegistrationNum  = "registrationNumber"
	LeiCode          = "leiCode"
	SwiftBic         = "swiftBic"
	UnifiedCode      = "uscCode" // Chinese unified social credit code (FtM: uscCode)
	ImoNumber        = "imoNumber"
	Mmsi             = "mmsi"
	CallSign         = "callSign"
	Flag             = "flag"
	BuildDate        = "buildDate"
	Model            = "model"
	SerialNumber     = "serialNumber"
	Type             = "type"
	Program          = "program"
	ProgramID        = "programId"
	ListingDate      = "listingDate"
	ModifiedAt       = "modifiedAt"
	Notes            = "notes"
	Summary          = "summary"
	Website          = "website"
	Email            = "email"
	Phone            = "phone"
	IncorporationDt  = "incorporationDate"
	Topics           = "topics"
	SourceURL        = "sourceUrl"
	CryptoWallet     = "cryptoWallet" // not FtM on Thing; kept as a note-like identifier
	UNSCReference    = "unscId"       // FtM: unscId, the UN reference number (e.g. QDi.001)
	Owner            = "owner"
	Asset            = "asset"
	Percentage       = "percentage"
	Director         = "director"
	Organization     = "organization"
	Subject          = "subject"
	Object           = "object"
	Role             = "role"
	SanctionEntity   = "entity"
	Authority        = "authority"
	StartDate        = "startDate"
	EndDate          = "endDate"
	Reason           = "reason"
	AuthorityID      = "authorityId"
	ProvisionsSource = "provisions"
)

// Schema names used by redline.
const (
	Thing        = "Thing"
	LegalEntity  = "LegalEntity"
	Person       = "Person"
	Organisation = "Organization"
	Company      = "Company"
	PublicBody   = "PublicBody"
	Vessel       = "Vessel"
	Airplane     = "Airplane"
	Ownership    = "Ownership"
	Directorship = "Directorship"
	UnknownLink  = "UnknownLink"
	Sanction     = "Sanction"
	Family       = "Family"
	Associate    = "Associate"
)

// parents maps each known schema to its FtM parents (transitively closed
// by IsA).
var parents = map[string][]string{
	Thing:            nil,
	LegalEntity:      {Thing},
	Person:           {LegalEntity},
	Organisation:     {LegalEntity},
	Company:          {Organisation, "Asset"},
	PublicBody:       {Organisation},
	"Asset":          {"Value", Thing},
	"Value":          nil,
	"Vehicle":        {"Asset"},
	Vessel:           {"Vehicle"},
	Airplane:         {"Vehicle"},
	"Interest":       nil,
	Ownership:        {"Interest"},
	Directorship:     {"Interest"},
	UnknownLink:      {"Interest"},
	Sanction:         {"Interval"},
	Family:           {"Interval"},
	Associate:        {"Interval"},
	"Interval":       nil,
	"Address":        {Thing},
	"Identification": {"Interval"},
	"Passport":       {"Identification"},
	"Occupancy":      {"Interval"},
	"Position":       {Thing},
	"Membership":     {"Interest"},
	"Employment":     {"Interest"},
	"Representation": {"Interest"},
	"Succession":     {"Interest"},
	"Similar":        nil,
	"CryptoWallet":   {Thing, "Value"},
	"Security":       {"Asset"},
	"BankAccount":    {"Asset"},
}

// IsA reports whether schema is parent or a descendant of parent in the FtM
// hierarchy (e.g. IsA("Company", "LegalEntity") is true). Unknown schemas are
// only themselves.
func IsA(schema, parent string) bool {
	if schema == parent {
		return true
	}
	for _, p := range parents[schema] {
		if IsA(p, parent) {
			return true
		}
	}
	return false
}

// Known reports whether redline knows the schema.
func Known(schema string) bool {
	_, ok := parents[schema]
	return ok
}

// Matchable reports whether entities of the schema are parties that can be
// screened: persons, organisations, companies, vessels and airplanes. Links,
// sanctions and addresses are not.
func Matchable(schema string) bool {
	return IsA(schema, LegalEntity) || IsA(schema, "Vehicle")
}

// Compatible reports whether a query of schema q may match a listed entity
// of schema r: one must be a descendant of the other (a LegalEntity query
// matches a Person or a Company; a Person never matches a Vessel or a
// Company). Organization and Company are treated as compatible with each
// other since lists disagree on which to use.
func Compatible(q, r string) bool {
	if IsA(q, r) || IsA(r, q) {
		return true
	}
	org := func(s string) bool { return IsA(s, Organisation) }
	return org(q) && org(r)
}

// IsLink reports whether entities of the schema join two other entities
// (Ownership, Directorship, UnknownLink, Family, Associate, ...).
func IsLink(schema string) bool {
	return IsA(schema, "Interest") || schema == Family || schema == Associate || schema == "Occupancy" || schema == "Succession" || schema == "Similar"
}
