-- Demo data for projects, milestones, tasks and deliverables: both demo
-- clients, some shared and some internal.  20-hub.sql hangs its updates,
-- files and approvals on the first shared project of each client
-- (Website relaunch, Brand refresh).  Dates are relative to today, so
-- the demo always looks current.

SET @staff = (SELECT id FROM users WHERE email = 'staff@demo.test');
SET @admin = (SELECT id FROM users WHERE email = 'admin@demo.test');
SET @ana = (SELECT id FROM users WHERE email = 'ana@northwind.test');
SET @ben = (SELECT id FROM users WHERE email = 'ben@northwind.test');
SET @cleo = (SELECT id FROM users WHERE email = 'cleo@globex.test');

INSERT INTO projects (id, client_id, name, overview, owner_id, start_on,
    due_on, status, health, budget_minor, currency, hours_budget, hours_used,
    budget_visible, visible, created_at, shared_at) VALUES
	(1, 1, 'Website relaunch', 'A new **northwindtraders.com**: faster pages, a product catalogue your team can edit, and a checkout that works on phones.\n\n- Discovery and sitemap\n- Design of the homepage and product pages\n- Build on the new CMS, catalogue import, launch', @staff, CURDATE() - INTERVAL 30 DAY, CURDATE() + INTERVAL 45 DAY, 'active', 'on_track', 1850000, 'EUR', 120, 48.5, 1, 1, UTC_TIMESTAMP() - INTERVAL 30 DAY, UTC_TIMESTAMP() - INTERVAL 30 DAY),
	(2, 1, 'Catalogue photography', 'Studio photos of the spring range, retouched for the web shop.', @staff, CURDATE() - INTERVAL 70 DAY, CURDATE() - INTERVAL 20 DAY, 'completed', 'on_track', 420000, 'EUR', 40, 38, 0, 1, UTC_TIMESTAMP() - INTERVAL 70 DAY, UTC_TIMESTAMP() - INTERVAL 70 DAY),
	(3, 1, 'Pricing review (team only)', 'Internal: are we charging Northwind enough for the retainer?', @admin, CURDATE() - INTERVAL 5 DAY, CURDATE() + INTERVAL 10 DAY, 'active', 'needs_review', NULL, 'EUR', NULL, 3, 0, 0, UTC_TIMESTAMP() - INTERVAL 5 DAY, NULL),
	(4, 1, 'Newsletter templates', 'Three e-mail templates matching the new site.', @staff, CURDATE() - INTERVAL 15 DAY, CURDATE() + INTERVAL 20 DAY, 'on_hold', 'waiting_on_client', NULL, 'EUR', 16, 4, 0, 1, UTC_TIMESTAMP() - INTERVAL 15 DAY, UTC_TIMESTAMP() - INTERVAL 15 DAY),
	(5, 2, 'Brand refresh', 'A calmer, more modern Globex: audit, logo, colours and a short style guide.', @staff, CURDATE() - INTERVAL 10 DAY, CURDATE() + INTERVAL 60 DAY, 'active', 'on_track', 960000, 'USD', 80, 12, 1, 1, UTC_TIMESTAMP() - INTERVAL 10 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY),
	(6, 2, 'Intranet migration', 'Move the old intranet pages to the new workspace.', @admin, CURDATE() - INTERVAL 25 DAY, CURDATE() + INTERVAL 15 DAY, 'active', 'blocked', NULL, 'USD', 30, 9, 0, 1, UTC_TIMESTAMP() - INTERVAL 25 DAY, UTC_TIMESTAMP() - INTERVAL 25 DAY),
	(7, 2, 'Retainer planning (team only)', 'Internal notes for next year''s retainer proposal.', @admin, NULL, NULL, 'active', 'on_track', NULL, 'USD', NULL, 0, 0, 0, UTC_TIMESTAMP() - INTERVAL 2 DAY, NULL);

INSERT INTO milestones (client_id, project_id, title, due_on, done_at,
    visible) VALUES
	(1, 1, 'Discovery finished', CURDATE() - INTERVAL 20 DAY, UTC_TIMESTAMP() - INTERVAL 21 DAY, 1),
	(1, 1, 'Design signed off', CURDATE() + INTERVAL 5 DAY, NULL, 1),
	(1, 1, 'Build complete', CURDATE() + INTERVAL 30 DAY, NULL, 1),
	(1, 1, 'Launch', CURDATE() + INTERVAL 45 DAY, NULL, 1),
	(1, 1, 'Internal QA freeze', CURDATE() + INTERVAL 25 DAY, NULL, 0),
	(1, 2, 'Studio shoot', CURDATE() - INTERVAL 50 DAY, UTC_TIMESTAMP() - INTERVAL 50 DAY, 1),
	(1, 2, 'Retouched set delivered', CURDATE() - INTERVAL 20 DAY, UTC_TIMESTAMP() - INTERVAL 21 DAY, 1),
	(1, 4, 'First template draft', CURDATE() - INTERVAL 3 DAY, NULL, 1),
	(2, 5, 'Brand audit presented', CURDATE() + INTERVAL 3 DAY, NULL, 1),
	(2, 5, 'Logo chosen', CURDATE() + INTERVAL 14 DAY, NULL, 1),
	(2, 5, 'Style guide delivered', CURDATE() + INTERVAL 50 DAY, NULL, 1),
	(2, 6, 'Old pages exported', CURDATE() - INTERVAL 5 DAY, NULL, 1);

INSERT INTO deliverables (client_id, project_id, title, done_at, visible,
    position) VALUES
	(1, 1, 'Sitemap and content plan', UTC_TIMESTAMP() - INTERVAL 22 DAY, 1, 1),
	(1, 1, 'Homepage design', NULL, 1, 2),
	(1, 1, 'Product page design', NULL, 1, 3),
	(1, 1, 'CMS with catalogue import', NULL, 1, 4),
	(1, 1, 'Internal budget tracker', NULL, 0, 5),
	(1, 2, '120 product photos', UTC_TIMESTAMP() - INTERVAL 45 DAY, 1, 1),
	(1, 2, 'Retouched web set', UTC_TIMESTAMP() - INTERVAL 21 DAY, 1, 2),
	(1, 4, 'Three newsletter templates', NULL, 1, 1),
	(2, 5, 'Brand audit report', NULL, 1, 1),
	(2, 5, 'Logo in all formats', NULL, 1, 2),
	(2, 5, 'Style guide (PDF)', NULL, 1, 3),
	(2, 6, 'Migrated intranet', NULL, 1, 1);

INSERT INTO tasks (client_id, project_id, title, owner_id, due_on, status,
    visible) VALUES
	(1, 1, 'Send the product copy for the catalogue', @ana, CURDATE() + INTERVAL 2 DAY, 'todo', 1),
	(1, 1, 'Review the sitemap', @ben, CURDATE() - INTERVAL 24 DAY, 'done', 1),
	(1, 1, 'Set up the staging server', @staff, CURDATE() + INTERVAL 3 DAY, 'in_progress', 0),
	(1, 1, 'Check the catalogue import for duplicates', @staff, CURDATE() + INTERVAL 20 DAY, 'todo', 0),
	(1, 1, 'Homepage build', @staff, CURDATE() + INTERVAL 20 DAY, 'todo', 1),
	(1, 4, 'Send the brand fonts licence', @ben, CURDATE() - INTERVAL 1 DAY, 'waiting', 1),
	(2, 5, 'Send the old style guide', @cleo, CURDATE() + INTERVAL 4 DAY, 'todo', 1),
	(2, 6, 'Give us admin access to the old intranet', @cleo, CURDATE() - INTERVAL 2 DAY, 'waiting', 1),
	(2, 6, 'Export script', @admin, CURDATE() + INTERVAL 5 DAY, 'in_progress', 0);
