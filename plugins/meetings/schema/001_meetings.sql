-- Meetings: requests from client contacts, confirmed by staff, with
-- notes and decisions that stay internal until shared.  Times are UTC.
CREATE TABLE meetings (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	requested_by	BIGINT UNSIGNED NULL,
	project_id	BIGINT UNSIGNED NULL,
	topic		VARCHAR(200) NOT NULL,
	notes		TEXT NULL,
	type		ENUM('video','in_person','phone') NOT NULL,
	status		ENUM('requested','confirmed','declined','proposed',
			    'cancelled','held') NOT NULL DEFAULT 'requested',
	pref_start	DATETIME NOT NULL,
	alt_start	DATETIME NULL,
	proposed_start	DATETIME NULL,
	start_at	DATETIME NULL,
	duration_min	INT NOT NULL DEFAULT 30,
	location	VARCHAR(255) NULL,
	video_url	VARCHAR(500) NULL,
	decline_reason	VARCHAR(500) NULL,
	confirmed_by	BIGINT UNSIGNED NULL,
	sequence	INT NOT NULL DEFAULT 0,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY meetings_client (client_id, status, start_at),
	CONSTRAINT meetings_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE meeting_attendees (
	meeting_id	BIGINT UNSIGNED NOT NULL,
	user_id		BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (meeting_id, user_id),
	CONSTRAINT meeting_attendees_fk FOREIGN KEY (meeting_id)
	    REFERENCES meetings (id) ON DELETE CASCADE,
	CONSTRAINT meeting_attendees_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE meeting_notes (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	meeting_id	BIGINT UNSIGNED NOT NULL,
	kind		ENUM('note','decision') NOT NULL DEFAULT 'note',
	body		TEXT NOT NULL,
	visible		TINYINT(1) NOT NULL DEFAULT 0,
	author_id	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY meeting_notes_meeting (meeting_id, visible),
	CONSTRAINT meeting_notes_fk FOREIGN KEY (meeting_id)
	    REFERENCES meetings (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Private calendar feeds: one per contact, only the token's hash stored.
CREATE TABLE meeting_feeds (
	user_id		BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	token_hash	CHAR(64) NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY meeting_feeds_token (token_hash),
	CONSTRAINT meeting_feeds_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
