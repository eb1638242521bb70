-- Panels (ticket types) and the server settings of the dashboard's Settings page. Flags are
-- INTEGER 0/1: the Any driver cannot read SQLite BOOLEAN columns. Keep in step with
-- sqlite/0003_panels_and_settings.sql.

-- The defaults here must equal GuildSettings::defaults in settings.rs.
ALTER TABLE guild_settings ADD COLUMN allow_users_close INTEGER  NOT NULL DEFAULT 1 CHECK (allow_users_close IN (0, 1));
ALTER TABLE guild_settings ADD COLUMN close_confirmation INTEGER  NOT NULL DEFAULT 1 CHECK (close_confirmation IN (0, 1));
ALTER TABLE guild_settings ADD COLUMN feedback_enabled INTEGER  NOT NULL DEFAULT 1 CHECK (feedback_enabled IN (0, 1));
ALTER TABLE guild_settings ADD COLUMN hide_claim_button INTEGER  NOT NULL DEFAULT 0 CHECK (hide_claim_button IN (0, 1));
ALTER TABLE guild_settings ADD COLUMN store_transcripts INTEGER  NOT NULL DEFAULT 1 CHECK (store_transcripts IN (0, 1));
ALTER TABLE guild_settings ADD COLUMN overflow_category_id BIGINT;
ALTER TABLE guild_settings ADD COLUMN transcripts_channel_id BIGINT;
ALTER TABLE guild_settings ADD COLUMN naming_scheme TEXT NOT NULL DEFAULT 'number';
-- NULL: the catalog's welcome text in the ticket's language.
ALTER TABLE guild_settings ADD COLUMN welcome_message TEXT;
ALTER TABLE guild_settings ADD COLUMN open_command_enabled INTEGER  NOT NULL DEFAULT 1 CHECK (open_command_enabled IN (0, 1));
-- NULL: the server's category, naming scheme and welcome message.
ALTER TABLE guild_settings ADD COLUMN open_command_category_id BIGINT;
ALTER TABLE guild_settings ADD COLUMN open_command_naming_scheme TEXT;
ALTER TABLE guild_settings ADD COLUMN open_command_welcome_message TEXT;
ALTER TABLE guild_settings ADD COLUMN perm_attach_files INTEGER  NOT NULL DEFAULT 1 CHECK (perm_attach_files IN (0, 1));
ALTER TABLE guild_settings ADD COLUMN perm_embed_links INTEGER  NOT NULL DEFAULT 1 CHECK (perm_embed_links IN (0, 1));
ALTER TABLE guild_settings ADD COLUMN perm_add_reactions INTEGER  NOT NULL DEFAULT 1 CHECK (perm_add_reactions IN (0, 1));

CREATE TABLE panels (
    panel_id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id        BIGINT  NOT NULL,
    title           TEXT    NOT NULL,
    content         TEXT    NOT NULL,
    colour          BIGINT  NOT NULL,
    channel_id      BIGINT  NOT NULL,
    -- NULL while the message is not posted, or after someone deleted it in Discord.
    message_id      BIGINT,
    category_id     BIGINT,
    button_style    TEXT    NOT NULL,
    button_label    TEXT,
    emoji           TEXT,
    welcome_message TEXT,
    -- NULL: the server's naming scheme.
    naming_scheme   TEXT,
    mention_on_open TEXT    NOT NULL DEFAULT '',
    large_image_url TEXT,
    small_image_url TEXT,
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);
CREATE INDEX panels_guild_idx ON panels (guild_id, panel_id);
CREATE INDEX panels_message_idx ON panels (message_id) WHERE message_id IS NOT NULL;

-- Which panel a ticket was opened from; no foreign key, so deleting a panel keeps the history.
ALTER TABLE tickets ADD COLUMN panel_id BIGINT;
