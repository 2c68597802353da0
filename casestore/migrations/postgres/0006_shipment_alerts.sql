-- Version 6: shipment alerts. An alert is of a party (a screened party
-- resembles a listed entity: the columns as before) or of a shipment (the
-- red-flag rules scored it medium or high: party_key identifies the
-- shipment by its id and content, entity_id names the rules that fired,
-- entity_hash the flags, explanation holds the flags with the guidance
-- each cites). Both are decided the same way; a false-positive decision on
-- a shipment suppresses the same shipment with the same flags.
ALTER TABLE alerts ADD COLUMN kind TEXT NOT NULL DEFAULT 'party' CHECK (kind IN ('party', 'shipment'));
CREATE INDEX alerts_kind ON alerts (kind, status, id);
