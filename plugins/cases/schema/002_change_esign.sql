-- Estimates approved through the e-signature service: the request waits
-- on its envelope (status 'signing') until the signature completes; the
-- sealed PDF's core file is kept.
ALTER TABLE change_requests
    MODIFY status ENUM('submitted','review','estimated','signing',
	'approved','rejected','scheduled','done') NOT NULL DEFAULT 'submitted',
    ADD COLUMN envelope_id BIGINT NULL AFTER contract_id,
    ADD COLUMN sealed_file_id BIGINT NULL AFTER envelope_id;
