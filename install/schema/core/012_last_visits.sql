-- When a person last opened a list ("projects", "files", "approvals",
-- "decisions", a plugin's "invoices"...): what changed after it is marked
-- new on the list and counted in the navigation (core/services/seen.c).
-- The hub created this table in its migration 026 until the markers
-- became the core's: a site that applied it keeps the table and its rows
-- (IF NOT EXISTS), a new one gets it here, before the hub's migrations.
CREATE TABLE IF NOT EXISTS last_visits (
	user_id		BIGINT UNSIGNED NOT NULL,
	area		VARCHAR(32) CHARACTER SET ascii NOT NULL,
	seen_at		DATETIME NOT NULL,
	PRIMARY KEY (user_id, area),
	CONSTRAINT last_visits_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
