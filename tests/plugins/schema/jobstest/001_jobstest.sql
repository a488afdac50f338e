-- The jobstest plugin's tables (tests/plugins/jobstest.c): what its
-- subscribers and jobs did, for the end-to-end suite to check.
CREATE TABLE jobstest_attempts (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	event_id	BIGINT UNSIGNED NOT NULL,
	subscriber	VARCHAR(64) NOT NULL,
	at		DATETIME NOT NULL,
	KEY attempts_event (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE jobstest_received (
	event_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	payload		TEXT NOT NULL,
	at		DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE jobstest_runs (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	job		VARCHAR(64) NOT NULL,
	started		DATETIME NOT NULL,
	ended		DATETIME NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE jobstest_flags (
	name		VARCHAR(32) NOT NULL PRIMARY KEY,
	value		INT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
