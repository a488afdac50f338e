-- Notifications (core/notify/): what each person was told, whether it was
-- read, and how it was mailed; each person's choice of delivery per kind;
-- when each person last got a daily digest.  The outbox learns an HTML
-- part (multipart/alternative), and a password link learns whether it is
-- a reset or an invitation.  Times are UTC.

CREATE TABLE notifications (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	user_id		BIGINT UNSIGNED NOT NULL,
	kind		VARCHAR(100) NOT NULL,
	subject		VARCHAR(255) NOT NULL,
	body		VARCHAR(1000) NOT NULL DEFAULT '',
	link		VARCHAR(500) NOT NULL DEFAULT '',
	item_type	VARCHAR(50) NULL,
	item_id		BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL,
	read_at		DATETIME NULL,
	-- now: mailed at once; digest: waits for the daily digest; none.
	delivery	ENUM('now','digest','none') NOT NULL,
	mailed_at	DATETIME NULL,
	-- The bell's count reads this index only.
	KEY notifications_unread (user_id, read_at),
	KEY notifications_digest (delivery, mailed_at, user_id),
	CONSTRAINT notifications_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A person's choice for one kind; no row: the kind's default.
CREATE TABLE notification_prefs (
	user_id		BIGINT UNSIGNED NOT NULL,
	kind		VARCHAR(100) NOT NULL,
	delivery	ENUM('now','digest','none') NOT NULL,
	PRIMARY KEY (user_id, kind),
	CONSTRAINT notification_prefs_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- When each person's last digest went out.
CREATE TABLE notification_digests (
	user_id		BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	sent_at		DATETIME NOT NULL,
	CONSTRAINT notification_digests_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

ALTER TABLE outbox ADD COLUMN html MEDIUMTEXT NULL AFTER body;

ALTER TABLE password_resets ADD COLUMN kind ENUM('reset','invite')
    NOT NULL DEFAULT 'reset' AFTER user_id;
