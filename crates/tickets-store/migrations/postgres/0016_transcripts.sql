-- Transcripts: one row per closed ticket whose messages were captured and stored (sealed, in the
-- object store; nothing of the messages is kept here). The row is written after the object, so a
-- row always has its object. Keep in step with sqlite/0016_transcripts.sql.
CREATE TABLE transcripts (
    guild_id           BIGINT  NOT NULL,
    ticket_number      BIGINT  NOT NULL,
    stored_at          BIGINT  NOT NULL,
    message_count      BIGINT  NOT NULL,
    size_bytes         BIGINT  NOT NULL,
    attachments_stored BIGINT  NOT NULL,
    content_intent     INTEGER NOT NULL CHECK (content_intent IN (0, 1)),
    PRIMARY KEY (guild_id, ticket_number)
);
CREATE INDEX transcripts_stored_idx ON transcripts (guild_id, stored_at);
