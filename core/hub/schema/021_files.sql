-- Files and their versions.  A file is a document of a project with a
-- display name and a category; each upload of it is a version, kept
-- for good.  The bytes live in the storage folder under
-- files/<client_id>/<stored>, a generated name, never the one sent.

CREATE TABLE files (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	client_id	BIGINT UNSIGNED NOT NULL,
	project_id	BIGINT UNSIGNED NOT NULL,
	name		VARCHAR(255) NOT NULL,
	category	ENUM('contracts','deliverables','reports','other')
			    NOT NULL DEFAULT 'other',
	visible		TINYINT(1) NOT NULL DEFAULT 0,
	version		INT UNSIGNED NOT NULL DEFAULT 1,
	created_by	BIGINT UNSIGNED NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	shared_at	DATETIME NULL,
	KEY files_client (client_id, visible, category),
	KEY files_project (project_id, visible),
	FULLTEXT KEY files_text (name),
	CONSTRAINT files_client_fk FOREIGN KEY (client_id)
	    REFERENCES clients (id) ON DELETE RESTRICT,
	CONSTRAINT files_user_fk FOREIGN KEY (created_by)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One upload.  size counts against the client's quota; mime is what
-- libmagic found in the content, not what the browser said.
CREATE TABLE file_versions (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	file_id		BIGINT UNSIGNED NOT NULL,
	client_id	BIGINT UNSIGNED NOT NULL,
	version		INT UNSIGNED NOT NULL,
	stored		VARCHAR(64) CHARACTER SET ascii NOT NULL,
	name		VARCHAR(255) NOT NULL,
	mime		VARCHAR(127) CHARACTER SET ascii NOT NULL,
	size		BIGINT UNSIGNED NOT NULL,
	sha256		CHAR(64) CHARACTER SET ascii NOT NULL,
	note		VARCHAR(500) NOT NULL DEFAULT '',
	uploaded_by	BIGINT UNSIGNED NULL,
	uploaded_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY file_versions_version (file_id, version),
	UNIQUE KEY file_versions_stored (stored),
	KEY file_versions_client (client_id),
	CONSTRAINT file_versions_file_fk FOREIGN KEY (file_id)
	    REFERENCES files (id) ON DELETE RESTRICT,
	CONSTRAINT file_versions_user_fk FOREIGN KEY (uploaded_by)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
