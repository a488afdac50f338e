-- E-signature envelopes: the documents, the signers in their order, and
-- every event of the signing with who, when, address, browser and the
-- authentication used.

CREATE TABLE esign_envelopes (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NULL,
	title		VARCHAR(200) NOT NULL,
	message		TEXT NULL,
	expires_on	DATE NOT NULL,
	origin		VARCHAR(32) CHARACTER SET ascii NOT NULL,
	ref		VARCHAR(100) NOT NULL DEFAULT '',
	state		ENUM('sent','completed','declined','expired','voided')
			    NOT NULL DEFAULT 'sent',
	created_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL,
	ended_at	DATETIME NULL,
	end_reason	VARCHAR(500) NULL,
	sealed_file_id	BIGINT UNSIGNED NULL,
	sha_before	CHAR(64) CHARACTER SET ascii NULL,
	sha_after	CHAR(64) CHARACTER SET ascii NULL,
	KEY esign_env_client (client_id, state),
	KEY esign_env_sha (sha_after),
	CONSTRAINT esign_env_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE esign_docs (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	envelope_id	BIGINT UNSIGNED NOT NULL,
	position	INT UNSIGNED NOT NULL,
	name		VARCHAR(200) NOT NULL,
	pdf		LONGBLOB NOT NULL,
	sha256		CHAR(64) CHARACTER SET ascii NOT NULL,
	UNIQUE KEY esign_docs_pos (envelope_id, position),
	CONSTRAINT esign_docs_env_fk FOREIGN KEY (envelope_id)
	    REFERENCES esign_envelopes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE esign_signers (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	envelope_id	BIGINT UNSIGNED NOT NULL,
	position	INT UNSIGNED NOT NULL,
	user_id		BIGINT UNSIGNED NULL,
	name		VARCHAR(200) NOT NULL,
	email		VARCHAR(254) NOT NULL,
	role		ENUM('signer','approver','viewer') NOT NULL,
	grp		INT UNSIGNED NOT NULL DEFAULT 1,
	state		ENUM('waiting','sent','viewed','signed','declined',
			    'replaced') NOT NULL DEFAULT 'waiting',
	token_hash	CHAR(64) CHARACTER SET ascii NULL,
	token_used	TINYINT(1) NOT NULL DEFAULT 0,
	dl_token_hash	CHAR(64) CHARACTER SET ascii NULL,
	code_hash	CHAR(64) CHARACTER SET ascii NULL,
	code_expires	DATETIME NULL,
	code_tries	INT UNSIGNED NOT NULL DEFAULT 0,
	sent_at		DATETIME NULL,
	viewed_at	DATETIME NULL,
	signed_at	DATETIME NULL,
	declined_at	DATETIME NULL,
	decline_reason	VARCHAR(500) NULL,
	sig_kind	ENUM('typed','drawn','upload') NULL,
	sig_text	VARCHAR(200) NULL,
	sig_png		MEDIUMBLOB NULL,
	ip		VARCHAR(64) NULL,
	user_agent	VARCHAR(255) NULL,
	auth		VARCHAR(100) NULL,
	KEY esign_signers_env (envelope_id, grp),
	KEY esign_signers_user (user_id, state),
	UNIQUE KEY esign_signers_token (token_hash),
	UNIQUE KEY esign_signers_dl (dl_token_hash),
	CONSTRAINT esign_signers_env_fk FOREIGN KEY (envelope_id)
	    REFERENCES esign_envelopes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE esign_events (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	envelope_id	BIGINT UNSIGNED NOT NULL,
	signer_id	BIGINT UNSIGNED NULL,
	action		VARCHAR(32) CHARACTER SET ascii NOT NULL,
	at		DATETIME NOT NULL,
	who		VARCHAR(200) NOT NULL DEFAULT '',
	ip		VARCHAR(64) NULL,
	user_agent	VARCHAR(255) NULL,
	auth		VARCHAR(100) NULL,
	detail		VARCHAR(500) NULL,
	KEY esign_events_env (envelope_id, id),
	CONSTRAINT esign_events_env_fk FOREIGN KEY (envelope_id)
	    REFERENCES esign_envelopes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
