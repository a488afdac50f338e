-- Demo clients (the users come from atriumctl, with real password hashes).
INSERT INTO clients (id, name, portal_enabled) VALUES
	(1, 'Northwind Traders', 1),
	(2, 'Globex', 1);
INSERT INTO client_plugins (client_id, plugin, enabled) VALUES
	(1, 'meetings', 1),
	(2, 'meetings', 1);
