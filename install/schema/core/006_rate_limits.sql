-- Per-route rate limits (core/http/ratelimit.c): one row per route,
-- client address ('' for all addresses together) and fixed window, bumped
-- atomically by every worker.  Rows of ended windows are deleted as new
-- windows begin.
CREATE TABLE rate_hits (
	route		VARCHAR(190) NOT NULL,
	addr		VARCHAR(64) NOT NULL,
	win		BIGINT NOT NULL,
	hits		INT UNSIGNED NOT NULL,
	expires		BIGINT NOT NULL,
	PRIMARY KEY (route, addr, win),
	KEY rate_hits_expires (expires)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
