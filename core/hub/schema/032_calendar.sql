-- The staff calendar's private feed links: one per staff member, only
-- the token's SHA-256 kept; a new link replaces the old one.
CREATE TABLE calendar_feeds (
	user_id		BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	token_hash	CHAR(64) NOT NULL,
	created_at	DATETIME NOT NULL,
	UNIQUE KEY calendar_feeds_token (token_hash),
	CONSTRAINT calendar_feeds_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
