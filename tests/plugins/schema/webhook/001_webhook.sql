-- The webhook test plugin's table (tests/plugins/webhook.c): each event
-- accepted once, with how many times it was delivered.
CREATE TABLE webhook_events (
	event_id	VARCHAR(100) NOT NULL PRIMARY KEY,
	body		MEDIUMTEXT NOT NULL,
	deliveries	INT UNSIGNED NOT NULL DEFAULT 1,
	received_at	DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
