-- The file store attaches files to any item of any module: a type (the
-- module's word: "project", "invoice", "case") and the item's id.  The
-- hub's documents are attached to their project; project_id stays as
-- their index and is empty for files of other items.
ALTER TABLE files
	MODIFY project_id BIGINT UNSIGNED NULL,
	ADD COLUMN item_type VARCHAR(32) CHARACTER SET ascii NOT NULL
	    DEFAULT 'project' AFTER project_id,
	ADD COLUMN item_id BIGINT UNSIGNED NOT NULL DEFAULT 0 AFTER item_type,
	ADD KEY files_item (item_type, item_id, visible);

UPDATE files SET item_id = project_id WHERE item_type = 'project';
