// Package pipeline builds the Apache Beam pipelines of redline-beam: bulk
// party screening, bulk shipment screening and the trade-flow aggregates,
// over inputs too large for one machine. Each runs redline's own packages
// unchanged (screen, shipment, match, ownership), so its records are the
// ones `redline screen parties|shipments --format jsonl` writes.
//
// # Shape
//
//	input glob ─► MatchFiles ─► read (one file per call: screen.Read or
//	               shipment.Read*) ─┬─► rows ─► Reshuffle ─► screen / assess ─► shards
//	                                └─► dead letters (file, line, reason) ─► shards
//
// Reading is parallel across files; screening, the costly step, is
// parallel across elements after the Reshuffle. A record travels between
// the steps as JSON bytes (PartyRow, ShipmentRow).
//
// # Lists
//
// The launcher stages the current version of every imported dataset as a
// snapshot file (lists.WriteSnapshot) in a folder the workers can read
// (a local path for Prism, gs:// or s3:// for a cluster), and checks that
// it decodes before the job starts: a missing or damaged snapshot fails
// the job at start. Each worker process reads the snapshot files once, in
// a DoFn's Setup, and builds the matcher, the ownership graph and the
// shipment engine once (a process-wide cache keyed by the configuration);
// every bundle on that worker shares them.
//
// # Output
//
// Records are written as PREFIX-SSSSS-of-NNNNN.jsonl (every shard is
// written, empty ones too), dead letters as
// PREFIX-deadletter-00000-of-00001.jsonl, one JSON object per unreadable
// record: {"file", "line", "id", "reason"}. The order of the records
// within and across shards is not the input order.
package pipeline
