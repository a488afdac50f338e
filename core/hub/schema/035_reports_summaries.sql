-- The reports area without passes over every row (docs/reports.md).
--
-- Contacts' sign-ins per day, contact and client, kept by a trigger on
-- the activity log (append-only: rows are never updated or deleted), so
-- every writer is counted: the sign-in itself, imports, demo data.  The
-- sign-ins panel reads a period's days here instead of every sign-in.
-- The table is filled from the log and the trigger made while the log is
-- locked, so a sign-in written meanwhile is counted once.
CREATE TABLE report_signin_days (
	day		DATE NOT NULL,
	client_id	BIGINT UNSIGNED NOT NULL,
	user_id		BIGINT UNSIGNED NOT NULL,	-- 0: none recorded
	n		INT UNSIGNED NOT NULL,
	PRIMARY KEY (day, client_id, user_id),
	KEY report_signin_days_client (client_id, day)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

LOCK TABLES activity WRITE, report_signin_days WRITE;
CREATE TRIGGER report_signin_day AFTER INSERT ON activity FOR EACH ROW
	INSERT INTO report_signin_days (day, client_id, user_id, n)
	    SELECT DATE(NEW.at), NEW.client_id, COALESCE(NEW.user_id, 0), 1
	    FROM DUAL WHERE NEW.action = 'login' AND NEW.client_id > 0
	    ON DUPLICATE KEY UPDATE n = n + 1;
INSERT INTO report_signin_days (day, client_id, user_id, n)
	SELECT DATE(at), client_id, COALESCE(user_id, 0), COUNT(*)
	FROM activity WHERE action = 'login' AND client_id > 0
	GROUP BY DATE(at), client_id, COALESCE(user_id, 0);
UNLOCK TABLES;

-- Milestones of active projects by client, date due and day reached
-- ('9999-12-31' while open), kept by triggers on milestones and projects
-- so that no writer can make it drift: the hub's forms, the cases
-- plugin moving dates, imports and demo data alike.  A project's
-- milestones go when it leaves "active" (and come back with it) or is
-- deleted (its milestones go by the foreign key's cascade, which fires
-- no trigger, so the project's own trigger takes them out first).  The
-- health factor "overdue milestones" sums these rows for each period's
-- day instead of reading every open milestone (reports_hub.c).
CREATE TABLE report_milestone_days (
	client_id	BIGINT UNSIGNED NOT NULL,
	due_on		DATE NOT NULL,
	done_on		DATE NOT NULL,
	n		INT NOT NULL,
	PRIMARY KEY (done_on, due_on, client_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

LOCK TABLES milestones WRITE, projects WRITE,
	report_milestone_days WRITE;
CREATE TRIGGER report_ms_ins AFTER INSERT ON milestones FOR EACH ROW
	INSERT INTO report_milestone_days (client_id, due_on, done_on, n)
	    SELECT NEW.client_id, NEW.due_on, COALESCE(DATE(NEW.done_at),
	    '9999-12-31'), 1 FROM projects p WHERE p.id = NEW.project_id AND
	    p.status = 'active' ON DUPLICATE KEY UPDATE n = n + 1;
CREATE TRIGGER report_ms_upd AFTER UPDATE ON milestones FOR EACH ROW
	IF NOT (OLD.client_id <=> NEW.client_id AND OLD.project_id <=>
	    NEW.project_id AND OLD.due_on <=> NEW.due_on AND
	    DATE(OLD.done_at) <=> DATE(NEW.done_at)) THEN
		UPDATE report_milestone_days d JOIN projects p ON p.id =
		    OLD.project_id AND p.status = 'active' SET d.n = d.n - 1
		    WHERE d.client_id = OLD.client_id AND d.due_on =
		    OLD.due_on AND d.done_on = COALESCE(DATE(OLD.done_at),
		    '9999-12-31');
		INSERT INTO report_milestone_days (client_id, due_on, done_on,
		    n) SELECT NEW.client_id, NEW.due_on,
		    COALESCE(DATE(NEW.done_at), '9999-12-31'), 1 FROM projects
		    p WHERE p.id = NEW.project_id AND p.status = 'active'
		    ON DUPLICATE KEY UPDATE n = n + 1;
	END IF;
CREATE TRIGGER report_ms_del AFTER DELETE ON milestones FOR EACH ROW
	UPDATE report_milestone_days d JOIN projects p ON p.id =
	    OLD.project_id AND p.status = 'active' SET d.n = d.n - 1 WHERE
	    d.client_id = OLD.client_id AND d.due_on = OLD.due_on AND
	    d.done_on = COALESCE(DATE(OLD.done_at), '9999-12-31');
CREATE TRIGGER report_ms_project_upd AFTER UPDATE ON projects FOR EACH ROW
	IF (OLD.status = 'active') <> (NEW.status = 'active') THEN
		IF NEW.status = 'active' THEN
			INSERT INTO report_milestone_days (client_id, due_on,
			    done_on, n) SELECT client_id, due_on,
			    COALESCE(DATE(done_at), '9999-12-31') AS d,
			    COUNT(*) AS c FROM milestones WHERE project_id =
			    NEW.id GROUP BY client_id, due_on, d
			    ON DUPLICATE KEY UPDATE n = n + VALUES(n);
		ELSE
			UPDATE report_milestone_days d JOIN (SELECT client_id,
			    due_on, COALESCE(DATE(done_at), '9999-12-31') AS
			    done_on, COUNT(*) AS c FROM milestones WHERE
			    project_id = NEW.id GROUP BY client_id, due_on,
			    done_on) m ON m.client_id = d.client_id AND
			    m.due_on = d.due_on AND m.done_on = d.done_on
			    SET d.n = d.n - m.c;
		END IF;
	END IF;
CREATE TRIGGER report_ms_project_del BEFORE DELETE ON projects FOR EACH ROW
	UPDATE report_milestone_days d JOIN (SELECT client_id, due_on,
	    COALESCE(DATE(done_at), '9999-12-31') AS done_on, COUNT(*) AS c
	    FROM milestones WHERE project_id = OLD.id AND OLD.status =
	    'active' GROUP BY client_id, due_on, done_on) m ON m.client_id =
	    d.client_id AND m.due_on = d.due_on AND m.done_on = d.done_on
	    SET d.n = d.n - m.c;
INSERT INTO report_milestone_days (client_id, due_on, done_on, n)
	SELECT milestones.client_id, milestones.due_on,
	COALESCE(DATE(milestones.done_at), '9999-12-31') AS d, COUNT(*)
	FROM milestones JOIN projects ON projects.id = milestones.project_id
	AND projects.status = 'active'
	GROUP BY milestones.client_id, milestones.due_on, d;
UNLOCK TABLES;

-- The panel "Open and overdue items": open tasks and milestones on a
-- day, and overdue ones, counted from these indexes alone; the workload
-- column "Tasks due": each person's open tasks due by a day.
ALTER TABLE tasks ADD KEY tasks_open_created (status, created_at, client_id),
	ADD KEY tasks_open_due (status, due_on, client_id),
	ADD KEY tasks_owner_open (owner_id, status, due_on, client_id);
ALTER TABLE milestones ADD KEY milestones_open_created (done_at, created_at,
	client_id);
