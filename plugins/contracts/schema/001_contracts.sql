-- Contracts: templates in Markdown with merge fields, contracts per
-- client (optionally per project) with versions that never change once
-- sent, fee lines per version, amendments linked to the contract they
-- change.  Dates are UTC.
CREATE TABLE contract_templates (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	name		VARCHAR(200) NOT NULL,
	body		MEDIUMTEXT NOT NULL,
	created_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE contracts (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NULL,
	template_id	BIGINT UNSIGNED NULL,
	amends_id	BIGINT UNSIGNED NULL,
	title		VARCHAR(200) NOT NULL,
	state		ENUM('draft','sent','signed','declined','expired',
			    'active','ended') NOT NULL DEFAULT 'draft',
	currency	CHAR(3) NOT NULL DEFAULT 'EUR',
	deposit_pct	INT NOT NULL DEFAULT 0,
	start_date	DATE NULL,
	end_date	DATE NULL,
	renewal_date	DATE NULL,
	signer_id	BIGINT UNSIGNED NULL,
	envelope_id	BIGINT NULL,
	sealed_file_id	BIGINT NULL,
	signed_at	DATETIME NULL,
	signed_how	ENUM('esign','paper') NULL,
	invoice_id	BIGINT NULL,
	invoice_number	VARCHAR(64) NULL,
	billing_note	VARCHAR(255) NULL,
	decision_id	BIGINT NULL,
	origin		VARCHAR(32) NULL,
	ref		VARCHAR(100) NULL,
	renewal_told	DATE NULL,
	end_told	DATE NULL,
	created_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY contracts_origin_ref (origin, ref),
	KEY contracts_client (client_id, state),
	KEY contracts_amends (amends_id),
	CONSTRAINT contracts_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE contract_versions (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	contract_id	BIGINT UNSIGNED NOT NULL,
	version		INT NOT NULL,
	body		MEDIUMTEXT NOT NULL,
	fees_total	BIGINT NOT NULL DEFAULT 0,
	created_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	sent_at		DATETIME NULL,
	UNIQUE KEY contract_versions_n (contract_id, version),
	CONSTRAINT contract_versions_fk FOREIGN KEY (contract_id)
	    REFERENCES contracts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE contract_fees (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	version_id	BIGINT UNSIGNED NOT NULL,
	position	INT NOT NULL,
	description	VARCHAR(500) NOT NULL,
	amount		BIGINT NOT NULL,
	KEY contract_fees_version (version_id, position),
	CONSTRAINT contract_fees_fk FOREIGN KEY (version_id)
	    REFERENCES contract_versions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The e-signature events already acted on (delivered at least once).
CREATE TABLE contract_events (
	event_id	BIGINT NOT NULL PRIMARY KEY,
	contract_id	BIGINT UNSIGNED NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB;

-- A version sent for signature never changes, nor do its fee lines.
CREATE TRIGGER contract_versions_frozen BEFORE UPDATE ON contract_versions
FOR EACH ROW
	IF OLD.sent_at IS NOT NULL AND (NEW.body <> OLD.body OR
	    NEW.fees_total <> OLD.fees_total OR NEW.version <> OLD.version OR
	    NEW.contract_id <> OLD.contract_id OR NEW.sent_at IS NULL) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'a sent contract version never changes';
	END IF;
CREATE TRIGGER contract_fees_frozen BEFORE UPDATE ON contract_fees
FOR EACH ROW
	IF (SELECT sent_at FROM contract_versions WHERE id = OLD.version_id)
	    IS NOT NULL THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the fees of a sent contract version never change';
	END IF;
CREATE TRIGGER contract_fees_kept BEFORE DELETE ON contract_fees
FOR EACH ROW
	IF (SELECT sent_at FROM contract_versions WHERE id = OLD.version_id)
	    IS NOT NULL THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the fees of a sent contract version are kept';
	END IF;
