-- The file store's test plugin (tests/plugins/filetest.c): items of its
-- own, each of one client, that files are attached to.
CREATE TABLE filetest_items (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	title		VARCHAR(200) NOT NULL,
	KEY filetest_items_client (client_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
