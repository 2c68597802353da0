// Package ownership applies OFAC's 50 Percent Rule to the ownership links of
// the imported lists: it finds the parties that are blocked, listed or not,
// because blocked persons own half or more of them.
//
// # The rule as read here
//
// OFAC, "Revised Guidance on Entities Owned by Persons Whose Property and
// Interests in Property Are Blocked" (13 August 2014, published with
// OFAC's FAQs on the rule): "the property and
// interests in property of entities directly or indirectly owned 50 percent
// or more in the aggregate by one or more blocked persons are considered
// blocked", whether or not the entity is itself listed. We read it as:
//
//   - Aggregation: the shares of all blocked persons in an entity add up
//     (25% + 25% from two SDNs blocks).
//   - Indirect ownership: an entity blocked by the rule is itself a blocked
//     person, so its holdings count in full for the entities it owns. Shares
//     are not multiplied down a chain: if an SDN owns 50% of A and A owns 50%
//     of B, A is blocked, and so B is blocked (not "25% owned").
//   - Ownership, not control: the guidance says an entity controlled, but
//     not 50% or more owned, by blocked persons is not blocked by the rule
//     (while urging caution in dealing with it). Directorships of blocked persons are listed in
//     Result.Control for the analyst, never counted.
//   - Only current facts: a link that ended before Options.AsOf (endDate) or
//     starts after it (startDate) does not count; nor does a Sanction that
//     ended or has not started.
//
// The EU has a similar criterion (an entity more than 50% owned by a listed
// person); EUOptions applies it to the EU list with the strict "more than".
// Which lists make blocked persons is Options.Blocking.
//
// # Data
//
// Parties, links and designations are FtM entities (package entity):
// Ownership (owner, asset, percentage, startDate, endDate, role),
// Directorship (director, organization) and Sanction (entity, program,
// authority). A party is designated when it is an entity of a blocking list
// (any of its datasets, entity.Entity.AllDatasets, so an OpenSanctions party
// that merges many lists counts for each; Sublist, for composite lists
// such as the CSL, belongs to its primary Dataset), or the subject of a
// Sanction entity of one, or, if Options.Topics asks, when it carries a
// topic such as "sanction". A membership has no date, a Sanction has: when
// the input has a Sanction of a list naming the party, that Sanction and
// its dates decide for that list, in place of the membership (so a party
// whose Sanction of the list starts after AsOf is not designated by it). Lists give one party different ids: a party
// that shares a registry identifier (INN, OGRN, registration or tax number,
// LEI, IMO, SWIFT) with a designated party takes its designations, marked
// SameAs (Options.IgnoreIdentifiers turns this off).
//
// Percentages are text: "50", "50.00", "25%", ranges "25-50", bounds "more
// than 50%", words "majority". ParseShare reads them into bounds
// [Min, Max]; the verdict Blocked uses lower bounds, Possible upper bounds
// (a link with no percentage is 0-100%, so a subsidiary of unknown share of
// an SDN is Possible, not Blocked). A percentage that does not parse is a
// Problem and counts as unknown; a link to an id that no entity defines is a
// Problem and the id is kept as an unknown party. A link that gives only a
// number of shares (sharesCount) without the total is of unknown share
// too. Registries such as the
// Russian EGRUL keep successive filings of one holding as separate links
// (50%, 48% and 51% of the same company by the same person, all open), so
// the active links between one owner and one asset are merged, taking the
// largest bounds, never added.
//
// # Algorithm and cost
//
// Build reads the entities once, keeps parties, links and designations, and
// solves the rule as a least fixpoint: start from the designated parties;
// when a party becomes blocked, add its share into each party it holds;
// a party whose sum reaches the threshold becomes blocked and is queued in
// turn. Each party is queued at most once and each merged holding added at
// most once, so solving costs O(parties + links), and cycles end by
// themselves: a ring of companies owning each other is blocked only if
// blocked persons outside (or inside) it bring a member to the threshold,
// never by its own circular shares. The same run over upper bounds gives
// Possible.
//
// Blocked reads the solved verdict and assembles its explanation: the
// blocked owners' holdings and every chain (Path) from a designated root
// down to the party through blocked persons, by a depth-first walk upwards
// that follows the order in which the fixpoint marked parties (so it cannot
// loop, and each path is a derivation of the verdict); the walk stops at
// Options.MaxPaths paths or after a fixed budget of visits, so a dense
// graph cannot make it slow.
package ownership
