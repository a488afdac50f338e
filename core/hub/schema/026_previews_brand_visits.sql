-- Previews of file versions, clients' co-brands and each person's last
-- visit to each list.

-- One row per file version the preview job has looked at: state 'ready'
-- (thumb and page images are in <storage>/previews/<client_id>/), 'none'
-- (no preview for this kind of file) or 'failed' (the maker refused or
-- gave up; error says why, for the team).
CREATE TABLE file_previews (
	version_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	state		ENUM('ready','none','failed') NOT NULL,
	width		INT UNSIGNED NOT NULL DEFAULT 0,
	height		INT UNSIGNED NOT NULL DEFAULT 0,
	error		VARCHAR(200) NOT NULL DEFAULT '',
	made_at		DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY file_previews_client (client_id),
	CONSTRAINT file_previews_version_fk FOREIGN KEY (version_id)
	    REFERENCES file_versions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- A client's co-brand: an accent colour (#rrggbb, checked for contrast)
-- and a logo (a PNG the preview maker drew from the upload, stored as
-- <storage>/brand/<client_id>/<brand_logo>).
ALTER TABLE clients
	ADD COLUMN brand_accent CHAR(7) CHARACTER SET ascii NULL,
	ADD COLUMN brand_logo VARCHAR(64) CHARACTER SET ascii NULL;

-- When a person last opened a list ("projects", "files", "approvals",
-- "updates"): what changed after it is marked new on the list and
-- counted in the navigation.  The markers are the core's now: the core
-- creates this table since its migration 012 (which runs before the
-- hub's), so here it exists already on a new site; a site that applied
-- this migration before keeps it as it is.
CREATE TABLE IF NOT EXISTS last_visits (
	user_id		BIGINT UNSIGNED NOT NULL,
	area		VARCHAR(32) CHARACTER SET ascii NOT NULL,
	seen_at		DATETIME NOT NULL,
	PRIMARY KEY (user_id, area),
	CONSTRAINT last_visits_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
