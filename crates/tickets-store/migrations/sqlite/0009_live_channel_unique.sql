-- A channel belongs to one live ticket at most; closed tickets keep their channel id as history
-- and must not stop a later ticket from getting the same id (Discord never reuses ids, but a
-- restarted simulator does). The index keeps its name, which errors map to `channel_id`.
DROP INDEX tickets_channel_id_key;
CREATE UNIQUE INDEX tickets_channel_id_key ON tickets (channel_id)
    WHERE channel_id IS NOT NULL AND status IN ('opening', 'open');
