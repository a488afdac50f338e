-- Durable events, their deliveries to each subscriber, and scheduled
-- jobs (core/plugin/events.c, core/plugin/jobs.c).  Times are UTC.
CREATE TABLE events (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	name		VARCHAR(100) NOT NULL,
	payload		TEXT NOT NULL,
	created_at	DATETIME NOT NULL,
	KEY events_name (name, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per event and durable subscriber ("module.name").  A runner
-- claims a row by writing its random lease and when the lease ends.
CREATE TABLE event_deliveries (
	event_id	BIGINT UNSIGNED NOT NULL,
	subscriber	VARCHAR(150) NOT NULL,
	state		ENUM('pending','done','parked') NOT NULL DEFAULT 'pending',
	attempts	INT NOT NULL DEFAULT 0,
	next_at		DATETIME NOT NULL,
	lease		VARCHAR(32) NULL,
	lease_until	DATETIME NULL,
	last_error	VARCHAR(500) NULL,
	done_at		DATETIME NULL,
	PRIMARY KEY (event_id, subscriber),
	KEY deliveries_due (state, next_at),
	CONSTRAINT deliveries_event_fk FOREIGN KEY (event_id)
	    REFERENCES events (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per job ("module.name"), written by the runner.
CREATE TABLE jobs (
	name		VARCHAR(150) NOT NULL PRIMARY KEY,
	last_start	DATETIME NULL,
	last_end	DATETIME NULL,
	last_error	VARCHAR(500) NULL,
	next_run	DATETIME NULL,
	failures	INT NOT NULL DEFAULT 0,
	runs		BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
