-- What the messages of a ticket tell: when a person last wrote, when its opener and its staff
-- last wrote, the first staff answer (once, with its delay from the opening) and, at close, how
-- long the ticket took. Timers (autoclose, awaiting response) and statistics read these instead
-- of the messages. Keep in step with sqlite/0019_message_activity.sql.
ALTER TABLE tickets ADD COLUMN last_message_at BIGINT;
ALTER TABLE tickets ADD COLUMN opener_last_message_at BIGINT;
ALTER TABLE tickets ADD COLUMN staff_last_message_at BIGINT;
ALTER TABLE tickets ADD COLUMN first_response_at BIGINT;
ALTER TABLE tickets ADD COLUMN first_response_ms BIGINT;
ALTER TABLE tickets ADD COLUMN resolution_ms BIGINT;

-- Response times of a period (the last 7 or 30 days) are a range of this index; the all-time
-- median is read by position in the second.
CREATE INDEX tickets_first_response_at ON tickets (guild_id, first_response_at)
    WHERE first_response_at IS NOT NULL;
CREATE INDEX tickets_first_response_ms ON tickets (guild_id, first_response_ms)
    WHERE first_response_ms IS NOT NULL;
