-- Which process holds a leased job (its lease id, see process_leases), so that a job held by a
-- process known to be gone is released at once instead of when its lock runs out. NULL for a
-- job nobody holds, and for jobs leased before this column existed (their lock runs out as
-- before). Keep in step with sqlite/0017_job_holders.sql.
ALTER TABLE jobs ADD COLUMN held_by TEXT;
CREATE INDEX jobs_held_by_idx ON jobs (held_by) WHERE held_by IS NOT NULL;
