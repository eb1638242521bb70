-- Exactly once: interactions already received, and the processes that may still be opening
-- tickets. Keep in step with postgres/0015_exactly_once.sql.

-- One row per interaction id, written before the interaction runs, so that a redelivery over the
-- gateway or a replay of a signed request is recognised and never executed again. `answer` is the
-- first answer (JSON) when it went back in an HTTP response body, so a replay gets the same one.
-- Rows are kept well past the 300-second signature window, then purged by the maintenance loop.
CREATE TABLE interaction_receipts (
    interaction_id INTEGER NOT NULL PRIMARY KEY,
    received_at    INTEGER NOT NULL,
    answer         TEXT
);
CREATE INDEX interaction_receipts_received_idx ON interaction_receipts (received_at);

-- One row per running process, renewed while it lives. `machine` and `local_process` let another
-- process on the same machine tell at once that this one is gone (NULL where that is unknown);
-- otherwise the lease simply runs out at `expires_at`.
CREATE TABLE process_leases (
    process_id    TEXT    NOT NULL PRIMARY KEY,
    machine       TEXT,
    local_process TEXT,
    started_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
);

-- The process that is opening the ticket; NULL for rows written before this migration.
ALTER TABLE tickets ADD COLUMN process_id TEXT;
