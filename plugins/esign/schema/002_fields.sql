-- Fields placed on the documents for each signer (signature, initials,
-- date, name, text): the box in PDF points from the page's top-left
-- corner, and the value the signer gave, drawn into the page at sealing.

CREATE TABLE esign_fields (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	envelope_id	BIGINT UNSIGNED NOT NULL,
	signer_id	BIGINT UNSIGNED NOT NULL,
	position	INT UNSIGNED NOT NULL,
	doc_position	INT UNSIGNED NOT NULL,
	page		INT UNSIGNED NOT NULL,
	x		DOUBLE NOT NULL,
	y		DOUBLE NOT NULL,
	w		DOUBLE NOT NULL,
	h		DOUBLE NOT NULL,
	kind		ENUM('signature','initials','date','name','text')
			    NOT NULL,
	label		VARCHAR(100) NULL,
	required	TINYINT(1) NOT NULL DEFAULT 1,
	value		VARCHAR(500) NULL,
	UNIQUE KEY esign_fields_pos (envelope_id, position),
	KEY esign_fields_signer (signer_id),
	CONSTRAINT esign_fields_env_fk FOREIGN KEY (envelope_id)
	    REFERENCES esign_envelopes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
