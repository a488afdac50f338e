-- Cases: support cases and change requests.  Times are UTC; SLA clocks
-- count business seconds (the site's working calendar, the plugin's
-- options) and stop while a case waits on the client.

-- The types a case can have: a list staff edit (Settings).
CREATE TABLE case_types (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	name		VARCHAR(60) NOT NULL,
	position	INT NOT NULL DEFAULT 0,
	active		TINYINT(1) NOT NULL DEFAULT 1,
	UNIQUE KEY case_types_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO case_types (name, position) VALUES ('Support', 1),
    ('Question', 2), ('Access', 3), ('Change request', 4), ('Other', 5);

-- SLA targets per priority, in business minutes.
CREATE TABLE case_sla (
	priority	ENUM('low','normal','high','urgent') NOT NULL PRIMARY KEY,
	response_min	INT UNSIGNED NOT NULL,
	resolution_min	INT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT INTO case_sla VALUES ('low', 960, 4800), ('normal', 480, 2400),
    ('high', 240, 960), ('urgent', 60, 480);

CREATE TABLE cases (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NULL,
	type_id		BIGINT UNSIGNED NOT NULL,
	subject		VARCHAR(200) NOT NULL,
	body		MEDIUMTEXT NOT NULL,
	priority	ENUM('low','normal','high','urgent') NOT NULL
			    DEFAULT 'normal',
	status		ENUM('new','open','waiting','resolved','closed')
			    NOT NULL DEFAULT 'new',
	opened_by	BIGINT UNSIGNED NULL,
	owner_id	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	first_response_at DATETIME NULL,
	resolved_at	DATETIME NULL,
	closed_at	DATETIME NULL,
	-- The SLA clocks: business seconds used up to clock_since, running
	-- from clock_since when it is not NULL.  The response clock stops
	-- at the first reply of the team.
	resp_used	BIGINT NOT NULL DEFAULT 0,
	res_used	BIGINT NOT NULL DEFAULT 0,
	clock_since	DATETIME NULL,
	-- When each target falls due (NULL while paused or met).
	resp_due	DATETIME NULL,
	res_due		DATETIME NULL,
	warned		TINYINT UNSIGNED NOT NULL DEFAULT 0,
	-- When the client was last reminded of a case waiting on it.
	reminded_at	DATETIME NULL,
	KEY cases_client (client_id, status),
	KEY cases_owner (owner_id, status),
	KEY cases_due (status, res_due),
	FULLTEXT KEY cases_text (subject, body),
	CONSTRAINT cases_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE CASCADE,
	CONSTRAINT cases_type_fk FOREIGN KEY (type_id)
	    REFERENCES case_types (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The conversation: replies the client sees, internal notes it never
-- does.  A row never changes kind.
CREATE TABLE case_messages (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	case_id		BIGINT UNSIGNED NOT NULL,
	author_id	BIGINT UNSIGNED NULL,
	kind		ENUM('reply','note') NOT NULL,
	body		MEDIUMTEXT NOT NULL,
	via		ENUM('web','mail') NOT NULL DEFAULT 'web',
	mail_id		VARCHAR(255) NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY case_messages_case (case_id, kind, id),
	UNIQUE KEY case_messages_mail (case_id, mail_id),
	FULLTEXT KEY case_messages_text (body),
	CONSTRAINT case_messages_fk FOREIGN KEY (case_id)
	    REFERENCES cases (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_watchers (
	case_id		BIGINT UNSIGNED NOT NULL,
	user_id		BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (case_id, user_id),
	CONSTRAINT case_watchers_fk FOREIGN KEY (case_id)
	    REFERENCES cases (id) ON DELETE CASCADE,
	CONSTRAINT case_watchers_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- Breaches as the job recorded them: once per case and target.
CREATE TABLE case_breaches (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	case_id		BIGINT UNSIGNED NOT NULL,
	target		ENUM('response','resolution') NOT NULL,
	due_at		DATETIME NOT NULL,
	recorded_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY case_breaches_once (case_id, target),
	CONSTRAINT case_breaches_fk FOREIGN KEY (case_id)
	    REFERENCES cases (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- Canned replies staff pick from.
CREATE TABLE case_canned (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	title		VARCHAR(120) NOT NULL,
	body		TEXT NOT NULL,
	UNIQUE KEY case_canned_title (title)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO case_canned (title, body) VALUES
    ('Looking into it', 'Thanks for reporting this. We are looking into it and will get back to you shortly.'),
    ('Need more detail', 'Could you send us the steps that lead to the problem, and a screenshot if you have one?'),
    ('Fixed', 'This is fixed now. Please let us know if you still see it; otherwise we will close the case in a few days.');

-- Change requests: asked by the client, estimated by the team,
-- approved or rejected by the client.
CREATE TABLE change_requests (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NULL,
	title		VARCHAR(200) NOT NULL,
	category	ENUM('feature','bugfix','enhancement','other') NOT NULL,
	priority	ENUM('low','normal','high','urgent') NOT NULL
			    DEFAULT 'normal',
	description	MEDIUMTEXT NOT NULL,
	justification	TEXT NOT NULL,
	benefit		TEXT NOT NULL,
	status		ENUM('submitted','review','estimated','approved',
			    'rejected','scheduled','done') NOT NULL
			    DEFAULT 'submitted',
	requested_by	BIGINT UNSIGNED NULL,
	scope		MEDIUMTEXT NULL,
	schedule_days	INT NOT NULL DEFAULT 0,
	currency	CHAR(3) NOT NULL DEFAULT 'EUR',
	estimated_at	DATETIME NULL,
	estimated_by	BIGINT UNSIGNED NULL,
	-- The client's answer, recorded like an approval.
	decided_by	BIGINT UNSIGNED NULL,
	decided_name	VARCHAR(200) NULL,
	decided_at	DATETIME NULL,
	decided_addr	VARCHAR(64) NULL,
	decision_note	TEXT NULL,
	decision_id	BIGINT NULL,
	invoice_id	BIGINT NULL,
	invoice_number	VARCHAR(64) NULL,
	contract_id	BIGINT NULL,
	followup	VARCHAR(500) NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY change_requests_client (client_id, status),
	FULLTEXT KEY change_requests_text (title, description),
	CONSTRAINT change_requests_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The estimate's cost lines (minor units of the request's currency).
CREATE TABLE change_lines (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	change_id	BIGINT UNSIGNED NOT NULL,
	description	VARCHAR(500) NOT NULL,
	qty_milli	BIGINT NOT NULL,
	unit		BIGINT NOT NULL,
	amount		BIGINT NOT NULL,
	KEY change_lines_change (change_id, id),
	CONSTRAINT change_lines_fk FOREIGN KEY (change_id)
	    REFERENCES change_requests (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The milestones the estimate moves, and to when.
CREATE TABLE change_moves (
	change_id	BIGINT UNSIGNED NOT NULL,
	milestone_id	BIGINT UNSIGNED NOT NULL,
	old_due		DATE NOT NULL,
	new_due		DATE NOT NULL,
	moved_at	DATETIME NULL,
	PRIMARY KEY (change_id, milestone_id),
	CONSTRAINT change_moves_fk FOREIGN KEY (change_id)
	    REFERENCES change_requests (id) ON DELETE CASCADE
) ENGINE=InnoDB;
