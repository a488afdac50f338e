-- Replies by e-mail: every message "atriumctl mail receive" was given,
-- placed or refused, with its Message-ID; done_key (the SHA-256 of the
-- Message-ID, set only when the reply was stored) makes a message that
-- arrives twice land once.  The outbox carries a notice's reply address
-- (Reply-To).
CREATE TABLE mail_received (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	message_id	VARCHAR(250) NOT NULL,
	done_key	CHAR(64) CHARACTER SET ascii NULL,
	module		VARCHAR(32) CHARACTER SET ascii NULL,
	item_id		BIGINT UNSIGNED NULL,
	user_id		BIGINT UNSIGNED NULL,
	from_addr	VARCHAR(254) NOT NULL DEFAULT '',
	subject		VARCHAR(250) NOT NULL DEFAULT '',
	outcome		ENUM('stored','refused') NOT NULL,
	reason		VARCHAR(250) NULL,
	received_at	DATETIME NOT NULL,
	UNIQUE KEY mail_received_done (done_key),
	KEY mail_received_item (module, item_id),
	KEY mail_received_at (received_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE outbox ADD COLUMN reply_to VARCHAR(254) NULL;
