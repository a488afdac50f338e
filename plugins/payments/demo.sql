-- Demo invoices for Northwind Traders (EUR) and Globex (USD): for each a
-- paid, an open, an overdue and a draft invoice and a quote waiting for
-- an answer.  Payments are switched on for both clients.  The numbering
-- sequences are moved past the numbers used here.
INSERT INTO client_plugins (client_id, plugin, enabled) VALUES
	(1, 'payments', 1),
	(2, 'payments', 1)
ON DUPLICATE KEY UPDATE enabled = 1;

INSERT INTO pay_clients (client_id, currency, terms_days, legal_name,
    address, tax_id, billing_email) VALUES
	(1, 'EUR', 30, 'Northwind Traders GmbH',
	    'Hafenstrasse 12\n20457 Hamburg\nGermany', 'DE812345678', NULL),
	(2, 'USD', 15, 'Globex Corporation',
	    '100 Industrial Way\nSpringfield, OR 97477\nUSA', NULL, NULL);

INSERT INTO number_sequences (name, pattern, yearly, period, last) VALUES
	('invoice', 'INV-{YYYY}-{NNNN}', 1, YEAR(CURRENT_DATE()), 6),
	('quote', 'QUO-{YYYY}-{NNNN}', 1, YEAR(CURRENT_DATE()), 2)
ON DUPLICATE KEY UPDATE last = GREATEST(last, VALUES(last));

-- Each document: client, number (NULL for the draft), state, dates,
-- one line (quantity in thousandths, unit in minor units, 20 % tax).
INSERT INTO pay_docs (kind, client_id, project_id, number, status, currency,
    title, issue_date, due_date, net, tax, total, paid, seller, buyer,
    sent_at, paid_at)
SELECT d.kind, d.client_id,
    (SELECT MIN(p.id) FROM projects p WHERE p.client_id = d.client_id),
    IF(d.n = 0, NULL, CONCAT(IF(d.kind = 'quote', 'QUO-', 'INV-'),
    YEAR(CURRENT_DATE()), '-', LPAD(d.n, 4, '0'))), d.status, d.currency,
    d.title, IF(d.n = 0, NULL, CURRENT_DATE() - INTERVAL d.age DAY),
    IF(d.n = 0 OR d.kind = 'quote', NULL,
    CURRENT_DATE() - INTERVAL d.age DAY + INTERVAL 30 DAY),
    d.qty * d.unit / 1000, d.qty * d.unit / 1000 / 5,
    d.qty * d.unit / 1000 * 6 / 5,
    IF(d.status = 'paid', d.qty * d.unit / 1000 * 6 / 5, 0),
    'Demo Agency Ltd\n1 Harbour Street, Bristol\nTax ID: GB123456789',
    IF(d.n = 0, NULL, c.name),
    IF(d.n = 0, NULL, UTC_TIMESTAMP() - INTERVAL d.age DAY),
    IF(d.status = 'paid', UTC_TIMESTAMP() - INTERVAL d.age - 5 DAY, NULL)
FROM (
	SELECT 'invoice' AS kind, 1 AS client_id, 1 AS n, 'paid' AS status,
	    'EUR' AS currency, 'Discovery workshop' AS title, 60 AS age,
	    8000 AS qty, 9500 AS unit
	UNION ALL SELECT 'invoice', 1, 2, 'sent', 'EUR', 'Design phase', 5,
	    24000, 9500
	UNION ALL SELECT 'invoice', 1, 3, 'sent', 'EUR', 'Copywriting', 45,
	    12500, 8000
	UNION ALL SELECT 'invoice', 1, 0, 'draft', 'EUR', 'Development sprint 1',
	    0, 40000, 9500
	UNION ALL SELECT 'quote', 1, 1, 'sent', 'EUR', 'Phase 2: shop', 3,
	    60000, 9500
	UNION ALL SELECT 'invoice', 2, 4, 'paid', 'USD', 'Brand audit', 70,
	    10000, 11000
	UNION ALL SELECT 'invoice', 2, 5, 'sent', 'USD', 'Logo concepts', 7,
	    16000, 11000
	UNION ALL SELECT 'invoice', 2, 6, 'sent', 'USD', 'Stationery', 50,
	    6000, 11000
	UNION ALL SELECT 'invoice', 2, 0, 'draft', 'USD', 'Brand guidelines', 0,
	    20000, 11000
	UNION ALL SELECT 'quote', 2, 2, 'sent', 'USD', 'Website refresh', 2,
	    80000, 11000
) d JOIN clients c ON c.id = d.client_id;

INSERT INTO pay_lines (doc_id, description, qty_milli, unit, tax_name,
    rate_bp, net, tax)
SELECT id, CONCAT(title, ' (hours)'), net * 1000 DIV
    (CASE currency WHEN 'USD' THEN 11000 ELSE 9500 END), CASE currency WHEN
    'USD' THEN 11000 ELSE 9500 END, 'Standard 20%', 2000, net, tax
FROM pay_docs WHERE title IN ('Discovery workshop', 'Design phase',
    'Development sprint 1', 'Phase 2: shop', 'Brand audit', 'Logo concepts',
    'Stationery', 'Brand guidelines', 'Website refresh');
INSERT INTO pay_lines (doc_id, description, qty_milli, unit, tax_name,
    rate_bp, net, tax)
SELECT id, 'Copywriting (pages)', 12500, 8000, 'Standard 20%', 2000, net, tax
FROM pay_docs WHERE title = 'Copywriting';

INSERT INTO pay_payments (doc_id, client_id, amount, currency, method,
    reference, received_on)
SELECT id, client_id, total, currency, 'bank', number, issue_date +
    INTERVAL 10 DAY FROM pay_docs WHERE status = 'paid';
