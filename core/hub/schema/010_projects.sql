-- Projects and what they are made of: milestones, tasks and the
-- deliverables checklist.  Every row carries its client's id, so a
-- contact's query is scoped by it; what the team creates is internal
-- (visible = 0) until shared.  Dates are calendar dates in the site's
-- zone; times are UTC.  Money is in minor units (cents) with its
-- ISO 4217 currency.

CREATE TABLE projects (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	name		VARCHAR(200) NOT NULL,
	overview	MEDIUMTEXT NOT NULL,
	owner_id	BIGINT UNSIGNED NULL,
	start_on	DATE NULL,
	due_on		DATE NULL,
	status		ENUM('active','on_hold','completed') NOT NULL
			    DEFAULT 'active',
	health		ENUM('on_track','needs_review','waiting_on_client',
			    'blocked') NOT NULL DEFAULT 'on_track',
	budget_minor	BIGINT NULL,
	currency	CHAR(3) NOT NULL DEFAULT 'EUR',
	hours_budget	DECIMAL(9,2) NULL,
	hours_used	DECIMAL(9,2) NOT NULL DEFAULT 0,
	-- Whether the client sees the budget and the hours.
	budget_visible	TINYINT(1) NOT NULL DEFAULT 0,
	visible		TINYINT(1) NOT NULL DEFAULT 0,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	DATETIME NULL,
	shared_at	DATETIME NULL,
	KEY projects_client (client_id, visible, status),
	FULLTEXT KEY projects_text (name, overview),
	CONSTRAINT projects_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE RESTRICT,
	CONSTRAINT projects_owner_fk FOREIGN KEY (owner_id)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A milestone: a dated point of the plan.  done_at is when it was
-- reached; an open milestone past due_on is overdue.
CREATE TABLE milestones (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NOT NULL,
	title		VARCHAR(200) NOT NULL,
	due_on		DATE NOT NULL,
	done_at		DATETIME NULL,
	visible		TINYINT(1) NOT NULL DEFAULT 0,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY milestones_project (project_id, due_on),
	KEY milestones_client (client_id, visible, done_at, due_on),
	CONSTRAINT milestones_project_fk FOREIGN KEY (project_id)
	    REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A task: who does what by when.  The owner is a team member or one of
-- the client's contacts; a shared task owned by a contact is the
-- client's to do and shows under "Needs your action".
CREATE TABLE tasks (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NOT NULL,
	title		VARCHAR(200) NOT NULL,
	owner_id	BIGINT UNSIGNED NULL,
	due_on		DATE NULL,
	status		ENUM('todo','in_progress','waiting','done') NOT NULL
			    DEFAULT 'todo',
	visible		TINYINT(1) NOT NULL DEFAULT 0,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY tasks_project (project_id, status),
	KEY tasks_owner (owner_id, status),
	CONSTRAINT tasks_project_fk FOREIGN KEY (project_id)
	    REFERENCES projects (id) ON DELETE CASCADE,
	CONSTRAINT tasks_owner_fk FOREIGN KEY (owner_id)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The deliverables checklist: what the client gets, ticked when done.
CREATE TABLE deliverables (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NOT NULL,
	title		VARCHAR(200) NOT NULL,
	done_at		DATETIME NULL,
	visible		TINYINT(1) NOT NULL DEFAULT 0,
	position	INT NOT NULL DEFAULT 0,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY deliverables_project (project_id, position),
	CONSTRAINT deliverables_project_fk FOREIGN KEY (project_id)
	    REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
