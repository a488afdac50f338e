-- The invoicing service and client credit.
--
-- An invoice issued by another plugin through the invoicing service
-- (include/atrium/invoicing.h) keeps who asked for it (origin: the
-- plugin's name) and its reference there; (origin, origin_ref) is
-- unique, so asking twice issues once.  Documents made by staff have
-- neither.
ALTER TABLE pay_docs
	ADD COLUMN origin VARCHAR(64) NULL,
	ADD COLUMN origin_ref VARCHAR(190) NULL,
	ADD UNIQUE KEY pay_docs_origin (origin, origin_ref);

-- A payment of method 'credit' moves money between an invoice and the
-- client's credit: negative, the part of an overpayment kept as credit;
-- positive, credit applied to the invoice.
ALTER TABLE pay_payments
	MODIFY COLUMN method ENUM('bank','cheque','cash','card','other',
	    'credit') NOT NULL;

-- Each client's credit per currency, as a ledger: the balance is the
-- sum of amount (minor units).  kind: 'overpayment' (+, the excess of a
-- payment over its invoice), 'applied' (-, used on invoice doc_id),
-- 'refund' (-, paid back to the client, recorded by staff).
CREATE TABLE pay_credit (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	currency	CHAR(3) NOT NULL,
	amount		BIGINT NOT NULL,
	kind		ENUM('overpayment','applied','refund') NOT NULL,
	doc_id		BIGINT UNSIGNED NULL,
	reference	VARCHAR(200) NULL,
	recorded_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY pay_credit_client (client_id, currency),
	KEY pay_credit_doc (doc_id),
	CONSTRAINT pay_credit_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The invoice.sent events of the invoicing service already told to the
-- client (notice and activity entry): a delivery made twice tells once.
CREATE TABLE pay_told (
	event_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	doc_id		BIGINT UNSIGNED NOT NULL,
	told_at		DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB;
