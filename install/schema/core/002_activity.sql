-- The activity log: append-only and tamper-evident.  Each entry's hash is
-- SHA-256 over the previous entry's hash and its own canonical content
-- (core/hub/activity.c); the unique prev_hash makes a fork impossible.
CREATE TABLE activity (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	at		DATETIME NOT NULL,
	user_id		BIGINT UNSIGNED NULL,
	client_id	BIGINT UNSIGNED NULL,
	ip		VARCHAR(45) NOT NULL DEFAULT '',
	action		VARCHAR(32) NOT NULL,
	object		VARCHAR(32) NOT NULL,
	object_id	BIGINT UNSIGNED NOT NULL DEFAULT 0,
	summary		VARCHAR(500) NOT NULL DEFAULT '',
	visible		TINYINT(1) NOT NULL DEFAULT 0,
	prev_hash	CHAR(64) NOT NULL,
	hash		CHAR(64) NOT NULL,
	UNIQUE KEY activity_prev (prev_hash),
	KEY activity_client (client_id, visible, id),
	KEY activity_object (object, object_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
