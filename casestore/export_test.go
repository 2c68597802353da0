package casestore

// IsUnique exposes isUnique to the external tests.
var IsUnique = isUnique
