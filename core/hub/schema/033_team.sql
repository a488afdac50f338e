-- The team card: each client's account manager and other team members
-- (staff), and each staff member's card (role title, phone, office
-- hours, photo).  At most one manager per client (the code keeps it so).
CREATE TABLE client_team (
	client_id	BIGINT UNSIGNED NOT NULL,
	user_id		BIGINT UNSIGNED NOT NULL,
	manager		TINYINT(1) NOT NULL DEFAULT 0,
	added_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (client_id, user_id),
	KEY client_team_user (user_id),
	CONSTRAINT client_team_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE CASCADE,
	CONSTRAINT client_team_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE staff_cards (
	user_id		BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	title		VARCHAR(120) NULL,
	phone		VARCHAR(40) NULL,
	hours		VARCHAR(200) NULL,
	photo		VARCHAR(64) NULL,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
	    ON UPDATE CURRENT_TIMESTAMP,
	CONSTRAINT staff_cards_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
