-- The RFC 3161 timestamp of the seal: its time when the TSA gave one,
-- or why there is none when a TSA is configured and failed (the seal is
-- then made without it).  (002 is the placed fields' migration.)
ALTER TABLE esign_envelopes
	ADD COLUMN ts_at DATETIME NULL AFTER sha_after,
	ADD COLUMN ts_error VARCHAR(255) NULL AFTER ts_at;
