-- Demo cases and change requests for both clients: open, waiting and
-- resolved cases with replies and internal notes; change requests in
-- each state, one estimate awaiting Ana's approval.
INSERT INTO client_plugins (client_id, plugin, enabled) VALUES
    (1, 'cases', 1), (2, 'cases', 1)
    ON DUPLICATE KEY UPDATE enabled = 1;
SET @ana = (SELECT id FROM users WHERE email = 'ana@northwind.test');
SET @ben = (SELECT id FROM users WHERE email = 'ben@northwind.test');
SET @cleo = (SELECT id FROM users WHERE email = 'cleo@globex.test');
SET @staff = (SELECT id FROM users WHERE email = 'staff@demo.test');
SET @admin = (SELECT id FROM users WHERE email = 'admin@demo.test');
SET @support = (SELECT id FROM case_types WHERE name = 'Support');
SET @question = (SELECT id FROM case_types WHERE name = 'Question');
SET @access = (SELECT id FROM case_types WHERE name = 'Access');

-- Northwind: open, answered once, with an internal note.
INSERT INTO cases (client_id, project_id, type_id, subject, body, priority,
    status, opened_by, owner_id, created_at, updated_at, first_response_at,
    resp_used, res_used, clock_since, res_due)
VALUES (1, 1, @support, 'Checkout button does nothing on iPhone',
    'On the staging site, tapping **Pay now** on an iPhone (Safari) does nothing.\n\n1. Add any product\n2. Go to checkout\n3. Tap *Pay now*',
    'high', 'open', @ana, @staff, UTC_TIMESTAMP() - INTERVAL 1 DAY,
    UTC_TIMESTAMP() - INTERVAL 20 HOUR, UTC_TIMESTAMP() - INTERVAL 22 HOUR,
    7200, 7200, UTC_TIMESTAMP() - INTERVAL 22 HOUR,
    UTC_TIMESTAMP() + INTERVAL 1 DAY);
SET @c1 = LAST_INSERT_ID();
INSERT INTO case_messages (case_id, author_id, kind, body, created_at) VALUES
    (@c1, @staff, 'reply', 'Thanks Ana, we can reproduce it on iOS 17. A fix is on its way to staging.', UTC_TIMESTAMP() - INTERVAL 22 HOUR),
    (@c1, @staff, 'note', 'Internal: the payment widget script is blocked by our CSP on Safari; check the nonce.', UTC_TIMESTAMP() - INTERVAL 21 HOUR);

-- Northwind: waiting on the client.
INSERT INTO cases (client_id, type_id, subject, body, priority, status,
    opened_by, owner_id, created_at, updated_at, first_response_at,
    resp_used, res_used, clock_since)
VALUES (1, @access, 'Access for our new marketing manager',
    'Please give Dana access to the portal and the staging site.',
    'normal', 'waiting', @ben, @admin, UTC_TIMESTAMP() - INTERVAL 3 DAY,
    UTC_TIMESTAMP() - INTERVAL 2 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY,
    3600, 3600, NULL);
SET @c2 = LAST_INSERT_ID();
INSERT INTO case_messages (case_id, author_id, kind, body, created_at) VALUES
    (@c2, @admin, 'reply', 'Happy to. Which e-mail address should we invite?', UTC_TIMESTAMP() - INTERVAL 2 DAY),
    (@c2, @admin, 'note', 'Internal: staging accounts are capped at 5; remove the old intern account.', UTC_TIMESTAMP() - INTERVAL 2 DAY);

-- Northwind: resolved.
INSERT INTO cases (client_id, project_id, type_id, subject, body, priority,
    status, opened_by, owner_id, created_at, updated_at, first_response_at,
    resolved_at, resp_used, res_used, clock_since)
VALUES (1, 1, @question, 'Can we change the product photo order?',
    'Is there a way to pick which photo shows first on a product page?',
    'low', 'resolved', @ana, @staff, UTC_TIMESTAMP() - INTERVAL 9 DAY,
    UTC_TIMESTAMP() - INTERVAL 7 DAY, UTC_TIMESTAMP() - INTERVAL 9 DAY,
    UTC_TIMESTAMP() - INTERVAL 7 DAY, 5400, 14400, NULL);
SET @c3 = LAST_INSERT_ID();
INSERT INTO case_messages (case_id, author_id, kind, body, created_at) VALUES
    (@c3, @staff, 'reply', 'Yes: drag the photos in the catalogue editor; the first one is the cover.', UTC_TIMESTAMP() - INTERVAL 9 DAY),
    (@c3, @ana, 'reply', 'Found it, thank you!', UTC_TIMESTAMP() - INTERVAL 8 DAY),
    (@c3, @staff, 'note', 'Internal: add this to the CMS handbook.', UTC_TIMESTAMP() - INTERVAL 7 DAY);

-- Globex: new and unassigned, then waiting, then resolved.
INSERT INTO cases (client_id, project_id, type_id, subject, body, priority,
    status, opened_by, created_at, updated_at, clock_since, resp_due, res_due)
VALUES (2, 5, @support, 'Logo files for the print shop',
    'The print shop needs the new logo as vector files (EPS or PDF).',
    'urgent', 'new', @cleo, UTC_TIMESTAMP() - INTERVAL 30 MINUTE,
    UTC_TIMESTAMP() - INTERVAL 30 MINUTE, UTC_TIMESTAMP() - INTERVAL 30 MINUTE,
    UTC_TIMESTAMP() + INTERVAL 30 MINUTE, UTC_TIMESTAMP() + INTERVAL 7 HOUR);
INSERT INTO cases (client_id, type_id, subject, body, priority, status,
    opened_by, owner_id, created_at, updated_at, first_response_at,
    resp_used, res_used, clock_since)
VALUES (2, @question, 'Intranet search results look empty',
    'Searching the intranet for "holiday" shows no results.', 'normal',
    'waiting', @cleo, @staff, UTC_TIMESTAMP() - INTERVAL 2 DAY,
    UTC_TIMESTAMP() - INTERVAL 1 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY,
    1800, 1800, NULL);
SET @c5 = LAST_INSERT_ID();
INSERT INTO case_messages (case_id, author_id, kind, body, created_at) VALUES
    (@c5, @staff, 'reply', 'Which browser do you use? We see results in Firefox.', UTC_TIMESTAMP() - INTERVAL 1 DAY),
    (@c5, @staff, 'note', 'Internal: the index job failed last night; rerun before answering.', UTC_TIMESTAMP() - INTERVAL 1 DAY);
INSERT INTO cases (client_id, type_id, subject, body, priority, status,
    opened_by, owner_id, created_at, updated_at, first_response_at,
    resolved_at, resp_used, res_used, clock_since)
VALUES (2, @access, 'Password reset link expired', 'My reset link says it expired.',
    'high', 'resolved', @cleo, @admin, UTC_TIMESTAMP() - INTERVAL 6 DAY,
    UTC_TIMESTAMP() - INTERVAL 6 DAY, UTC_TIMESTAMP() - INTERVAL 6 DAY,
    UTC_TIMESTAMP() - INTERVAL 6 DAY, 900, 3600, NULL);
SET @c6 = LAST_INSERT_ID();
INSERT INTO case_messages (case_id, author_id, kind, body, created_at) VALUES
    (@c6, @admin, 'reply', 'Links last an hour; we sent a new one. It should work now.', UTC_TIMESTAMP() - INTERVAL 6 DAY),
    (@c6, @admin, 'note', 'Internal: consider a longer reset window for Globex.', UTC_TIMESTAMP() - INTERVAL 6 DAY);
INSERT INTO case_watchers (case_id, user_id) VALUES (@c1, @admin), (@c1, @ben);

-- Change requests for Northwind: one of each state, one estimate
-- awaiting Ana's approval.
INSERT INTO change_requests (client_id, project_id, title, category,
    priority, description, justification, benefit, status, requested_by,
    currency, created_at) VALUES
    (1, 1, 'Wish list on product pages', 'feature', 'normal',
     'Let signed-in shoppers save products to a wish list.',
     'Customers ask for it in the shop survey.', 'More returning visitors.',
     'submitted', @ben, 'EUR', UTC_TIMESTAMP() - INTERVAL 1 DAY),
    (1, 1, 'Fix PDF price list layout', 'bugfix', 'high',
     'Prices wrap onto two lines in the PDF price list.',
     'Dealers print it.', 'A readable price list.', 'review', @ana, 'EUR',
     UTC_TIMESTAMP() - INTERVAL 3 DAY);
INSERT INTO change_requests (client_id, project_id, title, category,
    priority, description, justification, benefit, status, requested_by,
    scope, schedule_days, currency, estimated_at, estimated_by, created_at)
VALUES (1, 1, 'Product comparison table', 'enhancement', 'normal',
    'Compare up to three products side by side.',
    'Sales staff compare specs by hand on the phone.',
    'Fewer support calls before purchase.', 'estimated', @ana,
    'A comparison page for up to three products, reachable from each product page; specs from the catalogue.',
    5, 'EUR', UTC_TIMESTAMP() - INTERVAL 1 DAY, @staff,
    UTC_TIMESTAMP() - INTERVAL 6 DAY);
SET @cr = LAST_INSERT_ID();
INSERT INTO change_lines (change_id, description, qty_milli, unit, amount)
VALUES (@cr, 'Design of the comparison page', 6000, 9500, 57000),
    (@cr, 'Build and tests', 14000, 9500, 133000);
INSERT INTO change_moves (change_id, milestone_id, old_due, new_due)
SELECT @cr, id, due_on, due_on + INTERVAL 5 DAY FROM milestones
WHERE project_id = 1 AND title IN ('Build complete', 'Launch');
INSERT INTO change_requests (client_id, project_id, title, category,
    priority, description, justification, benefit, status, requested_by,
    scope, schedule_days, currency, estimated_at, estimated_by, decided_by,
    decided_name, decided_at, decided_addr, followup, created_at) VALUES
    (1, 1, 'German shop pages', 'feature', 'normal',
     'A German version of the shop.', 'Austrian dealers.', 'New market.',
     'scheduled', @ana, 'Translate and build the German shop.', 10, 'EUR',
     UTC_TIMESTAMP() - INTERVAL 12 DAY, @staff, @ana, 'Ana Northwind',
     UTC_TIMESTAMP() - INTERVAL 10 DAY, '192.0.2.10', NULL,
     UTC_TIMESTAMP() - INTERVAL 14 DAY),
    (1, 1, 'Animated homepage banner', 'other', 'low',
     'A video banner on the homepage.', 'Looks modern.', 'Brand image.',
     'rejected', @ben, 'A 10-second looping banner.', 3, 'EUR',
     UTC_TIMESTAMP() - INTERVAL 20 DAY, @staff, @ben, 'Ben Northwind',
     UTC_TIMESTAMP() - INTERVAL 19 DAY, '192.0.2.11', NULL,
     UTC_TIMESTAMP() - INTERVAL 21 DAY),
    (1, 2, 'Extra photo retouching', 'enhancement', 'normal',
     'Retouch 20 more photos.', 'New products.', 'Consistent shop.',
     'done', @ana, '20 photos, same style.', 0, 'EUR',
     UTC_TIMESTAMP() - INTERVAL 40 DAY, @staff, @ana, 'Ana Northwind',
     UTC_TIMESTAMP() - INTERVAL 39 DAY, '192.0.2.10', NULL,
     UTC_TIMESTAMP() - INTERVAL 41 DAY),
    (1, 1, 'Newsletter sign-up in footer', 'feature', 'low',
     'A sign-up box in the footer.', 'Grow the list.', 'More subscribers.',
     'approved', @ben, 'A sign-up box wired to the newsletter tool.', 1,
     'EUR', UTC_TIMESTAMP() - INTERVAL 4 DAY, @staff, @ben, 'Ben Northwind',
     UTC_TIMESTAMP() - INTERVAL 2 DAY, '192.0.2.11',
     'Invoice the cost by hand (the payments plugin is not loaded). ',
     UTC_TIMESTAMP() - INTERVAL 5 DAY);
INSERT INTO change_lines (change_id, description, qty_milli, unit, amount)
SELECT id, 'Work as estimated', 1000, 45000, 45000 FROM change_requests
WHERE client_id = 1 AND status IN ('scheduled', 'done', 'approved', 'rejected');
-- Globex: one submitted.
INSERT INTO change_requests (client_id, project_id, title, category,
    priority, description, justification, benefit, status, requested_by,
    currency) VALUES
    (2, 5, 'Dark logo variant', 'enhancement', 'normal',
     'A logo variant for dark backgrounds.', 'Trade show booth.',
     'Usable logo on dark walls.', 'submitted', @cleo, 'USD');
