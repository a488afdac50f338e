-- Demo contracts: two templates (a website design agreement and a
-- monthly retainer); for Northwind Traders a signed, active design
-- agreement with a deposit rule and a retainer for Ana to sign; for
-- Globex a draft.  Contracts are switched on for both clients.  What
-- SQL cannot do goes through the services in demo.sh, run after every
-- plugin's demo.sql: the signed agreement's deposit invoice is issued
-- by the invoicing service (payments) and the retainer is sent to Ana
-- through the e-signature service.
INSERT INTO client_plugins (client_id, plugin, enabled) VALUES
	(1, 'contracts', 1),
	(2, 'contracts', 1)
ON DUPLICATE KEY UPDATE enabled = 1;

INSERT INTO client_settings (plugin, client_id, name, value, updated_at)
VALUES
	('contracts', 1, 'address', 'Hafenstrasse 12\n20457 Hamburg\nGermany',
	    UTC_TIMESTAMP()),
	('contracts', 2, 'address',
	    '100 Industrial Way\nSpringfield, OR 97477\nUSA', UTC_TIMESTAMP());

INSERT INTO contract_templates (name, body, created_by)
SELECT 'Website design agreement',
'# Website design agreement\n\nBetween **{{agency.name}}** (the agency) and **{{client.name}}** (the client),\n{{client.address}}\n\nDated {{today}}.\n\n## 1. The work\n\nThe agency designs and builds the website of the project *{{project.name}}*: discovery and sitemap, design of the main pages, build on the client''s CMS and launch.\n\n## 2. Fees\n\nThe fees total {{fee.total}}, invoiced as the fee schedule says; a deposit is due on signing.\n\n## 3. Changes\n\nChanges to the scope are agreed in writing as amendments to this agreement.\n\n## 4. Ownership\n\nThe client owns the delivered design and code once the fees are paid.', u.id
FROM users u WHERE u.email = 'admin@demo.test';
INSERT INTO contract_templates (name, body, created_by)
SELECT 'Monthly retainer',
'# Monthly retainer\n\nBetween **{{agency.name}}** and **{{client.name}}**.\n\nFrom {{custom.start_month}}, the agency keeps up to {{custom.hours}} hours a month for the client''s requests: fixes, small features, content changes.\n\n- Fee: {{fee.total}} a month, invoiced at the start of each month.\n- Hours not used do not carry over.\n- Either side may end the retainer with one month''s notice before the renewal date.', u.id
FROM users u WHERE u.email = 'admin@demo.test';

-- Northwind: the design agreement, signed on paper a month ago, active.
INSERT INTO contracts (client_id, project_id, template_id, title, state,
    currency, deposit_pct, start_date, end_date, renewal_date, signer_id,
    signed_at, signed_how, billing_note, created_by, created_at)
SELECT 1, 1, t.id, 'Website design agreement', 'active', 'EUR', 30,
    CURDATE() - INTERVAL 30 DAY, CURDATE() + INTERVAL 150 DAY,
    CURDATE() + INTERVAL 120 DAY, a.id, UTC_TIMESTAMP() - INTERVAL 30 DAY,
    'paper', NULL, s.id, UTC_TIMESTAMP() - INTERVAL 32 DAY
FROM contract_templates t, users a, users s
WHERE t.name = 'Website design agreement' AND a.email = 'ana@northwind.test'
    AND s.email = 'admin@demo.test';
INSERT INTO contract_versions (contract_id, version, body, fees_total,
    created_by, created_at, sent_at)
SELECT c.id, 1, REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(t.body,
    '{{agency.name}}', 'Demo Agency'), '{{client.name}}',
    'Northwind Traders'), '{{client.address}}',
    'Hafenstrasse 12\\\n20457 Hamburg\\\nGermany'), '{{today}}',
    DATE_FORMAT(CURDATE() - INTERVAL 32 DAY, '%Y\\-%m\\-%d')),
    '{{project.name}}', 'Website relaunch'), '{{fee.total}}',
    'EUR 18\\,500\\.00'), 1850000, c.created_by, c.created_at,
    c.signed_at
FROM contracts c JOIN contract_templates t ON t.id = c.template_id
WHERE c.client_id = 1 AND c.title = 'Website design agreement';
INSERT INTO contract_fees (version_id, position, description, amount)
SELECT v.id, f.pos, f.what, f.amount FROM contract_versions v
JOIN contracts c ON c.id = v.contract_id,
    (SELECT 1 AS pos, 'Discovery and sitemap' AS what, 350000 AS amount
     UNION ALL SELECT 2, 'Design of the homepage and product pages', 650000
     UNION ALL SELECT 3, 'Build, catalogue import and launch', 850000) f
WHERE c.client_id = 1 AND c.title = 'Website design agreement';

-- Northwind: the retainer, drafted for Ana to sign (demo.sh sends it).
INSERT INTO contracts (client_id, template_id, title, state, currency,
    start_date, end_date, renewal_date, signer_id, created_by, created_at)
SELECT 1, t.id, 'Monthly retainer', 'draft', 'EUR',
    CURDATE() + INTERVAL 14 DAY, CURDATE() + INTERVAL 379 DAY,
    CURDATE() + INTERVAL 349 DAY, a.id, s.id, UTC_TIMESTAMP() - INTERVAL 2 DAY
FROM contract_templates t, users a, users s
WHERE t.name = 'Monthly retainer' AND a.email = 'ana@northwind.test'
    AND s.email = 'staff@demo.test';
INSERT INTO contract_versions (contract_id, version, body, fees_total,
    created_by, created_at, sent_at)
SELECT c.id, 1, REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(t.body,
    '{{agency.name}}', 'Demo Agency'), '{{client.name}}',
    'Northwind Traders'), '{{custom.start_month}}', 'next month'),
    '{{custom.hours}}', '20'), '{{fee.total}}', 'EUR 2\\,400\\.00'), 240000,
    c.created_by, c.created_at, NULL
FROM contracts c JOIN contract_templates t ON t.id = c.template_id
WHERE c.client_id = 1 AND c.title = 'Monthly retainer';
INSERT INTO contract_fees (version_id, position, description, amount)
SELECT v.id, 1, 'Retainer, 20 hours a month', 240000 FROM contract_versions v
JOIN contracts c ON c.id = v.contract_id
WHERE c.client_id = 1 AND c.title = 'Monthly retainer';

-- Globex: a draft, never visible to Globex's contacts until sent.
INSERT INTO contracts (client_id, title, state, currency, deposit_pct,
    created_by)
SELECT 2, 'Brand refresh agreement', 'draft', 'USD', 50, s.id
FROM users s WHERE s.email = 'staff@demo.test';
INSERT INTO contract_versions (contract_id, version, body, fees_total,
    created_by)
SELECT c.id, 1, '# Brand refresh agreement\n\nBetween **Demo Agency** and **Globex**.\n\nThe agency refreshes the Globex logo, colours and type, and delivers a short brand guide.', 900000, c.created_by
FROM contracts c WHERE c.client_id = 2 AND c.title = 'Brand refresh agreement';
INSERT INTO contract_fees (version_id, position, description, amount)
SELECT v.id, 1, 'Brand refresh and guide', 900000 FROM contract_versions v
JOIN contracts c ON c.id = v.contract_id
WHERE c.client_id = 2 AND c.title = 'Brand refresh agreement';
