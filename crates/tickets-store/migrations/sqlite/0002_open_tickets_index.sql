-- Open tickets of a guild, for reconciling them with the channels Discord reports on
-- GUILD_CREATE: its cost follows the open tickets, not every ticket ever stored.
CREATE INDEX tickets_open_idx ON tickets (guild_id, number) WHERE status = 'open';
