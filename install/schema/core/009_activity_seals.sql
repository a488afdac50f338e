-- The activity log without a shared lock (core/activity/activity.c).
-- New entries carry only their own hash (prev_hash NULL) and are written
-- by one INSERT; the "activity.seal" job seals them in batches into
-- activity_seals, each seal hashing the entries it covers and the seal
-- before it.  Entries already chained keep their prev_hash.  once_key
-- makes repeated views of one item by one person in one window a single
-- entry without a read (NULL for every other entry).
ALTER TABLE activity
	MODIFY prev_hash CHAR(64) NULL,
	ADD COLUMN once_key VARCHAR(120) NULL,
	ADD UNIQUE KEY activity_once (once_key),
	ADD KEY activity_at (at);

CREATE TABLE activity_seals (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	at		DATETIME NOT NULL,
	first_id	BIGINT UNSIGNED NOT NULL,
	last_id		BIGINT UNSIGNED NOT NULL,
	entries		INT UNSIGNED NOT NULL,
	prev_hash	CHAR(64) NOT NULL,
	hash		CHAR(64) NOT NULL,
	UNIQUE KEY activity_seals_prev (prev_hash),
	UNIQUE KEY activity_seals_last (last_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A counter per client (0: data of no client) that every change adds one
-- to (at_data_changed, in the change's transaction): the dashboards keep
-- what they drew keyed by it and redraw only when it moved.
CREATE TABLE data_versions (
	client_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	version		BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB;

-- A counter the database adds one to whenever a session ends or a user,
-- a client or a client's plugin switch changes: each worker keeps the
-- sessions it looked up and trusts them exactly while this has not moved
-- (core/auth/session.c), so a revocation reaches every worker and every
-- host at once and costs nothing while nothing is revoked.
CREATE TABLE auth_version (
	id		TINYINT UNSIGNED NOT NULL PRIMARY KEY,
	version		BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB;
INSERT INTO auth_version (id, version) VALUES (1, 0);

CREATE TRIGGER auth_v_session_del AFTER DELETE ON sessions FOR EACH ROW
	UPDATE auth_version SET version = version + 1 WHERE id = 1;
CREATE TRIGGER auth_v_user_upd AFTER UPDATE ON users FOR EACH ROW
	UPDATE auth_version SET version = version + 1 WHERE id = 1;
CREATE TRIGGER auth_v_user_del AFTER DELETE ON users FOR EACH ROW
	UPDATE auth_version SET version = version + 1 WHERE id = 1;
CREATE TRIGGER auth_v_client_upd AFTER UPDATE ON clients FOR EACH ROW
	UPDATE auth_version SET version = version + 1 WHERE id = 1;
CREATE TRIGGER auth_v_plugin_ins AFTER INSERT ON client_plugins FOR EACH ROW
	UPDATE auth_version SET version = version + 1 WHERE id = 1;
CREATE TRIGGER auth_v_plugin_upd AFTER UPDATE ON client_plugins FOR EACH ROW
	UPDATE auth_version SET version = version + 1 WHERE id = 1;
CREATE TRIGGER auth_v_plugin_del AFTER DELETE ON client_plugins FOR EACH ROW
	UPDATE auth_version SET version = version + 1 WHERE id = 1;
CREATE TRIGGER auth_v_client_del AFTER DELETE ON clients FOR EACH ROW
	UPDATE auth_version SET version = version + 1 WHERE id = 1;
-- A session made older (idle or absolute expiry brought forward by hand)
-- is looked up again too; the minutely last_seen refresh moves nothing.
CREATE TRIGGER auth_v_session_upd AFTER UPDATE ON sessions FOR EACH ROW
	IF NEW.last_seen < OLD.last_seen OR NEW.created_at <> OLD.created_at
	    OR NEW.user_id <> OLD.user_id THEN
		UPDATE auth_version SET version = version + 1 WHERE id = 1;
	END IF;
