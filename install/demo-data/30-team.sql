-- Demo data for the team card: an account manager for each demo client
-- (and one more member for Northwind), with the staff's own cards.  No
-- photos: the portal draws their initials.

SET @staff = (SELECT id FROM users WHERE email = 'staff@demo.test');
SET @admin = (SELECT id FROM users WHERE email = 'admin@demo.test');

INSERT INTO staff_cards (user_id, title, phone, hours) VALUES
	(@staff, 'Project lead', '+44 117 496 0123',
	    'Mon-Fri 9:00-17:30 (UK time)'),
	(@admin, 'Studio director', '+44 117 496 0100',
	    'Tue and Thu 10:00-16:00 (UK time)');

INSERT INTO client_team (client_id, user_id, manager) VALUES
	(1, @staff, 1),
	(1, @admin, 0),
	(2, @admin, 1);
