-- Sign-in hardening: the browser's User-Agent as UTF-8 text, password
-- reset requests counted per address and per account, failed logins
-- looked up per account-and-address pair, and the site's own secrets
-- (random keys made on first use, such as the one that signs the
-- pre-login CSRF token).
ALTER TABLE sessions MODIFY user_agent VARCHAR(255) CHARACTER SET utf8mb4
    COLLATE utf8mb4_unicode_ci NOT NULL DEFAULT '';

CREATE TABLE reset_requests (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	email		VARCHAR(254) NOT NULL,
	ip		VARCHAR(45) NOT NULL,
	user_id		BIGINT UNSIGNED NULL,
	mailed		TINYINT(1) NOT NULL DEFAULT 0,
	at		DATETIME NOT NULL,
	KEY reset_requests_ip (ip, at),
	KEY reset_requests_user (user_id, mailed, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE login_failures ADD KEY failures_pair (email, ip, at);

CREATE TABLE site_secrets (
	name		VARCHAR(64) NOT NULL PRIMARY KEY,
	value		CHAR(64) NOT NULL,
	created_at	DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
