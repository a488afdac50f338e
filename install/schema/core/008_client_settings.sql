-- Per-client settings of plugins (include/atrium/settings.h): one value
-- per client, plugin and key, gone with the client.
CREATE TABLE client_settings (
	client_id	BIGINT UNSIGNED NOT NULL,
	plugin		VARCHAR(64) CHARACTER SET ascii NOT NULL,
	name		VARCHAR(64) CHARACTER SET ascii NOT NULL,
	value		TEXT NOT NULL,
	updated_at	DATETIME NOT NULL,
	PRIMARY KEY (client_id, plugin, name),
	CONSTRAINT client_settings_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
