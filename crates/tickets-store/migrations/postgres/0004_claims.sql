-- Claiming: the staff member who took a ticket, and when. Keep in step with sqlite/0004_claims.sql.
ALTER TABLE tickets ADD COLUMN claimed_by BIGINT;
ALTER TABLE tickets ADD COLUMN claimed_at BIGINT;
