-- The activity log without a shared lock (core/activity/activity.c).
-- New entries carry only their own hash (prev_hash NULL) and are written
-- by one INSERT; the "activity.seal" job seals them in batches into
-- activity_seals, each seal hashing the entries it covers and the seal
-- before it.  Entries already chained keep their prev_hash.  once_key
-- makes repeated views of one item by one person in one window a single
-- entry without a read (NULL for every other entry).
ALTER TABLE activity
	MODIFY prev_hash CHAR(64) NULL,
	ADD COLUMN once_key VARCHAR(120) NULL,
	ADD UNIQUE KEY activity_once (once_key),
	ADD KEY activity_at (at);

CREATE TABLE activity_seals (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	at		DATETIME NOT NULL,
	first_id	BIGINT UNSIGNED NOT NULL,
	last_id		BIGINT UNSIGNED NOT NULL,
	entries		INT UNSIGNED NOT NULL,
	prev_hash	CHAR(64) NOT NULL,
	hash		CHAR(64) NOT NULL,
	UNIQUE KEY activity_seals_prev (prev_hash),
	UNIQUE KEY activity_seals_last (last_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A counter per client (0: data of no client) that every change adds one
-- to (at_data_changed, in the change's transaction): the dashboards keep
-- what they drew keyed by it and redraw only when it moved.
CREATE TABLE data_versions (
	client_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	version		BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB;
