-- The reports area at volume and its weekly summary (core/hub/reports.c,
-- reports_hub.c, docs/reports.md).
--
-- Indexes the health factors' grouped queries read (every period of the
-- sparkline at once): a thread's last message as of a day (the
-- unanswered-messages factor), milestones still open or reached late
-- (overdue milestones) and approvals still waiting or answered late
-- (approvals waiting on the client).
ALTER TABLE messages ADD KEY messages_thread_at (thread_id, internal,
	created_at);
ALTER TABLE milestones ADD KEY milestones_open (done_at, due_on,
	client_id, project_id);
ALTER TABLE approvals ADD KEY approvals_waiting (visible, status,
	completed_at, client_id);

-- When the weekly summary goes out: the weekday (1 Monday .. 7 Sunday)
-- and the hour (0..23) in the site's time zone; one row, an admin sets
-- it on the health factors' page.
CREATE TABLE report_schedule (
	id		TINYINT UNSIGNED NOT NULL PRIMARY KEY,
	weekday		TINYINT UNSIGNED NOT NULL DEFAULT 1,
	hour		TINYINT UNSIGNED NOT NULL DEFAULT 7,
	updated_by	BIGINT UNSIGNED NULL,
	updated_at	DATETIME NULL,
	CONSTRAINT report_schedule_one CHECK (id = 1),
	CONSTRAINT report_schedule_day CHECK (weekday BETWEEN 1 AND 7),
	CONSTRAINT report_schedule_hour CHECK (hour <= 23),
	CONSTRAINT report_schedule_user_fk FOREIGN KEY (updated_by)
	    REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
INSERT INTO report_schedule (id, weekday, hour) VALUES (1, 1, 7);

-- Each weekly summary sent, by the site's date of its scheduled day: the
-- primary key is what makes two runners at once send it only once.
CREATE TABLE report_weekly (
	slot		DATE NOT NULL PRIMARY KEY,
	sent_at		DATETIME NOT NULL,
	admins		INT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The job used to wait seven days from its last run; it is now checked
-- at every run and sends on its slot.
UPDATE jobs SET next_run = NULL WHERE name = 'reports.weekly';
