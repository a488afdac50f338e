-- The approvals a decision records: one row per approver, with when they
-- approved and what they said.  A comment is data drawn as quoted text,
-- never part of the decision's Markdown detail, so it cannot pass for
-- another line of the log ("- Someone approved on ...").

CREATE TABLE decision_approvers (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	decision_id	BIGINT UNSIGNED NOT NULL,
	position	INT NOT NULL,
	name		VARCHAR(200) NOT NULL,
	approved_at	DATETIME NULL,
	comment		TEXT NULL,
	KEY decision_approvers_decision (decision_id, position),
	CONSTRAINT decision_approvers_decision_fk FOREIGN KEY (decision_id)
	    REFERENCES decisions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Decisions recorded before: their approvers from the approval's answers,
-- and a detail without the comments that were pasted into it.
INSERT INTO decision_approvers (decision_id, position, name, approved_at,
    comment)
SELECT d.id, s.position, LEFT(u.name, 200), s.answered_at, s.comment
FROM decisions d JOIN approval_steps s ON s.approval_id = d.approval_id
JOIN users u ON u.id = s.user_id WHERE s.answer = 'approved';

UPDATE decisions d JOIN approvals a ON a.id = d.approval_id
SET d.detail = CONCAT('Approved in full (', IF(a.mode = 'parallel',
    'all approvers at once', 'approvers in sequence'), ').');
