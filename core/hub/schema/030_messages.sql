-- Message threads: per client, optionally about a project.  Contacts see
-- the threads they take part in (message_participants) and only the
-- messages that are not internal notes; staff see every thread.
-- last_id is the newest message, last_public_id the newest one contacts
-- see; a person's message_reads row says how far they have read, so a
-- thread is unread for a contact when last_public_id > last_read_id
-- (staff: last_id).
CREATE TABLE message_threads (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NULL,
	subject		VARCHAR(200) NOT NULL,
	created_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL,
	last_id		BIGINT UNSIGNED NOT NULL DEFAULT 0,
	last_public_id	BIGINT UNSIGNED NOT NULL DEFAULT 0,
	last_at		DATETIME NOT NULL,
	last_public_at	DATETIME NOT NULL,
	KEY message_threads_client (client_id, last_public_at),
	KEY message_threads_last (last_at),
	FULLTEXT KEY message_threads_text (subject),
	CONSTRAINT message_threads_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE CASCADE,
	CONSTRAINT message_threads_user_fk FOREIGN KEY (created_by)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE message_participants (
	thread_id	BIGINT UNSIGNED NOT NULL,
	user_id		BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (thread_id, user_id),
	KEY message_participants_user (user_id, thread_id),
	CONSTRAINT message_participants_thread_fk FOREIGN KEY (thread_id)
	    REFERENCES message_threads (id) ON DELETE CASCADE,
	CONSTRAINT message_participants_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE messages (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	thread_id	BIGINT UNSIGNED NOT NULL,
	client_id	BIGINT UNSIGNED NOT NULL,
	user_id		BIGINT UNSIGNED NULL,
	body		MEDIUMTEXT NOT NULL,
	internal	TINYINT(1) NOT NULL DEFAULT 0,
	by_mail		TINYINT(1) NOT NULL DEFAULT 0,
	files		INT UNSIGNED NOT NULL DEFAULT 0,
	created_at	DATETIME NOT NULL,
	KEY messages_thread (thread_id, internal, id),
	FULLTEXT KEY messages_text (body),
	CONSTRAINT messages_thread_fk FOREIGN KEY (thread_id)
	    REFERENCES message_threads (id) ON DELETE CASCADE,
	CONSTRAINT messages_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE message_reads (
	user_id		BIGINT UNSIGNED NOT NULL,
	thread_id	BIGINT UNSIGNED NOT NULL,
	last_read_id	BIGINT UNSIGNED NOT NULL DEFAULT 0,
	PRIMARY KEY (user_id, thread_id),
	CONSTRAINT message_reads_thread_fk FOREIGN KEY (thread_id)
	    REFERENCES message_threads (id) ON DELETE CASCADE,
	CONSTRAINT message_reads_user_fk FOREIGN KEY (user_id)
	    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
