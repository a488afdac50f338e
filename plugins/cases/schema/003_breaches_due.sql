-- The health factor "sla_breaches" reads breaches by the moment the
-- target passed (due_at ranges, one per period) and joins each to its
-- case: an index on (due_at, case_id) answers it without the table.
ALTER TABLE case_breaches ADD KEY case_breaches_due (due_at, case_id);
