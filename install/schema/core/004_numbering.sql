-- Gapless numbering (core/numbering/numbering.c): one row per named
-- sequence of the site.  Allocating a number locks the row until the
-- caller's transaction ends, so a rolled back document gives its number
-- back.  period is the year last numbered in; last the last number given.
CREATE TABLE number_sequences (
	name		VARCHAR(64) NOT NULL PRIMARY KEY,
	pattern		VARCHAR(64) NOT NULL,
	yearly		TINYINT(1) NOT NULL DEFAULT 0,
	period		SMALLINT UNSIGNED NOT NULL DEFAULT 0,
	last		BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
