-- Approvals and decisions.
--
-- An approval asks one or more contacts of the client (approval_steps)
-- to approve a file version, a deliverable or a subject described in
-- its title, in sequence (step by step, by position) or all at once
-- (parallel).  Each answer keeps who (user_id), when and from which
-- address.  A request stays a draft (visible = 0) until sent.

CREATE TABLE approvals (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NOT NULL,
	title		VARCHAR(200) NOT NULL,
	detail		TEXT NOT NULL,
	file_version_id	BIGINT UNSIGNED NULL,
	deliverable_id	BIGINT UNSIGNED NULL,
	mode		ENUM('sequence','parallel') NOT NULL DEFAULT 'sequence',
	due_on		DATE NULL,
	status		ENUM('pending','approved','changes_requested',
			    'cancelled') NOT NULL DEFAULT 'pending',
	visible		TINYINT(1) NOT NULL DEFAULT 0,
	created_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	sent_at		DATETIME NULL,
	completed_at	DATETIME NULL,
	last_reminded_at DATETIME NULL,
	decision_id	BIGINT UNSIGNED NULL,
	KEY approvals_client (client_id, visible, status),
	KEY approvals_project (project_id, visible),
	KEY approvals_due (status, visible, due_on),
	CONSTRAINT approvals_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE RESTRICT,
	CONSTRAINT approvals_version_fk FOREIGN KEY (file_version_id)
	    REFERENCES file_versions (id) ON DELETE RESTRICT,
	CONSTRAINT approvals_user_fk FOREIGN KEY (created_by)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE approval_steps (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	approval_id	BIGINT UNSIGNED NOT NULL,
	client_id	BIGINT UNSIGNED NOT NULL,
	user_id		BIGINT UNSIGNED NOT NULL,
	position	INT NOT NULL,
	answer		ENUM('approved','changes_requested') NULL,
	comment		TEXT NULL,
	answered_at	DATETIME NULL,
	ip		VARCHAR(45) NULL,
	UNIQUE KEY approval_steps_user (approval_id, user_id),
	KEY approval_steps_waiting (user_id, answer),
	CONSTRAINT approval_steps_approval_fk FOREIGN KEY (approval_id)
	    REFERENCES approvals (id) ON DELETE CASCADE,
	CONSTRAINT approval_steps_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The decision log: what was decided, by whom, when, for which project.
-- Made by staff, or by a completed approval (approval_id).
CREATE TABLE decisions (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NOT NULL,
	title		VARCHAR(200) NOT NULL,
	detail		TEXT NOT NULL,
	decided_by	VARCHAR(200) NOT NULL,
	decided_on	DATE NOT NULL,
	approval_id	BIGINT UNSIGNED NULL,
	visible		TINYINT(1) NOT NULL DEFAULT 0,
	created_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	shared_at	DATETIME NULL,
	KEY decisions_client (client_id, visible, decided_on),
	KEY decisions_project (project_id, visible),
	UNIQUE KEY decisions_approval (approval_id),
	FULLTEXT KEY decisions_text (title, detail),
	CONSTRAINT decisions_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE RESTRICT,
	CONSTRAINT decisions_approval_fk FOREIGN KEY (approval_id)
	    REFERENCES approvals (id) ON DELETE RESTRICT,
	CONSTRAINT decisions_user_fk FOREIGN KEY (created_by)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
