-- Payments: invoices, quotes and credit notes (one document table, told
-- apart by kind), their lines, payments and refunds, the provider's
-- events (each processed once), checkout sessions, recurring schedules,
-- reminders sent, the site's tax table and each client's billing
-- details.  Amounts are BIGINT minor units of the document's ISO 4217
-- currency; quantities are thousandths; rates are basis points.

-- The site's tax rates (2000 = 20 %).
CREATE TABLE pay_taxes (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	name		VARCHAR(100) NOT NULL,
	rate_bp		INT NOT NULL,
	active		TINYINT(1) NOT NULL DEFAULT 1,
	UNIQUE KEY pay_taxes_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A client's billing details; a client without a row bills in the
-- configured default currency and terms.
CREATE TABLE pay_clients (
	client_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	currency	CHAR(3) NOT NULL DEFAULT 'EUR',
	terms_days	INT NOT NULL DEFAULT 30,
	legal_name	VARCHAR(200) NULL,
	address		TEXT NULL,
	tax_id		VARCHAR(64) NULL,
	billing_email	VARCHAR(254) NULL,
	CONSTRAINT pay_clients_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Recurring schedules: the source invoice's lines are issued again every
-- period from next_on; (recurring_id, period) on pay_docs makes a period
-- issued at most once.
CREATE TABLE pay_recurring (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	source_id	BIGINT UNSIGNED NOT NULL,
	client_id	BIGINT UNSIGNED NOT NULL,
	every		ENUM('month','quarter','year') NOT NULL,
	next_on		DATE NOT NULL,
	active		TINYINT(1) NOT NULL DEFAULT 1,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY pay_recurring_due (active, next_on),
	CONSTRAINT pay_recurring_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- Invoices, quotes and credit notes.  A draft has no number; sending
-- numbers it from the document's sequence and freezes its content.
CREATE TABLE pay_docs (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	kind		ENUM('invoice','quote','credit') NOT NULL
			    DEFAULT 'invoice',
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NULL,
	number		VARCHAR(64) NULL,
	status		ENUM('draft','sent','partial','paid','void',
			    'credited','accepted','declined','invoiced')
			    NOT NULL DEFAULT 'draft',
	currency	CHAR(3) NOT NULL,
	title		VARCHAR(200) NOT NULL DEFAULT '',
	issue_date	DATE NULL,
	due_date	DATE NULL,
	notes		TEXT NULL,
	terms		TEXT NULL,
	net		BIGINT NOT NULL DEFAULT 0,
	tax		BIGINT NOT NULL DEFAULT 0,
	total		BIGINT NOT NULL DEFAULT 0,
	paid		BIGINT NOT NULL DEFAULT 0,
	credited	BIGINT NOT NULL DEFAULT 0,
	seller		TEXT NULL,
	buyer		TEXT NULL,
	void_reason	VARCHAR(500) NULL,
	related_id	BIGINT UNSIGNED NULL,
	deposit_bp	INT NULL,
	recurring_id	BIGINT UNSIGNED NULL,
	period		DATE NULL,
	answered_name	VARCHAR(200) NULL,
	answered_at	DATETIME NULL,
	answered_addr	VARCHAR(64) NULL,
	sent_at		DATETIME NULL,
	paid_at		DATETIME NULL,
	created_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY pay_docs_number (kind, number),
	UNIQUE KEY pay_docs_period (recurring_id, period),
	KEY pay_docs_client (client_id, kind, status, due_date),
	KEY pay_docs_project (project_id),
	CONSTRAINT pay_docs_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE pay_lines (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	doc_id		BIGINT UNSIGNED NOT NULL,
	description	VARCHAR(500) NOT NULL,
	qty_milli	BIGINT NOT NULL,
	unit		BIGINT NOT NULL,
	discount_bp	INT NOT NULL DEFAULT 0,
	tax_name	VARCHAR(100) NOT NULL DEFAULT '',
	rate_bp		INT NOT NULL DEFAULT 0,
	net		BIGINT NOT NULL,
	tax		BIGINT NOT NULL,
	KEY pay_lines_doc (doc_id, id),
	CONSTRAINT pay_lines_doc_fk FOREIGN KEY (doc_id)
	    REFERENCES pay_docs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Payments (amount > 0) and refunds (amount < 0).  provider_ref is the
-- provider's payment (or refund) id: unique, so one payment is recorded
-- once whichever of its events arrives first.
CREATE TABLE pay_payments (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	doc_id		BIGINT UNSIGNED NOT NULL,
	client_id	BIGINT UNSIGNED NOT NULL,
	amount		BIGINT NOT NULL,
	currency	CHAR(3) NOT NULL,
	method		ENUM('bank','cheque','cash','card','other') NOT NULL,
	reference	VARCHAR(200) NULL,
	provider_ref	VARCHAR(255) NULL,
	received_on	DATE NOT NULL,
	recorded_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY pay_payments_provider (provider_ref),
	KEY pay_payments_doc (doc_id),
	CONSTRAINT pay_payments_doc_fk FOREIGN KEY (doc_id)
	    REFERENCES pay_docs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Checkout sessions created at the provider, with what they were for.
CREATE TABLE pay_checkouts (
	session_id	VARCHAR(255) NOT NULL PRIMARY KEY,
	doc_id		BIGINT UNSIGNED NOT NULL,
	amount		BIGINT NOT NULL,
	currency	CHAR(3) NOT NULL,
	created_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY pay_checkouts_doc (doc_id),
	CONSTRAINT pay_checkouts_doc_fk FOREIGN KEY (doc_id)
	    REFERENCES pay_docs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Every provider event received, once by its id: a redelivery only
-- counts.  outcome says what was done ("paid", "duplicate payment",
-- "refused: currency").
CREATE TABLE pay_events (
	event_id	VARCHAR(255) NOT NULL PRIMARY KEY,
	type		VARCHAR(100) NOT NULL,
	doc_id		BIGINT UNSIGNED NULL,
	outcome		VARCHAR(255) NULL,
	deliveries	INT NOT NULL DEFAULT 1,
	received_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Reminders sent: one per invoice and rule (days from the due date).
CREATE TABLE pay_reminders (
	doc_id		BIGINT UNSIGNED NOT NULL,
	rule_days	INT NOT NULL,
	sent_at		DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (doc_id, rule_days),
	CONSTRAINT pay_reminders_doc_fk FOREIGN KEY (doc_id)
	    REFERENCES pay_docs (id) ON DELETE CASCADE
) ENGINE=InnoDB;

INSERT INTO pay_taxes (name, rate_bp) VALUES
	('No tax', 0),
	('Standard 20%', 2000),
	('Reduced 10%', 1000),
	('Reduced 5.5%', 550);
