-- A counter per person that the database adds one to whenever one of the
-- person's notifications is added, read, unread or removed, or one of
-- their last-visit markers moves.  Each worker keeps, with a session it
-- looked up, the header's unread count and the "seen" markers, and reads
-- them again only when this moved: the query every signed-in request
-- makes is then three primary-key reads (core/auth/session.c) instead of
-- a count and a GROUP_CONCAT.  No foreign key: a row outlives nobody
-- (user ids are not reused) and an insert need not lock the user's row.
CREATE TABLE IF NOT EXISTS user_versions (
	user_id		BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	version		BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB;

CREATE TRIGGER user_v_notice_ins AFTER INSERT ON notifications
    FOR EACH ROW
	INSERT INTO user_versions (user_id, version) VALUES (NEW.user_id, 1)
	    ON DUPLICATE KEY UPDATE version = version + 1;
-- Only what the header shows: sending a digest (mailed_at) moves nothing.
CREATE TRIGGER user_v_notice_upd AFTER UPDATE ON notifications
    FOR EACH ROW
	INSERT INTO user_versions (user_id, version)
	    SELECT u, 1 FROM (SELECT NEW.user_id AS u UNION
	    SELECT OLD.user_id) AS x
	    WHERE NOT (NEW.read_at <=> OLD.read_at) OR
	    NEW.user_id <> OLD.user_id
	    ON DUPLICATE KEY UPDATE version = version + 1;
CREATE TRIGGER user_v_notice_del AFTER DELETE ON notifications
    FOR EACH ROW
	INSERT INTO user_versions (user_id, version) VALUES (OLD.user_id, 1)
	    ON DUPLICATE KEY UPDATE version = version + 1;

CREATE TRIGGER user_v_visit_ins AFTER INSERT ON last_visits
    FOR EACH ROW
	INSERT INTO user_versions (user_id, version) VALUES (NEW.user_id, 1)
	    ON DUPLICATE KEY UPDATE version = version + 1;
CREATE TRIGGER user_v_visit_upd AFTER UPDATE ON last_visits
    FOR EACH ROW
	INSERT INTO user_versions (user_id, version)
	    SELECT u, 1 FROM (SELECT NEW.user_id AS u UNION
	    SELECT OLD.user_id) AS x
	    ON DUPLICATE KEY UPDATE version = version + 1;
CREATE TRIGGER user_v_visit_del AFTER DELETE ON last_visits
    FOR EACH ROW
	INSERT INTO user_versions (user_id, version) VALUES (OLD.user_id, 1)
	    ON DUPLICATE KEY UPDATE version = version + 1;
