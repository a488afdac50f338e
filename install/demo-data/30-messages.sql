-- Demo message threads: Northwind talks about the launch (one answer
-- from the team Ana has not read yet, and an internal note she never
-- sees); Globex asks about an invoice.
SET @staff = (SELECT id FROM users WHERE email = 'staff@demo.test');
SET @ana = (SELECT id FROM users WHERE email = 'ana@northwind.test');
SET @ben = (SELECT id FROM users WHERE email = 'ben@northwind.test');
SET @cleo = (SELECT id FROM users WHERE email = 'cleo@globex.test');

INSERT INTO message_threads (id, client_id, project_id, subject, created_by,
    created_at, last_id, last_public_id, last_at, last_public_at) VALUES
	(1, 1, 1, 'Launch date and the product photos', @ana,
	    UTC_TIMESTAMP() - INTERVAL 2 DAY, 0, 0,
	    UTC_TIMESTAMP() - INTERVAL 2 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
	(2, 2, NULL, 'Question about the November invoice', @cleo,
	    UTC_TIMESTAMP() - INTERVAL 5 DAY, 0, 0,
	    UTC_TIMESTAMP() - INTERVAL 5 DAY, UTC_TIMESTAMP() - INTERVAL 5 DAY);

INSERT INTO message_participants (thread_id, user_id) VALUES
	(1, @ana), (1, @ben), (2, @cleo);

INSERT INTO messages (id, thread_id, client_id, user_id, body, internal,
    created_at) VALUES
	(1, 1, 1, @ana, 'Hi team, can we still launch on the planned date? The **product photos** arrive a week late.', 0, UTC_TIMESTAMP() - INTERVAL 2 DAY),
	(2, 1, 1, @staff, 'Photos late again: we can launch with placeholders and swap them in the week after.', 1, UTC_TIMESTAMP() - INTERVAL 1 DAY),
	(3, 1, 1, @staff, 'Yes: we launch on the planned date with the current photos and swap in the new ones the week after. Nothing for you to do.', 0, UTC_TIMESTAMP() - INTERVAL 20 HOUR),
	(4, 2, 2, @cleo, 'The November invoice lists two design days; we agreed on one. Could you check?', 0, UTC_TIMESTAMP() - INTERVAL 5 DAY),
	(5, 2, 2, @staff, 'You are right, sorry: a corrected invoice is on its way.', 0, UTC_TIMESTAMP() - INTERVAL 4 DAY);

UPDATE message_threads SET last_id = 3, last_public_id = 3,
    last_at = UTC_TIMESTAMP() - INTERVAL 20 HOUR,
    last_public_at = UTC_TIMESTAMP() - INTERVAL 20 HOUR WHERE id = 1;
UPDATE message_threads SET last_id = 5, last_public_id = 5,
    last_at = UTC_TIMESTAMP() - INTERVAL 4 DAY,
    last_public_at = UTC_TIMESTAMP() - INTERVAL 4 DAY WHERE id = 2;

-- Ana read up to her own message (the team's answer is unread); Ben,
-- Cleo and the team have read everything.
INSERT INTO message_reads (user_id, thread_id, last_read_id) VALUES
	(@ana, 1, 1), (@ben, 1, 3), (@cleo, 2, 5), (@staff, 1, 3),
	(@staff, 2, 5);
