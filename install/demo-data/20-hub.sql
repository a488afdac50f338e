-- Demo data for updates, comments, files, approvals, decisions and the
-- activity log: both demo clients, some items shared, some internal.
-- It uses the first shared project of each client (10-*.sql makes them)
-- and the files in install/demo-data/files/<client>/, which the demo
-- loader copies into the storage folder's files/.  Times are relative
-- to now, so the demo always looks current.  The activity entries are
-- chained with SHA2() exactly as core/hub/activity.c hashes them.

SET @staff = (SELECT id FROM users WHERE email = 'staff@demo.test');
SET @admin = (SELECT id FROM users WHERE email = 'admin@demo.test');
SET @ana = (SELECT id FROM users WHERE email = 'ana@northwind.test');
SET @ben = (SELECT id FROM users WHERE email = 'ben@northwind.test');
SET @cleo = (SELECT id FROM users WHERE email = 'cleo@globex.test');
SET @nw = (SELECT id FROM projects WHERE client_id = 1 AND visible = 1
    ORDER BY id LIMIT 1);
SET @gx = (SELECT id FROM projects WHERE client_id = 2 AND visible = 1
    ORDER BY id LIMIT 1);

-- Status updates (Markdown).
INSERT INTO updates (id, client_id, project_id, author_id, title, body, visible,
    created_at, shared_at) VALUES
	(1, 1, @nw, @staff, 'Kick-off done', 'We met on Monday and agreed the plan:\n\n- **Discovery** this week and next\n- Design in weeks 3 to 5\n- Build from week 6\n\nThe statement of work is in *Files*.', 1, UTC_TIMESTAMP() - INTERVAL 384 HOUR, UTC_TIMESTAMP() - INTERVAL 384 HOUR),
	(2, 1, @nw, @staff, 'Design direction', 'Two homepage routes are ready. We recommend the **blue** one: calmer, and it fits your product photos.\n\nThe mockup is waiting for your approval.', 1, UTC_TIMESTAMP() - INTERVAL 72 HOUR, UTC_TIMESTAMP() - INTERVAL 72 HOUR),
	(3, 1, @nw, @staff, 'Budget risk (team only)', 'Build may run 10% over if the catalogue import needs manual clean-up. Keep an eye on it.', 0, UTC_TIMESTAMP() - INTERVAL 48 HOUR, NULL),
	(4, 2, @gx, @staff, 'Brand audit started', 'We are collecting every place the logo appears. First findings next week.', 1, UTC_TIMESTAMP() - INTERVAL 144 HOUR, UTC_TIMESTAMP() - INTERVAL 144 HOUR);

-- Comments: contacts' are always visible, the team's private unless shared.
INSERT INTO comments (client_id, object, object_id, user_id, body, visible,
    created_at) VALUES
	(1, 'update', 2, @ana, 'Love the blue one. Can the buttons be a little larger?', 1, UTC_TIMESTAMP() - INTERVAL 48 HOUR),
	(1, 'update', 2, @staff, 'Sure, we will enlarge them in version 2.', 1, UTC_TIMESTAMP() - INTERVAL 48 HOUR),
	(1, 'update', 2, @staff, 'Note: Ana prefers larger buttons; check contrast.', 0, UTC_TIMESTAMP() - INTERVAL 48 HOUR),
	(1, 'file', 3, @ben, 'Ana, have you seen the new mockup?', 1, UTC_TIMESTAMP() - INTERVAL 24 HOUR),
	(2, 'update', 4, @cleo, 'Great, we can send you the old style guide too.', 1, UTC_TIMESTAMP() - INTERVAL 120 HOUR);

-- Files and their versions (the bytes are in install/demo-data/files/).
INSERT INTO files (id, client_id, project_id, name, category, visible, version,
    created_by, created_at, updated_at, shared_at) VALUES
	(1, 1, @nw, 'Statement of work.pdf', 'contracts', 1, 2, @staff, UTC_TIMESTAMP() - INTERVAL 360 HOUR, UTC_TIMESTAMP() - INTERVAL 336 HOUR, UTC_TIMESTAMP() - INTERVAL 336 HOUR),
	(2, 1, @nw, 'Margin analysis.csv', 'reports', 0, 1, @staff, UTC_TIMESTAMP() - INTERVAL 240 HOUR, UTC_TIMESTAMP() - INTERVAL 240 HOUR, NULL),
	(3, 1, @nw, 'Homepage mockup.png', 'deliverables', 1, 2, @staff, UTC_TIMESTAMP() - INTERVAL 96 HOUR, UTC_TIMESTAMP() - INTERVAL 24 HOUR, UTC_TIMESTAMP() - INTERVAL 24 HOUR),
	(4, 2, @gx, 'Brand audit.pdf', 'reports', 1, 1, @staff, UTC_TIMESTAMP() - INTERVAL 120 HOUR, UTC_TIMESTAMP() - INTERVAL 120 HOUR, UTC_TIMESTAMP() - INTERVAL 120 HOUR),
	(5, 2, @gx, 'Logo shortlist.png', 'deliverables', 1, 1, @staff, UTC_TIMESTAMP() - INTERVAL 48 HOUR, UTC_TIMESTAMP() - INTERVAL 48 HOUR, UTC_TIMESTAMP() - INTERVAL 48 HOUR);

-- Each document is attached to its project in the file store.
UPDATE files SET item_id = project_id WHERE item_type = 'project';

INSERT INTO file_versions (id, file_id, client_id, version, stored, name, mime,
    size, sha256, note, uploaded_by, uploaded_at) VALUES
	(1, 1, 1, 1, 'Nw4c0Zq7kS2mVb1Xy8TgR5pLd3Hj6Ue9', 'Statement of work.pdf', 'application/pdf', 779, '4efdae62d0d6e2cb4567b4da9e216ea25f74c985e1d77c151dab599a5c086b9d', 'First draft', @staff, UTC_TIMESTAMP() - INTERVAL 360 HOUR),
	(2, 1, 1, 2, 'Qa7Kx2Lm9Pt4Rb6Ns1Vc8Zd3Wf5Hg0Jy', 'Statement of work.pdf', 'application/pdf', 834, '0c9e729b89212df147b55f49231bfc90969d38cc9a3e263cc640d040c6450da9', 'Timeline and fees added', @staff, UTC_TIMESTAMP() - INTERVAL 336 HOUR),
	(3, 2, 1, 1, 'Dk8Ys3Gw6Pm1Vq9Tz4Hx7Rb2Nc5Lf0Ja', 'Margin analysis.csv', 'text/csv', 76, 'f6d828738b38651f8fd39773bc58dfb1fa8e280af1feb607796b9a0edc533647', '', @staff, UTC_TIMESTAMP() - INTERVAL 240 HOUR),
	(4, 3, 1, 1, 'Bf3Tj8Kq1Xz6Mc4Ld9Sv2Nw7Rp5Yh0Ga', 'Homepage mockup.png', 'image/png', 685, '0a6f4a92dc1e5a140c5dfc39f32e0332c01aac1079cda443245d77fd4db95fc6', 'Blue route', @staff, UTC_TIMESTAMP() - INTERVAL 96 HOUR),
	(5, 3, 1, 2, 'Ce5Vm2Qy8Hk1Tz7Wx4Bn9Ls6Jd3Fr0Pu', 'Homepage mockup.png', 'image/png', 843, '62400e35771a7a138e57483413f469549b5ce06723283ebb00a0b13d4a91c31e', 'Larger buttons', @staff, UTC_TIMESTAMP() - INTERVAL 24 HOUR),
	(6, 4, 2, 1, 'Eh2Rn7Xb4Kv9Qm1Sd6Wz3Ty8Pc5Gl0Mf', 'Brand audit.pdf', 'application/pdf', 771, '770621d4e577ac7db05eea079bd8f1411da5cb9d1bda2253dd36f9511c3c334f', '', @staff, UTC_TIMESTAMP() - INTERVAL 120 HOUR),
	(7, 5, 2, 1, 'Fj9Lp4Zc1Nx6Bt3Vh8Qk2Rm7Sd5Wy0Ge', 'Logo shortlist.png', 'image/png', 729, '7feefebb39dde2f2b4238d2dccc16dc848c8f7bc605c4699baafbb5e9af25bda', 'Three routes', @staff, UTC_TIMESTAMP() - INTERVAL 48 HOUR);

-- Approvals: one completed (with its decision), two waiting.
INSERT INTO approvals (id, client_id, project_id, title, detail, file_version_id,
    mode, due_on, status, visible, created_by, created_at, sent_at,
    completed_at, decision_id) VALUES
	(1, 1, @nw, 'Statement of work', 'Please confirm scope, timeline and fees.', 2,
	    'parallel', DATE(UTC_TIMESTAMP() - INTERVAL 10 DAY), 'approved', 1, @staff,
	    UTC_TIMESTAMP() - INTERVAL 336 HOUR, UTC_TIMESTAMP() - INTERVAL 336 HOUR, UTC_TIMESTAMP() - INTERVAL 288 HOUR, NULL),
	(2, 1, @nw, 'Homepage mockup, version 2', 'The blue route with larger buttons. Approve it, or tell us what to change.', 5,
	    'sequence', DATE(UTC_TIMESTAMP() + INTERVAL 4 DAY), 'pending', 1, @staff,
	    UTC_TIMESTAMP() - INTERVAL 24 HOUR, UTC_TIMESTAMP() - INTERVAL 24 HOUR, NULL, NULL),
	(3, 2, @gx, 'Logo shortlist', 'Pick the routes we should develop further.', 7,
	    'parallel', DATE(UTC_TIMESTAMP() + INTERVAL 6 DAY), 'pending', 1, @staff,
	    UTC_TIMESTAMP() - INTERVAL 48 HOUR, UTC_TIMESTAMP() - INTERVAL 48 HOUR, NULL, NULL);

INSERT INTO approval_steps (approval_id, client_id, user_id, position, answer,
    comment, answered_at, ip) VALUES
	(1, 1, @ana, 1, 'approved', 'Agreed.', UTC_TIMESTAMP() - INTERVAL 312 HOUR, '192.0.2.10'),
	(1, 1, @ben, 2, 'approved', NULL, UTC_TIMESTAMP() - INTERVAL 288 HOUR, '192.0.2.11'),
	(2, 1, @ana, 1, NULL, NULL, NULL, NULL),
	(2, 1, @ben, 2, NULL, NULL, NULL, NULL),
	(3, 2, @cleo, 1, NULL, NULL, NULL, NULL);

-- The decision log.
INSERT INTO decisions (id, client_id, project_id, title, detail, decided_by,
    decided_on, approval_id, visible, created_by, created_at, shared_at) VALUES
	(1, 1, @nw, 'Approved: Statement of work', 'Approved in full (all approvers at once).', 'Ana Northwind, Ben Northwind',
	    DATE(UTC_TIMESTAMP() - INTERVAL 12 DAY), 1, 1, @ben, UTC_TIMESTAMP() - INTERVAL 288 HOUR, UTC_TIMESTAMP() - INTERVAL 288 HOUR),
	(2, 1, @nw, 'Keep the existing CMS', 'Migrating would add four weeks; the current CMS does what the new site needs.', 'Ana Northwind and Sam Staff',
	    DATE(UTC_TIMESTAMP() - INTERVAL 9 DAY), NULL, 1, @staff, UTC_TIMESTAMP() - INTERVAL 216 HOUR, UTC_TIMESTAMP() - INTERVAL 216 HOUR),
	(3, 1, @nw, 'Pad the build estimate by 10%', 'Team only: the catalogue import is the risk.', 'Sam Staff',
	    DATE(UTC_TIMESTAMP() - INTERVAL 2 DAY), NULL, 0, @staff, UTC_TIMESTAMP() - INTERVAL 48 HOUR, NULL),
	(4, 2, @gx, 'Keep the green', 'Green stays the primary brand colour; everything else is open.', 'Cleo Globex',
	    DATE(UTC_TIMESTAMP() - INTERVAL 4 DAY), NULL, 1, @staff, UTC_TIMESTAMP() - INTERVAL 96 HOUR, UTC_TIMESTAMP() - INTERVAL 96 HOUR);

UPDATE approvals SET decision_id = 1 WHERE id = 1;

-- Who approved, kept as data beside the decision.
INSERT INTO decision_approvers (decision_id, position, name, approved_at,
    comment) VALUES
	(1, 1, 'Ana Northwind', UTC_TIMESTAMP() - INTERVAL 312 HOUR, 'Agreed.'),
	(1, 2, 'Ben Northwind', UTC_TIMESTAMP() - INTERVAL 288 HOUR, NULL);

-- The activity log.  Each entry is chained onto the newest one:
-- hash = SHA-256(prev_hash, then each field as "<bytes>:<value>\n" in
-- the order at, user_id, client_id, ip, action, object, object_id,
-- summary, visible).  atriumctl verify-log checks the result.
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 16 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '1', @ip = '', @act = 'post', @obj = 'update',
    @oid = '1', @sum = 'Sam Staff posted an update: Kick-off done', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 15 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '1', @ip = '', @act = 'upload', @obj = 'file',
    @oid = '1', @sum = 'Sam Staff uploaded Statement of work.pdf', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 14 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '1', @ip = '', @act = 'version', @obj = 'file',
    @oid = '1', @sum = 'Sam Staff added version 2 of Statement of work.pdf', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 14 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '1', @ip = '', @act = 'request', @obj = 'approval',
    @oid = '1', @sum = 'Sam Staff asked for approval: Statement of work', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 13 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@ana AS CHAR), @c = '1', @ip = '192.0.2.10', @act = 'approve', @obj = 'approval',
    @oid = '1', @sum = 'Ana Northwind approved Statement of work', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 12 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@ben AS CHAR), @c = '1', @ip = '192.0.2.11', @act = 'approve', @obj = 'approval',
    @oid = '1', @sum = 'Ben Northwind approved Statement of work', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 12 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@ben AS CHAR), @c = '1', @ip = '192.0.2.11', @act = 'decide', @obj = 'decision',
    @oid = '1', @sum = 'Decision recorded: Approved: Statement of work', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 10 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '1', @ip = '', @act = 'upload', @obj = 'file',
    @oid = '2', @sum = 'Sam Staff uploaded Margin analysis.csv', @vis = '0';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 9 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '1', @ip = '', @act = 'decide', @obj = 'decision',
    @oid = '2', @sum = 'Decision recorded: Keep the existing CMS', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 6 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '2', @ip = '', @act = 'post', @obj = 'update',
    @oid = '4', @sum = 'Sam Staff posted an update: Brand audit started', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 5 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '2', @ip = '', @act = 'upload', @obj = 'file',
    @oid = '4', @sum = 'Sam Staff uploaded Brand audit.pdf', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 5 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@cleo AS CHAR), @c = '2', @ip = '198.51.100.7', @act = 'download', @obj = 'file',
    @oid = '4', @sum = 'Cleo Globex downloaded Brand audit.pdf (version 1)', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 4 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '2', @ip = '', @act = 'decide', @obj = 'decision',
    @oid = '4', @sum = 'Decision recorded: Keep the green', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 3 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '1', @ip = '', @act = 'post', @obj = 'update',
    @oid = '2', @sum = 'Sam Staff posted an update: Design direction', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 2 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@ana AS CHAR), @c = '1', @ip = '192.0.2.10', @act = 'comment', @obj = 'update',
    @oid = '2', @sum = 'Ana Northwind commented on Design direction', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 2 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '2', @ip = '', @act = 'request', @obj = 'approval',
    @oid = '3', @sum = 'Sam Staff asked for approval: Logo shortlist', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 1 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '1', @ip = '', @act = 'version', @obj = 'file',
    @oid = '3', @sum = 'Sam Staff added version 2 of Homepage mockup.png', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
SET @at = DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 1 DAY, '%Y-%m-%d %H:%i:%s'),
    @u = CAST(@staff AS CHAR), @c = '1', @ip = '', @act = 'request', @obj = 'approval',
    @oid = '2', @sum = 'Sam Staff asked for approval: Homepage mockup, version 2', @vis = '1';
INSERT INTO activity (at, user_id, client_id, ip, action, object, object_id,
    summary, visible, prev_hash, hash)
SELECT @at, @u, @c, @ip, @act, @obj, @oid, @sum, @vis, h.prev,
    SHA2(CONCAT(h.prev, LENGTH(@at), ':', @at, '\n', LENGTH(@u), ':', @u,
    '\n', LENGTH(@c), ':', @c, '\n', LENGTH(@ip), ':', @ip, '\n',
    LENGTH(@act), ':', @act, '\n', LENGTH(@obj), ':', @obj, '\n',
    LENGTH(@oid), ':', @oid, '\n', LENGTH(@sum), ':', @sum, '\n',
    LENGTH(@vis), ':', @vis, '\n'), 256)
FROM (SELECT COALESCE((SELECT hash FROM activity ORDER BY id DESC LIMIT 1),
    REPEAT('0', 64)) AS prev) h;
