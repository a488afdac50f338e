-- Core tables: client organisations, users, sessions, password resets,
-- login throttling, the mail outbox and per-client plugin switches.
-- Times are UTC (each connection sets time_zone = '+00:00').

CREATE TABLE clients (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	name		VARCHAR(200) NOT NULL,
	portal_enabled	TINYINT(1) NOT NULL DEFAULT 0,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY clients_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	email		VARCHAR(254) NOT NULL,
	name		VARCHAR(200) NOT NULL,
	role		ENUM('contact','staff','admin') NOT NULL,
	client_id	BIGINT UNSIGNED NULL,
	password_hash	VARCHAR(255) NULL,
	active		TINYINT(1) NOT NULL DEFAULT 1,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	last_login_at	DATETIME NULL,
	prev_login_at	DATETIME NULL,
	UNIQUE KEY users_email (email),
	KEY users_client (client_id),
	CONSTRAINT users_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sessions (
	token_hash	CHAR(64) NOT NULL PRIMARY KEY,
	user_id		BIGINT UNSIGNED NOT NULL,
	csrf		VARCHAR(64) NOT NULL,
	created_at	DATETIME NOT NULL,
	last_seen	DATETIME NOT NULL,
	ip		VARCHAR(45) NOT NULL DEFAULT '',
	user_agent	VARCHAR(255) NOT NULL DEFAULT '',
	KEY sessions_user (user_id),
	CONSTRAINT sessions_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TABLE password_resets (
	token_hash	CHAR(64) NOT NULL PRIMARY KEY,
	user_id		BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME NOT NULL,
	expires_at	DATETIME NOT NULL,
	used_at		DATETIME NULL,
	KEY resets_user (user_id),
	CONSTRAINT resets_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TABLE login_failures (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	email		VARCHAR(254) NOT NULL,
	ip		VARCHAR(45) NOT NULL,
	at		DATETIME NOT NULL,
	KEY failures_email (email, at),
	KEY failures_ip (ip, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE outbox (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	to_addr		VARCHAR(254) NOT NULL,
	subject		VARCHAR(255) NOT NULL,
	body		MEDIUMTEXT NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	next_try	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	sent_at		DATETIME NULL,
	attempts	INT NOT NULL DEFAULT 0,
	last_error	VARCHAR(255) NULL,
	KEY outbox_pending (sent_at, next_try)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE client_plugins (
	client_id	BIGINT UNSIGNED NOT NULL,
	plugin		VARCHAR(64) NOT NULL,
	enabled		TINYINT(1) NOT NULL DEFAULT 0,
	PRIMARY KEY (client_id, plugin),
	CONSTRAINT client_plugins_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
