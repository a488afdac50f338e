-- Status updates and comments.  Every row carries its client's id, so a
-- contact's query is scoped by it; what the team writes is internal
-- (visible = 0) until shared.  Times are UTC.

-- A status update on a project, in Markdown.  shared_at is when it was
-- last shared: "new since your last visit" compares it with
-- project_seen.seen_at.
CREATE TABLE updates (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NOT NULL,
	author_id	BIGINT UNSIGNED NULL,
	title		VARCHAR(200) NOT NULL,
	body		MEDIUMTEXT NOT NULL,
	visible		TINYINT(1) NOT NULL DEFAULT 0,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	DATETIME NULL,
	shared_at	DATETIME NULL,
	KEY updates_project (project_id, visible, created_at),
	KEY updates_client (client_id, visible, created_at),
	FULLTEXT KEY updates_text (title, body),
	CONSTRAINT updates_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE RESTRICT,
	CONSTRAINT updates_author_fk FOREIGN KEY (author_id)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A comment on an update, a file or an approval (object, object_id).
-- Team comments are private (visible = 0) unless marked visible; a
-- contact's comment is always visible.
CREATE TABLE comments (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	object		ENUM('update','file','approval') NOT NULL,
	object_id	BIGINT UNSIGNED NOT NULL,
	user_id		BIGINT UNSIGNED NULL,
	body		TEXT NOT NULL,
	visible		TINYINT(1) NOT NULL DEFAULT 0,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY comments_object (object, object_id, id),
	KEY comments_client (client_id),
	CONSTRAINT comments_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE RESTRICT,
	CONSTRAINT comments_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- When each person last looked at each project's updates: what was
-- shared after that is marked new.
CREATE TABLE project_seen (
	user_id		BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NOT NULL,
	seen_at		DATETIME NOT NULL,
	PRIMARY KEY (user_id, project_id),
	CONSTRAINT project_seen_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
