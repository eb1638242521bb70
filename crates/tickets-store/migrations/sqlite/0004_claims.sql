-- Claiming: the staff member who took a ticket, and when. Keep in step with postgres/0004_claims.sql.
ALTER TABLE tickets ADD COLUMN claimed_by INTEGER;
ALTER TABLE tickets ADD COLUMN claimed_at INTEGER;
