-- The reports area (core/hub/reports.c, docs/reports.md): the weights an
-- admin set for the client health factors (a factor without a row keeps
-- its module's defaults), and the indexes the sign-in figures read.

CREATE TABLE report_factors (
	name		VARCHAR(64) NOT NULL PRIMARY KEY,
	weight		DECIMAL(6,1) NOT NULL,
	allow_units	DECIMAL(6,1) NOT NULL,
	cap		DECIMAL(6,1) NOT NULL,
	updated_by	BIGINT UNSIGNED NULL,
	updated_at	DATETIME NOT NULL,
	CONSTRAINT report_factors_user_fk FOREIGN KEY (updated_by)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- A client's last sign-in, and the sign-ins of a period read from the
-- index alone (who and whose client are in it), without the log's rows.
ALTER TABLE activity ADD KEY activity_signin (client_id, action, at),
	ADD KEY activity_action_at (action, at, client_id, user_id);
